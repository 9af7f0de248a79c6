//! Revisions: `handbok revision list|new|adopt`, seals, the revision order, the version switcher,
//! banners and canonical addresses across revisions.

mod common;

use common::{attrs, select, texts, TestSite};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn adopt(site: &TestSite, id: &str, date: &str) -> std::process::Output {
    site.run(&[
        "revision",
        "adopt",
        id,
        "--date",
        date,
        "--decided-by",
        "Kommunstyrelsen",
        "--reference",
        "KS 2027/99",
    ])
}

#[test]
fn new_revision_is_a_draft_copy_that_keeps_source_paths() {
    let site = TestSite::new("basic");
    let output = site.run(&["revision", "new", "2031-2034", "--from", "2023-2026"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Started draft revision 2031-2034 from 2023-2026"));
    let meta = site.read("content/2031-2034/revision.yaml");
    assert!(meta.contains("status: draft"), "{meta}");
    assert!(meta.contains("title: \"Plan 2031–2034\""), "{meta}");
    assert_eq!(
        site.read("content/2031-2034/plan/alfa.md"),
        site.read("content/2023-2026/plan/alfa.md")
    );
    // Same source path, same URL: the page is at the same address in both revisions.
    site.build(&["--drafts"]);
    assert!(site.path("public/2031-2034/plan/alfa/index.html").exists());
    // A second time is refused, and a bad id is refused.
    for args in [
        ["revision", "new", "2031-2034"],
        ["revision", "new", "Ny Plan"],
    ] {
        let output = site.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn new_revision_copies_what_symlinks_inside_the_site_point_at_and_refuses_others() {
    let site = TestSite::new("basic");
    site.write("delat/kontakt.md", "---\ntitle: Kontakt\n---\nRing 112.\n");
    std::os::unix::fs::symlink(
        "../../../delat/kontakt.md",
        site.path("content/2023-2026/plan/kontakt.md"),
    )
    .unwrap();
    let output = site.run(&["revision", "new", "2031-2034", "--from", "2023-2026"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let copied = site.path("content/2031-2034/plan/kontakt.md");
    assert!(!copied.is_symlink(), "the new revision stands on its own");
    assert_eq!(
        site.read("content/2031-2034/plan/kontakt.md"),
        site.read("delat/kontakt.md")
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("hemlig.md"),
        "---\ntitle: Hemlig\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("hemlig.md"),
        site.path("content/2023-2026/plan/hemlig.md"),
    )
    .unwrap();
    let toml = site.read("site.toml");
    let refused = site.run(&["revision", "new", "2035-2038", "--from", "2023-2026"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("outside the site folder"),
        "{}",
        stderr(&refused)
    );
    assert!(!site.path("content/2035-2038").exists());
    assert_eq!(site.read("site.toml"), toml);
}

#[test]
fn new_revision_is_added_to_the_order_in_site_toml() {
    let site = TestSite::new("basic");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!(
            "# Ordningen.\nrevisions = [\"2019-2022\", \"2023-2026\", \"2027-2030\"]\n{config}"
        ),
    );
    let output = site.run(&["revision", "new", "2031-2034"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let config = site.read("site.toml");
    assert!(
        config.starts_with("# Ordningen.\n"),
        "comments kept: {config}"
    );
    assert!(
        config.contains("revisions = [\"2019-2022\", \"2023-2026\", \"2027-2030\", \"2031-2034\"]"),
        "{config}"
    );
    // Copied from the newest in the list.
    assert!(site
        .read("content/2031-2034/revision.yaml")
        .contains("från 2027-2030"));
}

#[test]
fn site_toml_orders_revisions_and_names_the_revision_in_force() {
    let site = TestSite::new("basic");
    let config = site.read("site.toml");
    // Listed out of name order: 2023-2026 first, so 2019-2022 is the newest adopted one.
    site.write(
        "site.toml",
        &format!("revisions = [\"2023-2026\", \"2019-2022\", \"2027-2030\"]\n{config}"),
    );
    site.build(&[]);
    assert_eq!(texts(&site.html("index.html"), "h1"), ["Gammal start"]);
    // A folder missing from the list is an error at the list.
    site.write(
        "site.toml",
        &format!("revisions = [\"2023-2026\", \"2027-2030\"]\n{config}"),
    );
    let errors = site.build_fails();
    assert!(
        errors.contains("content/2019-2022/ is not listed in `revisions`"),
        "{errors}"
    );
    assert!(errors.contains("--> site.toml:1:1"), "{errors}");
}

#[test]
fn adopting_seals_and_a_later_edit_is_refused_naming_the_file() {
    let site = TestSite::new("basic");
    let output = adopt(&site, "2027-2030", "2027-03-15");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Adopted revision 2027-2030"));
    let meta = site.read("content/2027-2030/revision.yaml");
    for line in [
        "status: adopted",
        "adopted: 2027-03-15",
        "decided_by: Kommunstyrelsen",
        "reference: KS 2027/99",
        "seal:",
        "  sha256: ",
        "    _index.md: ",
    ] {
        assert!(meta.contains(line), "{line:?} in {meta}");
    }
    // Now in force, without --drafts.
    site.build(&[]);
    assert!(site.path("public/2027-2030/index.html").exists());
    let list = stdout(&site.run(&["revision", "list"]));
    let row = list.lines().find(|l| l.starts_with("2027-2030")).unwrap();
    assert!(
        row.contains("in force") && row.contains("sealed") && row.contains("2029-12-31"),
        "{list}"
    );

    // An edit breaks the seal: check and build fail, naming the file, at the seal.
    site.edit("content/2027-2030/_index.md", "---\n", "---\n# ändrad\n");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.contains("revision 2027-2030 is adopted and sealed, but files changed since: _index.md (changed)"),
        "{errors}"
    );
    assert!(
        errors.contains("content/2027-2030/revision.yaml:"),
        "{errors}"
    );
    assert!(errors.contains("| seal:"), "{errors}");
    let before = site.read("public/2027-2030/index.html");
    site.build_fails();
    assert_eq!(
        site.read("public/2027-2030/index.html"),
        before,
        "output untouched"
    );
    assert!(stdout(&site.run(&["revision", "list"])).contains("CHANGED"));

    // An added file is named too; undoing both restores the seal.
    site.edit("content/2027-2030/_index.md", "# ändrad\n", "");
    site.write("content/2027-2030/ny.md", "---\ntitle: Ny\n---\n");
    assert!(stderr(&site.run(&["check"])).contains("ny.md (added)"));
    std::fs::remove_file(site.path("content/2027-2030/ny.md")).unwrap();
    assert!(site.run(&["check"]).status.success());
    // revision.yaml itself is not sealed: a decision fact can still be completed.
    site.edit(
        "content/2027-2030/revision.yaml",
        "KS 2027/99",
        "KS 2027/100",
    );
    assert!(site.run(&["check"]).status.success());
}

#[test]
fn adopt_refuses_bad_dates_adopted_revisions_and_broken_sites() {
    let site = TestSite::new("basic");
    let bad_date = adopt(&site, "2027-2030", "15 mars 2027");
    assert_eq!(bad_date.status.code(), Some(1));
    assert!(stderr(&bad_date).contains("`15 mars 2027` is not a date"));
    let adopted = adopt(&site, "2023-2026", "2023-03-01");
    assert_eq!(adopted.status.code(), Some(1));
    assert!(stderr(&adopted).contains("already adopted"));
    // A broken link anywhere: nothing is sealed.
    site.edit(
        "content/2027-2030/_index.md",
        "---\n\n",
        "---\n\n[trasig](@/finns-inte.md)\n\n",
    );
    let broken = adopt(&site, "2027-2030", "2027-03-15");
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("finns-inte.md"),
        "{}",
        stderr(&broken)
    );
    assert!(site
        .read("content/2027-2030/revision.yaml")
        .contains("status: draft"));
}

#[test]
fn unknown_decision_facts_are_warnings_and_the_due_date_is_checked() {
    let site = TestSite::new("basic");
    site.write(
        "content/2023-2026/revision.yaml",
        "status: adopted\ntitle: Plan 2023–2026\nadopted: okänt\ndecided_by: Kommunstyrelsen\nreference: okänt\n",
    );
    let output = site.run(&["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings = stderr(&output);
    assert!(warnings.contains("warning: `adopted` of an adopted revision is not known"));
    assert!(warnings.contains("warning: `reference` of an adopted revision is not known"));
    assert!(
        warnings.contains("content/2023-2026/revision.yaml:3:1"),
        "{warnings}"
    );
    // With a date, the plan in force (adopted 2023) was due for revision by the end of 2025.
    site.write(
        "content/2023-2026/revision.yaml",
        "status: adopted\ntitle: Plan 2023–2026\nadopted: 2023-03-01\ndecided_by: KS\nreference: KS 1\n",
    );
    let warnings = stderr(&site.run(&["check"]));
    assert!(
        warnings.contains(
            "the next revision was due by 31 december 2025 (the year before the 2026 election)"
        ),
        "{warnings}"
    );
}

#[test]
fn version_switcher_lands_on_the_same_page_or_the_start_page() {
    let site = TestSite::new("basic");
    site.build(&["--drafts"]);
    let page = site.html("2023-2026/plan/alfa/index.html");
    let links = select(&page, ".versions__link");
    let shown: Vec<(String, String)> = links
        .iter()
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Plan 2027–2030".into(), "/handbok/2027-2030/".into()),
            (
                "Plan 2023–2026".into(),
                "/handbok/2023-2026/plan/alfa/".into()
            ),
            ("Plan 2019–2022".into(), "/handbok/2019-2022/".into()),
        ]
    );
    assert_eq!(
        attrs(&page, ".versions__link[aria-current=page]", "href"),
        ["/handbok/2023-2026/plan/alfa/"]
    );
    let status = texts(&page, ".versions__status");
    assert!(
        status[0].starts_with("Utkast – inte beslutad"),
        "{status:?}"
    );
    assert!(status[1].starts_with("Gällande, 2023-03-01"), "{status:?}");
    assert!(status[2].starts_with("Antagen, 2019-03-01"), "{status:?}");
    // In force: no banner.
    assert!(select(&page, ".banner").is_empty());

    // An old revision: a banner to the same page in force; the draft: "Utkast – inte beslutad".
    let old = site.html("2019-2022/index.html");
    assert_eq!(attrs(&old, ".banner--old a", "href"), ["/handbok/"]);
    let draft = site.html("2027-2030/index.html");
    let banner = texts(&draft, ".banner--draft");
    assert!(
        banner[0].starts_with("Utkast – inte beslutad."),
        "{banner:?}"
    );
    assert_eq!(attrs(&draft, ".banner--draft a", "href"), ["/handbok/"]);
    // Printed pages cite their own revision.
    assert!(texts(&old, ".print-source")[0].ends_with("https://example.se/handbok/2019-2022/"));
}

#[test]
fn a_moved_page_keeps_its_old_address_through_an_alias() {
    let site = TestSite::new("basic");
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "title: ",
        "aliases: [\"/plan/gamla-alfa\", \"gammal/alfa/\"]\ntitle: ",
    );
    site.build(&[]);
    for (path, target) in [
        (
            "2023-2026/plan/gamla-alfa/index.html",
            "/handbok/2023-2026/plan/alfa/",
        ),
        (
            "2023-2026/gammal/alfa/index.html",
            "/handbok/2023-2026/plan/alfa/",
        ),
        ("plan/gamla-alfa/index.html", "/handbok/plan/alfa/"),
    ] {
        let page = site.html(path);
        assert_eq!(
            attrs(&page, "meta[http-equiv=refresh]", "content"),
            [format!("0; url={target}")],
            "{path}"
        );
        assert_eq!(attrs(&page, "main a", "href"), [target], "{path}");
        assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
    }
    // An alias that is another page's address is refused at its line.
    site.edit(
        "content/2023-2026/plan/alfa.md",
        "\"gammal/alfa/\"",
        "\"plan/\"",
    );
    let errors = site.build_fails();
    assert!(
        errors.contains("alias `plan/` is the address of a page that exists"),
        "{errors}"
    );
    assert!(errors.contains("plan/alfa.md:2:1"), "{errors}");
    site.edit("content/2023-2026/plan/alfa.md", "\"plan/\"", "\"../ut\"");
    assert!(site.build_fails().contains("alias `../ut` cannot be used"));
}

/// A next revision copied from 2023-2026 with one change of each kind (and two that must not
/// show: an internal page and a trainer note).
fn site_with_changes() -> TestSite {
    let site = TestSite::new("basic");
    let output = site.run(&["revision", "new", "2031-2034", "--from", "2023-2026"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rev = "content/2031-2034";
    site.edit(
        &format!("{rev}/plan/alfa.md"),
        "Hotet ska anmälas.",
        "Hotet ska anmälas direkt.",
    );
    site.write(
        &format!("{rev}/plan/delta.md"),
        "---\ntitle: Delta\n---\n\nEn ny sida.\n",
    );
    std::fs::remove_file(site.path(&format!("{rev}/plan/charlie.md"))).unwrap();
    site.edit(
        &format!("{rev}/definitions.yaml"),
        "Någon hotar att skada dig.",
        "Någon hotar att skada dig eller dina närmaste.",
    );
    site.edit(
        &format!("{rev}/checklists/vid-hot.yaml"),
        "      - id: ring\n",
        "      - id: skarmbild\n        text: Ta en skärmbild.\n      - id: ring\n",
    );
    site.edit(
        &format!("{rev}/quizzes/grund.yaml"),
        "HEMLIG-TRANARANTECKNING",
        "HEMLIG-ANDRAD-ANTECKNING",
    );
    site.edit(
        &format!("{rev}/plan/intern.md"),
        "Bara för personalen.",
        "INTERN-MARKOR ändrad.",
    );
    site
}

#[test]
fn change_page_lists_what_changed_word_by_word() {
    let site = site_with_changes();
    site.build(&["--drafts"]);
    let page = site.html("2031-2034/andringar/index.html");
    // Overview: added / changed / removed per kind.
    let cells = texts(&page, ".changes-table tbody th, .changes-table tbody td");
    assert_eq!(
        cells,
        [
            "Sidor",
            "1",
            "1",
            "1",
            "Begrepp",
            "0",
            "1",
            "0",
            "Checklistor",
            "0",
            "1",
            "0",
            "Quizfrågor",
            "0",
            "0",
            "0"
        ],
        "added, changed, removed"
    );
    // The word-level diff: only the inserted word is marked, with its meaning in words.
    let words = |css: &str| -> Vec<String> {
        texts(&page, css)
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        words("#andringar-pages .change--changed ins"),
        ["Tillagt: direkt"]
    );
    assert!(words("#andringar-pages .change--changed del").is_empty());
    let term = words("#andringar-terms .change ins");
    assert!(
        term.iter().any(|t| t.contains("eller dina närmaste")),
        "{term:?}"
    );
    let checklist = words("#andringar-checklists .change ins");
    assert!(
        checklist.iter().any(|t| t.contains("Ta en skärmbild.")),
        "{checklist:?}"
    );
    let titles = texts(&page, ".change h3");
    assert!(titles
        .iter()
        .any(|t| t.starts_with("Delta") && t.contains("(Nytt)")));
    assert!(titles
        .iter()
        .any(|t| t.starts_with("Charlie") && t.contains("(Borttaget)")));
    // Never on a public page: internal pages and trainer notes.
    let html = site.read("public/2031-2034/andringar/index.html");
    assert!(
        !html.contains("INTERN-MARKOR") && !html.contains("HEMLIG"),
        "leak"
    );
    assert!(!titles.iter().any(|t| t.starts_with("Internt")));
    // The first revision has nothing to compare with.
    assert!(!site.path("public/2019-2022/andringar").exists());
    assert!(site.path("public/2023-2026/andringar/index.html").exists());
}

#[test]
fn revision_page_states_the_decision_or_that_it_is_not_known() {
    let site = TestSite::new("basic");
    site.build(&["--drafts"]);
    let page = site.html("2023-2026/om-revisionen/index.html");
    let facts = texts(&page, ".facts dt, .facts dd");
    assert_eq!(facts[..2], ["Status", "Gällande"]);
    assert!(
        facts.windows(2).any(|w| w == ["Diarienummer", "KS 2023/7"]),
        "{facts:?}"
    );
    let due = texts(&page, "main p").join(" ");
    assert!(
        due.contains("senast 31 december 2025, året före valet 13 september 2026"),
        "{due}"
    );
    assert_eq!(
        attrs(&page, "main a[href$='andringar/']", "href"),
        ["/handbok/2023-2026/andringar/"]
    );
    // Unknown facts say so; the due date cannot be computed without a date.
    site.write(
        "content/2023-2026/revision.yaml",
        "status: adopted\ntitle: Plan 2023–2026\nadopted: okänt\ndecided_by: Kommunstyrelsen\nreference: okänt\n",
    );
    site.build(&["--drafts"]);
    let page = site.html("2023-2026/om-revisionen/index.html");
    let facts = texts(&page, ".facts dt, .facts dd");
    assert!(
        facts.windows(2).any(|w| w == ["Antagen den", "Inte känt"]),
        "{facts:?}"
    );
    assert!(
        facts.windows(2).any(|w| w == ["Diarienummer", "Inte känt"]),
        "{facts:?}"
    );
    assert!(texts(&page, "main p")
        .join(" ")
        .contains("går inte att räkna ut"));
    // Every revision is listed, newest first.
    let rows = texts(&page, ".revisions-table tbody th");
    assert_eq!(rows, ["Plan 2027–2030", "Plan 2023–2026", "Plan 2019–2022"]);
}

/// The day of the build is one of its inputs: `SOURCE_DATE_EPOCH` sets it (the reproducible-
/// builds convention), so whether the plan in force is overdue depends on the day given, not on
/// when the test runs.
#[test]
fn the_day_of_the_build_is_an_input_that_source_date_epoch_sets() {
    let site = TestSite::new("basic");
    site.write(
        "content/2023-2026/revision.yaml",
        "status: adopted\ntitle: Plan 2023–2026\nadopted: 2023-03-01\ndecided_by: KS\nreference: KS 1\n",
    );
    let check_on = |epoch: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
            .arg("check")
            .env("SOURCE_DATE_EPOCH", epoch)
            .current_dir(site.dir.path())
            .output()
            .unwrap()
    };
    let overdue = "the next revision was due by 31 december 2025";
    // 1 June 2024: the plan in force is not yet due.
    let before = check_on("1717200000");
    assert!(before.status.success(), "{}", stderr(&before));
    assert!(!stderr(&before).contains(overdue), "{}", stderr(&before));
    // 1 January 2026: it is.
    let after = check_on("1767225600");
    assert!(stderr(&after).contains(overdue), "{}", stderr(&after));
    let wrong = check_on("igår");
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(
        stderr(&wrong).contains("SOURCE_DATE_EPOCH is `igår`, not whole seconds since 1970-01-01"),
        "{}",
        stderr(&wrong)
    );
}
