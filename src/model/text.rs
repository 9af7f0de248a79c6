//! Lower case as fast as Swedish text allows. Term linking (Markdown) and the search index
//! both lower-case every word of every page, so the one implementation lives here, below both.

/// `str::to_lowercase`, with runs of ASCII lower-cased as bytes. The standard version goes char
/// by char from the first non-ASCII letter on, and every section of a Swedish page has an å, ä
/// or ö early: it was most of the search index's time on text.
pub fn lower_case(text: &str) -> String {
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
}
