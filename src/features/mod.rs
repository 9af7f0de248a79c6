//! Stage 3, the handbook's features as data: checklists, quizzes, the search index, what changed
//! between revisions, and what a revision page says. Takes the model and Markdown's output;
//! returns data the templates print. Knows nothing of templates or files.

pub mod about_revision;
pub mod changes;
pub mod checklist;
pub mod quiz;
pub mod search;

use std::sync::Arc;

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
        checklist::register(&mut registry, Arc::clone(&self.checklists));
        quiz::register(&mut registry, Arc::clone(&self.quizzes));
        registry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::shortcodes::{prepare, Env, Templates};

    struct NoTemplates;

    impl Templates for NoTemplates {
        fn render_json(&self, _: &str, _: &serde_json::Value) -> Result<String, String> {
            Ok(String::new())
        }
    }

    #[test]
    fn exercises_not_rendered_yet_still_answer_to_their_names() {
        let config = crate::model::config::parse(
            std::path::Path::new("site.toml"),
            "title = \"T\"\nbase_url = \"https://x.se/\"\n",
        )
        .unwrap();
        let strings = crate::model::i18n::Strings::default();
        let env = Env {
            config: &config,
            strings: &strings,
            templates: &NoTemplates,
        };
        let registry = Exercises::default().shortcodes();
        let (prepared, _) = prepare("{{ quiz(id=\"grund\") }} {{ checklist(id=\"vid-hot\") }}\n");
        let messages: Vec<String> = prepared
            .calls
            .iter()
            .map(|call| registry.dispatch(call, &env).unwrap_err().0)
            .collect();
        assert_eq!(
            messages,
            [
                "in shortcode `quiz`: no quiz `grund` in this revision (known: none)",
                "in shortcode `checklist`: no checklist `vid-hot` in this revision (known: none)",
            ]
        );
    }
}
