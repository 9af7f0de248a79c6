//! Quizzes as templates see them, in two versions: the participants' (no trainer notes, ever)
//! and the trainer's (with notes), and the `{{ quiz(id="…") }}` and
//! `{{ trainer_link(id="…") }}` shortcodes.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::markdown::html::REV_ROOT;
use crate::markdown::shortcodes::{required_str, Call, Env, Registry};
use crate::markdown::{self, Origin};
use crate::model::content::exercises::{Question, QuestionKind, Quiz};
use crate::model::diagnostic::Diagnostic;

// Addresses are the model's: what a revision publishes is known before anything is rendered.
pub use crate::model::routes::quiz::{
    source_path, trainer_url_path, url_path, OVERVIEW_SOURCE, OVERVIEW_URL,
};

#[derive(Debug, Clone, Serialize)]
pub struct QuizContext {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub revision: String,
    pub pass_mark: usize,
    pub total: usize,
    pub url: String,
    pub trainer_url: String,
    pub questions: Vec<QuestionContext>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionContext {
    pub id: String,
    pub number: usize,
    /// `single`, `multiple`, `true_false` or `classify`.
    pub kind: QuestionKind,
    /// `radio` or `checkbox`.
    pub input: &'static str,
    pub prompt: String,
    pub options: Vec<OptionContext>,
    pub explanation: String,
    pub link: String,
    /// Empty in the participants' version.
    pub trainer_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionContext {
    pub index: usize,
    pub text: String,
    pub correct: bool,
    pub feedback: String,
}

/// Both versions of a quiz.
#[derive(Debug, Clone)]
pub struct QuizVersions {
    pub participant: QuizContext,
    pub trainer: QuizContext,
}

pub fn context(
    quiz: &Quiz,
    revision: &str,
    md: &markdown::Context,
    problems: &mut Vec<Diagnostic>,
) -> QuizVersions {
    let mut trainer = QuizContext {
        id: quiz.id.clone(),
        title: quiz.title.clone(),
        intro: String::new(),
        revision: revision.to_string(),
        pass_mark: quiz.pass_mark,
        total: quiz.questions.len(),
        url: format!("{REV_ROOT}{}", url_path(&quiz.id)),
        trainer_url: format!("{REV_ROOT}{}", trainer_url_path(&quiz.id)),
        questions: Vec::new(),
    };
    if let Some(file) = &quiz.source {
        let source = source_path(&quiz.id);
        let render = markdown::Snippets {
            ctx: md,
            source_path: &source,
        };
        let origin = |id: &str| Origin::Line {
            file: &file.path,
            text: &file.text,
            line: crate::model::yaml::line_of_key(&file.text, "id", id).unwrap_or(1),
        };
        trainer.intro = render.block(&quiz.intro, origin(&quiz.id), problems);
        trainer.questions = quiz
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| question(q, i + 1, &render, origin(&q.id), problems))
            .collect();
    }
    let mut participant = trainer.clone();
    for question in &mut participant.questions {
        question.trainer_note.clear();
    }
    QuizVersions {
        participant,
        trainer,
    }
}

fn question(
    q: &Question,
    number: usize,
    render: &markdown::Snippets,
    at: Origin,
    problems: &mut Vec<Diagnostic>,
) -> QuestionContext {
    QuestionContext {
        id: q.id.clone(),
        number,
        kind: q.kind,
        input: if q.kind == QuestionKind::Multiple {
            "checkbox"
        } else {
            "radio"
        },
        prompt: render.inline(&q.prompt, at, problems),
        options: q
            .options
            .iter()
            .enumerate()
            .map(|(index, o)| OptionContext {
                index,
                text: render.inline(&o.text, at, problems),
                correct: o.correct,
                feedback: render.inline(&o.feedback, at, problems),
            })
            .collect(),
        explanation: render.block(&q.explanation, at, problems),
        link: render.link(&q.link, at, problems),
        trainer_note: render.block(&q.trainer_note, at, problems),
    }
}

/// A revision's quizzes by id, both versions ready for templates. Shared: the shortcode
/// handlers draw from it while pages render, and the quiz pages after.
pub type Quizzes = Arc<HashMap<String, QuizVersions>>;

/// Hands `{{ quiz(id="…") }}` and `{{ trainer_link(id="…") }}` to the registry, drawing from
/// `quizzes`.
pub fn register(registry: &mut Registry, quizzes: Quizzes) {
    let for_trainer_link = Arc::clone(&quizzes);
    registry.register("quiz", move |call, env| shortcode(call, env, &quizzes));
    registry.register("trainer_link", move |call, env| {
        trainer_link(call, env, &for_trainer_link)
    });
}

/// `{{ quiz(id="grund") }}`: the participants' version, never with trainer notes.
fn shortcode(
    call: &Call,
    env: &Env,
    quizzes: &HashMap<String, QuizVersions>,
) -> Result<String, String> {
    let quiz = find(call, quizzes)?;
    let context = serde_json::json!({
        "quiz": quiz.participant,
        "strings": env.strings,
        "standalone": false,
    });
    env.templates
        .render_json("shortcodes/quiz.html", &context)
        .map(|html| html + "\n")
}

/// `{{ trainer_link(id="grund") }}`: a link to the quiz's trainer mode, for training pages.
fn trainer_link(
    call: &Call,
    env: &Env,
    quizzes: &HashMap<String, QuizVersions>,
) -> Result<String, String> {
    let quiz = find(call, quizzes)?;
    let context = serde_json::json!({ "quiz": quiz.participant, "strings": env.strings });
    env.templates
        .render_json("shortcodes/trainer_link.html", &context)
        .map(|html| html + "\n")
}

fn find<'q>(
    call: &Call,
    quizzes: &'q HashMap<String, QuizVersions>,
) -> Result<&'q QuizVersions, String> {
    let id = required_str(call, "id")?;
    quizzes.get(id).ok_or_else(|| {
        format!(
            "no quiz `{id}` in this revision (known: {})",
            crate::features::checklist::known(quizzes.keys())
        )
    })
}
