//! Stage 3, the handbook's features as data: checklists, quizzes, the search index, what changed
//! between revisions, and what a revision page says. Takes the model and Markdown's output;
//! returns data the templates print. Knows nothing of templates or files.

pub mod changes;
pub mod checklist;
pub mod quiz;
pub mod revision_info;
pub mod search;
