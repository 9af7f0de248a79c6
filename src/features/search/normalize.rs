//! Words as the index and the browser both see them: lower case, Unicode NFC, split at anything
//! that is not a letter or digit, and folded (å→a, ä→a, ö→o, é→e) for readers who type without
//! Swedish letters. `search.js` implements the same three steps; keep them in step.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::model::text::lower_case;

/// Lower case in NFC. Text that is already NFC (nearly all of it) skips the composition pass.
pub fn normalize(text: &str) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        lower_case(text)
    } else {
        text.nfc().flat_map(char::to_lowercase).collect()
    }
}

/// The words of normalised text.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Without diacritics: `våld` → `vald`, `förföljelse` → `forfoljelse`.
pub fn fold(word: &str) -> String {
    // Fast path for Swedish text (ASCII plus the few letters that fold); NFD for the rest.
    let mut folded = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'a'..='z' | '0'..='9' => folded.push(c),
            'å' | 'ä' | 'á' | 'à' => folded.push('a'),
            'ö' | 'ó' | 'ò' => folded.push('o'),
            'é' | 'è' | 'ë' => folded.push('e'),
            'ü' | 'ú' => folded.push('u'),
            c if c.is_ascii() => folded.push(c),
            _ => return word.nfd().filter(|c| !is_combining_mark(*c)).collect(),
        }
    }
    folded
}

/// Words never indexed: too common to tell pages apart. Folded, so `pa` and `på` are both dropped.
pub const STOPWORDS: &[&str] = &[
    "och", "att", "det", "som", "en", "ett", "pa", "ar", "for", "med", "till", "av", "i", "om",
    "du", "den", "de", "har", "inte", "kan", "men", "eller", "sa", "vi", "ska", "vid", "fran",
    "sig", "man", "hur", "nar", "vad", "dar", "dig", "din", "ditt", "dina", "han", "hon", "hen",
    "nu", "ocksa", "bara", "da", "var", "alla", "detta", "dessa", "sin", "sitt", "sina", "mot",
    "an", "ut", "upp", "in", "ha", "blir", "bli", "vara", "finns", "dem", "oss", "er", "era",
    "ditt", "mig", "jag", "min", "mitt", "mina", "nagon", "nagot", "nagra", "sadan", "sadana",
    "vilken", "vilket", "vilka", "hans", "hennes", "deras", "dess", "sa", "sedan", "redan",
];

const LONGEST_STOPWORD_BYTES: usize = 12;

static STOPWORD_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Whether a word (folded or not) is a stop word.
pub fn is_stopword(word: &str) -> bool {
    // No stop word is longer than 7 bytes unfolded ("sådana"), so long words skip the fold.
    if word.len() > LONGEST_STOPWORD_BYTES {
        false
    } else if word.is_ascii() {
        STOPWORD_SET.contains(word)
    } else {
        STOPWORD_SET.contains(fold(word).as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_to_nfc_lower_case() {
        // "å" written as a + combining ring becomes one character.
        assert_eq!(normalize("VA\u{30a}LD"), "våld");
        assert_eq!(normalize("Förföljelse"), "förföljelse");
    }

    #[test]
    fn splits_at_non_letters() {
        let text = normalize("Ring 112 – om du är i fara! (hot/våld)");
        let found: Vec<_> = words(&text).collect();
        assert_eq!(
            found,
            ["ring", "112", "om", "du", "är", "i", "fara", "hot", "våld"]
        );
    }

    #[test]
    fn folds_swedish_letters() {
        assert_eq!(fold("våld"), "vald");
        assert_eq!(fold("förföljelse"), "forfoljelse");
        assert_eq!(fold("säkerhet"), "sakerhet");
        assert_eq!(fold("idé"), "ide");
        // Outside the fast path: NFD and dropping the marks.
        assert_eq!(fold("çedilj"), "cedilj");
        assert_eq!(fold("ø"), "ø");
        assert!(is_stopword(&fold("på")));
        assert!(!is_stopword("hot"));
        assert!(is_stopword("sådana") && is_stopword("också"));
        assert!(STOPWORDS
            .iter()
            .all(|w| w.len() * 2 <= LONGEST_STOPWORD_BYTES));
    }
}
