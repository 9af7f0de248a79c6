//! Stage 3, the handbook's features as data: checklists, quizzes, the search index, what changed
//! between revisions, and what a revision page says. Takes the model and Markdown's output;
//! returns data the templates print. Knows nothing of templates or files.

pub mod changes;
pub mod checklist;
pub mod quiz;
pub mod revision_info;
pub mod search;

use crate::markdown::shortcodes::Registry;

/// A revision's checklists and quizzes, rendered for templates. Their pages read them, and
/// their shortcodes draw them inside other pages.
#[derive(Default)]
pub struct Exercises {
    pub checklists: checklist::Checklists,
    pub quizzes: quiz::Quizzes,
}

impl Exercises {
    /// The shortcodes pages may call: Markdown's own, and the exercises' drawing from these.
    /// Exercises not rendered yet (the default) still answer to their names, so a call names
    /// what is missing rather than an unknown shortcode.
    pub fn shortcodes(&self) -> Registry {
        let mut registry = Registry::default();
        checklist::register(&mut registry, std::sync::Arc::clone(&self.checklists));
        quiz::register(&mut registry, std::sync::Arc::clone(&self.quizzes));
        registry
    }
}
