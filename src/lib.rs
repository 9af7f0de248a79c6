//! handbok compiles a municipality's handbook on threats, hate and violence against elected
//! officials from Markdown and YAML into an accessible static site.
//!
//! One folder per pipeline stage, lowest first; a stage imports only from the stages above it
//! in this list (`tests/architecture.rs` proves it). `ARCHITECTURE.md` draws the pipeline, says
//! where each feature lives and how to add a shortcode, a page kind or a template.

// A function a reader can hold: over 80 lines (clippy.toml) fails `cargo clippy -D warnings`.
#![warn(clippy::too_many_lines)]

/// 1. The site model and its loading.
pub mod model;

/// 2. Markdown to HTML, with links, terms and shortcodes.
pub mod markdown;

/// 3. The handbook's features as data.
pub mod features;

/// 4. Pages and files, rendered in memory.
pub mod render;

/// 5. The output folder: where a build may write, and writing it all or nothing.
pub mod output;

/// 6. The orchestrator.
pub mod build;

/// 7. `serve` and `revision`.
pub mod commands;

/// 8. The command line.
pub mod cli;
