//! Checklists (`checklists/*.yaml`) and quizzes (`quizzes/*.yaml`): the schemas, and the rules
//! serde cannot check (unique ids, one right answer where one is expected, no empty options).
//! Links inside them are checked later, with the pages' links.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::SourceFile;
use crate::model::diagnostic::Diagnostic;

/// A checklist to tick off in the moment, or to print as a paper form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub intro: String,
    pub groups: Vec<ChecklistGroup>,
    #[serde(skip)]
    pub source: Option<Arc<SourceFile>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistGroup {
    #[serde(default)]
    pub heading: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable across revisions: saved ticks are keyed by it.
    pub id: String,
    /// Inline Markdown.
    pub text: String,
    #[serde(default)]
    pub help: String,
    /// `@/page.md#anchor`.
    #[serde(default)]
    pub link: String,
}

/// A self-assessment quiz, also run by trainers on a projector.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    /// Right answers needed to pass.
    pub pass_mark: usize,
    pub questions: Vec<Question>,
    #[serde(skip)]
    pub source: Option<Arc<SourceFile>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    /// Markdown.
    pub prompt: String,
    pub options: Vec<AnswerOption>,
    /// Markdown, shown after answering.
    #[serde(default)]
    pub explanation: String,
    /// `@/page.md#anchor` that teaches this.
    #[serde(default)]
    pub link: String,
    /// Markdown, shown only in trainer mode and the answer key.
    #[serde(default)]
    pub trainer_note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    /// Pick the category (e.g. a form of otillåten påverkan) a scenario belongs to.
    Classify,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Inline Markdown.
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub feedback: String,
}

/// Parses one checklist file and checks its ids.
pub fn parse_checklist(file: Arc<SourceFile>) -> Result<Checklist, Vec<Diagnostic>> {
    let mut checklist: Checklist =
        crate::model::yaml::parse(&file.path, &file.text, &file.text, 1, "checklist")
            .map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    check_id(&file, "id", &checklist.id, &mut problems);
    let mut seen = HashSet::new();
    for item in checklist.groups.iter().flat_map(|g| &g.items) {
        check_id(&file, "id", &item.id, &mut problems);
        if !seen.insert(item.id.as_str()) {
            problems.push(duplicate(&file, &item.id, "item id"));
        }
        if item.text.trim().is_empty() {
            problems.push(at_id(
                &file,
                &item.id,
                format!("item `{}` has no text", item.id),
                "`text:` with what to do",
            ));
        }
    }
    if checklist.groups.iter().all(|g| g.items.is_empty()) {
        problems.push(at_key_line(
            &file,
            "groups",
            "the checklist has no items".into(),
            "`groups:` with at least one item",
        ));
    }
    checklist.source = Some(file);
    if problems.is_empty() {
        Ok(checklist)
    } else {
        Err(problems)
    }
}

/// Parses one quiz file and checks its questions.
pub fn parse_quiz(file: Arc<SourceFile>) -> Result<Quiz, Vec<Diagnostic>> {
    let mut quiz: Quiz = crate::model::yaml::parse(&file.path, &file.text, &file.text, 1, "quiz")
        .map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    check_id(&file, "id", &quiz.id, &mut problems);
    let mut seen = HashSet::new();
    for question in &quiz.questions {
        check_id(&file, "id", &question.id, &mut problems);
        if !seen.insert(question.id.as_str()) {
            problems.push(duplicate(&file, &question.id, "question id"));
        }
        problems.extend(check_question(&file, question));
    }
    if quiz.questions.is_empty() {
        problems.push(at_key_line(
            &file,
            "questions",
            "the quiz has no questions".into(),
            "`questions:` with at least one question",
        ));
    }
    if quiz.pass_mark == 0 || quiz.pass_mark > quiz.questions.len() {
        problems.push(at_key_line(
            &file,
            "pass_mark",
            format!(
                "pass_mark {} is not between 1 and the number of questions ({})",
                quiz.pass_mark,
                quiz.questions.len()
            ),
            "how many right answers it takes to pass",
        ));
    }
    quiz.source = Some(file);
    if problems.is_empty() {
        Ok(quiz)
    } else {
        Err(problems)
    }
}

fn check_question(file: &SourceFile, question: &Question) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |message: String, hint: &str| at_id(file, &question.id, message, hint);
    if question.prompt.trim().is_empty() {
        problems.push(at(
            format!("question `{}` has no prompt", question.id),
            "`prompt:` with the question",
        ));
    }
    if question.options.iter().any(|o| o.text.trim().is_empty()) {
        problems.push(at(
            format!("question `{}` has an empty option", question.id),
            "every option to have a `text:`",
        ));
    }
    let correct = question.options.iter().filter(|o| o.correct).count();
    let one_answer = question.kind != QuestionKind::Multiple;
    if correct == 0 {
        problems.push(at(
            format!("question `{}` has no correct option", question.id),
            "`correct: true` on the right answer",
        ));
    } else if one_answer && correct > 1 {
        problems.push(at(
            format!(
                "question `{}` has {correct} correct options, but its type allows one",
                question.id
            ),
            "one `correct: true`, or `type: multiple`",
        ));
    }
    let options_wanted = match question.kind {
        QuestionKind::TrueFalse => {
            (question.options.len() != 2).then_some("exactly two options, Sant and Falskt")
        }
        _ => (question.options.len() < 2).then_some("at least two options"),
    };
    if let Some(wanted) = options_wanted {
        problems.push(at(
            format!(
                "question `{}` has {} options",
                question.id,
                question.options.len()
            ),
            wanted,
        ));
    }
    problems
}

fn check_id(file: &SourceFile, key: &str, id: &str, problems: &mut Vec<Diagnostic>) {
    if !crate::model::slug::is_slug(id) {
        let line = crate::model::yaml::line_of_key(&file.text, key, id).unwrap_or(1);
        problems.push(
            Diagnostic::at_line_col(
                &file.path,
                &file.text,
                line,
                1,
                format!("`{id}` is not a valid id"),
            )
            .with_hint("lower-case letters a-z, digits and hyphens, e.g. `ring-112`"),
        );
    }
}

fn at_id(file: &SourceFile, id: &str, message: String, hint: &str) -> Diagnostic {
    let line = crate::model::yaml::line_of_key(&file.text, "id", id).unwrap_or(1);
    Diagnostic::at_line_col(&file.path, &file.text, line, 1, message).with_hint(hint.to_string())
}

fn at_key_line(file: &SourceFile, key: &str, message: String, hint: &str) -> Diagnostic {
    let line = file
        .text
        .lines()
        .position(|l| l.starts_with(key))
        .map_or(1, |i| i + 1);
    Diagnostic::at_line_col(&file.path, &file.text, line, 1, message).with_hint(hint.to_string())
}

/// Points at the second `id: <id>` in the file.
fn duplicate(file: &SourceFile, id: &str, what: &str) -> Diagnostic {
    let line = crate::model::yaml::nth_line_of_key(&file.text, "id", id, 2).unwrap_or(1);
    Diagnostic::at_line_col(
        &file.path,
        &file.text,
        line,
        1,
        format!("{what} `{id}` is used twice"),
    )
    .with_hint("every id to be unique, and to stay the same across revisions")
}

/// Reports ids used by two files of the same kind in one revision.
pub fn duplicate_file_ids<'a>(
    ids: impl Iterator<Item = (&'a str, &'a Path)>,
    what: &str,
) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for (id, path) in ids {
        if let Some(first) = seen.insert(id, path) {
            problems.push(
                Diagnostic::global(format!(
                    "{what} id `{id}` is used by both {} and {}",
                    first.display(),
                    path.display()
                ))
                .with_hint(format!("one {what} per id")),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: "quizzes/q.yaml".into(),
            text: text.to_string(),
        })
    }

    const QUIZ: &str = "id: grund
title: Grundquiz
pass_mark: 1
questions:
  - id: q1
    type: single
    prompt: Vad gör du först?
    options:
      - text: Ringer 112
        correct: true
      - text: Väntar
  - id: q2
    type: true_false
    prompt: Hot är alltid brott.
    options:
      - text: Sant
      - text: Falskt
        correct: true
";

    #[test]
    fn reads_a_valid_quiz() {
        let quiz = parse_quiz(file(QUIZ)).unwrap();
        assert_eq!(quiz.questions.len(), 2);
        assert_eq!(quiz.questions[1].kind, QuestionKind::TrueFalse);
    }

    fn first_error(text: &str) -> Diagnostic {
        parse_quiz(file(text)).unwrap_err().remove(0)
    }

    #[test]
    fn no_correct_option() {
        let d = first_error(&QUIZ.replace(
            "        correct: true\n      - text: Väntar",
            "      - text: Väntar",
        ));
        assert!(
            d.message.contains("`q1` has no correct option"),
            "{}",
            d.message
        );
        assert_eq!(d.location.unwrap().line, 5);
    }

    #[test]
    fn two_correct_for_single() {
        let d = first_error(&QUIZ.replace(
            "      - text: Väntar",
            "      - text: Väntar\n        correct: true",
        ));
        assert!(d.message.contains("2 correct options"), "{}", d.message);
    }

    #[test]
    fn duplicate_question_id_points_at_the_second() {
        let d = first_error(&QUIZ.replace("id: q2", "id: q1"));
        assert!(
            d.message.contains("question id `q1` is used twice"),
            "{}",
            d.message
        );
        assert_eq!(d.location.unwrap().line, 12);
    }

    #[test]
    fn unknown_type_names_its_line() {
        let d = first_error(&QUIZ.replace("type: true_false", "type: essay"));
        assert!(d.message.contains("essay"), "{}", d.message);
        assert_eq!(d.location.unwrap().line, 13);
    }

    #[test]
    fn empty_option() {
        let d = first_error(&QUIZ.replace("text: Väntar", "text: ''"));
        assert!(d.message.contains("empty option"), "{}", d.message);
    }

    #[test]
    fn checklist_duplicate_item() {
        let text = "id: vid-hot\ntitle: Vid hot\ngroups:\n  - items:\n      - id: tid\n        text: Tid\n      - id: tid\n        text: Datum\n";
        let errors = parse_checklist(file(text)).unwrap_err();
        assert!(errors[0].message.contains("item id `tid` is used twice"));
        assert_eq!(errors[0].location.as_ref().unwrap().line, 7);
    }
}
