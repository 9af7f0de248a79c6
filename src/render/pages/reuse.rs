//! Page-by-page reuse in `handbok serve`: what one build of a revision leaves for the next, and
//! the key that says whether it still fits.

use std::collections::HashMap;
use std::sync::Arc;

use crate::markdown::Rendered;
use crate::model::content::{Page, Revision, Site, SourceFile};
use crate::render::files::OutputFile;
use crate::render::versions::Versions;

/// What one build of a revision leaves for the next build in the same process (`handbok
/// serve`): while the revision's structure (pages, titles, weights, heading ids, terms,
/// checklists, quizzes, the version list) stays the same, a page whose source did not change
/// keeps its rendered Markdown and its finished files. Generated pages, the search index and
/// the change page are always made again.
#[derive(Debug, Default, Clone)]
pub struct Reuse {
    pub(super) structure: [u8; 32],
    pub(super) pages: HashMap<String, ReusedPage>,
    /// Pages taken over unchanged in the build that made this.
    pub reused_pages: usize,
}

#[derive(Debug, Clone)]
pub(super) struct ReusedPage {
    source: Arc<SourceFile>,
    pub(super) rendered: Rendered,
    /// One file per tree, in tree order.
    pub(super) files: Vec<OutputFile>,
}

impl Reuse {
    /// The page's earlier result, when nothing it depends on changed.
    pub(super) fn page(&self, structure: &[u8; 32], page: &Page) -> Option<&ReusedPage> {
        let reused = self.pages.get(&page.rel_path)?;
        (self.structure == *structure && reused.source.text == page.source.text).then_some(reused)
    }

    /// What this build leaves for the next: every page's rendered Markdown, with the files
    /// made now (`page_files`) or, for a page taken over, the files it had before.
    pub(super) fn new(
        structure: [u8; 32],
        revision: &Revision,
        rendered: Vec<Rendered>,
        mut page_files: HashMap<String, Vec<OutputFile>>,
        earlier: Option<&Reuse>,
        reused_pages: usize,
    ) -> Reuse {
        let pages = revision
            .pages
            .iter()
            .zip(rendered)
            .map(|(page, rendered)| {
                let files = match page_files.remove(&page.rel_path) {
                    Some(files) => files,
                    None => earlier
                        .and_then(|e| e.pages.get(&page.rel_path))
                        .map(|p| p.files.clone())
                        .unwrap_or_default(),
                };
                let reused = ReusedPage {
                    source: Arc::clone(&page.source),
                    rendered,
                    files,
                };
                (page.rel_path.clone(), reused)
            })
            .collect();
        Reuse {
            structure,
            pages,
            reused_pages,
        }
    }
}

/// What every page's output depends on besides its own source: the version list, the trees,
/// the addresses, and each page's path, front matter and heading ids, the terms, checklists,
/// quizzes and files of the revision.
pub(super) fn structure_key(
    site: &Site,
    revision: &Revision,
    trees: &[String],
    versions: &Versions,
    heading_ids: &[Vec<String>],
) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(versions.signature());
    hash.update(trees.join("|"));
    hash.update(&site.config.base_url);
    for (page, ids) in revision.pages.iter().zip(heading_ids) {
        hash.update(format!("{}|{:?}|{ids:?}\n", page.rel_path, page.front));
    }
    let sources = revision
        .terms_file
        .iter()
        .chain(revision.checklists.iter().filter_map(|c| c.source.as_ref()))
        .chain(revision.quizzes.iter().filter_map(|q| q.source.as_ref()));
    for source in sources {
        hash.update(&source.text);
    }
    for asset in &revision.assets {
        hash.update(&asset.rel_path);
    }
    hash.finalize().into()
}
