//! Reusing work between builds in one process (`handbok serve`): the compiled theme, and each
//! revision's finished files.
//!
//! A revision's files depend on its own folder, the theme, `site.toml` (and `--base-url`), the
//! list of revisions with their pages (the version switcher), the revision its change page
//! compares with, and whether it is the one in force (the root copy). The key hashes all of
//! them, so an edit in the draft leaves the adopted revisions' pages as they were, and any
//! change to the theme or `site.toml` rebuilds everything.

use std::collections::HashMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::model::config::Config;
use crate::model::content::{Revision, Site};
use crate::render::files::OutputFile;
use crate::render::pages::Reuse;
use crate::render::theme::Theme;
use crate::render::versions::Versions;

pub use crate::model::hash::Key;
use crate::model::source_folder::SourceFolder;

#[derive(Default)]
pub struct Cache {
    theme: Option<(Key, Arc<Theme>)>,
    revisions: HashMap<String, (Key, Vec<OutputFile>)>,
    /// Per revision, what its last build left for page-by-page reuse, with the theme it used.
    pages: HashMap<String, (Key, Reuse)>,
    /// Revisions reused whole in the last build, for the rebuild message.
    pub reused: Vec<String>,
    /// (revision, pages taken over, pages) for revisions built again in the last build.
    pub pages_reused: Vec<(String, usize, usize)>,
}

impl Cache {
    /// The compiled theme, loaded again only when a file under it, or `site.toml`, changed.
    pub fn theme(
        &mut self,
        config: &Config,
        folder: &SourceFolder,
        compile: impl FnOnce() -> Result<Theme, Vec<crate::model::diagnostic::Diagnostic>>,
    ) -> Result<Arc<Theme>, Vec<crate::model::diagnostic::Diagnostic>> {
        let key = theme_key(config, folder.key());
        if let Some((cached, theme)) = &self.theme {
            if *cached == key {
                return Ok(Arc::clone(theme));
            }
        }
        let theme = Arc::new(compile()?);
        self.theme = Some((key, Arc::clone(&theme)));
        Ok(theme)
    }

    /// The key of a revision's files in this build.
    pub fn revision_key(&self, site: &Site, revision: &Revision, versions: &Versions) -> Key {
        let theme = self.theme.as_ref().map_or([0; 32], |(key, _)| *key);
        revision_key(site, revision, versions, &theme)
    }

    /// The files of the revision built with `key`, if the last build made them.
    pub fn revision(&mut self, id: &str, key: &Key) -> Option<Vec<OutputFile>> {
        let (cached, files) = self.revisions.get(id)?;
        if cached != key {
            return None;
        }
        self.reused.push(id.to_string());
        Some(files.clone())
    }

    pub fn store(&mut self, id: &str, key: Key, files: &[OutputFile]) {
        self.revisions.insert(id.to_string(), (key, files.to_vec()));
    }

    /// What the last build of revision `id` left, if it used the same theme and `site.toml`.
    pub fn earlier_pages(&self, id: &str) -> Option<&Reuse> {
        let theme = self.theme.as_ref()?.0;
        let (used, reuse) = self.pages.get(id)?;
        (*used == theme).then_some(reuse)
    }

    pub fn store_pages(&mut self, id: &str, reuse: Reuse, pages: usize) {
        if let Some((theme, _)) = &self.theme {
            self.pages_reused
                .push((id.to_string(), reuse.reused_pages, pages));
            self.pages.insert(id.to_string(), (*theme, reuse));
        }
    }
}

/// What a revision's files depend on besides its own folder: the theme, `site.toml` and the
/// base URL. Shared by `serve` (in memory) and `build` ([`crate::build::output_cache`], on disk).
pub fn theme_key(config: &Config, theme_folder: Key) -> Key {
    let mut hash = Sha256::new();
    // `site.toml` as `config::load` read it, the theme's folder as `Theme::read` read it.
    hash.update(config.site_toml.as_bytes());
    hash.update(config.base_url.as_bytes());
    hash.update(theme_folder);
    hash.finalize().into()
}

/// The key of a revision's files: everything they are made from. Its folder (for a sealed
/// revision, what the seal covers), the pages it includes (drafts and internal pages depend on
/// the build's options), the theme and `site.toml` (`theme`), the list of revisions (the
/// version switcher), the revision its change page compares with, whether it is in force (the
/// root copy), its "about" page (which lists every revision and says if a new one is overdue,
/// from today's date), and the handbok version.
pub fn revision_key(site: &Site, revision: &Revision, versions: &Versions, theme: &Key) -> Key {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    hash.update(theme);
    hash.update(site.config.base_url.as_bytes());
    // Its folder as the loader read it: the seal's key when the seal held, else the files'.
    hash.update(revision.content_key);
    for page in &revision.pages {
        hash.update(page.rel_path.as_bytes());
        hash.update([0]);
    }
    hash.update(versions.signature().as_bytes());
    if let Some(previous) = site.previous_revision(&revision.id) {
        hash.update(previous.id.as_bytes());
        hash.update(previous.content_key);
    }
    let in_force = site.root_revision().is_some_and(|r| r.id == revision.id);
    hash.update([u8::from(in_force)]);
    let about = crate::features::about_revision::about(site, revision, site.today);
    hash.update(serde_json::to_vec(&about).unwrap_or_default());
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_key_takes_site_toml_and_the_theme_as_they_were_read() {
        let site = tempfile::tempdir().unwrap();
        let text = "title = \"T\"\nbase_url = \"https://example.org/\"\n";
        std::fs::write(site.path().join("site.toml"), text).unwrap();
        std::fs::create_dir_all(site.path().join("themes/default")).unwrap();
        std::fs::write(site.path().join("themes/default/base.html"), "x").unwrap();
        let config = crate::model::config::load(site.path()).unwrap();
        let folder = Theme::read(site.path(), &config).unwrap();
        let key = theme_key(&config, folder.key());
        // The formula the build record has always held.
        let mut before = Sha256::new();
        before.update(text.as_bytes());
        before.update(config.base_url.as_bytes());
        before.update(crate::model::source_folder::folder_digest(
            site.path(),
            &site.path().join("themes/default"),
        ));
        assert_eq!(key, <[u8; 32]>::from(before.finalize()));
        std::fs::write(site.path().join("site.toml"), format!("{text}# edited\n")).unwrap();
        std::fs::write(site.path().join("themes/default/base.html"), "y").unwrap();
        assert_eq!(
            theme_key(&config, folder.key()),
            key,
            "what was read, not what is there now"
        );
    }
}
