//! Defined terms: finding them in running text and linking the first occurrence on a page.
//!
//! Swedish nouns inflect (hot, hotet, hoten, hotens), so each term matches its own form plus
//! common suffixes, and any `forms` listed in `definitions.yaml` for irregular cases. Matching is
//! whole-word and case-insensitive; the longest term wins (`otillåten påverkan` before
//! `påverkan`).

use rustc_hash::FxHashMap as HashMap;

use crate::markdown::html::{escape, REV_ROOT};
use crate::model::content::Term;

pub use crate::model::routes::glossary::GLOSSARY_URL;

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
    /// A form's first word → indices into `forms` that start with it, in `forms` order. A word
    /// in the text can only begin a form whose first word it is, so each word of a page costs
    /// one hash lookup, not a comparison with every form that shares its first letter.
    by_first_word: HashMap<String, Vec<usize>>,
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
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
        for (index, (form, _)) in forms.iter().enumerate() {
            let first_word = &form[..word_end(form)];
            if !first_word.is_empty() {
                by_first_word
                    .entry(first_word.to_string())
                    .or_default()
                    .push(index);
            }
        }
        TermMatcher {
            forms,
            by_first_word,
        }
    }

    /// The first whole-word occurrence of any term for which `wanted` is true. Each word is
    /// lower-cased on its own into one reused buffer; the rest of the text only where a word
    /// begins some form (this runs on every sentence of every page).
    pub fn find(&self, text: &str, wanted: impl Fn(usize) -> bool) -> Option<Match> {
        if self.forms.is_empty() {
            return None;
        }
        let mut word = String::new();
        for (start, original) in words(text) {
            // One buffer for every word (most are ASCII and lower-cased in place).
            word.clear();
            crate::model::text::lower_case_into(&mut word, original);
            let Some(candidates) = self.by_first_word.get(word.as_str()) else {
                continue;
            };
            let rest = text[start..].to_lowercase();
            // Offsets are only comparable when lower-casing kept every byte length.
            if rest.len() != text.len() - start {
                return None;
            }
            for (form, term) in candidates.iter().map(|&i| &self.forms[i]) {
                if !rest.starts_with(form.as_str()) || !wanted(*term) {
                    continue;
                }
                if !rest[form.len()..].chars().next().is_some_and(is_word_char) {
                    return Some(Match {
                        start,
                        end: start + form.len(),
                        term: *term,
                    });
                }
            }
        }
        None
    }
}

/// Letters and digits, with the Swedish letters checked before the Unicode tables.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö')
        || c.is_alphanumeric()
}

/// The words of `text` (runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| is_word_char(*c))?;
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if !is_word_char(c) {
                end = at;
                break;
            }
            chars.next();
        }
        Some((start, &text[start..end]))
    })
}

/// Where the word at the start of `text` ends (its letters and digits).
fn word_end(text: &str) -> usize {
    text.char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len(), |(i, _)| i)
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
    fn a_form_matches_whole_words_only_whatever_its_first_word() {
        let mut hate_crime = term("hatbrott", "hat-brott");
        hate_crime.forms = vec!["hat-brotten".into()];
        let terms = [
            term("paverkan", "påverkan"),
            term("otillaten", "otillåten påverkan"),
            hate_crime,
        ];
        let m = TermMatcher::new(&terms);
        assert_eq!(m.find("Ett påverkansförsök.", |_| true), None);
        assert_eq!(
            m.find("Otillåten, men ingen påverkan", |_| true)
                .unwrap()
                .term,
            0
        );
        let text = "Polisen utreder Hat-brotten noga.";
        let found = m.find(text, |_| true).unwrap();
        assert_eq!(
            (found.term, &text[found.start..found.end]),
            (2, "Hat-brotten")
        );
        assert_eq!(m.find("Ett hat-brottsligt språk", |_| true), None);
    }

    #[test]
    fn link_has_tooltip_and_escapes() {
        let html = term_link(&term("hot", "hot"), "Hot<", 2);
        assert!(html.contains("aria-describedby=\"term-hot-2\""));
        assert!(html.contains("id=\"term-hot-2\""));
        assert!(html.contains("Hot&lt;"));
    }
}
