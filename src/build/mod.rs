//! The orchestrator: load → render → write, as a short list of stages.

pub mod memory_cache;
pub mod output_cache;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use indicatif::ProgressBar;

use crate::build::memory_cache::Cache;
use crate::markdown::html::escape;
use crate::model::config::{self, Config};
use crate::model::content::{self, LoadOptions, Revision, Site, Status, Visibility};
use crate::model::diagnostic::Diagnostic;
use crate::model::routes;
use crate::output;
use crate::output::out_dir;
use crate::render::files::OutputFile;
use crate::render::pages;
use crate::render::sink::{InMemory, Nowhere, Sink};
use crate::render::theme::{FrameContext, PageContext, PageInfo, PageOwn, SiteContext, Theme};
use crate::render::versions::Versions;

#[derive(Debug, Clone)]
pub struct Options {
    /// The folder with `site.toml`.
    pub root: PathBuf,
    /// Overrides `output_dir` from `site.toml`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Include `visibility: internal` pages, which a public build leaves out entirely.
    pub internal: bool,
    /// Overrides `base_url` from `site.toml`, e.g. to preview on `http://127.0.0.1:8000/`.
    pub base_url: Option<String>,
    /// False for `handbok check`: validate everything, write nothing.
    pub write: bool,
    /// Build into a non-empty folder that handbok did not build (its files are kept).
    pub force: bool,
    /// The day of the build ([`crate::model::election::Date::of_build`]).
    pub today: crate::model::election::Date,
}

#[derive(Debug)]
pub struct Summary {
    pub revisions: usize,
    pub pages: usize,
    pub out_dir: PathBuf,
    pub seconds: f64,
    /// Problems that did not stop the build (an unknown adoption date, a revision overdue).
    pub warnings: Vec<Diagnostic>,
    /// Revisions whose files were kept from the last build's output.
    pub reused: Vec<String>,
    /// Files in the output folder that handbok did not write, kept as they were.
    pub kept_foreign: Vec<String>,
}

/// Builds the site; on any error returns all of them and leaves the output untouched.
///
/// Revisions whose files in the last build's output were made from the same sources are not
/// rendered again: their folders move into the new output ([`build_cache`]).
pub fn run(options: &Options, progress: &ProgressBar) -> Result<Summary, Vec<Diagnostic>> {
    let started = Instant::now();
    let destination = match options.write {
        true => Destination::Disk,
        false => Destination::Nowhere,
    };
    let built = assemble(options, progress, None, destination)?;
    let mut summary = built.summary;
    if let (Some(mut staging), Some(target)) = (built.staging, built.target) {
        let revisions = &built.revisions;
        crate::model::timings::mark(|| "every revision rendered".to_string());
        staging.write_all(&built.files).map_err(|d| vec![d])?;
        crate::model::timings::mark(|| "remaining files written".to_string());
        let what_is_at = |path: &str| what_is_at(&built.site, path);
        finish_output(
            &mut staging,
            &built.files,
            revisions,
            &target.foreign,
            &what_is_at,
        )
        .map_err(|d| vec![d])?;
        crate::model::timings::mark(|| "manifest written, kept files linked".to_string());
        staging.swap().map_err(|d| vec![d])?;
        crate::model::timings::mark(|| "output swapped in".to_string());
        summary.reused = revisions
            .iter()
            .filter(|r| matches!(r.made, Made::Kept(_)))
            .map(|r| r.id.clone())
            .collect();
        summary.kept_foreign = target.foreign;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The last step before the swap: the manifest for the next build, the kept revisions' files
/// and the files handbok did not write, linked over from the old output.
fn finish_output(
    staging: &mut output::Staging,
    files: &[OutputFile],
    revisions: &[RevisionOutput],
    foreign: &[String],
    what_is_at: &(dyn Fn(&str) -> String + Sync),
) -> Result<(), Diagnostic> {
    let manifest = output_cache::manifest(staging.dir(), files, revisions);
    let text = serde_json::to_vec(&manifest).unwrap_or_default();
    staging.write_file(output_cache::MANIFEST_PATH, &text)?;
    let kept: Vec<String> = revisions
        .iter()
        .filter_map(|r| match &r.made {
            Made::Kept(kept) => Some(kept.files.iter().map(|f| f.path.clone())),
            Made::Files(..) => None,
        })
        .flatten()
        .collect();
    staging.link_from_output(&kept, output::Whose::Handbok, what_is_at)?;
    staging.link_from_output(foreign, output::Whose::Others, what_is_at)
}

/// What this build puts at `path` (a file, or a folder of files), for the message when a file
/// handbok did not write is in the way.
fn what_is_at(site: &Site, path: &str) -> String {
    let root_revision = site.root_revision().map(|r| r.id.clone());
    for revision in &site.revisions {
        for tree in trees(revision, root_revision.as_deref()) {
            let Some(rest) = path.strip_prefix(tree.as_str()) else {
                continue;
            };
            let folder = format!("{rest}/");
            let page = revision.pages.iter().find(|page| {
                let file = format!("{}index.html", page.url_path);
                file == rest || file.starts_with(&folder)
            });
            if let Some(page) = page {
                return format!("the page made from {}", page.source.path.display());
            }
        }
    }
    format!("a file of the site (`{path}`)")
}

/// The output folder a build writes, checked and locked before anything is read.
struct Target {
    _lock: out_dir::OutputLock,
    /// Files in the output that handbok did not write ([`out_dir::survey`]).
    foreign: Vec<String>,
    /// The last build's record, when this version can reuse its revisions.
    previous: Option<output_cache::Manifest>,
}

/// Locks the output folder and finds the files in it that are not handbok's.
fn target(out: &std::path::Path, force: bool) -> Result<Target, Diagnostic> {
    let lock = out_dir::lock(out, || {
        eprintln!(
            "Waiting for another build into {} to finish …",
            out.display()
        )
    })?;
    let record = output_cache::Manifest::record(out);
    let files = record.as_ref().map(|r| r.all_files().collect());
    let listed = out_dir::Record {
        path: output_cache::MANIFEST_PATH,
        files,
    };
    let foreign = out_dir::survey(out, listed, force)?;
    Ok(Target {
        _lock: lock,
        foreign,
        previous: record.filter(output_cache::Manifest::is_current),
    })
}

/// Every file of the site, in memory (what `run` writes, and what `serve` serves).
pub fn files(
    options: &Options,
    progress: &ProgressBar,
    cache: Option<&mut Cache>,
) -> Result<(Vec<OutputFile>, Summary), Vec<Diagnostic>> {
    assemble(options, progress, cache, Destination::Memory)
        .map(|built| (built.files, built.summary))
}

/// Where a build's files go as they are rendered ([`crate::render::sink`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    /// `build`: the output folder, through a staging folder swapped in at the end.
    Disk,
    /// `serve`: memory.
    Memory,
    /// `check`: nowhere; files are rendered to find every error, then let go.
    Nowhere,
}

/// A build before writing: its files, which revision made which, and the last build's
/// manifest (for a build to disk).
struct Built {
    files: Vec<OutputFile>,
    revisions: Vec<RevisionOutput>,
    /// Where a build that writes has already written its pages.
    staging: Option<output::Staging>,
    /// The output folder, locked, for a build that writes.
    target: Option<Target>,
    site: Site,
    summary: Summary,
}

/// The files of one revision in a build.
pub struct RevisionOutput {
    pub id: String,
    pub made: Made,
}

pub enum Made {
    /// Rendered in this build, with this key ([`memory_cache::revision_key`]): these files of the
    /// build.
    Files(memory_cache::Key, std::ops::Range<usize>),
    /// Left as they are in the last build's output.
    Kept(output_cache::RevisionFiles),
}

/// The theme and the content, with the content's warnings and errors, or every problem that
/// kept either from loading.
fn load_site(
    options: &Options,
    config: Config,
    cache: Option<&mut Cache>,
) -> Result<(Arc<Theme>, Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let root = &options.root;
    let theme = Theme::read(root, &config).and_then(|folder| match cache {
        Some(cache) => cache.theme(&config, &folder, || Theme::compile(root, &config, &folder)),
        None => Theme::compile(root, &config, &folder).map(Arc::new),
    });
    let site = content::load(
        &options.root,
        config,
        LoadOptions {
            drafts: options.drafts,
            internal: options.internal,
            today: options.today,
        },
    );
    match (theme, site) {
        (Ok(theme), Ok((site, problems))) => Ok((theme, site, problems)),
        (theme, site) => {
            let mut problems = theme.err().unwrap_or_default();
            match site {
                Ok((_, mut site_problems)) | Err(mut site_problems) => {
                    problems.append(&mut site_problems)
                }
            }
            Err(problems)
        }
    }
}

fn assemble(
    options: &Options,
    progress: &ProgressBar,
    mut cache: Option<&mut Cache>,
    destination: Destination,
) -> Result<Built, Vec<Diagnostic>> {
    let reuse_output = destination == Destination::Disk;
    let started = Instant::now();
    let loading = Instant::now();
    // A dangerous `--out` is refused before anything is read.
    if let Some(out) = options.out.as_deref().filter(|_| reuse_output) {
        out_dir::check(out, &options.root).map_err(|d| vec![d])?;
    }
    let mut config = config::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = config::check_base_url(base_url).map_err(|d| vec![d])?;
    }
    let out_dir = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    let mut target = match reuse_output {
        true => {
            if options.out.is_none() {
                let site_toml = options.root.join("site.toml");
                out_dir::check_configured(&out_dir, &options.root, &site_toml)
                    .map_err(|d| vec![d])?;
            }
            Some(target(&out_dir, options.force).map_err(|d| vec![d])?)
        }
        false => None,
    };
    let (theme, site, problems) = load_site(options, config, cache.as_deref_mut())?;
    crate::model::timings::record_load(loading.elapsed());
    crate::model::timings::mark(|| "content loaded, seals checked".to_string());
    let (warnings, mut problems): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(|d| !d.is_error());
    let with_warnings = |mut errors: Vec<Diagnostic>| {
        errors.extend(warnings.iter().cloned());
        errors
    };
    // A build that writes streams its pages into the staging folder as they are rendered.
    let staging = match reuse_output {
        true => Some(output::Staging::new(&out_dir).map_err(|d| vec![d])?),
        false => None,
    };
    let previous = target.as_mut().and_then(|t| t.previous.take());
    let disk = staging.as_ref().map(|_| DiskReuse {
        out_dir: &out_dir,
        manifest: previous.as_ref(),
        theme_key: memory_cache::theme_key(&site.config, theme.source_key),
    });
    let sink: &dyn Sink = match (&staging, destination) {
        (Some(staging), _) => staging,
        (None, Destination::Nowhere) => &Nowhere,
        (None, _) => &InMemory,
    };
    let rendered = render_site(&site, &theme, progress, cache, disk.as_ref(), sink);
    let (files, revisions) = match rendered {
        Ok(files) if problems.is_empty() => files,
        Ok(_) => return Err(with_warnings(problems)),
        Err(mut render_problems) => {
            problems.append(&mut render_problems);
            return Err(with_warnings(dedup(problems)));
        }
    };
    let summary = Summary {
        revisions: site.revisions.len(),
        pages: site
            .revisions
            .iter()
            .map(|r| routes::page_count(&site, r))
            .sum(),
        out_dir,
        seconds: started.elapsed().as_secs_f64(),
        warnings,
        reused: Vec::new(),
        kept_foreign: Vec::new(),
    };
    Ok(Built {
        files,
        revisions,
        staging,
        target,
        site,
        summary,
    })
}

/// What `render_site` needs to keep revisions of the last build's output.
pub struct DiskReuse<'a> {
    pub out_dir: &'a std::path::Path,
    /// The last build's manifest, if there is one.
    pub manifest: Option<&'a output_cache::Manifest>,
    pub theme_key: memory_cache::Key,
}

impl DiskReuse<'_> {
    /// Revision `id`'s files in the last output, if they were made with `key` and are intact.
    fn kept(&self, id: &str, key: &memory_cache::Key) -> Option<&output_cache::RevisionFiles> {
        self.manifest?.reusable(self.out_dir, id, key)
    }
}

/// The files that belong to the site rather than to a revision: the 404 page, the sitemap,
/// the list of revisions for search, `robots.txt` and the theme's static files.
fn site_files(
    site: &Site,
    theme: &Theme,
    root_revision: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    match render_404(site, theme) {
        Ok(file) => files.push(file),
        Err(d) => problems.push(d),
    }
    files.push(sitemap(site));
    let revisions: Vec<(String, String, bool)> = site
        .revisions
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                r.title().to_string(),
                Some(r.id.as_str()) == root_revision,
            )
        })
        .collect();
    let revisions_file = crate::features::search::revisions_file(&revisions);
    files.push(OutputFile::bytes(revisions_file.path, revisions_file.bytes));
    files.push(robots(&site.config));
    files.extend(theme.static_files.iter().cloned());
    files
}

/// Renders one revision into `files` (its problems into `problems`), or takes its files from
/// the memory cache when nothing they depend on changed; false when they came from the cache.
fn render_revision(
    inputs: &pages::RevisionInputs,
    mut cache: Option<&mut Cache>,
    sink: &dyn Sink,
    files: &mut Vec<OutputFile>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let pages::RevisionInputs {
        site,
        revision,
        versions,
        ..
    } = *inputs;
    let key = cache
        .as_deref()
        .map(|c| c.revision_key(site, revision, versions));
    if let (Some(cache), Some(key)) = (cache.as_deref_mut(), &key) {
        if let Some(mut reused) = cache.revision(&revision.id, key) {
            files.append(&mut reused);
            return false;
        }
    }
    let earlier = cache.as_deref().and_then(|c| c.earlier_pages(&revision.id));
    let built = pages::render_reusing(inputs, earlier, sink);
    crate::model::timings::mark(|| format!("{}: pages and search index done", revision.id));
    match built {
        Ok((mut rendered, reuse)) => {
            if let (Some(cache), Some(key)) = (cache, key) {
                cache.store(&revision.id, key, &rendered);
                cache.store_pages(&revision.id, reuse, revision.pages.len());
            }
            files.append(&mut rendered)
        }
        Err(mut errors) => problems.append(&mut errors),
    }
    true
}

/// Every file of the site, or every problem found while making them.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    progress: &ProgressBar,
    mut cache: Option<&mut Cache>,
    disk: Option<&DiskReuse>,
    sink: &dyn Sink,
) -> Result<(Vec<OutputFile>, Vec<RevisionOutput>), Vec<Diagnostic>> {
    let root_revision = site.root_revision().map(|r| r.id.clone());
    let total: usize = site
        .revisions
        .iter()
        .map(|r| routes::page_count(site, r) * trees(r, root_revision.as_deref()).len())
        .sum();
    progress.set_length(total as u64);
    let mut files = Vec::new();
    let mut problems = check_root_collisions(site, root_revision.as_deref());
    let versions = Versions::new(site);
    if let Some(cache) = cache.as_deref_mut() {
        cache.reused.clear();
        cache.pages_reused.clear();
    }
    let mut outputs = Vec::new();
    for revision in &site.revisions {
        let started = files.len();
        let disk_key =
            disk.map(|d| memory_cache::revision_key(site, revision, &versions, &d.theme_key));
        crate::model::timings::mark(|| format!("{}: key worked out", revision.id));
        if let Some(kept) = disk
            .zip(disk_key)
            .and_then(|(d, k)| d.kept(&revision.id, &k))
        {
            let trees = trees(revision, root_revision.as_deref()).len();
            progress.inc((routes::page_count(site, revision) * trees) as u64);
            outputs.push(RevisionOutput {
                id: revision.id.clone(),
                made: Made::Kept(kept.clone()),
            });
            continue;
        }
        let trees = trees(revision, root_revision.as_deref());
        let inputs = pages::RevisionInputs {
            site,
            revision,
            theme,
            trees: &trees,
            versions: &versions,
            progress,
        };
        let cached = cache.as_deref_mut();
        if !render_revision(&inputs, cached, sink, &mut files, &mut problems) {
            continue;
        }
        if let Some(key) = disk_key {
            outputs.push(RevisionOutput {
                id: revision.id.clone(),
                made: Made::Files(key, started..files.len()),
            });
        }
    }
    files.extend(site_files(
        site,
        theme,
        root_revision.as_deref(),
        &mut problems,
    ));
    progress.finish_and_clear();
    if problems.is_empty() {
        Ok((files, outputs))
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

fn render_404(site: &Site, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let base_path = site.config.base_path();
    let root_revision = site.root_revision().map_or("", |r| r.id.as_str());
    let frame = FrameContext {
        site: SiteContext::new(&site.config),
        strings: &theme.strings,
        search_url: format!("{base_path}{}", routes::SEARCH_URL),
        search_root: base_path.clone(),
        search_manifest: format!(
            "{base_path}{}",
            crate::features::search::manifest_path(root_revision)
        ),
        search_revisions: format!("{base_path}{}", crate::features::search::REVISIONS_PATH),
        home_url: base_path.clone(),
        revision: None,
        nav_partial: false,
    };
    let own = PageOwn {
        versions: Vec::new(),
        in_force_url: String::new(),
        menu: "",
        has_nav: false,
        page: PageInfo {
            title: theme.strings.get("not_found_title").to_string(),
            url: format!("{base_path}404.html"),
            canonical: format!("{}404.html", site.config.base_url_slash()),
            kind: "404",
            ..PageInfo::default()
        },
        children: Vec::new(),
        extra: serde_json::Map::new(),
    };
    let context = PageContext { frame, own };
    let html = theme.render("404.html", &context)?;
    let page = theme.page("404.html".to_string(), html.into_bytes(), []);
    Ok(OutputFile::page("404.html", page))
}

/// The public pages in force, at the root: older revisions and drafts are left out (their
/// pages point search engines at the page in force with `rel="canonical"`).
fn sitemap(site: &Site) -> OutputFile {
    let base = site.config.base_url_slash();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    if let Some(revision) = site
        .root_revision()
        .filter(|r| r.meta.status == Status::Adopted)
    {
        let mut paths: Vec<&str> = revision
            .pages
            .iter()
            .filter(|p| p.front.visibility == Visibility::Public && !p.front.draft)
            .map(|p| p.url_path.as_str())
            .collect();
        let generated = routes::reserved_paths(site, revision);
        paths.extend(generated.iter().map(String::as_str));
        for path in paths {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape(&format!("{base}{path}"))
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
