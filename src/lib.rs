//! handbok compiles a municipality's handbook on threats, hate and violence against elected
//! officials from Markdown and YAML into an accessible static site.
//!
//! The pipeline (see `DESIGN.md`), one module per stage:
//! [`config`] + [`content`] load the model → [`markdown`] (with [`links`], [`glossary`],
//! [`shortcodes`]) renders it → [`render`] fills the theme's templates → [`output`] minifies and
//! writes atomically. [`build`] is the orchestrator; [`cli`] the command line.

pub mod assets;
pub mod build;
pub mod build_cache;
pub mod cache;
pub mod changes;
pub mod checklist;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod election;
pub mod fragments;
pub mod fuzzing;
pub mod glossary;
pub mod html;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod menu;
pub mod nav;
pub mod out_dir;
pub mod output;
pub mod paths;
pub mod prose;
pub mod quiz;
pub mod render;
pub mod revision_info;
pub mod revision_pages;
pub mod revisions;
pub mod seal;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod slug;
pub mod timings;
pub mod versions;
pub mod walk;
pub mod yaml;
