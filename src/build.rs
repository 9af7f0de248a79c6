//! The orchestrator: load → render → write, as a short list of stages.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, LoadOptions, Page, Revision, Site, Status, Visibility};
use crate::diagnostic::Diagnostic;
use crate::glossary::{TermMatcher, GLOSSARY_URL};
use crate::html::{escape, place};
use crate::links::{LinkIndex, GLOSSARY_SOURCE};
use crate::markdown::{self, Input, Origin, Rendered, TocEntry};
use crate::nav::Nav;
use crate::output::{self, Contents, OutputFile};
use crate::render::{
    ChildLink, PageContext, PageInfo, RevisionContext, SiteContext, TermContext, Theme,
};
use crate::shortcodes::{Env, Registry};

#[derive(Debug, Clone)]
pub struct Options {
    /// The folder with `site.toml`.
    pub root: PathBuf,
    /// Overrides `output_dir` from `site.toml`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from `site.toml`, e.g. to preview on `http://127.0.0.1:8000/`.
    pub base_url: Option<String>,
    /// False for `handbok check`: validate everything, write nothing.
    pub write: bool,
}

#[derive(Debug)]
pub struct Summary {
    pub revisions: usize,
    pub pages: usize,
    pub files: usize,
    pub out_dir: PathBuf,
    pub seconds: f64,
}

/// Builds the site; on any error returns all of them and leaves the output untouched.
pub fn run(options: &Options, progress: &ProgressBar) -> Result<Summary, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut config = config::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = config::check_base_url(base_url).map_err(|d| vec![d])?;
    }
    let out_dir = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    let theme = Theme::load(&options.root, &config);
    let site = content::load(
        &options.root,
        config,
        LoadOptions {
            drafts: options.drafts,
        },
    );
    let (theme, (site, mut problems)) = match (theme, site) {
        (Ok(theme), Ok(site)) => (theme, site),
        (theme, site) => {
            let mut problems = theme.err().unwrap_or_default();
            match site {
                Ok((_, mut site_problems)) | Err(mut site_problems) => {
                    problems.append(&mut site_problems)
                }
            }
            return Err(problems);
        }
    };
    let files = match render_site(&site, &theme, progress) {
        Ok(files) if problems.is_empty() => files,
        Ok(_) => return Err(problems),
        Err(mut render_problems) => {
            problems.append(&mut render_problems);
            return Err(dedup(problems));
        }
    };
    if options.write {
        output::check_out_dir(&out_dir, &options.root).map_err(|d| vec![d])?;
        output::write_atomically(&out_dir, &files).map_err(|d| vec![d])?;
    }
    Ok(Summary {
        revisions: site.revisions.len(),
        pages: site.revisions.iter().map(page_count).sum(),
        files: files.len(),
        out_dir,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Pages of a revision, its glossary included.
fn page_count(revision: &Revision) -> usize {
    revision.pages.len() + usize::from(!revision.terms.is_empty())
}

/// Every file of the site, or every problem found while making them.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    progress: &ProgressBar,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let root_revision = site.root_revision().map(|r| r.id.clone());
    let total: usize = site
        .revisions
        .iter()
        .map(|r| page_count(r) * trees(r, root_revision.as_deref()).len())
        .sum();
    progress.set_length(total as u64);
    let mut files = Vec::new();
    let mut problems = check_root_collisions(site, root_revision.as_deref());
    for revision in &site.revisions {
        let trees = trees(revision, root_revision.as_deref());
        match render_revision(site, revision, theme, &trees, progress) {
            Ok(mut rendered) => files.append(&mut rendered),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    match render_404(site, theme) {
        Ok(file) => files.push(file),
        Err(d) => problems.push(d),
    }
    files.push(sitemap(site));
    files.push(robots(&site.config));
    files.extend(theme.static_files.iter().map(|f| OutputFile {
        path: f.path.clone(),
        contents: match &f.contents {
            Contents::Bytes(b) => Contents::Bytes(b.clone()),
            Contents::CopyOf(p) => Contents::CopyOf(p.clone()),
        },
    }));
    progress.finish_and_clear();
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(dedup(problems))
    }
}

/// A page tree: the folder inside the output (`2023-2026/` or `` for the root copy).
fn trees(revision: &Revision, root_revision: Option<&str>) -> Vec<String> {
    let mut trees = vec![format!("{}/", revision.id)];
    if root_revision == Some(revision.id.as_str()) {
        trees.push(String::new());
    }
    trees
}

/// The root copy of the latest revision shares the top level with the revision folders.
fn check_root_collisions(site: &Site, root_revision: Option<&str>) -> Vec<Diagnostic> {
    let Some(root) = site
        .revisions
        .iter()
        .find(|r| Some(r.id.as_str()) == root_revision)
    else {
        return Vec::new();
    };
    let ids: HashSet<&str> = site.revisions.iter().map(|r| r.id.as_str()).collect();
    root.pages
        .iter()
        .filter(|p| {
            p.url_path
                .split('/')
                .next()
                .is_some_and(|first| ids.contains(first))
        })
        .map(|p| {
            Diagnostic::global(format!(
                "{} would have the same address as a revision folder",
                p.source.path.display()
            ))
            .with_hint("a page or folder name that is not also a revision id")
        })
        .collect()
}

fn dedup(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    problems
        .into_iter()
        .filter(|d| seen.insert(d.render()))
        .collect()
}

fn link_index(revision: &Revision) -> LinkIndex {
    let ids: Vec<Vec<String>> = revision
        .pages
        .par_iter()
        .map(|p| markdown::heading_ids(p.body()))
        .collect();
    let mut links = LinkIndex::default();
    for (page, ids) in revision.pages.iter().zip(ids) {
        links.add(&page.rel_path, &page.url_path, ids);
    }
    if !revision.terms.is_empty() {
        links.add(
            GLOSSARY_SOURCE,
            GLOSSARY_URL,
            revision.terms.iter().map(|t| t.id.clone()),
        );
    }
    for asset in &revision.assets {
        links.add(&asset.rel_path, &asset.rel_path, []);
    }
    for path in &revision.unreadable {
        links.add_unchecked(path);
    }
    links
}

struct RenderedRevision {
    pages: Vec<Rendered>,
    terms: Vec<TermContext>,
}

fn render_markdown(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
) -> Result<RenderedRevision, Vec<Diagnostic>> {
    let links = link_index(revision);
    let matcher = TermMatcher::new(&revision.terms);
    let registry = Registry::default();
    let env = Env {
        config: &site.config,
        strings: &theme.strings,
        templates: theme,
    };
    let ctx = markdown::Context {
        links: &links,
        terms: &revision.terms,
        matcher: &matcher,
        strings: &theme.strings,
        shortcodes: &registry,
        env: &env,
        allow_html: site.config.allow_html,
    };
    let pages: Vec<Rendered> = revision
        .pages
        .par_iter()
        .map(|page| {
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
        })
        .collect();
    let mut problems: Vec<Diagnostic> = pages.iter().flat_map(|r| r.diagnostics.clone()).collect();
    if revision.pages.iter().any(|p| p.url_path == GLOSSARY_URL) && !revision.terms.is_empty() {
        problems.push(Diagnostic::global(format!(
            "a page in revision {} has the glossary's address /{GLOSSARY_URL}",
            revision.id
        )));
    }
    let terms = match &revision.terms_file {
        Some(file) => revision
            .terms
            .iter()
            .map(|term| {
                let mut one = |markdown: &str| {
                    let rendered = markdown::render(
                        &Input {
                            markdown,
                            origin: Origin::Line {
                                file: &file.path,
                                text: &file.text,
                                line: term.line,
                            },
                            source_path: GLOSSARY_SOURCE,
                            link_terms: false,
                        },
                        &ctx,
                    );
                    problems.extend(rendered.diagnostics);
                    rendered.html
                };
                TermContext {
                    id: term.id.clone(),
                    term: term.term.clone(),
                    title: capitalize(&term.term),
                    short: term.short.clone(),
                    body: one(&term.body),
                    examples: term.examples.iter().map(|e| one(e)).collect(),
                    legal: term.legal.clone(),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    if problems.is_empty() {
        Ok(RenderedRevision { pages, terms })
    } else {
        Err(problems)
    }
}

fn render_revision(
    site: &Site,
    revision: &Revision,
    theme: &Theme,
    trees: &[String],
    progress: &ProgressBar,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let rendered = render_markdown(site, revision, theme)?;
    let glossary_title = (!revision.terms.is_empty()).then(|| theme.strings.get("glossary_title"));
    let nav = Nav::new(revision, glossary_title);
    let descriptions: HashMap<&str, &str> = revision
        .pages
        .iter()
        .map(|p| (p.rel_path.as_str(), p.front.description.as_str()))
        .collect();
    let shared = Shared {
        site,
        revision,
        theme,
        nav: &nav,
        descriptions: &descriptions,
        site_context: SiteContext::new(&site.config),
        revision_context: revision_context(site, revision),
    };
    let mut jobs: Vec<(&str, Option<(&Page, &Rendered)>)> = Vec::new();
    for tree in trees {
        for (page, rendered) in revision.pages.iter().zip(&rendered.pages) {
            jobs.push((tree, Some((page, rendered))));
        }
        if !revision.terms.is_empty() {
            jobs.push((tree, None));
        }
    }
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|(tree, job)| {
            let file = match job {
                Some((page, rendered)) => shared.page(tree, page, rendered),
                None => shared.glossary(tree, &rendered.terms),
            };
            progress.inc(1);
            file
        })
        .collect();
    let mut files = Vec::with_capacity(results.len() + revision.assets.len() * trees.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => problems.push(d),
        }
    }
    for tree in trees {
        for asset in &revision.assets {
            files.push(OutputFile {
                path: format!("{tree}{}", asset.rel_path),
                contents: Contents::CopyOf(asset.source.clone()),
            });
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
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
        title: if revision.meta.title.is_empty() {
            &revision.id
        } else {
            &revision.meta.title
        },
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
    descriptions: &'a HashMap<&'a str, &'a str>,
    site_context: SiteContext<'a>,
    revision_context: RevisionContext<'a>,
}

impl Shared<'_> {
    fn prefix(&self, tree: &str) -> String {
        format!("{}{tree}", self.site.config.base_path())
    }

    fn canonical(&self, url_path: &str) -> String {
        format!(
            "{}{}/{url_path}",
            self.site.config.base_url_slash(),
            self.revision.id
        )
    }

    fn page(&self, tree: &str, page: &Page, rendered: &Rendered) -> Result<OutputFile, Diagnostic> {
        let prefix = self.prefix(tree);
        let (prev, next) = self.nav.neighbours(&page.rel_path, &prefix);
        let children = if page.is_section {
            self.nav
                .children(&page.rel_path)
                .into_iter()
                .map(|node| ChildLink {
                    title: node.title.clone(),
                    url: format!("{prefix}{}", node.url_path),
                    description: match self.descriptions.get(node.key.as_str()) {
                        Some(d) => d.to_string(),
                        None => self.theme.strings.get("glossary_description").to_string(),
                    },
                })
                .collect()
        } else {
            Vec::new()
        };
        let info = PageInfo {
            title: page.front.title.clone(),
            description: page.front.description.clone(),
            content: place(&rendered.html, &prefix),
            url: format!("{prefix}{}", page.url_path),
            canonical: self.canonical(&page.url_path),
            kind: if page.is_section { "section" } else { "page" },
            toc: rendered.toc.clone(),
            breadcrumbs: self.nav.breadcrumbs(&page.rel_path, &prefix),
            prev,
            next,
            internal: page.front.visibility == Visibility::Internal,
            draft: page.front.draft,
        };
        let template = if page.is_section {
            "section.html"
        } else {
            "page.html"
        };
        self.fill(
            tree,
            &page.rel_path,
            &page.url_path,
            template,
            info,
            children,
            Vec::new(),
        )
    }

    fn glossary(&self, tree: &str, terms: &[TermContext]) -> Result<OutputFile, Diagnostic> {
        let prefix = self.prefix(tree);
        let (prev, next) = self.nav.neighbours(GLOSSARY_SOURCE, &prefix);
        let terms: Vec<TermContext> = terms
            .iter()
            .map(|t| TermContext {
                body: place(&t.body, &prefix),
                examples: t.examples.iter().map(|e| place(e, &prefix)).collect(),
                ..t.clone()
            })
            .collect();
        let info = PageInfo {
            title: self.theme.strings.get("glossary_title").to_string(),
            description: self.theme.strings.get("glossary_description").to_string(),
            url: format!("{prefix}{GLOSSARY_URL}"),
            canonical: self.canonical(GLOSSARY_URL),
            kind: "glossary",
            toc: terms
                .iter()
                .map(|t| TocEntry {
                    level: 2,
                    id: t.id.clone(),
                    title: t.title.clone(),
                })
                .collect(),
            breadcrumbs: self.nav.breadcrumbs(GLOSSARY_SOURCE, &prefix),
            prev,
            next,
            ..PageInfo::default()
        };
        self.fill(
            tree,
            GLOSSARY_SOURCE,
            GLOSSARY_URL,
            "glossary.html",
            info,
            Vec::new(),
            terms,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn fill(
        &self,
        tree: &str,
        key: &str,
        url_path: &str,
        template: &str,
        page: PageInfo,
        children: Vec<ChildLink>,
        terms: Vec<TermContext>,
    ) -> Result<OutputFile, Diagnostic> {
        let prefix = self.prefix(tree);
        let context = PageContext {
            site: self.site_context.clone(),
            strings: &self.theme.strings,
            home_url: prefix.clone(),
            revision: Some(self.revision_context.clone()),
            nav: self.nav.items_for(key, &prefix),
            page,
            children,
            terms,
        };
        let html = self.theme.render(template, &context)?;
        Ok(OutputFile::bytes(
            format!("{tree}{url_path}index.html"),
            output::minify(&html),
        ))
    }
}

fn render_404(site: &Site, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let base_path = site.config.base_path();
    let context = PageContext {
        site: SiteContext::new(&site.config),
        strings: &theme.strings,
        home_url: base_path.clone(),
        revision: None,
        nav: Vec::new(),
        page: PageInfo {
            title: theme.strings.get("not_found_title").to_string(),
            url: format!("{base_path}404.html"),
            canonical: format!("{}404.html", site.config.base_url_slash()),
            kind: "404",
            ..PageInfo::default()
        },
        children: Vec::new(),
        terms: Vec::new(),
    };
    let html = theme.render("404.html", &context)?;
    Ok(OutputFile::bytes("404.html", output::minify(&html)))
}

/// Adopted revisions' public pages, at their citable addresses.
fn sitemap(site: &Site) -> OutputFile {
    let base = site.config.base_url_slash();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for revision in site
        .revisions
        .iter()
        .filter(|r| r.meta.status == Status::Adopted)
    {
        let mut paths: Vec<&str> = revision
            .pages
            .iter()
            .filter(|p| p.front.visibility == Visibility::Public && !p.front.draft)
            .map(|p| p.url_path.as_str())
            .collect();
        if !revision.terms.is_empty() {
            paths.push(GLOSSARY_URL);
        }
        for path in paths {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape(&format!("{base}{}/{path}", revision.id))
            ));
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile::bytes("sitemap.xml", xml.into_bytes())
}

fn robots(config: &Config) -> OutputFile {
    OutputFile::bytes(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            config.base_url_slash()
        )
        .into_bytes(),
    )
}
