//! `site.toml`: the settings that apply to every revision.
//!
//! Unknown keys are errors, so a typo (`base_ulr`) is caught instead of silently ignored.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;
use crate::model::paths::display_path;

/// The parsed `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL of the site, ending in `/`; may include a sub-path (`https://x.se/handbok/`).
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Raw HTML in Markdown is escaped unless this is true.
    #[serde(default)]
    pub allow_html: bool,
    /// Roles people can turn to, in the order written, keyed by a stable id used in content
    /// (`{{ contact(id="polis") }}`).
    #[serde(default)]
    pub contacts: IndexMap<String, Contact>,
    /// Revision ids, oldest first. Optional: without it, revisions are ordered by folder name
    /// (`2019-2022` before `2023-2026`), which suits ids named after the term of office.
    #[serde(default)]
    pub revisions: Vec<String>,
    /// The text this was parsed from, as read once: the build caches' keys and the messages
    /// about `revisions` take it from here instead of reading the file again.
    #[serde(skip)]
    pub site_toml: std::sync::Arc<str>,
}

/// Someone to call or write to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub role: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub note: String,
}

fn default_language() -> String {
    "sv".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}

impl Config {
    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// `base_url` with exactly one trailing `/`.
    pub fn base_url_slash(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

/// Reads and checks `site.toml` in `root`.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    let shown = display_path(root, &path);
    let text = crate::model::paths::read_source(&path, &shown).map_err(|d| match d.location {
        Some(_) => vec![d],
        None => {
            vec![d
                .with_hint("a site.toml in the site's root folder (use --root DIR to point at it)")]
        }
    })?;
    parse(&shown, &text)
}

/// Parses the text of a `site.toml`; `file` is only used in messages.
pub fn parse(file: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut config: Config = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        let width = error.span().map_or(1, |span| text[span].chars().count());
        vec![Diagnostic::at_offset(
            file,
            text,
            offset,
            format!("invalid site.toml: {}", error.message()),
        )
        .with_width(width)
        .with_hint(
            "keys title, description, base_url, language, theme, output_dir, allow_html and [contacts.<id>] tables with role, name, phone, email, note",
        )]
    })?;
    config.site_toml = std::sync::Arc::from(text);
    let problems = validate(file, text, &config);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

fn validate(file: &Path, text: &str, config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at_key = |key: &str, message: String, hint: &str| {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 1);
        Diagnostic::at_line_col(file, text, line, 1, message).with_hint(hint.to_string())
    };
    if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
        problems.push(at_key(
            "base_url",
            format!("base_url `{}` is not an absolute URL", config.base_url),
            "an address like \"https://www.vasteras.se/handbok/\"",
        ));
    }
    if config.title.trim().is_empty() {
        problems.push(at_key("title", "title is empty".into(), "the site's name"));
    }
    for (id, contact) in &config.contacts {
        if !crate::model::slug::is_slug(id) {
            problems.push(at_key(
                &format!("[contacts.{id}]"),
                format!("contact id `{id}` is not a valid id"),
                "lower-case letters a-z, digits and hyphens",
            ));
        }
        if !contact.phone.is_empty() && phone_href(&contact.phone).len() < 3 {
            problems.push(at_key(
                &format!("[contacts.{id}]"),
                format!("contact `{id}` has a phone number without digits"),
                "a number like \"021-39 00 00\"",
            ));
        }
    }
    problems
}

/// Checks a base URL given on the command line.
pub fn check_base_url(base_url: &str) -> Result<String, Diagnostic> {
    if base_url.starts_with("https://") || base_url.starts_with("http://") {
        Ok(base_url.to_string())
    } else {
        Err(
            Diagnostic::global(format!("--base-url `{base_url}` is not an absolute URL"))
                .with_hint("an address like http://127.0.0.1:8000/"),
        )
    }
}

/// A `tel:` target: digits and a leading `+`, nothing else.
pub fn phone_href(phone: &str) -> String {
    phone
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Handbok"
base_url = "https://example.se/handbok"

[contacts.polis]
role = "Polisen"
phone = "114 14"

[contacts.sakerhet]
role = "Säkerhetsfunktionen"
"#;

    #[test]
    fn parses_contacts_in_order_and_the_sub_path() {
        let config = parse(Path::new("site.toml"), GOOD).unwrap();
        assert_eq!(config.base_path(), "/handbok/");
        assert_eq!(config.base_url_slash(), "https://example.se/handbok/");
        let ids: Vec<_> = config.contacts.keys().collect();
        assert_eq!(ids, ["polis", "sakerhet"]);
        assert_eq!(phone_href(&config.contacts["polis"].phone), "11414");
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let text = "title = \"x\"\nbase_url = \"https://a.se/\"\nbase_ulr = 1\n";
        let errors = parse(Path::new("site.toml"), text).unwrap_err();
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!(loc.line, 3);
        assert_eq!(loc.column, 1);
        assert!(
            errors[0].message.contains("base_ulr"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn relative_base_url_is_an_error() {
        let text = "title = \"x\"\nbase_url = \"/handbok/\"\n";
        let errors = parse(Path::new("site.toml"), text).unwrap_err();
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }
}
