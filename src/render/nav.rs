//! The navigation of a revision: its tree of sections and pages, the reading order (for
//! previous/next links) and breadcrumbs. Derived from the model, never stored in it.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::content::{Revision, SortKey};

/// One entry of the tree, addressed by source path.
#[derive(Debug, Clone)]
pub struct Node {
    pub key: String,
    pub title: String,
    /// URL path inside the revision (`plan/mal/`).
    pub url_path: String,
    pub children: Vec<Node>,
    /// Reached only through a link (trainer mode): not listed, not in the reading order, but
    /// with breadcrumbs.
    pub hidden: bool,
}

/// A menu entry as templates see it, with URLs placed in a tree and the open branch marked.
/// The menu is rendered once per open branch ([`crate::render::menu`]), not once per page, so the
/// page being read is not marked here: handbok marks its link after rendering.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// `"open"` on the way to the open branch (the branch's section and the sections above
    /// it), else empty: one lookup tells a template whether an entry needs more than its link.
    /// Tera turns every `item.x` into a JSON pointer (some 1,800 instructions a lookup).
    pub state: &'static str,
    /// Whether the entry has children, even when they are left out of `children`.
    pub has_children: bool,
    /// Only filled on the open branch: leaving the rest out keeps the menu small (a 1,000-page
    /// handbook would otherwise list every page on every page).
    pub children: Vec<NavItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// Up to this many top-level entries, every page lists them all. Above it, a page lists only
/// the part it is in, with a link to the start page, which lists every part. A menu of
/// hundreds of parts helps nobody on a phone, and it would make every page (and so the build)
/// grow with the size of the handbook: a full table of contents on every page is why mdBook's
/// build time grows with the square of the page count.
pub const FULL_NAV_LIMIT: usize = 40;

/// The revision's structure, built once and shared by all its pages.
#[derive(Debug)]
pub struct Nav {
    /// The start page with everything below it.
    pub root: Node,
    /// Source paths in reading order: the start page, then depth first.
    pub order: Vec<String>,
    /// Source path → its place in `order`: each page looks up its neighbours, and a search
    /// through `order` would make that quadratic in the page count.
    positions: HashMap<String, usize>,
    /// Source path → parent source path.
    parents: HashMap<String, String>,
    /// Source paths of the entries with listed children: a menu opens at them.
    sections: std::collections::HashSet<String>,
    titles: HashMap<String, (String, String)>,
}

impl Nav {
    /// `generated` are the compiler's own pages (glossary, checklists, quizzes); they come
    /// after the Markdown pages at the top level.
    pub fn new(revision: &Revision, generated: Vec<Node>) -> Nav {
        let mut children_of: HashMap<&str, Vec<(SortKey, &str)>> = HashMap::new();
        for page in &revision.pages {
            if let Some(parent) = &page.parent {
                children_of
                    .entry(parent.as_str())
                    .or_default()
                    .push((page.sort_key(), page.rel_path.as_str()));
            }
        }
        for list in children_of.values_mut() {
            list.sort();
        }
        let by_path: HashMap<&str, _> = revision
            .pages
            .iter()
            .map(|p| (p.rel_path.as_str(), p))
            .collect();
        fn build(
            key: &str,
            by_path: &HashMap<&str, &crate::model::content::Page>,
            children_of: &HashMap<&str, Vec<(SortKey, &str)>>,
        ) -> Node {
            let page = by_path[key];
            Node {
                key: key.to_string(),
                title: page.front.title.clone(),
                url_path: page.url_path.clone(),
                children: children_of
                    .get(key)
                    .map(|list| {
                        list.iter()
                            .map(|(_, child)| build(child, by_path, children_of))
                            .collect()
                    })
                    .unwrap_or_default(),
                hidden: false,
            }
        }
        let mut root = build("_index.md", &by_path, &children_of);
        root.children.extend(generated);
        let mut nav = Nav {
            root: root.clone(),
            order: Vec::new(),
            positions: HashMap::new(),
            parents: HashMap::new(),
            sections: Default::default(),
            titles: HashMap::new(),
        };
        nav.index(&root, None);
        nav
    }

    fn index(&mut self, node: &Node, parent: Option<&str>) {
        if !node.hidden {
            self.positions.insert(node.key.clone(), self.order.len());
            self.order.push(node.key.clone());
        }
        self.titles.insert(
            node.key.clone(),
            (node.title.clone(), node.url_path.clone()),
        );
        if let Some(parent) = parent {
            self.parents.insert(node.key.clone(), parent.to_string());
        }
        if node.children.iter().any(|c| !c.hidden) {
            self.sections.insert(node.key.clone());
        }
        for child in &node.children {
            self.index(child, Some(&node.key));
        }
    }

    /// Where the menu of the page `key` opens: the page itself when it has children of its
    /// own, else its parent. Every page of a section shares one menu, so the menu is rendered
    /// once per section ([`crate::render::menu`]). A part of its own in a partial menu (see
    /// [`FULL_NAV_LIMIT`]) is its own branch: it is the one part listed.
    pub fn menu_branch<'k>(&'k self, key: &'k str) -> &'k str {
        if self.sections.contains(key) {
            return key;
        }
        match self.parents.get(key) {
            Some(parent) if *parent == self.root.key && self.is_partial() => key,
            Some(parent) => parent,
            None => &self.root.key,
        }
    }

    /// The top-level entries of the menu that opens at `branch` ([`Nav::menu_branch`]): it and
    /// the sections above it are open and list their children; URLs start with `prefix`. With
    /// more than [`FULL_NAV_LIMIT`] top-level entries, only the one `branch` is in is listed.
    pub fn items_for(&self, branch: &str, prefix: &str) -> Vec<NavItem> {
        let mut open = self.ancestors(branch);
        open.push(branch.to_string());
        let partial = self.is_partial();
        self.root
            .children
            .iter()
            .filter(|node| !node.hidden)
            .filter(|node| !partial || open.contains(&node.key))
            .map(|node| item(node, &open, prefix))
            .collect()
    }

    /// Whether pages list only the part they are in (see [`FULL_NAV_LIMIT`]).
    pub fn is_partial(&self) -> bool {
        self.root.children.iter().filter(|n| !n.hidden).count() > FULL_NAV_LIMIT
    }

    /// Source paths from the start page down to the parent of `key`.
    pub fn ancestors(&self, key: &str) -> Vec<String> {
        let mut chain = Vec::new();
        let mut at = key;
        while let Some(parent) = self.parents.get(at) {
            chain.push(parent.clone());
            at = parent;
        }
        chain.reverse();
        chain
    }

    pub fn breadcrumbs(&self, key: &str, prefix: &str) -> Vec<Crumb> {
        self.ancestors(key)
            .iter()
            .map(|k| self.crumb(k, prefix))
            .collect()
    }

    /// Previous and next page in reading order.
    pub fn neighbours(&self, key: &str, prefix: &str) -> (Option<Crumb>, Option<Crumb>) {
        let Some(&index) = self.positions.get(key) else {
            return (None, None);
        };
        let prev = index
            .checked_sub(1)
            .map(|i| self.crumb(&self.order[i], prefix));
        let next = self.order.get(index + 1).map(|k| self.crumb(k, prefix));
        (prev, next)
    }

    fn crumb(&self, key: &str, prefix: &str) -> Crumb {
        let (title, url_path) = self.titles.get(key).cloned().unwrap_or_default();
        Crumb {
            title,
            url: format!("{prefix}{url_path}"),
        }
    }

    /// The direct children of a section, for its list of contents.
    pub fn children(&self, key: &str) -> Vec<&Node> {
        fn find<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
            if node.key == key {
                return Some(node);
            }
            node.children.iter().find_map(|c| find(c, key))
        }
        find(&self.root, key)
            .map(|n| n.children.iter().collect())
            .unwrap_or_default()
    }
}

fn item(node: &Node, open: &[String], prefix: &str) -> NavItem {
    let is_open = open.contains(&node.key);
    NavItem {
        title: node.title.clone(),
        url: format!("{prefix}{}", node.url_path),
        state: if is_open { "open" } else { "" },
        has_children: node.children.iter().any(|c| !c.hidden),
        children: if is_open {
            node.children
                .iter()
                .filter(|c| !c.hidden)
                .map(|c| item(c, open, prefix))
                .collect()
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::content::{FrontMatter, Page, RevisionMeta, SourceFile, Status, Visibility};
    use std::sync::Arc;

    fn page(rel_path: &str, title: &str, weight: i64) -> Page {
        let is_section = rel_path.ends_with("_index.md");
        let folder = rel_path.rsplit_once('/').map_or("", |(f, _)| f);
        let parent = match (is_section, folder) {
            (true, "") => None,
            (true, _) => Some("_index.md".to_string()),
            (false, "") => Some("_index.md".to_string()),
            (false, f) => Some(format!("{f}/_index.md")),
        };
        let url_path = match (is_section, folder) {
            (true, "") => String::new(),
            (true, f) => format!("{f}/"),
            (false, _) => rel_path.trim_end_matches(".md").to_string() + "/",
        };
        Page {
            rel_path: rel_path.into(),
            url_path,
            is_section,
            parent,
            front: FrontMatter {
                title: title.into(),
                description: String::new(),
                weight,
                visibility: Visibility::Public,
                ..FrontMatter::default()
            },
            source: Arc::new(SourceFile {
                path: rel_path.into(),
                text: String::new(),
            }),
            body_start: 0,
        }
    }

    fn revision() -> Revision {
        Revision {
            id: "r".into(),
            meta: RevisionMeta {
                status: Status::Adopted,
                title: String::new(),
                adopted: Some("2023-01-01".into()),
                ..RevisionMeta::default()
            },
            pages: vec![
                page("_index.md", "Start", 0),
                page("plan/_index.md", "Plan", 1),
                page("plan/b.md", "Öppenhet", 0),
                page("plan/a.md", "Ärenden", 0),
                page("plan/c.md", "Först", -1),
                page("om.md", "Om", 2),
            ],
            terms: vec![],
            terms_file: None,
            checklists: vec![],
            quizzes: vec![],
            assets: vec![],
            unreadable: vec![],
            withheld: vec![],
            content_key: [0; 32],
        }
    }

    #[test]
    fn reading_order_is_depth_first_by_weight_then_swedish_title() {
        let glossary = Node {
            key: "definitions.yaml".into(),
            title: "Begrepp".into(),
            url_path: "definitioner/".into(),
            children: vec![],
            hidden: false,
        };
        let nav = Nav::new(&revision(), vec![glossary]);
        assert_eq!(
            nav.order,
            [
                "_index.md",
                "plan/_index.md",
                "plan/c.md",
                "plan/a.md",
                "plan/b.md",
                "om.md",
                "definitions.yaml"
            ]
        );
    }

    #[test]
    fn opens_the_branch_of_a_page_and_places_urls() {
        let nav = Nav::new(&revision(), vec![]);
        // A page shares its section's menu; a section opens its own.
        assert_eq!(nav.menu_branch("plan/a.md"), "plan/_index.md");
        assert_eq!(nav.menu_branch("plan/_index.md"), "plan/_index.md");
        assert_eq!(nav.menu_branch("om.md"), "_index.md");
        assert_eq!(nav.menu_branch("_index.md"), "_index.md");
        assert_eq!(
            nav.menu_branch("sok"),
            "_index.md",
            "a page outside the tree"
        );
        let items = nav.items_for(nav.menu_branch("plan/a.md"), "/h/r/");
        assert_eq!(items[0].url, "/h/r/plan/");
        assert_eq!(items[0].state, "open");
        let titles: Vec<_> = items[0].children.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Först", "Ärenden", "Öppenhet"]);
        assert!(items[0].children.iter().all(|c| c.state.is_empty()));
        let crumbs: Vec<_> = nav
            .breadcrumbs("plan/a.md", "/")
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(crumbs, ["Start", "Plan"]);
        let (prev, next) = nav.neighbours("plan/a.md", "/");
        assert_eq!(prev.unwrap().title, "Först");
        assert_eq!(next.unwrap().url, "/plan/b/");
        assert!(nav.neighbours("_index.md", "/").0.is_none());
        let elsewhere = nav.items_for(nav.menu_branch("om.md"), "/");
        assert!(
            elsewhere[0].has_children && elsewhere[0].children.is_empty(),
            "closed branch"
        );
        assert!(elsewhere.iter().all(|i| i.state.is_empty()));
        assert!(!nav.is_partial());
    }

    #[test]
    fn a_handbook_with_many_parts_lists_only_the_part_a_page_is_in() {
        let mut many = revision();
        // Two parts already, and 39 more: one over the limit.
        for n in 0..FULL_NAV_LIMIT - 1 {
            many.pages
                .push(page(&format!("del-{n}.md"), &format!("Del {n}"), 10));
        }
        let nav = Nav::new(&many, vec![]);
        assert!(nav.is_partial());
        let items = nav.items_for(nav.menu_branch("plan/a.md"), "/");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title, "Plan");
        assert_eq!(items[0].children.len(), 3);
        assert_eq!(nav.menu_branch("del-3.md"), "del-3.md");
        let own = nav.items_for(nav.menu_branch("del-3.md"), "/");
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].title, "Del 3");
        assert!(
            nav.items_for(nav.menu_branch("_index.md"), "/").is_empty(),
            "the start page lists them"
        );
        // One part fewer: every page lists every part again.
        many.pages.pop();
        let nav = Nav::new(&many, vec![]);
        assert!(!nav.is_partial());
        assert_eq!(
            nav.items_for(nav.menu_branch("plan/a.md"), "/").len(),
            FULL_NAV_LIMIT
        );
    }
}
