//! Bad input: every kind of error names the right file, line and column, shows the line, says
//! what was expected, exits with 1 — and leaves the previous output untouched.

mod common;

use common::TestSite;

/// Asserts that `stderr` points at `file:line:col` and quotes `source_line`.
fn assert_points_at(stderr: &str, place: &str, source_line: &str) {
    assert!(
        stderr.contains(&format!("--> {place}")),
        "expected --> {place} in:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("| {source_line}")),
        "expected the line {source_line:?} in:\n{stderr}"
    );
    assert!(
        stderr.contains("= expected: "),
        "expected a hint in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn site_toml_unknown_key() {
    let site = TestSite::new("basic");
    site.edit(
        "site.toml",
        "language = \"sv\"",
        "language = \"sv\"\nbase_ulr = \"x\"",
    );
    let stderr = site.build_fails();
    assert_points_at(&stderr, "site.toml:4:1", "base_ulr = \"x\"");
    assert!(stderr.contains("unknown field `base_ulr`"), "{stderr}");
}

#[test]
fn front_matter_yaml_error() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "weight: 5",
        "weight: fem",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/plan/bravo.md:3:9",
        "weight: fem",
    );
}

#[test]
fn front_matter_unknown_key() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "weight: 5",
        "weight: 5\nauthor: Anna",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/plan/bravo.md:4:1",
        "author: Anna",
    );
}

#[test]
fn definitions_duplicate_id() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/definitions.yaml",
        "  - id: vald",
        "  - id: hot",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/definitions.yaml:13:1",
        "  - id: hot",
    );
    assert!(stderr.contains("term id `hot` is used twice"), "{stderr}");
}

#[test]
fn revision_yaml_bad_date() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/revision.yaml",
        "adopted: 2023-03-01",
        "adopted: 1 mars 2023",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/revision.yaml:3:1",
        "adopted: 1 mars 2023",
    );
}

#[test]
fn broken_link_to_a_missing_page() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "Text.",
        "Text.\n\nSe [här](@/riktlinje/fore.md).",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/plan/bravo.md:8:4",
        "Se [här](@/riktlinje/fore.md).",
    );
    assert!(stderr.contains("broken link"), "{stderr}");
}

#[test]
fn broken_anchor_lists_the_real_ones() {
    let site = TestSite::new("basic");
    site.edit("content/2023-2026/plan/alfa.md", "#ring-112", "#ring-113");
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/plan/alfa.md:11:4",
        "Se [ring 112](@/riktlinje/under.md#ring-113) och [bilden](@/riktlinje/bild.svg).",
    );
    assert!(stderr.contains("ring-112, spara-bevis"), "{stderr}");
}

#[test]
fn broken_link_inside_a_definition() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/definitions.yaml",
        "#ring-112",
        "#ring-999",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/definitions.yaml:2:1",
        "  - id: hot",
    );
}

#[test]
fn unknown_shortcode() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/riktlinje/_index.md",
        "{{ contact(id=\"polis\") }}",
        "{{ karta(plats=\"torget\") }}",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/riktlinje/_index.md:9:1",
        "{{ karta(plats=\"torget\") }}",
    );
    assert!(stderr.contains("unknown shortcode `karta`"), "{stderr}");
}

#[test]
fn shortcode_syntax_error() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/riktlinje/_index.md",
        "{{ contact(id=\"polis\") }}",
        "{{ contact(id=polis) }}",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/riktlinje/_index.md:9:15",
        "{{ contact(id=polis) }}",
    );
}

#[test]
fn unknown_callout_kind() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/riktlinje/_index.md",
        "[!VIKTIGT]",
        "[!KANSKE]",
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        "content/2023-2026/riktlinje/_index.md:6:1",
        "> [!KANSKE]",
    );
}

#[test]
fn template_syntax_error() {
    let site = TestSite::new("basic");
    let template = site.read("themes/default/templates/page.html");
    let line = template.lines().count() + 1;
    site.write(
        "themes/default/templates/page.html",
        &format!("{template}{{% if %}}\n"),
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        &format!("themes/default/templates/page.html:{line}:"),
        "{% if %}",
    );
}

#[test]
fn template_unknown_variable() {
    let site = TestSite::new("basic");
    let template = site.read("themes/default/templates/base.html");
    let line = template.lines().count() + 1;
    site.write(
        "themes/default/templates/base.html",
        &format!("{template}{{{{ page.forfattare }}}}\n"),
    );
    let stderr = site.build_fails();
    assert_points_at(
        &stderr,
        &format!("themes/default/templates/base.html:{line}:"),
        "{{ page.forfattare }}",
    );
}

#[test]
fn all_errors_of_a_build_are_reported_at_once() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "weight: 5",
        "weight: fem",
    );
    site.edit("content/2023-2026/plan/alfa.md", "#ring-112", "#ring-113");
    site.edit(
        "content/2023-2026/riktlinje/_index.md",
        "{{ contact(id=\"polis\") }}",
        "{{ contact(id=\"brandkaren\") }}",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("--> content/2023-2026/plan/bravo.md:3:9"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/2023-2026/plan/alfa.md:11:4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/2023-2026/riktlinje/_index.md:9:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("could not build the site: 3 errors"),
        "{stderr}"
    );
}

#[test]
fn a_link_to_a_page_that_failed_to_load_is_not_reported_twice() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/riktlinje/under.md",
        "title: Under en händelse",
        "title: [oavslutad",
    );
    let stderr = site.build_fails();
    assert!(stderr.contains("under.md:2:"), "{stderr}");
    assert!(!stderr.contains("broken link"), "{stderr}");
    assert!(stderr.contains("1 error"), "{stderr}");
}

#[test]
fn check_reports_the_same_errors_and_exits_1() {
    let site = TestSite::new("basic");
    site.edit("content/2023-2026/plan/alfa.md", "#ring-112", "#ring-113");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("plan/alfa.md:11:4"));
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "Text.",
        "Text <script>alert(1)</script> här.",
    );
    site.build(&[]);
    let raw = site.read("public/2023-2026/plan/bravo/index.html");
    assert!(
        raw.contains("&lt;script>alert(1)&lt;/script>") || raw.contains("&lt;script&gt;"),
        "{raw}"
    );
    site.edit(
        "site.toml",
        "language = \"sv\"",
        "language = \"sv\"\nallow_html = true",
    );
    site.build(&[]);
    assert!(site
        .read("public/2023-2026/plan/bravo/index.html")
        .contains("<script>alert(1)</script>"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("basic");
    site.build(&[]);
    let before = site.read("public/2023-2026/plan/alfa/index.html");
    let files_before = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .count();
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "Ett hot kan",
        "Ett NYTT hot kan",
    );
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "Text.",
        "[trasig](@/finns-inte.md)",
    );
    site.build_fails();
    assert_eq!(site.read("public/2023-2026/plan/alfa/index.html"), before);
    assert_eq!(
        walkdir::WalkDir::new(site.path("public"))
            .into_iter()
            .count(),
        files_before
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Fixing the error replaces the output with the new content.
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "[trasig](@/finns-inte.md)",
        "Text.",
    );
    site.build(&[]);
    assert!(site
        .read("public/2023-2026/plan/alfa/index.html")
        .contains("NYTT"));
}

#[test]
fn missing_site_toml_is_a_clear_error() {
    let site = TestSite::new("basic");
    std::fs::remove_file(site.path("site.toml")).unwrap();
    let stderr = site.build_fails();
    assert!(
        stderr.contains("cannot read") && stderr.contains("site.toml"),
        "{stderr}"
    );
}

#[test]
fn two_pages_at_the_same_address() {
    let site = TestSite::new("basic");
    site.write(
        "content/2023-2026/plan.md",
        "---\ntitle: Plan\n---\nText.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("would both be published at /plan/"),
        "{stderr}"
    );
    assert!(stderr.contains("content/2023-2026/plan.md"), "{stderr}");
}

/// A placeholder variable printed without `| safe` in `template` stops the build at that line.
fn printed_without_safe_stops_at_its_line(template: &str, variable: &str, message: &str) {
    let site = TestSite::new("basic");
    let safe = format!("{{{{ {variable} | safe }}}}");
    let plain = format!("{{{{ {variable} }}}}");
    let line = site
        .read(template)
        .lines()
        .position(|l| l.contains(&safe))
        .unwrap_or_else(|| panic!("{template} prints {safe}"))
        + 1;
    site.edit(template, &safe, &plain);
    let stderr = site.build_fails();
    assert_points_at(&stderr, &format!("{template}:{line}:"), &plain);
    assert!(stderr.contains(message), "{stderr}");
    assert!(stderr.contains("needs `| safe`"), "{stderr}");
}

#[test]
fn a_menu_printed_without_safe_points_at_the_template_line() {
    printed_without_safe_stops_at_its_line(
        "themes/default/templates/base.html",
        "menu",
        "the menu is printed as text",
    );
}

#[test]
fn page_content_printed_without_safe_points_at_the_template_line() {
    printed_without_safe_stops_at_its_line(
        "themes/default/templates/section.html",
        "page.content",
        "the page's content is printed as text",
    );
}
