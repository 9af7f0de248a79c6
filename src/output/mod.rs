//! Writing the site: HTML minification and the atomic swap of the output folder.
//!
//! Everything is written to a staging folder next to the output; only when every file is
//! written does the staging folder replace the output. A failed or killed build never leaves a
//! half-written site, and readers of the old site see it whole until the swap. Which output
//! folders are allowed, and whose files are in them, is [`crate::output::out_dir`]'s job.

pub mod out_dir;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::diagnostic::Diagnostic;
use crate::model::timings::{measure, Stage};
use crate::render::files::{Contents, OutputFile};
use crate::render::sink::{gone, Sink};

/// Writes `files` into a staging folder, then swaps it in place of `out_dir`.
pub fn write_atomically(out_dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::new(out_dir)?;
    staging.write_all(files)?;
    staging.swap()
}

/// The folder a build writes into, next to the output, swapped in place of the output only
/// when everything is written. Pages can be written into it while the rest of the site is
/// still rendering ([`Staging::write_file`]), so a build never holds every page in memory.
///
/// Nothing in the output changes before the swap: the files kept from the last build and the
/// files handbok did not write come over as hard links ([`Staging::link_from_output`]), and
/// the swap itself is one atomic exchange of the two folders on Linux. A build killed at any
/// moment leaves the output as it was; the next build into the same folder removes what the
/// killed one left next to it ([`Staging::new`], under [`crate::output::out_dir::lock`]).
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    finished: bool,
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::global(format!("cannot {what} {}: {e}", path.display()))
}

/// `build`: each file is written into the staging folder as soon as it is rendered.
impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<OutputFile, Diagnostic> {
        match &file.contents {
            Contents::Tree(page, prefix) => self.write_file(&file.path, &page.placed(prefix))?,
            Contents::Html(page) => self.write_file(&file.path, page.minified_bytes())?,
            Contents::Bytes(bytes) => self.write_file(&file.path, bytes)?,
            Contents::Source(bytes) => self.write_file(&file.path, bytes)?,
            Contents::Written => {}
        }
        Ok(gone(file))
    }

    fn put_all(&self, files: Vec<OutputFile>) -> Result<Vec<OutputFile>, Diagnostic> {
        self.write_all(&files)?;
        Ok(files.into_iter().map(gone).collect())
    }
}

/// Whose files [`Staging::link_from_output`] carries over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// handbok's own, from a revision kept from the last build.
    Handbok,
    /// Files handbok did not write: their folders keep their permissions too.
    Others,
}

/// `.public.staging-1234` and, from earlier versions, `.public.old-1234`: the folders a build
/// makes next to `public/`.
fn is_leftover(name: &str, out_name: &str) -> bool {
    let digits = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    [".staging-", ".old-"].iter().any(|kind| {
        name.strip_prefix('.')
            .and_then(|n| n.strip_prefix(out_name))
            .and_then(|n| n.strip_prefix(kind))
            .is_some_and(digits)
    })
}

impl Staging {
    /// Makes the staging folder. Call it holding [`crate::output::out_dir::lock`]: it removes the
    /// staging folders that builds killed earlier left next to the output.
    pub fn new(out_dir: &Path) -> Result<Staging, Diagnostic> {
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = crate::model::paths::parent_of(out_dir);
        std::fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, e))?;
        remove_leftovers(&parent, &name)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            dir,
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
        .map_err(|e| io_error("write", &self.out_dir.join(path), e))
    }

    /// Writes the files not written yet (everything but [`Contents::Written`]).
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        write_all(&self.dir, files)
            .map_err(|(path, e)| io_error("write", &self.out_dir.join(path), e))
    }

    /// Brings `paths` (files, symlinks or empty folders) of the current output into the new
    /// one as they are, as hard links: the old output is not touched, and a file keeps its
    /// bytes, time and permissions. Used for the files of revisions kept from the last build
    /// and for the files handbok did not write (`Whose::Others`: their folders keep their
    /// permissions too). A path this build already wrote is an error naming both
    /// (`what_is_there` says what handbok wrote there): handbok never overwrites a file it did
    /// not write.
    ///
    /// A kept revision is a thousand links and folders, on a disk where each costs a system
    /// call or more: the link is tried first and the file system asked only when it fails, and
    /// each folder is made once.
    pub fn link_from_output(
        &self,
        paths: &[String],
        whose: Whose,
        what_is_there: &(dyn Fn(&str) -> String + Sync),
    ) -> Result<(), Diagnostic> {
        // On every core: the folders and links are made by the kernel, one call each.
        let share = paths.len().div_ceil(rayon::current_num_threads()).max(64);
        paths
            .par_chunks(share)
            .try_for_each(|chunk| self.link_each(chunk, whose, what_is_there))
    }

    fn link_each(
        &self,
        paths: &[String],
        whose: Whose,
        what_is_there: &dyn Fn(&str) -> String,
    ) -> Result<(), Diagnostic> {
        let mut folders = HashSet::new();
        for path in paths {
            self.make_parents(path, whose, &mut folders, what_is_there)?;
            let source = self.out_dir.join(path);
            let target = self.dir.join(path);
            let error = match std::fs::hard_link(&source, &target) {
                Ok(()) => continue,
                Err(e) => e,
            };
            let is_dir = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
            let carried = match std::fs::symlink_metadata(&source) {
                // An empty folder of someone else's that this build fills: nothing is lost.
                Ok(meta) if meta.is_dir() && is_dir(&target) => Ok(()),
                _ if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(taken(&self.out_dir, path, &what_is_there(path)))
                }
                // `link` refuses folders, and files on another file system.
                Ok(meta) if meta.is_dir() => std::fs::create_dir(&target)
                    .and_then(|_| std::fs::set_permissions(&target, meta.permissions())),
                Ok(_) => copy(&source, &target),
                Err(e) => Err(e),
            };
            carried.map_err(|e| io_error("carry over", &source, e))?;
        }
        Ok(())
    }

    /// Makes the folders above `path` in the staging folder (`made` holds those known to be
    /// there); a file of this build in the way is an error.
    fn make_parents<'a>(
        &self,
        path: &'a str,
        whose: Whose,
        made: &mut HashSet<&'a str>,
        what_is_there: &dyn Fn(&str) -> String,
    ) -> Result<(), Diagnostic> {
        for (end, _) in path.match_indices('/') {
            let folder = &path[..end];
            if made.contains(folder) {
                continue;
            }
            let target = self.dir.join(folder);
            match std::fs::create_dir(&target) {
                Ok(()) if whose == Whose::Others => {
                    if let Ok(meta) = std::fs::metadata(self.out_dir.join(folder)) {
                        let _ = std::fs::set_permissions(&target, meta.permissions());
                    }
                }
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                        return Err(taken(&self.out_dir, path, &what_is_there(folder)));
                    }
                }
                Err(e) => return Err(io_error("create", &target, e)),
            }
            made.insert(folder);
        }
        Ok(())
    }

    /// Puts the staging folder in place of the output, and removes the old output.
    pub fn swap(mut self) -> Result<(), Diagnostic> {
        let out_dir = self.out_dir.clone();
        match std::fs::symlink_metadata(&out_dir) {
            Ok(meta) if !meta.is_dir() => {
                return Err(Diagnostic::global(format!(
                    "{} exists and is not a folder",
                    out_dir.display()
                )))
            }
            Ok(_) => exchange(&self.dir, &out_dir)?,
            Err(_) => std::fs::rename(&self.dir, &out_dir)
                .map_err(|e| io_error("move into place", &out_dir, e))?,
        }
        self.finished = true;
        // The staging folder's name now holds the old output. Should removing it fail, the
        // next build removes it ([`Staging::new`]); the new site is in place either way.
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

/// Swaps two folders: in one atomic step where the system can (Linux's `RENAME_EXCHANGE`),
/// so the output path never stands empty; else with two renames, putting the old output back
/// if the second fails.
fn exchange(staging: &Path, out_dir: &Path) -> Result<(), Diagnostic> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out_dir, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = staging.with_extension("old");
    std::fs::rename(out_dir, &old).map_err(|e| io_error("move away", out_dir, e))?;
    if let Err(e) = std::fs::rename(staging, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(io_error("move into place", out_dir, e));
    }
    std::fs::rename(&old, staging).map_err(|e| io_error("move", &old, e))
}

/// A copy that keeps the permissions, where a hard link cannot be made (another file system).
fn copy(source: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::copy(source, target).map(|_| ())
}

fn taken(out_dir: &Path, foreign: &str, what: &str) -> Diagnostic {
    Diagnostic::global(format!(
        "{} was not written by handbok, and this build puts {what} there",
        out_dir.join(foreign).display()
    ))
    .with_hint(format!(
        "move {} out of the output folder (handbok never overwrites a file it did not write), or build into another folder",
        out_dir.join(foreign).display()
    ))
}

/// Removes the staging folders of builds into `parent/<out_name>` that were killed.
fn remove_leftovers(parent: &Path, out_name: &str) -> Result<(), Diagnostic> {
    let entries = std::fs::read_dir(parent).map_err(|e| io_error("read", parent, e))?;
    for entry in entries.filter_map(Result::ok) {
        if is_leftover(&entry.file_name().to_string_lossy(), out_name) {
            let path = entry.path();
            std::fs::remove_dir_all(&path).map_err(|e| io_error("remove", &path, e))?;
        }
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes the files; a failure comes back with the file's path in the output.
fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), (String, std::io::Error)> {
    measure(Stage::Write, || create_folders(dir, files))?;
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        let write = |bytes: &[u8]| measure(Stage::Write, || std::fs::write(&path, bytes));
        let written = match &file.contents {
            Contents::Html(page) => write(page.minified_bytes()),
            Contents::Tree(page, prefix) => write(&page.placed(prefix)),
            Contents::Bytes(bytes) => write(bytes),
            Contents::Source(bytes) => write(bytes),
            Contents::Written => Ok(()),
        };
        written.map_err(|e| (file.path.clone(), e))
    })
}

/// Makes every folder the files go in, each once, parents first: one `mkdir` per folder
/// instead of one `create_dir_all` per file (on a slow disk, a third of the writing time).
fn create_folders(dir: &Path, files: &[OutputFile]) -> Result<(), (String, std::io::Error)> {
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
        if let Err(e) = std::fs::create_dir(dir.join(folder)) {
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                return Err((folder.to_string(), e));
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
    fn files_from_the_output_come_along_as_links_and_the_output_is_untouched_until_the_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("2019-2022")).unwrap();
        std::fs::create_dir_all(out.join(".well-known/tom")).unwrap();
        std::fs::write(out.join("2019-2022/index.html"), "kept").unwrap();
        std::fs::write(out.join(".well-known/security.txt"), "operator").unwrap();
        std::fs::write(out.join("index.html"), "old start").unwrap();
        let nothing = |_: &str| String::new();

        // A build that fails after linking leaves the output exactly as it was.
        let failing = Staging::new(&out).unwrap();
        failing
            .link_from_output(
                &["2019-2022/index.html".to_string()],
                Whose::Handbok,
                &nothing,
            )
            .unwrap();
        drop(failing);
        assert_eq!(
            std::fs::read_to_string(out.join("2019-2022/index.html")).unwrap(),
            "kept"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

        let staging = Staging::new(&out).unwrap();
        staging
            .write_all(&[OutputFile::bytes("index.html", b"new start".to_vec())])
            .unwrap();
        let kept = [
            "2019-2022/index.html".to_string(),
            ".well-known/security.txt".to_string(),
            ".well-known/tom".to_string(),
        ];
        staging
            .link_from_output(&kept, Whose::Others, &nothing)
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old start"
        );
        staging.swap().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("2019-2022/index.html")).unwrap(),
            "kept"
        );
        assert_eq!(
            std::fs::read_to_string(out.join(".well-known/security.txt")).unwrap(),
            "operator"
        );
        assert!(out.join(".well-known/tom").is_dir());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new start"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_foreign_file_where_the_build_writes_is_an_error_naming_both() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "operator's").unwrap();
        std::fs::write(out.join("plan"), "a file where a folder goes").unwrap();
        let staging = Staging::new(&out).unwrap();
        staging
            .write_all(&[
                OutputFile::bytes("index.html", b"handbok".to_vec()),
                OutputFile::bytes("plan/index.html", b"handbok".to_vec()),
            ])
            .unwrap();
        let what = |path: &str| format!("the page {path}");
        for foreign in ["index.html", "plan"] {
            let error = staging
                .link_from_output(&[foreign.to_string()], Whose::Others, &what)
                .unwrap_err();
            assert!(
                error
                    .message
                    .contains(&format!("public/{foreign} was not written by handbok")),
                "{}",
                error.message
            );
            assert!(
                error.message.contains(&format!("the page {foreign}")),
                "{}",
                error.message
            );
        }
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "operator's"
        );
    }

    #[test]
    fn leftovers_are_only_handboks_own_staging_folders() {
        assert!(is_leftover(".public.staging-123", "public"));
        assert!(is_leftover(".public.old-9", "public"));
        assert!(!is_leftover(".public.staging-", "public"));
        assert!(!is_leftover(".public.staging-12x", "public"));
        assert!(!is_leftover(".webb.staging-1", "public"));
        assert!(!is_leftover("public", "public"));
    }
}
