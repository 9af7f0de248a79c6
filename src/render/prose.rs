//! A page's own content (its Markdown as HTML) goes into the page after minification.
//!
//! pulldown-cmark writes compact HTML already: no indentation, one line break per block.
//! Minifying it anyway took three quarters of the minification stage (a sixth of a build's
//! instructions) to save 1.7 % of its bytes, 75–100 bytes a page after gzip. So each page is
//! rendered with [`PLACEHOLDER`] in `page.content`, the template's HTML around it is minified,
//! and the content is put in the placeholder's place ([`PageProse`]) as pulldown-cmark wrote it.

use crate::model::diagnostic::Diagnostic;
use crate::render::splice::Insert;
use crate::render::theme::Theme;

/// What a template prints for `{{ page.content | safe }}` while the page is rendered: an
/// element minify-html keeps as it is.
pub const PLACEHOLDER: &str = "<handbok-content></handbok-content>";

/// The placeholder after Tera escaped it: a template that printed `page.content` without
/// `| safe`.
const ESCAPED_PLACEHOLDER: &[u8] = b"&lt;handbok-content&gt;";

/// A page's own content, put in each place the template printed it (a template that shows no
/// content leaves the page as it is).
#[derive(Debug)]
pub struct PageProse(pub String);

impl Insert for PageProse {
    fn tag(&self) -> &'static str {
        "handbok-content"
    }

    fn write(&self, attributes: &[u8], out: &mut Vec<u8>) -> bool {
        out.extend_from_slice(self.0.as_bytes());
        attributes.is_empty()
    }

    fn identity(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
}

/// An error when a page printed its content escaped (before this check a reader saw the
/// page's HTML as text), at the template line of `{{ page.content }}`.
pub fn check_unescaped(page: &[u8], theme: &Theme, template: &str) -> Result<(), Diagnostic> {
    let what = "the page's content";
    theme.check_printed_safe(page, ESCAPED_PLACEHOLDER, "page.content", what, template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::files::minify_alone;

    fn splice(page: &[u8], content: &[u8]) -> Vec<u8> {
        let prose = PageProse(String::from_utf8(content.to_vec()).unwrap());
        crate::render::splice::splice(page.to_vec(), &prose)
    }

    #[test]
    fn content_goes_in_unminified_where_the_placeholder_was_kept_by_the_minifier() {
        let page = format!("<main>\n  <h1 class=\"t\">Titel</h1>\n  {PLACEHOLDER}\n</main>");
        let minified = minify_alone(page.as_bytes());
        let content = "<p>Ring <a href=\"tel:112\">112</a>.</p>\n<ul>\n<li>Ett</li>\n</ul>\n";
        let spliced = String::from_utf8(splice(&minified, content.as_bytes())).unwrap();
        assert_eq!(
            spliced,
            format!("<main><h1 class=t>Titel</h1>{content}</main>")
        );
    }

    #[test]
    fn every_placeholder_gets_the_content_and_a_page_without_one_stays_as_it_is() {
        let twice = format!("<div>{PLACEHOLDER}</div><div>{PLACEHOLDER}</div>");
        assert_eq!(
            splice(twice.as_bytes(), b"<p>x</p>"),
            b"<div><p>x</p></div><div><p>x</p></div>"
        );
        assert_eq!(splice(b"<p>ingen</p>", b"<p>x</p>"), b"<p>ingen</p>");
    }
}
