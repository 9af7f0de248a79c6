//! Paths as the user and the output see them.

use std::path::{Path, PathBuf};

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
}
