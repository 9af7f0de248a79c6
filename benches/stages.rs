//! Criterion benchmarks for the hot stages of a build, each on the bundled handbook's revision
//! in force (real Swedish pages, terms, checklists and quizzes): Markdown (with links, terms
//! and shortcodes), term linking alone, templates, minification, the search index, and
//! writing the whole site. `cargo bench --bench stages`; one stage: `cargo bench --bench
//! stages -- minify`. Whole builds at 100 to 10,000 pages are in `scripts/bench-build`.
//!
//! Each benchmark processes every page of the revision once per iteration; criterion reports
//! the time per iteration and pages (elements) per second.

use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use handbok::build::{self, Options};
use handbok::markdown::glossary::TermMatcher;
use handbok::markdown::Rendered;
use handbok::model::content::{self, LoadOptions, Revision, Site};
use handbok::output;
use handbok::render::files::OutputFile;
use handbok::render::menu::{Menus, PageMenu, PLACEHOLDER};
use handbok::render::nav::Nav;
use handbok::render::pages;
use handbok::render::prose::PageProse;
use handbok::render::splice::Insert;
use handbok::render::theme::{
    FrameContext, PageInfo, PageOwn, RevisionContext, SiteContext, Theme,
};

type FilledPage = (Vec<u8>, Option<PageMenu>, String);

struct Fixture {
    site: Site,
    theme: Theme,
    rendered: Vec<Rendered>,
    /// Every page of the revision filled into `page.html`, not yet minified, with its menu
    /// and its content (both put in after minifying, as a build does).
    pages: Vec<FilledPage>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixed day, so every run measures the same site.
const BUILD_DAY: handbok::model::election::Date = handbok::model::election::Date {
    year: 2026,
    month: 12,
    day: 3,
};

fn fixture() -> Fixture {
    let config =
        handbok::model::config::load(root()).unwrap_or_else(|e| panic!("site.toml: {e:?}"));
    let theme = Theme::load(root(), &config).unwrap_or_else(|e| panic!("theme: {e:?}"));
    let options = LoadOptions {
        drafts: true,
        internal: false,
        today: BUILD_DAY,
    };
    let (site, _) = content::load(root(), config, options).unwrap_or_else(|e| panic!("{e:?}"));
    let revision = in_force(&site);
    let rendered = pages::markdown_stage(&site, revision, &theme)
        .unwrap_or_else(|e| panic!("markdown: {e:?}"));
    let mut fixture = Fixture {
        site,
        theme,
        rendered,
        pages: Vec::new(),
    };
    fixture.pages = fill_templates(&fixture);
    fixture
}

fn in_force(site: &Site) -> &Revision {
    site.root_revision()
        .or(site.revisions.last())
        .expect("the bundled handbook has a revision")
}

/// `page.html` around each rendered page, with the revision's menus (once per section), as a
/// build fills them.
fn fill_templates(fixture: &Fixture) -> Vec<FilledPage> {
    let site = &fixture.site;
    let revision = in_force(site);
    let nav = Nav::new(revision, Vec::new());
    let prefix = format!("{}{}/", site.config.base_path(), revision.id);
    let keys: Vec<&str> = revision.pages.iter().map(|p| p.rel_path.as_str()).collect();
    let menus = Menus::render(
        &nav,
        &keys,
        &fixture.theme,
        &SiteContext::new(&site.config),
        &prefix,
    )
    .unwrap_or_else(|e| panic!("menu.html: {}", e.render()));
    let frame = FrameContext {
        site: SiteContext::new(&site.config),
        strings: &fixture.theme.strings,
        search_url: format!("{prefix}sok/"),
        search_root: prefix.clone(),
        search_manifest: String::new(),
        search_revisions: String::new(),
        home_url: prefix.clone(),
        revision: Some(RevisionContext {
            id: &revision.id,
            title: revision.title(),
            status: "adopted",
            adopted: "",
            decided_by: "",
            reference: "",
            is_latest: true,
        }),
        nav_partial: nav.is_partial(),
    }
    .template_data()
    .unwrap_or_else(|e| panic!("frame: {}", e.render()));
    revision
        .pages
        .iter()
        .zip(&fixture.rendered)
        .map(|(page, rendered)| {
            let url = format!("{prefix}{}", page.url_path);
            let menu = menus.for_page(&nav, &page.rel_path, &url);
            let own = PageOwn {
                versions: Vec::new(),
                in_force_url: String::new(),
                menu: if menu.is_some() { PLACEHOLDER } else { "" },
                has_nav: menu.is_some(),
                page: PageInfo {
                    title: page.front.title.clone(),
                    description: page.front.description.clone(),
                    content: handbok::render::prose::PLACEHOLDER.to_string(),
                    url,
                    kind: "page",
                    toc: rendered.toc.clone(),
                    breadcrumbs: nav.breadcrumbs(&page.rel_path, &prefix),
                    ..PageInfo::default()
                },
                children: Vec::new(),
                extra: serde_json::Map::new(),
            };
            let html = fixture
                .theme
                .render_page("page.html", &frame, &own)
                .unwrap_or_else(|e| panic!("{}: {}", page.rel_path, e.render()));
            (
                html,
                menu,
                handbok::markdown::html::place(&rendered.html, &prefix),
            )
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let fixture = fixture();
    let revision = in_force(&fixture.site);
    let page_count = revision.pages.len() as u64;
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Elements(page_count));
    group.sample_size(20);

    group.bench_function("markdown", |b| {
        b.iter(|| pages::markdown_stage(&fixture.site, revision, &fixture.theme))
    });

    let matcher = TermMatcher::new(&revision.terms);
    let texts: Vec<&str> = revision.pages.iter().map(|p| p.body()).collect();
    group.bench_function("term linking", |b| {
        b.iter(|| {
            let mut found = 0;
            for text in &texts {
                for paragraph in text.split("\n\n") {
                    let mut rest = paragraph;
                    while let Some(m) = matcher.find(rest, |_| true) {
                        found += 1;
                        rest = &rest[m.end..];
                    }
                }
            }
            found
        })
    });

    group.bench_function("templates", |b| b.iter(|| fill_templates(&fixture)));

    group.bench_function("minify", |b| {
        b.iter(|| {
            fixture
                .pages
                .iter()
                .map(|(page, menu, content)| {
                    let menu = menu.clone().map(|menu| Arc::new(menu) as Arc<dyn Insert>);
                    let prose: Arc<dyn Insert> = Arc::new(PageProse(content.clone()));
                    let inserts = menu.into_iter().chain([prose]);
                    let page = fixture.theme.page(String::new(), page.clone(), inserts);
                    page.minified_bytes().len()
                })
                .sum::<usize>()
        })
    });

    let prefix = format!("/{}/", revision.id);
    let placed: Vec<(String, String, String)> = revision
        .pages
        .iter()
        .zip(&fixture.rendered)
        .map(|(page, rendered)| {
            (
                page.url_path.clone(),
                page.front.title.clone(),
                handbok::markdown::html::place(&rendered.html, &prefix),
            )
        })
        .collect();
    group.bench_function("search index", |b| {
        b.iter(|| {
            let sections: Vec<handbok::features::search::Section> = placed
                .iter()
                .flat_map(|(url, title, html)| handbok::features::search::split(url, title, html))
                .collect();
            let index = handbok::features::search::build(&sections, &[]);
            handbok::features::search::files(&revision.id, &sections, &index).len()
        })
    });
    group.finish();

    // Writing: every file of the bundled handbook (both trees, search shards, assets), into a
    // staging folder swapped in place of the output, as `handbok build` writes it.
    let options = Options {
        root: root().to_path_buf(),
        out: None,
        drafts: true,
        internal: false,
        base_url: None,
        write: false,
        force: false,
        today: BUILD_DAY,
    };
    let (files, _) = build::files(&options, &indicatif::ProgressBar::hidden(), None)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut write = c.benchmark_group("stage");
    write.throughput(Throughput::Elements(files.len() as u64));
    write.sample_size(10);
    let dir = tempfile::tempdir().expect("a temporary folder");
    write.bench_function("write (files)", |b| {
        b.iter_batched(
            || files.clone(),
            |files: Vec<OutputFile>| output::write_atomically(&dir.path().join("public"), &files),
            BatchSize::LargeInput,
        )
    });
    write.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
