//! The Markdown stage of one revision: the link index, the checklists and quizzes pages place
//! with shortcodes, the glossary terms, and every page's HTML.

use rayon::prelude::*;

use crate::features::checklist;
use crate::features::quiz;
use crate::markdown::glossary::TermMatcher;
use crate::markdown::links::{LinkIndex, GLOSSARY_SOURCE};
use std::collections::HashMap;

use crate::features::Exercises;
use crate::markdown::shortcodes::Env;
use crate::markdown::{self, Input, Origin, Rendered, Snippets};
use crate::model::content::{Page, Revision, Site};
use crate::model::diagnostic::Diagnostic;
use crate::model::routes::{self, LinkTarget};
use crate::render::pages::reuse::Reuse;
use crate::render::theme::{TermContext, Theme};

/// A revision's Markdown, rendered: its pages in page order, its terms and its exercises.
pub(super) struct RenderedRevision {
    pub(super) pages: Vec<Rendered>,
    pub(super) terms: Vec<TermContext>,
    pub(super) exercises: Exercises,
}

/// Each page's heading ids, in page order: what links may point to inside a page.
pub(super) fn heading_ids(revision: &Revision) -> Vec<Vec<String>> {
    revision
        .pages
        .par_iter()
        .map(|p| markdown::heading_ids(p.body()))
        .collect()
}

/// Renders every page of the revision, taking a page over from `earlier` when nothing it
/// depends on changed (`structure` is [`super::reuse::structure_key`]).
pub(super) fn render_markdown(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    heading_ids: Vec<Vec<String>>,
    structure: &[u8; 32],
    earlier: Option<&Reuse>,
) -> Result<RenderedRevision, Vec<Diagnostic>> {
    let links = link_index(routes::link_targets(revision, heading_ids));
    let matcher = TermMatcher::new(&revision.terms);
    let mut problems = reserved_addresses(site, revision);
    // Checklists and quizzes are rendered first: pages place them with shortcodes.
    let no_exercises = Exercises::default();
    let base_registry = no_exercises.shortcodes();
    let base_env = Env {
        config: &site.config,
        strings: &theme.strings,
        templates: theme,
    };
    let base_ctx = markdown::Context {
        links: &links,
        terms: &revision.terms,
        matcher: &matcher,
        strings: &theme.strings,
        shortcodes: &base_registry,
        env: &base_env,
        allow_html: site.config.allow_html,
    };
    let exercises = exercise_contexts(revision, &base_ctx, &mut problems);
    let terms = term_contexts(revision, &base_ctx, &mut problems);
    let registry = exercises.shortcodes();
    let ctx = markdown::Context {
        shortcodes: &registry,
        ..base_ctx
    };
    let pages = render_pages(revision, &ctx, structure, earlier);
    problems.extend(pages.iter().flat_map(|r| r.diagnostics.clone()));
    if problems.is_empty() {
        Ok(RenderedRevision {
            pages,
            terms,
            exercises,
        })
    } else {
        Err(problems)
    }
}

/// The link index Markdown resolves `@/…` links with, from the revision's routes.
fn link_index(targets: Vec<LinkTarget>) -> LinkIndex {
    let mut links = LinkIndex::default();
    for target in targets {
        match target {
            LinkTarget::Published {
                source_path,
                url_path,
                anchors,
            } => links.add(&source_path, &url_path, anchors),
            LinkTarget::Unchecked(path) => links.add_unchecked(&path),
            LinkTarget::Withheld(path) => links.add_withheld(&path),
        }
    }
    links
}

/// Pages may not take the addresses of generated pages.
fn reserved_addresses(site: &Site, revision: &Revision) -> Vec<Diagnostic> {
    let reserved = routes::reserved_paths(site, revision);
    revision
        .pages
        .iter()
        .filter(|p| reserved.iter().any(|r| p.url_path.starts_with(r.as_str())))
        .map(|p| {
            Diagnostic::global(format!(
                "{} would be published at /{}, an address the compiler makes itself",
                p.source.path.display(),
                p.url_path
            ))
            .with_hint(format!(
                "another name; these are taken: /{}",
                reserved.join(", /")
            ))
        })
        .collect()
}

/// The checklists and quizzes as templates and shortcodes see them.
fn exercise_contexts(
    revision: &Revision,
    ctx: &markdown::Context,
    problems: &mut Vec<Diagnostic>,
) -> Exercises {
    Exercises {
        checklists: revision
            .checklists
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    checklist::context(c, &revision.id, ctx, problems),
                )
            })
            .collect::<HashMap<_, _>>()
            .into(),
        quizzes: revision
            .quizzes
            .iter()
            .map(|q| (q.id.clone(), quiz::context(q, &revision.id, ctx, problems)))
            .collect::<HashMap<_, _>>()
            .into(),
    }
}

/// Every page's HTML, in page order; problems are in each [`Rendered`]'s diagnostics.
fn render_pages(
    revision: &Revision,
    ctx: &markdown::Context,
    structure: &[u8; 32],
    earlier: Option<&Reuse>,
) -> Vec<Rendered> {
    revision
        .pages
        .par_iter()
        .map(|page| {
            if let Some(reused) = earlier.and_then(|e| e.page(structure, page)) {
                return reused.rendered.clone();
            }
            let output = format!("{}/{}", revision.id, page.url_path);
            crate::model::timings::measure_page(
                crate::model::timings::Stage::Markdown,
                &output,
                || markdown::render(&page_input(page), ctx),
            )
        })
        .collect()
}

fn page_input(page: &Page) -> Input<'_> {
    Input {
        markdown: page.body(),
        origin: Origin::Page {
            file: &page.source.path,
            text: &page.source.text,
            body_start: page.body_start,
        },
        source_path: &page.rel_path,
        link_terms: true,
    }
}

fn term_contexts(
    revision: &Revision,
    ctx: &markdown::Context,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TermContext> {
    let Some(file) = &revision.terms_file else {
        return Vec::new();
    };
    let render = Snippets {
        ctx,
        source_path: GLOSSARY_SOURCE,
    };
    revision
        .terms
        .iter()
        .map(|term| {
            let at = Origin::Line {
                file: &file.path,
                text: &file.text,
                line: term.line,
            };
            TermContext {
                id: term.id.clone(),
                term: term.term.clone(),
                title: capitalize(&term.term),
                short: term.short.clone(),
                body: render.block(&term.body, at, problems),
                examples: term
                    .examples
                    .iter()
                    .map(|e| render.block(e, at, problems))
                    .collect(),
                legal: term.legal.clone(),
            }
        })
        .collect()
}

/// `otillåten påverkan` → `Otillåten påverkan`; the rest of the term stays as written.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
