//! Small HTML helpers shared by the stages that write HTML by hand.

/// Escapes text for use in element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of an HTML fragment, tags removed, entities decoded and whitespace collapsed (for
/// descriptions).
pub fn strip_tags(html: &str) -> String {
    let text = text_between_tags(html)
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    collapse_whitespace(&text)
}

/// The one tag stripper: HTML with each tag replaced by a space and comments dropped; a `<`
/// that starts no tag (`a < b`) stays, and entities stay as they are.
pub fn text_between_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        if let Some(comment) = tail.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = tail[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        match tail.find('>') {
            Some(gt) if is_tag => {
                out.push(' ');
                rest = &tail[gt + 1..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Trims and turns every run of whitespace into one space, in one buffer (search runs it on
/// every section of every page).
pub fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// Stands for the URL of the revision's root in rendered Markdown, until the page is placed in a
/// tree (`/2023-2026/` or the root copy `/`). A private-use character never found in content.
pub const REV_ROOT: &str = "\u{E000}";
/// The same marker after pulldown-cmark percent-encoded it inside an `href`.
const REV_ROOT_ENCODED: &str = "%EE%80%80";

/// Replaces the revision-root marker with the real prefix.
pub fn place(html: &str, prefix: &str) -> String {
    let placed = html.replace(REV_ROOT, prefix);
    if placed.contains(REV_ROOT_ENCODED) {
        placed.replace(REV_ROOT_ENCODED, prefix)
    } else {
        placed
    }
}

/// [`place`] on a minified page's bytes. Works on bytes with a SIMD substring search: every
/// page is placed once per tree, and `str::replace` on 30 KB pages showed in profiles. Both
/// markers and the prefix are whole UTF-8 sequences, so valid UTF-8 stays valid.
pub fn place_bytes(html: &[u8], prefix: &str) -> Vec<u8> {
    let placed = replace_bytes(html, REV_ROOT.as_bytes(), prefix.as_bytes());
    if memchr::memmem::find(&placed, REV_ROOT_ENCODED.as_bytes()).is_some() {
        replace_bytes(&placed, REV_ROOT_ENCODED.as_bytes(), prefix.as_bytes())
    } else {
        placed
    }
}

/// `haystack` with every `needle` replaced, found with memchr's SIMD substring search.
pub(crate) fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len() + haystack.len() / 16 + with.len());
    let mut copied = 0;
    for at in memchr::memmem::find_iter(haystack, needle) {
        out.extend_from_slice(&haystack[copied..at]);
        out.extend_from_slice(with);
        copied = at + needle.len();
    }
    out.extend_from_slice(&haystack[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_like_split_whitespace() {
        for text in [
            "",
            "   ",
            "ett",
            "  Ring\t112\n\n  nu  ",
            "våld\u{a0}och\u{2003}hot\u{b}x\u{c}y\r\nz",
            "åäö ÅÄÖ – ”citat” \u{3000}slut\u{85}",
            "\u{a0}a\u{a0}",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn strips_tags() {
        assert_eq!(
            strip_tags("<p>Ring <strong>112</strong> &amp; vänta.</p>\n"),
            "Ring 112 & vänta."
        );
    }

    #[test]
    fn places_both_marker_forms() {
        let html = format!("<a href=\"{REV_ROOT_ENCODED}plan/\">{REV_ROOT}x");
        assert_eq!(place(&html, "/h/"), "<a href=\"/h/plan/\">/h/x");
        assert_eq!(
            place_bytes(html.as_bytes(), "/h/"),
            b"<a href=\"/h/plan/\">/h/x"
        );
        assert_eq!(place_bytes("å\u{E000}ä".as_bytes(), "/"), "å/ä".as_bytes());
    }
}
