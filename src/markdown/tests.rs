use super::*;
use crate::markdown::html::REV_ROOT;
use crate::model::config::Config;

fn strings() -> Strings {
    let mut text = String::new();
    for key in crate::model::i18n::REQUIRED {
        text.push_str(&format!("{key} = \"<{key}>\"\n"));
    }
    crate::model::i18n::parse(Path::new("sv.toml"), &text).unwrap()
}

fn config() -> Config {
    crate::model::config::parse(
        Path::new("site.toml"),
        "title = \"T\"\nbase_url = \"https://x.se/\"\n[contacts.polis]\nrole = \"Polisen\"\nphone = \"114 14\"\n",
    )
    .unwrap()
}

fn term(id: &str, word: &str) -> Term {
    Term {
        id: id.into(),
        term: word.into(),
        short: format!("Kort om {word}."),
        body: String::new(),
        forms: vec![],
        examples: vec![],
        legal: vec![],
        line: 1,
    }
}

/// The default theme's contact card, drawn by tera as the theme would: Markdown's tests need a
/// template, not the whole theme.
struct ContactTemplate(tera::Tera);

impl ContactTemplate {
    fn new() -> Self {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "shortcodes/contact.html",
            include_str!("../../themes/default/templates/shortcodes/contact.html"),
        )
        .unwrap();
        ContactTemplate(tera)
    }
}

impl shortcodes::Templates for ContactTemplate {
    fn render_json(&self, template: &str, context: &serde_json::Value) -> Result<String, String> {
        let context = tera::Context::from_value(context.clone()).map_err(|e| e.to_string())?;
        self.0.render(template, &context).map_err(|e| e.to_string())
    }
}

struct Fixture {
    links: LinkIndex,
    terms: Vec<Term>,
    matcher: TermMatcher,
    strings: Strings,
    registry: Registry,
    config: Config,
    templates: ContactTemplate,
}

impl Fixture {
    fn new() -> Self {
        let mut links = LinkIndex::default();
        links.add(
            "riktlinje/under.md",
            "riktlinje/under/",
            ["ring-112".to_string()],
        );
        links.add("plan/mal.md", "plan/mal/", ["forsta".to_string()]);
        let terms = vec![term("hot", "hot"), term("vald", "våld")];
        let matcher = TermMatcher::new(&terms);
        let config = config();
        Fixture {
            links,
            terms,
            matcher,
            strings: strings(),
            registry: Registry::default(),
            config,
            templates: ContactTemplate::new(),
        }
    }

    fn render(&self, markdown: &str, allow_html: bool) -> Rendered {
        let env = shortcodes::Env {
            config: &self.config,
            strings: &self.strings,
            templates: &self.templates,
        };
        let ctx = Context {
            links: &self.links,
            terms: &self.terms,
            matcher: &self.matcher,
            strings: &self.strings,
            shortcodes: &self.registry,
            env: &env,
            allow_html,
        };
        let text = format!("---\ntitle: x\n---\n{markdown}");
        let input = Input {
            markdown,
            origin: Origin::Page {
                file: Path::new("plan/mal.md"),
                text: &text,
                body_start: text.len() - markdown.len(),
            },
            source_path: "plan/mal.md",
            link_terms: true,
        };
        render(&input, &ctx)
    }
}

#[test]
fn headings_get_swedish_ids_and_toc() {
    let f = Fixture::new();
    let r = f.render(
        "## Första åtgärd\n\n## Första åtgärd\n\n### Egen {#egen-id}\n\n#### Djup\n",
        false,
    );
    assert!(r.html.contains("<h2 id=\"forsta-atgard\">"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"forsta-atgard-1\">"));
    assert!(r.html.contains("<h3 id=\"egen-id\">"));
    let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["forsta-atgard", "forsta-atgard-1", "egen-id"]);
    assert_eq!(
        heading_ids("## Första åtgärd\n\n## Första åtgärd\n\n### Egen {#egen-id}\n\n#### Djup\n"),
        ["forsta-atgard", "forsta-atgard-1", "egen-id", "djup"]
    );
}

#[test]
fn internal_links_resolve_and_broken_ones_name_the_line() {
    let f = Fixture::new();
    let r = f.render(
        "Se [riktlinjen](@/riktlinje/under.md#ring-112).\n\nOch [fel](@/finns/inte.md).\n",
        false,
    );
    assert!(
        r.html
            .contains(&format!("href=\"{}", "%EE%80%80riktlinje/under/#ring-112")),
        "{}",
        r.html
    );
    assert_eq!(r.diagnostics.len(), 1);
    let loc = r.diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        loc.line, 6,
        "3 lines of front matter + body line 3: {loc:?}"
    );
    assert_eq!(loc.column, 5);
    assert!(r.diagnostics[0].message.contains("@/finns/inte.md"));
}

#[test]
fn same_page_anchor_is_checked() {
    let f = Fixture::new();
    assert!(f.render("[a](#forsta)", false).diagnostics.is_empty());
    assert_eq!(f.render("[a](#andra)", false).diagnostics.len(), 1);
}

#[test]
fn callouts_render_accessibly() {
    let f = Fixture::new();
    let r = f.render("> [!VIKTIGT]\n> Ring 112.\n", false);
    assert!(r.html.contains("<div class=\"callout callout--viktigt\" role=\"note\"><p class=\"callout__title\">&lt;callout_viktigt&gt;</p>"), "{}", r.html);
    assert!(r.html.contains("<p>Ring 112.</p>"), "{}", r.html);
    assert!(!r.html.contains("blockquote"));
    let titled = f.render("> [!TIPS] Spara allt\n> Ta skärmbilder.\n", false);
    assert!(titled.html.contains(">Spara allt</p>"), "{}", titled.html);
    let plain = f.render("> Ett citat.\n", false);
    assert!(plain.html.contains("<blockquote>"));
    let unknown = f.render("> [!KANSKE]\n> x\n", false);
    assert!(unknown.diagnostics[0].message.contains("unknown callout"));
}

#[test]
fn terms_link_first_occurrence_outside_headings_links_and_code() {
    let f = Fixture::new();
    let r = f.render("## Hot\n\nDu fick `hot` och [hot](https://x.se). Hotet var allvarligt. Hoten fortsatte. Våldet ökade.\n", false);
    assert_eq!(
        r.html.matches("class=\"term__link\"").count(),
        2,
        "{}",
        r.html
    );
    assert!(
        r.html.contains(&format!(
            "href=\"{REV_ROOT}definitioner/#hot\" aria-describedby=\"term-hot-1\">Hotet</a>"
        )),
        "{}",
        r.html
    );
    assert!(r.html.contains(">Våldet</a>"));
    assert!(r.html.contains("<h2 id=\"hot\">Hot</h2>"));
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let f = Fixture::new();
    let r = f.render("<script>alert(1)</script>\n\nText <b>fet</b>\n", false);
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(r.html.contains("&lt;b&gt;"));
    assert!(f
        .render("Text <b>fet</b>\n", true)
        .html
        .contains("<b>fet</b>"));
}

#[test]
fn extensions_and_swedish_quotes() {
    let f = Fixture::new();
    let r = f.render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~bort~~ \"citat\" och fotnot[^1]\n\n- [x] klar\n- [ ] kvar\n\n[^1]: Källa.\n", false);
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>bort</del>"));
    assert!(r.html.contains("”citat”"), "{}", r.html);
    assert!(r.html.contains("footnote-definition"));
    assert!(
        r.html.contains("checked aria-label=\"&lt;task_done&gt;\""),
        "{}",
        r.html
    );
}

#[test]
fn shortcodes_dispatch_and_unknown_is_an_error() {
    let f = Fixture::new();
    let r = f.render("Ring:\n\n{{ contact(id=\"polis\") }}\n", false);
    assert!(r.html.contains("<div class=\"contact\">"), "{}", r.html);
    assert!(r.html.contains("<p class=\"contact__role\">Polisen</p>"));
    assert!(r.html.contains("href=\"tel:11414\""));
    assert!(!r.html.contains("<p><div"), "{}", r.html);
    let bad = f.render("Text\n\n{{ karta(id=\"x\") }}\n", false);
    assert_eq!(bad.diagnostics.len(), 1);
    assert!(bad.diagnostics[0]
        .message
        .contains("unknown shortcode `karta`"));
    assert_eq!(bad.diagnostics[0].location.as_ref().unwrap().line, 6);
    let missing = f.render("{{ contact(id=\"brandkaren\") }}\n", false);
    assert!(missing.diagnostics[0]
        .message
        .contains("no contact `brandkaren`"));
}
