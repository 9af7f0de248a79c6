//! Checks on the real bundled handbook in `content/`: it builds, every file of the content map is
//! there, the quiz, checklists and terms are complete, no OCR garbling slipped in, and the
//! guideline and checklists are easy to read (LIX).
//!
//! `cargo test --test content -- --nocapture` prints the LIX of every page it measures.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

const REVISION: &str = "2027-2030";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn revision() -> PathBuf {
    repo().join("content").join(REVISION)
}

fn read(rel: &str) -> String {
    let path = revision().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn yaml(rel: &str) -> Value {
    serde_yaml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

/// The files in `dir` (relative to the revision) whose names end with `ext`, sorted.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(revision().join(dir))
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

/// Every `.md` and `.yaml` file under `content/`, at any depth.
fn all_content_files() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![repo().join("content")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn seq_of<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_sequence)
        .map_or(&[], Vec::as_slice)
}

/// The Markdown after the front matter.
fn body(markdown: &str) -> &str {
    markdown
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(markdown, |(_, body)| body)
}

/// The YAML front matter of a page.
fn front_matter(rel: &str) -> Value {
    let text = read(rel);
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(front, _)| front)
        .unwrap_or_else(|| panic!("{rel} has no front matter"));
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("front matter of {rel}: {e}"))
}

// ---------------------------------------------------------------- (a) it builds

#[test]
fn bundled_handbook_passes_check_with_drafts() {
    let output = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(["check", "--drafts", "--root"])
        .arg(repo())
        .output()
        .expect("run handbok");
    assert!(
        output.status.success(),
        "`handbok check --drafts` failed on the bundled content:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_adopted_plan_is_sealed_and_says_what_is_not_known() {
    let output = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(["revision", "list", "--root"])
        .arg(repo())
        .output()
        .expect("run handbok");
    let list = String::from_utf8_lossy(&output.stdout);
    let row = list
        .lines()
        .find(|l| l.starts_with("2023-2026"))
        .unwrap_or_default();
    assert!(
        row.contains("in force") && row.contains("sealed") && row.contains("not known"),
        "{list}"
    );
    assert!(list
        .lines()
        .any(|l| l.starts_with("2027-2030") && l.contains("draft")));
    // No date or diarienummer is invented: the adopted plan says "okänt", and check warns.
    let meta = read_at("content/2023-2026/revision.yaml");
    assert!(meta.contains("adopted: okänt") && meta.contains("reference: okänt"));
    let check = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(["check", "--root"])
        .arg(repo())
        .output()
        .expect("run handbok");
    let warnings = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{warnings}");
    assert!(warnings.contains("`adopted` of an adopted revision is not known"));
}

fn read_at(rel: &str) -> String {
    fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ---------------------------------------------------------------- (b) the plan

#[test]
fn every_chapter_of_the_plan_has_a_page() {
    let chapters = [
        "inledning",
        "syfte",
        "malgrupp",
        "mal",
        "efterlevnad",
        "revidering",
        "otillaten-paverkan",
        "stadens-roll",
        "stod",
        "utbildning",
        "samordning",
        "samverkan",
        "riktlinje",
    ];
    // In the adopted plan and in the draft of the next one.
    let missing: Vec<_> = chapters
        .iter()
        .flat_map(|c| ["2023-2026", "2027-2030"].map(|rev| format!("content/{rev}/plan/{c}.md")))
        .filter(|rel| !repo().join(rel).is_file())
        .collect();
    assert!(missing.is_empty(), "missing plan chapters: {missing:?}");
}

// ---------------------------------------------------------------- (c) the quiz

#[test]
fn quiz_has_thirty_complete_questions_of_every_type() {
    let quiz = yaml("quizzes/grund.yaml");
    let questions = seq_of(&quiz, "questions");
    assert!(
        questions.len() >= 30,
        "quizzes/grund.yaml has {} questions, needs at least 30",
        questions.len()
    );
    let mut problems = Vec::new();
    let mut types = Vec::new();
    for q in questions {
        let id = str_of(q, "id");
        let kind = str_of(q, "type");
        types.push(kind);
        let options = seq_of(q, "options");
        let correct = options
            .iter()
            .filter(|o| o.get("correct").and_then(Value::as_bool) == Some(true))
            .count();
        match kind {
            "single" | "true_false" | "classify" if correct != 1 => {
                problems.push(format!(
                    "{id}: {kind} needs exactly one correct option, has {correct}"
                ));
            }
            "multiple" if correct == 0 => {
                problems.push(format!("{id}: multiple needs at least one correct option"));
            }
            "single" | "true_false" | "classify" | "multiple" => {}
            other => problems.push(format!("{id}: unknown type `{other}`")),
        }
        for (i, option) in options.iter().enumerate() {
            if str_of(option, "feedback").trim().is_empty() {
                problems.push(format!("{id}: option {} has no feedback", i + 1));
            }
        }
        if str_of(q, "link").trim().is_empty() {
            problems.push(format!("{id}: no link"));
        }
    }
    for kind in ["single", "multiple", "true_false", "classify"] {
        if !types.contains(&kind) {
            problems.push(format!("no question of type {kind}"));
        }
    }
    assert!(
        problems.is_empty(),
        "quizzes/grund.yaml:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------- (d) checklists and training

#[test]
fn at_least_six_checklists() {
    let checklists = files("checklists", "yaml");
    assert!(
        checklists.len() >= 6,
        "need at least 6 checklists, found {checklists:?}"
    );
}

#[test]
fn at_least_eight_scenarios_and_internal_trainer_notes() {
    let scenarios = body(&read("utbildning/scenarier.md"))
        .lines()
        .filter(|line| line.starts_with("## "))
        .count();
    assert!(
        scenarios >= 8,
        "utbildning/scenarier.md has {scenarios} `## ` scenarios, needs at least 8"
    );
    let front = front_matter("utbildning/handledning.md");
    assert_eq!(
        str_of(&front, "visibility"),
        "internal",
        "utbildning/handledning.md must have `visibility: internal`: it holds the trainer notes"
    );
}

// ---------------------------------------------------------------- (e) the terms

#[test]
fn every_term_of_the_map_has_examples_and_a_legal_reference() {
    let definitions = yaml("definitions.yaml");
    let terms = seq_of(&definitions, "terms");
    let mut problems = Vec::new();
    for id in [
        "hot",
        "hat",
        "vald",
        "otillaten-paverkan",
        "trakasserier",
        "forfoljelse",
        "utpressning",
        "korruption",
        "skadegorelse",
    ] {
        let Some(term) = terms.iter().find(|t| str_of(t, "id") == id) else {
            problems.push(format!("{id}: missing"));
            continue;
        };
        let examples = seq_of(term, "examples").len();
        if examples < 2 {
            problems.push(format!("{id}: {examples} examples, needs at least 2"));
        }
        let has_reference = seq_of(term, "legal").iter().any(|l| {
            let reference = str_of(l, "reference");
            reference.contains("kap.") && reference.contains('§')
        });
        if !has_reference {
            problems.push(format!(
                "{id}: needs a legal reference like `4 kap. 5 § brottsbalken`"
            ));
        }
    }
    let cites_29_2 = terms.iter().any(|t| {
        seq_of(t, "legal")
            .iter()
            .any(|l| str_of(l, "reference").contains("29 kap. 2 §"))
    });
    if !cites_29_2 {
        problems.push("no term cites `29 kap. 2 §` (crimes against elected officials)".into());
    }
    assert!(
        problems.is_empty(),
        "definitions.yaml:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------- (f) no OCR garbling

/// Text a reader sees, roughly: link targets, heading ids and YAML `id:`/`link:` values are
/// dropped, since slugs spell å, ä, ö as a and o on purpose (`#fortroendevalda`).
fn visible_text(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.starts_with("id:") || trimmed.starts_with("link:") {
            continue;
        }
        out.push_str(&strip_between(&strip_between(line, "](", ")"), "{#", "}"));
        out.push('\n');
    }
    out
}

/// Removes every `open…close` span, keeping `open`'s first character (so `](x)` → `]`).
fn strip_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        match after.find(close) {
            Some(end) => {
                out.push_str(&open[..1]);
                rest = &after[end + close.len()..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Words with é that are real Swedish words; any other é is OCR for å, ä or ö.
const E_ACUTE_WORDS: &[&str] = &[
    "idé", "idén", "idéer", "idéerna", "armé", "armén", "entré", "entrén", "kafé", "kaféet",
];

fn garbled_spellings(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_lowercase();
    for (needle, haystack) in [
        (" &r ", text),
        ("Vésteras", text),
        ("Vasteras", text),
        ("sdkerhet", lower.as_str()),
        ("siakerhet", lower.as_str()),
        ("fértroende", lower.as_str()),
        ("fortroende", lower.as_str()),
    ] {
        if haystack.contains(needle) {
            found.push(format!("`{}`", needle.trim()));
        }
    }
    let is_letter = |c: char| c.is_ascii_lowercase() || "åäö".contains(c);
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(3) {
        if is_letter(w[0]) && w[1].is_ascii_digit() && is_letter(w[2]) {
            found.push(format!(
                "digit inside a word: `{}`",
                w.iter().collect::<String>()
            ));
        }
    }
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.contains('é') && !E_ACUTE_WORDS.contains(&word.to_lowercase().as_str()) {
            found.push(format!("`{word}` (é for å, ä or ö?)"));
        }
    }
    found
}

#[test]
fn garbled_spellings_are_caught() {
    assert!(!garbled_spellings("Det ska f6r alla").is_empty());
    assert!(!garbled_spellings("fértroendevalda i Vésteras").is_empty());
    assert!(!garbled_spellings("Syftet &r att").is_empty());
    assert!(garbled_spellings("En bra idé: ring 112 eller 114 14. Förtroendevalda.").is_empty());
    assert!(
        visible_text("[a](@/plan/mal.md#fortroendevalda)\n  - id: fortroende\n").trim() == "[a]"
    );
}

#[test]
fn no_ocr_garbling_in_the_content() {
    let mut problems = Vec::new();
    for path in all_content_files() {
        let text = fs::read_to_string(&path).unwrap();
        // The seal's hashes are not prose.
        let text = text.split("\nseal:").next().unwrap_or_default();
        for (n, line) in visible_text(text).lines().enumerate() {
            for found in garbled_spellings(line) {
                let rel = path.strip_prefix(repo()).unwrap_or(&path);
                problems.push(format!("{}:{}: {found}", rel.display(), n + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "OCR spellings from the scanned plan (write å, ä, ö):\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------- (g) readability (LIX)

const LIX_MAX: f64 = 50.0;

/// LIX = words / sentences + 100 · long words / words. A long word has more than six letters.
/// A sentence ends at `.`, `!`, `?` or `:` followed by a capital letter or the end of a block;
/// headings, list items and table cells are blocks of their own.
fn lix(blocks: &[String]) -> f64 {
    let (mut words, mut long, mut sentences) = (0usize, 0usize, 0usize);
    for block in blocks {
        let tokens: Vec<&str> = block
            .split_whitespace()
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .collect();
        if tokens.is_empty() {
            continue;
        }
        sentences += 1;
        for (i, token) in tokens.iter().enumerate() {
            words += 1;
            if token.chars().filter(|c| c.is_alphabetic()).count() > 6 {
                long += 1;
            }
            let ends = token.trim_end_matches(['”', '’', ')', '*', '_']);
            let next_is_capital = tokens
                .get(i + 1)
                .and_then(|t| t.chars().find(|c| c.is_alphanumeric()))
                .is_some_and(char::is_uppercase);
            if ends.ends_with(['.', '!', '?', ':']) && next_is_capital {
                sentences += 1;
            }
        }
    }
    if words == 0 {
        return 0.0;
    }
    words as f64 / sentences as f64 + 100.0 * long as f64 / words as f64
}

/// Inline Markdown to plain text: no shortcodes, code, link targets, heading ids or markup.
fn plain(inline: &str) -> String {
    let text = strip_between(inline, "{{", "}}");
    let text = strip_between(&text, "](", ")");
    let text = strip_between(&text, "`", "`");
    let text = strip_between(&text, "{#", "}");
    text.replace(['*', '_', '[', ']', '`'], "")
        .replace(['|', '#', '{', '}'], " ")
}

/// The blocks of a Markdown page's body: paragraphs, headings, list items and table cells.
fn markdown_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut paragraph = String::new();
    let mut in_code = false;
    let flush = |paragraph: &mut String, blocks: &mut Vec<String>| {
        if !paragraph.trim().is_empty() {
            blocks.push(plain(paragraph));
        }
        paragraph.clear();
    };
    for line in body(markdown).lines() {
        let mut line = line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut paragraph, &mut blocks);
            continue;
        }
        if in_code {
            continue;
        }
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
        }
        if line.starts_with("[!") {
            // A callout marker; any text after it is the callout's title.
            line = line.split_once(']').map_or("", |(_, title)| title.trim());
            flush(&mut paragraph, &mut blocks);
            blocks.push(plain(line));
            continue;
        }
        let list_item = line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with("+ ")
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if line.is_empty() || line.starts_with('#') || line.starts_with('|') || list_item {
            flush(&mut paragraph, &mut blocks);
        }
        if line.starts_with('|') {
            if !line.contains("---") {
                blocks.extend(line.split('|').map(plain));
            }
        } else if line.starts_with('#') {
            blocks.push(plain(line));
        } else if !line.is_empty() {
            let text = if list_item {
                line.split_once(' ').map_or("", |(_, rest)| rest)
            } else {
                line
            };
            paragraph.push(' ');
            paragraph.push_str(text);
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

/// The texts of a checklist: title, intro, group headings, item texts and help.
fn checklist_blocks(checklist: &Value) -> Vec<String> {
    let mut blocks = vec![plain(str_of(checklist, "title"))];
    blocks.extend(markdown_blocks(str_of(checklist, "intro")));
    for group in seq_of(checklist, "groups") {
        blocks.push(plain(str_of(group, "heading")));
        for item in seq_of(group, "items") {
            blocks.push(plain(str_of(item, "text")));
            blocks.push(plain(str_of(item, "help")));
        }
    }
    blocks
}

#[test]
fn lix_counts_words_sentences_and_long_words() {
    // 4 words, 2 sentences, 1 long word ("handboken" has 9 letters): 4/2 + 100/4.
    let blocks = markdown_blocks(
        "---\ntitle: x\n---\nLäs [handboken](@/a.md). Ring {{ contact(id=\"akut\") }} nu!",
    );
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    assert!((lix(&blocks) - 27.0).abs() < 1e-9, "{}", lix(&blocks));
    // A heading and a list item end a sentence without a period.
    assert_eq!(markdown_blocks("## Rubrik\n\n- ett\n- två").len(), 3);
}

#[test]
fn guideline_and_checklists_are_easy_to_read() {
    let mut measured = Vec::new();
    for path in files("riktlinje", "md") {
        let text = fs::read_to_string(&path).unwrap();
        let name = format!("riktlinje/{}", path.file_name().unwrap().to_string_lossy());
        measured.push((name, lix(&markdown_blocks(&text))));
    }
    for path in files("checklists", "yaml") {
        let name = format!("checklists/{}", path.file_name().unwrap().to_string_lossy());
        let checklist: Value = serde_yaml::from_str(&fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        measured.push((name, lix(&checklist_blocks(&checklist))));
    }
    let mut too_hard = Vec::new();
    for (name, value) in &measured {
        let mark = if *value > LIX_MAX {
            "  ← over 50"
        } else {
            ""
        };
        eprintln!("LIX {value:5.1}  {name}{mark}");
        if *value > LIX_MAX {
            too_hard.push(format!("{name}: LIX {value:.1}"));
        }
    }
    assert!(
        !measured.is_empty(),
        "no riktlinje pages or checklists found"
    );
    assert!(
        too_hard.is_empty(),
        "LIX must be at most {LIX_MAX} (goal 40): shorter sentences, shorter words:\n{}",
        too_hard.join("\n")
    );
}
