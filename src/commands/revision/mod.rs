//! `handbok revision list | new | adopt`: the staff's once-a-term routine.
//!
//! `new` starts the next draft from a copy of a revision, so pages keep their source paths and
//! therefore their URLs; `adopt` records the decision and seals the files, after checking that
//! the whole site builds, so what was decided is exactly what is published.
//!
//! Both are all or nothing: they write into a staging folder outside `content/` and move the
//! result into place with renames at the very end (see [`staging`]), so a run that is killed
//! or fails half-way leaves `content/` and `site.toml` as they were.

mod staging;

use std::path::{Path, PathBuf};

use crate::build::{self, Options};
use crate::model::content::{self, LoadOptions, RevisionMeta, Status, NOT_KNOWN};
use crate::model::diagnostic::Diagnostic;
use crate::model::election::{self, Date};
use crate::model::paths::slash_path;

/// One row of `revision list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    /// `in force`, `adopted` or `draft`.
    pub status: String,
    pub adopted: String,
    pub decided_by: String,
    pub reference: String,
    pub pages: usize,
    /// `sealed`, `CHANGED` or `-`.
    pub seal: String,
    /// When the next revision is due, for the one in force.
    pub next_due: String,
}

/// Every revision (drafts included), oldest first, as of the day `today`.
pub fn list(root: &Path, today: Date) -> Result<Vec<Row>, Vec<Diagnostic>> {
    staging::sweep(root);
    let config = crate::model::config::load(root)?;
    let (site, _) = content::load(
        root,
        config,
        LoadOptions {
            drafts: true,
            internal: true,
            today,
        },
    )?;
    let in_force = site.root_revision().map(|r| r.id.clone());
    Ok(site
        .revisions
        .iter()
        .map(|revision| {
            let meta = &revision.meta;
            let is_in_force =
                in_force.as_deref() == Some(revision.id.as_str()) && meta.status == Status::Adopted;
            let seal = match &meta.seal {
                None => "-".to_string(),
                Some(seal) => {
                    match crate::model::seal::verify(&revision_dir(root, &revision.id), seal) {
                        Ok(None) => "sealed".to_string(),
                        _ => "CHANGED".to_string(),
                    }
                }
            };
            Row {
                id: revision.id.clone(),
                status: match (meta.status, is_in_force) {
                    (Status::Adopted, true) => "in force",
                    (Status::Adopted, false) => "adopted",
                    (Status::Draft, _) => "draft",
                }
                .to_string(),
                adopted: known(meta.adopted.as_deref().unwrap_or("")),
                decided_by: known(&meta.decided_by),
                reference: known(&meta.reference),
                pages: crate::model::routes::page_count(&site, revision),
                seal,
                next_due: meta
                    .adopted_date()
                    .and_then(Date::parse)
                    .filter(|_| is_in_force)
                    .map(|d| election::next_revision_due(d).iso())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

fn known(value: &str) -> String {
    if content::is_not_known(value) {
        if matches!(value.trim(), "") {
            "-".to_string()
        } else {
            "not known".to_string()
        }
    } else {
        value.to_string()
    }
}

/// The rows as an aligned table for the terminal.
pub fn table(rows: &[Row]) -> String {
    let header = [
        "ID",
        "STATUS",
        "ADOPTED",
        "DECIDED BY",
        "REFERENCE",
        "PAGES",
        "SEAL",
        "NEXT DUE",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                r.status.clone(),
                r.adopted.clone(),
                r.decided_by.clone(),
                r.reference.clone(),
                r.pages.to_string(),
                r.seal.clone(),
                r.next_due.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(width - cell.chars().count() + 2));
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(&header.map(String::from));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

/// Starts draft revision `id` as a copy of `from` (default: the newest revision). Returns what
/// was done, for the terminal.
pub fn new(root: &Path, id: &str, from: Option<&str>) -> Result<String, Diagnostic> {
    new_with(root, id, from, &mut |from, to| std::fs::rename(from, to))
}

/// [`new`] with the rename that commits the result passed in, so a test can make the last step
/// fail: as root, which the tests run as, no file permission stops a rename.
fn new_with(
    root: &Path,
    id: &str,
    from: Option<&str>,
    rename: &mut Rename,
) -> Result<String, Diagnostic> {
    if !crate::model::slug::is_slug(id) {
        return Err(
            Diagnostic::global(format!("`{id}` is not a valid revision id"))
                .with_hint("lower-case letters, digits and hyphens, e.g. `2027-2030`"),
        );
    }
    let _lock = lock_site(root)?;
    staging::sweep(root);
    let target = revision_dir(root, id);
    if target.exists() {
        return Err(already_exists(root, id));
    }
    let config = crate::model::config::load(root).map_err(first)?;
    let from = match from {
        Some(from) => from.to_string(),
        None => newest_revision(root, &config.revisions)?,
    };
    let source = revision_dir(root, &from);
    let meta = read_meta(&source, &from)?;
    let stage = staging::Stage::create(root, "new", id)?;
    let staged = stage.path("revision");
    copy_revision(root, &source, &staged)?;
    stage.write(
        root,
        "revision/revision.yaml",
        &draft_meta(&meta, &from, id),
        None,
    )?;
    let staged_toml = stage_site_toml(root, &stage, &config.revisions, id)?;
    commit_new(root, id, &staged, staged_toml.as_deref(), rename)?;
    drop(stage);
    Ok(format!(
        "Started draft revision {id} from {from} in content/{id}/{}",
        if staged_toml.is_some() {
            " and added it to `revisions` in site.toml"
        } else {
            ""
        }
    ))
}

/// How the staged result is moved into place.
type Rename = dyn FnMut(&Path, &Path) -> std::io::Result<()>;

/// The new revision's `revision.yaml`: a draft, titled after the new id.
fn draft_meta(meta: &RevisionMeta, from: &str, id: &str) -> String {
    let title = meta
        .title
        .replace(from, id)
        .replace(&from.replace('-', "–"), &id.replace('-', "–"));
    let decided_by = if meta.decided_by.is_empty() {
        String::new()
    } else {
        format!("decided_by: {}\n", yaml_string(&meta.decided_by))
    };
    format!(
        "# Utkast, startat från {from} med `handbok revision new`.\n\
         # När planen är beslutad: handbok revision adopt {id} --date ÅÅÅÅ-MM-DD --decided-by … --reference …\n\
         status: draft\n\
         title: {}\n\
         {decided_by}",
        yaml_string(&title)
    )
}

/// Moves the staged revision into `content/`, then the staged `site.toml` over the real one.
///
/// Two renames are not one atomic step. The folder goes first: between the two, the site has a
/// complete draft that `site.toml` does not list yet, which `build` reports at `revisions`
/// with the id to add, and which `revision new` explains (see [`already_exists`]). The other
/// order would leave `site.toml` listing a folder that does not exist, and running the command
/// again would list the id twice. Nothing slow happens between the renames, so only a kill in
/// those microseconds finds that state. When `site.toml` cannot be replaced the folder is moved
/// back out, so a failure changes nothing.
fn commit_new(
    root: &Path,
    id: &str,
    staged: &Path,
    staged_toml: Option<&Path>,
    rename: &mut Rename,
) -> Result<(), Diagnostic> {
    let target = revision_dir(root, id);
    // Checked again: the copy takes a while, and on Linux a rename replaces an empty folder.
    if target.exists() {
        return Err(already_exists(root, id));
    }
    rename(staged, &target).map_err(|e| {
        Diagnostic::global(format!(
            "cannot move the new revision into content/{id}/: {e}"
        ))
        .with_hint(format!(
            "nothing was changed. `{}/` must be on the same disk as content/",
            staging::STAGING_DIR
        ))
    })?;
    let Some(staged_toml) = staged_toml else {
        return Ok(());
    };
    let Err(error) = rename(staged_toml, &root.join("site.toml")) else {
        return Ok(());
    };
    let message = format!("cannot replace site.toml: {error}");
    Err(match rename(&target, staged) {
        Ok(()) => Diagnostic::global(message)
            .with_hint("nothing was changed: content/ and site.toml are as they were"),
        Err(undo) => Diagnostic::global(format!(
            "{message}; content/{id}/ is in place but could not be moved back: {undo}"
        ))
        .with_hint(format!(
            "add \"{id}\" to `revisions` in site.toml, or delete content/{id}/ and start again"
        )),
    })
}

/// Why `id` is refused when its folder exists; a draft that `site.toml` does not list is what a
/// `revision new` killed between its two final renames leaves, so the hint says how to finish.
fn already_exists(root: &Path, id: &str) -> Diagnostic {
    let listed = crate::model::config::load(root)
        .map(|c| c.revisions)
        .unwrap_or_default();
    let error = Diagnostic::global(format!("content/{id}/ already exists"));
    if listed.is_empty() || listed.iter().any(|l| l == id) {
        return error.with_hint("a new id, e.g. the next term of office");
    }
    error.with_hint(format!(
        "it is not listed in `revisions` in site.toml, as after an interrupted `revision new`: \
         add \"{id}\" there to keep it, or delete content/{id}/ and start again"
    ))
}

/// Adopts draft revision `id`: checks the site, records the decision and seals the files.
/// One `revision` command at a time in a site: two `revision new` at once would each replace
/// `site.toml` with their own edit, and one would be lost.
fn lock_site(root: &Path) -> Result<crate::output::out_dir::OutputLock, Diagnostic> {
    crate::output::out_dir::lock_folder(root, || {
        eprintln!(
            "Waiting for another handbok command in {} to finish …",
            root.display()
        )
    })
}

pub fn adopt(
    root: &Path,
    id: &str,
    date: &str,
    decided_by: &str,
    reference: &str,
    today: Date,
) -> Result<String, Vec<Diagnostic>> {
    if date != NOT_KNOWN && Date::parse(date).is_none_or(|d| d.iso() != date) {
        return Err(vec![Diagnostic::global(format!("`{date}` is not a date"))
            .with_hint(format!("--date YYYY-MM-DD, or --date {NOT_KNOWN}"))]);
    }
    let _lock = lock_site(root).map_err(|d| vec![d])?;
    let dir = revision_dir(root, id);
    let mut meta = read_meta(&dir, id).map_err(|d| vec![d])?;
    if meta.status == Status::Adopted {
        return Err(vec![Diagnostic::global(format!(
            "revision {id} is already adopted ({}) and sealed",
            meta.adopted.as_deref().unwrap_or(NOT_KNOWN)
        ))
        .with_hint(format!(
            "a new revision for changes: handbok revision new NEW-ID --from {id}"
        ))]);
    }
    // What is sealed must build: check the whole site, drafts included.
    let options = Options {
        root: root.to_path_buf(),
        out: None,
        drafts: true,
        internal: true,
        base_url: None,
        write: false,
        force: false,
        today,
    };
    staging::sweep(root);
    build::run(&options, &indicatif::ProgressBar::hidden())?;
    meta.status = Status::Adopted;
    meta.adopted = Some(date.to_string());
    meta.decided_by = decided_by.to_string();
    meta.reference = reference.to_string();
    meta.seal = Some(crate::model::seal::compute(&dir).map_err(|d| vec![d])?);
    let yaml = crate::model::yaml::to_string(&meta).map_err(|e| {
        vec![Diagnostic::global(format!(
            "cannot write revision.yaml: {e}"
        ))]
    })?;
    let text = format!(
        "# Antagen. Filerna i den här mappen är förseglade: `handbok check` säger till om de ändras.\n\
         # Ändringar görs i en ny revision: handbok revision new NY-ID --from {id}\n{yaml}"
    );
    replace_meta(root, id, &text).map_err(|d| vec![d])?;
    let files = meta.seal.as_ref().map_or(0, |s| s.files.len());
    let noun = if files == 1 { "file" } else { "files" };
    Ok(format!(
        "Adopted revision {id} ({date}, {decided_by}, {reference}); sealed {files} {noun}"
    ))
}

fn revision_dir(root: &Path, id: &str) -> PathBuf {
    root.join("content").join(id)
}

fn first(mut problems: Vec<Diagnostic>) -> Diagnostic {
    if problems.is_empty() {
        Diagnostic::global("cannot read site.toml")
    } else {
        problems.swap_remove(0)
    }
}

/// The last revision in the site's order (site.toml's `revisions`, else folder names).
fn newest_revision(root: &Path, order: &[String]) -> Result<String, Diagnostic> {
    if let Some(last) = order.last() {
        return Ok(last.clone());
    }
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content"))
        .map_err(|e| Diagnostic::global(format!("cannot read content/: {e}")))?
        .filter_map(Result::ok)
        .filter(|e| e.path().join("revision.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids.pop().ok_or_else(|| {
        Diagnostic::global("no revision to start from in content/")
            .with_hint("--from ID, or a folder content/<id>/ with revision.yaml")
    })
}

fn read_meta(dir: &Path, id: &str) -> Result<RevisionMeta, Diagnostic> {
    let path = dir.join("revision.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::global(format!(
            "no revision {id}: cannot read content/{id}/revision.yaml: {e}"
        ))
        .with_hint("the id of a folder under content/ (see `handbok revision list`)")
    })?;
    content::parse_revision_meta(Path::new(&format!("content/{id}/revision.yaml")), &text)
}

/// Copies every file but `revision.yaml` and hidden files (editor swap files, `.git`).
fn copy_revision(root: &Path, source: &Path, target: &Path) -> Result<(), Diagnostic> {
    // The same files the loader reads: symbolic links inside the site are followed (the new
    // revision gets a copy of what they point at, so it stands on its own), others refused.
    let (entries, mut refused) =
        crate::model::walk::SiteFence::new(root).files(source, crate::model::walk::Hidden::Skip);
    if !refused.is_empty() {
        return Err(refused.swap_remove(0));
    }
    for entry in entries {
        let rel_path = slash_path(source, entry.path());
        if rel_path == "revision.yaml" {
            continue;
        }
        let to = target.join(&rel_path);
        let copied = match to.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| std::fs::copy(entry.path(), &to));
        copied.map_err(|e| {
            let shown = crate::model::paths::display_path(root, entry.path());
            copy_error(format!(
                "cannot copy {} into the new revision: {e}",
                shown.display()
            ))
        })?;
    }
    Ok(())
}

fn copy_error(message: String) -> Diagnostic {
    Diagnostic::global(message).with_hint(
        "nothing was changed: content/ and site.toml are as they were. Free disk space or fix \
         the file, then run the command again",
    )
}

/// Stages `site.toml` with `id` appended to `revisions`, when the site lists its revisions
/// there, keeping the file's comments and layout. `None` when there is nothing to change.
fn stage_site_toml(
    root: &Path,
    stage: &staging::Stage,
    listed: &[String],
    id: &str,
) -> Result<Option<PathBuf>, Diagnostic> {
    if listed.is_empty() {
        return Ok(None);
    }
    let path = root.join("site.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::global(format!("cannot read site.toml: {e}"))
            .with_hint("nothing was changed: content/ and site.toml are as they were")
    })?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Diagnostic::global(format!("cannot edit site.toml: {e}")))?;
    let Some(array) = document
        .get_mut("revisions")
        .and_then(|item| item.as_array_mut())
    else {
        return Ok(None);
    };
    array.push(id);
    stage
        .write(root, "site.toml", &document.to_string(), Some(&path))
        .map(Some)
}

/// Replaces `content/<id>/revision.yaml` with one rename from the staging folder, so a kill
/// leaves the old file or the new one, never half of one and never a temporary file in
/// `content/`.
fn replace_meta(root: &Path, id: &str, text: &str) -> Result<(), Diagnostic> {
    let path = revision_dir(root, id).join("revision.yaml");
    let stage = staging::Stage::create(root, "adopt", id)?;
    let staged = stage.write(root, "revision.yaml", text, Some(&path))?;
    std::fs::rename(&staged, &path).map_err(|e| {
        Diagnostic::global(format!("cannot replace content/{id}/revision.yaml: {e}"))
            .with_hint("nothing was changed: the revision is still a draft")
    })
}

/// A YAML string in double quotes, escaped the JSON way (valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let row = Row {
            id: "2023-2026".into(),
            status: "in force".into(),
            adopted: "2023-05-11".into(),
            decided_by: "Kommunstyrelsen".into(),
            reference: "KS 2023/1".into(),
            pages: 42,
            seal: "sealed".into(),
            next_due: "2025-12-31".into(),
        };
        let shown = table(&[row]);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(
            lines[0].find("STATUS"),
            lines[1].find("in force"),
            "{shown}"
        );
        assert!(lines[1].ends_with("2025-12-31"));
    }

    /// A copy of the `basic` fixture whose site.toml lists its revisions, so `new` has both
    /// renames to make.
    fn listed_site() -> tempfile::TempDir {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let root = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = root
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let site_toml = root.path().join("site.toml");
        let config = std::fs::read_to_string(&site_toml).unwrap();
        let listed = "revisions = [\"2019-2022\", \"2023-2026\", \"2027-2030\"]\n";
        std::fs::write(&site_toml, format!("{listed}{config}")).unwrap();
        root
    }

    /// Every path and its bytes under the site root.
    fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .map(|e| {
                (
                    slash_path(root, e.path()),
                    std::fs::read(e.path()).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// A rename that fails when it would replace site.toml, and for the `undo` calls after.
    fn failing_site_toml(undo_fails: bool) -> impl FnMut(&Path, &Path) -> std::io::Result<()> {
        let mut failed = false;
        move |from, to| {
            if to.ends_with("site.toml") || failed && undo_fails {
                failed = true;
                return Err(std::io::Error::other("injected failure"));
            }
            std::fs::rename(from, to)
        }
    }

    #[test]
    fn a_failing_site_toml_rename_moves_the_new_revision_back_out() {
        let root = listed_site();
        let before = snapshot(root.path());
        let error = new_with(
            root.path(),
            "2031-2034",
            None,
            &mut failing_site_toml(false),
        )
        .unwrap_err()
        .render();
        assert!(
            error.contains("cannot replace site.toml: injected failure"),
            "{error}"
        );
        assert!(error.contains("nothing was changed"), "{error}");
        assert_eq!(
            snapshot(root.path()),
            before,
            "content/, site.toml, no staging left"
        );
        // And the command then works.
        new(root.path(), "2031-2034", None).unwrap();
        assert!(root.path().join("content/2031-2034/_index.md").is_file());
        assert!(!root.path().join(staging::STAGING_DIR).exists());
    }

    #[test]
    fn a_failed_undo_says_what_is_left_and_how_to_finish() {
        let root = listed_site();
        let error = new_with(root.path(), "2031-2034", None, &mut failing_site_toml(true))
            .unwrap_err()
            .render();
        assert!(
            error.contains("content/2031-2034/ is in place but could not be moved back"),
            "{error}"
        );
        assert!(
            error.contains("add \"2031-2034\" to `revisions`"),
            "{error}"
        );
        assert!(root
            .path()
            .join("content/2031-2034/revision.yaml")
            .is_file());
        assert!(!root.path().join(staging::STAGING_DIR).exists());
        // The next `revision new` explains the unlisted folder the same way.
        let again = new(root.path(), "2031-2034", None).unwrap_err().render();
        assert!(again.contains("not listed in `revisions`"), "{again}");
    }

    #[test]
    fn a_failing_folder_rename_changes_nothing() {
        let root = listed_site();
        let before = snapshot(root.path());
        let mut rename = |_: &Path, _: &Path| Err(std::io::Error::other("injected failure"));
        let error = new_with(root.path(), "2031-2034", None, &mut rename)
            .unwrap_err()
            .render();
        assert!(
            error.contains("cannot move the new revision into content/2031-2034/"),
            "{error}"
        );
        assert_eq!(snapshot(root.path()), before);
    }

    #[test]
    fn yaml_strings_are_quoted() {
        assert_eq!(
            yaml_string("Handlingsplan 2027–2030"),
            "\"Handlingsplan 2027–2030\""
        );
        assert_eq!(yaml_string("a \"b\""), "\"a \\\"b\\\"\"");
    }
}
