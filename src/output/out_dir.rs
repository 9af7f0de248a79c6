//! The output folder's guard: where a build may write, who else has files there, and one build
//! at a time.
//!
//! A build replaces its output folder whole ([`crate::output::Staging`]), so a mistyped
//! `--out content` would otherwise swap the handbook's sources for a built site, and a build
//! into a web root would delete the operator's files. Three rules keep everything that is not
//! handbok's safe:
//!
//! 1. [`check`] refuses, before anything is read, any folder whose replacement would destroy the
//!    sources, the site folder or a home folder, however the path is spelt (symlinks, `..`).
//! 2. [`survey`] takes the files the build record of the last build lists (the caller reads
//!    it, [`crate::build::output_cache`], so this module stays below the build): every other file in
//!    the folder is someone else's and is carried into the new output as it
//!    is. A non-empty folder with no record is refused unless the user says `--force`.
//! 3. [`lock`] lets one build at a time write next to an output folder.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::model::diagnostic::Diagnostic;

/// What the user is told to use instead of a dangerous folder.
const HINT: &str =
    "an output folder of its own, like `public/` (the default): `handbok build --out public`";

/// Refuses an output folder whose replacement would destroy the site's sources or a folder
/// that holds them, named as the user wrote it.
pub fn check(out: &Path, root: &Path) -> Result<(), Diagnostic> {
    match danger(out, root) {
        Some(why) => Err(refusal(out, &why)),
        None => Ok(()),
    }
}

/// [`check`] for `output_dir` in `site.toml`, reported at its line there.
pub fn check_configured(out: &Path, root: &Path, site_toml: &Path) -> Result<(), Diagnostic> {
    let Some(why) = danger(out, root) else {
        return Ok(());
    };
    let text = std::fs::read_to_string(site_toml).unwrap_or_default();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("output_dir"))
        .map_or(1, |i| i + 1);
    let refusal = refusal(out, &why);
    let mut located = Diagnostic::at_line_col(
        Path::new("site.toml"),
        &text,
        line,
        1,
        format!("output_dir: {}", refusal.message),
    );
    located.hint = refusal.hint;
    Err(located.usage())
}

fn refusal(out: &Path, why: &str) -> Diagnostic {
    let resolved = resolve(out);
    let via = match resolved.as_deref() {
        Some(real) if std::path::absolute(out).ok().as_deref() != Some(real) => {
            format!(" (it leads to {})", real.display())
        }
        _ => String::new(),
    };
    Diagnostic::global(format!(
        "refusing to build into `{}`{via}: {why}",
        out.display()
    ))
    .with_hint(HINT)
    .usage()
}

/// Why building into `out` would destroy something, if it would.
fn danger(out: &Path, root: &Path) -> Option<String> {
    let out = resolve(out)?;
    let root = resolve(root)?;
    if out.parent().is_none() {
        return Some(
            "it is the root of the file system; a build replaces its output folder, so every file on the computer would be at risk"
                .to_string(),
        );
    }
    let sources =
        "a build replaces its output folder, and every Markdown and YAML file there would be lost";
    if out == root {
        return Some(format!(
            "it is the site folder (site.toml, content/, themes/); {sources}"
        ));
    }
    for (folder, what) in [
        ("content", "the handbook's sources"),
        ("themes", "the site's theme"),
    ] {
        let protected = root.join(folder);
        if out == protected {
            return Some(format!("it is {folder}/, {what}; a build replaces its output folder, so they would be lost"));
        }
        if out.starts_with(&protected) {
            return Some(format!(
                "it lies inside {folder}/, {what}; the build's files would be mixed into them"
            ));
        }
    }
    if root.starts_with(&out) {
        return Some(format!(
            "it holds the site folder {}; a build replaces its output folder, so the sources would be lost",
            root.display()
        ));
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|h| resolve(&h));
    if let Some(home) = home.filter(|home| home.starts_with(&out)) {
        let what = if home == out {
            "your home folder"
        } else {
            "a folder that holds your home folder"
        };
        return Some(format!(
            "it is {what} ({}); a build replaces its output folder, so your own files would be at risk",
            home.display()
        ));
    }
    None
}

/// The real absolute path of `path`, symlinks and `..` resolved, for a path that may not exist
/// yet: its deepest existing folder is resolved by the file system, the rest lexically (folders
/// that do not exist yet cannot be symlinks).
pub fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    let real = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(_) => {
                // `file_name` is `None` for a path ending in `..`: take the last part as it is.
                rest.push(existing.components().next_back()?.as_os_str().to_owned());
                existing = existing.parent()?.to_path_buf();
            }
        }
    };
    let mut resolved = real;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => resolved.push(part),
        }
    }
    Some(resolved)
}

/// What the last build's record in the output folder says.
pub struct Record<'a> {
    /// The record's path inside the output folder.
    pub path: &'a str,
    /// The files it lists, or `None` when it is missing or cannot be read.
    pub files: Option<HashSet<String>>,
}

/// The files in an existing output folder that handbok did not write, which the new output
/// keeps as they are. Refuses a non-empty folder without a build record unless `force`.
pub fn survey(out: &Path, record: Record, force: bool) -> Result<Vec<String>, Diagnostic> {
    let metadata = match std::fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Diagnostic::global(format!(
                "cannot read {}: {e}",
                out.display()
            )))
        }
    };
    if !metadata.is_dir() {
        return Err(Diagnostic::global(format!(
            "refusing to build into `{}`: it is a file, not a folder",
            out.display()
        ))
        .with_hint(HINT)
        .usage());
    }
    let owned: HashSet<String> = match record.files {
        Some(mut files) => {
            files.insert(record.path.to_string());
            files
        }
        None if is_empty(out)? => return Ok(Vec::new()),
        None if out.join(record.path).exists() => return Err(damaged_record(out, record.path)),
        None if force => HashSet::new(),
        None => return Err(unknown_folder(out, record.path)),
    };
    foreign_files(out, &owned)
}

fn is_empty(dir: &Path) -> Result<bool, Diagnostic> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::global(format!("cannot read {}: {e}", dir.display())))?;
    Ok(entries.next().is_none())
}

fn unknown_folder(out: &Path, record: &str) -> Diagnostic {
    Diagnostic::global(format!(
        "refusing to build into `{}`: it is not empty, and handbok did not build it (there is no {})",
        out.display(),
        out.join(record).display()
    ))
    .with_hint(
        "an empty or new folder, or `--force` to build into it anyway: handbok then keeps every file it did not write as it is",
    )
    .usage()
}

/// A record that cannot be read leaves handbok unable to tell its files from anyone else's:
/// even `--force` would keep its old pages as someone else's and then refuse to write over them.
fn damaged_record(out: &Path, record: &str) -> Diagnostic {
    Diagnostic::global(format!(
        "refusing to build into `{}`: its build record {} cannot be read, so handbok cannot tell the files it wrote from anyone else's",
        out.display(),
        out.join(record).display()
    ))
    .with_hint(format!(
        "if {} holds only handbok's last build, delete it and build again; else move the other files out first",
        out.display()
    ))
    .usage()
}

/// Every entry under `out` that is not in `owned`: files, symlinks and empty folders, as
/// paths with `/`, parents before children.
fn foreign_files(out: &Path, owned: &HashSet<String>) -> Result<Vec<String>, Diagnostic> {
    let mut foreign = Vec::new();
    // A folder is empty when the entry after it is not inside it (the walk lists a folder's
    // contents right after it), which saves opening every folder of a large output twice.
    let mut open_folder: Option<(String, usize)> = None;
    for entry in WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::global(format!("cannot read {}: {e}", out.display())))?;
        if let Some((folder, depth)) = open_folder.take() {
            if entry.depth() <= depth {
                foreign.push(folder);
            }
        }
        let rel_path = crate::model::paths::slash_path(out, entry.path());
        if entry.file_type().is_dir() {
            open_folder = Some((rel_path, entry.depth()));
        } else if !owned.contains(&rel_path) {
            foreign.push(rel_path);
        }
    }
    foreign.extend(open_folder.map(|(folder, _)| folder));
    Ok(foreign)
}

/// Held while a build writes next to its output folder: a second build into the same folder
/// waits for the first instead of mixing their staging folders and swaps. The lock is on the
/// output's parent folder (the output itself is swapped away), and the system releases it
/// when the process ends, however it ends.
pub struct OutputLock {
    _parent: File,
}

/// Takes the lock for building into `out`, waiting (with a message on `waiting`) while another
/// build holds it.
pub fn lock(out: &Path, waiting: impl FnOnce()) -> Result<OutputLock, Diagnostic> {
    lock_folder(&crate::model::paths::parent_of(out), waiting)
}

/// Takes the lock on `parent` itself: also what `handbok revision new|adopt` hold on the site
/// folder, so two of them never edit `site.toml` at once.
pub fn lock_folder(parent: &Path, waiting: impl FnOnce()) -> Result<OutputLock, Diagnostic> {
    let parent = parent.to_path_buf();
    std::fs::create_dir_all(&parent)
        .map_err(|e| Diagnostic::global(format!("cannot create {}: {e}", parent.display())))?;
    let file = File::open(&parent)
        .map_err(|e| Diagnostic::global(format!("cannot open {}: {e}", parent.display())))?;
    let cannot = |e: std::io::Error| {
        Diagnostic::global(format!(
            "cannot lock {} for the build: {e}",
            parent.display()
        ))
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock().map_err(cannot)?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(cannot(e)),
    }
    Ok(OutputLock { _parent: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for folder in ["site/content/2023-2026", "site/themes/default"] {
            std::fs::create_dir_all(tmp.path().join(folder)).unwrap();
        }
        std::fs::write(tmp.path().join("site/site.toml"), "").unwrap();
        tmp
    }

    #[test]
    fn refuses_the_sources_however_they_are_spelt() {
        let tmp = site();
        let root = tmp.path().join("site");
        std::os::unix::fs::symlink(root.join("content"), tmp.path().join("genväg")).unwrap();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/2023-2026"),
            root.join("content/ny/mapp"),
            root.join("themes"),
            root.join("public/../content"),
            tmp.path().to_path_buf(),
            tmp.path().join("genväg"),
            tmp.path().join("genväg/x"),
            PathBuf::from("/"),
        ] {
            let refused = check(&bad, &root).expect_err(&bad.display().to_string());
            assert!(refused.is_usage());
            assert!(refused.hint.as_deref().unwrap_or("").contains("public/"));
        }
        for good in [
            root.join("public"),
            root.join("ut/webb"),
            tmp.path().join("webb"),
        ] {
            assert!(check(&good, &root).is_ok(), "{}", good.display());
        }
    }

    #[test]
    fn resolve_handles_folders_that_do_not_exist_yet() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        assert_eq!(
            resolve(&tmp.path().join("a/b/../c")),
            Some(real.join("a/c"))
        );
    }

    const MANIFEST_PATH: &str = ".handbok/build.json";

    /// The record as the build reads it: here only whether it is there.
    fn record(out: &Path) -> Record<'static> {
        let readable = std::fs::read_to_string(out.join(MANIFEST_PATH))
            .is_ok_and(|text| text.starts_with('{') && text.ends_with('}'));
        Record {
            path: MANIFEST_PATH,
            files: readable.then(HashSet::new),
        }
    }

    #[test]
    fn survey_names_what_handbok_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("webb");
        std::fs::create_dir_all(out.join(".well-known")).unwrap();
        std::fs::write(out.join(".well-known/security.txt"), "x").unwrap();
        assert!(survey(&out, record(&out), false).unwrap_err().is_usage());
        assert_eq!(
            survey(&out, record(&out), true).unwrap(),
            [".well-known/security.txt"]
        );
        std::fs::create_dir_all(out.join("tom/inre")).unwrap();
        std::fs::create_dir_all(out.join("z-tom")).unwrap();
        assert_eq!(
            survey(&out, record(&out), true).unwrap(),
            [".well-known/security.txt", "tom/inre", "z-tom"],
            "empty folders are kept too, and only those"
        );
        std::fs::remove_dir_all(out.join("tom")).unwrap();
        std::fs::remove_dir_all(out.join("z-tom")).unwrap();
        assert!(survey(
            &tmp.path().join("ny"),
            record(&tmp.path().join("ny")),
            false
        )
        .unwrap()
        .is_empty());
        std::fs::create_dir_all(out.join(".handbok")).unwrap();
        std::fs::write(out.join(MANIFEST_PATH), "{ inte json").unwrap();
        let damaged = survey(&out, record(&out), true).unwrap_err();
        assert!(
            damaged.message.contains("cannot be read"),
            "{}",
            damaged.message
        );
        std::fs::write(tmp.path().join("fil"), "x").unwrap();
        assert!(survey(
            &tmp.path().join("fil"),
            record(&tmp.path().join("fil")),
            true
        )
        .unwrap_err()
        .is_usage());
    }

    #[test]
    fn a_second_lock_waits() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = lock(&out, || panic!("the first lock does not wait")).unwrap();
        let parent = File::open(tmp.path()).unwrap();
        assert!(parent.try_lock().is_err(), "the folder is locked");
        drop(first);
        assert!(parent.try_lock().is_ok());
    }
}
