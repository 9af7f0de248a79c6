//! Sealing an adopted revision: a content hash of its files, recorded in `revision.yaml` when
//! the revision is adopted, so an adopted plan cannot be edited by accident afterwards.
//!
//! The hash is SHA-256 over the sorted relative paths and bytes of every file the loader reads
//! (hidden files and `revision.yaml` itself left out, so the metadata can still be completed,
//! e.g. a decision reference found later). Each file's own hash is kept too, so a broken seal
//! names the files that changed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::diagnostic::Diagnostic;
use crate::model::hash::{hex, Key};
use crate::model::paths::source_path;
use crate::model::source_folder::{SourceEntry, SourceFolder};
use crate::model::walk::{Hidden, SiteFence};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Characters of each file's hash kept in `revision.yaml`: enough to tell files apart, short
/// enough to read.
const FILE_HASH_CHARS: usize = 16;

/// What `revision.yaml` records under `seal:`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    pub sha256: String,
    /// Relative path → the start of its SHA-256, in path order.
    pub files: BTreeMap<String, String>,
}

/// How the files differ from the seal.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Broken {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Broken {
    /// `plan/mal.md (ändrad), plan/ny.md (ny)`, in path order.
    pub fn describe(&self) -> String {
        let mut all: Vec<(String, &str)> = Vec::new();
        all.extend(self.changed.iter().map(|p| (p.clone(), "changed")));
        all.extend(self.added.iter().map(|p| (p.clone(), "added")));
        all.extend(self.removed.iter().map(|p| (p.clone(), "removed")));
        all.sort();
        all.iter()
            .map(|(path, what)| format!("{path} ({what})"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Seals the revision folder `dir` (in `<root>/content/`) as it is now.
pub fn compute(dir: &Path) -> Result<Seal, Diagnostic> {
    of_folder(&SourceFolder::read(&SiteFence::around_revision(dir), dir))
}

/// The seal of a folder already read: the loader checks the seal from the bytes it parses.
pub fn of_folder(folder: &SourceFolder) -> Result<Seal, Diagnostic> {
    let sealed = sealed_files(folder)?;
    let mut total = Sha256::new();
    let mut files = BTreeMap::new();
    for (rel_path, file, bytes) in sealed {
        total.update(rel_path.as_bytes());
        total.update([0]);
        total.update((bytes.len() as u64).to_le_bytes());
        total.update(bytes);
        files.insert(rel_path, hex(&file.sha256)[..FILE_HASH_CHARS].to_string());
    }
    Ok(Seal {
        sha256: hex(&total.finalize()),
        files,
    })
}

/// The key of a sealed folder's whole content, for the build caches: once the seal is verified,
/// the seal and `revision.yaml` (which it leaves out) say what every file holds, so the
/// files need not be read and hashed a third time.
pub fn content_key(seal: &Seal, revision_yaml: &str) -> Key {
    let mut hash = Sha256::new();
    hash.update(b"sealed\0");
    hash.update(seal.sha256.as_bytes());
    hash.update([0]);
    hash.update(revision_yaml.as_bytes());
    hash.finalize().into()
}

/// Compares the folder with its seal; `None` when nothing changed.
pub fn verify(dir: &Path, seal: &Seal) -> Result<Option<Broken>, Diagnostic> {
    verify_folder(
        &SourceFolder::read(&SiteFence::around_revision(dir), dir),
        seal,
    )
}

/// [`verify`] of a folder already read.
pub fn verify_folder(folder: &SourceFolder, seal: &Seal) -> Result<Option<Broken>, Diagnostic> {
    let now = of_folder(folder)?;
    if now.sha256 == seal.sha256 {
        return Ok(None);
    }
    let mut broken = Broken::default();
    for (path, hash) in &now.files {
        match seal.files.get(path) {
            Some(sealed) if sealed == hash => {}
            Some(_) => broken.changed.push(path.clone()),
            None => broken.added.push(path.clone()),
        }
    }
    broken.removed = seal
        .files
        .keys()
        .filter(|p| !now.files.contains_key(*p))
        .cloned()
        .collect();
    // The per-file list may agree while the total does not (an edited seal): say so.
    if broken == Broken::default() {
        broken.changed.push("revision.yaml (seal)".to_string());
    }
    Ok(Some(broken))
}

/// A sealed file: its relative path in NFC, the file as read, its bytes.
type SealedFile<'a> = (String, &'a SourceEntry, &'a [u8]);

/// Every file the loader reads, as (relative path in NFC, file, bytes), in path order: hidden
/// files and `revision.yaml` left out, and the first link refused or file unreadable an error.
/// The paths are composed so that a folder sealed on Linux verifies on a Mac, which stores
/// names decomposed; ASCII paths are unchanged, so older seals still hold.
fn sealed_files(folder: &SourceFolder) -> Result<Vec<SealedFile<'_>>, Diagnostic> {
    if let Some(problem) = folder.problems(Hidden::Skip).into_iter().next() {
        return Err(problem);
    }
    let mut files = folder
        .files(Hidden::Skip)
        .map(|file| (source_path(&folder.dir, &file.path), file))
        .filter(|(rel_path, _)| rel_path != "revision.yaml")
        .collect::<Vec<_>>();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
        .into_iter()
        .map(|(rel_path, file)| Ok((rel_path, file, &file.bytes_or_problem()?[..])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("plan")).unwrap();
        std::fs::write(dir.path().join("revision.yaml"), "status: adopted\n").unwrap();
        std::fs::write(dir.path().join("_index.md"), "---\ntitle: Start\n---\n").unwrap();
        std::fs::write(
            dir.path().join("plan/mal.md"),
            "---\ntitle: Mål\n---\nText.\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn unchanged_folder_keeps_its_seal() {
        let dir = folder();
        let seal = compute(dir.path()).unwrap();
        assert_eq!(seal.sha256.len(), 64);
        assert_eq!(
            seal.files.keys().collect::<Vec<_>>(),
            ["_index.md", "plan/mal.md"]
        );
        // revision.yaml and hidden files are not sealed.
        std::fs::write(dir.path().join("revision.yaml"), "status: adopted\n# x\n").unwrap();
        std::fs::write(dir.path().join(".mal.md.swp"), "x").unwrap();
        assert_eq!(verify(dir.path(), &seal).unwrap(), None);
    }

    #[test]
    fn broken_seal_names_changed_added_and_removed_files() {
        let dir = folder();
        let seal = compute(dir.path()).unwrap();
        std::fs::write(
            dir.path().join("plan/mal.md"),
            "---\ntitle: Mål\n---\nNy.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("plan/ny.md"), "---\ntitle: Ny\n---\n").unwrap();
        std::fs::remove_file(dir.path().join("_index.md")).unwrap();
        let broken = verify(dir.path(), &seal).unwrap().unwrap();
        assert_eq!(broken.changed, ["plan/mal.md"]);
        assert_eq!(broken.added, ["plan/ny.md"]);
        assert_eq!(broken.removed, ["_index.md"]);
        assert_eq!(
            broken.describe(),
            "_index.md (removed), plan/mal.md (changed), plan/ny.md (added)"
        );
    }

    #[test]
    fn renaming_a_file_breaks_the_seal() {
        let dir = folder();
        let seal = compute(dir.path()).unwrap();
        std::fs::rename(
            dir.path().join("plan/mal.md"),
            dir.path().join("plan/mål.md"),
        )
        .unwrap();
        assert!(verify(dir.path(), &seal).unwrap().is_some());
    }
}
