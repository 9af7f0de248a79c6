//! The menu beside every page, filled and minified once per open branch instead of once per
//! page.
//!
//! A page's menu lists the parts of the handbook and opens the section the page is in
//! ([`Nav::menu_branch`]). Every page of a section has the same menu, but for the link to the
//! page itself, which carries `aria-current="page"`. So the theme's `menu.html` is filled and
//! minified once per section ([`Menus::render`]). Each page is rendered with [`PLACEHOLDER`]
//! where its menu goes and minified without it; then the section's menu goes in its place with
//! the page's own link marked ([`PageMenu`], an [`Insert`]). On a 1,000-page handbook, filling and
//! minifying the menu on every page was a fifth of the build.
//!
//! The page comes out as if it had been minified with its menu in it: with closing tags kept,
//! minify-html writes an element the same wherever it stands (a test below checks it).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use memchr::memmem;
use rayon::prelude::*;
use serde::Serialize;

use crate::model::diagnostic::Diagnostic;
use crate::model::i18n::Strings;
use crate::model::timings::{measure, Stage};
use crate::render::files::minify_alone;
use crate::render::nav::{Nav, NavItem};
use crate::render::splice::Insert;
use crate::render::theme::{SiteContext, Theme};

/// What a page's template gets as `menu`: an element minify-html keeps as it is, replaced
/// by the menu once the page is minified.
pub const PLACEHOLDER: &str = "<handbok-menu></handbok-menu>";

/// The placeholder after Tera escaped it: a template that printed `menu` without `| safe`.
const ESCAPED_PLACEHOLDER: &[u8] = b"&lt;handbok-menu&gt;";

/// The attribute handbok adds to the page's own link, before its `href` (where minify-html,
/// which sorts attributes, would have put it).
const CURRENT: &[u8] = b"aria-current=page ";

/// What `menu.html` sees: the open branch, never the page being read.
#[derive(Serialize)]
struct MenuContext<'a> {
    nav: Vec<NavItem>,
    nav_partial: bool,
    home_url: &'a str,
    site: &'a SiteContext<'a>,
    strings: &'a Strings,
}

/// A revision's menus, minified, by the source path of the entry each one opens at. Branches
/// whose menu lists nothing (the start page of a handbook with many parts) are left out.
#[derive(Debug, Default)]
pub struct Menus {
    by_branch: HashMap<String, Arc<[u8]>>,
}

impl Menus {
    /// Fills `menu.html` once for each branch that one of the pages `keys` opens, in parallel;
    /// URLs start with `prefix`.
    pub fn render(
        nav: &Nav,
        keys: &[&str],
        theme: &Theme,
        site: &SiteContext,
        prefix: &str,
    ) -> Result<Menus, Diagnostic> {
        let branches: BTreeSet<&str> = keys.iter().map(|key| nav.menu_branch(key)).collect();
        let by_branch = branches
            .into_par_iter()
            .filter_map(|branch| {
                let items = nav.items_for(branch, prefix);
                if items.is_empty() {
                    return None;
                }
                let context = MenuContext {
                    nav: items,
                    nav_partial: nav.is_partial(),
                    home_url: prefix,
                    site,
                    strings: &theme.strings,
                };
                let filled = measure(Stage::Templates, || theme.render("menu.html", &context));
                Some(filled.map(|html| {
                    let minified = measure(Stage::Minify, || theme.minify(html.trim()));
                    (branch.to_string(), Arc::from(minified))
                }))
            })
            .collect::<Result<HashMap<_, _>, _>>()?;
        Ok(Menus { by_branch })
    }

    /// The menu of the page `key`, whose address is `url`; `None` when it lists nothing.
    pub fn for_page(&self, nav: &Nav, key: &str, url: &str) -> Option<PageMenu> {
        self.by_branch
            .get(nav.menu_branch(key))
            .map(|html| PageMenu {
                html: Arc::clone(html),
                own_href: own_href(url),
            })
    }
}

/// One page's menu: its branch's menu and how the page's own link reads in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMenu {
    html: Arc<[u8]>,
    /// `href=/x/` as minify-html writes the page's address.
    own_href: Vec<u8>,
}

impl Insert for PageMenu {
    fn tag(&self) -> &'static str {
        "handbok-menu"
    }

    /// The menu with the page's own link marked `aria-current=page`.
    fn write(&self, attributes: &[u8], out: &mut Vec<u8>) -> bool {
        out.reserve(self.html.len() + CURRENT.len());
        let mut rest: &[u8] = &self.html;
        for link in own_links(&self.html, &self.own_href) {
            let before = link - (self.html.len() - rest.len());
            out.extend_from_slice(&rest[..before]);
            out.extend_from_slice(CURRENT);
            rest = &rest[before..];
        }
        out.extend_from_slice(rest);
        attributes.is_empty()
    }

    /// A page has one menu; a second placeholder stays as it is.
    fn first_only(&self) -> bool {
        true
    }

    fn identity(&self) -> Vec<u8> {
        let mut identity = self.own_href.clone();
        identity.push(0);
        identity.extend_from_slice(&self.html);
        identity
    }
}

/// An error when a page printed the menu escaped, at the template line of `{{ menu }}`.
pub fn check_unescaped(page: &[u8], theme: &Theme, template: &str) -> Result<(), Diagnostic> {
    theme.check_printed_safe(page, ESCAPED_PLACEHOLDER, "menu", "the menu", template)
}

/// `href=…` as minify-html writes `url` in an attribute: the same in every element, since
/// minify-html picks the shortest form of a value from the value alone.
fn own_href(url: &str) -> Vec<u8> {
    let tag =
        minify_alone(format!("<a href=\"{}\">", crate::markdown::html::escape(url)).as_bytes());
    let attribute = tag
        .strip_prefix(b"<a ")
        .and_then(|rest| rest.strip_suffix(b">"))
        .unwrap_or(&tag);
    attribute.to_vec()
}

/// Where each attribute `own_href` starts in `menu`: a whole attribute, not the end of
/// `data-href=…` or the start of a longer address.
fn own_links(menu: &[u8], own_href: &[u8]) -> Vec<usize> {
    let quoted = own_href.ends_with(b"\"") || own_href.ends_with(b"'");
    memmem::find_iter(menu, own_href)
        .filter(|&at| {
            let after = menu.get(at + own_href.len()).copied();
            at > 0 && menu[at - 1] == b' ' && (quoted || matches!(after, Some(b'>' | b' ' | b'/')))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minify(html: &str) -> Vec<u8> {
        minify_alone(html.as_bytes())
    }

    impl PageMenu {
        fn splice(&self, page: &[u8]) -> Vec<u8> {
            crate::render::splice::splice(page.to_vec(), self)
        }
    }

    const MENU: &str = "<nav id=\"nav\" class=\"sidenav\" aria-label=\"Innehåll\">\n\
        <ul class=\"nav__list nav__list--l1\">\n\
        <li class=\"is-open\"><a href=\"/h/plan/\">Planen</a>\n\
        <ul class=\"nav__list nav__list--l2\">\n\
        <li><a href=\"/h/plan/a/\">A &amp; O</a></li>\n\
        <li><a href=\"/h/plan/a/b/\">B</a></li>\n\
        </ul>\n</li>\n<li><a href=\"/h/om/\">Om</a></li>\n</ul>\n</nav>";

    fn page(menu: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<title>A</title>\n</head>\n\
             <body>\n<div class=\"layout\">\n<main id=\"main\">\n<p>Text  med   luft.</p>\n\
             </main>\n{menu}\n</div>\n<footer>\n<p>Fot</p>\n</footer>\n</body>\n</html>\n"
        )
    }

    fn page_menu(url: &str) -> PageMenu {
        PageMenu {
            html: Arc::from(minify(MENU)),
            own_href: own_href(url),
        }
    }

    #[test]
    fn a_spliced_page_is_the_page_minified_with_its_menu() {
        for (url, marked) in [("/h/plan/a/", "A &amp; O"), ("/h/plan/", "Planen")] {
            let with_menu = MENU.replace(
                &format!("<a href=\"{url}\">"),
                &format!("<a href=\"{url}\" aria-current=\"page\">"),
            );
            assert_ne!(with_menu, MENU, "{marked}");
            let whole = minify(&page(&with_menu));
            let spliced = page_menu(url).splice(&minify(&page(PLACEHOLDER)));
            assert_eq!(
                String::from_utf8_lossy(&spliced),
                String::from_utf8_lossy(&whole)
            );
        }
    }

    #[test]
    fn only_the_page_s_own_link_is_marked() {
        let spliced = page_menu("/h/plan/a/").splice(&minify(&page(PLACEHOLDER)));
        let text = String::from_utf8_lossy(&spliced);
        assert_eq!(text.matches("aria-current").count(), 1, "{text}");
        assert!(
            text.contains("<a aria-current=page href=/h/plan/a/>"),
            "{text}"
        );
        // A page outside the menu (the search page) gets it unmarked.
        let elsewhere = page_menu("/h/sok/").splice(&minify(&page(PLACEHOLDER)));
        let text = String::from_utf8_lossy(&elsewhere);
        assert!(!text.contains("aria-current") && text.contains("href=/h/om/"));
        // A page whose template shows no menu is left as it is.
        let bare = minify(&page(""));
        assert_eq!(page_menu("/h/plan/").splice(&bare), bare);
    }

    #[test]
    fn an_address_that_needs_quotes_is_found_too() {
        let menu =
            "<ul><li><a href=\"/h/a b/\">A</a></li><li><a href=\"/h/a b/c/\">C</a></li></ul>";
        let spliced = PageMenu {
            html: Arc::from(minify(menu)),
            own_href: own_href("/h/a b/"),
        }
        .splice(PLACEHOLDER.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&spliced),
            "<ul><li><a aria-current=page href=\"/h/a b/\">A</a></li><li><a href=\"/h/a b/c/\">C</a></li></ul>"
        );
    }
}
