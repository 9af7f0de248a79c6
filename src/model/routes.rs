//! What a revision publishes: the address of every page, the pages the compiler makes from
//! data, how many pages there are and what links may point to.
//!
//! The version switcher, the page counts of `build` and `handbok revision`, the sitemap and the
//! memory cache all ask about addresses without rendering anything, and the renderer asks the
//! same questions while it renders. Answering them here, from the site model alone, keeps one
//! answer for all of them and keeps those callers from importing the renderer.

use std::collections::HashSet;

use crate::model::content::exercises::{Checklist, Quiz};
use crate::model::content::{Revision, Site};

/// The glossary page, and how links name it.
pub mod glossary {
    /// URL path of the glossary page inside a revision.
    pub const GLOSSARY_URL: &str = "definitioner/";
    /// The glossary's source path in links: `@/definitions.yaml#hot`.
    pub const GLOSSARY_SOURCE: &str = "definitions.yaml";
}

/// The checklist pages and their overview, and how links name them.
pub mod checklist {
    /// URL path of a checklist's own page inside a revision.
    pub fn url_path(id: &str) -> String {
        format!("{}{id}/", OVERVIEW_URL)
    }

    /// The overview page of all checklists.
    pub const OVERVIEW_URL: &str = "checklistor/";
    /// How links name the overview: `@/checklists/`.
    pub const OVERVIEW_SOURCE: &str = "checklists/";

    /// How links name a checklist: `@/checklists/vid-hot.yaml`.
    pub fn source_path(id: &str) -> String {
        format!("checklists/{id}.yaml")
    }
}

/// The quiz pages, their trainer pages and their overview, and how links name them.
pub mod quiz {
    pub const OVERVIEW_URL: &str = "quiz/";
    pub const OVERVIEW_SOURCE: &str = "quizzes/";

    pub fn url_path(id: &str) -> String {
        format!("{OVERVIEW_URL}{id}/")
    }

    pub fn trainer_url_path(id: &str) -> String {
        format!("{OVERVIEW_URL}{id}/tranare/")
    }

    /// How links name a quiz: `@/quizzes/grund.yaml` (anchors are question ids).
    pub fn source_path(id: &str) -> String {
        format!("quizzes/{id}.yaml")
    }
}

/// The revision page and the change page.
pub mod about_revision {
    /// Where the revision page lives in every revision, and how links name it (`@/om-revisionen`).
    pub const URL: &str = "om-revisionen/";
    pub const SOURCE: &str = "om-revisionen";
    /// The change page.
    pub const CHANGES_URL: &str = "andringar/";
    pub const CHANGES_SOURCE: &str = "andringar";
}

/// The search page of a revision, and how links name it (`@/sok`).
pub const SEARCH_URL: &str = "sok/";
/// How the navigation names the search page.
pub const SEARCH_SOURCE: &str = "sok";

/// Which page the compiler makes from data, with the part of the model it is made from.
#[derive(Debug, Clone, Copy)]
pub enum GeneratedKind<'a> {
    /// The revision page: status, decision, seal.
    Revision,
    /// What changed since the previous adopted revision.
    Changes {
        previous: &'a Revision,
    },
    Glossary,
    ChecklistOverview,
    Checklist(&'a Checklist),
    QuizOverview,
    Quiz(&'a Quiz),
    /// The quiz with the trainer's notes.
    Trainer(&'a Quiz),
    Search,
}

/// A page made from data: where it is published and where it sits in the navigation.
#[derive(Debug, Clone)]
pub struct GeneratedRoute<'a> {
    pub kind: GeneratedKind<'a>,
    /// How links and the navigation name it (`definitions.yaml`, `quizzes/grund.yaml`).
    pub key: String,
    /// The key of the page it sits under in the navigation; `None` at the top.
    pub parent: Option<String>,
    /// Shown in the navigation (trainer pages are reached from their quiz only).
    pub in_nav: bool,
    pub url_path: String,
    /// Listed in the sitemap, and Markdown pages may not be published under it.
    pub reserved: bool,
}

impl<'a> GeneratedRoute<'a> {
    fn new(kind: GeneratedKind<'a>, key: impl Into<String>, url_path: impl Into<String>) -> Self {
        GeneratedRoute {
            kind,
            key: key.into(),
            parent: None,
            in_nav: false,
            url_path: url_path.into(),
            reserved: false,
        }
    }

    fn under(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    fn in_nav(mut self) -> Self {
        self.in_nav = true;
        self
    }

    fn reserved(mut self) -> Self {
        self.reserved = true;
        self
    }
}

/// Every page a revision makes from data, in the order they are made and listed in the
/// navigation.
pub fn generated<'a>(site: &'a Site, revision: &'a Revision) -> Vec<GeneratedRoute<'a>> {
    use GeneratedKind as Kind;
    let mut routes = vec![GeneratedRoute::new(
        Kind::Revision,
        about_revision::SOURCE,
        about_revision::URL,
    )];
    if let Some(previous) = site.previous_revision(&revision.id) {
        routes.push(GeneratedRoute::new(
            Kind::Changes { previous },
            about_revision::CHANGES_SOURCE,
            about_revision::CHANGES_URL,
        ));
    }
    if !revision.terms.is_empty() {
        routes.push(
            GeneratedRoute::new(
                Kind::Glossary,
                glossary::GLOSSARY_SOURCE,
                glossary::GLOSSARY_URL,
            )
            .in_nav()
            .reserved(),
        );
    }
    if !revision.checklists.is_empty() {
        routes.push(
            GeneratedRoute::new(
                Kind::ChecklistOverview,
                checklist::OVERVIEW_SOURCE,
                checklist::OVERVIEW_URL,
            )
            .in_nav()
            .reserved(),
        );
    }
    for c in &revision.checklists {
        routes.push(
            GeneratedRoute::new(
                Kind::Checklist(c),
                checklist::source_path(&c.id),
                checklist::url_path(&c.id),
            )
            .under(checklist::OVERVIEW_SOURCE)
            .in_nav()
            .reserved(),
        );
    }
    if !revision.quizzes.is_empty() {
        routes.push(
            GeneratedRoute::new(
                Kind::QuizOverview,
                quiz::OVERVIEW_SOURCE,
                quiz::OVERVIEW_URL,
            )
            .in_nav()
            .reserved(),
        );
    }
    for q in &revision.quizzes {
        let key = quiz::source_path(&q.id);
        routes.push(
            GeneratedRoute::new(Kind::Quiz(q), key.clone(), quiz::url_path(&q.id))
                .under(quiz::OVERVIEW_SOURCE)
                .in_nav()
                .reserved(),
        );
        routes.push(
            GeneratedRoute::new(
                Kind::Trainer(q),
                format!("{key}#tranare"),
                quiz::trainer_url_path(&q.id),
            )
            .under(key),
        );
    }
    routes.push(GeneratedRoute::new(Kind::Search, SEARCH_SOURCE, SEARCH_URL));
    routes
}

/// URL paths of the generated pages that belong in the sitemap, which are also the addresses
/// Markdown pages may not take (trainer, search, revision and change pages are neither).
pub fn reserved_paths(site: &Site, revision: &Revision) -> Vec<String> {
    generated(site, revision)
        .into_iter()
        .filter(|route| route.reserved)
        .map(|route| route.url_path)
        .collect()
}

/// Every URL path a revision publishes, for the version switcher.
pub fn all_url_paths(site: &Site, revision: &Revision) -> HashSet<String> {
    let mut paths: HashSet<String> = revision.pages.iter().map(|p| p.url_path.clone()).collect();
    paths.extend(
        generated(site, revision)
            .into_iter()
            .map(|route| route.url_path),
    );
    paths
}

/// How many pages a revision publishes (each tree counted once), for the progress bar and
/// `handbok revision`.
pub fn page_count(site: &Site, revision: &Revision) -> usize {
    all_url_paths(site, revision).len()
}

/// Something an internal link (`@/…`) may point to.
#[derive(Debug)]
pub enum LinkTarget {
    /// A page, the glossary, a generated page or a file, with the anchors it has.
    Published {
        source_path: String,
        url_path: String,
        anchors: Vec<String>,
    },
    /// A file that failed to load: its anchors are unknown.
    Unchecked(String),
    /// An internal page left out of this (public) build.
    Withheld(String),
}

/// Everything a link in one revision may point to, in the order a later entry overrides an
/// earlier one of the same source path. `heading_ids` are each page's heading ids, in page
/// order; they come from the Markdown, which the model does not render.
pub fn link_targets(revision: &Revision, heading_ids: Vec<Vec<String>>) -> Vec<LinkTarget> {
    let published =
        |source_path: &str, url_path: &str, anchors: Vec<String>| LinkTarget::Published {
            source_path: source_path.to_string(),
            url_path: url_path.to_string(),
            anchors,
        };
    let mut targets: Vec<LinkTarget> = revision
        .pages
        .iter()
        .zip(heading_ids)
        .map(|(page, ids)| published(&page.rel_path, &page.url_path, ids))
        .collect();
    if !revision.terms.is_empty() {
        let ids = revision.terms.iter().map(|t| t.id.clone()).collect();
        targets.push(published(
            glossary::GLOSSARY_SOURCE,
            glossary::GLOSSARY_URL,
            ids,
        ));
    }
    if !revision.checklists.is_empty() {
        targets.push(published(
            checklist::OVERVIEW_SOURCE,
            checklist::OVERVIEW_URL,
            Vec::new(),
        ));
    }
    for c in &revision.checklists {
        let (source, url) = (checklist::source_path(&c.id), checklist::url_path(&c.id));
        targets.push(published(&source, &url, Vec::new()));
    }
    if !revision.quizzes.is_empty() {
        targets.push(published(
            quiz::OVERVIEW_SOURCE,
            quiz::OVERVIEW_URL,
            Vec::new(),
        ));
    }
    for q in &revision.quizzes {
        let (source, url) = (quiz::source_path(&q.id), quiz::url_path(&q.id));
        targets.push(published(&source, &url, Vec::new()));
    }
    for asset in &revision.assets {
        targets.push(published(&asset.rel_path, &asset.url_path, Vec::new()));
    }
    targets.extend(
        revision
            .unreadable
            .iter()
            .cloned()
            .map(LinkTarget::Unchecked),
    );
    targets.extend(revision.withheld.iter().cloned().map(LinkTarget::Withheld));
    targets
}
