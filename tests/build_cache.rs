//! Unchanged revisions are kept from the last build's output (`src/build/output_cache.rs`): the
//! output is the same, byte for byte, as a fresh build's, and anything a revision's files are
//! made from renders it again.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::TestSite;

/// Every file under `dir` except the build manifest (whose file times differ), with its bytes.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .filter(|(rel, _)| rel != ".handbok/build.json")
        .collect()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The revisions the build said it kept.
fn kept(output: &std::process::Output) -> String {
    let line = stdout(output);
    match line.split_once(" unchanged, kept from the last build") {
        Some((before, _)) => before
            .rsplit_once('(')
            .map_or("", |(_, ids)| ids)
            .to_string(),
        None => String::new(),
    }
}

/// Staging or old output folders a build left next to the output.
fn leftovers(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("staging") || name.contains(".old-"))
        .collect()
}

/// The same site built from nothing into another folder must give the same files.
fn assert_same_as_fresh_build(site: &TestSite, args: &[&str]) {
    let mut all = vec!["--out", "fresh"];
    all.extend_from_slice(args);
    let output = site.build(&all);
    assert_eq!(kept(&output), "", "a fresh build keeps nothing");
    let built = files_of(&site.path("public"));
    let fresh = files_of(&site.path("fresh"));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built {
        assert!(bytes == &fresh[path], "{path} differs from a fresh build");
    }
    std::fs::remove_dir_all(site.path("fresh")).unwrap();
}

#[test]
fn unchanged_revisions_are_kept_and_only_the_edited_one_renders_again() {
    let site = TestSite::new("basic");
    let first = site.build(&["--drafts"]);
    assert_eq!(kept(&first), "");
    assert!(site.path("public/.handbok/build.json").is_file());

    let second = site.build(&["--drafts"]);
    assert_eq!(kept(&second), "2019-2022, 2023-2026, 2027-2030");
    assert_same_as_fresh_build(&site, &["--drafts"]);

    site.edit(
        "content/2027-2030/_index.md",
        "Utkast till ny plan.",
        "Utkast till en ändrad plan.",
    );
    let third = site.build(&["--drafts"]);
    assert_eq!(kept(&third), "2019-2022, 2023-2026");
    assert!(site
        .read("public/2027-2030/index.html")
        .contains("Utkast till en ändrad plan."));
    assert_same_as_fresh_build(&site, &["--drafts"]);

    // Without drafts the version switcher of every revision changes: nothing is kept.
    let without_drafts = site.build(&[]);
    assert_eq!(kept(&without_drafts), "");
    assert!(!site.path("public/2027-2030").exists());
    assert_same_as_fresh_build(&site, &[]);
}

#[test]
fn the_revision_in_force_keeps_its_root_copy_too() {
    let site = TestSite::new("basic");
    site.build(&[]);
    let root_page = site.read("public/plan/alfa/index.html");
    let again = site.build(&[]);
    assert_eq!(kept(&again), "2019-2022, 2023-2026");
    assert_eq!(site.read("public/plan/alfa/index.html"), root_page);
    assert!(site.path("public/riktlinje/bild.svg").is_file());
    assert_same_as_fresh_build(&site, &[]);
}

#[test]
fn a_change_to_the_theme_or_site_toml_renders_every_revision_again() {
    let site = TestSite::new("basic");
    site.build(&[]);
    site.edit(
        "themes/default/i18n/sv.toml",
        "Gå direkt till innehållet",
        "Hoppa till innehållet",
    );
    let after_theme = site.build(&[]);
    assert_eq!(kept(&after_theme), "");
    assert!(site
        .read("public/2019-2022/index.html")
        .contains("Hoppa till innehållet"));

    site.edit("site.toml", "Testhandbok", "Testhandboken");
    let after_config = site.build(&[]);
    assert_eq!(kept(&after_config), "");
    assert!(site
        .read("public/2019-2022/index.html")
        .contains("Testhandboken"));
    assert_same_as_fresh_build(&site, &[]);
}

#[test]
fn a_hand_edited_or_missing_output_file_renders_its_revision_again() {
    let site = TestSite::new("basic");
    site.build(&[]);
    let page = site.read("public/2019-2022/index.html");
    site.write("public/2019-2022/index.html", "<p>edited by hand</p>");
    let after_edit = site.build(&[]);
    assert_eq!(kept(&after_edit), "2023-2026");
    assert_eq!(site.read("public/2019-2022/index.html"), page);

    std::fs::remove_file(site.path("public/search/2023-2026/manifest.json")).unwrap();
    let after_delete = site.build(&[]);
    assert_eq!(kept(&after_delete), "2019-2022");
    assert!(site.path("public/search/2023-2026/manifest.json").is_file());

    // A damaged record: handbok cannot tell its files from others', so it touches nothing.
    site.write("public/.handbok/build.json", "{ not json");
    let before = files_of(&site.path("public"));
    let refused = site.run(&["build", "--force"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot be read"));
    assert_eq!(files_of(&site.path("public")), before);
    std::fs::remove_dir_all(site.path("public")).unwrap();
    let after_removal = site.build(&[]);
    assert_eq!(kept(&after_removal), "");
    assert_same_as_fresh_build(&site, &[]);
}

#[test]
fn a_failed_build_leaves_the_old_output_whole() {
    let site = TestSite::new("basic");
    site.build(&["--drafts"]);
    site.build(&["--drafts"]);
    let before = files_of(&site.path("public"));
    let manifest = site.read("public/.handbok/build.json");
    site.write(
        "content/2027-2030/_index.md",
        "---\ntitle: Ny start\n---\n\nSe [sidan](@/finns-inte.md).\n",
    );
    let output = site.run(&["build", "--drafts"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(files_of(&site.path("public")), before);
    assert_eq!(site.read("public/.handbok/build.json"), manifest);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_template_error_on_one_page_removes_the_pages_already_written() {
    let site = TestSite::new("basic");
    site.build(&[]);
    let before = files_of(&site.path("public"));
    // Pages are written into the staging folder as they are rendered: this error comes when
    // other pages of the revision may already be on disk.
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block title %}{% if page.title == \"Bravo\" %}\
         {{ saknas.falt }}{% endif %}{{ page.title }}{% endblock title %}\n",
    );
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("saknas.falt"), "{stderr}");
    assert_eq!(files_of(&site.path("public")), before);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_sealed_revision_is_kept_by_its_seal_and_renders_again_when_revision_yaml_changes() {
    let site = TestSite::new("basic");
    let adopted = site.run(&[
        "revision",
        "adopt",
        "2027-2030",
        "--date",
        "2027-03-15",
        "--decided-by",
        "Kommunstyrelsen",
        "--reference",
        "KS 2027/99",
    ]);
    assert!(adopted.status.success(), "{}", stdout(&adopted));
    site.build(&[]);
    let again = site.build(&[]);
    assert_eq!(kept(&again), "2019-2022, 2023-2026, 2027-2030");
    assert_same_as_fresh_build(&site, &[]);

    // revision.yaml is outside the seal, but its facts are on every page.
    site.edit(
        "content/2027-2030/revision.yaml",
        "KS 2027/99",
        "KS 2027/100",
    );
    let edited = site.build(&[]);
    assert!(!kept(&edited).contains("2027-2030"), "{}", stdout(&edited));
    assert!(site
        .read("public/2027-2030/index.html")
        .contains("KS 2027/100"));
    assert_same_as_fresh_build(&site, &[]);
}
