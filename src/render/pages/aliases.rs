//! Old addresses (`aliases` in a page's front matter) and the redirect pages left at them.

use std::collections::HashMap;

use crate::model::content::{Page, Revision, Site};
use crate::model::diagnostic::Diagnostic;
use crate::model::routes;
use crate::render::files::OutputFile;
use crate::render::pages::fill::RevisionFrame;

/// A redirect page for every alias in every tree, or every problem met making them.
pub(super) fn redirects(
    shared: &RevisionFrame,
    trees: &[String],
    files: &mut Vec<OutputFile>,
    problems: &mut Vec<Diagnostic>,
) {
    match alias_targets(shared.site, shared.revision) {
        Ok(aliases) => {
            for tree in trees {
                for (alias, page) in &aliases {
                    match shared.redirect(tree, alias, page) {
                        Ok(file) => files.push(file),
                        Err(d) => problems.push(d),
                    }
                }
            }
        }
        Err(mut errors) => problems.append(&mut errors),
    }
}

/// (alias, the page it leads to) for every page that declares `aliases`; an alias that is the
/// address of another page, or of two pages, is an error at the page's `aliases`.
fn alias_targets<'a>(
    site: &Site,
    revision: &'a Revision,
) -> Result<Vec<(&'a str, &'a Page)>, Vec<Diagnostic>> {
    let taken = routes::all_url_paths(site, revision);
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    for page in &revision.pages {
        for alias in &page.front.aliases {
            let clash = if taken.contains(alias) {
                Some("the address of a page that exists".to_string())
            } else {
                seen.insert(alias, &page.rel_path)
                    .map(|other| format!("also an alias of {other}"))
            };
            match clash {
                Some(why) => problems.push(alias_clash(page, alias, &why)),
                None => targets.push((alias.as_str(), page)),
            }
        }
    }
    if problems.is_empty() {
        Ok(targets)
    } else {
        Err(problems)
    }
}

/// The error for an alias that cannot be used, at the line of the page that names it.
fn alias_clash(page: &Page, alias: &str, why: &str) -> Diagnostic {
    let line = page
        .source
        .text
        .lines()
        .position(|l| l.contains(alias.trim_end_matches('/')))
        .map_or(1, |i| i + 1);
    Diagnostic::at_line_col(
        &page.source.path,
        &page.source.text,
        line,
        1,
        format!("alias `{alias}` is {why}"),
    )
    .with_hint("an old address that no page uses any more")
}
