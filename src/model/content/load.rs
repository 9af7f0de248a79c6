//! Reads `content/` into the [`Site`] model. The only place that reads content files.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    definitions, exercises, frontmatter, revision_yaml, Asset, Page, Revision, RevisionMeta, Site,
    SourceFile, Status, Visibility,
};
use crate::model::config::Config;
use crate::model::diagnostic::Diagnostic;
use crate::model::election::{self, Date};
use crate::model::paths::{display_path, source_path};
use crate::model::source_folder::{SourceEntry, SourceFolder};
use crate::model::walk::{Hidden, SiteFence};

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Include draft pages and draft revisions.
    pub drafts: bool,
    /// Include `visibility: internal` pages (for the staff's own copy of the site).
    pub internal: bool,
    /// The day of the build ([`Date::of_build`]): whether a revision is overdue depends on it.
    pub today: Date,
}

/// Builds the model. Problems in single files do not stop loading: the site comes back with
/// every file that could be read, beside every problem found, so one build reports them all.
/// Only a missing `content/` folder is fatal.
pub fn load(
    root: &Path,
    config: Config,
    options: LoadOptions,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let content_dir = root.join("content");
    let entries = std::fs::read_dir(&content_dir).map_err(|e| {
        vec![
            Diagnostic::global(format!("cannot read {}: {e}", content_dir.display()))
                .with_hint("a folder `content/` with one folder per revision"),
        ]
    })?;
    let mut revision_dirs: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir() && !is_hidden(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    revision_dirs.sort();
    let mut problems = order_revisions(root, &config, &mut revision_dirs);
    let fence = SiteFence::new(root);
    let mut revisions = Vec::new();
    let mut meta_files = Vec::new();
    for dir in revision_dirs {
        match load_revision(&fence, root, &dir, options, &mut problems) {
            Ok(Some((revision, meta_file))) => {
                revisions.push(revision);
                meta_files.push(meta_file);
            }
            Ok(None) => {}
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    problems.extend(revision_due(&revisions, &meta_files, options.today));
    if revisions.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::global(format!("no revision to build in {}", content_dir.display()))
                .with_hint("a folder like content/2023-2026/ with revision.yaml and _index.md (draft revisions need --drafts)"),
        );
    }
    let site = Site {
        root: root.to_path_buf(),
        config,
        revisions,
        today: options.today,
    };
    Ok((site, problems))
}

/// Puts the revision folders in the order `site.toml` lists them, when it does; every folder
/// must be listed and every listed id must have a folder.
fn order_revisions(root: &Path, config: &Config, dirs: &mut [PathBuf]) -> Vec<Diagnostic> {
    if config.revisions.is_empty() {
        return Vec::new();
    }
    let site_toml = root.join("site.toml");
    let text = &config.site_toml;
    let shown = display_path(root, &site_toml);
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("revisions"))
        .map_or(1, |i| i + 1);
    let id_of = |dir: &PathBuf| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    for dir in dirs.iter() {
        let id = id_of(dir);
        if !config.revisions.contains(&id) {
            problems.push(
                Diagnostic::at_line_col(
                    &shown,
                    text,
                    line,
                    1,
                    format!("content/{id}/ is not listed in `revisions`"),
                )
                .with_hint(format!(
                    "add \"{id}\" to `revisions`, in order, oldest first"
                )),
            );
        }
    }
    for id in &config.revisions {
        if !dirs.iter().any(|d| id_of(d) == *id) {
            problems.push(
                Diagnostic::at_line_col(
                    &shown,
                    text,
                    line,
                    1,
                    format!("`revisions` lists \"{id}\", but there is no folder content/{id}/"),
                )
                .with_hint("an id with a folder under content/"),
            );
        }
    }
    dirs.sort_by_key(|d| config.revisions.iter().position(|id| *id == id_of(d)));
    problems
}

/// Warns when the plan in force is older than its revision due date (the plan's own rule: a new
/// revision adopted by 31 December of the year before each ordinary election) and no newer
/// revision is adopted.
fn revision_due(
    revisions: &[Revision],
    meta_files: &[Arc<SourceFile>],
    today: Date,
) -> Option<Diagnostic> {
    let (index, current) = revisions
        .iter()
        .enumerate()
        .rfind(|(_, r)| r.meta.status == Status::Adopted)?;
    let adopted = Date::parse(current.meta.adopted_date()?)?;
    let due = election::next_revision_due(adopted);
    if today <= due {
        return None;
    }
    let file = &meta_files[index];
    let line = crate::model::yaml::line_of_top_key(&file.text, "adopted").unwrap_or(1);
    Some(
        Diagnostic::at_line_col(
            &file.path,
            &file.text,
            line,
            1,
            format!(
                "revision {} is the plan in force, but the next revision was due by {} (the year before the {} election)",
                current.id,
                due.swedish(),
                due.year + 1
            ),
        )
        .with_hint("a newer adopted revision: `handbok revision new` and, once decided, `handbok revision adopt`")
        .warning(),
    )
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') && !name.ends_with(".md")
}

fn read(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let shown = display_path(root, path);
    let text = crate::model::paths::read_source(path, &shown)?;
    Ok(Arc::new(SourceFile { path: shown, text }))
}

/// A file of the folder as text, from the bytes the folder was read with.
fn source_file(root: &Path, entry: &SourceEntry) -> Result<Arc<SourceFile>, Diagnostic> {
    let shown = display_path(root, &entry.path);
    let bytes = entry.bytes_or_problem()?.to_vec();
    let text = crate::model::paths::source_text(bytes, &shown)?;
    Ok(Arc::new(SourceFile { path: shown, text }))
}

/// Reads one revision folder. Problems in its files go to `problems`; the revision comes back
/// without those files (their paths listed in `unreadable`) unless it cannot be built at all.
fn load_revision(
    fence: &SiteFence,
    root: &Path,
    dir: &Path,
    options: LoadOptions,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<(Revision, Arc<SourceFile>)>, Vec<Diagnostic>> {
    let shown_dir = display_path(root, dir);
    let id = revision_id(dir, &shown_dir)?;
    let meta_file = read_meta_file(root, dir, &shown_dir)?;
    let meta = revision_yaml::parse(&meta_file.path, &meta_file.text).map_err(|d| vec![d])?;
    if meta.status == Status::Draft && !options.drafts {
        return Ok(None);
    }
    problems.extend(revision_yaml::warnings(
        &meta_file.path,
        &meta_file.text,
        &meta,
    ));
    // Every file read once, `revision.yaml` as already read: the seal, the pages and the key
    // all come from these bytes.
    let given = HashMap::from([(
        dir.join("revision.yaml"),
        Arc::<[u8]>::from(meta_file.text.as_bytes()),
    )]);
    let folder = SourceFolder::read_given(fence, dir, &given);
    // The seal is checked while the pages are parsed, on every core.
    let ((seal_problem, sealed_key), loaded_pages) = rayon::join(
        || check_seal(&folder, &id, &meta, &meta_file),
        || read_pages(root, &folder),
    );
    let walk_problems = folder.problems(Hidden::Skip);
    // A link the walk refused also stops the seal: it is reported once, by the walk.
    problems.extend(seal_problem.filter(|p| !walk_problems.contains(p)));
    problems.extend(walk_problems);

    let mut files = RevisionFiles::default();
    for (entry, loaded_page) in folder.files(Hidden::Skip).zip(loaded_pages) {
        files.add(root, dir, entry, loaded_page, options, problems);
    }
    let content_key = sealed_key.unwrap_or_else(|| folder.key());
    problems.extend(files.problems(root, &shown_dir));
    if !files.sections.contains("") {
        if !files.unreadable.iter().any(|p| p == "_index.md") {
            problems.push(
                Diagnostic::global(format!(
                    "revision {} has no start page",
                    shown_dir.display()
                ))
                .with_hint(format!("a file {}/_index.md", shown_dir.display())),
            );
        }
        return Ok(None);
    }
    Ok(Some((
        files.into_revision(id, meta, content_key),
        meta_file,
    )))
}

/// The revision id is its folder's name, and it appears in every URL of the revision.
fn revision_id(dir: &Path, shown_dir: &Path) -> Result<String, Vec<Diagnostic>> {
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !crate::model::slug::is_slug(&id) {
        return Err(vec![Diagnostic::global(format!(
            "revision folder `{}` is not a valid revision id",
            shown_dir.display()
        ))
        .with_hint(
            "a name of lower-case letters, digits and hyphens, e.g. `2023-2026`",
        )]);
    }
    Ok(id)
}

/// `revision.yaml`, without which a folder is not a revision.
fn read_meta_file(
    root: &Path,
    dir: &Path,
    shown_dir: &Path,
) -> Result<Arc<SourceFile>, Vec<Diagnostic>> {
    read(root, &dir.join("revision.yaml")).map_err(|d| match d.location {
        Some(_) => vec![d],
        None => vec![d.with_hint(format!(
            "a file {}/revision.yaml with `status: draft` or `status: adopted`",
            shown_dir.display()
        ))],
    })
}

/// The files of one revision folder, sorted by what they are as they are read.
#[derive(Default)]
struct RevisionFiles {
    pages: Vec<Page>,
    assets: Vec<Asset>,
    terms: Vec<super::Term>,
    terms_file: Option<Arc<SourceFile>>,
    checklists: Vec<exercises::Checklist>,
    quizzes: Vec<exercises::Quiz>,
    unreadable: Vec<String>,
    withheld: Vec<String>,
    /// Folders holding pages, each of which needs a section page (`_index.md`) of its own.
    folders_with_pages: BTreeSet<String>,
    /// Folders with a section page; `""` is the start page.
    sections: HashSet<String>,
}

impl RevisionFiles {
    /// Sorts in one file of the folder; `loaded_page` is the page already read for a Markdown
    /// file ([`read_pages`]).
    fn add(
        &mut self,
        root: &Path,
        dir: &Path,
        entry: &SourceEntry,
        loaded_page: Option<Result<Page, Diagnostic>>,
        options: LoadOptions,
        problems: &mut Vec<Diagnostic>,
    ) {
        let path = entry.path.as_path();
        let rel_path = source_path(dir, path);
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match (rel_path.as_str(), extension) {
            ("revision.yaml", _) => {}
            ("definitions.yaml", _) => self.add_definitions(root, entry, rel_path, problems),
            (_, "md") => {
                let page = loaded_page.unwrap_or_else(|| load_page(root, entry, &rel_path));
                self.add_page(page, rel_path, options, problems);
            }
            (_, "yaml") if rel_path.starts_with("checklists/") => {
                let parsed = load_data(root, entry, exercises::parse_checklist);
                let kept = keep(parsed, &rel_path, problems, &mut self.unreadable);
                self.checklists.extend(kept);
            }
            (_, "yaml") if rel_path.starts_with("quizzes/") => {
                let parsed = load_data(root, entry, exercises::parse_quiz);
                let kept = keep(parsed, &rel_path, problems, &mut self.unreadable);
                self.quizzes.extend(kept);
            }
            // Other YAML is data for later stages, never published as it is.
            (_, "yaml" | "yml") => {}
            _ => match entry
                .bytes_or_problem()
                .and_then(|bytes| asset(root, path, rel_path, Arc::clone(bytes)))
            {
                Ok(asset) => self.assets.push(asset),
                Err(d) => problems.push(d),
            },
        }
    }

    fn add_definitions(
        &mut self,
        root: &Path,
        entry: &SourceEntry,
        rel_path: String,
        problems: &mut Vec<Diagnostic>,
    ) {
        match source_file(root, entry) {
            Ok(file) => {
                match definitions::parse(&file.path, &file.text) {
                    Ok(parsed) => self.terms = parsed,
                    Err(mut errors) => {
                        problems.append(&mut errors);
                        self.unreadable.push(rel_path);
                    }
                }
                self.terms_file = Some(file);
            }
            Err(d) => problems.push(d),
        }
    }

    /// Drafts and internal pages stay out unless asked for; internal ones are remembered so
    /// links to them are not reported as broken.
    fn add_page(
        &mut self,
        page: Result<Page, Diagnostic>,
        rel_path: String,
        options: LoadOptions,
        problems: &mut Vec<Diagnostic>,
    ) {
        match page {
            Ok(page) => {
                if page.front.draft && !options.drafts {
                    return;
                }
                if page.front.visibility == Visibility::Internal && !options.internal {
                    self.withheld.push(rel_path);
                    return;
                }
                let folder = parent_folder(&rel_path);
                if page.is_section {
                    self.sections.insert(folder);
                } else {
                    self.folders_with_pages.insert(folder);
                }
                self.pages.push(page);
            }
            Err(d) => {
                problems.push(d);
                self.unreadable.push(rel_path);
            }
        }
    }

    /// What is wrong with the files together: two files at one address, two exercises with one
    /// id, folders of pages without a section page.
    fn problems(&self, root: &Path, shown_dir: &Path) -> Vec<Diagnostic> {
        let mut problems = same_address(&self.pages, &self.assets, root);
        problems.extend(exercises::duplicate_file_ids(
            self.checklists
                .iter()
                .map(|c| (c.id.as_str(), shown_source(&c.source))),
            "checklist",
        ));
        problems.extend(exercises::duplicate_file_ids(
            self.quizzes
                .iter()
                .map(|q| (q.id.as_str(), shown_source(&q.source))),
            "quiz",
        ));
        let sections = self.sections.iter().cloned().collect();
        for folder in self.folders_with_pages.difference(&sections) {
            let shown = if folder.is_empty() {
                shown_dir.display().to_string()
            } else {
                format!("{}/{folder}", shown_dir.display())
            };
            problems.push(
                Diagnostic::global(format!("folder {shown} has pages but no _index.md"))
                    .with_hint(format!("a section page {shown}/_index.md with a title")),
            );
        }
        problems
    }

    fn into_revision(
        self,
        id: String,
        meta: RevisionMeta,
        content_key: crate::model::hash::Key,
    ) -> Revision {
        Revision {
            id,
            meta,
            pages: self.pages,
            terms: self.terms,
            terms_file: self.terms_file,
            checklists: self.checklists,
            quizzes: self.quizzes,
            assets: self.assets,
            unreadable: self.unreadable,
            withheld: self.withheld,
            content_key,
        }
    }
}

/// A loaded page (or its problem) for each Markdown file, `None` for other files.
type LoadedPages = Vec<Option<Result<Page, Diagnostic>>>;

/// For every file of the revision folder in name order (hidden ones left out), its page parsed
/// from the bytes already read, on every core; the rest is parsed in order by the caller.
fn read_pages(root: &Path, folder: &SourceFolder) -> LoadedPages {
    let files: Vec<&SourceEntry> = folder.files(Hidden::Skip).collect();
    files
        .par_iter()
        .map(|entry| {
            let is_page = entry.path.extension().is_some_and(|e| e == "md");
            is_page.then(|| load_page(root, entry, &source_path(&folder.dir, &entry.path)))
        })
        .collect()
}

/// A sealed revision whose files changed is an error naming them; an adopted revision without a
/// seal is a warning (it was marked adopted by hand, so nothing guards it). An intact seal
/// comes back as the key of the folder's content ([`crate::model::seal::content_key`]).
fn check_seal(
    folder: &SourceFolder,
    id: &str,
    meta: &RevisionMeta,
    meta_file: &SourceFile,
) -> (Option<Diagnostic>, Option<crate::model::hash::Key>) {
    match &meta.seal {
        Some(seal) => match broken_seal(folder, id, seal, meta_file) {
            None => (
                None,
                Some(crate::model::seal::content_key(seal, &meta_file.text)),
            ),
            problem => (problem, None),
        },
        None => (unsealed(id, meta, meta_file), None),
    }
}

fn unsealed(id: &str, meta: &RevisionMeta, meta_file: &SourceFile) -> Option<Diagnostic> {
    let line = crate::model::yaml::line_of_top_key(&meta_file.text, "status").unwrap_or(1);
    (meta.status == Status::Adopted).then(|| {
        Diagnostic::at_line_col(
            &meta_file.path,
            &meta_file.text,
            line,
            1,
            format!("revision {id} is adopted but not sealed, so nothing stops it from being edited"),
        )
        .with_hint(format!(
            "seal it: set `status: draft`, then `handbok revision adopt {id} --date … --decided-by … --reference …`"
        ))
        .warning()
    })
}

fn broken_seal(
    folder: &SourceFolder,
    id: &str,
    seal: &crate::model::seal::Seal,
    meta_file: &SourceFile,
) -> Option<Diagnostic> {
    let line_of =
        |key: &str| crate::model::yaml::line_of_top_key(&meta_file.text, key).unwrap_or(1);
    let verified = crate::model::timings::measure(crate::model::timings::Stage::Seal, || {
        crate::model::seal::verify_folder(folder, seal)
    });
    let broken = match verified {
        Ok(None) => return None,
        Ok(Some(broken)) => broken,
        Err(d) => return Some(d),
    };
    Some(
        Diagnostic::at_line_col(
            &meta_file.path,
            &meta_file.text,
            line_of("seal"),
            1,
            format!(
                "revision {id} is adopted and sealed, but files changed since: {}",
                broken.describe()
            ),
        )
        .with_hint(format!(
            "an adopted plan is not edited: undo the change (e.g. `git checkout -- content/{id}`), or start the next revision with `handbok revision new NEW-ID --from {id}`"
        )),
    )
}

fn shown_source(source: &Option<Arc<SourceFile>>) -> &Path {
    source.as_ref().map_or(Path::new(""), |s| s.path.as_path())
}

/// `plan.md` and `plan/_index.md` would both be published at `plan/`, and so would
/// `Plan.md` and `plan.md` once slugged: one would silently overwrite the other.
fn same_address(pages: &[Page], assets: &[Asset], root: &Path) -> Vec<Diagnostic> {
    let pages = pages.iter().map(|p| {
        let file = format!("{}index.html", p.url_path);
        (file, p.url_path.clone(), p.source.path.clone())
    });
    let assets = assets.iter().map(|a| {
        let shown = display_path(root, &a.source);
        (a.url_path.clone(), a.url_path.clone(), shown)
    });
    let mut by_file = HashMap::new();
    let mut problems = Vec::new();
    for (file, url, source) in pages.chain(assets) {
        match by_file.entry(file) {
            Entry::Vacant(slot) => {
                slot.insert(source);
            }
            Entry::Occupied(first) => problems.push(one_address(first.get(), &source, &url)),
        }
    }
    problems
}

fn one_address(first: &Path, second: &Path, url: &str) -> Diagnostic {
    let what = if url.is_empty() || url.ends_with('/') {
        "page"
    } else {
        "file"
    };
    Diagnostic::global(format!(
        "{} and {} would both be published at /{url}",
        first.display(),
        second.display(),
    ))
    .with_hint(format!(
        "one {what} per address: rename or move one of them (a name becomes its address like a heading does: å and ä → a, ö → o, capitals → small letters, spaces → -)"
    ))
}

/// A file published as it is, under its slugged name so links to it survive the same
/// Swedish names that pages may have.
fn asset(
    root: &Path,
    path: &Path,
    rel_path: String,
    bytes: Arc<[u8]>,
) -> Result<Asset, Diagnostic> {
    let (folder, name) = rel_path.rsplit_once('/').unwrap_or(("", &rel_path));
    let shown = display_path(root, path);
    let folder = crate::model::slug::slug_folder(folder).map_err(|bad| no_address(&shown, bad))?;
    let name = crate::model::slug::slug_file_name(name).ok_or_else(|| no_address(&shown, name))?;
    let url_path = if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    };
    Ok(Asset {
        source: path.to_path_buf(),
        bytes,
        rel_path,
        url_path,
    })
}

/// A file or folder name with no letter or digit: a web address cannot be made of it.
fn no_address(shown: &Path, name: &str) -> Diagnostic {
    Diagnostic::global(format!(
        "`{name}` in {} has no letter or digit to make a web address of",
        shown.display()
    ))
    .with_hint("a name with letters or digits, e.g. `forfoljelse.md` or `Möten och evenemang`")
}

/// Reads a data file and parses it with `parse`.
fn load_data<T>(
    root: &Path,
    entry: &SourceEntry,
    parse: fn(Arc<SourceFile>) -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    source_file(root, entry)
        .map_err(|d| vec![d])
        .and_then(parse)
}

/// The parsed value, or nothing with its problems reported and the file marked unreadable (so
/// links to it are not reported again).
fn keep<T>(
    parsed: Result<T, Vec<Diagnostic>>,
    rel_path: &str,
    problems: &mut Vec<Diagnostic>,
    unreadable: &mut Vec<String>,
) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(mut errors) => {
            problems.append(&mut errors);
            unreadable.push(rel_path.to_string());
            None
        }
    }
}

/// The folder of a page, relative to the revision, without trailing `/` (`""` at the top).
fn parent_folder(rel_path: &str) -> String {
    rel_path
        .rsplit_once('/')
        .map_or(String::new(), |(folder, _)| folder.to_string())
}

fn load_page(root: &Path, entry: &SourceEntry, rel_path: &str) -> Result<Page, Diagnostic> {
    let source = source_file(root, entry)?;
    let (mut front, body_start) = frontmatter::parse(&source.path, &source.text)?;
    for alias in &mut front.aliases {
        *alias = frontmatter::alias_path(alias).map_err(|why| {
            let line = source
                .text
                .lines()
                .position(|l| l.contains(alias.as_str()))
                .map_or(1, |i| i + 1);
            Diagnostic::at_line_col(
                &source.path,
                &source.text,
                line,
                1,
                format!("alias `{alias}` cannot be used"),
            )
            .with_hint(why)
        })?;
    }
    let folder = parent_folder(rel_path);
    let is_section = rel_path.rsplit('/').next() == Some("_index.md");
    let url_path = page_url(rel_path).map_err(|bad| no_address(&source.path, bad))?;
    let parent = if is_section {
        (!folder.is_empty()).then(|| section_index(&parent_folder(&folder)))
    } else {
        Some(section_index(&folder))
    };
    Ok(Page {
        rel_path: rel_path.to_string(),
        url_path,
        is_section,
        parent,
        front,
        source,
        body_start,
    })
}

/// A page's address: its folders and file name slugged like headings (`Möten och
/// evenemang/Öppna möten.md` → `moten-och-evenemang/oppna-moten/`), a section at its folder's.
/// `Err` holds the name that gives no address.
fn page_url(rel_path: &str) -> Result<String, &str> {
    let (folder, file_name) = rel_path.rsplit_once('/').unwrap_or(("", rel_path));
    let folder = crate::model::slug::slug_folder(folder)?;
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let own = match stem {
        "_index" => String::new(),
        _ => match crate::model::slug::slugify(stem) {
            slug if slug.is_empty() => return Err(file_name),
            slug => format!("{slug}/"),
        },
    };
    Ok(match folder.is_empty() {
        true => own,
        false => format!("{folder}/{own}"),
    })
}

fn section_index(folder: &str) -> String {
    if folder.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{folder}/_index.md")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_sections() {
        assert_eq!(parent_folder("plan/mal.md"), "plan");
        assert_eq!(parent_folder("_index.md"), "");
        assert_eq!(section_index("plan"), "plan/_index.md");
        assert!(is_hidden(".git"));
        assert!(is_hidden("_drafts"));
        assert!(!is_hidden("_index.md"));
    }

    #[test]
    fn page_addresses_are_slugs() {
        assert_eq!(page_url("_index.md"), Ok(String::new()));
        assert_eq!(page_url("plan/mal.md"), Ok("plan/mal/".to_string()));
        assert_eq!(
            page_url("riktlinje/förföljelse.md"),
            Ok("riktlinje/forfoljelse/".to_string())
        );
        assert_eq!(
            page_url("Möten och evenemang/_index.md"),
            Ok("moten-och-evenemang/".to_string())
        );
        assert_eq!(
            page_url("Möten och evenemang/Öppna möten.md"),
            Ok("moten-och-evenemang/oppna-moten/".to_string())
        );
        assert_eq!(page_url("plan/!!!.md"), Err("!!!.md"));
        assert_eq!(page_url("???/mal.md"), Err("???"));
    }

    fn sealed_site() -> (tempfile::TempDir, PathBuf) {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/r");
        std::fs::create_dir_all(dir.join("plan")).unwrap();
        std::fs::write(dir.join("_index.md"), "---\ntitle: Start\n---\n").unwrap();
        std::fs::write(dir.join("plan/_index.md"), "---\ntitle: Plan\n---\n").unwrap();
        std::fs::write(dir.join("plan/mal.md"), "---\ntitle: Mål\n---\nText.\n").unwrap();
        std::fs::write(dir.join("revision.yaml"), "status: draft\n").unwrap();
        (site, dir)
    }

    fn load_site(root: &Path) -> (Site, Vec<Diagnostic>) {
        let text = "title = \"T\"\nbase_url = \"https://example.org/\"\n";
        let config = crate::model::config::parse(Path::new("site.toml"), text).unwrap();
        let options = LoadOptions {
            drafts: true,
            internal: false,
            today: Date::parse("2026-12-03").unwrap(),
        };
        load(root, config, options).unwrap()
    }

    #[test]
    fn the_content_key_is_made_of_what_load_read() {
        let (site, dir) = sealed_site();
        let (loaded, problems) = load_site(site.path());
        assert!(problems.is_empty(), "{problems:?}");
        let key = loaded.revisions[0].content_key;
        assert_eq!(
            key,
            crate::model::source_folder::folder_digest(site.path(), &dir)
        );
        std::fs::write(dir.join("plan/mal.md"), "---\ntitle: Mål\n---\nNy.\n").unwrap();
        assert_eq!(loaded.revisions[0].content_key, key);
        assert_ne!(
            crate::model::source_folder::folder_digest(site.path(), &dir),
            key
        );
        let (again, _) = load_site(site.path());
        assert_eq!(
            again.revisions[0].content_key,
            crate::model::source_folder::folder_digest(site.path(), &dir)
        );
    }

    #[test]
    fn a_file_beside_the_pages_is_published_from_the_bytes_load_read() {
        let (site, dir) = sealed_site();
        std::fs::write(dir.join("plan/Karta.svg"), "<svg>före</svg>").unwrap();
        let (loaded, problems) = load_site(site.path());
        assert!(problems.is_empty(), "{problems:?}");
        std::fs::write(dir.join("plan/Karta.svg"), "<svg>efter</svg>").unwrap();
        let asset = &loaded.revisions[0].assets[0];
        assert_eq!(asset.url_path, "plan/karta.svg");
        assert_eq!(&*asset.bytes, "<svg>före</svg>".as_bytes());
    }

    #[test]
    fn a_broken_seal_is_reported_as_before() {
        let (site, dir) = sealed_site();
        let seal = crate::model::seal::compute(&dir).unwrap();
        let yaml = format!(
            "status: adopted\nadopted: okänt\nseal:\n{}",
            serde_yaml::to_string(&seal)
                .unwrap()
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>()
        );
        std::fs::write(dir.join("revision.yaml"), &yaml).unwrap();
        let (loaded, problems) = load_site(site.path());
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.severity != crate::model::diagnostic::Severity::Warning)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let sealed_key = crate::model::seal::content_key(&seal, &yaml);
        assert_eq!(loaded.revisions[0].content_key, sealed_key);

        std::fs::write(dir.join("plan/mal.md"), "---\ntitle: Mål\n---\nNy.\n").unwrap();
        let (loaded, problems) = load_site(site.path());
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.contains(
                &"revision r is adopted and sealed, but files changed since: plan/mal.md (changed)"
            ),
            "{messages:?}"
        );
        assert_eq!(
            loaded.revisions[0].content_key,
            crate::model::source_folder::folder_digest(site.path(), &dir)
        );
    }

    #[test]
    fn asset_addresses_are_slugs() {
        let root = Path::new("/site");
        let made = asset(
            root,
            Path::new("/x"),
            "Möten och evenemang/Karta.PNG".into(),
            Arc::from(&b"png"[..]),
        );
        assert_eq!(
            made.map(|a| a.url_path).ok().as_deref(),
            Some("moten-och-evenemang/karta.png")
        );
        let refused = asset(
            root,
            Path::new("/site/content/r/!!!.png"),
            "!!!.png".into(),
            Arc::from(&b""[..]),
        );
        assert!(refused.is_err_and(|d| d.message.contains("`!!!.png` in content/r/!!!.png")));
    }
}
