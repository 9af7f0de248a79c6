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

/// Stands for the URL of the revision's root in rendered Markdown, until the page is placed in a
/// tree (`/2023-2026/` or the root copy `/`). A private-use character never found in content.
pub const REV_ROOT: &str = "\u{E000}";
/// The same marker after pulldown-cmark percent-encoded it inside an `href`.
const REV_ROOT_ENCODED: &str = "%EE%80%80";

/// Replaces the revision-root marker with the real prefix.
pub fn place(html: &str, prefix: &str) -> String {
    html.replace(REV_ROOT, prefix)
        .replace(REV_ROOT_ENCODED, prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn places_both_marker_forms() {
        let html = format!("<a href=\"{REV_ROOT_ENCODED}plan/\">{REV_ROOT}x");
        assert_eq!(place(&html, "/h/"), "<a href=\"/h/plan/\">/h/x");
    }
}
