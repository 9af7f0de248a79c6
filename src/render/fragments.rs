//! Parts of the page frame that many pages share (the emergency bar, the search form, the
//! footer's contacts), minified once instead of once per page.
//!
//! A template wraps such a part in `{% filter shared %}…{% endfilter %}`. The filter keeps the
//! part in a table and leaves a placeholder in the page ([`filter`]); the page is minified with
//! the placeholder, and then each part goes back in its place, minified the first time a page
//! needs it ([`splice`]). A part that differs from page to page is still right, only not
//! faster: each version is its own entry. On a 1,000-page handbook the frame's shared parts
//! were a third of what the minifier did.
//!
//! The page comes out as if it had been minified whole: with closing tags kept, minify-html
//! writes an element the same wherever it stands, so a part must be whole elements (a test
//! below checks it).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use memchr::memmem;
use tera::Value;

/// The filter's name in templates.
pub const FILTER: &str = "shared";

const OPEN: &[u8] = b"<handbok-shared n=";
const CLOSE: &[u8] = b"></handbok-shared>";

/// Parts kept at most: past it (a theme that wraps what every page has of its own), a part
/// stays in its page and is minified with it, so memory does not grow with the site.
const LIMIT: usize = 4096;

struct Part {
    source: String,
    minified: OnceLock<Vec<u8>>,
}

#[derive(Default)]
struct Table {
    ids: HashMap<String, usize>,
    parts: Vec<Arc<Part>>,
}

/// One table for the process: the filter is registered on a theme that `serve` keeps from one
/// build to the next, and a part is the same part whichever build asks.
static TABLE: LazyLock<Mutex<Table>> = LazyLock::new(Mutex::default);

/// The `shared` filter: the part's placeholder, or the part itself when the table is full.
pub fn filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let Some(source) = value.as_str() else {
        return Ok(value.clone());
    };
    Ok(Value::String(match intern(source) {
        Some(id) => format!("<handbok-shared n={id}></handbok-shared>"),
        None => source.to_string(),
    }))
}

fn intern(source: &str) -> Option<usize> {
    TABLE.lock().ok()?.intern(source, LIMIT)
}

impl Table {
    /// The part's id, new or already kept; `None` once `limit` parts are kept.
    fn intern(&mut self, source: &str, limit: usize) -> Option<usize> {
        if let Some(&id) = self.ids.get(source) {
            return Some(id);
        }
        if self.parts.len() >= limit {
            return None;
        }
        let id = self.parts.len();
        self.parts.push(Arc::new(Part {
            source: source.to_string(),
            minified: OnceLock::new(),
        }));
        self.ids.insert(source.to_string(), id);
        Some(id)
    }
}

fn part(id: usize) -> Option<Arc<Part>> {
    TABLE.lock().ok()?.parts.get(id).cloned()
}

/// `page`, minified with placeholders in it, with each part in its placeholder's place.
/// `minify` minifies a part the first time any page needs it.
pub fn splice(page: Vec<u8>, minify: impl Fn(&str) -> Vec<u8>) -> Vec<u8> {
    let mut at = match memmem::find(&page, OPEN) {
        Some(at) => at,
        None => return page,
    };
    let mut out = Vec::with_capacity(page.len() * 2);
    let mut done = 0;
    loop {
        let digits = &page[at + OPEN.len()..];
        let length = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        let id = std::str::from_utf8(&digits[..length])
            .ok()
            .and_then(|d| d.parse::<usize>().ok());
        let found = id
            .filter(|_| digits[length..].starts_with(CLOSE))
            .and_then(part);
        if let Some(part) = found {
            out.extend_from_slice(&page[done..at]);
            out.extend_from_slice(part.minified.get_or_init(|| minify(part.source.trim())));
            done = at + OPEN.len() + length + CLOSE.len();
        }
        let from = at + OPEN.len();
        match memmem::find(&page[from..], OPEN) {
            Some(next) => at = from + next,
            None => break,
        }
    }
    out.extend_from_slice(&page[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::minify;

    fn placeholder(part: &str) -> String {
        let value = filter(&Value::String(part.to_string()), &HashMap::new()).unwrap();
        value.as_str().unwrap().to_string()
    }

    const FORM: &str = "<form role=\"search\" action=\"/h/sok/\" class=\"site-search\" \
        data-text=\"{n} träffar\">\n<label for=\"q\">Sök</label>\n\
        <input id=\"q\" type=\"search\" name=\"q\" autocomplete=\"off\">\n</form>";
    const CONTACTS: &str = "<section class=\"contacts\">\n<h2>Kontakt</h2>\n<ul>\n\
        <li><a href=\"tel:112\">112</a>   &amp;   polisen</li>\n</ul>\n</section>";

    fn page(form: &str, contacts: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<title>A</title>\n</head>\n\
             <body>\n<header>\n{form}\n</header>\n<main>\n<p>Text  med   luft.</p>\n</main>\n\
             <footer>\n<div class=\"meta\">\n{contacts}\n<p>Sida 1</p>\n</div>\n</footer>\n\
             </body>\n</html>\n"
        )
    }

    #[test]
    fn a_spliced_page_is_the_page_minified_whole() {
        let whole = minify(&page(FORM, CONTACTS));
        let with_placeholders = page(&placeholder(FORM), &placeholder(CONTACTS));
        assert!(!with_placeholders.contains("<form"));
        let spliced = splice(minify(&with_placeholders), minify);
        assert_eq!(
            String::from_utf8_lossy(&spliced),
            String::from_utf8_lossy(&whole)
        );
    }

    #[test]
    fn a_part_is_kept_once_and_minified_once() {
        assert_eq!(placeholder(FORM), placeholder(FORM));
        assert_ne!(placeholder(FORM), placeholder(CONTACTS));
        let page = minify(&page(&placeholder(FORM), ""));
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let counting = |part: &str| {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            minify(part)
        };
        let first = splice(page.clone(), counting);
        let again = splice(page, counting);
        assert_eq!(first, again);
        assert!(calls.into_inner() <= 1, "minified once for the process");
    }

    #[test]
    fn a_full_table_keeps_what_it_has_and_takes_nothing_new() {
        let mut table = Table::default();
        assert_eq!(table.intern("<p>a</p>", 2), Some(0));
        assert_eq!(table.intern("<p>b</p>", 2), Some(1));
        assert_eq!(table.intern("<p>c</p>", 2), None, "full");
        assert_eq!(table.intern("<p>a</p>", 2), Some(0), "still found");
        assert_eq!(table.parts.len(), 2);
    }

    #[test]
    fn text_that_only_looks_like_a_placeholder_is_left_alone() {
        for page in [
            b"<p>&lt;handbok-shared n=1&gt;</p>".to_vec(),
            b"<handbok-shared n=99999999></handbok-shared>".to_vec(),
            b"<handbok-shared n=></handbok-shared><handbok-shared n=x>".to_vec(),
        ] {
            assert_eq!(splice(page.clone(), minify), page);
        }
    }
}
