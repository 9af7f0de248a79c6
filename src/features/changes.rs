//! What changed between two revisions of the plan: the data behind `/<id>/andringar/`.
//!
//! When the council adopts a new plan, the change page is what officials read to see exactly
//! what the new plan changes compared with the one they know: which pages, terms, checklists and
//! quiz questions were added, removed or reworded, down to the words. So this stage compares the
//! *text a reader sees*, not the source: Markdown is reduced to plain-text blocks (one per
//! heading, paragraph, list item, table row …), block sequences are diffed, and a reworded block
//! is shown as a word-level diff ("Ring ~~112~~ **114 14** nu").
//!
//! Plain data in, plain data out: no HTML and no I/O. Every output type serialises with a `kind`
//! string (`added`, `removed`, `changed`, `same`, `inserted`, `deleted`) so a template can branch
//! on it. The page is public, so internal and draft pages are left out of both revisions, and a
//! quiz question's `trainer_note` is never read.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use similar::{Algorithm, DiffTag, DiffableStr};

use crate::markdown::html::{collapse_whitespace as collapse, text_between_tags};
use crate::model::content::exercises::{Checklist, Question, Quiz};
use crate::model::content::{Page, Revision, Term, Visibility};

/// Two blocks less similar than this (share of their words in common) are shown as one removed
/// and one added block rather than as a word diff nobody could read.
const MIN_SIMILARITY: f32 = 0.3;

/// A run of replaced blocks up to this many old × new pairs is aligned by similarity (so a new
/// paragraph inserted before a reworded one does not hide the rewording); larger runs, i.e.
/// rewrites, are paired in order.
const MAX_ALIGNED_PAIRS: usize = 64;

/// Longest a single word-level diff may run (pathological inputs only: a rewritten block of
/// thousands of words). Past it `similar` settles for a coarser diff.
const WORD_DIFF_TIME: Duration = Duration::from_millis(20);

/// Prompts longer than this (in characters) are shortened for a question's title.
const TITLE_CHARS: usize = 80;

/// How an item or page differs between the revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

/// How one block of text differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Same,
    Added,
    Removed,
    Changed,
}

/// A piece of a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    Same,
    Inserted,
    Deleted,
}

/// Everything that differs between a revision and the one before it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeSet {
    /// Id of the older revision.
    pub previous: String,
    pub counts: Counts,
    /// Changed and added pages in the new revision's page order, then removed pages in the old
    /// one's.
    pub pages: Vec<PageChange>,
    pub terms: Vec<ItemChange>,
    pub checklists: Vec<ItemChange>,
    pub questions: Vec<ItemChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pages_added: usize,
    pub pages_removed: usize,
    pub pages_changed: usize,
    pub terms_added: usize,
    pub terms_removed: usize,
    pub terms_changed: usize,
    pub checklists_added: usize,
    pub checklists_removed: usize,
    pub checklists_changed: usize,
    pub questions_added: usize,
    pub questions_removed: usize,
    pub questions_changed: usize,
    /// Sum of all the above.
    pub total: usize,
}

/// A page that was added, removed or changed, matched across revisions by its source path.
#[derive(Debug, Clone, Serialize)]
pub struct PageChange {
    pub kind: Kind,
    /// Source path inside the revision: `plan/mal.md`.
    pub rel_path: String,
    /// The new title; the old one for a removed page.
    pub title: String,
    /// The old title when the title changed, else empty.
    pub old_title: String,
    /// URL path inside the new revision (`plan/mal/`); for a removed page, inside the previous
    /// revision.
    pub url_path: String,
    /// The page's title, then its body, block by block.
    pub blocks: Vec<Block>,
}

/// A term, checklist or quiz question that was added, removed or changed, matched by id.
#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub kind: Kind,
    /// The item's id; for a quiz question `quizid/questionid`.
    pub id: String,
    /// The term, the checklist's title or the question's prompt (shortened); from the new
    /// revision, or the old one for a removed item.
    pub title: String,
    /// The quiz's title for a question, else empty.
    pub parent_title: String,
    pub blocks: Vec<Block>,
}

/// One paragraph, heading, list item, table row … of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// For `same`, `added` and `removed` blocks a single segment (`same`, `inserted`, `deleted`)
    /// holding the text; for `changed` blocks a word diff whose `same` + `deleted` segments
    /// concatenate to the old text and `same` + `inserted` to the new.
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
}

/// Compares `new` with the revision before it, `old`.
pub fn compare(old: &Revision, new: &Revision) -> ChangeSet {
    let pages = compare_pages(&old.pages, &new.pages);
    let terms = compare_items(
        old.terms.iter().map(term_item).collect(),
        new.terms.iter().map(term_item).collect(),
    );
    let checklists = compare_items(
        old.checklists.iter().map(checklist_item).collect(),
        new.checklists.iter().map(checklist_item).collect(),
    );
    let questions = compare_items(question_items(&old.quizzes), question_items(&new.quizzes));

    let [pages_added, pages_removed, pages_changed] = tally(pages.iter().map(|p| p.kind));
    let [terms_added, terms_removed, terms_changed] = tally(terms.iter().map(|i| i.kind));
    let [checklists_added, checklists_removed, checklists_changed] =
        tally(checklists.iter().map(|i| i.kind));
    let [questions_added, questions_removed, questions_changed] =
        tally(questions.iter().map(|i| i.kind));
    let counts = Counts {
        pages_added,
        pages_removed,
        pages_changed,
        terms_added,
        terms_removed,
        terms_changed,
        checklists_added,
        checklists_removed,
        checklists_changed,
        questions_added,
        questions_removed,
        questions_changed,
        total: pages.len() + terms.len() + checklists.len() + questions.len(),
    };
    ChangeSet {
        previous: old.id.clone(),
        counts,
        pages,
        terms,
        checklists,
        questions,
    }
}

/// How many were `[added, removed, changed]`.
fn tally(kinds: impl Iterator<Item = Kind>) -> [usize; 3] {
    let mut counts = [0; 3];
    for kind in kinds {
        let slot = match kind {
            Kind::Added => 0,
            Kind::Removed => 1,
            Kind::Changed => 2,
        };
        counts[slot] += 1;
    }
    counts
}

// ---------------------------------------------------------------------------------------------
// Pages

/// Whether a page may appear on the public change page.
fn is_public(page: &Page) -> bool {
    !page.front.draft && page.front.visibility != Visibility::Internal
}

/// The page's Markdown body; empty (never a panic) if `body_start` is out of place.
fn body(page: &Page) -> &str {
    page.source.text.get(page.body_start..).unwrap_or("")
}

fn page_blocks(page: &Page) -> Vec<String> {
    let mut blocks = Vec::new();
    let title = collapse(&page.front.title);
    if !title.is_empty() {
        blocks.push(title);
    }
    plain_blocks(body(page), &mut blocks);
    blocks
}

/// Pages are matched by source path; each side is filtered first, so a page that became
/// internal or a draft counts as removed from the public handbook (with its old, public text),
/// and one that became public as added. The internal or draft version is never read.
fn compare_pages(old: &[Page], new: &[Page]) -> Vec<PageChange> {
    let old: Vec<&Page> = old.iter().filter(|p| is_public(p)).collect();
    let mut by_path: HashMap<&str, usize> = HashMap::with_capacity(old.len());
    for (i, page) in old.iter().enumerate() {
        by_path.entry(page.rel_path.as_str()).or_insert(i);
    }
    let mut matched = vec![false; old.len()];
    let mut changes = Vec::new();
    for page in new.iter().filter(|p| is_public(p)) {
        let previous = by_path
            .get(page.rel_path.as_str())
            .copied()
            .filter(|&i| !matched[i]);
        match previous {
            Some(i) => {
                matched[i] = true;
                changes.extend(compare_page(old[i], page));
            }
            None => changes.push(whole_page(Kind::Added, page)),
        }
    }
    for (page, _) in old.iter().zip(&matched).filter(|(_, m)| !**m) {
        changes.push(whole_page(Kind::Removed, page));
    }
    changes
}

fn compare_page(old: &Page, new: &Page) -> Option<PageChange> {
    let title_changed = collapse(&old.front.title) != collapse(&new.front.title);
    if !title_changed && body(old) == body(new) {
        return None;
    }
    let blocks = diff_blocks(&page_blocks(old), &page_blocks(new));
    if !title_changed && blocks.iter().all(|b| b.kind == BlockKind::Same) {
        // Only invisible things changed: a link target, line breaks, emphasis.
        return None;
    }
    Some(PageChange {
        kind: Kind::Changed,
        rel_path: new.rel_path.clone(),
        title: new.front.title.clone(),
        old_title: if title_changed {
            old.front.title.clone()
        } else {
            String::new()
        },
        url_path: new.url_path.clone(),
        blocks,
    })
}

fn whole_page(kind: Kind, page: &Page) -> PageChange {
    PageChange {
        kind,
        rel_path: page.rel_path.clone(),
        title: page.front.title.clone(),
        old_title: String::new(),
        url_path: page.url_path.clone(),
        blocks: whole(kind, page_blocks(page)),
    }
}

/// All blocks added (for an added item) or removed.
fn whole(kind: Kind, texts: Vec<String>) -> Vec<Block> {
    texts
        .into_iter()
        .map(|text| match kind {
            Kind::Removed => Block::removed(text),
            _ => Block::added(text),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Terms, checklists, quiz questions

/// A term, checklist or question reduced to what the change page compares.
struct Item {
    id: String,
    title: String,
    parent_title: String,
    blocks: Vec<String>,
}

fn term_item(term: &Term) -> Item {
    let mut blocks = Vec::new();
    push_plain(&mut blocks, &term.term);
    plain_blocks(&term.short, &mut blocks);
    plain_blocks(&term.body, &mut blocks);
    for example in &term.examples {
        plain_blocks(example, &mut blocks);
    }
    for legal in &term.legal {
        let parts: Vec<&str> = [&legal.reference, &legal.title, &legal.note]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        push_plain(&mut blocks, &parts.join(" – "));
    }
    Item {
        id: term.id.clone(),
        title: collapse(&term.term),
        parent_title: String::new(),
        blocks,
    }
}

fn checklist_item(checklist: &Checklist) -> Item {
    let mut blocks = Vec::new();
    push_plain(&mut blocks, &checklist.title);
    plain_blocks(&checklist.intro, &mut blocks);
    for group in &checklist.groups {
        push_plain(&mut blocks, &group.heading);
        for item in &group.items {
            // Inline Markdown: one block however it is written.
            let mut text = Vec::new();
            plain_blocks(&item.text, &mut text);
            push_plain(&mut blocks, &text.join(" "));
            plain_blocks(&item.help, &mut blocks);
        }
    }
    Item {
        id: checklist.id.clone(),
        title: collapse(&checklist.title),
        parent_title: String::new(),
        blocks,
    }
}

fn question_items(quizzes: &[Quiz]) -> Vec<Item> {
    quizzes
        .iter()
        .flat_map(|quiz| quiz.questions.iter().map(move |q| question_item(quiz, q)))
        .collect()
}

/// Prompt, options (the right ones marked, so moving the right answer shows), feedback and
/// explanation. Never the trainer's note: it is for trainers only.
fn question_item(quiz: &Quiz, question: &Question) -> Item {
    let mut blocks = Vec::new();
    plain_blocks(&question.prompt, &mut blocks);
    let title = shorten(&blocks.join(" "), TITLE_CHARS);
    for option in &question.options {
        let mut text = Vec::new();
        plain_blocks(&option.text, &mut text);
        let text = text.join(" ");
        if option.correct {
            blocks.push(format!("Rätt svar: {text}").trim_end().to_string());
        } else {
            push_plain(&mut blocks, &text);
        }
        plain_blocks(&option.feedback, &mut blocks);
    }
    plain_blocks(&question.explanation, &mut blocks);
    Item {
        id: format!("{}/{}", quiz.id, question.id),
        title,
        parent_title: collapse(&quiz.title),
        blocks,
    }
}

/// Matches items by id: changed and added ones in the new order, then removed ones in the old.
fn compare_items(old: Vec<Item>, new: Vec<Item>) -> Vec<ItemChange> {
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(old.len());
    for (i, item) in old.iter().enumerate() {
        by_id.entry(item.id.as_str()).or_insert(i);
    }
    let mut matched = vec![false; old.len()];
    let mut changes = Vec::new();
    for item in &new {
        let previous = by_id
            .get(item.id.as_str())
            .copied()
            .filter(|&i| !matched[i]);
        match previous {
            Some(i) => {
                matched[i] = true;
                if old[i].blocks != item.blocks {
                    changes.push(ItemChange {
                        kind: Kind::Changed,
                        id: item.id.clone(),
                        title: item.title.clone(),
                        parent_title: item.parent_title.clone(),
                        blocks: diff_blocks(&old[i].blocks, &item.blocks),
                    });
                }
            }
            None => changes.push(whole_item(Kind::Added, item)),
        }
    }
    for (item, _) in old.iter().zip(&matched).filter(|(_, m)| !**m) {
        changes.push(whole_item(Kind::Removed, item));
    }
    changes
}

fn whole_item(kind: Kind, item: &Item) -> ItemChange {
    ItemChange {
        kind,
        id: item.id.clone(),
        title: item.title.clone(),
        parent_title: item.parent_title.clone(),
        blocks: whole(kind, item.blocks.clone()),
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown → plain-text blocks

/// Appends `text`, whitespace collapsed, as one block unless it is empty.
fn push_plain(blocks: &mut Vec<String>, text: &str) {
    let text = collapse(text);
    if !text.is_empty() {
        blocks.push(text);
    }
}

/// Collects the text of one block at a time.
#[derive(Default)]
struct BlockText {
    text: String,
    in_heading: bool,
    quote_depth: usize,
    /// Cells seen in the current table row.
    cells: usize,
    /// Put before the next non-empty block: a footnote's label.
    prefix: String,
}

impl BlockText {
    fn flush(&mut self, out: &mut Vec<String>) {
        if self.text.trim().is_empty() {
            self.text.clear();
            return;
        }
        let mut text = collapse(&self.text);
        self.text.clear();
        if self.in_heading {
            text = strip_heading_attributes(&text).to_string();
        }
        if self.quote_depth > 0 {
            text = strip_callout_marker(&text).to_string();
        }
        if text.is_empty() {
            return;
        }
        if !self.prefix.is_empty() {
            text = std::mem::take(&mut self.prefix) + &text;
        }
        out.push(text);
    }
}

/// Reduces Markdown to the text a reader sees, one block per heading, paragraph, list item,
/// table row (cells joined with ` | `), code block or HTML block. Link and image targets,
/// emphasis and raw HTML tags are dropped; shortcode calls stay as written.
fn plain_blocks(markdown: &str, out: &mut Vec<String>) {
    if markdown.trim().is_empty() {
        return;
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut b = BlockText::default();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. } => {}
                Tag::TableCell => {
                    if b.cells > 0 {
                        b.text.push_str(" | ");
                    }
                    b.cells += 1;
                }
                Tag::Heading { .. } => {
                    b.flush(out);
                    b.in_heading = true;
                }
                Tag::BlockQuote(_) => {
                    b.flush(out);
                    b.quote_depth += 1;
                }
                Tag::FootnoteDefinition(label) => {
                    b.flush(out);
                    b.prefix = format!("[{label}] ");
                }
                Tag::TableHead | Tag::TableRow => {
                    b.flush(out);
                    b.cells = 0;
                }
                _ => b.flush(out),
            },
            Event::End(tag) => match tag {
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::TableCell => {}
                TagEnd::Heading(_) => {
                    b.flush(out);
                    b.in_heading = false;
                }
                TagEnd::BlockQuote(_) => {
                    b.flush(out);
                    b.quote_depth = b.quote_depth.saturating_sub(1);
                }
                _ => b.flush(out),
            },
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => b.text.push_str(&text),
            Event::Html(html) | Event::InlineHtml(html) => {
                b.text.push_str(&text_between_tags(&html))
            }
            Event::FootnoteReference(label) => {
                b.text.push('[');
                b.text.push_str(&label);
                b.text.push(']');
            }
            Event::SoftBreak | Event::HardBreak => b.text.push(' '),
            Event::Rule => b.flush(out),
            Event::TaskListMarker(done) => b.text.push_str(if done { "[x] " } else { "[ ] " }),
        }
    }
    b.flush(out);
}

/// `Rubrik {#id .class}` → `Rubrik`, in case an attribute block reaches the text.
fn strip_heading_attributes(text: &str) -> &str {
    let trimmed = text.trim_end();
    if let Some(inner) = trimmed.strip_suffix('}') {
        if let Some(open) = inner.rfind('{') {
            let attrs = inner[open + 1..].trim_start();
            if attrs.starts_with('#') || attrs.starts_with('.') {
                return inner[..open].trim_end();
            }
        }
    }
    trimmed
}

/// `[!VIKTIGT] Text` at the start of a block quote (a callout) → `Text`.
fn strip_callout_marker(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("[!") else {
        return text;
    };
    match rest.split_once(']') {
        Some((word, after)) if !word.is_empty() && word.chars().all(char::is_alphabetic) => {
            after.trim_start()
        }
        _ => text,
    }
}

// ---------------------------------------------------------------------------------------------
// Diffing

impl Block {
    fn single(kind: BlockKind, segment: SegmentKind, text: String) -> Block {
        Block {
            kind,
            segments: vec![Segment {
                kind: segment,
                text,
            }],
        }
    }

    fn same(text: String) -> Block {
        Block::single(BlockKind::Same, SegmentKind::Same, text)
    }

    fn added(text: String) -> Block {
        Block::single(BlockKind::Added, SegmentKind::Inserted, text)
    }

    fn removed(text: String) -> Block {
        Block::single(BlockKind::Removed, SegmentKind::Deleted, text)
    }
}

/// Diffs two block sequences: equal blocks are `same`, replaced runs are paired into `changed`
/// blocks (or removed + added when too different), the rest `added` / `removed`.
fn diff_blocks(old: &[String], new: &[String]) -> Vec<Block> {
    let ops = similar::capture_diff_slices(Algorithm::Patience, old, new);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for op in &ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let olds = old.get(old_range).unwrap_or(&[]);
        let news = new.get(new_range).unwrap_or(&[]);
        match tag {
            DiffTag::Equal => out.extend(news.iter().cloned().map(Block::same)),
            DiffTag::Delete => out.extend(olds.iter().cloned().map(Block::removed)),
            DiffTag::Insert => out.extend(news.iter().cloned().map(Block::added)),
            DiffTag::Replace => pair_blocks(olds, news, &mut out),
        }
    }
    out
}

/// The tokens that make two blocks similar: words and numbers, not spaces or punctuation.
fn words(text: &str) -> Vec<&str> {
    text.tokenize_unicode_words()
        .into_iter()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .collect()
}

/// Share of words two blocks have in common, in order: 0 (nothing) to 1 (the same words).
fn similarity(old: &[&str], new: &[&str]) -> f32 {
    let total = old.len() + new.len();
    if total == 0 {
        return 1.0;
    }
    let deadline = Instant::now() + WORD_DIFF_TIME;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, old, new, Some(deadline));
    let common: usize = ops
        .iter()
        .map(|op| match op.as_tag_tuple() {
            (DiffTag::Equal, range, _) => range.len(),
            _ => 0,
        })
        .sum();
    2.0 * common as f32 / total as f32
}

/// Pairs a run of removed blocks with the run of added blocks that replaced it.
///
/// Small runs are aligned to maximise the summed similarity of the pairs (order kept), so an
/// inserted paragraph pairs with nothing and the reworded one next to it with its old self.
/// Large runs are paired in order. Pairs below [`MIN_SIMILARITY`] become removed + added.
fn pair_blocks(old: &[String], new: &[String], out: &mut Vec<Block>) {
    let (m, n) = (old.len(), new.len());
    let old_words: Vec<Vec<&str>> = old.iter().map(|s| words(s)).collect();
    let new_words: Vec<Vec<&str>> = new.iter().map(|s| words(s)).collect();

    if m.saturating_mul(n) > MAX_ALIGNED_PAIRS {
        for i in 0..m.max(n) {
            match (old.get(i), new.get(i)) {
                (Some(o), Some(nw)) => {
                    if similarity(&old_words[i], &new_words[i]) >= MIN_SIMILARITY {
                        out.push(changed_block(o, nw));
                    } else {
                        out.push(Block::removed(o.clone()));
                        out.push(Block::added(nw.clone()));
                    }
                }
                (Some(o), None) => out.push(Block::removed(o.clone())),
                (None, Some(nw)) => out.push(Block::added(nw.clone())),
                (None, None) => {}
            }
        }
        return;
    }

    let sim: Vec<f32> = (0..m * n)
        .map(|k| similarity(&old_words[k / n], &new_words[k % n]))
        .collect();
    let pairable = |i: usize, j: usize| sim[i * n + j] >= MIN_SIMILARITY;
    // best[i * w + j]: the best total similarity aligning old[i..] with new[j..].
    let w = n + 1;
    let mut best = vec![0f32; (m + 1) * w];
    for i in (0..m).rev() {
        for j in (0..n).rev() {
            let mut b = best[(i + 1) * w + j].max(best[i * w + j + 1]);
            if pairable(i, j) {
                b = b.max(sim[i * n + j] + best[(i + 1) * w + j + 1]);
            }
            best[i * w + j] = b;
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < m || j < n {
        if i < m && j < n {
            let here = best[i * w + j];
            if pairable(i, j) && sim[i * n + j] + best[(i + 1) * w + j + 1] >= here {
                out.push(changed_block(&old[i], &new[j]));
                i += 1;
                j += 1;
            } else if best[(i + 1) * w + j] >= here {
                out.push(Block::removed(old[i].clone()));
                i += 1;
            } else {
                out.push(Block::added(new[j].clone()));
                j += 1;
            }
        } else if i < m {
            out.push(Block::removed(old[i].clone()));
            i += 1;
        } else {
            out.push(Block::added(new[j].clone()));
            j += 1;
        }
    }
}

fn changed_block(old: &str, new: &str) -> Block {
    let segments = word_diff(old, new);
    if segments.iter().all(|s| s.kind == SegmentKind::Same) {
        return Block::same(new.to_string());
    }
    Block {
        kind: BlockKind::Changed,
        segments,
    }
}

/// A stretch of a word diff: unchanged text, or what was deleted and inserted in its place.
enum Run {
    Same(String),
    Change { deleted: String, inserted: String },
}

impl Run {
    /// For a replacement (something deleted and something inserted), the longer side's length
    /// in characters.
    fn replacement_size(&self) -> Option<usize> {
        match self {
            Run::Change { deleted, inserted } if !deleted.is_empty() && !inserted.is_empty() => {
                Some(deleted.chars().count().max(inserted.chars().count()))
            }
            _ => None,
        }
    }
}

/// Word-level diff of two blocks (Unicode word boundaries, so `åtgärd` is one word and `112.`
/// is `112` + `.`), with whitespace kept and adjacent pieces of the same kind merged.
///
/// A space, or one short word, left standing between two replacements is folded into them, so
/// "polisen och chefen" → "närmaste chef och juristen" reads as one replacement rather than a
/// soup of little ones.
fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let a = old.tokenize_unicode_words();
    let b = new.tokenize_unicode_words();
    let deadline = Instant::now() + WORD_DIFF_TIME;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    segments(fold_small_gaps(runs(&ops, &a, &b)))
}

/// The diff's operations as runs of unchanged and changed text, neighbours of one kind merged.
fn runs(ops: &[similar::DiffOp], a: &[&str], b: &[&str]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let olds = a.get(old_range).unwrap_or(&[]).concat();
        let news = b.get(new_range).unwrap_or(&[]).concat();
        match (tag, runs.last_mut()) {
            (DiffTag::Equal, Some(Run::Same(text))) => text.push_str(&news),
            (DiffTag::Equal, _) => runs.push(Run::Same(news)),
            (_, Some(Run::Change { deleted, inserted })) => {
                deleted.push_str(&olds);
                inserted.push_str(&news);
            }
            _ => runs.push(Run::Change {
                deleted: olds,
                inserted: news,
            }),
        }
    }
    runs
}

/// A space, or one word no longer than the replacements around it, folded into them.
fn fold_small_gaps(runs: Vec<Run>) -> Vec<Run> {
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    let mut runs = runs.into_iter().peekable();
    while let Some(run) = runs.next() {
        let fold = match (&run, merged.last(), runs.peek()) {
            (Run::Same(same), Some(before), Some(after)) => {
                match (before.replacement_size(), after.replacement_size()) {
                    (Some(before), Some(after)) => {
                        same.trim().is_empty()
                            || (words(same).len() <= 1 && same.chars().count() <= before.min(after))
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if !fold {
            merged.push(run);
            continue;
        }
        let (Run::Same(same), Some(Run::Change { deleted, inserted }), Some(after)) =
            (run, merged.last_mut(), runs.next())
        else {
            continue;
        };
        deleted.push_str(&same);
        inserted.push_str(&same);
        if let Run::Change {
            deleted: d,
            inserted: i,
        } = after
        {
            deleted.push_str(&d);
            inserted.push_str(&i);
        }
    }
    merged
}

/// Runs as the segments templates print: a replacement becomes its deletion, then its
/// insertion.
fn segments(runs: Vec<Run>) -> Vec<Segment> {
    let mut segments = Vec::with_capacity(runs.len() * 2);
    for run in runs {
        match run {
            Run::Same(text) => segments.push(Segment {
                kind: SegmentKind::Same,
                text,
            }),
            Run::Change { deleted, inserted } => {
                if !deleted.is_empty() {
                    segments.push(Segment {
                        kind: SegmentKind::Deleted,
                        text: deleted,
                    });
                }
                if !inserted.is_empty() {
                    segments.push(Segment {
                        kind: SegmentKind::Inserted,
                        text: inserted,
                    });
                }
            }
        }
    }
    segments
}

/// The first `max` characters of `text`, cut at a word boundary, with `…` when shortened.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::content::exercises::{
        AnswerOption, ChecklistGroup, ChecklistItem, Question, QuestionKind,
    };
    use crate::model::content::{FrontMatter, LegalRef, RevisionMeta, SourceFile};

    fn page(rel_path: &str, title: &str, body: &str) -> Page {
        let text = format!("---\ntitle: {title}\n---\n{body}");
        let body_start = text.len() - body.len();
        // Parsed, so fields added to the front matter later need no change here.
        let mut front: FrontMatter =
            serde_yaml::from_str("title: x\n").expect("valid front matter");
        front.title = title.into();
        Page {
            rel_path: rel_path.into(),
            url_path: rel_path.trim_end_matches(".md").to_string() + "/",
            is_section: false,
            parent: None,
            front,
            source: Arc::new(SourceFile {
                path: rel_path.into(),
                text,
            }),
            body_start,
        }
    }

    fn revision(id: &str, pages: Vec<Page>) -> Revision {
        Revision {
            id: id.into(),
            // Parsed, so fields added to `revision.yaml` later need no change here.
            meta: serde_yaml::from_str::<RevisionMeta>("status: adopted\nadopted: 2023-01-01\n")
                .expect("valid revision.yaml"),
            pages,
            terms: vec![],
            terms_file: None,
            checklists: vec![],
            quizzes: vec![],
            assets: vec![],
            unreadable: vec![],
            withheld: vec![],
            content_key: [0; 32],
        }
    }

    fn term(id: &str, body: &str) -> Term {
        Term {
            id: id.into(),
            term: "Hot".into(),
            short: "Att hota någon.".into(),
            body: body.into(),
            forms: vec![],
            examples: vec!["Ett sms om att *du ska akta dig*.".into()],
            legal: vec![LegalRef {
                reference: "4 kap. 5 § brottsbalken".into(),
                title: "Olaga hot".into(),
                note: String::new(),
            }],
            line: 1,
        }
    }

    fn checklist(items: &[(&str, &str)]) -> Checklist {
        Checklist {
            id: "vid-hot".into(),
            title: "Vid hot".into(),
            intro: "Gör så här.".into(),
            groups: vec![ChecklistGroup {
                heading: "Direkt".into(),
                items: items
                    .iter()
                    .map(|(id, text)| ChecklistItem {
                        id: id.to_string(),
                        text: text.to_string(),
                        help: String::new(),
                        link: String::new(),
                    })
                    .collect(),
            }],
            source: None,
        }
    }

    fn quiz(correct: usize, trainer_note: &str) -> Quiz {
        let options = ["Ringer 112", "Väntar och ser", "Raderar meddelandet"]
            .iter()
            .enumerate()
            .map(|(i, text)| AnswerOption {
                text: text.to_string(),
                correct: i == correct,
                feedback: String::new(),
            })
            .collect();
        Quiz {
            id: "grund".into(),
            title: "Grundquiz".into(),
            intro: String::new(),
            pass_mark: 1,
            questions: vec![Question {
                id: "q1".into(),
                kind: QuestionKind::Single,
                prompt: "Vad gör du **först** när du blir hotad?".into(),
                options,
                explanation: "Polisen först.".into(),
                link: String::new(),
                trainer_note: trainer_note.into(),
            }],
            source: None,
        }
    }

    fn blocks(markdown: &str) -> Vec<String> {
        let mut out = Vec::new();
        plain_blocks(markdown, &mut out);
        out
    }

    fn segments(block: &Block, kind: SegmentKind) -> Vec<&str> {
        block
            .segments
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// Same + deleted segments give the old text, same + inserted the new.
    fn sides(block: &Block) -> (String, String) {
        let side = |skip: SegmentKind| {
            block
                .segments
                .iter()
                .filter(|s| s.kind != skip)
                .map(|s| s.text.as_str())
                .collect::<String>()
        };
        (side(SegmentKind::Inserted), side(SegmentKind::Deleted))
    }

    fn changed_blocks(blocks: &[Block]) -> Vec<&Block> {
        blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Changed)
            .collect()
    }

    #[test]
    fn detects_and_counts_added_removed_and_changed_pages() {
        let old = revision(
            "2019",
            vec![
                page("_index.md", "Start", "Välkommen.\n"),
                page("plan/mal.md", "Mål", "# Mål\n\nVi ska minska hoten.\n"),
                page("plan/gammal.md", "Gammal", "Borttagen text.\n"),
            ],
        );
        let new = revision(
            "2023",
            vec![
                page("_index.md", "Start", "Välkommen.\n"),
                page("plan/mal.md", "Mål", "# Mål\n\nVi ska halvera hoten.\n"),
                page("plan/ny.md", "Ny", "Ny text.\n"),
            ],
        );
        let set = compare(&old, &new);
        assert_eq!(set.previous, "2019");
        let listed: Vec<(Kind, &str)> = set
            .pages
            .iter()
            .map(|p| (p.kind, p.rel_path.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                (Kind::Changed, "plan/mal.md"),
                (Kind::Added, "plan/ny.md"),
                (Kind::Removed, "plan/gammal.md"),
            ]
        );
        assert_eq!(set.counts.pages_added, 1);
        assert_eq!(set.counts.pages_removed, 1);
        assert_eq!(set.counts.pages_changed, 1);
        assert_eq!(set.counts.total, 3);

        let changed = &set.pages[0];
        assert_eq!(changed.url_path, "plan/mal/");
        assert!(changed.old_title.is_empty());
        let kinds: Vec<BlockKind> = changed.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Same, BlockKind::Same, BlockKind::Changed],
            "title, heading, paragraph"
        );
        let added = &set.pages[1];
        assert_eq!(
            added.blocks,
            [Block::added("Ny".into()), Block::added("Ny text.".into())]
        );
        let removed = &set.pages[2];
        assert_eq!(removed.url_path, "plan/gammal/");
        assert!(removed.blocks.iter().all(|b| b.kind == BlockKind::Removed));
    }

    #[test]
    fn unchanged_and_invisibly_changed_pages_are_not_listed() {
        let old = revision(
            "a",
            vec![
                page("a.md", "A", "Text.\n"),
                page("b.md", "B", "Läs [mer](https://gammal.example/).\n"),
            ],
        );
        let new = revision(
            "b",
            vec![
                page("a.md", "A", "Text.\n"),
                page("b.md", "B", "Läs\n[mer](https://ny.example/).\n"),
            ],
        );
        let set = compare(&old, &new);
        assert!(set.pages.is_empty(), "{:?}", set.pages);
        assert_eq!(set.counts, Counts::default());
    }

    #[test]
    fn a_changed_title_is_reported_with_the_old_one() {
        let old = revision("a", vec![page("a.md", "Mål för arbetet", "Text.\n")]);
        let new = revision("b", vec![page("a.md", "Mål för hela arbetet", "Text.\n")]);
        let set = compare(&old, &new);
        assert_eq!(set.pages.len(), 1);
        assert_eq!(set.pages[0].title, "Mål för hela arbetet");
        assert_eq!(set.pages[0].old_title, "Mål för arbetet");
        assert_eq!(set.pages[0].blocks[0].kind, BlockKind::Changed);
        assert_eq!(
            segments(&set.pages[0].blocks[0], SegmentKind::Inserted),
            ["hela "]
        );
        assert_eq!(set.pages[0].blocks[1], Block::same("Text.".into()));
    }

    #[test]
    fn a_word_change_gives_exactly_the_deleted_and_inserted_words() {
        let old = revision(
            "a",
            vec![page("a.md", "A", "Ring 112 nu om det är akut.\n")],
        );
        let new = revision(
            "b",
            vec![page("a.md", "A", "Ring 114 14 nu om det är akut.\n")],
        );
        let set = compare(&old, &new);
        let changed = changed_blocks(&set.pages[0].blocks);
        assert_eq!(changed.len(), 1);
        assert_eq!(segments(changed[0], SegmentKind::Deleted), ["112"]);
        assert_eq!(segments(changed[0], SegmentKind::Inserted), ["114 14"]);
        assert_eq!(
            segments(changed[0], SegmentKind::Same),
            ["Ring ", " nu om det är akut."]
        );
        let (old_text, new_text) = sides(changed[0]);
        assert_eq!(old_text, "Ring 112 nu om det är akut.");
        assert_eq!(new_text, "Ring 114 14 nu om det är akut.");
    }

    #[test]
    fn swedish_words_are_whole_words() {
        let block = changed_block(
            "Kommunen ska åtgärda hotet mot förtroendevalda snabbt.",
            "Kommunen ska förebygga hotet mot förtroendevalda i tid.",
        );
        assert_eq!(block.kind, BlockKind::Changed);
        assert_eq!(
            segments(&block, SegmentKind::Deleted),
            ["åtgärda", "snabbt"]
        );
        assert_eq!(
            segments(&block, SegmentKind::Inserted),
            ["förebygga", "i tid"]
        );
        let block = changed_block("Äldre rutiner gäller.", "Öppna rutiner gäller.");
        assert_eq!(segments(&block, SegmentKind::Deleted), ["Äldre"]);
        assert_eq!(segments(&block, SegmentKind::Inserted), ["Öppna"]);
    }

    #[test]
    fn replaced_neighbouring_words_read_as_one_replacement() {
        let block = changed_block(
            "Anmäl till polisen och säkerhetschefen samma dag.",
            "Anmäl till närmaste chef och kommunjuristen samma dag.",
        );
        assert_eq!(
            segments(&block, SegmentKind::Deleted),
            ["polisen och säkerhetschefen"]
        );
        assert_eq!(
            segments(&block, SegmentKind::Inserted),
            ["närmaste chef och kommunjuristen"]
        );
        let (old_text, new_text) = sides(&block);
        assert_eq!(
            old_text,
            "Anmäl till polisen och säkerhetschefen samma dag."
        );
        assert_eq!(
            new_text,
            "Anmäl till närmaste chef och kommunjuristen samma dag."
        );
    }

    #[test]
    fn dissimilar_blocks_are_removed_and_added_not_word_soup() {
        let out = diff_blocks(
            &["Start".into(), "Spara alla hotfulla meddelanden.".into()],
            &[
                "Start".into(),
                "Kontakta säkerhetssamordnaren direkt.".into(),
            ],
        );
        let kinds: Vec<BlockKind> = out.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Same, BlockKind::Removed, BlockKind::Added]
        );
    }

    #[test]
    fn an_inserted_paragraph_does_not_hide_a_reworded_one() {
        let old = [
            "Rubrik".to_string(),
            "Spara alla hotfulla meddelanden i telefonen.".into(),
        ];
        let new = [
            "Rubrik".to_string(),
            "Kontakta säkerhetssamordnaren direkt.".into(),
            "Spara alla hotfulla meddelanden och brev.".into(),
        ];
        let out = diff_blocks(&old, &new);
        let kinds: Vec<BlockKind> = out.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Same, BlockKind::Added, BlockKind::Changed]
        );
        assert_eq!(segments(&out[2], SegmentKind::Deleted), ["i telefonen"]);
        assert_eq!(segments(&out[2], SegmentKind::Inserted), ["och brev"]);
    }

    #[test]
    fn internal_and_draft_pages_never_appear() {
        let mut secret_old = page("intern.md", "Intern", "Hemlig rutin A.\n");
        secret_old.front.visibility = Visibility::Internal;
        let mut secret_new = page("intern.md", "Intern", "Hemlig rutin B.\n");
        secret_new.front.visibility = Visibility::Internal;
        let mut new_internal = page("intern2.md", "Intern 2", "Hemlig ny rutin.\n");
        new_internal.front.visibility = Visibility::Internal;
        let mut draft = page("utkast.md", "Utkast", "Hemligt utkast.\n");
        draft.front.draft = true;
        let old = revision("a", vec![page("a.md", "A", "Text.\n"), secret_old]);
        let new = revision(
            "b",
            vec![
                page("a.md", "A", "Text.\n"),
                secret_new,
                new_internal,
                draft,
            ],
        );
        let set = compare(&old, &new);
        assert!(set.pages.is_empty(), "{:?}", set.pages);
        assert_eq!(set.counts.total, 0);
        let json = serde_json::to_string(&set).unwrap();
        assert!(!json.contains("Hemlig"), "{json}");
    }

    #[test]
    fn a_page_made_internal_is_removed_from_the_public_view_without_its_new_text() {
        let mut now_internal = page("a.md", "A", "Ny hemlig text.\n");
        now_internal.front.visibility = Visibility::Internal;
        let old = revision("a", vec![page("a.md", "A", "Offentlig text.\n")]);
        let new = revision("b", vec![now_internal]);
        let set = compare(&old, &new);
        assert_eq!(set.pages.len(), 1);
        assert_eq!(set.pages[0].kind, Kind::Removed);
        let json = serde_json::to_string(&set).unwrap();
        assert!(!json.contains("hemlig"), "{json}");
    }

    #[test]
    fn a_term_whose_body_changed_is_reported() {
        let mut old = revision("a", vec![]);
        let mut new = revision("b", vec![]);
        old.terms = vec![
            term("hot", "Ett hot är ett *uttalande* om våld."),
            term("hat", "Hat."),
        ];
        new.terms = vec![
            term("hot", "Ett hot är ett uttalande om våld eller skada."),
            term("hat", "Hat."),
            term("vald", "Våld."),
        ];
        let set = compare(&old, &new);
        let listed: Vec<(Kind, &str)> = set.terms.iter().map(|t| (t.kind, t.id.as_str())).collect();
        assert_eq!(listed, [(Kind::Changed, "hot"), (Kind::Added, "vald")]);
        assert_eq!(set.counts.terms_changed, 1);
        assert_eq!(set.counts.terms_added, 1);
        assert_eq!(set.counts.total, 2);
        let hot = &set.terms[0];
        assert_eq!(hot.title, "Hot");
        let changed = changed_blocks(&hot.blocks);
        assert_eq!(changed.len(), 1);
        assert_eq!(
            segments(changed[0], SegmentKind::Inserted),
            [" eller skada"]
        );
        assert!(hot
            .blocks
            .contains(&Block::same("4 kap. 5 § brottsbalken – Olaga hot".into())));
        assert!(hot
            .blocks
            .contains(&Block::same("Ett sms om att du ska akta dig.".into())));
    }

    #[test]
    fn an_added_checklist_item_is_reported() {
        let mut old = revision("a", vec![]);
        let mut new = revision("b", vec![]);
        old.checklists = vec![checklist(&[("tid", "Skriv ned tid"), ("plats", "Plats")])];
        new.checklists = vec![checklist(&[
            ("tid", "Skriv ned tid"),
            ("vittnen", "Notera **vittnen**"),
            ("plats", "Plats"),
        ])];
        let set = compare(&old, &new);
        assert_eq!(set.checklists.len(), 1);
        let change = &set.checklists[0];
        assert_eq!(
            (change.kind, change.id.as_str()),
            (Kind::Changed, "vid-hot")
        );
        assert_eq!(change.title, "Vid hot");
        let added: Vec<&Block> = change
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Same)
            .collect();
        assert_eq!(added, [&Block::added("Notera vittnen".into())]);
        assert_eq!(set.counts.checklists_changed, 1);
    }

    #[test]
    fn a_moved_correct_answer_is_reported() {
        let mut old = revision("a", vec![]);
        let mut new = revision("b", vec![]);
        old.quizzes = vec![quiz(1, "")];
        new.quizzes = vec![quiz(0, "")];
        let set = compare(&old, &new);
        assert_eq!(set.questions.len(), 1);
        let q = &set.questions[0];
        assert_eq!((q.kind, q.id.as_str()), (Kind::Changed, "grund/q1"));
        assert_eq!(q.parent_title, "Grundquiz");
        assert_eq!(q.title, "Vad gör du först när du blir hotad?");
        let changed = changed_blocks(&q.blocks);
        assert_eq!(changed.len(), 2, "{:?}", q.blocks);
        assert_eq!(segments(changed[0], SegmentKind::Inserted), ["Rätt svar: "]);
        assert_eq!(segments(changed[1], SegmentKind::Deleted), ["Rätt svar: "]);
        assert_eq!(set.counts.questions_changed, 1);
    }

    #[test]
    fn trainer_notes_are_never_reported() {
        let mut old = revision("a", vec![]);
        let mut new = revision("b", vec![]);
        old.quizzes = vec![quiz(0, "Gammal TRÄNARNOT")];
        new.quizzes = vec![quiz(0, "Ny TRÄNARNOT")];
        let set = compare(&old, &new);
        assert!(set.questions.is_empty(), "{:?}", set.questions);

        let mut fresh = revision("c", vec![]);
        fresh.quizzes = vec![quiz(1, "Ny TRÄNARNOT")];
        let json = serde_json::to_string(&compare(&old, &fresh)).unwrap();
        assert!(!json.contains("TRÄNARNOT"), "{json}");
        let json = serde_json::to_string(&compare(&revision("d", vec![]), &fresh)).unwrap();
        assert!(json.contains("\"kind\":\"added\""), "{json}");
        assert!(!json.contains("TRÄNARNOT"), "{json}");
    }

    #[test]
    fn serialises_kinds_as_lowercase_strings() {
        let old = revision("a", vec![page("a.md", "A", "Ring 112.\n")]);
        let new = revision("b", vec![page("a.md", "A", "Ring 114 14.\n")]);
        let json = serde_json::to_value(compare(&old, &new)).unwrap();
        assert_eq!(json["pages"][0]["kind"], "changed");
        assert_eq!(json["pages"][0]["blocks"][0]["kind"], "same");
        assert_eq!(json["pages"][0]["blocks"][1]["kind"], "changed");
        assert_eq!(
            json["pages"][0]["blocks"][1]["segments"][1],
            serde_json::json!({"kind": "deleted", "text": "112"})
        );
        assert_eq!(json["counts"]["pages_changed"], 1);
        assert_eq!(json["previous"], "a");
    }

    #[test]
    fn markdown_becomes_plain_text_blocks() {
        let markdown = "## Vid hot {#vid-hot}\n\n\
            Ring *genast* [polisen](https://polisen.se) på `112`\noch berätta.\n\n\
            - Spara **sms**\n- Skriv ned tid\n  1. Nästlad\n\n\
            | Vem | Nummer |\n|---|---|\n| Polis | 112 |\n\n\
            > [!VIKTIGT]\n> Du är inte ensam.\n\n\
            ```\nkod  rad\n```\n\n\
            - [x] Klart\n\n\
            Text med fotnot[^1] <b>fet</b> <!-- intern kommentar -->\n\n\
            [^1]: Se lagen.\n\n\
            {{ checklist(id=\"vid-hot\") }}\n\n\
            ---\n";
        assert_eq!(
            blocks(markdown),
            [
                "Vid hot",
                "Ring genast polisen på 112 och berätta.",
                "Spara sms",
                "Skriv ned tid",
                "Nästlad",
                "Vem | Nummer",
                "Polis | 112",
                "Du är inte ensam.",
                "kod rad",
                "[x] Klart",
                "Text med fotnot[1] fet",
                "[1] Se lagen.",
                "{{ checklist(id=\"vid-hot\") }}",
            ]
        );
        assert_eq!(strip_heading_attributes("Rubrik {#id .klass}"), "Rubrik");
        assert_eq!(strip_heading_attributes("Rubrik {{ x }}"), "Rubrik {{ x }}");
        assert_eq!(text_between_tags("a < b <i>c</i>"), "a < b  c ");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut bad = page("a.md", "Å", "Text.\n");
        bad.body_start = 10_000;
        let mut mid_char = page("b.md", "Ö", "åäö\n");
        mid_char.body_start = mid_char.source.text.len() - 2;
        let mut old = revision("a", vec![bad, mid_char, page("a.md", "Dubbel", "X\n")]);
        let mut new = revision(
            "b",
            vec![
                page("a.md", "Å", ""),
                page("a.md", "Dubbel", "Y\n"),
                page("b.md", "Ö", "<!-- never closed\n"),
                page("c.md", "", "| a |\n|---|\n\n[^x]:\n\n> [!]\n\n<\n"),
            ],
        );
        old.terms = vec![term("hot", ""), term("hot", "Igen.")];
        new.terms = vec![term("hot", "Ny.")];
        old.quizzes = vec![quiz(5, "")];
        new.quizzes = vec![quiz(0, ""), quiz(0, "")];
        let set = compare(&old, &new);
        assert_eq!(
            set.counts.total,
            set.pages.len() + set.terms.len() + set.checklists.len() + set.questions.len()
        );
        let _ = compare(&new, &old);
        assert_eq!(shorten("åäö åäö åäö", 5), "åäö…");
        assert_eq!(shorten("ååååååå", 3), "ååå…");
        assert!(diff_blocks(&[], &[]).is_empty());
        assert_eq!(word_diff("", "ny").len(), 1);
    }

    /// `cargo test --release --lib changes::tests::speed -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn speed() {
        let words = [
            "kommunen",
            "ska",
            "förebygga",
            "hot",
            "och",
            "våld",
            "mot",
            "förtroendevalda",
            "genom",
            "att",
            "stödja",
            "den",
            "som",
            "utsatts",
        ];
        let body = |seed: usize, changed: bool| {
            let mut text = String::new();
            for paragraph in 0..20 {
                text.push_str(&format!("## Rubrik {paragraph}\n\n"));
                for w in 0..40 {
                    let word = if changed && paragraph == 7 && w == 13 {
                        "ändrat"
                    } else {
                        words[(seed * 7 + paragraph * 3 + w) % words.len()]
                    };
                    text.push_str(word);
                    text.push(' ');
                }
                text.push_str("\n\n");
            }
            text
        };
        let make = |changed: bool| {
            let pages = (0..1000)
                .map(|i| {
                    page(
                        &format!("s/p{i}.md"),
                        "Sida",
                        &body(i, changed && i % 10 == 0),
                    )
                })
                .collect();
            revision("r", pages)
        };
        let (old, new) = (make(false), make(true));
        let start = Instant::now();
        let set = compare(&old, &new);
        let took = start.elapsed();
        assert_eq!(set.counts.pages_changed, 100);
        eprintln!("1,000 pages, 100 changed: {took:?}");
        assert!(took.as_millis() < 100, "{took:?}");

        // One huge block rewritten from end to end.
        let huge = |seed: usize| {
            (0..20_000)
                .map(|i| format!("{}{}", words[(i * seed) % words.len()], i % 97))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let start = Instant::now();
        let out = diff_blocks(&[huge(3)], &[huge(5)]);
        eprintln!("20,000-word block rewritten: {:?}", start.elapsed());
        assert!(!out.is_empty());
    }
}
