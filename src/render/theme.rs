//! The theme: Tera templates (compiled once), UI strings and fingerprinted static files, and the
//! step that fills a template for one page.
//!
//! Tera 1.x is used (the line Zola runs on): mature, stable, its syntax known to theme authors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tera::Tera;

use crate::markdown::shortcodes::ContactContext;
use crate::markdown::TocEntry;
use crate::model::config::Config;
use crate::model::diagnostic::Diagnostic;
use crate::model::hash::Key;
use crate::model::i18n::{self, Strings};
use crate::model::paths::{display_path, slash_path};
use crate::model::source_folder::SourceFolder;
use crate::model::walk::{Hidden, SiteFence};
use crate::render::assets::{self, AssetMap};
use crate::render::files::{OutputFile, TreePage};
use crate::render::fragments::SharedParts;
use crate::render::nav::Crumb;
use crate::render::splice::Insert;

/// Room for a rendered page before it goes to the minifier: a handbook page with its menu is
/// 30–60 KB before minifying.
const PAGE_CAPACITY: usize = 64 * 1024;

/// Everything loaded from `themes/<name>/`.
pub struct Theme {
    tera: Tera,
    /// Template name → (shown path, source), to point errors at a line.
    sources: Sources,
    pub strings: Strings,
    pub static_files: Vec<OutputFile>,
    /// What the templates' `shared` filter took out of the pages, to go back in after
    /// minifying ([`crate::render::fragments`]).
    shared_parts: Arc<SharedParts>,
    /// The key of the theme's folder as it was read ([`SourceFolder::key`]).
    pub source_key: Key,
}

/// Template name → (path shown to the user, source text).
type Sources = HashMap<String, (PathBuf, String)>;

/// The templates the compiler renders; a theme must have them all.
pub const TEMPLATES: &[&str] = &[
    "page.html",
    "section.html",
    "glossary.html",
    "404.html",
    "shortcodes/contact.html",
    "shortcodes/checklist.html",
    "shortcodes/quiz.html",
    "shortcodes/trainer_link.html",
    "menu.html",
    "quiz_trainer.html",
    "search.html",
    "redirect.html",
    "revision.html",
    "changes.html",
];

impl Theme {
    /// Reads and compiles `themes/<theme>/` ([`Theme::read`], then [`Theme::compile`]).
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let folder = Theme::read(root, config)?;
        Theme::compile(root, config, &folder)
    }

    /// Every file of the theme's folder, read once: compiling takes its templates, strings
    /// and static files from these bytes, and the build caches take the theme's key from them
    /// ([`SourceFolder::key`]), so `serve` can tell an unchanged theme without compiling it.
    pub fn read(root: &Path, config: &Config) -> Result<SourceFolder, Vec<Diagnostic>> {
        let dir = root.join("themes").join(&config.theme);
        if !dir.is_dir() {
            return Err(vec![theme_not_found(root, config, &dir)]);
        }
        Ok(SourceFolder::read(&SiteFence::new(root), &dir))
    }

    /// The theme from its folder as [`Theme::read`] read it.
    pub fn compile(
        root: &Path,
        config: &Config,
        folder: &SourceFolder,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let dir = &folder.dir;
        let strings = strings(root, config, folder);
        let assets = assets::fingerprint(folder, &dir.join("static"));
        let shared_parts = SharedParts::new();
        let templates = load_templates(folder, root, &dir.join("templates"), &shared_parts);
        match (strings, assets, templates) {
            (Ok(strings), Ok((asset_map, static_files)), Ok((mut tera, sources))) => {
                tera.register_function("asset", asset_function(asset_map, config.base_path()));
                Ok(Theme {
                    tera,
                    sources,
                    strings,
                    static_files,
                    shared_parts,
                    source_key: folder.key(),
                })
            }
            (strings, assets, templates) => {
                let mut problems: Vec<Diagnostic> = Vec::new();
                problems.extend(strings.err());
                problems.extend(assets.err());
                if let Err(mut errors) = templates {
                    problems.append(&mut errors);
                }
                Err(problems)
            }
        }
    }

    /// `html` minified, with the parts the templates share put back in.
    pub fn minify(&self, html: &str) -> Vec<u8> {
        self.shared_parts.minify(html)
    }

    /// A rendered page of this theme, minified when it is written: first the shared parts go
    /// back in, then `inserts` (its menu, its prose), in that order.
    pub fn page(
        &self,
        name: String,
        html: Vec<u8>,
        inserts: impl IntoIterator<Item = Arc<dyn Insert>>,
    ) -> Arc<TreePage> {
        let shared: Arc<dyn Insert> = self.shared_parts.clone();
        TreePage::new(name, html, std::iter::once(shared).chain(inserts).collect())
    }

    /// Renders `template` with `context`; errors name the template file and, where Tera tells
    /// or the offending name can be found, the line.
    pub fn render(&self, template: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        let context = template_data(context)?;
        self.tera
            .render(template, &context)
            .map_err(|e| self.render_error(template, &e))
    }

    /// Like [`Theme::render`], for a whole page on its way to the minifier, which reads bytes:
    /// rendered straight into one buffer sized for a page, so the page is neither copied as
    /// it grows nor checked again for UTF-8 at the end (together 2 % of a build).
    pub fn render_page(
        &self,
        template: &str,
        frame: &tera::Context,
        own: &PageOwn,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut context = frame.clone();
        context.extend(template_data(own)?);
        let mut page = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(template, &context, &mut page)
            .map_err(|e| self.render_error(template, &e))?;
        Ok(page)
    }

    fn render_error(&self, template: &str, error: &tera::Error) -> Diagnostic {
        let chain = error_chain(error);
        // The innermost message names the culprit; the outer ones only name the templates.
        // (Taken from the error itself: the message may hold ": ", as asset()'s list does.)
        let mut inner: &dyn std::error::Error = error;
        while let Some(source) = inner.source() {
            inner = source;
        }
        let innermost = inner.to_string();
        let innermost = innermost.as_str();
        let message = innermost
            .split(" while rendering")
            .next()
            .unwrap_or(innermost);
        // Tera 1 gives no position for render errors: point at the first line that names the
        // culprit, in this template or the ones it extends or includes.
        let culprit = message.split('`').nth(1).unwrap_or("");
        self.error_at(
            template,
            culprit,
            format!("template error: {message}"),
            "a variable from the context described in the theme's README.md",
        )
        .unwrap_or_else(|| Diagnostic::global(format!("template {template}: {chain}")))
    }

    /// An error when a page printed one of handbok's placeholders escaped (`{{ menu }}`
    /// without `| safe`): the reader would see the placeholder. It points at the template line
    /// when the mistake is the usual `{{ variable }}`.
    pub fn check_printed_safe(
        &self,
        page: &[u8],
        escaped_placeholder: &[u8],
        variable: &str,
        what: &str,
        template: &str,
    ) -> Result<(), Diagnostic> {
        if memchr::memmem::find(page, escaped_placeholder).is_none() {
            return Ok(());
        }
        let message = format!("{what} is printed as text: it is HTML, so it needs `| safe`");
        let hint = format!("{{{{ {variable} | safe }}}}");
        Err([
            format!("{{{{ {variable} }}}}"),
            format!("{{{{{variable}}}}}"),
        ]
        .iter()
        .find_map(|culprit| self.error_at(template, culprit, message.clone(), &hint))
        .unwrap_or_else(|| {
            Diagnostic::global(format!("{template}: {message}")).with_hint(hint.clone())
        }))
    }

    /// An error at the first line that holds `culprit`, in `template` or else in the other
    /// templates (the ones it extends or includes); `None` when no line holds it.
    pub fn error_at(
        &self,
        template: &str,
        culprit: &str,
        message: String,
        hint: &str,
    ) -> Option<Diagnostic> {
        if culprit.is_empty() {
            return None;
        }
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort_by_key(|name| (name.as_str() != template, name.as_str()));
        let (file, text, line, column) = names.iter().find_map(|name| {
            let (file, text) = &self.sources[name.as_str()];
            text.lines().enumerate().find_map(|(i, line)| {
                line.find(culprit)
                    .map(|b| (file, text, i + 1, line[..b].chars().count() + 1))
            })
        })?;
        Some(
            Diagnostic::at_line_col(file, text, line, column, message)
                .with_width(culprit.chars().count())
                .with_hint(hint),
        )
    }
}

impl crate::markdown::shortcodes::Templates for Theme {
    fn render_json(&self, template: &str, context: &serde_json::Value) -> Result<String, String> {
        let context = tera::Context::from_value(context.clone()).map_err(|e| e.to_string())?;
        self.tera
            .render(template, &context)
            .map_err(|e| format!("template {template}: {}", error_chain(&e)))
    }
}

/// `theme `x` not found`, at the `theme` line of site.toml when it names the theme.
fn theme_not_found(root: &Path, config: &Config, dir: &Path) -> Diagnostic {
    let message = format!(
        "theme `{}` not found at {}",
        config.theme,
        display_path(root, dir).display()
    );
    let text = &config.site_toml;
    let diagnostic = match text
        .lines()
        .position(|l| l.trim_start().starts_with("theme"))
    {
        Some(i) => Diagnostic::at_line_col(
            &display_path(root, &root.join("site.toml")),
            text,
            i + 1,
            1,
            message,
        ),
        None => Diagnostic::global(message),
    };
    diagnostic.with_hint("`theme` in site.toml to name a folder under themes/")
}

/// The UI strings of the site's language, from the theme's folder as read.
fn strings(root: &Path, config: &Config, folder: &SourceFolder) -> Result<Strings, Diagnostic> {
    let strings_file = folder
        .dir
        .join("i18n")
        .join(format!("{}.toml", config.language));
    let shown = display_path(root, &strings_file);
    if let Some(refused) = SiteFence::new(root).check_file(&strings_file) {
        return Err(refused);
    }
    let rel_path = format!("i18n/{}.toml", config.language);
    let read = folder
        .files(Hidden::Keep)
        .find(|file| file.rel_path == rel_path)
        .and_then(|file| file.bytes.as_ref().ok())
        .and_then(|bytes| std::str::from_utf8(bytes).ok());
    match read {
        Some(text) => i18n::parse(&shown, text),
        // Not there or not readable: reading it says why, as it always has.
        None => i18n::load(&strings_file, &shown),
    }
}

fn load_templates(
    folder: &SourceFolder,
    root: &Path,
    dir: &Path,
    shared_parts: &Arc<SharedParts>,
) -> Result<(Tera, Sources), Vec<Diagnostic>> {
    let mut sources = HashMap::new();
    // No folder at all is reported below as the missing templates.
    let (entries, problems) = folder.files_under(dir);
    if !problems.is_empty() {
        return Err(problems);
    }
    for entry in entries {
        let name = slash_path(dir, &entry.path);
        let text = entry
            .bytes_or_problem()
            .map_err(|problem| vec![problem])
            .and_then(|bytes| {
                String::from_utf8(bytes.to_vec()).map_err(|_| {
                    vec![Diagnostic::global(format!(
                        "cannot read {}: stream did not contain valid UTF-8",
                        entry.path.display()
                    ))]
                })
            })?;
        sources.insert(name, (display_path(root, &entry.path), text));
    }
    let missing: Vec<_> = TEMPLATES
        .iter()
        .filter(|t| !sources.contains_key(**t))
        .map(|t| {
            Diagnostic::global(format!("the theme has no template {t}"))
                .with_hint(format!("a file {}/{t}", display_path(root, dir).display()))
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut tera = Tera::default();
    tera.register_filter(crate::render::fragments::FILTER, shared_parts.filter());
    let raw: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()))
        .collect();
    tera.add_raw_templates(raw)
        .map_err(|e| vec![parse_error(&sources, &e)])?;
    Ok((tera, sources))
}

/// Tera's parse errors read "Failed to parse \"x.html\"" then " --> line:col" and "= expected …".
fn parse_error(sources: &Sources, error: &tera::Error) -> Diagnostic {
    let chain = error_chain(error);
    let template = chain.split(['"', '\'']).nth(1).unwrap_or("");
    let Some((file, text)) = sources.get(template) else {
        return Diagnostic::global(format!("template error: {chain}"));
    };
    let position = chain.split(" --> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((
            line.trim().parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
        ))
    });
    let expected = chain
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(|e| e.strip_prefix("expected ").unwrap_or(e))
        .unwrap_or("valid Tera syntax")
        .to_string();
    let (line, column) = position.unwrap_or((1, 1));
    Diagnostic::at_line_col(
        file,
        text,
        line,
        column,
        format!("template syntax error in {template}"),
    )
    .with_hint(expected)
}

fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

fn asset_function(map: AssetMap, base_path: String) -> impl tera::Function {
    move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
        let Some(path) = args.get("path").and_then(|v| v.as_str()) else {
            return Err(
                "asset() needs a `path` argument, like asset(path=\"css/site.css\")".into(),
            );
        };
        match map.get(path) {
            Some(hashed) => Ok(tera::Value::String(format!("{base_path}{hashed}"))),
            None => Err(format!(
                "asset `{path}` is not in the theme's static/ folder (known: {})",
                map.known().collect::<Vec<_>>().join(", ")
            )
            .into()),
        }
    }
}

/// What every template sees. Documented in `themes/default/README.md`.
#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub frame: FrameContext<'a>,
    #[serde(flatten)]
    pub own: PageOwn,
}

/// The part of a page's context that every page of a revision shares. A revision's pages
/// turn it into template data once ([`Theme::frame`]) and copy that, instead of serialising
/// the site, the UI strings and the revision again for every page.
#[derive(Serialize, Clone)]
pub struct FrameContext<'a> {
    pub site: SiteContext<'a>,
    pub strings: &'a Strings,
    /// The search page of the tree being read (`/handbok/2023-2026/sok/`).
    pub search_url: String,
    /// The root of the tree being read; search results link inside it.
    pub search_root: String,
    /// The revision's search manifest and the list of all revisions' indexes.
    pub search_manifest: String,
    pub search_revisions: String,
    pub home_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<RevisionContext<'a>>,
    /// The menu holds only the part this page is in: the handbook has too many parts to list
    /// them all on every page ([`crate::render::nav::FULL_NAV_LIMIT`]); the start page lists them.
    pub nav_partial: bool,
}

impl FrameContext<'_> {
    /// The frame as template data, once per revision, for [`Theme::render_page`].
    pub fn template_data(&self) -> Result<tera::Context, Diagnostic> {
        template_data(self)
    }
}

/// A context for Tera; what cannot be turned into one is a compiler bug, reported as such.
fn template_data(context: &impl Serialize) -> Result<tera::Context, Diagnostic> {
    tera::Context::from_serialize(context)
        .map_err(|e| Diagnostic::global(format!("cannot build the template context: {e}")))
}

/// The page's own part of its context.
#[derive(Serialize)]
pub struct PageOwn {
    /// The version switcher: every revision, newest first, linking to this page in it.
    pub versions: Vec<crate::render::versions::VersionLink>,
    /// On a revision not in force: this page (or the start page) in the revision in force.
    pub in_force_url: String,
    /// Where the page's menu goes ([`crate::render::menu::PLACEHOLDER`], to print with `| safe`),
    /// or empty: the menu is filled once per section (`menu.html`), not once per page.
    pub menu: &'static str,
    /// Whether the page has a menu.
    pub has_nav: bool,
    pub page: PageInfo,
    pub children: Vec<ChildLink>,
    /// Page-specific variables: `terms` on the glossary, `quiz` in trainer mode.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, Clone)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: String,
    pub base_path: String,
    pub language: &'a str,
    pub contacts: Vec<ContactContext<'a>>,
}

impl<'a> SiteContext<'a> {
    pub fn new(config: &'a Config) -> Self {
        SiteContext {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url_slash(),
            base_path: config.base_path(),
            language: &config.language,
            contacts: config
                .contacts
                .iter()
                .map(|(id, c)| ContactContext::new(id, c))
                .collect(),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct RevisionContext<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'static str,
    pub adopted: &'a str,
    pub decided_by: &'a str,
    pub reference: &'a str,
    pub is_latest: bool,
}

#[derive(Serialize, Default)]
pub struct PageInfo {
    pub title: String,
    pub description: String,
    pub content: String,
    pub url: String,
    /// The page in force, for search engines (`<link rel="canonical">`).
    pub canonical: String,
    /// The page's own citable address in its revision (printed at the foot of a page).
    pub permalink: String,
    pub kind: &'static str,
    pub toc: Vec<TocEntry>,
    pub breadcrumbs: Vec<Crumb>,
    /// `null` when there is none (not left out: a template's `is defined` test copies the
    /// whole `page`, content included, to answer).
    pub prev: Option<Crumb>,
    pub next: Option<Crumb>,
    pub internal: bool,
    /// Kept out of search engines without being internal (trainer mode).
    pub noindex: bool,
    pub draft: bool,
}

/// An entry in a section's list of contents.
#[derive(Serialize, Clone)]
pub struct ChildLink {
    pub title: String,
    pub url: String,
    pub description: String,
}

#[derive(Serialize, Clone)]
pub struct TermContext {
    pub id: String,
    /// The term as written in running text (`otillåten påverkan`).
    pub term: String,
    /// The term as a heading (`Otillåten påverkan`).
    pub title: String,
    pub short: String,
    pub body: String,
    pub examples: Vec<String>,
    pub legal: Vec<crate::model::content::LegalRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_file_line_and_expectation() {
        let mut sources = Sources::new();
        let text = "<p>\n{% if %}\n</p>\n".to_string();
        sources.insert(
            "page.html".into(),
            (PathBuf::from("themes/x/page.html"), text.clone()),
        );
        let error = Tera::default()
            .add_raw_template("page.html", &text)
            .unwrap_err();
        let d = parse_error(&sources, &error);
        let location = d.location.unwrap();
        assert_eq!(
            (location.line, location.source_line.as_str()),
            (2, "{% if %}")
        );
        assert!(d.hint.unwrap().contains("value"));
    }

    #[test]
    fn asset_function_gives_hashed_urls_and_names_unknown_ones() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("css")).unwrap();
        std::fs::write(tmp.path().join("css/site.css"), "body{}").unwrap();
        let folder = SourceFolder::read(&SiteFence::new(tmp.path()), tmp.path());
        let (map, files) = assets::fingerprint(&folder, tmp.path()).unwrap();
        assert_eq!(files.len(), 1);
        let function = asset_function(map, "/handbok/".into());
        let mut args = HashMap::new();
        args.insert(
            "path".to_string(),
            tera::Value::String("css/site.css".into()),
        );
        let url = tera::Function::call(&function, &args).unwrap();
        assert_eq!(url.as_str().unwrap(), format!("/handbok/{}", files[0].path));
        args.insert(
            "path".to_string(),
            tera::Value::String("css/nej.css".into()),
        );
        let error = tera::Function::call(&function, &args)
            .unwrap_err()
            .to_string();
        assert!(error.contains("css/site.css"), "{error}");
    }
}
