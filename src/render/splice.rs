//! The one way handbok puts parts into a page after minifying it: the menu, the parts many
//! pages share, and the page's own prose.
//!
//! Minifying is the most expensive step of a page, and most of a page is not its own: a menu
//! shared by a whole branch, a frame shared by every page, and prose that minify-html barely
//! shrinks. So a template prints a placeholder element in their place (`<handbok-menu>`,
//! `<handbok-shared n=3>`, `<handbok-content>`), the page is minified around it, and each
//! [`Insert`] writes its part into its placeholders' places ([`splice_all`]). With closing tags
//! kept, minify-html writes an element the same wherever it stands, so the page comes out as if
//! it had been minified whole (the tests of each insert check it).

use std::fmt::Debug;
use std::sync::Arc;

use memchr::memmem;

/// A part that goes into a page after minification, in place of the placeholder element
/// `<TAG ATTRIBUTES></TAG>` that the template printed.
pub trait Insert: Debug + Send + Sync {
    /// The placeholder's element name, e.g. `handbok-menu`.
    fn tag(&self) -> &'static str;
    /// Appends the part for one placeholder with these attribute bytes (what stands between
    /// the element name and `>`, as minify-html wrote it) to `out`. `false` leaves the
    /// placeholder in (and anything appended is taken back).
    fn write(&self, attributes: &[u8], out: &mut Vec<u8>) -> bool;
    /// Only the first placeholder is filled (a page has one menu).
    fn first_only(&self) -> bool {
        false
    }
    /// What the part puts in, for `serve` to tell whether a page changed.
    fn identity(&self) -> Vec<u8>;
}

/// `page` with each insert's placeholders filled, in the order of `inserts`.
pub fn splice_all(page: Vec<u8>, inserts: &[Arc<dyn Insert>]) -> Vec<u8> {
    inserts
        .iter()
        .fold(page, |page, insert| splice(page, insert.as_ref()))
}

/// `page` with `insert`'s placeholders filled.
pub fn splice(page: Vec<u8>, insert: &dyn Insert) -> Vec<u8> {
    let tag = insert.tag().as_bytes();
    let open = [b"<", tag].concat();
    let close = [b"></", tag, b">"].concat();
    let Some(mut at) = memmem::find(&page, &open) else {
        return page;
    };
    let mut out = Vec::with_capacity(page.len() * 2);
    let mut copied = 0;
    loop {
        let after_name = at + open.len();
        let mut search_from = after_name;
        if let Some(end) = placeholder_end(&page[after_name..], &close) {
            let attributes = &page[after_name..after_name + end];
            // The part is written straight after the page up to it; a refused placeholder
            // takes back whatever its insert wrote.
            let before = out.len();
            out.extend_from_slice(&page[copied..at]);
            if !insert.write(attributes, &mut out) {
                out.truncate(before);
            } else {
                copied = after_name + end + close.len();
                search_from = copied;
                if insert.first_only() {
                    break;
                }
            }
        }
        match memmem::find(&page[search_from..], &open) {
            Some(next) => at = search_from + next,
            None => break,
        }
    }
    out.extend_from_slice(&page[copied..]);
    out
}

/// Where the attributes end in `rest` (just after the element name), if the placeholder is
/// whole: attributes without `>` or `<`, then `></TAG>`.
fn placeholder_end(rest: &[u8], close: &[u8]) -> Option<usize> {
    let end = rest.iter().position(|&b| b == b'>' || b == b'<')?;
    let is_name_end = end == 0 || rest[0] == b' ';
    (is_name_end && rest[end..].starts_with(close)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Numbered {
        first_only: bool,
    }

    impl Insert for Numbered {
        fn tag(&self) -> &'static str {
            "x-part"
        }
        fn write(&self, attributes: &[u8], out: &mut Vec<u8>) -> bool {
            match attributes.strip_prefix(b" n=") {
                Some(n) if n != b"0" => {
                    out.extend_from_slice(b"[");
                    out.extend_from_slice(n);
                    out.extend_from_slice(b"]");
                    true
                }
                None if attributes.is_empty() => {
                    out.extend_from_slice(b"[]");
                    true
                }
                _ => false,
            }
        }
        fn first_only(&self) -> bool {
            self.first_only
        }
        fn identity(&self) -> Vec<u8> {
            Vec::new()
        }
    }

    fn spliced(page: &str, first_only: bool) -> String {
        let insert = Numbered { first_only };
        String::from_utf8(splice(page.as_bytes().to_vec(), &insert)).unwrap()
    }

    #[test]
    fn every_whole_placeholder_is_filled_and_the_rest_kept() {
        let page = "<p><x-part></x-part> <x-part n=2></x-part> <x-part n=0></x-part> \
                    <x-partner></x-partner> <x-part n=3></x-part>";
        assert_eq!(
            spliced(page, false),
            "<p>[] [2] <x-part n=0></x-part> <x-partner></x-partner> [3]"
        );
    }

    #[test]
    fn first_only_fills_one_and_a_page_without_placeholders_is_as_it_was() {
        assert_eq!(
            spliced("<x-part></x-part><x-part></x-part>", true),
            "[]<x-part></x-part>"
        );
        assert_eq!(spliced("<p>ingen</p>", false), "<p>ingen</p>");
        assert_eq!(
            spliced("<x-part>&lt;x-part&gt;", false),
            "<x-part>&lt;x-part&gt;"
        );
    }
}
