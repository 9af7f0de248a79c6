//! A staging folder for `revision new` and `revision adopt`, so that a run that is killed or
//! fails half-way leaves `content/` and `site.toml` exactly as they were.
//!
//! Everything a command writes goes first to `<root>/.handbok-staging/<kind>-<id>-<pid>/`:
//! outside `content/`, so neither the loader nor a seal ever sees a half copy, and on the same
//! filesystem as `content/`, so the finished result moves into place with `rename`, which
//! replaces or creates a name in one step. A run that ends without committing (an error, a
//! panic) removes its folder on the way out; a killed run cannot, so the next `revision`
//! command removes what such runs left, recognising them by the naming scheme and by their
//! process no longer running.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::model::diagnostic::Diagnostic;

/// In the site root, hidden, and listed in `.gitignore`.
pub const STAGING_DIR: &str = ".handbok-staging";

/// The commands that stage; only folders named after them are ever swept away.
const KINDS: [&str; 2] = ["new", "adopt"];

/// Without `/proc` a leftover's owner cannot be asked, so only entries this old are taken to
/// be from a killed run: no `revision` command runs for an hour.
const ABANDONED_AFTER: Duration = Duration::from_secs(60 * 60);

/// This run's folder under `.handbok-staging/`; removed when dropped, so every early return
/// cleans up after itself.
pub struct Stage {
    dir: PathBuf,
}

impl Stage {
    pub fn create(root: &Path, kind: &str, id: &str) -> Result<Stage, Diagnostic> {
        let dir = root
            .join(STAGING_DIR)
            .join(format!("{kind}-{id}-{}", std::process::id()));
        // Our own pid on an existing folder means a dead run's pid was reused: ours to replace.
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| cannot_stage(root, &dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| cannot_stage(root, &dir, e))?;
        Ok(Stage { dir })
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Writes a staged file and flushes it to disk before it is renamed into place, so even a
    /// power cut after the rename finds the whole file; `like` lends it the permissions of the
    /// file it will replace, as an edit in place would keep them.
    pub fn write(
        &self,
        root: &Path,
        rel: &str,
        text: &str,
        like: Option<&Path>,
    ) -> Result<PathBuf, Diagnostic> {
        let path = self.path(rel);
        let written = (|| {
            let mut file = std::fs::File::create(&path)?;
            file.write_all(text.as_bytes())?;
            if let Some(metadata) = like.and_then(|l| std::fs::metadata(l).ok()) {
                file.set_permissions(metadata.permissions())?;
            }
            file.sync_all()
        })();
        written.map_err(|e| cannot_stage(root, &path, e))?;
        Ok(path)
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(parent) = self.dir.parent() {
            // Fails, as it should, while another run or a foreign file is still in there.
            let _ = std::fs::remove_dir(parent);
        }
    }
}

/// Removes what killed runs left in `.handbok-staging/`, and the folder when it is empty.
/// Best effort: a leftover that cannot be removed is in nobody's way (every run stages under
/// its own pid), so it does not stop the command.
pub fn sweep(root: &Path) {
    let parent = root.join(STAGING_DIR);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = owner_pid(&name) else {
            continue;
        };
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        if !may_be_running(pid, modified) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let _ = std::fs::remove_dir(&parent);
}

/// The pid in a name of handbok's own scheme, `<kind>-<revision id>-<pid>`; `None` for
/// anything else, which is left alone.
fn owner_pid(name: &str) -> Option<u32> {
    let (rest, pid) = name.rsplit_once('-')?;
    let (kind, id) = rest.split_once('-')?;
    let ours = KINDS.contains(&kind)
        && crate::model::slug::is_slug(id)
        && !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit());
    ours.then(|| pid.parse().ok()).flatten()
}

/// Whether the run that staged under `pid` may still be going: two `revision` commands at
/// once must not sweep each other's folders. A pid reused by an unrelated process only keeps
/// a leftover until a later run.
fn may_be_running(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    modified
        .and_then(|m| m.elapsed().ok())
        .is_none_or(|age| age < ABANDONED_AFTER)
}

fn cannot_stage(root: &Path, path: &Path, error: std::io::Error) -> Diagnostic {
    Diagnostic::global(format!(
        "cannot write {}: {error}",
        crate::model::paths::display_path(root, path).display()
    ))
    .with_hint(format!(
        "nothing was changed: content/ and site.toml are as they were. Free disk space or \
         make the site folder writable, then run the command again ({STAGING_DIR}/ holds work \
         in progress and may be deleted)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_handbok_names_are_leftovers() {
        assert_eq!(owner_pid("new-2031-2034-4242"), Some(4242));
        assert_eq!(owner_pid("adopt-2027-2030-7"), Some(7));
        for foreign in [
            "notes.txt",
            "new-12",
            "new--12",
            "build-2031-2034-12",
            "new-Ny Plan-12",
            "new-2031-2034-12x",
        ] {
            assert_eq!(owner_pid(foreign), None, "{foreign}");
        }
    }

    #[test]
    fn sweep_removes_dead_runs_and_keeps_live_ones_and_foreign_files() {
        let root = tempfile::tempdir().unwrap();
        let staging = root.path().join(STAGING_DIR);
        // Above any pid_max, so never a running process.
        let dead = staging.join("new-2031-2034-999999999");
        let live = staging.join(format!("adopt-2027-2030-{}", std::process::id()));
        let foreign = staging.join("mina-anteckningar");
        for dir in [&dead, &live, &foreign] {
            std::fs::create_dir_all(dir.join("plan")).unwrap();
            std::fs::write(dir.join("plan/alfa.md"), "x").unwrap();
        }
        sweep(root.path());
        assert!(!dead.exists());
        assert!(live.exists() && foreign.exists());
        std::fs::remove_dir_all(&live).unwrap();
        std::fs::remove_dir_all(&foreign).unwrap();
        sweep(root.path());
        assert!(!staging.exists(), "an empty staging folder is removed");
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        {
            let stage = Stage::create(root.path(), "new", "2031-2034").unwrap();
            std::fs::create_dir(stage.path("revision")).unwrap();
            stage
                .write(
                    root.path(),
                    "revision/revision.yaml",
                    "status: draft\n",
                    None,
                )
                .unwrap();
        }
        assert!(!root.path().join(STAGING_DIR).exists());
    }
}
