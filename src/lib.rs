//! handbok compiles a municipality's handbook on threats, hate and violence against elected
//! officials from Markdown and YAML into an accessible static site.
//!
//! One folder per pipeline stage, lowest first; a stage imports only from stages below it
//! (`tests/architecture.rs` proves it). `ARCHITECTURE.md` draws the pipeline.

pub mod build;
pub mod cli;
pub mod commands;
pub mod features;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
