//! Words as the index and the browser both see them: lower case, Unicode NFC, split at anything
//! that is not a letter or digit, and folded (å→a, ä→a, ö→o, é→e) for readers who type without
//! Swedish letters. `search.js` implements the same three steps; keep them in step.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower case in NFC. Text that is already NFC (nearly all of it) skips the composition pass.
pub fn normalize(text: &str) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        lower_case(text)
    } else {
        text.nfc().flat_map(char::to_lowercase).collect()
    }
}

/// `str::to_lowercase`, with runs of ASCII lower-cased as bytes. The standard version goes char
/// by char from the first non-ASCII letter on, and every section of a Swedish page has an å, ä
/// or ö early: it was most of the search index's time on text.
fn lower_case(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    lower_case_into(&mut lower, text);
    lower
}

/// [`lower_case`] appended to `into`, so a caller lower-casing word after word (term linking)
/// reuses one buffer.
pub fn lower_case_into(into: &mut String, text: &str) {
    // Most words are plain ASCII: one check, one copy, no scanning for runs.
    if text.is_ascii() {
        let start = into.len();
        into.push_str(text);
        into[start..].make_ascii_lowercase();
        return;
    }
    // Final sigma depends on its neighbours; leave Greek to the standard library.
    if text.contains('Σ') {
        into.push_str(&text.to_lowercase());
        return;
    }
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        let start = into.len();
        into.push_str(run);
        into[start..].make_ascii_lowercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            match latin1_lower(c) {
                Some(lower) => into.push(lower),
                None => into.extend(c.to_lowercase()),
            }
        }
        rest = chars.as_str();
    }
}

/// The lower case of a Latin-1 letter (å, ä, ö, é …), without the standard library's table
/// search: Swedish text has one in every few words. `None` above Latin-1.
fn latin1_lower(c: char) -> Option<char> {
    match c {
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20),
        '\u{80}'..='ÿ' => Some(c),
        _ => None,
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
    fn lower_cases_like_the_standard_library() {
        for text in [
            "Hot, HAT och VÅLD mot FÖRTROENDEVALDA – ”Ring 112”",
            "ÅÄÖ éÉ ÜBER straße İstanbul ΣΟΦΟΣ Σ",
            "",
            "ascii ONLY",
        ] {
            assert_eq!(lower_case(text), text.to_lowercase(), "{text}");
            let mut appended = String::from("Före: ");
            lower_case_into(&mut appended, text);
            assert_eq!(appended, format!("Före: {}", text.to_lowercase()), "{text}");
        }
        // Every Latin-1 character, one at a time and all together.
        let latin1: String = ('\u{80}'..='ÿ').collect();
        assert_eq!(lower_case(&latin1), latin1.to_lowercase());
        for c in '\u{80}'..='ÿ' {
            let lower: String = c.to_lowercase().collect();
            assert_eq!(latin1_lower(c).map(String::from), Some(lower), "{c}");
        }
        assert_eq!(latin1_lower('Ā'), None);
    }

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
