//! Walking the site's source folders (a revision, a theme).
//!
//! Staff link files into `content/` instead of copying them, so a symbolic link is followed,
//! but only while it stays inside the site folder: a link to `/etc/passwd` or to a private
//! folder would otherwise publish it. A link that cannot be followed (outside, broken, a loop)
//! is an error at its path, never skipped in silence, so a page cannot vanish from the site
//! without a word. The loader, the seal and the build caches walk the same way, so they all see
//! the same files.

use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::model::diagnostic::Diagnostic;
use crate::model::paths::display_path;

/// The site folder a walk must stay inside.
#[derive(Debug, Clone)]
pub struct SiteFence {
    /// As given, to show paths relative to it.
    root: PathBuf,
    /// Resolved once, so every link's target is compared with the same real path.
    canonical: PathBuf,
}

/// Which files a walk leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Names starting with `.` below the top (editor swap files, `.git`), as the loader does.
    Skip,
    Keep,
}

impl SiteFence {
    pub fn new(root: &Path) -> SiteFence {
        SiteFence {
            root: root.to_path_buf(),
            canonical: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// The fence of the site holding the revision folder `dir` (`<root>/content/<id>`), for
    /// callers that only know the folder.
    pub fn around_revision(dir: &Path) -> SiteFence {
        let root = dir.parent().and_then(Path::parent).unwrap_or(dir);
        SiteFence::new(root)
    }

    /// Every regular file under `dir`, in name order, with symbolic links inside the site
    /// followed; every link that could not be followed comes back as a problem.
    pub fn files(&self, dir: &Path, hidden: Hidden) -> (Vec<DirEntry>, Vec<Diagnostic>) {
        let (files, problems) = self.files_and_problem_paths(dir, hidden);
        (files, problems.into_iter().map(|(_, p)| p).collect())
    }

    /// [`SiteFence::files`] with the path each problem is at, so a caller that walked with
    /// [`Hidden::Keep`] can still leave out the problems a [`Hidden::Skip`] walk would not meet.
    pub fn files_and_problem_paths(
        &self,
        dir: &Path,
        hidden: Hidden,
    ) -> (Vec<DirEntry>, Vec<(PathBuf, Diagnostic)>) {
        if let Some(outside) = self.folder_outside(dir) {
            return (Vec::new(), vec![(dir.to_path_buf(), outside)]);
        }
        let mut refused = Vec::new();
        let walker = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if hidden == Hidden::Skip && entry.depth() > 0 && is_dot_file(entry) {
                    return false;
                }
                if !entry.path_is_symlink() {
                    return true;
                }
                match self.outside(entry.path()) {
                    Some(problem) => {
                        refused.push((entry.path().to_path_buf(), problem));
                        false
                    }
                    None => true,
                }
            });
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => files.push(entry),
                Ok(_) => {}
                Err(e) => problems.push((
                    e.path().unwrap_or(dir).to_path_buf(),
                    self.walk_error(dir, &e),
                )),
            }
        }
        problems.append(&mut refused);
        (files, problems)
    }

    fn shown(&self, path: &Path) -> String {
        display_path(&self.root, path).display().to_string()
    }

    /// A file read on its own (not walked), judged as a walk would judge it: `None` unless it
    /// is a symbolic link that is broken or leads out of the site folder.
    pub fn check_file(&self, path: &Path) -> Option<Diagnostic> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        is_link.then(|| self.outside(path)).flatten()
    }

    /// A folder that is walked but lies outside the site folder, because it or a folder above
    /// it (`content/` itself, `themes/default`) is a symbolic link out of it.
    fn folder_outside(&self, dir: &Path) -> Option<Diagnostic> {
        let real = std::fs::canonicalize(dir).ok()?;
        (!real.starts_with(&self.canonical)).then(|| {
            Diagnostic::global(format!(
                "{} leads to {}, outside the site folder (through a symbolic link)",
                self.shown(dir),
                real.display()
            ))
            .with_hint(
                "the folder itself inside the site folder: a link out of it could publish private files",
            )
        })
    }

    /// A link whose target lies outside the site folder.
    fn outside(&self, link: &Path) -> Option<Diagnostic> {
        let Ok(target) = std::fs::canonicalize(link) else {
            return Some(self.broken(link));
        };
        if target.starts_with(&self.canonical) {
            return None;
        }
        Some(
            Diagnostic::global(format!(
                "{} is a symbolic link to {}, outside the site folder",
                self.shown(link),
                target.display()
            ))
            .with_hint(
                "a copy of the file inside the site folder: a link out of it could publish a private file",
            ),
        )
    }

    fn broken(&self, link: &Path) -> Diagnostic {
        let target = std::fs::read_link(link).unwrap_or_default();
        Diagnostic::global(format!(
            "{} is a symbolic link to {}, which does not exist",
            self.shown(link),
            target.display()
        ))
        .with_hint("remove the link, or point it at a file inside the site folder")
    }

    fn walk_error(&self, dir: &Path, error: &walkdir::Error) -> Diagnostic {
        let path = error.path().unwrap_or(dir);
        if let Some(ancestor) = error.loop_ancestor() {
            return Diagnostic::global(format!(
                "{} is a symbolic link to {}, a folder that holds the link itself (a loop)",
                self.shown(path),
                self.shown(ancestor)
            ))
            .with_hint("remove the link, or point it at a folder that does not contain it");
        }
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && std::fs::metadata(path).is_err() {
            return self.broken(path);
        }
        Diagnostic::global(format!("cannot read {}: {error}", self.shown(path)))
    }
}

fn is_dot_file(entry: &DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(files: &[DirEntry], base: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| crate::model::paths::slash_path(base, f.path()))
            .collect()
    }

    #[test]
    fn follows_links_inside_the_site_and_refuses_the_rest() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/r");
        std::fs::create_dir_all(dir.join("plan")).unwrap();
        std::fs::create_dir_all(site.path().join("delat")).unwrap();
        std::fs::write(site.path().join("delat/a.md"), "a").unwrap();
        std::fs::write(outside.path().join("hemlig.md"), "x").unwrap();
        symlink(site.path().join("delat/a.md"), dir.join("plan/a.md")).unwrap();
        symlink(site.path().join("delat"), dir.join("delat")).unwrap();
        symlink(outside.path().join("hemlig.md"), dir.join("plan/hemlig.md")).unwrap();
        symlink("finns-inte.md", dir.join("plan/trasig.md")).unwrap();
        symlink("..", dir.join("plan/runt")).unwrap();
        std::fs::write(dir.join(".swp"), "x").unwrap();

        let (files, problems) = SiteFence::new(site.path()).files(&dir, Hidden::Skip);
        assert_eq!(names(&files, &dir), ["delat/a.md", "plan/a.md"]);
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m
            .starts_with("content/r/plan/hemlig.md is a symbolic link to /")
            && m.ends_with("outside the site folder")));
        assert!(messages.contains(
            &"content/r/plan/trasig.md is a symbolic link to finns-inte.md, which does not exist"
        ));
        assert!(messages
            .iter()
            .any(|m| m.starts_with("content/r/plan/runt is a symbolic link to content/r,")));
    }

    #[test]
    fn a_single_file_is_judged_like_a_walked_one() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("sv.toml"), "").unwrap();
        std::fs::write(outside.path().join("sv.toml"), "").unwrap();
        symlink(site.path().join("sv.toml"), site.path().join("in.toml")).unwrap();
        symlink(outside.path().join("sv.toml"), site.path().join("ut.toml")).unwrap();
        let fence = SiteFence::new(site.path());
        assert_eq!(fence.check_file(&site.path().join("sv.toml")), None);
        assert_eq!(fence.check_file(&site.path().join("in.toml")), None);
        assert_eq!(fence.check_file(&site.path().join("saknas.toml")), None);
        let refused = fence.check_file(&site.path().join("ut.toml"));
        assert!(refused.is_some_and(|d| d.message.starts_with("ut.toml is a symbolic link to /")));
    }

    #[test]
    fn a_walked_folder_that_leads_out_of_the_site_is_refused() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("a.md"), "a").unwrap();
        symlink(outside.path(), site.path().join("content")).unwrap();
        let (files, problems) =
            SiteFence::new(site.path()).files(&site.path().join("content"), Hidden::Skip);
        assert!(files.is_empty());
        assert!(
            problems[0].message.starts_with("content leads to /"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn hidden_files_are_kept_when_asked() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join(".keep"), "").unwrap();
        let (files, problems) = SiteFence::new(site.path()).files(site.path(), Hidden::Keep);
        assert_eq!(names(&files, site.path()), [".keep"]);
        assert!(problems.is_empty());
    }
}
