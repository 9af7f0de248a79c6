//! The site's files as rendering leaves them: bytes, files to copy, and pages that are
//! minified only when written (so `check`, which writes nothing, never pays for it), with their
//! parts put in after minifying ([`crate::render::splice`]).

use std::sync::{Arc, OnceLock};

use crate::model::timings::{measure_page, Stage};
use crate::render::splice::{splice_all, Insert};

/// One file of the finished site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/`.
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone)]
pub enum Contents {
    /// A rendered page in one place (the 404 page, a redirect).
    Html(Arc<TreePage>),
    Bytes(Vec<u8>),
    /// A source file as `load` read it, published as it is (images next to the pages).
    Source(Arc<[u8]>),
    /// A page rendered once for all of its revision's trees (`/<rev>/` and the root copy),
    /// with [`crate::markdown::html::REV_ROOT`] where the tree's prefix goes; this file's prefix.
    Tree(Arc<TreePage>, Arc<str>),
    /// Handed to the build's [`crate::render::sink::Sink`] as it was rendered (written to
    /// disk, or let go by `check`): only its path is kept.
    Written,
}

/// A rendered page: minified once, on first use, then placed under each tree's prefix (which
/// only changes addresses, never what needs minifying).
#[derive(Debug)]
pub struct TreePage {
    /// Source path or key of the page, for `--timings`.
    pub name: String,
    pub html: Vec<u8>,
    /// What goes in after minifying: the shared parts, the menu, the page's prose.
    pub inserts: Vec<Arc<dyn Insert>>,
    minified: OnceLock<Vec<u8>>,
}

impl TreePage {
    pub fn new(name: String, html: Vec<u8>, inserts: Vec<Arc<dyn Insert>>) -> Arc<Self> {
        Arc::new(TreePage {
            name,
            html,
            inserts,
            minified: OnceLock::new(),
        })
    }

    /// Everything the placed page is made of: `serve` compares it to tell whether a page
    /// changed.
    pub fn identity(&self) -> Vec<u8> {
        let mut identity = self.html.clone();
        for insert in &self.inserts {
            identity.push(0);
            identity.extend_from_slice(&insert.identity());
        }
        identity
    }

    /// The minified page, still with the prefix marker; minified on first use only.
    pub fn minified_bytes(&self) -> &[u8] {
        self.minified.get_or_init(|| {
            measure_page(Stage::Minify, &self.name, || {
                splice_all(minify_alone(&self.html), &self.inserts)
            })
        })
    }

    /// The minified page under `prefix`.
    pub fn placed(&self, prefix: &str) -> Vec<u8> {
        crate::markdown::html::place_bytes(self.minified_bytes(), prefix)
    }
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes),
        }
    }

    /// A page that has one place in the site.
    pub fn page(path: impl Into<String>, page: Arc<TreePage>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Html(page),
        }
    }
}

/// Minifies HTML as it is, placeholders and all. Keeps what assistive technology and strict
/// parsers rely on. Pages carry no inline CSS or JS (the CSP forbids it), so those minifiers
/// stay off.
pub fn minify_alone(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    minify_html::minify(html, &cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_content() {
        let html = "<!doctype html><html lang=sv><head><title>x</title></head><body>\n  <p>Hej   då</p>\n</body></html>";
        let out = String::from_utf8(minify_alone(html.as_bytes())).unwrap();
        assert!(out.contains("<p>Hej då</p>"), "{out}");
        assert!(out.len() < html.len());
    }
}
