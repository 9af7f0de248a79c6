//! All YAML parsing goes through here.
//!
//! `serde_yaml` is archived but sound; keeping every call in this one module means a switch to a
//! maintained fork is a one-line change in `Cargo.toml` and this file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::model::diagnostic::Diagnostic;

/// Parses `yaml` (which starts at 1-based `first_line` of `full_text`, the whole file) into `T`.
///
/// Errors point into the whole file, so front matter errors name the right line of the page.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    full_text: &str,
    yaml: &str,
    first_line: usize,
    what: &str,
) -> Result<T, Diagnostic> {
    // serde_yaml misreads a file that starts with a byte order mark (a valid file fails with
    // "more than one document" or a missing field); the mark is not part of the text.
    let yaml = yaml.strip_prefix('\u{feff}').unwrap_or(yaml);
    serde_yaml::from_str(yaml).map_err(|error| {
        let (line, column) = match error.location() {
            Some(loc) => (loc.line() + first_line - 1, loc.column()),
            None => (first_line, 1),
        };
        let message = clean_message(&error.to_string());
        Diagnostic::at_line_col(
            file,
            full_text,
            line,
            column,
            format!("invalid {what}: {message}"),
        )
        .with_hint(expected_for(what))
    })
}

/// Writes `value` as YAML (for files the tool itself writes, such as `revision.yaml`).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// serde_yaml appends " at line X column Y" to its messages; we show the place ourselves.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn expected_for(what: &str) -> String {
    match what {
        "front matter" => {
            "keys title, description, weight, draft, visibility (public|internal), aliases".to_string()
        }
        "revision.yaml" => {
            "keys status (draft|adopted), title, adopted (YYYY-MM-DD or okänt), decided_by, reference, summary, seal"
                .to_string()
        }
        "checklist" => "keys id, title, intro, groups (each: heading, items of {id, text, help, link})".to_string(),
        "quiz" => "keys id, title, intro, pass_mark, questions (each: id, type single|multiple|true_false|classify, prompt, options of {text, correct, feedback}, explanation, link, trainer_note)".to_string(),
        "definitions.yaml" => {
            "a list `terms:` of {id, term, short, body, forms, examples, legal}".to_string()
        }
        other => format!("valid {other}"),
    }
}

/// The 1-based line of the first `key: value` in `text` whose value is `value`, for problems
/// found after parsing (a duplicate id), where serde no longer knows the place.
pub fn line_of_key(text: &str, key: &str, value: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix(key)
                .and_then(|rest| rest.trim_start().strip_prefix(':'))
                .map(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\'') == value)
                .unwrap_or(false)
        })
        .map(|i| i + 1)
}

/// The 1-based line of the top-level `key:` in `text` (any value), for pointing at a key of a
/// file such as `revision.yaml`.
pub fn line_of_top_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|i| i + 1)
}

/// The 1-based line of the `n`th `key: value` in `text` (1 = the first).
pub fn nth_line_of_key(text: &str, key: &str, value: &str, n: usize) -> Option<usize> {
    let mut remaining = n;
    let mut line_offset = 0;
    let mut rest = text;
    loop {
        let line = line_of_key(rest, key, value)?;
        remaining -= 1;
        if remaining == 0 {
            return Some(line_offset + line);
        }
        let skip: usize = rest.split_inclusive('\n').take(line).map(str::len).sum();
        rest = &rest[skip..];
        line_offset += line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
    }

    #[test]
    fn errors_point_into_the_whole_file() {
        let text = "---\ntitle: Hej\ncolour: blue\n---\nbody";
        let yaml = "title: Hej\ncolour: blue\n";
        let err = parse::<Front>(Path::new("p.md"), text, yaml, 2, "front matter").unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!(loc.line, 3);
        assert_eq!(loc.source_line, "colour: blue");
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn finds_the_line_of_a_key() {
        let text = "terms:\n  - id: hot\n    term: Hot\n  - id: 'hat'\n";
        assert_eq!(line_of_key(text, "id", "hat"), Some(4));
        assert_eq!(line_of_key(text, "id", "våld"), None);
    }
}
