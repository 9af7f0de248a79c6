//! Entry points for the fuzz targets in `fuzz/` (cargo fuzz, libFuzzer), and for the test that
//! replays their corpus on every `cargo test`. Each takes arbitrary bytes and drives them
//! through the same stages a build does, so a panic or a hang anywhere in them is a finding.
//! Errors are expected and fine: every diagnostic is rendered, because that code (line and
//! column of multibyte text, the offending line) is itself a place that could panic.
//!
//! The fixed surroundings (site.toml, the default theme, terms, a checklist and a quiz) come
//! from `tests/fixtures/basic` and are built once per process.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::features::Exercises;
use crate::markdown::glossary::TermMatcher;
use crate::markdown::links::LinkIndex;
use crate::markdown::shortcodes::{Env, Registry};
use crate::markdown::{self, Context, Input, Origin, Snippets};
use crate::model::config::Config;
use crate::model::content::{exercises, SourceFile, Term};
use crate::model::diagnostic::{render_all, Diagnostic};
use crate::render::theme::Theme;

const SITE_TOML: &str = include_str!("../../tests/fixtures/basic/site.toml");
const DEFINITIONS: &str =
    include_str!("../../tests/fixtures/basic/content/2023-2026/definitions.yaml");
const CHECKLIST: &str =
    include_str!("../../tests/fixtures/basic/content/2023-2026/checklists/vid-hot.yaml");
const QUIZ: &str = include_str!("../../tests/fixtures/basic/content/2023-2026/quizzes/grund.yaml");
const REVISION: &str = "2023-2026";

/// What every input is rendered against: one revision of the fixture site.
struct Harness {
    config: Config,
    theme: Theme,
    terms: Vec<Term>,
    matcher: TermMatcher,
    links: LinkIndex,
    /// The shortcodes, drawing from the fixture's checklist and quiz.
    registry: Registry,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(Harness::new)
}

/// The fixed surroundings are the repository's own files: failing to load them is a bug in
/// the harness, not a finding, so it panics with the reason.
fn fixture<T>(result: Result<T, Vec<Diagnostic>>) -> T {
    result.unwrap_or_else(|problems| panic!("fuzz fixture: {}", render_all(&problems)))
}

impl Harness {
    fn new() -> Self {
        let config = fixture(crate::model::config::parse(
            Path::new("site.toml"),
            SITE_TOML,
        ));
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = fixture(Theme::load(root, &config));
        let terms = fixture(crate::model::content::definitions::parse(
            Path::new("definitions.yaml"),
            DEFINITIONS,
        ));
        let matcher = TermMatcher::new(&terms);
        let mut links = LinkIndex::default();
        links.add(
            "riktlinje/under.md",
            "riktlinje/under/",
            ["ring-112".to_string(), "spara-bevis".to_string()],
        );
        links.add("plan/alfa.md", "plan/alfa/", ["hot-mot-dig".to_string()]);
        links.add("plan/fuzz.md", "plan/fuzz/", Vec::<String>::new());
        let mut harness = Harness {
            config,
            theme,
            terms,
            matcher,
            links,
            // The checklist and quiz are rendered against the shortcodes without them, as a
            // build does.
            registry: Exercises::default().shortcodes(),
        };
        let checklist = fixture(exercises::parse_checklist(source(
            "vid-hot.yaml",
            CHECKLIST,
        )));
        let quiz = fixture(exercises::parse_quiz(source("grund.yaml", QUIZ)));
        let mut problems = Vec::new();
        let checklist_context = harness.with_context(|ctx| {
            crate::features::checklist::context(&checklist, REVISION, ctx, &mut problems)
        });
        let quiz_context = harness.with_context(|ctx| {
            crate::features::quiz::context(&quiz, REVISION, ctx, &mut problems)
        });
        fixture(if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        });
        let exercises = Exercises {
            checklists: Arc::new(HashMap::from([(checklist.id.clone(), checklist_context)])),
            quizzes: Arc::new(HashMap::from([(quiz.id.clone(), quiz_context)])),
        };
        harness.registry = exercises.shortcodes();
        harness
    }

    /// Runs `f` with the Markdown context of the revision, as `revision_pages` builds it.
    fn with_context<R>(&self, f: impl FnOnce(&Context) -> R) -> R {
        let env = Env {
            config: &self.config,
            strings: &self.theme.strings,
            templates: &self.theme,
        };
        let ctx = Context {
            links: &self.links,
            terms: &self.terms,
            matcher: &self.matcher,
            strings: &self.theme.strings,
            shortcodes: &self.registry,
            env: &env,
            allow_html: self.config.allow_html,
        };
        f(&ctx)
    }
}

fn source(name: &str, text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile {
        path: Path::new("content").join(REVISION).join(name),
        text: text.to_string(),
    })
}

/// A page file: front matter, Markdown with shortcodes and term links, then what the build
/// does with the HTML (place the revision prefix, minify, split into search sections, index).
pub fn page(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("content/2023-2026/plan/fuzz.md");
    let (front, body_start) = match crate::model::content::frontmatter::parse(file, text) {
        Ok(parsed) => parsed,
        Err(problem) => {
            std::hint::black_box(problem.render());
            return;
        }
    };
    for alias in &front.aliases {
        let _ = std::hint::black_box(crate::model::content::frontmatter::alias_path(alias));
    }
    let body = &text[body_start..];
    std::hint::black_box(markdown::heading_ids(body));
    let rendered = harness().with_context(|ctx| {
        markdown::render(
            &Input {
                markdown: body,
                origin: Origin::Page {
                    file,
                    text,
                    body_start,
                },
                source_path: "plan/fuzz.md",
                link_terms: true,
            },
            ctx,
        )
    });
    std::hint::black_box(render_all(&rendered.diagnostics));
    if rendered.diagnostics.iter().any(Diagnostic::is_error) {
        return; // the build stops here too: nothing is minified or indexed
    }
    let html = crate::markdown::html::place(&rendered.html, "/handbok/2023-2026/");
    std::hint::black_box(crate::render::files::minify_alone(html.as_bytes()));
    let sections = crate::features::search::split("plan/fuzz/", &front.title, &html);
    let index = crate::features::search::build(&sections, &[]);
    std::hint::black_box(crate::features::search::files(REVISION, &sections, &index));
}

/// A YAML file of the content: the first byte chooses which (checklist, quiz, definitions,
/// revision.yaml), the rest is its text. Parsed files are rendered as the build renders them.
pub fn yaml_file(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let problems = match kind % 4 {
        0 => checklist(text),
        1 => quiz(text),
        2 => definitions(text),
        _ => revision_yaml(text),
    };
    std::hint::black_box(render_all(&problems));
}

fn checklist(text: &str) -> Vec<Diagnostic> {
    match exercises::parse_checklist(source("checklists/fuzz.yaml", text)) {
        Ok(parsed) => render_exercise(|ctx, problems| {
            std::hint::black_box(crate::features::checklist::context(
                &parsed, REVISION, ctx, problems,
            ));
        }),
        Err(problems) => problems,
    }
}

fn quiz(text: &str) -> Vec<Diagnostic> {
    match exercises::parse_quiz(source("quizzes/fuzz.yaml", text)) {
        Ok(parsed) => render_exercise(|ctx, problems| {
            let versions = crate::features::quiz::context(&parsed, REVISION, ctx, problems);
            std::hint::black_box(versions);
        }),
        Err(problems) => problems,
    }
}

fn render_exercise(f: impl FnOnce(&Context, &mut Vec<Diagnostic>)) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    harness().with_context(|ctx| f(ctx, &mut problems));
    problems
}

fn definitions(text: &str) -> Vec<Diagnostic> {
    let file = Path::new("content/2023-2026/definitions.yaml");
    match crate::model::content::definitions::parse(file, text) {
        Ok(terms) => {
            let matcher = TermMatcher::new(&terms);
            let mut problems = Vec::new();
            harness().with_context(|base| {
                let ctx = Context {
                    terms: &terms,
                    matcher: &matcher,
                    ..*base
                };
                let snippets = Snippets {
                    ctx: &ctx,
                    source_path: "definitions.yaml",
                };
                for term in &terms {
                    let origin = Origin::Line {
                        file,
                        text,
                        line: term.line,
                    };
                    std::hint::black_box(snippets.block(&term.body, origin, &mut problems));
                }
                let prose = markdown::Input {
                    markdown: "Hot, hat och våld mot förtroendevalda.",
                    origin: Origin::Line {
                        file,
                        text,
                        line: 1,
                    },
                    source_path: "plan/fuzz.md",
                    link_terms: true,
                };
                std::hint::black_box(markdown::render(&prose, &ctx));
            });
            problems
        }
        Err(problems) => problems,
    }
}

fn revision_yaml(text: &str) -> Vec<Diagnostic> {
    let file = Path::new("content/2023-2026/revision.yaml");
    match crate::model::content::revision_yaml::parse(file, text) {
        Ok(meta) => crate::model::content::revision_yaml::warnings(file, text, &meta),
        Err(problem) => vec![problem],
    }
}

/// `site.toml`, and the same text read as a theme's strings file.
pub fn site_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::model::config::parse(Path::new("site.toml"), text) {
        Ok(config) => {
            std::hint::black_box((config.base_path(), config.base_url_slash()));
        }
        Err(problems) => {
            std::hint::black_box(render_all(&problems));
        }
    }
    if let Err(problem) = crate::model::i18n::parse(Path::new("themes/default/i18n/sv.toml"), text)
    {
        std::hint::black_box(problem.render());
    }
}
