//! `revision.yaml`: whether a revision is adopted, when and by whom.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Deserialize, Serialize)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Adopted,
}

pub fn parse(file: &Path, text: &str) -> Result<RevisionMeta, Diagnostic> {
    let meta: RevisionMeta = crate::yaml::parse(file, text, text, 1, "revision.yaml")?;
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.starts_with(key))
            .map_or(1, |i| i + 1)
    };
    if let Some(date) = &meta.adopted {
        if !is_iso_date(date) {
            return Err(Diagnostic::at_line_col(
                file,
                text,
                line_of("adopted"),
                1,
                format!("`{date}` is not a date"),
            )
            .with_hint("a date written YYYY-MM-DD, e.g. 2023-05-11"));
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
        .with_hint("`adopted: YYYY-MM-DD`"));
    }
    Ok(meta)
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
}
