//! Defined terms: finding them in running text and linking the first occurrence on a page.
//!
//! Swedish nouns inflect (hot, hotet, hoten, hotens), so each term matches its own form plus
//! common suffixes, and any `forms` listed in `definitions.yaml` for irregular cases. Matching is
//! whole-word and case-insensitive; the longest term wins (`otillåten påverkan` before
//! `påverkan`).

use std::collections::HashMap;

use crate::content::Term;
use crate::html::{escape, REV_ROOT};

/// URL path of the glossary page inside a revision.
pub const GLOSSARY_URL: &str = "definitioner/";

/// Endings tried after a term: definite and plural forms and the genitive `s`.
/// Kept short on purpose: verb endings (`-ar`, `-a`) would link "hatar" and "hota".
const SUFFIXES: &[&str] = &[
    "", "s", "en", "et", "n", "t", "na", "er", "erna", "ens", "ets", "ns", "ts", "nas", "ers",
    "ernas",
];

/// Finds term occurrences. Built once per revision.
#[derive(Debug, Default)]
pub struct TermMatcher {
    /// (lower-case form, index of the term), longest form first.
    forms: Vec<(String, usize)>,
    /// First character → indices into `forms` that start with it, in `forms` order: a word
    /// is compared only with the forms that can match it (a tenth of them, not all).
    by_first: HashMap<char, Vec<usize>>,
}

/// One occurrence: byte range in the text and which term.
#[derive(Debug, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub term: usize,
}

/// Every form of a term that gets linked (and that search counts as the term), lower case:
/// the term with each of [`SUFFIXES`], and the `forms` listed in `definitions.yaml`.
pub fn forms(term: &Term) -> Vec<String> {
    let base = term.term.to_lowercase();
    SUFFIXES
        .iter()
        .map(|suffix| format!("{base}{suffix}"))
        .chain(term.forms.iter().map(|f| f.to_lowercase()))
        .collect()
}

impl TermMatcher {
    pub fn new(terms: &[Term]) -> Self {
        let mut forms = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            forms.extend(self::forms(term).into_iter().map(|form| (form, index)));
        }
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        forms.dedup_by(|a, b| a.0 == b.0);
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (index, (form, _)) in forms.iter().enumerate() {
            if let Some(first) = form.chars().next() {
                by_first.entry(first).or_default().push(index);
            }
        }
        TermMatcher { forms, by_first }
    }

    /// The first whole-word occurrence of any term for which `wanted` is true.
    pub fn find(&self, text: &str, wanted: impl Fn(usize) -> bool) -> Option<Match> {
        let lower = text.to_lowercase();
        // Offsets are only comparable when lower-casing kept every byte length.
        if lower.len() != text.len() || self.forms.is_empty() {
            return None;
        }
        let mut previous: Option<char> = None;
        for (start, c) in lower.char_indices() {
            let at_word_start = c.is_alphanumeric() && !previous.is_some_and(char::is_alphanumeric);
            previous = Some(c);
            if !at_word_start {
                continue;
            }
            let Some(candidates) = self.by_first.get(&c) else {
                continue;
            };
            let rest = &lower[start..];
            for (form, term) in candidates.iter().map(|&i| &self.forms[i]) {
                if !rest.starts_with(form.as_str()) || !wanted(*term) {
                    continue;
                }
                let end = start + form.len();
                let next = lower[end..].chars().next();
                if !next.is_some_and(char::is_alphanumeric) {
                    return Some(Match {
                        start,
                        end,
                        term: *term,
                    });
                }
            }
        }
        None
    }
}

/// The HTML of a term link with its accessible tooltip. `n` makes the tooltip id unique on the
/// page.
pub fn term_link(term: &Term, text: &str, n: usize) -> String {
    let tip_id = format!("term-{}-{n}", term.id);
    format!(
        "<span class=\"term\"><a class=\"term__link\" href=\"{REV_ROOT}{GLOSSARY_URL}#{id}\" aria-describedby=\"{tip_id}\">{text}</a><span class=\"term__tip\" role=\"tooltip\" id=\"{tip_id}\">{short}</span></span>",
        id = term.id,
        text = escape(text),
        short = escape(&term.short),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str, word: &str) -> Term {
        Term {
            id: id.into(),
            term: word.into(),
            short: format!("{word} betyder …"),
            body: String::new(),
            forms: vec![],
            examples: vec![],
            legal: vec![],
            line: 1,
        }
    }

    #[test]
    fn matches_inflections_as_whole_words() {
        let terms = [term("hot", "hot"), term("hat", "hat")];
        let m = TermMatcher::new(&terms);
        let text = "Ett hotfullt brev. Hotet kom i går.";
        let found = m.find(text, |_| true).unwrap();
        assert_eq!(&text[found.start..found.end], "Hotet");
        assert_eq!(m.find("Han hatar", |_| true), None);
        let found = m.find("hoten och hatet", |t| t == 1).unwrap();
        assert_eq!(found.term, 1);
    }

    #[test]
    fn longest_term_wins() {
        let terms = [
            term("paverkan", "påverkan"),
            term("otillaten", "otillåten påverkan"),
        ];
        let m = TermMatcher::new(&terms);
        let found = m.find("Det är otillåten påverkan.", |_| true).unwrap();
        assert_eq!(found.term, 1);
    }

    #[test]
    fn link_has_tooltip_and_escapes() {
        let html = term_link(&term("hot", "hot"), "Hot<", 2);
        assert!(html.contains("aria-describedby=\"term-hot-2\""));
        assert!(html.contains("id=\"term-hot-2\""));
        assert!(html.contains("Hot&lt;"));
    }
}
