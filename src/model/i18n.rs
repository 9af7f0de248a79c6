//! The theme's UI strings (`themes/<theme>/i18n/<language>.toml`), all in one file so the site
//! speaks one language consistently and a translation is one file.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::diagnostic::Diagnostic;

/// Keys the compiler itself uses; a theme's strings file must have them all.
pub const REQUIRED: &[&str] = &[
    "glossary_title",
    "glossary_description",
    "callout_viktigt",
    "callout_obs",
    "callout_tips",
    "callout_varning",
    "callout_akut",
    "callout_info",
    "task_done",
    "task_open",
    "phone",
    "email",
    "not_found_title",
    "checklists_title",
    "checklists_intro",
    "quizzes_title",
    "quizzes_intro",
    "trainer_mode",
    "trainer_description",
];

#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`. Keys are checked at load time, so a miss here is a compiler bug;
    /// the key itself is shown rather than panicking.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

pub fn load(file: &Path, shown: &Path) -> Result<Strings, Diagnostic> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Diagnostic::global(format!("cannot read UI strings {}: {e}", shown.display()))
            .with_hint("a strings file for the site's language in the theme's i18n/ folder")
    })?;
    parse(shown, &text)
}

pub fn parse(shown: &Path, text: &str) -> Result<Strings, Diagnostic> {
    let map: BTreeMap<String, String> = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |s| s.start);
        Diagnostic::at_offset(
            shown,
            text,
            offset,
            format!("invalid strings file: {}", error.message()),
        )
        .with_hint("lines of the form key = \"text\"")
    })?;
    if let Some(missing) = REQUIRED.iter().find(|k| !map.contains_key(**k)) {
        return Err(Diagnostic::global(format!(
            "{} lacks the string `{missing}`",
            shown.display()
        ))
        .with_hint(format!("a line {missing} = \"…\"")));
    }
    Ok(Strings(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_required_key_is_named() {
        let err = parse(Path::new("sv.toml"), "phone = \"Telefon\"\n").unwrap_err();
        assert!(err.message.contains("glossary_title"), "{}", err.message);
    }
}
