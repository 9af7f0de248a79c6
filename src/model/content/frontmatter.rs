//! YAML front matter between `---` lines at the top of a page.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub visibility: Visibility,
    /// Old addresses of a page that moved (`plan/gammal-sida/`), inside the revision; each gets
    /// a page that sends the reader on, so cited links keep working.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// An alias as a URL path inside the revision (`plan/gammal/`), or why it cannot be one.
pub fn alias_path(alias: &str) -> Result<String, &'static str> {
    let trimmed = alias.trim().trim_start_matches('/').trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("an empty alias would replace the start page");
    }
    let bad_segment = trimmed.split('/').any(|segment| {
        segment.is_empty()
            || segment == "."
            || segment == ".."
            || segment
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '?' | '#' | '\\' | '%' | ':'))
    });
    if bad_segment {
        return Err("an alias is a path inside the revision, like `plan/gammal-sida/`");
    }
    Ok(format!("{trimmed}/"))
}

/// Internal pages are published but kept out of search engines, the sitemap and (later) search.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    #[default]
    Public,
    Internal,
}

/// Splits a page into front matter and the byte offset where its body starts.
pub fn parse(file: &Path, text: &str) -> Result<(FrontMatter, usize), Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let Some(after_open) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return Err(
            Diagnostic::at_line_col(file, text, 1, 1, "page has no front matter")
                .with_hint("the page to start with a line `---`, then `title: …`, then `---`"),
        );
    };
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let front: FrontMatter =
                crate::model::yaml::parse(file, text, yaml, 2, "front matter")?;
            if front.title.trim().is_empty() {
                let line = yaml
                    .lines()
                    .position(|l| l.starts_with("title:"))
                    .map_or(2, |i| i + 2);
                return Err(Diagnostic::at_line_col(
                    file,
                    text,
                    line,
                    1,
                    "front matter has an empty title",
                )
                .with_hint("`title: ` followed by the page's title"));
            }
            return Ok((front, offset + line.len()));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::at_line_col(file, text, 1, 1, "front matter is never closed")
            .with_hint("a line `---` after the front matter"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: Mål\nweight: 2\n---\n# Rubrik\n";
        let (front, body) = parse(Path::new("m.md"), text).unwrap();
        assert_eq!(front.title, "Mål");
        assert_eq!(front.weight, 2);
        assert_eq!(&text[body..], "# Rubrik\n");
        assert_eq!(front.visibility, Visibility::Public);
    }

    #[test]
    fn bad_visibility_names_its_line() {
        let text = "---\ntitle: Mål\nvisibility: hemlig\n---\n";
        let err = parse(Path::new("m.md"), text).unwrap_err();
        assert_eq!(err.location.unwrap().line, 3);
        assert!(err.message.contains("hemlig"), "{}", err.message);
    }

    #[test]
    fn aliases_become_url_paths_inside_the_revision() {
        assert_eq!(alias_path("/plan/gammal").unwrap(), "plan/gammal/");
        assert_eq!(alias_path("gammal/").unwrap(), "gammal/");
        for bad in ["", "/", "../ut/", "a//b", "a b/", "https://x.se/", "a?b"] {
            assert!(alias_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn missing_and_unclosed_front_matter() {
        assert!(parse(Path::new("m.md"), "# Hej\n")
            .unwrap_err()
            .message
            .contains("no front matter"));
        assert!(parse(Path::new("m.md"), "---\ntitle: x\n")
            .unwrap_err()
            .message
            .contains("never closed"));
    }
}
