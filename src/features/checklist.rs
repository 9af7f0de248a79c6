//! Checklists as templates see them: Markdown rendered, links resolved, and the
//! `{{ checklist(id="…") }}` shortcode.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::markdown::shortcodes::{required_str, Call, Env, Registry};
use crate::markdown::{self, Origin};
use crate::model::content::exercises::Checklist;
use crate::model::diagnostic::Diagnostic;

// Addresses are the model's: what a revision publishes is known before anything is rendered.
pub use crate::model::routes::checklist::{source_path, url_path, OVERVIEW_SOURCE, OVERVIEW_URL};

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistContext {
    pub id: String,
    pub title: String,
    pub intro: String,
    /// The revision id: saved ticks are kept per revision.
    pub revision: String,
    pub total: usize,
    pub url: String,
    pub groups: Vec<GroupContext>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupContext {
    pub heading: String,
    pub items: Vec<ItemContext>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemContext {
    pub id: String,
    /// Inline HTML.
    pub text: String,
    pub help: String,
    /// Resolved URL, or empty.
    pub link: String,
}

/// Renders the Markdown and resolves the links of one checklist.
pub fn context(
    checklist: &Checklist,
    revision: &str,
    md: &markdown::Context,
    problems: &mut Vec<Diagnostic>,
) -> ChecklistContext {
    let Some(file) = &checklist.source else {
        return empty(checklist, revision);
    };
    let source = source_path(&checklist.id);
    let line_of = |id: &str| crate::model::yaml::line_of_key(&file.text, "id", id).unwrap_or(1);
    let origin = |line| Origin::Line {
        file: &file.path,
        text: &file.text,
        line,
    };
    let render = markdown::Snippets {
        ctx: md,
        source_path: &source,
    };
    let groups = checklist
        .groups
        .iter()
        .map(|group| GroupContext {
            heading: group.heading.clone(),
            items: group
                .items
                .iter()
                .map(|item| {
                    let at = origin(line_of(&item.id));
                    ItemContext {
                        id: item.id.clone(),
                        text: render.inline(&item.text, at, problems),
                        help: render.inline(&item.help, at, problems),
                        link: render.link(&item.link, at, problems),
                    }
                })
                .collect(),
        })
        .collect();
    ChecklistContext {
        intro: render.block(&checklist.intro, origin(line_of(&checklist.id)), problems),
        groups,
        ..empty(checklist, revision)
    }
}

fn empty(checklist: &Checklist, revision: &str) -> ChecklistContext {
    ChecklistContext {
        id: checklist.id.clone(),
        title: checklist.title.clone(),
        intro: String::new(),
        revision: revision.to_string(),
        total: checklist.groups.iter().map(|g| g.items.len()).sum(),
        url: format!(
            "{}{}",
            crate::markdown::html::REV_ROOT,
            url_path(&checklist.id)
        ),
        groups: Vec::new(),
    }
}

/// A revision's checklists by id, ready for templates. Shared: the shortcode handler draws
/// from it while pages render, and the checklist pages after.
pub type Checklists = Arc<HashMap<String, ChecklistContext>>;

/// Hands `{{ checklist(id="…") }}` to the registry, drawing from `checklists`.
pub fn register(registry: &mut Registry, checklists: Checklists) {
    registry.register("checklist", move |call, env| {
        shortcode(call, env, &checklists)
    });
}

/// `{{ checklist(id="vid-hot") }}`.
fn shortcode(
    call: &Call,
    env: &Env,
    checklists: &HashMap<String, ChecklistContext>,
) -> Result<String, String> {
    let id = required_str(call, "id")?;
    let checklist = checklists.get(id).ok_or_else(|| {
        format!(
            "no checklist `{id}` in this revision (known: {})",
            known(checklists.keys())
        )
    })?;
    let context = serde_json::json!({
        "checklist": checklist,
        "strings": env.strings,
        "standalone": false,
    });
    env.templates
        .render_json("shortcodes/checklist.html", &context)
        .map(|html| html + "\n")
}

/// A list of known ids for error messages.
pub fn known<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    let mut ids: Vec<&str> = ids.map(String::as_str).collect();
    ids.sort_unstable();
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}
