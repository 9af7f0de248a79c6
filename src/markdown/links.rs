//! Internal links: `@/riktlinje/under.md#ring-112` → `/2023-2026/riktlinje/under/#ring-112`.
//!
//! Authors link by source path, so a link survives a change of URL scheme and can be checked:
//! the page must exist in the same revision and the anchor must be one of its heading ids.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::markdown::html::REV_ROOT;

pub use crate::model::routes::glossary::GLOSSARY_SOURCE;

/// Everything a link in one revision may point to.
#[derive(Debug, Default)]
pub struct LinkIndex {
    targets: HashMap<String, Target>,
}

#[derive(Debug, Default)]
struct Target {
    url_path: String,
    anchors: HashSet<String>,
    /// The file failed to load: its anchors are unknown, so none are reported as missing.
    unchecked: bool,
    /// An internal page left out of this (public) build: links to it become plain text.
    withheld: bool,
}

/// Why a link cannot be resolved: the message and what was expected.
pub type LinkError = (String, String);

/// The scheme of an address that would run code or smuggle a document (`javascript:`,
/// `vbscript:`, `data:` other than an image), read the way browsers do: case-insensitively and
/// ignoring whitespace and control characters.
fn unsafe_scheme(dest: &str) -> Option<&'static str> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if cleaned.starts_with("javascript:") {
        Some("javascript:")
    } else if cleaned.starts_with("vbscript:") {
        Some("vbscript:")
    } else if cleaned.starts_with("data:") && !cleaned.starts_with("data:image/") {
        Some("data:")
    } else {
        None
    }
}

impl LinkIndex {
    /// Adds a page (or the glossary, or a file) reachable at `url_path` with these ids.
    pub fn add(
        &mut self,
        source_path: &str,
        url_path: &str,
        anchors: impl IntoIterator<Item = String>,
    ) {
        self.targets.insert(
            source_path.to_string(),
            Target {
                url_path: url_path.to_string(),
                anchors: anchors.into_iter().collect(),
                unchecked: false,
                withheld: false,
            },
        );
    }

    /// Adds a file that failed to load, so links to it do not pile more errors on the one
    /// already reported for it.
    pub fn add_unchecked(&mut self, source_path: &str) {
        self.targets.insert(
            source_path.to_string(),
            Target {
                unchecked: true,
                ..Target::default()
            },
        );
    }

    /// Adds an internal page that this build leaves out (no `--internal`): links to it are not
    /// errors, and become their text without a link, so nothing points at what is not there.
    pub fn add_withheld(&mut self, source_path: &str) {
        self.targets.insert(
            source_path.to_string(),
            Target {
                withheld: true,
                unchecked: true,
                ..Target::default()
            },
        );
    }

    /// Whether `dest` (`@/path#anchor`) points at a page this build leaves out.
    pub fn is_withheld(&self, dest: &str) -> bool {
        dest.strip_prefix("@/")
            .map(|rest| rest.split('#').next().unwrap_or(rest))
            .and_then(|path| self.targets.get(source_key(path).as_ref()))
            .is_some_and(|target| target.withheld)
    }

    /// The URL for `dest` as written in `current` (a source path), or `None` when `dest` is not
    /// an internal link (`https://…`, `mailto:`, a plain relative path) and stays as written.
    pub fn resolve(&self, dest: &str, current: &str) -> Option<Result<String, LinkError>> {
        if let Some(scheme) = unsafe_scheme(dest) {
            return Some(Err((
                format!("a `{scheme}` address can run code in the reader's browser"),
                "a web address (https://…), mailto:, tel:, or a page of the handbook (@/…)".into(),
            )));
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return Some(
                self.check_anchor(current, anchor)
                    .map(|()| dest.to_string()),
            );
        }
        let path_and_anchor = dest.strip_prefix("@/")?;
        let (path, anchor) = match path_and_anchor.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (path_and_anchor, None),
        };
        let key = source_key(path);
        let Some(target) = self.targets.get(key.as_ref()) else {
            return Some(Err((
                format!("link to `@/{path}`, but there is no such page in this revision"),
                self.suggest(&key),
            )));
        };
        let mut url = format!("{REV_ROOT}{}", target.url_path);
        if let Some(anchor) = anchor {
            if let Err(e) = self.check_anchor(&key, anchor) {
                return Some(Err(e));
            }
            url.push('#');
            url.push_str(anchor);
        }
        Some(Ok(url))
    }

    fn check_anchor(&self, path: &str, anchor: &str) -> Result<(), LinkError> {
        let Some(target) = self.targets.get(path) else {
            return Err((format!("no page `{path}`"), String::new()));
        };
        if target.unchecked || target.anchors.contains(anchor) {
            return Ok(());
        }
        let mut known: Vec<_> = target.anchors.iter().map(String::as_str).collect();
        known.sort_unstable();
        let hint = if known.is_empty() {
            format!("a link without `#…`: `{path}` has no headings")
        } else {
            format!("one of the ids in `{path}`: {}", known.join(", "))
        };
        Err((format!("`{path}` has no heading with id `{anchor}`"), hint))
    }

    fn suggest(&self, missing: &str) -> String {
        let file_name = missing.rsplit('/').next().unwrap_or(missing);
        let mut same_name: Vec<_> = self
            .targets
            .keys()
            .filter(|k| k.rsplit('/').next() == Some(file_name))
            .map(String::as_str)
            .collect();
        same_name.sort_unstable();
        match same_name.first() {
            Some(found) => format!("a path relative to the revision folder, e.g. `@/{found}`"),
            None => {
                "a path relative to the revision folder, like `@/plan/mal.md#rubrik`".to_string()
            }
        }
    }
}

/// The source path a link names, as the loader keys files: `%20` and `%C3%B6` decoded (some
/// editors write a space or `ö` that way in a link) and composed to NFC (a link typed on a Mac
/// may be decomposed). A `%` that does not start valid UTF-8 stays as written.
fn source_key(path: &str) -> Cow<'_, str> {
    let decoded = match path.contains('%') {
        true => percent_decode(path).map_or(Cow::Borrowed(path), Cow::Owned),
        false => Cow::Borrowed(path),
    };
    if decoded.is_ascii() {
        return decoded;
    }
    Cow::Owned(decoded.nfc().collect())
}

/// `None` when nothing was decoded or the bytes are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if bytes[i] == b'%' => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut index = LinkIndex::default();
        index.add(
            "riktlinje/under.md",
            "riktlinje/under/",
            ["ring-112".to_string()],
        );
        index.add("plan/mal.md", "plan/mal/", []);
        index
    }

    #[test]
    fn resolves_source_paths_and_anchors() {
        let index = index();
        let url = index.resolve("@/riktlinje/under.md#ring-112", "plan/mal.md");
        assert_eq!(
            url,
            Some(Ok(format!("{REV_ROOT}riktlinje/under/#ring-112")))
        );
        assert_eq!(index.resolve("https://polisen.se", "plan/mal.md"), None);
        for unsafe_link in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert!(
                index.resolve(unsafe_link, "plan/mal.md").unwrap().is_err(),
                "{unsafe_link}"
            );
        }
        assert_eq!(
            index.resolve("data:image/png;base64,AAAA", "plan/mal.md"),
            None
        );
    }

    #[test]
    fn broken_links_explain_themselves() {
        let index = index();
        let (message, hint) = index
            .resolve("@/under.md", "plan/mal.md")
            .unwrap()
            .unwrap_err();
        assert!(message.contains("no such page"));
        assert!(hint.contains("@/riktlinje/under.md"), "{hint}");
        let (message, hint) = index
            .resolve("@/riktlinje/under.md#ring-113", "plan/mal.md")
            .unwrap()
            .unwrap_err();
        assert!(message.contains("ring-113"));
        assert!(hint.contains("ring-112"));
        assert!(index.resolve("#nope", "plan/mal.md").unwrap().is_err());
    }

    #[test]
    fn links_name_files_the_way_staff_do() {
        let mut index = LinkIndex::default();
        index.add(
            "Möten och evenemang/_index.md",
            "moten-och-evenemang/",
            ["ring-112".to_string()],
        );
        let url = Some(Ok(format!("{REV_ROOT}moten-och-evenemang/#ring-112")));
        for written in [
            "@/Möten och evenemang/_index.md#ring-112",
            "@/M%C3%B6ten%20och%20evenemang/_index.md#ring-112",
            "@/Mo\u{308}ten och evenemang/_index.md#ring-112",
        ] {
            assert_eq!(index.resolve(written, "_index.md"), url, "{written}");
        }
        let (message, _) = index
            .resolve("@/Möten%20och/_index.md", "_index.md")
            .unwrap()
            .unwrap_err();
        assert!(message.contains("`@/Möten%20och/_index.md`"), "{message}");
    }

    #[test]
    fn percent_signs_that_are_not_escapes_stay() {
        assert_eq!(source_key("100%/a.md"), "100%/a.md");
        assert_eq!(source_key("a%2"), "a%2");
        assert_eq!(source_key("a%+5"), "a%+5");
        assert_eq!(source_key("%FF.md"), "%FF.md");
        assert_eq!(source_key("a%20b.md"), "a b.md");
    }
}
