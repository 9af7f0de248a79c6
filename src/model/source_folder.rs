//! Reading a source folder (a revision, a theme) once: every file walked as the loader walks
//! ([`SiteFence::files`]), read on every core and hashed as it is read. The loader parses
//! pages from these bytes, the seal is computed and checked from them, and the build caches
//! take the folder's key from them, so one build reads each file once and its keys say what
//! it actually read, even when a file changes on disk during the build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::diagnostic::Diagnostic;
use crate::model::hash::Key;
use crate::model::paths::slash_path;
use crate::model::walk::{Hidden, SiteFence};

/// One file of the folder as it was read.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    /// As walked (through links), for messages and for files used by path later (assets).
    pub path: PathBuf,
    /// Relative to the folder, with `/` (not normalised: the folder key has always used it).
    pub rel_path: String,
    /// Some name below the folder starts with `.`: the loader and the seal leave it out.
    pub hidden: bool,
    /// The bytes read, or why they could not be read.
    pub bytes: Result<Arc<[u8]>, String>,
    /// SHA-256 of the bytes (of nothing when unreadable, as the folder key has always had it).
    pub sha256: Key,
}

impl SourceEntry {
    /// The "cannot read" diagnostic a failed read gives, worded as [`crate::model::paths::read_source`].
    pub fn bytes_or_problem(&self) -> Result<&Arc<[u8]>, Diagnostic> {
        self.bytes.as_ref().map_err(|why| {
            Diagnostic::global(format!("cannot read {}: {why}", self.path.display()))
        })
    }
}

/// A folder read once: every file in walk order, hidden ones included.
#[derive(Debug, Clone)]
pub struct SourceFolder {
    pub dir: PathBuf,
    pub files: Vec<SourceEntry>,
    /// Links the walk refused and folders it could not enter, at their paths, in walk order.
    problems: Vec<(PathBuf, Diagnostic)>,
}

impl SourceFolder {
    /// Walks `dir` inside the site and reads every file in it.
    pub fn read(fence: &SiteFence, dir: &Path) -> SourceFolder {
        SourceFolder::read_given(fence, dir, &HashMap::new())
    }

    /// [`SourceFolder::read`], taking the bytes of files already read (by path as walked,
    /// e.g. `revision.yaml`, read first to know whether the revision is built) instead of
    /// reading them again.
    pub fn read_given(
        fence: &SiteFence,
        dir: &Path,
        given: &HashMap<PathBuf, Arc<[u8]>>,
    ) -> SourceFolder {
        let (entries, problems) = fence.files_and_problem_paths(dir, Hidden::Keep);
        let files = entries
            .into_par_iter()
            .map(|entry| {
                let path = entry.into_path();
                let bytes = match given.get(&path) {
                    Some(bytes) => Ok(Arc::clone(bytes)),
                    None => std::fs::read(&path)
                        .map(Arc::from)
                        .map_err(|e| e.to_string()),
                };
                let sha256 = Sha256::digest(bytes.as_deref().unwrap_or_default()).into();
                SourceEntry {
                    rel_path: slash_path(dir, &path),
                    hidden: is_hidden(dir, &path),
                    path,
                    bytes,
                    sha256,
                }
            })
            .collect();
        SourceFolder {
            dir: dir.to_path_buf(),
            files,
            problems,
        }
    }

    /// The folder's key for the build caches (written into `.handbok/build.json`): SHA-256 over
    /// the relative paths in walk order, each followed by a 0 byte and the file's own SHA-256.
    /// Every file counts, hidden ones too; a file that could not be read counts as empty.
    pub fn key(&self) -> Key {
        let mut hash = Sha256::new();
        for file in &self.files {
            hash.update(file.rel_path.as_bytes());
            hash.update([0]);
            hash.update(file.sha256);
        }
        hash.finalize().into()
    }

    /// The files a walk that keeps or skips hidden names would have found.
    pub fn files(&self, hidden: Hidden) -> impl Iterator<Item = &SourceEntry> {
        self.files
            .iter()
            .filter(move |f| hidden == Hidden::Keep || !f.hidden)
    }

    /// The problems such a walk would have met: one that skips hidden names never enters a
    /// hidden folder, so it meets none of theirs.
    pub fn problems(&self, hidden: Hidden) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .filter(|(path, _)| hidden == Hidden::Keep || !is_hidden(&self.dir, path))
            .map(|(_, problem)| problem.clone())
            .collect()
    }
}

impl SourceFolder {
    /// The files and problems a walk of `dir` alone (a folder inside this one, e.g. a theme's
    /// `templates/`), keeping hidden names, would have found.
    pub fn files_under(&self, dir: &Path) -> (Vec<&SourceEntry>, Vec<Diagnostic>) {
        let files = self
            .files(Hidden::Keep)
            .filter(|file| file.path.starts_with(dir))
            .collect();
        let problems = self
            .problems
            .iter()
            .filter(|(path, _)| path.starts_with(dir))
            .map(|(_, problem)| problem.clone())
            .collect();
        (files, problems)
    }
}

/// The key of a folder nobody has read yet (the theme): [`SourceFolder::key`] of it read now.
/// Symbolic links are followed as the loader follows them, so editing a linked file renders
/// its pages again; links the loader refuses fail the build anyway.
pub fn folder_digest(root: &Path, dir: &Path) -> Key {
    SourceFolder::read(&SiteFence::new(root), dir).key()
}

/// A name below `dir` starts with `.`, as [`Hidden::Skip`] judges names.
fn is_hidden(dir: &Path, path: &Path) -> bool {
    path.strip_prefix(dir).unwrap_or(path).components().any(|c| {
        matches!(c, std::path::Component::Normal(name) if name.to_string_lossy().starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folder key as `hash::folder_digest` computed it before this reader: its own walk,
    /// each file read on its own.
    fn key_as_before(root: &Path, dir: &Path) -> Key {
        let (entries, _) = SiteFence::new(root).files(dir, Hidden::Keep);
        let mut hash = Sha256::new();
        for entry in entries {
            let own = Sha256::digest(std::fs::read(entry.path()).unwrap_or_default());
            hash.update(slash_path(dir, entry.path()).as_bytes());
            hash.update([0]);
            hash.update(own);
        }
        hash.finalize().into()
    }

    fn site() -> (tempfile::TempDir, PathBuf) {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/r");
        for folder in ["a", "a-c", ".git"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        // `a/b` comes before `a-c` in walk order, after it in byte order: the key keeps walk order.
        std::fs::write(dir.join("a/b.md"), "b").unwrap();
        std::fs::write(dir.join("a-c/c.md"), "c").unwrap();
        std::fs::write(dir.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(dir.join(".swp"), "x").unwrap();
        std::fs::write(dir.join("revision.yaml"), "status: draft\n").unwrap();
        (site, dir)
    }

    #[test]
    fn the_key_is_the_folder_key_as_it_always_was() {
        let (site, dir) = site();
        let folder = SourceFolder::read(&SiteFence::new(site.path()), &dir);
        assert_eq!(folder.key(), key_as_before(site.path(), &dir));
        assert_eq!(folder_digest(site.path(), &dir), folder.key());
        let shown: Vec<_> = folder.files(Hidden::Skip).map(|f| &f.rel_path).collect();
        assert_eq!(shown, ["a/b.md", "a-c/c.md", "revision.yaml"]);
        assert_eq!(folder.files(Hidden::Keep).count(), 5);
    }

    #[test]
    fn given_bytes_are_not_read_again() {
        let (site, dir) = site();
        let given = HashMap::from([(dir.join("revision.yaml"), Arc::from(&b"status: x\n"[..]))]);
        let folder = SourceFolder::read_given(&SiteFence::new(site.path()), &dir, &given);
        std::fs::write(dir.join("revision.yaml"), "status: x\n").unwrap();
        assert_eq!(folder.key(), key_as_before(site.path(), &dir));
    }

    #[cfg(unix)]
    #[test]
    fn links_refused_in_hidden_folders_count_only_for_a_walk_that_keeps_them() {
        let (site, dir) = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.md"), dir.join(".git/x.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.md"), dir.join("a/x.md")).unwrap();
        let fence = SiteFence::new(site.path());
        let folder = SourceFolder::read(&fence, &dir);
        assert_eq!(
            folder.problems(Hidden::Skip),
            fence.files(&dir, Hidden::Skip).1
        );
        assert_eq!(
            folder.problems(Hidden::Keep),
            fence.files(&dir, Hidden::Keep).1
        );
        assert_eq!(folder.problems(Hidden::Skip).len(), 1);
        assert_eq!(folder.problems(Hidden::Keep).len(), 2);
    }
}
