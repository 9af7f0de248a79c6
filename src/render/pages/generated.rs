//! The pages the compiler makes from data: for every route [`routes::generated`] lists, the
//! page's title, template, content and template variables, all made by [`Generated::new`].

use serde_json::{json, Map, Value};

use crate::features::about_revision;
use crate::features::checklist::ChecklistContext;
use crate::features::quiz::QuizVersions;
use crate::markdown::html::{escape, strip_tags};
use crate::markdown::TocEntry;
use crate::model::content::{Revision, Site};
use crate::model::diagnostic::Diagnostic;
use crate::model::routes::{self, GeneratedKind, GeneratedRoute};
use crate::render::nav::Node;
use crate::render::pages::markdown_pages::RenderedRevision;
use crate::render::theme::Theme;

/// A page made from data rather than from a Markdown file.
pub(super) struct Generated {
    /// How links and the navigation name it (`definitions.yaml`, `quizzes/grund.yaml`).
    pub(super) key: String,
    /// The key of the page it sits under in the navigation; `None` at the top.
    parent: Option<String>,
    /// Shown in the navigation (trainer pages are reached from their quiz only).
    in_nav: bool,
    pub(super) url_path: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) kind: &'static str,
    pub(super) template: &'static str,
    /// HTML with revision-root markers.
    pub(super) content: String,
    pub(super) toc: Vec<TocEntry>,
    /// Extra template variables (`terms`, `quiz`), with revision-root markers in URLs.
    pub(super) extra: Map<String, Value>,
    pub(super) noindex: bool,
}

impl Generated {
    /// A page at `route`'s address and place in the navigation, of the `kind` templates see,
    /// filled into `template`; without content, table of contents or extra variables until
    /// they are added.
    fn new(
        route: &GeneratedRoute,
        kind: &'static str,
        template: &'static str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Generated {
        Generated {
            key: route.key.clone(),
            parent: route.parent.clone(),
            in_nav: route.in_nav,
            url_path: route.url_path.clone(),
            title: title.into(),
            description: description.into(),
            kind,
            template,
            content: String::new(),
            toc: Vec::new(),
            extra: Map::new(),
            noindex: false,
        }
    }

    fn with_content(mut self, content: String) -> Generated {
        self.content = content;
        self
    }

    fn with_toc(mut self, toc: Vec<TocEntry>) -> Generated {
        self.toc = toc;
        self
    }

    /// `extra` is a JSON object; its keys become template variables.
    fn with_extra(mut self, extra: Value) -> Generated {
        if let Value::Object(map) = extra {
            self.extra = map;
        }
        self
    }

    /// Kept out of search engines (and of the search index).
    fn noindex(mut self) -> Generated {
        self.noindex = true;
        self
    }
}

/// Every generated page of the revision, in route order, or every problem met making them.
pub(super) fn generated_pages(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    rendered: &RenderedRevision,
) -> Result<Vec<Generated>, Vec<Diagnostic>> {
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for route in routes::generated(site, revision) {
        match generated_page(&route, site, revision, theme, rendered) {
            Ok(page) => pages.push(page),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

fn generated_page(
    route: &GeneratedRoute,
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    rendered: &RenderedRevision,
) -> Result<Generated, Diagnostic> {
    let strings = &theme.strings;
    let page = match route.kind {
        GeneratedKind::Revision => Generated::new(
            route,
            "revision",
            "revision.html",
            strings.get("revision_page_title"),
            strings.get("revision_page_description"),
        )
        .with_extra(json!({ "about": about_revision::about(site, revision, site.today) })),
        GeneratedKind::Changes { previous } => changes_page(route, previous, revision, theme),
        GeneratedKind::Glossary => glossary_page(route, rendered, theme),
        GeneratedKind::ChecklistOverview => overview(route, "checklists", theme),
        GeneratedKind::Checklist(c) => {
            checklist_page(route, &rendered.exercises.checklists[&c.id], theme)?
        }
        GeneratedKind::QuizOverview => overview(route, "quizzes", theme),
        GeneratedKind::Quiz(q) => quiz_page(route, &rendered.exercises.quizzes[&q.id], theme)?,
        GeneratedKind::Trainer(q) => trainer_page(route, &rendered.exercises.quizzes[&q.id], theme),
        GeneratedKind::Search => Generated::new(
            route,
            "search",
            "search.html",
            strings.get("search_title"),
            strings.get("search_description"),
        )
        .with_extra(json!({ "has_glossary": !revision.terms.is_empty() }))
        .noindex(),
    };
    Ok(page)
}

/// What changed since `previous`, the adopted revision before this one.
fn changes_page(
    route: &GeneratedRoute,
    previous: &Revision,
    revision: &Revision,
    theme: &Theme,
) -> Generated {
    let changes = crate::model::timings::measure(crate::model::timings::Stage::Diff, || {
        crate::features::changes::compare(previous, revision)
    });
    Generated::new(
        route,
        "changes",
        "changes.html",
        theme.strings.get("changes_title"),
        theme.strings.get("changes_description"),
    )
    .with_extra(json!({
        "changes": changes,
        "previous": { "id": previous.id, "title": previous.title() },
    }))
}

fn glossary_page(route: &GeneratedRoute, rendered: &RenderedRevision, theme: &Theme) -> Generated {
    let toc = rendered
        .terms
        .iter()
        .map(|t| TocEntry {
            level: 2,
            id: t.id.clone(),
            title: t.title.clone(),
        })
        .collect();
    Generated::new(
        route,
        "glossary",
        "glossary.html",
        theme.strings.get("glossary_title"),
        theme.strings.get("glossary_description"),
    )
    .with_toc(toc)
    .with_extra(json!({ "terms": rendered.terms }))
}

/// The overview of all checklists or all quizzes: a section listing its children.
fn overview(route: &GeneratedRoute, strings_prefix: &str, theme: &Theme) -> Generated {
    let strings = &theme.strings;
    let intro_key = format!("{strings_prefix}_intro");
    let intro = strings.get(&intro_key);
    Generated::new(
        route,
        "section",
        "section.html",
        strings.get(&format!("{strings_prefix}_title")),
        intro,
    )
    .with_content(format!("<p>{}</p>\n", escape(intro)))
}

fn checklist_page(
    route: &GeneratedRoute,
    context: &ChecklistContext,
    theme: &Theme,
) -> Result<Generated, Diagnostic> {
    let content = theme.render(
        "shortcodes/checklist.html",
        &json!({ "checklist": context, "strings": theme.strings, "standalone": true }),
    )?;
    let page = Generated::new(
        route,
        "checklist",
        "page.html",
        context.title.clone(),
        strip_tags(&context.intro),
    );
    Ok(page.with_content(content))
}

/// The participants' page of one quiz.
fn quiz_page(
    route: &GeneratedRoute,
    versions: &QuizVersions,
    theme: &Theme,
) -> Result<Generated, Diagnostic> {
    let quiz = &versions.participant;
    let content = theme.render(
        "shortcodes/quiz.html",
        &json!({ "quiz": quiz, "strings": theme.strings, "standalone": true }),
    )?;
    let page = Generated::new(
        route,
        "quiz",
        "page.html",
        quiz.title.clone(),
        strip_tags(&quiz.intro),
    );
    Ok(page.with_content(content))
}

/// The trainer's page of one quiz: the questions with the trainer's notes.
fn trainer_page(route: &GeneratedRoute, versions: &QuizVersions, theme: &Theme) -> Generated {
    let strings = &theme.strings;
    let title = format!(
        "{} – {}",
        versions.participant.title,
        strings.get("trainer_mode")
    );
    Generated::new(
        route,
        "trainer",
        "quiz_trainer.html",
        title,
        strings.get("trainer_description"),
    )
    .with_extra(json!({ "quiz": versions.trainer }))
    .noindex()
}

/// Navigation entries for the generated pages, appended after the Markdown pages.
pub(super) fn navigation_nodes(generated: &[Generated]) -> Vec<Node> {
    let node = |g: &Generated| Node {
        key: g.key.clone(),
        title: g.title.clone(),
        url_path: g.url_path.clone(),
        children: Vec::new(),
        hidden: !g.in_nav,
    };
    let mut top: Vec<Node> = generated
        .iter()
        .filter(|g| g.parent.is_none())
        .map(node)
        .collect();
    fn attach(nodes: &mut [Node], generated: &[Generated], node: &dyn Fn(&Generated) -> Node) {
        for parent in nodes.iter_mut() {
            parent.children = generated
                .iter()
                .filter(|g| g.parent.as_deref() == Some(parent.key.as_str()))
                .map(node)
                .collect();
            attach(&mut parent.children, generated, node);
        }
    }
    attach(&mut top, generated, &node);
    top
}
