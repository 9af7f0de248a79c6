//! The site model: plain data, built once by [`load`], read by every later stage.
//!
//! Only this module reads the content folder; everything downstream works on these structs, so
//! a stage can be tested with a hand-made model.

pub(crate) mod definitions;
pub mod exercises;
pub(crate) mod frontmatter;
mod load;
pub(crate) mod revision_yaml;

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::config::Config;

pub use definitions::{LegalRef, Term};
pub use frontmatter::{FrontMatter, Visibility};
pub use load::{load, LoadOptions};
pub use revision_yaml::{
    is_not_known, parse as parse_revision_meta, RevisionMeta, Status, NOT_KNOWN,
};

/// A source file kept in memory so diagnostics can quote its lines.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the site root).
    pub path: PathBuf,
    pub text: String,
}

/// Everything the build knows about the site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Oldest first: in the order of `revisions` in site.toml, else by folder name.
    pub revisions: Vec<Revision>,
    /// The day of the build, one of its inputs: the revision page says whether a new revision
    /// is overdue as of this day.
    pub today: crate::model::election::Date,
}

/// One revision of the handbook (one per term of office), a folder under `content/`.
#[derive(Debug)]
pub struct Revision {
    pub id: String,
    pub meta: RevisionMeta,
    pub pages: Vec<Page>,
    pub terms: Vec<Term>,
    /// `definitions.yaml`, when the revision has one.
    pub terms_file: Option<Arc<SourceFile>>,
    /// `checklists/*.yaml`, in file-name order.
    pub checklists: Vec<exercises::Checklist>,
    /// `quizzes/*.yaml`, in file-name order.
    pub quizzes: Vec<exercises::Quiz>,
    /// Images and other files next to the pages, copied as they are.
    pub assets: Vec<Asset>,
    /// Source paths of files that failed to load (already reported). Links to them are not
    /// reported again as broken.
    pub unreadable: Vec<String>,
    /// Source paths of internal pages left out of this build (built only with `--internal`).
    pub withheld: Vec<String>,
    /// The key of its folder's content as it was loaded, for the build caches: for a sealed
    /// revision whose seal held, [`crate::model::seal::content_key`]; else the key of the
    /// files read ([`crate::model::source_folder::SourceFolder::key`]). Taken from what was
    /// read, so a file edited during the build cannot make a key that does not match the pages.
    pub content_key: crate::model::hash::Key,
}

/// A Markdown page or a section's `_index.md`.
#[derive(Debug)]
pub struct Page {
    /// Path inside the revision folder, with `/`, in NFC: `plan/mal.md`, `plan/_index.md`.
    pub rel_path: String,
    /// URL path inside the revision, ending in `/` (empty for the start page), every name
    /// slugged: `plan/mal/`, `moten-och-evenemang/`.
    pub url_path: String,
    pub is_section: bool,
    /// `rel_path` of the enclosing section's `_index.md`; `None` for the start page.
    pub parent: Option<String>,
    pub front: FrontMatter,
    pub source: Arc<SourceFile>,
    /// Byte offset in `source.text` where the Markdown body starts.
    pub body_start: usize,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// A file copied next to the pages of its revision.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// The file as `load` read it: published from these bytes, never read a second time.
    pub bytes: Arc<[u8]>,
    /// Path inside the revision folder, with `/`, in NFC: what `@/` links name.
    pub rel_path: String,
    /// Path inside the revision's output folder: `rel_path` with every name slugged.
    pub url_path: String,
}

impl Revision {
    /// The revision's title, or its id when `revision.yaml` gives none.
    pub fn title(&self) -> &str {
        if self.meta.title.is_empty() {
            &self.id
        } else {
            &self.meta.title
        }
    }
}

impl Site {
    /// The revision in force ("gällande"), shown at the site root: the newest adopted one in the
    /// revision order; if none is adopted yet, the newest revision built.
    pub fn root_revision(&self) -> Option<&Revision> {
        self.revisions
            .iter()
            .rfind(|r| r.meta.status == Status::Adopted)
            .or_else(|| self.revisions.last())
    }

    /// What the change page of `id` compares with: the nearest adopted revision before it in
    /// the revision order (a draft is compared with what was decided, not with another draft).
    pub fn previous_revision(&self, id: &str) -> Option<&Revision> {
        let index = self.revisions.iter().position(|r| r.id == id)?;
        self.revisions[..index]
            .iter()
            .rfind(|r| r.meta.status == Status::Adopted)
    }
}

/// Sort order of pages within a section: weight, then title the Swedish way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SortKey(pub i64, pub Vec<u32>);

impl Page {
    pub fn sort_key(&self) -> SortKey {
        SortKey(
            self.front.weight,
            crate::model::slug::swedish_sort_key(&self.front.title),
        )
    }
}
