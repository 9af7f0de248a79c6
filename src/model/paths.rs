//! Paths as the user and the output see them.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::model::diagnostic::Diagnostic;

/// The folder that holds `out` (`.` for a bare name): where a build puts its staging folder
/// and takes its lock.
pub fn parent_of(out: &Path) -> PathBuf {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// A path relative to the site root when possible, so messages stay short.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `base`, with `/` between parts on every platform (`plan/mal.md`): the form
/// used in links, template names and output paths.
pub fn slash_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// [`slash_path`] in Unicode NFC, the one name a source file goes by in links, addresses and
/// the seal. macOS stores names decomposed (`o` + a combining diaeresis for `ö`), Linux keeps
/// whatever it was given, and Markdown is typed composed: without one form, a link to
/// `förföljelse.md` or a seal made on Linux would fail on a Mac.
pub fn source_path(base: &Path, path: &Path) -> String {
    let path = slash_path(base, path);
    if unicode_normalization::is_nfc_quick(path.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return path;
    }
    path.nfc().collect()
}

/// Reads a source file as text; `shown` is its path as messages name it. A FIFO or device is
/// refused before it is opened (opening a FIFO blocks until someone writes to it, so the build
/// would hang); bytes that are not UTF-8 are reported at their line and column.
pub fn read_source(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let cannot = |why: String| Diagnostic::global(format!("cannot read {}: {why}", path.display()));
    if let Ok(metadata) = std::fs::metadata(path) {
        if !metadata.is_file() && !metadata.is_dir() {
            return Err(cannot("not a regular file".to_string()));
        }
    }
    let bytes = std::fs::read(path).map_err(|e| cannot(e.to_string()))?;
    source_text(bytes, shown)
}

/// A source file's bytes, already read, as text: bytes that are not UTF-8 are reported at
/// their line and column, as [`read_source`] reports them.
pub fn source_text(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        Diagnostic::at_offset(shown, &text, valid, "the file is not valid UTF-8 text")
            .with_hint("the file saved as UTF-8 (most editors offer it under Save as or Encoding)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let root = Path::new("/site");
        assert_eq!(
            display_path(root, Path::new("/site/content/a.md")),
            Path::new("content/a.md")
        );
        assert_eq!(
            display_path(root, Path::new("/other/a.md")),
            Path::new("/other/a.md")
        );
        assert_eq!(
            slash_path(
                Path::new("/site/content"),
                Path::new("/site/content/plan/mal.md")
            ),
            "plan/mal.md"
        );
    }

    #[test]
    fn source_paths_are_composed() {
        let base = Path::new("/site/content");
        let decomposed = base.join("riktlinje/fo\u{308}rfo\u{308}ljelse.md");
        assert_eq!(source_path(base, &decomposed), "riktlinje/förföljelse.md");
        assert_eq!(source_path(base, &base.join("plan/mal.md")), "plan/mal.md");
    }
}
