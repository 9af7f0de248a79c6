//! `revision.yaml`: whether a revision is adopted, when and by whom, and its seal.
//!
//! Facts about a decision that staff do not know yet are written `okänt` rather than made up or
//! left out by mistake: the site then says "inte känt" and `check` warns until they are filled in.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;
use crate::model::seal::Seal;

/// How `revision.yaml` says a fact is not known (also accepted in English).
pub const NOT_KNOWN: &str = "okänt";

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionMeta {
    pub status: Status,
    /// Shown in the header and the revision list, e.g. "Handlingsplan 2023–2026".
    #[serde(default)]
    pub title: String,
    /// `YYYY-MM-DD`; required when adopted.
    #[serde(default)]
    pub adopted: Option<String>,
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub reference: String,
    /// What this revision changes, in a sentence or two, for the revision page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Written by `handbok revision adopt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

impl RevisionMeta {
    /// The adoption date when it is known.
    pub fn adopted_date(&self) -> Option<&str> {
        self.adopted.as_deref().filter(|d| !is_not_known(d))
    }
}

/// `okänt`, `unknown` (any case) or empty: a fact staff have not found yet.
pub fn is_not_known(value: &str) -> bool {
    let value = value.trim().to_lowercase();
    value.is_empty() || value == NOT_KNOWN || value == "unknown"
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Draft,
    Adopted,
}

pub fn parse(file: &Path, text: &str) -> Result<RevisionMeta, Diagnostic> {
    let meta: RevisionMeta = crate::model::yaml::parse(file, text, text, 1, "revision.yaml")?;
    let line_of = |key: &str| crate::model::yaml::line_of_top_key(text, key).unwrap_or(1);
    if let Some(date) = meta.adopted_date() {
        if !is_iso_date(date) {
            return Err(Diagnostic::at_line_col(
                file,
                text,
                line_of("adopted"),
                1,
                format!("`{date}` is not a date"),
            )
            .with_hint(format!(
                "a date written YYYY-MM-DD, e.g. 2023-05-11, or `{NOT_KNOWN}`"
            )));
        }
    }
    if meta.status == Status::Adopted && meta.adopted.is_none() {
        return Err(Diagnostic::at_line_col(
            file,
            text,
            line_of("status"),
            1,
            "an adopted revision has no adoption date",
        )
        .with_hint(format!(
            "`adopted: YYYY-MM-DD`, or `adopted: {NOT_KNOWN}` when the date is not known"
        )));
    }
    Ok(meta)
}

/// Warnings for an adopted revision whose decision is not fully known, one per missing fact,
/// at its line (or the `status` line when the key is absent).
pub fn warnings(file: &Path, text: &str, meta: &RevisionMeta) -> Vec<Diagnostic> {
    if meta.status != Status::Adopted {
        return Vec::new();
    }
    let facts = [
        (
            "adopted",
            meta.adopted.as_deref().unwrap_or(""),
            "the date the plan was adopted",
        ),
        (
            "decided_by",
            meta.decided_by.as_str(),
            "who decided it, e.g. Kommunstyrelsen",
        ),
        (
            "reference",
            meta.reference.as_str(),
            "the decision's diarienummer",
        ),
    ];
    facts
        .iter()
        .filter(|(_, value, _)| is_not_known(value))
        .map(|(key, _, what)| {
            let line = crate::model::yaml::line_of_top_key(text, key)
                .or_else(|| crate::model::yaml::line_of_top_key(text, "status"))
                .unwrap_or(1);
            Diagnostic::at_line_col(
                file,
                text,
                line,
                1,
                format!("`{key}` of an adopted revision is not known"),
            )
            .with_hint(format!(
                "{what}; the site says \"inte känt\" until it is filled in"
            ))
            .warning()
        })
        .collect()
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let number = |p: &str, len: usize| {
        (p.len() == len && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse::<u32>().ok())
    };
    matches!(
        (number(y, 4), number(m, 2), number(d, 2)),
        (Some(Some(_)), Some(Some(1..=12)), Some(Some(1..=31)))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adopted_needs_a_valid_date() {
        let ok = "status: adopted\nadopted: 2023-05-11\ndecided_by: Kommunfullmäktige\n";
        assert_eq!(parse(Path::new("r"), ok).unwrap().status, Status::Adopted);
        let bad = "status: adopted\nadopted: 11 maj 2023\n";
        assert_eq!(
            parse(Path::new("r"), bad)
                .unwrap_err()
                .location
                .unwrap()
                .line,
            2
        );
        let missing = "status: adopted\n";
        assert!(parse(Path::new("r"), missing).is_err());
        assert!(parse(Path::new("r"), "status: draft\n").is_ok());
    }

    #[test]
    fn unknown_decision_facts_are_allowed_and_warned_about() {
        let text =
            "status: adopted\nadopted: okänt\ndecided_by: Kommunstyrelsen\nreference: okänt\n";
        let meta = parse(Path::new("r"), text).unwrap();
        assert_eq!(meta.adopted_date(), None);
        let warnings = warnings(Path::new("r"), text, &meta);
        let lines: Vec<usize> = warnings
            .iter()
            .map(|w| w.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [2, 4]);
        assert!(warnings.iter().all(|w| !w.is_error()));
        let complete =
            "status: adopted\nadopted: 2023-05-11\ndecided_by: KS\nreference: KS 2023/1\n";
        let meta = parse(Path::new("r"), complete).unwrap();
        assert!(super::warnings(Path::new("r"), complete, &meta).is_empty());
    }
}
