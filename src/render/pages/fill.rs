//! Filling a page into the theme's templates: what every page of a revision shares (the
//! frame, the navigation, the menus, the version links) and what each page adds.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::features::search;
use crate::markdown::html::REV_ROOT;
use crate::markdown::Rendered;
use crate::model::content::{Page, Revision, Site, Status, Visibility};
use crate::model::diagnostic::Diagnostic;
use crate::model::routes::SEARCH_URL;
use crate::render::files::{OutputFile, TreePage};
use crate::render::menu::PageMenu;
use crate::render::menu::{Menus, PLACEHOLDER};
use crate::render::nav::Nav;
use crate::render::pages::generated::Generated;
use crate::render::pages::RevisionInputs;
use crate::render::prose::PageProse;
use crate::render::splice::Insert;
use crate::render::theme::{
    ChildLink, FrameContext, PageContext, PageInfo, PageOwn, RevisionContext, SiteContext, Theme,
};
use crate::render::versions::Versions;

/// A filled-in page: its address inside a tree, and the page for all trees.
pub(super) type Filled = Result<(String, Arc<TreePage>), Diagnostic>;

/// What all pages of one revision share while their templates are filled.
pub(super) struct RevisionFrame<'a> {
    pub(super) site: &'a Site,
    pub(super) revision: &'a Revision,
    theme: &'a Theme,
    nav: &'a Nav,
    menus: &'a Menus,
    /// What every page of the revision shares, as template data ([`FrameContext`]).
    frame: tera::Context,
    descriptions: &'a HashMap<&'a str, &'a str>,
    site_context: SiteContext<'a>,
    revision_context: RevisionContext<'a>,
    versions: &'a Versions,
}

/// One page's own part of the template context.
struct PageJob<'a> {
    key: &'a str,
    url_path: &'a str,
    template: &'a str,
    info: PageInfo,
    extra: Map<String, Value>,
}

impl<'a> RevisionFrame<'a> {
    /// What the pages of `inputs`' revision share, with the frame rendered to template data
    /// once for all of them.
    pub(super) fn new(
        inputs: &RevisionInputs<'a>,
        nav: &'a Nav,
        menus: &'a Menus,
        descriptions: &'a HashMap<&'a str, &'a str>,
        site_context: SiteContext<'a>,
    ) -> Result<RevisionFrame<'a>, Diagnostic> {
        let RevisionInputs {
            site,
            revision,
            theme,
            versions,
            ..
        } = *inputs;
        let revision_context = revision_context(site, revision);
        let frame = page_frame(site, revision, theme, nav, &site_context, &revision_context)
            .template_data()?;
        Ok(RevisionFrame {
            site,
            revision,
            theme,
            nav,
            menus,
            descriptions,
            frame,
            site_context,
            revision_context,
            versions,
        })
    }
}

impl RevisionFrame<'_> {
    pub(super) fn prefix(&self, tree: &str) -> String {
        format!("{}{tree}", self.site.config.base_path())
    }

    /// The page's own citable address, in its revision's folder.
    fn permalink(&self, url_path: &str) -> String {
        format!(
            "{}{}/{url_path}",
            self.site.config.base_url_slash(),
            self.revision.id
        )
    }

    pub(super) fn page(&self, page: &Page, rendered: &Rendered) -> Filled {
        let info = PageInfo {
            title: page.front.title.clone(),
            description: page.front.description.clone(),
            content: rendered.html.clone(),
            kind: if page.is_section { "section" } else { "page" },
            toc: rendered.toc.clone(),
            internal: page.front.visibility == Visibility::Internal,
            draft: page.front.draft,
            ..PageInfo::default()
        };
        let template = if page.is_section {
            "section.html"
        } else {
            "page.html"
        };
        self.fill(PageJob {
            key: &page.rel_path,
            url_path: &page.url_path,
            template,
            info,
            extra: Map::new(),
        })
    }

    pub(super) fn generated(&self, page: &Generated) -> Filled {
        let extra = page.extra.clone();
        let info = PageInfo {
            title: page.title.clone(),
            description: page.description.clone(),
            content: page.content.clone(),
            kind: page.kind,
            toc: page.toc.clone(),
            noindex: page.noindex,
            ..PageInfo::default()
        };
        self.fill(PageJob {
            key: &page.key,
            url_path: &page.url_path,
            template: page.template,
            info,
            extra,
        })
    }

    /// A page at an old address that sends the reader to where the page is now (a meta refresh,
    /// which a strict CSP allows, and a plain link).
    pub(super) fn redirect(
        &self,
        tree: &str,
        alias: &str,
        page: &Page,
    ) -> Result<OutputFile, Diagnostic> {
        let prefix = self.prefix(tree);
        let info = PageInfo {
            title: page.front.title.clone(),
            url: format!("{prefix}{}", page.url_path),
            canonical: self.versions.canonical(
                &self.revision.id,
                &page.url_path,
                &self.site.config.base_url_slash(),
            ),
            kind: "redirect",
            noindex: true,
            ..PageInfo::default()
        };
        let frame = FrameContext {
            site: self.site_context.clone(),
            strings: &self.theme.strings,
            search_url: String::new(),
            search_root: String::new(),
            search_manifest: String::new(),
            search_revisions: String::new(),
            home_url: prefix.clone(),
            revision: Some(self.revision_context.clone()),
            nav_partial: false,
        };
        let own = PageOwn {
            versions: Vec::new(),
            in_force_url: String::new(),
            menu: "",
            has_nav: false,
            page: info,
            children: Vec::new(),
            extra: Map::new(),
        };
        let context = PageContext { frame, own };
        let html = self.theme.render("redirect.html", &context)?;
        let path = format!("{tree}{alias}index.html");
        let page = self.theme.page(path.clone(), html.into_bytes(), []);
        Ok(OutputFile::page(path, page))
    }

    /// Adds what every page has (URLs, navigation, breadcrumbs) and renders the template, with
    /// the tree's prefix left as [`crate::markdown::html::REV_ROOT`]: the page's address inside the tree
    /// and the page, for every tree at once.
    fn fill(&self, mut job: PageJob) -> Filled {
        let prefix = REV_ROOT.to_string();
        // The content goes in after minifying ([`crate::render::prose`]).
        let content = (!job.info.content.is_empty()).then(|| {
            std::mem::replace(
                &mut job.info.content,
                crate::render::prose::PLACEHOLDER.into(),
            )
        });
        let (prev, next) = self.nav.neighbours(job.key, &prefix);
        let children = if matches!(job.info.kind, "section") {
            self.children(job.key, &prefix)
        } else {
            Vec::new()
        };
        let page = PageInfo {
            url: format!("{prefix}{}", job.url_path),
            canonical: self.versions.canonical(
                &self.revision.id,
                job.url_path,
                &self.site.config.base_url_slash(),
            ),
            permalink: self.permalink(job.url_path),
            breadcrumbs: self.nav.breadcrumbs(job.key, &prefix),
            prev,
            next,
            ..job.info
        };
        let base_path = self.site.config.base_path();
        let menu = self.menus.for_page(self.nav, job.key, &page.url);
        let own = PageOwn {
            versions: self
                .versions
                .links(&self.revision.id, job.url_path, &base_path),
            in_force_url: self
                .versions
                .in_force_url(&self.revision.id, job.url_path, &base_path),
            menu: if menu.is_some() { PLACEHOLDER } else { "" },
            has_nav: menu.is_some(),
            page,
            children,
            extra: job.extra,
        };
        let name = format!("{}/{}", self.revision.id, job.url_path);
        let html = crate::model::timings::measure_page(
            crate::model::timings::Stage::Templates,
            &name,
            || self.theme.render_page(job.template, &self.frame, &own),
        )?;
        if menu.is_some() {
            crate::render::menu::check_unescaped(&html, self.theme, job.template)?;
        }
        if content.is_some() {
            crate::render::prose::check_unescaped(&html, self.theme, job.template)?;
        }
        Ok((
            job.url_path.to_string(),
            self.theme.page(name, html, page_inserts(menu, content)),
        ))
    }

    fn children(&self, key: &str, prefix: &str) -> Vec<ChildLink> {
        self.nav
            .children(key)
            .into_iter()
            .filter(|node| !node.hidden)
            .map(|node| ChildLink {
                title: node.title.clone(),
                url: format!("{prefix}{}", node.url_path),
                description: self
                    .descriptions
                    .get(node.key.as_str())
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            })
            .collect()
    }
}

/// What every page of a revision shares in its template context, with the tree's prefix left
/// as [`REV_ROOT`].
fn page_frame<'a>(
    site: &Site,
    revision: &Revision,
    theme: &'a Theme,
    nav: &Nav,
    site_context: &SiteContext<'a>,
    revision_context: &RevisionContext<'a>,
) -> FrameContext<'a> {
    let base_path = site.config.base_path();
    FrameContext {
        site: site_context.clone(),
        strings: &theme.strings,
        search_url: format!("{REV_ROOT}{SEARCH_URL}"),
        search_root: REV_ROOT.to_string(),
        search_manifest: format!("{base_path}{}", search::manifest_path(&revision.id)),
        search_revisions: format!("{base_path}{}", search::REVISIONS_PATH),
        home_url: REV_ROOT.to_string(),
        revision: Some(revision_context.clone()),
        nav_partial: nav.is_partial(),
    }
}

fn revision_context<'a>(site: &'a Site, revision: &'a Revision) -> RevisionContext<'a> {
    RevisionContext {
        id: &revision.id,
        title: revision.title(),
        status: match revision.meta.status {
            Status::Adopted => "adopted",
            Status::Draft => "draft",
        },
        adopted: revision.meta.adopted.as_deref().unwrap_or(""),
        decided_by: &revision.meta.decided_by,
        reference: &revision.meta.reference,
        is_latest: site.root_revision().is_some_and(|r| r.id == revision.id),
    }
}

/// What goes into a page after minifying, besides the theme's shared parts: its menu, then
/// its prose (the order the page is spliced in).
fn page_inserts(menu: Option<PageMenu>, content: Option<String>) -> Vec<Arc<dyn Insert>> {
    let menu = menu.map(|menu| Arc::new(menu) as Arc<dyn Insert>);
    let prose = content.map(|content| Arc::new(PageProse(content)) as Arc<dyn Insert>);
    menu.into_iter().chain(prose).collect()
}
