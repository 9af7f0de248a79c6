//! Writing the site: HTML minification and the atomic swap of the output folder.
//!
//! Everything is written to a staging folder next to the output; only when every file is
//! written does the staging folder replace the output. A failed build never leaves a
//! half-written site, and readers of the old site see it whole until the swap.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::menu::PageMenu;
use crate::timings::{measure, measure_page, Stage};

/// One file of the finished site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/`.
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone)]
pub enum Contents {
    /// A rendered page, minified as it is written (so `check`, which writes nothing, never
    /// pays for minification).
    Html(String),
    Bytes(Vec<u8>),
    /// Copied from this file as it is (images next to the pages).
    CopyOf(PathBuf),
    /// A page rendered once for all of its revision's trees (`/<rev>/` and the root copy),
    /// with [`crate::html::REV_ROOT`] where the tree's prefix goes; this file's prefix.
    Tree(Arc<TreePage>, Arc<str>),
    /// Already written into the build's [`Staging`] folder as it was rendered.
    Written,
}

/// A page shared by the trees of a revision: rendered once and minified once, then placed
/// under each tree's prefix (which only changes addresses, never what needs minifying).
#[derive(Debug)]
pub struct TreePage {
    /// Source path or key of the page, for `--timings`.
    pub name: String,
    pub html: Vec<u8>,
    /// The page's menu, put in after minifying ([`crate::menu`]).
    pub menu: Option<PageMenu>,
    /// The page's own content, put in after minifying, as it is ([`crate::prose`]).
    pub content: Option<String>,
    minified: OnceLock<Vec<u8>>,
}

impl TreePage {
    pub fn new(
        name: String,
        html: Vec<u8>,
        menu: Option<PageMenu>,
        content: Option<String>,
    ) -> Arc<Self> {
        Arc::new(TreePage {
            name,
            html,
            menu,
            content,
            minified: OnceLock::new(),
        })
    }

    /// Everything the placed page is made of: `serve` compares it to tell whether a page
    /// changed.
    pub fn identity(&self) -> Vec<u8> {
        let mut identity = self.html.clone();
        if let Some(menu) = &self.menu {
            identity.push(0);
            identity.extend_from_slice(&menu.identity());
        }
        if let Some(content) = &self.content {
            identity.push(0);
            identity.extend_from_slice(content.as_bytes());
        }
        identity
    }

    /// The minified page, still with the prefix marker; minified on first use only.
    pub fn minified_bytes(&self) -> &[u8] {
        self.minified.get_or_init(|| {
            measure_page(Stage::Minify, &self.name, || {
                let page = minify_bytes(&self.html);
                let page = match &self.menu {
                    Some(menu) => menu.splice(&page),
                    None => page,
                };
                match &self.content {
                    Some(content) => crate::prose::splice(&page, content.as_bytes()),
                    None => page,
                }
            })
        })
    }

    /// The minified page under `prefix`.
    pub fn placed(&self, prefix: &str) -> Vec<u8> {
        crate::html::place_bytes(self.minified_bytes(), prefix)
    }
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes),
        }
    }

    pub fn html(path: impl Into<String>, html: String) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Html(html),
        }
    }
}

/// Minifies a rendered page. Keeps what assistive technology and strict parsers rely on.
/// Pages carry no inline CSS or JS (the CSP forbids it), so those minifiers stay off.
pub fn minify(html: &str) -> Vec<u8> {
    minify_bytes(html.as_bytes())
}

/// [`minify`] for a page rendered as bytes ([`crate::render::Theme::render_page`]). The
/// page's shared parts ([`crate::fragments`]) go in after, each minified once.
pub fn minify_bytes(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    let page = minify_html::minify(html, &cfg);
    crate::fragments::splice(page, minify)
}

/// Refuses output folders whose replacement would destroy the sources.
pub fn check_out_dir(out_dir: &Path, root: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out = absolute(out_dir);
    let root = absolute(root);
    if root.starts_with(&out) || out.join("site.toml").exists() || out.join("content").is_dir() {
        return Err(Diagnostic::global(format!(
            "refusing to replace {}: it holds the site's sources",
            out_dir.display()
        ))
        .with_hint("an output folder of its own, like `public/`"));
    }
    Ok(())
}

/// Writes `files` into a staging folder, then swaps it in place of `out_dir`.
pub fn write_atomically(out_dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::new(out_dir)?;
    staging.write_all(files)?;
    staging.swap()
}

/// The folder a build writes into, next to the output, swapped in place of the output only
/// when everything is written. Pages can be written into it while the rest of the site is
/// still rendering ([`Staging::write_file`]), so a build never holds every page in memory.
/// Dropped without [`Staging::swap`] (a failed build), it puts back what it took over from the
/// output ([`Staging::adopt`]) and removes itself.
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Paths moved in from the output, to move back if the build fails before the swap.
    adopted: Vec<String>,
    finished: bool,
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::global(format!("cannot {what} {}: {e}", path.display()))
}

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Staging, Diagnostic> {
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = out_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error("remove", &dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            dir,
            old,
            adopted: Vec::new(),
            finished: false,
        })
    }

    /// The staging folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file now (its folders made as needed), for [`Contents::Written`]. A page
    /// has a folder of its own (`plan/mal/index.html`), so the folder is made first: trying
    /// the file first would fail once per page (a failed `open` costs as much as a `mkdir` on
    /// a slow disk).
    pub fn write_file(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.dir.join(path);
        measure(Stage::Write, || {
            if let Some(folder) = target.parent() {
                match std::fs::create_dir(folder) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        std::fs::create_dir_all(folder)?
                    }
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
                    _ => {}
                }
            }
            std::fs::write(&target, bytes)
        })
        .map_err(|e| io_error("write", &target, e))
    }

    /// Writes the files not written yet (everything but [`Contents::Written`]).
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        write_all(&self.dir, files)
    }

    /// Moves `paths` (folders or files) from the current output into the staging folder, as
    /// they are: the files of revisions kept from the last build. Until the swap, a failure
    /// anywhere moves them back, so the old output stays whole.
    pub fn adopt(&mut self, paths: &[String]) -> Result<(), Diagnostic> {
        for path in paths {
            let source = self.out_dir.join(path);
            let target = self.dir.join(path);
            target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| std::fs::rename(&source, &target))
                .map_err(|e| io_error("move into the new output", &source, e))?;
            self.adopted.push(path.clone());
        }
        Ok(())
    }

    /// Puts the staging folder in place of the output, and removes the old output.
    pub fn swap(mut self) -> Result<(), Diagnostic> {
        let out_dir = self.out_dir.clone();
        if out_dir.exists() {
            if !out_dir.is_dir() {
                return Err(Diagnostic::global(format!(
                    "{} exists and is not a folder",
                    out_dir.display()
                )));
            }
            std::fs::rename(&out_dir, &self.old).map_err(|e| io_error("move away", &out_dir, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &out_dir) {
            let _ = std::fs::rename(&self.old, &out_dir);
            return Err(io_error("move into place", &out_dir, e));
        }
        self.finished = true;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(|e| io_error("remove", &self.old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        for path in self.adopted.iter().rev() {
            let _ = std::fs::rename(self.dir.join(path), self.out_dir.join(path));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    measure(Stage::Write, || create_folders(dir, files))?;
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        let fail =
            |e: std::io::Error| Diagnostic::global(format!("cannot write {}: {e}", path.display()));
        let write = |bytes: &[u8]| measure(Stage::Write, || std::fs::write(&path, bytes));
        let written = match &file.contents {
            Contents::Html(html) => {
                write(&measure_page(Stage::Minify, &file.path, || minify(html)))
            }
            Contents::Tree(page, prefix) => write(&page.placed(prefix)),
            Contents::Bytes(bytes) => write(bytes),
            Contents::CopyOf(source) => {
                measure(Stage::Write, || std::fs::copy(source, &path).map(|_| ()))
            }
            Contents::Written => Ok(()),
        };
        written.map_err(fail)
    })
}

/// Makes every folder the files go in, each once, parents first: one `mkdir` per folder
/// instead of one `create_dir_all` per file (on a slow disk, a third of the writing time).
fn create_folders(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let mut folders = std::collections::BTreeSet::new();
    for file in files
        .iter()
        .filter(|f| !matches!(f.contents, Contents::Written))
    {
        let mut path = file.path.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !folders.insert(parent) {
                break;
            }
            path = parent;
        }
    }
    // In sorted order a folder comes after its parent (`a` < `a/b`).
    for folder in folders {
        let path = dir.join(folder);
        if let Err(e) = std::fs::create_dir(&path) {
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                return Err(Diagnostic::global(format!(
                    "cannot create {}: {e}",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_old_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("gammal")).unwrap();
        std::fs::write(out.join("gammal/index.html"), "old").unwrap();
        let files = vec![OutputFile::bytes("ny/index.html", b"new".to_vec())];
        write_atomically(&out, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("ny/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("gammal").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folders left behind");
    }

    #[test]
    fn adopted_paths_come_along_in_the_swap_and_go_back_when_a_build_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("2019-2022")).unwrap();
        std::fs::write(out.join("2019-2022/index.html"), "kept").unwrap();
        std::fs::write(out.join("index.html"), "old start").unwrap();

        // A failure after adopting (here: a path that is not there) puts everything back.
        let mut failing = Staging::new(&out).unwrap();
        failing.adopt(&["2019-2022".to_string()]).unwrap();
        assert!(failing.adopt(&["finns-inte".to_string()]).is_err());
        drop(failing);
        assert_eq!(
            std::fs::read_to_string(out.join("2019-2022/index.html")).unwrap(),
            "kept"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

        let mut staging = Staging::new(&out).unwrap();
        staging
            .write_all(&[OutputFile::bytes("index.html", b"new start".to_vec())])
            .unwrap();
        staging.adopt(&["2019-2022".to_string()]).unwrap();
        staging.swap().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("2019-2022/index.html")).unwrap(),
            "kept"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new start"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_overwrite_the_sources() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "").unwrap();
        assert!(check_out_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_out_dir(&tmp.path().join("public"), tmp.path()).is_ok());
    }

    #[test]
    fn minify_keeps_content() {
        let html = "<!doctype html><html lang=sv><head><title>x</title></head><body>\n  <p>Hej   då</p>\n</body></html>";
        let out = String::from_utf8(minify(html)).unwrap();
        assert!(out.contains("<p>Hej då</p>"), "{out}");
        assert!(out.len() < html.len());
    }
}
