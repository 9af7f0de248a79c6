//! The pages of one revision: its Markdown pages, and the pages the compiler makes from data
//! (the glossary, the checklists and quizzes with their overviews, the trainer mode), each
//! filled into the theme's templates once per tree (`/<rev>/` and, for the latest adopted
//! revision, the root).
//!
//! Where each page is published is [`crate::model::routes`]'s business; this module makes the
//! pages. [`render_reusing`] runs the steps in order: the Markdown (`markdown_pages.rs`), the
//! generated pages (`generated.rs`), the templates (`fill.rs`) beside the search index
//! (`search_index.rs`), the redirects (`aliases.rs`) and what `handbok serve` keeps for the next
//! build (`reuse.rs`).

mod aliases;
mod fill;
mod generated;
mod markdown_pages;
mod reuse;
mod search_index;

use std::collections::HashMap;
use std::sync::Arc;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::markdown::html::REV_ROOT;
use crate::markdown::Rendered;
use crate::model::content::{Page, Revision, Site};
use crate::model::diagnostic::Diagnostic;
use crate::render::files::{Contents, OutputFile};
use crate::render::menu::Menus;
use crate::render::nav::Nav;
use crate::render::sink::{InMemory, Sink};
use crate::render::theme::{SiteContext, Theme};
use crate::render::versions::Versions;

use fill::{Filled, RevisionFrame};
use generated::Generated;
use markdown_pages::RenderedRevision;
pub use reuse::Reuse;

/// What rendering one revision takes: the site it belongs to, the theme, the trees it is
/// placed in, the version list its pages link to, and the progress bar to advance.
#[derive(Clone, Copy)]
pub struct RevisionInputs<'a> {
    pub site: &'a Site,
    pub revision: &'a Revision,
    pub theme: &'a Theme,
    pub trees: &'a [String],
    pub versions: &'a Versions,
    pub progress: &'a ProgressBar,
}

/// Every file of one revision, or every problem found while making them.
pub fn render(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    trees: &[String],
    versions: &Versions,
    progress: &ProgressBar,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let inputs = RevisionInputs {
        site,
        revision,
        theme,
        trees,
        versions,
        progress,
    };
    render_reusing(&inputs, None, &InMemory).map(|(files, _)| files)
}

/// [`render`], taking over what an earlier build of the same revision left in `earlier`.
/// Each file goes to `sink` as soon as it is made: a build that writes minifies and writes
/// each page as soon as it is filled in, so the site is never held in memory whole.
pub fn render_reusing(
    inputs: &RevisionInputs,
    earlier: Option<&Reuse>,
    sink: &dyn Sink,
) -> Result<(Vec<OutputFile>, Reuse), Vec<Diagnostic>> {
    let RevisionInputs {
        site,
        revision,
        theme,
        trees,
        versions,
        ..
    } = *inputs;
    let heading_ids = markdown_pages::heading_ids(revision);
    let structure = reuse::structure_key(site, revision, trees, versions, &heading_ids);
    let earlier = earlier.filter(|e| e.structure == structure);
    let rendered =
        markdown_pages::render_markdown(site, revision, theme, heading_ids, &structure, earlier)?;
    crate::model::timings::mark(|| format!("{}: markdown done", revision.id));

    let generated = generated::generated_pages(site, revision, theme, &rendered)?;
    let nav = Nav::new(revision, generated::navigation_nodes(&generated));
    let descriptions = descriptions(revision, &generated);
    let site_context = SiteContext::new(&site.config);
    let menus = menus(revision, &generated, &nav, theme, &site_context)?;
    let shared = RevisionFrame::new(inputs, &nav, &menus, &descriptions, site_context)
        .map_err(|d| vec![d])?;
    let plan = Plan::new(inputs, &rendered, &generated, earlier, &structure);
    crate::model::timings::mark(|| format!("{}: nav and generated pages done", revision.id));

    // Indexing for search runs beside the template rendering.
    let (results, search_files) = rayon::join(
        || fill_pages(inputs, &shared, &plan.jobs, sink),
        || {
            let files = crate::model::timings::measure(crate::model::timings::Stage::Index, || {
                search_index::search_index(revision, &rendered, &generated, theme)
            });
            search_files(files, sink)
        },
    );
    let mut files = Vec::new();
    let mut problems = Vec::new();
    match search_files {
        Ok(mut search_files) => files.append(&mut search_files),
        Err(d) => problems.push(d),
    }
    let page_files = collect(&plan.jobs, results, &mut files, &mut problems);
    aliases::redirects(&shared, trees, &mut files, &mut problems);
    files.extend(asset_files(revision, trees));
    if !problems.is_empty() {
        return Err(problems);
    }
    let Plan {
        jobs,
        reused_files,
        reused_pages,
    } = plan;
    drop(jobs);
    let reuse = Reuse::new(
        structure,
        revision,
        rendered.pages,
        page_files,
        earlier,
        reused_pages,
    );
    files.extend(reused_files);
    Ok((files, reuse))
}

/// The Markdown stage of one revision on its own: every page with its links, terms and
/// shortcodes, as a build renders them. For the stage benchmarks (`benches/stages.rs`).
pub fn markdown_stage(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    let heading_ids = markdown_pages::heading_ids(revision);
    markdown_pages::render_markdown(site, revision, theme, heading_ids, &[0; 32], None)
        .map(|r| r.pages)
}

/// Each page's description, by key, for the lists of child pages in sections.
fn descriptions<'a>(
    revision: &'a Revision,
    generated: &'a [Generated],
) -> HashMap<&'a str, &'a str> {
    let mut descriptions: HashMap<&str, &str> = revision
        .pages
        .iter()
        .map(|p| (p.rel_path.as_str(), p.front.description.as_str()))
        .collect();
    descriptions.extend(
        generated
            .iter()
            .map(|g| (g.key.as_str(), g.description.as_str())),
    );
    descriptions
}

/// The navigation menus of every page, rendered once for the revision.
fn menus(
    revision: &Revision,
    generated: &[Generated],
    nav: &Nav,
    theme: &Theme,
    site_context: &SiteContext,
) -> Result<Menus, Vec<Diagnostic>> {
    let menu_keys: Vec<&str> = revision
        .pages
        .iter()
        .map(|p| p.rel_path.as_str())
        .chain(generated.iter().map(|g| g.key.as_str()))
        .collect();
    Menus::render(nav, &menu_keys, theme, site_context, REV_ROOT).map_err(|d| vec![d])
}

/// A page to fill into its template.
enum Job<'a> {
    Page(&'a Page, &'a Rendered),
    Generated(&'a Generated),
}

/// Which pages are filled in this time, and what is taken over from the earlier build.
struct Plan<'a> {
    jobs: Vec<Job<'a>>,
    /// The files of the pages taken over, every tree's.
    reused_files: Vec<OutputFile>,
    reused_pages: usize,
}

impl<'a> Plan<'a> {
    /// Every generated page, and every Markdown page `earlier` has no finished files for.
    fn new(
        inputs: &RevisionInputs<'a>,
        rendered: &'a RenderedRevision,
        generated: &'a [Generated],
        earlier: Option<&'a Reuse>,
        structure: &[u8; 32],
    ) -> Plan<'a> {
        let trees = inputs.trees.len();
        let mut plan = Plan {
            jobs: Vec::new(),
            reused_files: Vec::new(),
            reused_pages: 0,
        };
        for (page, rendered) in inputs.revision.pages.iter().zip(&rendered.pages) {
            match earlier.and_then(|e| e.page(structure, page)) {
                Some(reused) if reused.files.len() == trees => {
                    plan.reused_files.extend(reused.files.iter().cloned());
                    plan.reused_pages += 1;
                    inputs.progress.inc(trees as u64);
                }
                _ => plan.jobs.push(Job::Page(page, rendered)),
            }
        }
        plan.jobs.extend(generated.iter().map(Job::Generated));
        plan
    }
}

/// Fills every job's page in, in parallel, and places it in every tree: each page is filled
/// in once, with a marker for the tree's prefix, so the root copy of the revision in force
/// costs no second rendering or minification. Each file goes to `sink` at once.
fn fill_pages(
    inputs: &RevisionInputs,
    shared: &RevisionFrame,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Vec<Result<Vec<OutputFile>, Diagnostic>> {
    let trees = inputs.trees;
    let prefixes: Vec<Arc<str>> = trees.iter().map(|t| Arc::from(shared.prefix(t))).collect();
    jobs.par_iter()
        .map(|job| {
            let filled: Filled = match job {
                Job::Page(page, rendered) => shared.page(page, rendered),
                Job::Generated(page) => shared.generated(page),
            };
            inputs.progress.inc(trees.len() as u64);
            let (url_path, page) = filled?;
            trees
                .iter()
                .zip(&prefixes)
                .map(|(tree, prefix)| {
                    let path = format!("{tree}{url_path}index.html");
                    let contents = Contents::Tree(Arc::clone(&page), Arc::clone(prefix));
                    sink.put(OutputFile { path, contents })
                })
                .collect()
        })
        .collect()
}

/// The search index's files go to `sink` while the pages are still being rendered, not held
/// (and written one after the other) until the end.
fn search_files(files: Vec<OutputFile>, sink: &dyn Sink) -> Result<Vec<OutputFile>, Diagnostic> {
    sink.put_all(files)
}

/// Appends each job's files to `files` (its problem to `problems`), and returns the Markdown
/// pages' files by page, for [`Reuse`].
fn collect(
    jobs: &[Job],
    results: Vec<Result<Vec<OutputFile>, Diagnostic>>,
    files: &mut Vec<OutputFile>,
    problems: &mut Vec<Diagnostic>,
) -> HashMap<String, Vec<OutputFile>> {
    let mut page_files = HashMap::new();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(mut tree_files) => {
                if let Job::Page(page, _) = job {
                    page_files.insert(page.rel_path.clone(), tree_files.clone());
                }
                files.append(&mut tree_files);
            }
            Err(d) => problems.push(d),
        }
    }
    page_files
}

/// The revision's files (images, PDFs), copied into every tree.
fn asset_files(revision: &Revision, trees: &[String]) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for tree in trees {
        for asset in &revision.assets {
            files.push(OutputFile {
                path: format!("{tree}{}", asset.url_path),
                contents: Contents::Source(Arc::clone(&asset.bytes)),
            });
        }
    }
    files
}
