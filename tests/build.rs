//! `handbok build` on the fixture site: the produced HTML, asserted through a real HTML parser.

mod common;

use common::{attrs, select, texts, TestSite};

fn built() -> TestSite {
    let site = TestSite::new("basic");
    site.build(&[]);
    site
}

#[test]
fn summary_line_counts_revisions_and_pages() {
    let site = TestSite::new("basic");
    let output = site.build(&[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    // 2 adopted revisions: (1 page, search page, revision page) + (9 public Markdown pages, the
    // glossary, a checklist and a quiz with their overviews, the quiz's trainer page, the search
    // page, the revision page and the change page); the draft revision is left out.
    assert!(
        stdout.starts_with("Built 2 revisions, 21 pages in "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("→ public/"), "{stdout}");
}

#[test]
fn every_page_lands_at_revision_path_and_latest_adopted_at_root() {
    let site = built();
    for page in [
        "plan/alfa/",
        "plan/",
        "riktlinje/under/",
        "definitioner/",
        "",
    ] {
        assert!(
            site.path(&format!("public/2023-2026/{page}index.html"))
                .exists(),
            "{page}"
        );
        assert!(
            site.path(&format!("public/{page}index.html")).exists(),
            "root {page}"
        );
    }
    assert!(site.path("public/2019-2022/index.html").exists());
    assert!(
        !site.path("public/2027-2030").exists(),
        "draft revision needs --drafts"
    );
    assert!(
        !site.path("public/2023-2026/plan/utkast").exists(),
        "draft page needs --drafts"
    );
    let root = site.html("index.html");
    assert_eq!(texts(&root, "h1"), ["Start"]);
}

#[test]
fn drafts_flag_builds_draft_pages_and_revisions() {
    let site = TestSite::new("basic");
    site.build(&["--drafts"]);
    assert!(site.path("public/2027-2030/index.html").exists());
    assert!(site
        .path("public/2023-2026/plan/utkast/index.html")
        .exists());
    // The root stays on the latest *adopted* revision.
    assert_eq!(texts(&site.html("index.html"), "h1"), ["Start"]);
}

#[test]
fn internal_links_resolve_to_urls_under_the_sub_path() {
    let site = built();
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    let hrefs = attrs(&alfa, ".prose a", "href");
    assert!(
        hrefs.contains(&"/handbok/2023-2026/riktlinje/under/#ring-112".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"/handbok/2023-2026/riktlinje/bild.svg".to_string()));
    assert!(site.path("public/2023-2026/riktlinje/bild.svg").exists());
    let under = site.html("2023-2026/riktlinje/under/index.html");
    assert_eq!(select(&under, "h2#ring-112").len(), 1);
    // The root copy links stay inside the root copy.
    let root_alfa = site.html("plan/alfa/index.html");
    assert!(attrs(&root_alfa, ".prose a", "href")
        .contains(&"/handbok/riktlinje/under/#ring-112".to_string()));
}

#[test]
fn every_local_url_carries_the_sub_path_and_nothing_leaves_the_site() {
    let site = built();
    for page in [
        "index.html",
        "2023-2026/plan/alfa/index.html",
        "2023-2026/definitioner/index.html",
        "404.html",
    ] {
        let html = site.html(page);
        for (css, attr) in [
            ("a", "href"),
            ("link:not([rel=canonical])", "href"),
            ("script", "src"),
            ("img", "src"),
        ] {
            for url in attrs(&html, css, attr) {
                if url.starts_with('/') {
                    assert!(url.starts_with("/handbok/"), "{page}: {url}");
                }
                if css != "a" {
                    assert!(
                        !url.starts_with("http"),
                        "{page} loads {url} from outside the site"
                    );
                }
            }
        }
    }
}

#[test]
fn heading_ids_and_table_of_contents() {
    let site = built();
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    assert_eq!(
        attrs(&alfa, ".prose h2", "id"),
        ["hot-mot-dig", "mer-om-hot"]
    );
    assert_eq!(
        attrs(&alfa, "nav.toc a", "href"),
        ["#hot-mot-dig", "#mer-om-hot"]
    );
}

#[test]
fn terms_are_linked_once_outside_headings_code_and_links() {
    let site = built();
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    let terms = select(&alfa, ".prose a.term__link");
    let words: Vec<String> = terms.iter().map(|a| a.text().collect()).collect();
    assert_eq!(
        words,
        ["hot", "våldet"],
        "first occurrence of each term only"
    );
    assert_eq!(select(&alfa, ".prose h2 .term").len(), 0);
    assert_eq!(select(&alfa, ".prose code .term").len(), 0);
    let first = terms[0].value();
    assert_eq!(
        first.attr("href"),
        Some("/handbok/2023-2026/definitioner/#hot")
    );
    let tip_id = first.attr("aria-describedby").unwrap();
    let tip = select(&alfa, &format!("#{tip_id}"));
    assert_eq!(tip[0].value().attr("role"), Some("tooltip"));
    assert_eq!(
        tip[0].text().collect::<String>(),
        "Någon hotar att skada dig."
    );
}

#[test]
fn glossary_lists_terms_with_examples_and_law() {
    let site = built();
    let glossary = site.html("2023-2026/definitioner/index.html");
    assert_eq!(select(&glossary, "#hot").len(), 1);
    assert_eq!(select(&glossary, "#vald").len(), 1);
    assert_eq!(
        texts(&glossary, "h2#hot-title"),
        ["Hot"],
        "headings start with a capital"
    );
    let text: String = glossary.root_element().text().collect();
    assert!(text.contains("4 kap. 5 § brottsbalken"));
    assert!(text.contains("Olaga hot"));
    assert!(text.contains("Ett sms om att huset ska skadas."));
    assert!(attrs(&glossary, "main a", "href")
        .contains(&"/handbok/2023-2026/riktlinje/under/#ring-112".to_string()));
}

#[test]
fn navigation_follows_weight_then_swedish_title_order() {
    let site = built();
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    let top = texts(&alfa, "nav#nav > ul > li > a");
    assert_eq!(
        top,
        [
            "Planen",
            "Riktlinje",
            "Begrepp",
            "Checklistor",
            "Testa dig själv"
        ]
    );
    let plan = texts(&alfa, "nav#nav > ul > li:first-child > ul > li > a");
    assert_eq!(
        plan,
        ["Charlie", "Alfa", "Bravo", "Ärenden", "Öppna möten"],
        "the internal page is left out of a public build"
    );
    assert_eq!(texts(&alfa, "nav#nav a[aria-current=page]"), ["Alfa"]);
    assert_eq!(texts(&alfa, "nav#nav li.is-open > a"), ["Planen"]);
    // The pages of a section share its menu; each page marks its own link.
    let bravo = site.html("2023-2026/plan/bravo/index.html");
    assert_eq!(texts(&bravo, "nav#nav a[aria-current=page]"), ["Bravo"]);
    assert_eq!(
        texts(&bravo, "nav#nav > ul > li:first-child > ul > li > a"),
        plan
    );
    // A section opens its own branch and marks its own link.
    let section = site.html("2023-2026/plan/index.html");
    assert_eq!(texts(&section, "nav#nav a[aria-current=page]"), ["Planen"]);
    assert_eq!(
        texts(&section, "nav#nav > ul > li:first-child > ul > li > a"),
        plan
    );
    // A page outside the menu (the search page) has the menu, with nothing marked.
    let search = site.html("2023-2026/sok/index.html");
    assert!(texts(&search, "nav#nav a[aria-current=page]").is_empty());
    assert_eq!(texts(&search, "nav#nav > ul > li > a"), top);
    assert!(select(&search, "nav#nav li.is-open").is_empty());
    assert_eq!(
        attrs(&alfa, "a[rel=prev]", "href"),
        ["/handbok/2023-2026/plan/charlie/"]
    );
    assert_eq!(
        attrs(&alfa, "a[rel=next]", "href"),
        ["/handbok/2023-2026/plan/bravo/"]
    );
    assert_eq!(texts(&alfa, "nav.breadcrumbs a"), ["Start", "Planen"]);
}

#[test]
fn a_handbook_with_more_than_40_parts_lists_only_the_page_s_own_part() {
    let site = TestSite::new("basic");
    let short = site.html_after_build("2023-2026/plan/alfa/index.html");
    assert!(select(&short, ".sidenav__all").is_empty());
    // 5 parts already (2 sections and 3 generated pages); 36 more make 41.
    for n in 1..=36 {
        site.write(
            &format!("content/2023-2026/del-{n}.md"),
            &format!("---\ntitle: Del {n}\nweight: {}\n---\n\nText.\n", 100 + n),
        );
    }
    site.build(&[]);
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    assert_eq!(texts(&alfa, "nav#nav > ul > li > a"), ["Planen"]);
    assert_eq!(texts(&alfa, "nav#nav a[aria-current=page]"), ["Alfa"]);
    assert_eq!(
        attrs(&alfa, "nav#nav .sidenav__all a", "href"),
        ["/handbok/2023-2026/"]
    );
    assert_eq!(
        texts(&alfa, "nav#nav .sidenav__all a"),
        ["Alla delar av handboken"]
    );
    // The start page still lists every part.
    let start = site.html("2023-2026/index.html");
    let links = attrs(&start, "main a", "href");
    for n in 1..=36 {
        let part = format!("/handbok/2023-2026/del-{n}/");
        assert!(links.contains(&part), "{part} not on the start page");
    }
}

#[test]
fn base_layout_has_skip_link_emergency_notice_contacts_and_revision() {
    let site = built();
    let page = site.html("2023-2026/riktlinje/index.html");
    let first_link = select(&page, "a")[0];
    assert_eq!(first_link.value().attr("href"), Some("#main"));
    assert_eq!(select(&page, "main#main").len(), 1);
    assert!(attrs(&page, "a", "href").contains(&"tel:112".to_string()));
    let footer: String = select(&page, "footer")[0].text().collect();
    assert!(
        footer.contains("Polisen") && footer.contains("114 14"),
        "{footer}"
    );
    assert!(footer.contains("KS 2023/7"), "{footer}");
    let callout = select(&page, ".callout.callout--viktigt[role=note]");
    assert_eq!(callout.len(), 1);
    assert!(select(&page, ".prose .contact a[href='tel:11414']").len() == 1);
    assert_eq!(attrs(&page, "html", "lang"), ["sv"]);
}

#[test]
fn assets_are_fingerprinted_and_no_inline_script_or_style() {
    let site = built();
    let page = site.html("2023-2026/plan/alfa/index.html");
    let css = attrs(&page, "link[rel=stylesheet]", "href");
    assert!(!css.is_empty());
    for href in css.iter().chain(attrs(&page, "script", "src").iter()) {
        let file = href.strip_prefix("/handbok/").unwrap();
        let name = file.rsplit('/').next().unwrap();
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name} has a content hash");
        assert_eq!(parts[1].len(), 10);
        assert!(site.path(&format!("public/{file}")).exists(), "{file}");
    }
    assert_eq!(select(&page, "script:not([src])").len(), 0);
    assert_eq!(select(&page, "style").len(), 0);
    assert_eq!(select(&page, "[style]").len(), 0);
    let raw = site.read("public/2023-2026/plan/alfa/index.html");
    assert!(!raw.contains(" onclick"), "no inline handlers");
}

#[test]
fn html_is_minified() {
    let site = built();
    let raw = site.read("public/2023-2026/plan/alfa/index.html");
    assert!(!raw.contains("\n    "), "indentation removed");
    assert!(raw.len() < 20_000);
}

#[test]
fn internal_pages_are_left_out_unless_asked_for() {
    let site = TestSite::new("basic");
    // A public page links to the internal one; the internal one has a unique marker.
    site.edit(
        "content/2023-2026/plan/intern.md",
        "Bara för personalen.",
        "Bara för personalen. INTERNMARKOR4412",
    );
    site.edit(
        "content/2023-2026/plan/bravo.md",
        "Text.",
        "Text. Se [personalens sida](@/plan/intern.md).",
    );
    site.build(&["--drafts"]);
    // Nowhere in the public output: not as a page, link, sitemap entry, navigation item,
    // search-index entry or change-page diff.
    let mut files = 0;
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files += 1;
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            let shown = entry.path().display();
            assert!(!text.contains("INTERNMARKOR4412"), "marker in {shown}");
            assert!(!text.contains("plan/intern"), "address in {shown}");
            assert!(!text.contains("Internt"), "title in {shown}");
        }
    }
    assert!(files > 50);
    // The link keeps its words and loses its target.
    let bravo = site.html("2023-2026/plan/bravo/index.html");
    assert!(texts(&bravo, ".prose p")
        .join(" ")
        .contains("Se personalens sida."));
    // The staff's own copy: `--internal` includes it, marked and kept from search engines.
    site.build(&["--internal"]);
    let internal = site.html("2023-2026/plan/intern/index.html");
    assert_eq!(
        attrs(&internal, "meta[name=robots]", "content"),
        ["noindex"]
    );
    assert!(site
        .read("public/2023-2026/plan/intern/index.html")
        .contains("INTERNMARKOR4412"));
    let bravo = site.html("2023-2026/plan/bravo/index.html");
    assert_eq!(
        attrs(&bravo, ".prose a[href*='intern']", "href"),
        ["/handbok/2023-2026/plan/intern/"]
    );
}

#[test]
fn the_sitemap_lists_the_public_pages_in_force() {
    let site = built();
    let sitemap = site.read("public/sitemap.xml");
    // Only the revision in force, at the root: older revisions and drafts point search engines
    // at it with rel=canonical instead.
    assert!(sitemap.contains("<loc>https://example.se/handbok/plan/alfa/</loc>"));
    assert!(!sitemap.contains("2019-2022"), "{sitemap}");
    assert!(!sitemap.contains("2023-2026"), "{sitemap}");
    assert!(!sitemap.contains("intern"), "{sitemap}");
    assert!(!sitemap.contains("2027-2030"));
    let robots = site.read("public/robots.txt");
    assert!(robots.contains("Sitemap: https://example.se/handbok/sitemap.xml"));
    // Every copy of a page in force names the root copy as canonical.
    for path in ["plan/alfa/index.html", "2023-2026/plan/alfa/index.html"] {
        assert_eq!(
            attrs(&site.html(path), "link[rel=canonical]", "href"),
            ["https://example.se/handbok/plan/alfa/"]
        );
    }
}

#[test]
fn not_found_page_is_swedish() {
    let site = built();
    let page = site.html("404.html");
    assert_eq!(texts(&page, "h1"), ["Sidan finns inte"]);
    assert!(attrs(&page, "a", "href").contains(&"/handbok/".to_string()));
}

#[test]
fn sub_path_can_be_overridden_for_a_local_preview() {
    let site = TestSite::new("basic");
    site.build(&["--base-url", "http://127.0.0.1:8000/"]);
    let alfa = site.html("2023-2026/plan/alfa/index.html");
    assert!(attrs(&alfa, ".prose a", "href")
        .contains(&"/2023-2026/riktlinje/under/#ring-112".to_string()));
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::new("basic");
    let output = site.run(&["check"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The fixture's adopted revisions are not sealed and the one in force is overdue: warnings,
    // not errors.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Checked 2 revisions") && stdout.contains("warnings"),
        "{stdout}"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn out_and_root_flags() {
    let site = TestSite::new("basic");
    let out = site.path("elsewhere/site");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args([
            "build",
            "--root",
            site.dir.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join("2023-2026/index.html").exists());
}

#[test]
fn usage_errors_exit_2_and_help_and_version_exit_0() {
    let site = TestSite::new("basic");
    assert_eq!(site.run(&["build", "--nope"]).status.code(), Some(2));
    assert_eq!(site.run(&["publish"]).status.code(), Some(2));
    for args in [
        &["--version"][..],
        &["--help"],
        &["build", "--help"],
        &["check", "--help"],
    ] {
        let output = site.run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(!output.stdout.is_empty());
    }
}

#[test]
fn search_index_leaves_out_internal_and_draft_pages() {
    let site = built();
    let manifest = site.read("public/search/2023-2026/manifest.json");
    assert!(
        manifest.contains("\"revision\":\"2023-2026\""),
        "{manifest}"
    );
    let revisions = site.read("public/search/revisions.json");
    assert!(revisions.contains("2023-2026") && revisions.contains("2019-2022"));
    assert!(
        !revisions.contains("2027-2030"),
        "draft revision needs --drafts"
    );
    let mut indexed = String::new();
    for entry in walkdir::WalkDir::new(site.path("public/search/2023-2026")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            indexed.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    assert!(
        indexed.contains("riktlinje/under/#ring-112"),
        "sections link to their heading"
    );
    assert!(indexed.contains("\"hot\""), "the term is indexed");
    assert!(
        !indexed.contains("personalen"),
        "the internal page's words stay out"
    );
    assert!(!indexed.contains("plan/intern/"));
    assert!(
        !indexed.contains("plan/utkast/"),
        "draft page without --drafts"
    );
    assert!(!indexed.contains("HEMLIG"), "trainer notes stay out");
    let search_page = site.html("2023-2026/sok/index.html");
    assert_eq!(
        attrs(&search_page, "meta[name=robots]", "content"),
        ["noindex"]
    );
}

#[test]
fn timings_list_every_stage_and_the_slowest_pages() {
    let site = TestSite::new("basic");
    let plain = String::from_utf8_lossy(&site.build(&[]).stdout).into_owned();
    assert!(!plain.contains("Timings"), "{plain}");
    // Into a new folder: a build into `public/` again would keep every revision as it is.
    let timed = site.build(&["--timings", "--out", "timed"]);
    let stdout = String::from_utf8_lossy(&timed.stdout).into_owned();
    for stage in [
        "load",
        "validate (seals)",
        "markdown",
        "templates",
        "minify",
        "search index",
        "diff (change page)",
        "write",
    ] {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(stage))
            .unwrap_or_else(|| panic!("no {stage} line in\n{stdout}"));
        assert!(line.contains(" s ") && line.ends_with('%'), "{line}");
    }
    // Every stage that has work in the fixture took some time.
    for stage in ["markdown", "templates", "minify", "write"] {
        let line = stdout.lines().find(|l| l.contains(stage)).unwrap();
        assert!(!line.contains(" 0.000 s"), "{line}");
    }
    // The wall-clock milestones come in the order the build reaches them.
    let milestones: Vec<(f64, &str)> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Wall clock:"))
        .skip(1)
        .take_while(|l| !l.starts_with("Slowest pages"))
        .map(|l| {
            let (seconds, milestone) = l.trim().split_once(" s  ").unwrap();
            (seconds.parse().unwrap(), milestone)
        })
        .collect();
    let names: Vec<&str> = milestones.iter().map(|(_, m)| *m).collect();
    for expected in [
        "content loaded, seals checked",
        "markdown done",
        "pages and search index done",
        "output swapped in",
    ] {
        assert!(names.iter().any(|m| m.ends_with(expected)), "{stdout}");
    }
    assert_eq!(names.last(), Some(&"output swapped in"), "{stdout}");
    assert!(milestones.windows(2).all(|w| w[0].0 <= w[1].0), "{stdout}");
    let slowest: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Slowest pages"))
        .skip(1)
        .collect();
    assert_eq!(slowest.len(), 10, "{stdout}");
    // Pages are named by revision and address, slowest first.
    let times: Vec<f64> = slowest
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{slowest:?}");
    assert!(
        slowest.iter().all(|l| l.contains("2023-2026/")
            || l.contains("2019-2022/")
            || l.ends_with(" 404.html")),
        "{slowest:?}"
    );
}

#[test]
fn the_root_copy_is_the_revision_in_force_with_its_own_addresses() {
    let site = built();
    let in_revision = site.read("public/2023-2026/plan/alfa/index.html");
    let at_root = site.read("public/plan/alfa/index.html");
    assert_ne!(in_revision, at_root);
    // Rendered once and placed twice: the two differ only in the tree's prefix.
    assert_eq!(
        in_revision.replace("/2023-2026/", "/"),
        at_root.replace("/2023-2026/", "/")
    );
    assert!(
        in_revision.contains("href=/handbok/2023-2026/plan/"),
        "{in_revision}"
    );
    assert!(at_root.contains("href=/handbok/plan/"), "{at_root}");
    assert!(!at_root.contains('\u{E000}') && !in_revision.contains('\u{E000}'));
}

/// Every HTML file under `dir`, by path inside it.
fn html_files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn shared_parts_make_the_same_pages_as_minifying_each_page_whole() {
    let site = built();
    let with_shared = html_files(&site.path("public"));
    assert!(with_shared.len() > 20);
    let base = "themes/default/templates/base.html";
    let template = site.read(base);
    assert!(template.matches("filter shared").count() >= 4);
    let whole = template
        .replace("{% filter shared -%}", "")
        .replace("{%- filter shared %}", "")
        .replace("{%- endfilter %}", "");
    assert!(!whole.contains("filter"), "{whole}");
    site.write(base, &whole);
    site.build(&["--out", "whole"]);
    let without = html_files(&site.path("whole"));
    assert_eq!(
        with_shared.keys().collect::<Vec<_>>(),
        without.keys().collect::<Vec<_>>()
    );
    for (path, page) in &with_shared {
        let plain = String::from_utf8_lossy(page);
        assert!(!plain.contains("handbok-shared"), "{path}");
        assert!(
            page == &without[path],
            "{path}:\n{plain}\n---\n{}",
            String::from_utf8_lossy(&without[path])
        );
    }
}
