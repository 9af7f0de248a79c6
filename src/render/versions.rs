//! Addresses across revisions: the version switcher, the banner that points from an old or
//! draft revision to the plan in force, and canonical URLs.
//!
//! A page keeps its URL across revisions when its source path is the same, so "the same page in
//! another revision" is the same URL path under another revision folder. The switcher is plain
//! links (it works without JavaScript); `site.js` only carries the reader's heading (`#…`) along.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::content::{Site, Status};
use crate::model::routes;

/// What the switcher needs to know of every revision built.
#[derive(Debug)]
pub struct Versions {
    revisions: Vec<Entry>,
    /// The revision in force, shown at the site root.
    in_force: Option<String>,
    /// Everything the switcher shows, as text (see [`Versions::signature`]).
    signature: String,
}

#[derive(Debug)]
struct Entry {
    id: String,
    title: String,
    status: Status,
    /// The adoption date when known, else empty.
    adopted: String,
    url_paths: HashSet<String>,
}

/// One line of the switcher.
#[derive(Debug, Clone, Serialize)]
pub struct VersionLink {
    pub id: String,
    pub title: String,
    /// `adopted` or `draft`.
    pub status: &'static str,
    pub adopted: String,
    pub in_force: bool,
    pub current: bool,
    /// The same page in that revision, or its start page when the page is not there.
    pub url: String,
    pub same_page: bool,
}

impl Versions {
    pub fn new(site: &Site) -> Self {
        let mut versions = Versions {
            revisions: site
                .revisions
                .iter()
                .map(|r| Entry {
                    id: r.id.clone(),
                    title: r.title().to_string(),
                    status: r.meta.status,
                    adopted: r.meta.adopted_date().unwrap_or("").to_string(),
                    url_paths: routes::all_url_paths(site, r),
                })
                .collect(),
            in_force: site
                .root_revision()
                .filter(|r| r.meta.status == Status::Adopted)
                .map(|r| r.id.clone()),
            signature: String::new(),
        };
        versions.signature = versions.describe();
        versions
    }

    /// The switcher for `url_path` in revision `current`, newest revision first.
    pub fn links(&self, current: &str, url_path: &str, base_path: &str) -> Vec<VersionLink> {
        self.revisions
            .iter()
            .rev()
            .map(|entry| {
                let same_page = entry.url_paths.contains(url_path);
                let path = if same_page { url_path } else { "" };
                VersionLink {
                    id: entry.id.clone(),
                    title: entry.title.clone(),
                    status: match entry.status {
                        Status::Adopted => "adopted",
                        Status::Draft => "draft",
                    },
                    adopted: entry.adopted.clone(),
                    in_force: self.in_force.as_deref() == Some(entry.id.as_str()),
                    current: entry.id == current,
                    url: format!("{base_path}{}/{path}", entry.id),
                    same_page,
                }
            })
            .collect()
    }

    /// For a page of a revision that is not in force: the same page in the revision in force
    /// (its root copy), or the site's start page. Empty when `current` is in force.
    pub fn in_force_url(&self, current: &str, url_path: &str, base_path: &str) -> String {
        match &self.in_force {
            Some(id) if id != current => {
                let path = if self.has(id, url_path) { url_path } else { "" };
                format!("{base_path}{path}")
            }
            _ => String::new(),
        }
    }

    /// The address search engines should use: the page in force at the root when it exists
    /// there, else the page in its own revision.
    pub fn canonical(&self, current: &str, url_path: &str, base_url: &str) -> String {
        match &self.in_force {
            Some(id) if self.has(id, url_path) => format!("{base_url}{url_path}"),
            _ => format!("{base_url}{current}/{url_path}"),
        }
    }

    /// Everything the switcher shows, as text: pages elsewhere change when this changes.
    /// Worked out once; every revision's cache key and structure key include it.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    fn describe(&self) -> String {
        let mut text = format!("{:?}\n", self.in_force);
        for entry in &self.revisions {
            let mut paths: Vec<&String> = entry.url_paths.iter().collect();
            paths.sort();
            text.push_str(&format!(
                "{}|{}|{:?}|{}|{paths:?}\n",
                entry.id, entry.title, entry.status, entry.adopted
            ));
        }
        text
    }

    fn has(&self, id: &str, url_path: &str) -> bool {
        self.revisions
            .iter()
            .any(|e| e.id == id && e.url_paths.contains(url_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions() -> Versions {
        let entry = |id: &str, status, paths: &[&str]| Entry {
            id: id.into(),
            title: format!("Plan {id}"),
            status,
            adopted: String::new(),
            url_paths: paths.iter().map(|p| p.to_string()).collect(),
        };
        Versions {
            revisions: vec![
                entry("2019-2022", Status::Adopted, &["", "plan/mal/"]),
                entry("2023-2026", Status::Adopted, &["", "plan/mal/", "plan/ny/"]),
                entry("2027-2030", Status::Draft, &["", "plan/ny/"]),
            ],
            in_force: Some("2023-2026".into()),
            signature: String::new(),
        }
    }

    #[test]
    fn switcher_lands_on_the_same_page_or_the_start_page() {
        let links = versions().links("2023-2026", "plan/mal/", "/handbok/");
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/handbok/2027-2030/",
                "/handbok/2023-2026/plan/mal/",
                "/handbok/2019-2022/plan/mal/"
            ]
        );
        assert!(!links[0].same_page && links[1].same_page && links[1].current);
        assert!(links[1].in_force && !links[2].in_force);
        assert_eq!(links[0].status, "draft");
    }

    #[test]
    fn banner_and_canonical_point_at_the_page_in_force() {
        let v = versions();
        assert_eq!(v.in_force_url("2019-2022", "plan/mal/", "/"), "/plan/mal/");
        assert_eq!(v.in_force_url("2027-2030", "plan/gone/", "/"), "/");
        assert_eq!(v.in_force_url("2023-2026", "plan/mal/", "/"), "");
        assert_eq!(
            v.canonical("2019-2022", "plan/mal/", "https://x.se/"),
            "https://x.se/plan/mal/"
        );
        assert_eq!(
            v.canonical("2019-2022", "plan/old/", "https://x.se/"),
            "https://x.se/2019-2022/plan/old/"
        );
    }
}
