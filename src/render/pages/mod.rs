//! The pages of one revision: its Markdown pages, and the pages the compiler makes from data
//! (the glossary, the checklists and quizzes with their overviews, the trainer mode), each
//! filled into the theme's templates once per tree (`/<rev>/` and, for the latest adopted
//! revision, the root).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::features::checklist::{self, ChecklistContext};
use crate::features::quiz::{self, QuizVersions};
use crate::features::revision_info;
use crate::features::search;
use crate::markdown::glossary::{TermMatcher, GLOSSARY_URL};
use crate::markdown::html::{escape, REV_ROOT};
use crate::markdown::links::{LinkIndex, GLOSSARY_SOURCE};
use crate::markdown::shortcodes::{Env, Exercises, Registry};
use crate::markdown::{self, Input, Origin, Rendered, Snippets, TocEntry};
use crate::model::content::{Page, Revision, Site, Status, Visibility};
use crate::model::diagnostic::Diagnostic;
use crate::model::election::Date;
use crate::output::{Contents, OutputFile, Staging, TreePage};
use crate::render::menu::{Menus, PLACEHOLDER};
use crate::render::nav::{Nav, Node};
use crate::render::theme::{
    ChildLink, FrameContext, PageContext, PageInfo, PageOwn, RevisionContext, SiteContext,
    TermContext, Theme,
};
use crate::render::versions::Versions;

/// What one build of a revision leaves for the next build in the same process (`handbok
/// serve`): while the revision's structure (pages, titles, weights, heading ids, terms,
/// checklists, quizzes, the version list) stays the same, a page whose source did not change
/// keeps its rendered Markdown and its finished files. Generated pages, the search index and
/// the change page are always made again.
#[derive(Debug, Default, Clone)]
pub struct Reuse {
    structure: [u8; 32],
    pages: HashMap<String, ReusedPage>,
    /// Pages taken over unchanged in the build that made this.
    pub reused_pages: usize,
}

#[derive(Debug, Clone)]
struct ReusedPage {
    source: Arc<crate::model::content::SourceFile>,
    rendered: Rendered,
    /// One file per tree, in tree order.
    files: Vec<OutputFile>,
}

impl Reuse {
    /// The page's earlier result, when nothing it depends on changed.
    fn page(&self, structure: &[u8; 32], page: &Page) -> Option<&ReusedPage> {
        let reused = self.pages.get(&page.rel_path)?;
        (self.structure == *structure && reused.source.text == page.source.text).then_some(reused)
    }
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
    render_reusing(site, revision, theme, trees, versions, progress, None, None)
        .map(|(files, _)| files)
}

/// [`render`], taking over what an earlier build of the same revision left in `earlier`.
/// With a `sink` (a build that writes), each page is minified and written as soon as it is
/// filled in, and its files are [`Contents::Written`]: the site is never held in memory whole.
#[allow(clippy::too_many_arguments)]
pub fn render_reusing(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    trees: &[String],
    versions: &Versions,
    progress: &ProgressBar,
    earlier: Option<&Reuse>,
    sink: Option<&Staging>,
) -> Result<(Vec<OutputFile>, Reuse), Vec<Diagnostic>> {
    let heading_ids: Vec<Vec<String>> = revision
        .pages
        .par_iter()
        .map(|p| markdown::heading_ids(p.body()))
        .collect();
    let structure = structure_key(site, revision, trees, versions, &heading_ids);
    let earlier = earlier.filter(|e| e.structure == structure);
    let rendered = render_markdown(site, revision, theme, heading_ids, &structure, earlier)?;
    crate::model::timings::mark(|| format!("{}: markdown done", revision.id));

    let generated = generated_pages(site, revision, theme, &rendered)?;
    let nav = Nav::new(revision, navigation_nodes(&generated));
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
    let site_context = SiteContext::new(&site.config);
    let menu_keys: Vec<&str> = revision
        .pages
        .iter()
        .map(|p| p.rel_path.as_str())
        .chain(generated.iter().map(|g| g.key.as_str()))
        .collect();
    let menus =
        Menus::render(&nav, &menu_keys, theme, &site_context, REV_ROOT).map_err(|d| vec![d])?;
    let revision_context = revision_context(site, revision);
    let frame = page_frame(
        site,
        revision,
        theme,
        &nav,
        &site_context,
        &revision_context,
    )
    .template_data()
    .map_err(|d| vec![d])?;
    let shared = Shared {
        site,
        revision,
        theme,
        nav: &nav,
        menus: &menus,
        descriptions: &descriptions,
        frame,
        site_context,
        revision_context,
        versions,
    };
    // Each page is filled in once, with a marker for the tree's prefix, and placed in every
    // tree afterwards: the root copy of the revision in force costs no second rendering or
    // minification.
    let mut jobs: Vec<Job> = Vec::new();
    let mut reused_files = Vec::new();
    let mut reused_pages = 0;
    for (page, rendered) in revision.pages.iter().zip(&rendered.pages) {
        match earlier.and_then(|e| e.page(&structure, page)) {
            Some(reused) if reused.files.len() == trees.len() => {
                reused_files.extend(reused.files.iter().cloned());
                reused_pages += 1;
                progress.inc(trees.len() as u64);
            }
            _ => jobs.push(Job::Page(page, rendered)),
        }
    }
    jobs.extend(generated.iter().map(Job::Generated));
    let prefixes: Vec<Arc<str>> = trees.iter().map(|t| Arc::from(shared.prefix(t))).collect();
    crate::model::timings::mark(|| format!("{}: nav and generated pages done", revision.id));

    // Indexing for search runs beside the template rendering.
    let (results, search_files): (Vec<Result<Vec<OutputFile>, Diagnostic>>, _) = rayon::join(
        || {
            jobs.par_iter()
                .map(|job| {
                    let filled = match job {
                        Job::Page(page, rendered) => shared.page(page, rendered),
                        Job::Generated(page) => shared.generated(page),
                    };
                    progress.inc(trees.len() as u64);
                    let (url_path, page) = filled?;
                    trees
                        .iter()
                        .zip(&prefixes)
                        .map(|(tree, prefix)| {
                            let path = format!("{tree}{url_path}index.html");
                            let contents = match sink {
                                Some(staging) => {
                                    staging.write_file(&path, &page.placed(prefix))?;
                                    Contents::Written
                                }
                                None => Contents::Tree(Arc::clone(&page), Arc::clone(prefix)),
                            };
                            Ok(OutputFile { path, contents })
                        })
                        .collect()
                })
                .collect()
        },
        || {
            let files = crate::model::timings::measure(crate::model::timings::Stage::Index, || {
                search_index(revision, &rendered, &generated, theme)
            });
            // Streamed too: written while the pages are still being rendered, not held (and
            // written one after the other) until the end.
            match sink {
                Some(staging) => staging.write_all(&files).map(|()| {
                    files
                        .into_iter()
                        .map(|file| OutputFile {
                            path: file.path,
                            contents: Contents::Written,
                        })
                        .collect()
                }),
                None => Ok(files),
            }
        },
    );
    let mut files = Vec::new();
    let mut problems = Vec::new();
    match search_files {
        Ok(mut search_files) => files.append(&mut search_files),
        Err(d) => problems.push(d),
    }
    let mut page_files: HashMap<String, Vec<OutputFile>> = HashMap::new();
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

    match alias_targets(site, revision) {
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
    for tree in trees {
        for asset in &revision.assets {
            files.push(OutputFile {
                path: format!("{tree}{}", asset.url_path),
                contents: Contents::CopyOf(asset.source.clone()),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    drop(jobs);
    let pages = revision
        .pages
        .iter()
        .zip(rendered.pages)
        .map(|(page, rendered)| {
            let files = match page_files.remove(&page.rel_path) {
                Some(files) => files,
                None => earlier
                    .and_then(|e| e.pages.get(&page.rel_path))
                    .map(|p| p.files.clone())
                    .unwrap_or_default(),
            };
            let reused = ReusedPage {
                source: Arc::clone(&page.source),
                rendered,
                files,
            };
            (page.rel_path.clone(), reused)
        })
        .collect();
    files.extend(reused_files);
    Ok((
        files,
        Reuse {
            structure,
            pages,
            reused_pages,
        },
    ))
}

/// What every page of a revision shares in its template context, with the tree's prefix left
/// as [`REV_ROOT`].
fn page_frame<'a>(
    site: &Site,
    revision: &Revision,
    theme: &'a Theme,
    nav: &Nav,
    site_context: &SiteContext<'a>,
    revision_context: &RevisionContext<'a>,
) -> FrameContext<'a> {
    let base_path = site.config.base_path();
    FrameContext {
        site: site_context.clone(),
        strings: &theme.strings,
        search_url: format!("{REV_ROOT}{SEARCH_URL}"),
        search_root: REV_ROOT.to_string(),
        search_manifest: format!("{base_path}{}", search::manifest_path(&revision.id)),
        search_revisions: format!("{base_path}{}", search::REVISIONS_PATH),
        home_url: REV_ROOT.to_string(),
        revision: Some(revision_context.clone()),
        nav_partial: nav.is_partial(),
    }
}

/// What every page's output depends on besides its own source: the version list, the trees,
/// the addresses, and each page's path, front matter and heading ids, the terms, checklists,
/// quizzes and files of the revision.
fn structure_key(
    site: &Site,
    revision: &Revision,
    trees: &[String],
    versions: &Versions,
    heading_ids: &[Vec<String>],
) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(versions.signature());
    hash.update(trees.join("|"));
    hash.update(&site.config.base_url);
    for (page, ids) in revision.pages.iter().zip(heading_ids) {
        hash.update(format!("{}|{:?}|{ids:?}\n", page.rel_path, page.front));
    }
    let sources = revision
        .terms_file
        .iter()
        .chain(revision.checklists.iter().filter_map(|c| c.source.as_ref()))
        .chain(revision.quizzes.iter().filter_map(|q| q.source.as_ref()));
    for source in sources {
        hash.update(&source.text);
    }
    for asset in &revision.assets {
        hash.update(&asset.rel_path);
    }
    hash.finalize().into()
}

/// (alias, the page it leads to) for every page that declares `aliases`; an alias that is the
/// address of another page, or of two pages, is an error at the page's `aliases`.
fn alias_targets<'a>(
    site: &Site,
    revision: &'a Revision,
) -> Result<Vec<(&'a str, &'a Page)>, Vec<Diagnostic>> {
    let taken = all_url_paths(site, revision);
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
                Some(why) => {
                    let line = page
                        .source
                        .text
                        .lines()
                        .position(|l| l.contains(alias.trim_end_matches('/')))
                        .map_or(1, |i| i + 1);
                    problems.push(
                        crate::model::diagnostic::Diagnostic::at_line_col(
                            &page.source.path,
                            &page.source.text,
                            line,
                            1,
                            format!("alias `{alias}` is {why}"),
                        )
                        .with_hint("an old address that no page uses any more"),
                    );
                }
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

/// A filled-in page: its address inside a tree, and the page for all trees.
type Filled = Result<(String, Arc<TreePage>), Diagnostic>;

enum Job<'a> {
    Page(&'a Page, &'a Rendered),
    Generated(&'a Generated),
}

/// How many pages a revision publishes (each tree counted once).
pub fn page_count(site: &Site, revision: &Revision) -> usize {
    all_url_paths(site, revision).len()
}

/// Every URL path a revision publishes, for the version switcher.
pub fn all_url_paths(site: &Site, revision: &Revision) -> HashSet<String> {
    let mut paths: HashSet<String> = revision.pages.iter().map(|p| p.url_path.clone()).collect();
    paths.extend(generated_paths(revision));
    paths.extend(
        revision
            .quizzes
            .iter()
            .map(|q| quiz::trainer_url_path(&q.id)),
    );
    paths.insert(SEARCH_URL.to_string());
    paths.insert(revision_info::URL.to_string());
    if site.previous_revision(&revision.id).is_some() {
        paths.insert(revision_info::CHANGES_URL.to_string());
    }
    paths
}

/// URL paths of the generated pages that belong in the sitemap (trainer pages do not).
pub fn generated_paths(revision: &Revision) -> Vec<String> {
    let mut paths = Vec::new();
    if !revision.terms.is_empty() {
        paths.push(GLOSSARY_URL.to_string());
    }
    if !revision.checklists.is_empty() {
        paths.push(checklist::OVERVIEW_URL.to_string());
        paths.extend(
            revision
                .checklists
                .iter()
                .map(|c| checklist::url_path(&c.id)),
        );
    }
    if !revision.quizzes.is_empty() {
        paths.push(quiz::OVERVIEW_URL.to_string());
        paths.extend(revision.quizzes.iter().map(|q| quiz::url_path(&q.id)));
    }
    paths
}

fn link_index(revision: &Revision, ids: Vec<Vec<String>>) -> LinkIndex {
    let mut links = LinkIndex::default();
    for (page, ids) in revision.pages.iter().zip(ids) {
        links.add(&page.rel_path, &page.url_path, ids);
    }
    if !revision.terms.is_empty() {
        let ids = revision.terms.iter().map(|t| t.id.clone());
        links.add(GLOSSARY_SOURCE, GLOSSARY_URL, ids);
    }
    if !revision.checklists.is_empty() {
        links.add(checklist::OVERVIEW_SOURCE, checklist::OVERVIEW_URL, []);
    }
    for c in &revision.checklists {
        links.add(
            &checklist::source_path(&c.id),
            &checklist::url_path(&c.id),
            [],
        );
    }
    if !revision.quizzes.is_empty() {
        links.add(quiz::OVERVIEW_SOURCE, quiz::OVERVIEW_URL, []);
    }
    for q in &revision.quizzes {
        links.add(&quiz::source_path(&q.id), &quiz::url_path(&q.id), []);
    }
    for asset in &revision.assets {
        links.add(&asset.rel_path, &asset.url_path, []);
    }
    for path in &revision.unreadable {
        links.add_unchecked(path);
    }
    for path in &revision.withheld {
        links.add_withheld(path);
    }
    links
}

/// The Markdown stage of one revision on its own: every page with its links, terms and
/// shortcodes, as a build renders them. For the stage benchmarks (`benches/stages.rs`).
pub fn markdown_stage(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    let heading_ids = revision
        .pages
        .par_iter()
        .map(|p| markdown::heading_ids(p.body()))
        .collect();
    render_markdown(site, revision, theme, heading_ids, &[0; 32], None).map(|r| r.pages)
}

struct RenderedRevision {
    pages: Vec<Rendered>,
    terms: Vec<TermContext>,
    exercises: Exercises,
}

fn render_markdown(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    heading_ids: Vec<Vec<String>>,
    structure: &[u8; 32],
    earlier: Option<&Reuse>,
) -> Result<RenderedRevision, Vec<Diagnostic>> {
    let links = link_index(revision, heading_ids);
    let matcher = TermMatcher::new(&revision.terms);
    let registry = Registry::default();
    let mut problems = reserved_addresses(revision);
    // Checklists and quizzes are rendered first: pages place them with shortcodes.
    let no_exercises = Exercises::default();
    let base_env = Env {
        config: &site.config,
        strings: &theme.strings,
        templates: theme,
        exercises: &no_exercises,
    };
    let base_ctx = markdown::Context {
        links: &links,
        terms: &revision.terms,
        matcher: &matcher,
        strings: &theme.strings,
        shortcodes: &registry,
        env: &base_env,
        allow_html: site.config.allow_html,
    };
    let exercises = Exercises {
        checklists: revision
            .checklists
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    checklist::context(c, &revision.id, &base_ctx, &mut problems),
                )
            })
            .collect(),
        quizzes: revision
            .quizzes
            .iter()
            .map(|q| {
                (
                    q.id.clone(),
                    quiz::context(q, &revision.id, &base_ctx, &mut problems),
                )
            })
            .collect(),
    };
    let terms = term_contexts(revision, &base_ctx, &mut problems);
    let env = Env {
        exercises: &exercises,
        ..base_env
    };
    let ctx = markdown::Context {
        env: &env,
        ..base_ctx
    };
    let pages: Vec<Rendered> = revision
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
                || {
                    markdown::render(
                        &Input {
                            markdown: page.body(),
                            origin: Origin::Page {
                                file: &page.source.path,
                                text: &page.source.text,
                                body_start: page.body_start,
                            },
                            source_path: &page.rel_path,
                            link_terms: true,
                        },
                        &ctx,
                    )
                },
            )
        })
        .collect();
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

/// Pages may not take the addresses of generated pages.
fn reserved_addresses(revision: &Revision) -> Vec<Diagnostic> {
    let reserved = generated_paths(revision);
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

/// A page made from data rather than from a Markdown file.
struct Generated {
    /// How links and the navigation name it (`definitions.yaml`, `quizzes/grund.yaml`).
    key: String,
    /// The key of the page it sits under in the navigation; `None` at the top.
    parent: Option<String>,
    /// Shown in the navigation (trainer pages are reached from their quiz only).
    in_nav: bool,
    url_path: String,
    title: String,
    description: String,
    kind: &'static str,
    template: &'static str,
    /// HTML with revision-root markers.
    content: String,
    toc: Vec<TocEntry>,
    /// Extra template variables (`terms`, `quiz`), with revision-root markers in URLs.
    extra: Map<String, Value>,
    noindex: bool,
}

fn generated_pages(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    rendered: &RenderedRevision,
) -> Result<Vec<Generated>, Vec<Diagnostic>> {
    let strings = &theme.strings;
    let mut pages = revision_pages_of(site, revision, theme);
    if !revision.terms.is_empty() {
        pages.push(Generated {
            key: GLOSSARY_SOURCE.into(),
            parent: None,
            in_nav: true,
            url_path: GLOSSARY_URL.into(),
            title: strings.get("glossary_title").into(),
            description: strings.get("glossary_description").into(),
            kind: "glossary",
            template: "glossary.html",
            content: String::new(),
            toc: rendered
                .terms
                .iter()
                .map(|t| TocEntry {
                    level: 2,
                    id: t.id.clone(),
                    title: t.title.clone(),
                })
                .collect(),
            extra: object(json!({ "terms": rendered.terms })),
            noindex: false,
        });
    }
    let mut problems = Vec::new();
    if !revision.checklists.is_empty() {
        pages.push(overview(
            checklist::OVERVIEW_SOURCE,
            checklist::OVERVIEW_URL,
            "checklists",
            theme,
        ));
        for c in &revision.checklists {
            let context = &rendered.exercises.checklists[&c.id];
            match checklist_page(context, theme) {
                Ok(page) => pages.push(page),
                Err(d) => problems.push(d),
            }
        }
    }
    if !revision.quizzes.is_empty() {
        pages.push(overview(
            quiz::OVERVIEW_SOURCE,
            quiz::OVERVIEW_URL,
            "quizzes",
            theme,
        ));
        for q in &revision.quizzes {
            let versions = &rendered.exercises.quizzes[&q.id];
            match quiz_pages(versions, theme) {
                Ok(mut both) => pages.append(&mut both),
                Err(d) => problems.push(d),
            }
        }
    }
    pages.push(Generated {
        key: SEARCH_SOURCE.into(),
        parent: None,
        in_nav: false,
        url_path: SEARCH_URL.into(),
        title: strings.get("search_title").into(),
        description: strings.get("search_description").into(),
        kind: "search",
        template: "search.html",
        content: String::new(),
        toc: Vec::new(),
        extra: object(json!({ "has_glossary": !revision.terms.is_empty() })),
        noindex: true,
    });
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

/// The revision page and, from the second revision on, the change page.
fn revision_pages_of(site: &Site, revision: &Revision, theme: &Theme) -> Vec<Generated> {
    let strings = &theme.strings;
    let about = revision_info::about(site, revision, Date::today());
    let mut pages = vec![Generated {
        key: revision_info::SOURCE.into(),
        parent: None,
        in_nav: false,
        url_path: revision_info::URL.into(),
        title: strings.get("revision_page_title").into(),
        description: strings.get("revision_page_description").into(),
        kind: "revision",
        template: "revision.html",
        content: String::new(),
        toc: Vec::new(),
        extra: object(json!({ "about": about })),
        noindex: false,
    }];
    if let Some(previous) = site.previous_revision(&revision.id) {
        let changes = crate::model::timings::measure(crate::model::timings::Stage::Diff, || {
            crate::features::changes::compare(previous, revision)
        });
        let previous_title = previous.title();
        pages.push(Generated {
            key: revision_info::CHANGES_SOURCE.into(),
            parent: None,
            in_nav: false,
            url_path: revision_info::CHANGES_URL.into(),
            title: strings.get("changes_title").into(),
            description: strings.get("changes_description").into(),
            kind: "changes",
            template: "changes.html",
            content: String::new(),
            toc: Vec::new(),
            extra: object(json!({
                "changes": changes,
                "previous": { "id": previous.id, "title": previous_title },
            })),
            noindex: false,
        });
    }
    pages
}

/// The search page of a revision, and how links name it (`@/sok`).
pub const SEARCH_URL: &str = "sok/";
const SEARCH_SOURCE: &str = "sok";

/// The search index of one revision: every public page split at its headings, each glossary
/// term as a section of its own, and the checklist and quiz pages. Internal pages, trainer
/// mode and the search page itself stay out.
fn search_index(
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
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The overview of all checklists or all quizzes: a section listing its children.
fn overview(key: &str, url_path: &str, strings_prefix: &str, theme: &Theme) -> Generated {
    let strings = &theme.strings;
    let intro_key = format!("{strings_prefix}_intro");
    let intro = strings.get(&intro_key);
    Generated {
        key: key.into(),
        parent: None,
        in_nav: true,
        url_path: url_path.into(),
        title: strings.get(&format!("{strings_prefix}_title")).into(),
        description: intro.into(),
        kind: "section",
        template: "section.html",
        content: format!("<p>{}</p>\n", escape(intro)),
        toc: Vec::new(),
        extra: Map::new(),
        noindex: false,
    }
}

fn checklist_page(context: &ChecklistContext, theme: &Theme) -> Result<Generated, Diagnostic> {
    let content = theme.render(
        "shortcodes/checklist.html",
        &json!({ "checklist": context, "strings": theme.strings, "standalone": true }),
    )?;
    Ok(Generated {
        key: checklist::source_path(&context.id),
        parent: Some(checklist::OVERVIEW_SOURCE.into()),
        in_nav: true,
        url_path: checklist::url_path(&context.id),
        title: context.title.clone(),
        description: crate::markdown::html::strip_tags(&context.intro),
        kind: "checklist",
        template: "page.html",
        content,
        toc: Vec::new(),
        extra: Map::new(),
        noindex: false,
    })
}

/// The participants' page and the trainer's page of one quiz.
fn quiz_pages(versions: &QuizVersions, theme: &Theme) -> Result<Vec<Generated>, Diagnostic> {
    let quiz = &versions.participant;
    let content = theme.render(
        "shortcodes/quiz.html",
        &json!({ "quiz": quiz, "strings": theme.strings, "standalone": true }),
    )?;
    let key = quiz::source_path(&quiz.id);
    let participant = Generated {
        key: key.clone(),
        parent: Some(quiz::OVERVIEW_SOURCE.into()),
        in_nav: true,
        url_path: quiz::url_path(&quiz.id),
        title: quiz.title.clone(),
        description: crate::markdown::html::strip_tags(&quiz.intro),
        kind: "quiz",
        template: "page.html",
        content,
        toc: Vec::new(),
        extra: Map::new(),
        noindex: false,
    };
    let trainer = Generated {
        key: format!("{key}#tranare"),
        parent: Some(key),
        in_nav: false,
        url_path: quiz::trainer_url_path(&quiz.id),
        title: format!("{} – {}", quiz.title, theme.strings.get("trainer_mode")),
        description: theme.strings.get("trainer_description").into(),
        kind: "trainer",
        template: "quiz_trainer.html",
        content: String::new(),
        toc: Vec::new(),
        extra: object(json!({ "quiz": versions.trainer })),
        noindex: true,
    };
    Ok(vec![participant, trainer])
}

/// Navigation entries for the generated pages, appended after the Markdown pages.
fn navigation_nodes(generated: &[Generated]) -> Vec<Node> {
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

/// `otillåten påverkan` → `Otillåten påverkan`; the rest of the term stays as written.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn revision_context<'a>(site: &'a Site, revision: &'a Revision) -> RevisionContext<'a> {
    RevisionContext {
        id: &revision.id,
        title: revision.title(),
        status: match revision.meta.status {
            Status::Adopted => "adopted",
            Status::Draft => "draft",
        },
        adopted: revision.meta.adopted.as_deref().unwrap_or(""),
        decided_by: &revision.meta.decided_by,
        reference: &revision.meta.reference,
        is_latest: site.root_revision().is_some_and(|r| r.id == revision.id),
    }
}

/// What all pages of one revision share while their templates are filled.
struct Shared<'a> {
    site: &'a Site,
    revision: &'a Revision,
    theme: &'a Theme,
    nav: &'a Nav,
    menus: &'a Menus,
    /// What every page of the revision shares, as template data ([`FrameContext`]).
    frame: tera::Context,
    descriptions: &'a HashMap<&'a str, &'a str>,
    site_context: SiteContext<'a>,
    revision_context: RevisionContext<'a>,
    versions: &'a Versions,
}

/// One page's own part of the template context.
struct PageJob<'a> {
    key: &'a str,
    url_path: &'a str,
    template: &'a str,
    info: PageInfo,
    extra: Map<String, Value>,
}

impl Shared<'_> {
    fn prefix(&self, tree: &str) -> String {
        format!("{}{tree}", self.site.config.base_path())
    }

    /// The page's own citable address, in its revision's folder.
    fn permalink(&self, url_path: &str) -> String {
        format!(
            "{}{}/{url_path}",
            self.site.config.base_url_slash(),
            self.revision.id
        )
    }

    fn page(&self, page: &Page, rendered: &Rendered) -> Filled {
        let info = PageInfo {
            title: page.front.title.clone(),
            description: page.front.description.clone(),
            content: rendered.html.clone(),
            kind: if page.is_section { "section" } else { "page" },
            toc: rendered.toc.clone(),
            internal: page.front.visibility == Visibility::Internal,
            draft: page.front.draft,
            ..PageInfo::default()
        };
        let template = if page.is_section {
            "section.html"
        } else {
            "page.html"
        };
        self.fill(PageJob {
            key: &page.rel_path,
            url_path: &page.url_path,
            template,
            info,
            extra: Map::new(),
        })
    }

    fn generated(&self, page: &Generated) -> Filled {
        let extra = page.extra.clone();
        let info = PageInfo {
            title: page.title.clone(),
            description: page.description.clone(),
            content: page.content.clone(),
            kind: page.kind,
            toc: page.toc.clone(),
            noindex: page.noindex,
            ..PageInfo::default()
        };
        self.fill(PageJob {
            key: &page.key,
            url_path: &page.url_path,
            template: page.template,
            info,
            extra,
        })
    }

    /// A page at an old address that sends the reader to where the page is now (a meta refresh,
    /// which a strict CSP allows, and a plain link).
    fn redirect(&self, tree: &str, alias: &str, page: &Page) -> Result<OutputFile, Diagnostic> {
        let prefix = self.prefix(tree);
        let info = PageInfo {
            title: page.front.title.clone(),
            url: format!("{prefix}{}", page.url_path),
            canonical: self.versions.canonical(
                &self.revision.id,
                &page.url_path,
                &self.site.config.base_url_slash(),
            ),
            kind: "redirect",
            noindex: true,
            ..PageInfo::default()
        };
        let frame = FrameContext {
            site: self.site_context.clone(),
            strings: &self.theme.strings,
            search_url: String::new(),
            search_root: String::new(),
            search_manifest: String::new(),
            search_revisions: String::new(),
            home_url: prefix.clone(),
            revision: Some(self.revision_context.clone()),
            nav_partial: false,
        };
        let own = PageOwn {
            versions: Vec::new(),
            in_force_url: String::new(),
            menu: "",
            has_nav: false,
            page: info,
            children: Vec::new(),
            extra: Map::new(),
        };
        let context = PageContext { frame, own };
        let html = self.theme.render("redirect.html", &context)?;
        Ok(OutputFile::html(format!("{tree}{alias}index.html"), html))
    }

    /// Adds what every page has (URLs, navigation, breadcrumbs) and renders the template, with
    /// the tree's prefix left as [`crate::markdown::html::REV_ROOT`]: the page's address inside the tree
    /// and the page, for every tree at once.
    fn fill(&self, mut job: PageJob) -> Filled {
        let prefix = REV_ROOT.to_string();
        // The content goes in after minifying ([`crate::render::prose`]).
        let content = (!job.info.content.is_empty()).then(|| {
            std::mem::replace(
                &mut job.info.content,
                crate::render::prose::PLACEHOLDER.into(),
            )
        });
        let (prev, next) = self.nav.neighbours(job.key, &prefix);
        let children = if matches!(job.info.kind, "section") {
            self.children(job.key, &prefix)
        } else {
            Vec::new()
        };
        let page = PageInfo {
            url: format!("{prefix}{}", job.url_path),
            canonical: self.versions.canonical(
                &self.revision.id,
                job.url_path,
                &self.site.config.base_url_slash(),
            ),
            permalink: self.permalink(job.url_path),
            breadcrumbs: self.nav.breadcrumbs(job.key, &prefix),
            prev,
            next,
            ..job.info
        };
        let base_path = self.site.config.base_path();
        let menu = self.menus.for_page(self.nav, job.key, &page.url);
        let own = PageOwn {
            versions: self
                .versions
                .links(&self.revision.id, job.url_path, &base_path),
            in_force_url: self
                .versions
                .in_force_url(&self.revision.id, job.url_path, &base_path),
            menu: if menu.is_some() { PLACEHOLDER } else { "" },
            has_nav: menu.is_some(),
            page,
            children,
            extra: job.extra,
        };
        let name = format!("{}/{}", self.revision.id, job.url_path);
        let html = crate::model::timings::measure_page(
            crate::model::timings::Stage::Templates,
            &name,
            || self.theme.render_page(job.template, &self.frame, &own),
        )?;
        if menu.is_some() {
            crate::render::menu::check_unescaped(&html, self.theme, job.template)?;
        }
        if content.is_some() {
            crate::render::prose::check_unescaped(&html, self.theme, job.template)?;
        }
        Ok((
            job.url_path.to_string(),
            TreePage::new(name, html, menu, content),
        ))
    }

    fn children(&self, key: &str, prefix: &str) -> Vec<ChildLink> {
        self.nav
            .children(key)
            .into_iter()
            .filter(|node| !node.hidden)
            .map(|node| ChildLink {
                title: node.title.clone(),
                url: format!("{prefix}{}", node.url_path),
                description: self
                    .descriptions
                    .get(node.key.as_str())
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            })
            .collect()
    }
}
