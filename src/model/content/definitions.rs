//! `definitions.yaml`: the terms of the handbook (hot, hat, våld, otillåten påverkan …).

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefinitionsFile {
    terms: Vec<Term>,
}

/// A defined term. `body` and `examples` are Markdown.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub short: String,
    #[serde(default)]
    pub body: String,
    /// Inflected forms to link besides the automatic ones (`hotet`, `hoten` are found anyway).
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub legal: Vec<LegalRef>,
    /// 1-based line of the term's `id:` in the file, for messages.
    #[serde(skip)]
    pub line: usize,
}

/// A provision of law, e.g. `4 kap. 5 § brottsbalken` "Olaga hot".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    pub reference: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub note: String,
}

pub fn parse(file: &Path, text: &str) -> Result<Vec<Term>, Vec<Diagnostic>> {
    let parsed: DefinitionsFile =
        crate::model::yaml::parse(file, text, text, 1, "definitions.yaml").map_err(|d| vec![d])?;
    let mut terms = parsed.terms;
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for term in &mut terms {
        term.line = crate::model::yaml::line_of_key(text, "id", &term.id).unwrap_or(1);
        let at = |message: String, hint: &str| {
            Diagnostic::at_line_col(file, text, term.line, 1, message).with_hint(hint.to_string())
        };
        if !crate::model::slug::is_slug(&term.id) {
            problems.push(at(
                format!("term id `{}` is not a valid id", term.id),
                "lower-case letters a-z, digits and hyphens, e.g. `otillaten-paverkan`",
            ));
        }
        if !seen.insert(term.id.clone()) {
            let line =
                crate::model::yaml::nth_line_of_key(text, "id", &term.id, 2).unwrap_or(term.line);
            problems.push(
                Diagnostic::at_line_col(
                    file,
                    text,
                    line,
                    1,
                    format!("term id `{}` is used twice", term.id),
                )
                .with_hint("every term to have its own id"),
            );
        }
        if term.term.trim().is_empty() || term.short.trim().is_empty() {
            problems.push(at(
                format!("term `{}` has an empty `term` or `short`", term.id),
                "the word itself and a one-sentence explanation",
            ));
        }
    }
    if problems.is_empty() {
        Ok(terms)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_id_points_at_second_occurrence() {
        let text = "terms:\n  - id: hot\n    term: Hot\n    short: a\n  - id: hot\n    term: Hot\n    short: b\n";
        let errors = parse(Path::new("d.yaml"), text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].location.as_ref().unwrap().line, 5);
    }

    #[test]
    fn reads_terms_with_legal_references() {
        let text = "terms:\n  - id: hot\n    term: Hot\n    short: Att hota.\n    legal:\n      - reference: 4 kap. 5 § brottsbalken\n        title: Olaga hot\n";
        let terms = parse(Path::new("d.yaml"), text).unwrap();
        assert_eq!(terms[0].legal[0].title, "Olaga hot");
        assert_eq!(terms[0].line, 2);
    }
}
