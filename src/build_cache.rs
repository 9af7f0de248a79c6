//! The last build's output as a cache for unchanged revisions (`handbok build`).
//!
//! A handbook keeps every revision of the plan, one per four-year term, and the sealed ones
//! never change. Rendering them again on every build would make the build grow with history.
//! So each build leaves a manifest in the output folder (`.handbok/build.json`): per revision,
//! the key its files were made with ([`crate::cache::revision_key`]: its folder, the theme,
//! `site.toml`, the list of revisions, the handbok version, …) and every file it wrote, with
//! size and modification time. The next build renders only the revisions whose key changed
//! and moves the others' folders from the old output into the new one: one `rename` per
//! folder, whatever the number of pages. A file that is missing or was edited by hand (other
//! size or time) makes its revision render again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::build::{Made, RevisionOutput};
use crate::cache::Key;
use crate::output::OutputFile;

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
    /// [`crate::cache::revision_key`], in hex.
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
    /// The manifest of the build in `out_dir`, if there is a readable one from this version.
    pub fn load(out_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read(out_dir.join(MANIFEST_PATH)).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        (manifest.handbok == env!("CARGO_PKG_VERSION")).then_some(manifest)
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

    /// The folders and files to move so that revision `id`'s files come along whole: for each
    /// of its files, the shortest path above it that holds nothing of another revision or of
    /// the site (`2019-2022`, `search/2019-2022`, or for the root copy `del-1`, `index.html`).
    pub fn owned_paths(&self, id: &str) -> Vec<String> {
        let mut owners: HashMap<&str, Option<&str>> = HashMap::new();
        let all = self
            .revisions
            .iter()
            .flat_map(|(owner, entry)| {
                entry
                    .files
                    .iter()
                    .map(move |f| (f.path.as_str(), owner.as_str()))
            })
            .chain(self.site_files.iter().map(|p| (p.as_str(), "")));
        for (path, owner) in all {
            for prefix in prefixes(path) {
                owners
                    .entry(prefix)
                    .and_modify(|o| {
                        if *o != Some(owner) {
                            *o = None
                        }
                    })
                    .or_insert(Some(owner));
            }
        }
        let mut owned = BTreeSet::new();
        if let Some(entry) = self.revisions.get(id) {
            for file in &entry.files {
                if let Some(prefix) = prefixes(&file.path).find(|p| owners[p] == Some(id)) {
                    owned.insert(prefix.to_string());
                }
            }
        }
        owned.into_iter().collect()
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

/// `a`, `a/b`, `a/b/c.html` for `a/b/c.html`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(move |(i, _)| &path[..i])
        .chain(std::iter::once(path))
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

pub fn hex(key: &Key) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
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
    fn moves_whole_folders_of_a_revision_and_single_files_in_shared_ones() {
        let mut manifest = Manifest::default();
        manifest.revisions.insert(
            "2019-2022".into(),
            entry(&[
                "2019-2022/index.html",
                "2019-2022/del-1/index.html",
                "search/2019-2022/manifest.json",
                "search/2019-2022/d/0.json",
            ]),
        );
        manifest.revisions.insert(
            "2023-2026".into(),
            entry(&[
                "2023-2026/index.html",
                "index.html",
                "del-1/index.html",
                "del-1/a/index.html",
                "search/2023-2026/manifest.json",
            ]),
        );
        manifest.site_files = vec!["search/revisions.json".into(), "404.html".into()];
        assert_eq!(
            manifest.owned_paths("2019-2022"),
            ["2019-2022", "search/2019-2022"]
        );
        assert_eq!(
            manifest.owned_paths("2023-2026"),
            ["2023-2026", "del-1", "index.html", "search/2023-2026"]
        );
        assert!(manifest.owned_paths("2027-2030").is_empty());
    }

    #[test]
    fn a_folder_shared_with_the_site_is_not_moved_whole() {
        let mut manifest = Manifest::default();
        manifest
            .revisions
            .insert("r".into(), entry(&["assets/r.png", "r/index.html"]));
        manifest.site_files = vec!["assets/site.css".into()];
        assert_eq!(manifest.owned_paths("r"), ["assets/r.png", "r"]);
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
