//! Checklists and quizzes in the built site: placement, own pages, overviews, trainer mode, and
//! the errors for bad checklist and quiz files.

mod common;

use common::{attrs, select, texts, TestSite};

fn built() -> TestSite {
    let site = TestSite::new("basic");
    site.build(&[]);
    site
}

#[test]
fn checklist_is_placed_with_real_checkboxes_and_labels() {
    let site = built();
    let page = site.html("2023-2026/riktlinje/under/index.html");
    let form = select(&page, "form.checklist[data-checklist=vid-hot]");
    assert_eq!(form.len(), 1);
    assert_eq!(form[0].value().attr("data-revision"), Some("2023-2026"));
    assert_eq!(form[0].value().attr("data-total"), Some("3"));
    let boxes = attrs(&page, "form.checklist input[type=checkbox]", "data-item");
    assert_eq!(boxes, ["tid", "ord", "ring"]);
    for id in attrs(&page, "form.checklist input[type=checkbox]", "id") {
        assert_eq!(
            select(&page, &format!("label[for={id}]")).len(),
            1,
            "label for {id}"
        );
    }
    let label: String = select(&page, "label[for=cl-vid-hot-tid]")[0].inner_html();
    assert!(
        label.contains("<strong>tid</strong>"),
        "inline Markdown: {label}"
    );
    assert_eq!(texts(&page, "form.checklist legend")[0], "Under samtalet");
    let links = attrs(&page, "form.checklist a", "href");
    assert!(
        links.contains(&"/handbok/2023-2026/riktlinje/under/#spara-bevis".to_string()),
        "{links:?}"
    );
    let described = attrs(&page, "#cl-vid-hot-ord", "aria-describedby");
    assert_eq!(select(&page, &format!("#{}", described[0])).len(), 1);
}

#[test]
fn quiz_is_readable_without_javascript_and_never_shows_trainer_notes() {
    let site = built();
    for page_path in [
        "2023-2026/riktlinje/under/index.html",
        "2023-2026/quiz/grund/index.html",
        "quiz/grund/index.html",
    ] {
        let raw = site.read(&format!("public/{page_path}"));
        assert!(
            !raw.contains("HEMLIG-TRANARANTECKNING"),
            "trainer note leaked into {page_path}"
        );
        let page = site.html(page_path);
        let questions = select(&page, ".quiz [data-question]");
        assert_eq!(questions.len(), 4, "{page_path}");
        assert_eq!(select(&page, ".quiz fieldset legend").len(), 4);
        assert_eq!(
            select(&page, ".quiz details:not([open])").len(),
            4,
            "answers closed"
        );
        let types = attrs(&page, ".quiz [data-question]", "data-type");
        assert_eq!(types, ["single", "multiple", "true_false", "classify"]);
        assert_eq!(select(&page, ".quiz input[type=radio]").len(), 2 + 2 + 3);
        assert_eq!(
            select(&page, ".quiz input[type=checkbox].quiz__input").len(),
            3
        );
    }
    let page = site.html("2023-2026/quiz/grund/index.html");
    let quiz = select(&page, ".quiz")[0].value();
    assert_eq!(quiz.attr("data-pass-mark"), Some("3"));
    assert_eq!(quiz.attr("data-total"), Some("4"));
    let answer: String = select(&page, ".quiz [data-question=forst] details")[0]
        .text()
        .collect();
    assert!(
        answer.contains("Ringer 112") && answer.contains("Vid akut fara ringer du alltid 112."),
        "{answer}"
    );
    assert!(
        attrs(&page, ".quiz [data-question=forst] details a", "href")
            .contains(&"/handbok/2023-2026/riktlinje/under/#ring-112".to_string())
    );
    assert!(
        attrs(&page, "a", "href").contains(&"/handbok/2023-2026/quiz/grund/tranare/".to_string()),
        "link to trainer mode"
    );
}

#[test]
fn trainer_page_has_every_question_with_answers_and_notes_and_is_noindex() {
    let site = built();
    let page = site.html("2023-2026/quiz/grund/tranare/index.html");
    assert_eq!(select(&page, "[data-slide]").len(), 4);
    assert_eq!(
        attrs(&page, "[data-slide]", "id"),
        ["fraga-1", "fraga-2", "fraga-3", "fraga-4"]
    );
    let text: String = page.root_element().text().collect();
    assert!(text.contains("HEMLIG-TRANARANTECKNING"));
    assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
    assert_eq!(
        select(&page, ".notice--internal").len(),
        0,
        "not marked internal"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("tranare"));
    assert!(sitemap.contains("/handbok/quiz/grund/</loc>"));
    assert!(sitemap.contains("/handbok/checklistor/vid-hot/</loc>"));
    // Reached from the quiz, not listed in the navigation.
    assert!(!attrs(&page, "nav#nav a", "href")
        .iter()
        .any(|h| h.contains("tranare")));
}

#[test]
fn own_pages_and_overviews_list_them() {
    let site = built();
    let overview = site.html("2023-2026/checklistor/index.html");
    assert_eq!(texts(&overview, "h1"), ["Checklistor"]);
    assert!(attrs(&overview, "main a", "href")
        .contains(&"/handbok/2023-2026/checklistor/vid-hot/".to_string()));
    let quizzes = site.html("2023-2026/quiz/index.html");
    assert!(
        attrs(&quizzes, "main a", "href").contains(&"/handbok/2023-2026/quiz/grund/".to_string())
    );
    assert!(
        !attrs(&quizzes, "main a", "href")
            .iter()
            .any(|h| h.contains("tranare")),
        "trainer page not listed"
    );
    let own = site.html("2023-2026/checklistor/vid-hot/index.html");
    assert_eq!(texts(&own, "h1"), ["När du får ett hot"]);
    assert_eq!(select(&own, "form.checklist").len(), 1);
    assert_eq!(texts(&own, "nav.breadcrumbs a"), ["Start", "Checklistor"]);
}

#[test]
fn source_files_are_never_modified() {
    let site = TestSite::new("basic");
    let before = site.read("content/2023-2026/quizzes/grund.yaml");
    let checklist_before = site.read("content/2023-2026/checklists/vid-hot.yaml");
    site.build(&[]);
    assert_eq!(site.read("content/2023-2026/quizzes/grund.yaml"), before);
    assert_eq!(
        site.read("content/2023-2026/checklists/vid-hot.yaml"),
        checklist_before
    );
}

fn fails_with(edit: impl Fn(&TestSite), place: &str, message: &str) {
    let site = TestSite::new("basic");
    edit(&site);
    let stderr = site.build_fails();
    assert!(
        stderr.contains(&format!("--> {place}")),
        "expected {place} in:\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "expected {message:?} in:\n{stderr}"
    );
    assert!(stderr.contains("= expected: "), "{stderr}");
}

const QUIZ: &str = "content/2023-2026/quizzes/grund.yaml";
const CHECKLIST: &str = "content/2023-2026/checklists/vid-hot.yaml";

#[test]
fn quiz_question_without_a_correct_option() {
    fails_with(
        |s| {
            s.edit(
                QUIZ,
                "      - text: Ringer 112\n        correct: true\n",
                "      - text: Ringer 112\n",
            )
        },
        &format!("{QUIZ}:6:1"),
        "question `forst` has no correct option",
    );
}

#[test]
fn quiz_single_with_two_correct_options() {
    fails_with(
        |s| {
            s.edit(
                QUIZ,
                "      - text: Skriver ett inlägg\n",
                "      - text: Skriver ett inlägg\n        correct: true\n",
            )
        },
        &format!("{QUIZ}:6:1"),
        "has 2 correct options, but its type allows one",
    );
}

#[test]
fn quiz_unknown_question_type() {
    fails_with(
        |s| s.edit(QUIZ, "type: classify", "type: essay"),
        &format!("{QUIZ}:37:11"),
        "unknown variant `essay`",
    );
}

#[test]
fn quiz_empty_option() {
    fails_with(
        |s| s.edit(QUIZ, "text: Inget", "text: \"\""),
        &format!("{QUIZ}:18:1"),
        "has an empty option",
    );
}

#[test]
fn quiz_duplicate_question_id() {
    fails_with(
        |s| s.edit(QUIZ, "id: brott", "id: bevis"),
        &format!("{QUIZ}:28:1"),
        "question id `bevis` is used twice",
    );
}

#[test]
fn quiz_link_to_a_missing_anchor() {
    fails_with(
        |s| s.edit(QUIZ, "#ring-112", "#ring-911"),
        &format!("{QUIZ}:6:1"),
        "has no heading with id `ring-911`",
    );
}

#[test]
fn checklist_duplicate_item_id() {
    fails_with(
        |s| s.edit(CHECKLIST, "id: ord", "id: tid"),
        &format!("{CHECKLIST}:9:1"),
        "item id `tid` is used twice",
    );
}

#[test]
fn checklist_link_to_a_missing_page() {
    fails_with(
        |s| {
            s.edit(
                CHECKLIST,
                "@/riktlinje/under.md#spara-bevis",
                "@/riktlinje/fore.md",
            )
        },
        &format!("{CHECKLIST}:9:1"),
        "no such page",
    );
}

#[test]
fn unknown_checklist_in_a_shortcode() {
    fails_with(
        |s| {
            s.edit(
                "content/2023-2026/riktlinje/under.md",
                "checklist(id=\"vid-hot\")",
                "checklist(id=\"vid-brev\")",
            )
        },
        "content/2023-2026/riktlinje/under.md:",
        "no checklist `vid-brev` in this revision (known: vid-hot)",
    );
}

#[test]
fn two_quiz_files_with_one_id() {
    let site = TestSite::new("basic");
    site.write("content/2023-2026/quizzes/kopia.yaml", &site.read(QUIZ));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("quiz id `grund` is used by both"),
        "{stderr}"
    );
}
