//! The search index of one revision, made beside the template rendering.

use rayon::prelude::*;

use crate::features::search;
use crate::markdown::glossary::GLOSSARY_URL;
use crate::model::content::{Revision, Visibility};
use crate::render::files::OutputFile;
use crate::render::pages::generated::Generated;
use crate::render::pages::markdown_pages::RenderedRevision;
use crate::render::theme::Theme;

/// The search index of one revision: every public page split at its headings, each glossary
/// term as a section of its own, and the checklist and quiz pages. Internal pages, trainer
/// mode and the search page itself stay out.
pub(super) fn search_index(
    revision: &Revision,
    rendered: &RenderedRevision,
    generated: &[Generated],
    theme: &Theme,
) -> Vec<OutputFile> {
    let mut sections: Vec<search::Section> = revision
        .pages
        .par_iter()
        .zip(&rendered.pages)
        .filter(|(page, _)| page.front.visibility == Visibility::Public)
        .flat_map_iter(|(page, html)| search::split(&page.url_path, &page.front.title, &html.html))
        .collect();
    let glossary_title = theme.strings.get("glossary_title");
    let mut glossary = Vec::new();
    for (term, context) in revision.terms.iter().zip(&rendered.terms) {
        glossary.push(search::GlossaryTerm {
            term: term.term.clone(),
            forms: crate::markdown::glossary::forms(term),
            doc: sections.len(),
        });
        let mut text = vec![
            context.short.clone(),
            crate::markdown::html::strip_tags(&context.body),
        ];
        text.extend(
            context
                .examples
                .iter()
                .map(|e| crate::markdown::html::strip_tags(e)),
        );
        sections.push(search::Section {
            url: format!("{GLOSSARY_URL}#{}", term.id),
            title: glossary_title.to_string(),
            heading: context.title.clone(),
            text: text.join(" "),
        });
    }
    for page in generated {
        // The change page repeats old text; the revision page is about the plan, not in it.
        if !page.noindex && !matches!(page.kind, "glossary" | "changes" | "revision") {
            sections.extend(search::split(&page.url_path, &page.title, &page.content));
        }
    }
    let index = search::build(&sections, &glossary);
    search::files(&revision.id, &sections, &index)
        .into_iter()
        .map(|file| OutputFile::bytes(file.path, file.bytes))
        .collect()
}
