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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tera::Value;

use crate::render::files::minify_alone;
use crate::render::splice::{splice, Insert};

/// The filter's name in templates.
pub const FILTER: &str = "shared";

/// Parts kept at most: past it (a theme that wraps what every page has of its own), a part
/// stays in its page and is minified with it, so memory does not grow with the site.
const LIMIT: usize = 4096;

/// Tells one table from another in a page's identity: `serve` keeps pages from build to
/// build, and a part's number means something only in the table that gave it out.
static TABLES: AtomicU64 = AtomicU64::new(0);

#[derive(Debug)]
struct Part {
    source: String,
    minified: OnceLock<Vec<u8>>,
}

#[derive(Debug, Default)]
struct Table {
    ids: HashMap<String, usize>,
    parts: Vec<Arc<Part>>,
}

/// The shared parts of one theme's pages: the theme's `shared` filter fills it while pages
/// are rendered, and every page splices it in after minifying. One table per loaded theme, so
/// a build's parts live as long as the theme it used, never as long as the process.
#[derive(Debug)]
pub struct SharedParts {
    table: Mutex<Table>,
    /// This table's number among all tables made in the process.
    number: u64,
}

impl SharedParts {
    pub fn new() -> Arc<SharedParts> {
        Arc::new(SharedParts {
            table: Mutex::default(),
            number: TABLES.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The `shared` filter: the part's placeholder, or the part itself when the table is full.
    pub fn filter(
        self: &Arc<Self>,
    ) -> impl Fn(&Value, &HashMap<String, Value>) -> tera::Result<Value> + Send + Sync {
        let parts = Arc::clone(self);
        move |value, _| {
            let Some(source) = value.as_str() else {
                return Ok(value.clone());
            };
            Ok(Value::String(match parts.intern(source) {
                Some(id) => format!("<handbok-shared n={id}></handbok-shared>"),
                None => source.to_string(),
            }))
        }
    }

    /// `html` minified, with the parts it holds put in.
    pub fn minify(&self, html: &str) -> Vec<u8> {
        splice(minify_alone(html.as_bytes()), self)
    }

    fn intern(&self, source: &str) -> Option<usize> {
        self.table.lock().ok()?.intern(source, LIMIT)
    }

    fn part(&self, id: usize) -> Option<Arc<Part>> {
        self.table.lock().ok()?.parts.get(id).cloned()
    }
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

impl Insert for SharedParts {
    fn tag(&self) -> &'static str {
        "handbok-shared"
    }

    /// A part is minified the first time any page needs it.
    fn write(&self, attributes: &[u8], out: &mut Vec<u8>) -> bool {
        let id = attributes
            .strip_prefix(b" n=")
            .filter(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
            .and_then(|digits| std::str::from_utf8(digits).ok()?.parse::<usize>().ok());
        let Some(part) = id.and_then(|id| self.part(id)) else {
            return false;
        };
        out.extend_from_slice(
            part.minified
                .get_or_init(|| self.minify(part.source.trim())),
        );
        true
    }

    fn identity(&self) -> Vec<u8> {
        self.number.to_le_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholder(parts: &Arc<SharedParts>, part: &str) -> String {
        let filter = parts.filter();
        let value = filter(&Value::String(part.to_string()), &HashMap::new()).unwrap();
        value.as_str().unwrap().to_string()
    }

    fn minify(html: &str) -> Vec<u8> {
        minify_alone(html.as_bytes())
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
        let parts = SharedParts::new();
        let whole = minify(&page(FORM, CONTACTS));
        let with_placeholders = page(&placeholder(&parts, FORM), &placeholder(&parts, CONTACTS));
        assert!(!with_placeholders.contains("<form"));
        let spliced = parts.minify(&with_placeholders);
        assert_eq!(
            String::from_utf8_lossy(&spliced),
            String::from_utf8_lossy(&whole)
        );
    }

    #[test]
    fn a_part_is_kept_once_and_minified_once() {
        let parts = SharedParts::new();
        assert_eq!(placeholder(&parts, FORM), placeholder(&parts, FORM));
        assert_ne!(placeholder(&parts, FORM), placeholder(&parts, CONTACTS));
        let page = page(&placeholder(&parts, FORM), "");
        let part = parts.part(0).unwrap();
        assert!(
            part.minified.get().is_none(),
            "not minified before a page needs it"
        );
        let first = parts.minify(&page);
        let minified_at = part.minified.get().unwrap().as_ptr();
        let again = parts.minify(&page);
        assert_eq!(first, again);
        assert_eq!(
            part.minified.get().unwrap().as_ptr(),
            minified_at,
            "minified once"
        );
    }

    #[test]
    fn each_theme_has_its_own_table() {
        let (one, other) = (SharedParts::new(), SharedParts::new());
        let in_one = placeholder(&one, CONTACTS);
        assert_ne!(one.identity(), other.identity());
        let page = in_one.into_bytes();
        assert_eq!(
            splice(page.clone(), other.as_ref()),
            page,
            "not the other's part"
        );
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
        let parts = SharedParts::new();
        placeholder(&parts, FORM);
        for page in [
            b"<p>&lt;handbok-shared n=0&gt;</p>".to_vec(),
            b"<handbok-shared n=99999999></handbok-shared>".to_vec(),
            b"<handbok-shared n=></handbok-shared><handbok-shared n=x>".to_vec(),
            b"<handbok-shared n=0 x></handbok-shared>".to_vec(),
        ] {
            assert_eq!(splice(page.clone(), parts.as_ref()), page);
        }
    }
}
