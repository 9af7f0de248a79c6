//! Hostile content: script tags, event handlers, entities and attribute-breaking quotes in
//! titles, headings, term names, checklist items and quiz options come out as text, and
//! `javascript:` links are refused with a clear error.

mod common;

use common::TestSite;

const ATTACKS: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "&lt;b&gt;entitet&lt;/b&gt;",
];

#[test]
fn hostile_text_is_escaped_everywhere_it_appears() {
    let site = TestSite::new("basic");
    let [script, img, svg, entity] = ATTACKS;
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "title: Alfa",
        &format!("title: 'Alfa {} {}'", script, img.replace('\'', "''")),
    );
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "## Hot mot dig",
        &format!("## Hot mot dig {svg}\n\nText {entity} och {script}."),
    );
    site.edit(
        "content/2023-2026/definitions.yaml",
        "short: Någon hotar att skada dig.",
        &format!(
            "short: \"Någon hotar att skada dig. {}\"",
            img.replace('"', "\\\"")
        ),
    );
    site.edit(
        "content/2023-2026/checklists/vid-hot.yaml",
        "text: Skriv ner exakt vad som sägs.",
        &format!("text: \"Skriv ner exakt vad som sägs. {}\"", svg),
    );
    site.edit(
        "content/2023-2026/quizzes/grund.yaml",
        "- text: Skriver ett inlägg",
        &format!(
            "- text: \"Skriver ett inlägg {}\"",
            img.replace('"', "\\\"")
        ),
    );
    site.build(&[]);
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        checked += 1;
        let shown = entry.path().display().to_string();
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        // What a browser would build from the page: no inline script, no event handler, none
        // of the injected elements.
        for element in html.select(&scraper::Selector::parse("*").unwrap()) {
            let value = element.value();
            assert!(
                value.name() != "script" || value.attr("src").is_some(),
                "inline script in {shown}"
            );
            assert!(
                value.attrs().all(|(name, _)| !name.starts_with("on")),
                "event handler on <{}> in {shown}",
                value.name()
            );
            assert!(value.name() != "svg" || value.attr("onload").is_none());
            assert!(
                !(value.name() == "img" && value.attr("src") == Some("x")),
                "injected <img> in {shown}"
            );
            assert!(value.name() != "b", "entity decoded into markup in {shown}");
        }
    }
    assert!(checked > 20);
    // The text is still there, as text.
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    let title = common::texts(&alfa, "h1").join("");
    assert!(title.contains(script) && title.contains(img), "{title}");
    let prose = common::texts(&alfa, ".prose p").join(" ");
    assert!(
        prose.contains("<b>entitet</b>") || prose.contains("&lt;b&gt;"),
        "{prose}"
    );
}

#[test]
fn javascript_links_are_refused_with_the_line() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "Text.",
        "Text.\n\n[Klicka](JavaScript:alert(document.cookie))",
    );
    let errors = site.build_fails();
    assert!(
        errors.contains("a `javascript:` address can run code in the reader's browser"),
        "{errors}"
    );
    assert!(
        errors.contains("content/2023-2026/plan/bravo.md:8:"),
        "{errors}"
    );
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "[Klicka](JavaScript:alert(document.cookie))",
        "",
    );
    site.edit(
        "content/2023-2026/checklists/vid-hot.yaml",
        "link: \"@/riktlinje/under.md#spara-bevis\"",
        "link: \"javascript:alert(1)\"",
    );
    let errors = site.build_fails();
    assert!(errors.contains("javascript:"), "{errors}");
    assert!(errors.contains("checklists/vid-hot.yaml"), "{errors}");
}
