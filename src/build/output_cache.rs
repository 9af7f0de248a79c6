//! The last build's output as a cache for unchanged revisions (`handbok build`).
//!
//! A handbook keeps every revision of the plan, one per four-year term, and the sealed ones
//! never change. Rendering them again on every build would make the build grow with history.
//! So each build leaves a manifest in the output folder (`.handbok/build.json`): per revision,
//! the key its files were made with ([`crate::build::memory_cache::revision_key`]: its folder, the theme,
//! `site.toml`, the list of revisions, the handbok version, …) and every file it wrote, with
//! size and modification time. The next build renders only the revisions whose key changed
//! and hard-links the others' files from the old output into the new one (no page is read or
//! written again, and the old output stays whole until the swap, so a build killed at any
//! moment leaves it as it was). A file that is missing or was edited by hand (other size or
//! time) makes its revision render again.
//!
//! The same manifest is handbok's record of what it wrote: every other file in the output
//! folder is someone else's and is kept ([`crate::output::out_dir`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::build::memory_cache::Key;
use crate::build::{Made, RevisionOutput};
use crate::model::hash::hex;
use crate::render::files::OutputFile;

/// Where the manifest lives, inside the output folder.
pub const MANIFEST_PATH: &str = ".handbok/build.json";

/// What a build wrote, for the next build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The handbok version that wrote it: another version renders everything again.
    pub handbok: String,
    pub revisions: BTreeMap<String, RevisionFiles>,
    /// Files that belong to no revision (assets, 404 page, sitemap), so that a folder is moved
    /// only when every file in it belongs to the reused revision.
    pub site_files: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RevisionFiles {
    /// [`crate::build::memory_cache::revision_key`], in hex.
    pub key: String,
    pub files: Vec<FileStamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub path: String,
    pub size: u64,
    /// Nanoseconds since 1970: a rename keeps it, an edit changes it.
    pub modified: u128,
}

impl Manifest {
    /// Whether this version wrote it: only then are its revisions' keys comparable.
    pub fn is_current(&self) -> bool {
        self.handbok == env!("CARGO_PKG_VERSION")
    }

    /// The record of the build in `out_dir`, from any version: which files there handbok
    /// wrote ([`crate::output::out_dir::survey`]). Versions before the record listed its files replaced
    /// the whole folder, so every file in such an output is theirs, and listed.
    pub fn record(out_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read(out_dir.join(MANIFEST_PATH)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Every file the build wrote (the record itself aside).
    pub fn all_files(&self) -> impl Iterator<Item = String> + '_ {
        self.revisions
            .values()
            .flat_map(|entry| entry.files.iter().map(|f| f.path.clone()))
            .chain(self.site_files.iter().cloned())
    }

    /// The files revision `id` left in `out_dir`, when they were made with `key` and are all
    /// still there as written.
    pub fn reusable(&self, out_dir: &Path, id: &str, key: &Key) -> Option<&RevisionFiles> {
        let entry = self.revisions.get(id)?;
        if entry.key != hex(key) {
            return None;
        }
        entry
            .files
            .iter()
            .all(|file| stamp(out_dir, &file.path).as_ref() == Some(file))
            .then_some(entry)
    }
}

/// The manifest of a build written to `dir`: the files each revision rendered, stamped as
/// they are now, and those it kept from the last build, as they were.
pub fn manifest(dir: &Path, files: &[OutputFile], revisions: &[RevisionOutput]) -> Manifest {
    let mut of_revisions = vec![false; files.len()];
    let mut manifest = Manifest {
        handbok: env!("CARGO_PKG_VERSION").to_string(),
        ..Manifest::default()
    };
    for revision in revisions {
        let entry = match &revision.made {
            Made::Kept(kept) => kept.clone(),
            Made::Files(key, range) => {
                of_revisions[range.clone()]
                    .iter_mut()
                    .for_each(|f| *f = true);
                RevisionFiles {
                    key: hex(key),
                    files: files[range.clone()]
                        .iter()
                        .filter_map(|f| stamp(dir, &f.path))
                        .collect(),
                }
            }
        };
        manifest.revisions.insert(revision.id.clone(), entry);
    }
    manifest.site_files = files
        .iter()
        .zip(of_revisions)
        .filter(|(_, of_revision)| !of_revision)
        .map(|(f, _)| f.path.clone())
        .collect();
    manifest
}

/// The size and time of a written file, or `None` if it is not there.
pub fn stamp(dir: &Path, path: &str) -> Option<FileStamp> {
    let meta = std::fs::metadata(dir.join(path)).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    meta.is_file().then(|| FileStamp {
        path: path.to_string(),
        size: meta.len(),
        modified: modified.as_nanos(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(files: &[&str]) -> RevisionFiles {
        RevisionFiles {
            key: "k".into(),
            files: files
                .iter()
                .map(|p| FileStamp {
                    path: p.to_string(),
                    size: 1,
                    modified: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn the_record_lists_every_file_of_every_revision_and_of_the_site() {
        let mut manifest = Manifest::default();
        manifest
            .revisions
            .insert("r".into(), entry(&["r/index.html", "index.html"]));
        manifest.site_files = vec!["404.html".into()];
        let mut all: Vec<String> = manifest.all_files().collect();
        all.sort();
        assert_eq!(all, ["404.html", "index.html", "r/index.html"]);
    }

    #[test]
    fn reusable_only_with_the_same_key_and_untouched_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("r")).unwrap();
        std::fs::write(dir.path().join("r/index.html"), "<p>x</p>").unwrap();
        let key: Key = [7; 32];
        let mut manifest = Manifest::default();
        manifest.revisions.insert(
            "r".into(),
            RevisionFiles {
                key: hex(&key),
                files: vec![stamp(dir.path(), "r/index.html").unwrap()],
            },
        );
        assert!(manifest.reusable(dir.path(), "r", &key).is_some());
        assert!(manifest.reusable(dir.path(), "r", &[8; 32]).is_none());
        std::fs::write(dir.path().join("r/index.html"), "<p>edited</p>").unwrap();
        assert!(manifest.reusable(dir.path(), "r", &key).is_none());
        std::fs::remove_file(dir.path().join("r/index.html")).unwrap();
        assert!(manifest.reusable(dir.path(), "r", &key).is_none());
    }
}
