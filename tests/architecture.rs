//! The pipeline's arrows point one way: every `crate::…` path in `src/` names a module of its
//! own stage or of a stage below it, and the modules inside a stage import each other without
//! a cycle. `ARCHITECTURE.md` explains the stages; this test is the contract.
//!
//! It reads the source as text: comments are left out, test code counts like any other code
//! (a test that needs a higher stage belongs to that stage's tests or to `tests/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, lowest first: the folders under `src/`.
const STAGES: &[&str] = &[
    "model", "markdown", "features", "render", "output", "build", "commands", "cli",
];

/// One `crate::` path in the source: where it is written and the module it names, as
/// `stage::module` (or `stage` alone).
#[derive(Debug, Clone)]
struct Arrow {
    from: String,
    to: String,
    at: String,
}

#[test]
fn src_has_one_folder_per_stage_and_nothing_else_at_its_top() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut top: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    let mut expected: Vec<String> = STAGES.iter().map(|s| s.to_string()).collect();
    expected.extend(["lib.rs".to_string(), "main.rs".to_string()]);
    expected.sort();
    assert_eq!(top, expected, "src/ holds the stages, lib.rs and main.rs");
    for stage in STAGES {
        let doc = std::fs::read_to_string(src.join(stage).join("mod.rs")).unwrap();
        assert!(
            doc.starts_with("//! "),
            "src/{stage}/mod.rs starts with a module doc that says what the stage takes and returns"
        );
    }
}

#[test]
fn no_module_imports_from_a_higher_stage() {
    let arrows = arrows_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        arrows.len() > 100,
        "the source was read: {} arrows",
        arrows.len()
    );
    let upward = upward_arrows(&arrows);
    assert!(
        upward.is_empty(),
        "imports from a higher stage:\n{}",
        upward.join("\n")
    );
}

#[test]
fn modules_import_each_other_without_a_cycle() {
    let arrows = arrows_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let cycles = cycles(&arrows);
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// The checks themselves, on a small source tree with one of each mistake.
#[test]
fn the_checks_name_the_file_and_line_of_an_upward_import_and_of_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "model/config.rs",
        "// crate::build::x in a comment is no import\nuse crate::model::paths;\n\nfn f() { crate::render::theme::Theme::load(); }\n",
    );
    write(
        "model/paths.rs",
        "use crate::model::{config::Config, walk};\n",
    );
    write(
        "model/walk.rs",
        "use crate::model::paths::{\n    self,\n    slash_path,\n};\n",
    );
    write(
        "render/theme.rs",
        "use crate::model::config::{self, Config};\n",
    );
    let arrows = arrows_in(src);
    assert_eq!(
        upward_arrows(&arrows),
        vec!["src/model/config.rs:4: model::config imports render::theme (stage render is above model)"]
    );
    let cycles = cycles(&arrows);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    for arrow in [
        "model::config -> model::paths (src/model/config.rs:2)",
        "model::paths -> model::config (src/model/paths.rs:1)",
        "model::paths -> model::walk (src/model/paths.rs:1)",
        "model::walk -> model::paths (src/model/walk.rs:1)",
    ] {
        assert!(cycles[0].contains(arrow), "{arrow} in {}", cycles[0]);
    }
}

fn stage_rank(module: &str) -> Option<usize> {
    let stage = module.split("::").next()?;
    STAGES.iter().position(|s| *s == stage)
}

/// `src/model/config.rs:4: model::config imports render::theme (…)` for each upward arrow.
fn upward_arrows(arrows: &[Arrow]) -> Vec<String> {
    arrows
        .iter()
        .filter(|arrow| stage_rank(&arrow.to) > stage_rank(&arrow.from))
        .map(|arrow| {
            let stage = |m: &str| m.split("::").next().unwrap_or("").to_string();
            format!(
                "{}: {} imports {} (stage {} is above {})",
                arrow.at,
                arrow.from,
                arrow.to,
                stage(&arrow.to),
                stage(&arrow.from)
            )
        })
        .collect()
}

/// Each group of modules that reach each other, with the arrows inside it.
fn cycles(arrows: &[Arrow]) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for arrow in arrows {
        if arrow.from != arrow.to && !arrow.from.starts_with(&format!("{}::", arrow.to)) {
            graph
                .entry(&arrow.from)
                .or_default()
                .entry(&arrow.to)
                .or_insert(&arrow.at);
        }
    }
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(module) = todo.pop() {
            for next in graph.get(module).into_iter().flat_map(|m| m.keys()) {
                if seen.insert(*next) {
                    todo.push(next);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> = graph.keys().map(|m| (*m, reach(m))).collect();
    let mut groups: BTreeSet<Vec<&str>> = BTreeSet::new();
    for (module, reached) in &reaches {
        let mut group: Vec<&str> = reached
            .iter()
            .filter(|other| reaches.get(*other).is_some_and(|r| r.contains(module)))
            .copied()
            .collect();
        if group.len() > 1 {
            group.sort();
            groups.insert(group);
        }
    }
    groups
        .into_iter()
        .map(|group| {
            let mut lines = vec![format!("cycle of {}: {}", group.len(), group.join(", "))];
            for from in &group {
                for (to, at) in &graph[from] {
                    if group.contains(to) {
                        lines.push(format!("  {from} -> {to} ({at})"));
                    }
                }
            }
            lines.join("\n")
        })
        .collect()
}

/// Every `crate::` path in the `.rs` files under `src`, except in `lib.rs` and `main.rs`.
fn arrows_in(src: &Path) -> Vec<Arrow> {
    let mut arrows = Vec::new();
    for file in rust_files(src) {
        let rel = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(from) = module_of(&rel) else {
            continue;
        };
        let code = without_comments(&std::fs::read_to_string(&file).unwrap());
        for (offset, path) in crate_paths(&code) {
            let line = code[..offset].matches('\n').count() + 1;
            arrows.push(Arrow {
                from: from.clone(),
                to: module_named(src, &path),
                at: format!("src/{rel}:{line}"),
            });
        }
    }
    arrows
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module a path leads into, as `stage::module`: `[render, files, OutputFile]` →
/// `render::files`, `[markdown, TocEntry]` → `markdown` (an item of the stage's own `mod.rs`).
fn module_named(src: &Path, path: &[String]) -> String {
    let stage = &path[0];
    match path.get(1) {
        Some(name)
            if src.join(stage).join(format!("{name}.rs")).is_file()
                || src.join(stage).join(name).join("mod.rs").is_file() =>
        {
            format!("{stage}::{name}")
        }
        _ => stage.clone(),
    }
}

/// `render/pages/mod.rs` → `render::pages`; `model/content/load.rs` → `model::content`.
fn module_of(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    if matches!(parts.as_slice(), ["lib"] | ["main"]) {
        return None;
    }
    Some(parts.iter().take(2).copied().collect::<Vec<_>>().join("::"))
}

/// The code with `//` and `/* */` comments blanked (line breaks kept, so offsets still give
/// lines), and string literals kept as they are (the source has no `crate::` in strings).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push_str(&" ".repeat(end));
            rest = &rest[end..];
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            out.extend(
                rest[..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            rest = &rest[end..];
        } else if rest.starts_with('"') {
            let end = string_end(rest);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Where the string literal at the start of `text` ends (after its closing quote).
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return i + 1,
            _ => escaped = false,
        }
    }
    text.len()
}

/// Each `crate::` path in `code` with the offset of its `crate`, groups expanded:
/// `crate::model::{config::Config, walk}` gives `[model, config, Config]` and `[model, walk]`.
fn crate_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut paths = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("crate::") {
        let at = from + found;
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        for path in parse_path(&code[from..]) {
            if !path.is_empty() {
                paths.push((at, path));
            }
        }
    }
    paths
}

/// The paths that `text` (just after a `::`) spells: a chain of names, ending in a name, `*`
/// or a `{…}` group of paths.
fn parse_path(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        return group_items(group)
            .into_iter()
            .flat_map(parse_path)
            .collect();
    }
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name == "self" {
        return vec![Vec::new()];
    }
    let rest = text[name.len()..].trim_start();
    match rest.strip_prefix("::") {
        Some(after) => parse_path(after)
            .into_iter()
            .map(|mut tail| {
                tail.insert(0, name.clone());
                tail
            })
            .collect(),
        None => vec![vec![name]],
    }
}

/// The comma-separated items of a group whose `{` was just read, up to its `}`.
fn group_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&text[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty())
        .collect()
}
