//! Stage 1, the site model and its loading: `site.toml` ([`config`]) and the content folder
//! ([`content`]) read into plain data, with the paths, names, YAML, seals, UI strings and
//! diagnostics every later stage shares. Takes the site folder; returns a
//! [`content::Site`]. Imports nothing from the stages above it.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod election;
pub mod hash;
pub mod i18n;
pub mod paths;
pub mod routes;
pub mod seal;
pub mod slug;
pub mod source_folder;
pub mod text;
pub mod timings;
pub mod walk;
pub mod yaml;
