//! Markdown → HTML with pulldown-cmark, plus what a handbook needs on top: stable Swedish
//! heading ids and a table of contents, checked internal links, callouts (`> [!VIKTIGT]`),
//! automatic term links, shortcodes, Swedish quotation marks, and escaped raw HTML.
//!
//! Rendering is a pure function of the Markdown and a read-only [`Context`], so pages render in
//! parallel and every problem comes back as a [`Diagnostic`] instead of stopping the build.

pub mod glossary;
pub mod html;
pub mod links;
pub mod shortcodes;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::glossary::{term_link, TermMatcher};
use crate::markdown::html::escape;
use crate::markdown::links::LinkIndex;
use crate::markdown::shortcodes::{Prepared, Registry};
use crate::model::content::Term;
use crate::model::diagnostic::Diagnostic;
use crate::model::i18n::Strings;
use crate::model::slug::{slugify, UniqueIds};

/// The Markdown dialect: GitHub-style tables, footnotes, strikethrough and task lists, heading
/// attributes (`## Rubrik {#id}`) and smart punctuation.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Where a piece of Markdown came from, so diagnostics can point at it.
#[derive(Clone, Copy)]
pub enum Origin<'a> {
    /// A page body starting at byte `body_start` of `text`.
    Page {
        file: &'a Path,
        text: &'a str,
        body_start: usize,
    },
    /// A Markdown string inside a YAML file, reported at its entry's line.
    Line {
        file: &'a Path,
        text: &'a str,
        line: usize,
    },
}

impl Origin<'_> {
    fn diagnostic(&self, offset_in_markdown: usize, message: String, hint: String) -> Diagnostic {
        let d = match *self {
            Origin::Page {
                file,
                text,
                body_start,
            } => Diagnostic::at_offset(file, text, body_start + offset_in_markdown, message),
            Origin::Line { file, text, line } => {
                Diagnostic::at_line_col(file, text, line, 1, message)
            }
        };
        if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        }
    }
}

/// What rendering may read; shared by all pages of a revision.
pub struct Context<'a> {
    pub links: &'a LinkIndex,
    pub terms: &'a [Term],
    pub matcher: &'a TermMatcher,
    pub strings: &'a Strings,
    pub shortcodes: &'a Registry,
    pub env: &'a shortcodes::Env<'a>,
    pub allow_html: bool,
}

/// One piece of Markdown to render.
pub struct Input<'a> {
    pub markdown: &'a str,
    pub origin: Origin<'a>,
    /// Source path of the page, for `#anchor` links (`plan/mal.md`).
    pub source_path: &'a str,
    /// Link defined terms in this text (not in the glossary itself).
    pub link_terms: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// HTML with internal URLs relative to [`crate::markdown::html::REV_ROOT`].
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Small pieces of Markdown from YAML (checklist items, quiz prompts, term bodies): rendered
/// without term links, problems reported at the entry's line.
pub struct Snippets<'a> {
    pub ctx: &'a Context<'a>,
    /// Source path of the YAML file, for `#anchor` links.
    pub source_path: &'a str,
}

impl Snippets<'_> {
    /// Block Markdown (paragraphs, lists).
    pub fn block(&self, markdown: &str, origin: Origin, problems: &mut Vec<Diagnostic>) -> String {
        if markdown.trim().is_empty() {
            return String::new();
        }
        let input = Input {
            markdown,
            origin,
            source_path: self.source_path,
            link_terms: false,
        };
        let rendered = render(&input, self.ctx);
        problems.extend(rendered.diagnostics);
        rendered.html
    }

    /// One line of inline Markdown, without the surrounding `<p>`.
    pub fn inline(&self, markdown: &str, origin: Origin, problems: &mut Vec<Diagnostic>) -> String {
        let html = self.block(markdown, origin, problems);
        let trimmed = html.trim_end();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => html,
        }
    }

    /// A `link:` field: `@/page.md#anchor` resolved and checked, other URLs as written.
    pub fn link(&self, dest: &str, origin: Origin, problems: &mut Vec<Diagnostic>) -> String {
        if dest.is_empty() {
            return String::new();
        }
        if self.ctx.links.is_withheld(dest) {
            return String::new();
        }
        match self.ctx.links.resolve(dest, self.source_path) {
            None => dest.to_string(),
            Some(Ok(url)) => url,
            Some(Err((message, hint))) => {
                problems.push(origin.diagnostic(0, format!("broken link: {message}"), hint));
                String::new()
            }
        }
    }
}

/// Heading ids of a page, computed exactly as [`render`] does; used to check links before
/// pages are rendered.
pub fn heading_ids(markdown: &str) -> Vec<String> {
    let (prepared, _) = shortcodes::prepare(markdown);
    let mut ids = HeadingIds::default();
    let mut found = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(&prepared.text, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = current.take() {
                    found.push(ids.next(explicit.as_deref(), &text).0);
                }
            }
            _ => {}
        }
    }
    found
}

/// Unique ids on one page: explicit `{#id}`s as written, others slugged from the text.
#[derive(Default)]
struct HeadingIds(UniqueIds);

impl HeadingIds {
    /// The id, and whether an explicit id was already taken.
    fn next(&mut self, explicit: Option<&str>, text: &str) -> (String, bool) {
        match explicit {
            Some(id) => (id.to_string(), !self.0.reserve(id)),
            None => (self.0.unique(&slugify(text)), false),
        }
    }
}

struct HeadingState<'a> {
    out_index: usize,
    level: HeadingLevel,
    explicit: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    offset: usize,
}

/// How deep block quotes, lists and inline markup may nest. The minifier and browsers walk
/// the nesting recursively (30,000 nested quotes overflowed the minifier's stack), and no
/// readable page comes near this.
pub const MAX_NESTING: usize = 100;

/// Where the nesting first goes past [`MAX_NESTING`], and how deep it gets there.
fn too_deep(events: &[(Event, Range<usize>)]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((range.start, depth));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Renders one piece of Markdown.
pub fn render(input: &Input, ctx: &Context) -> Rendered {
    let (prepared, syntax_errors) = shortcodes::prepare(input.markdown);
    let mut renderer = Renderer {
        input,
        ctx,
        prepared: &prepared,
        out: Vec::new(),
        diagnostics: syntax_errors
            .into_iter()
            .map(|e| input.origin.diagnostic(e.offset, e.message, e.expected))
            .collect(),
        toc: Vec::new(),
        ids: HeadingIds::default(),
        heading: None,
        link_depth: 0,
        withheld_links: Vec::new(),
        in_code_block: false,
        callouts: Vec::new(),
        linked_terms: HashSet::new(),
        tips: 0,
    };
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&prepared.text, options())
        .into_offset_iter()
        .collect();
    if let Some((offset, depth)) = too_deep(&events) {
        // Pages, minify and browsers all walk the nesting; a handbook never needs this much.
        renderer.error(
            offset,
            format!("Markdown nested {depth} levels deep (block quotes, lists or emphasis)"),
            format!("at most {MAX_NESTING} levels: flatten the quotes or lists"),
        );
        return Rendered {
            html: String::new(),
            toc: Vec::new(),
            diagnostics: renderer.diagnostics,
        };
    }
    let mut i = 0;
    while i < events.len() {
        i = renderer.event(&events, i);
    }
    let Renderer {
        out,
        mut diagnostics,
        toc,
        ..
    } = renderer;
    let mut html = String::with_capacity(input.markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let outputs: Vec<String> = prepared
        .calls
        .iter()
        .map(|call| {
            ctx.shortcodes
                .dispatch(call, ctx.env)
                .unwrap_or_else(|(message, hint)| {
                    diagnostics.push(
                        input
                            .origin
                            .diagnostic(call.start, message, hint)
                            .with_width(call.len),
                    );
                    String::new()
                })
        })
        .collect();
    Rendered {
        html: prepared.fill(&html, &outputs),
        toc,
        diagnostics,
    }
}

struct Renderer<'r, 'a> {
    input: &'r Input<'r>,
    ctx: &'r Context<'r>,
    prepared: &'r Prepared,
    out: Vec<Event<'a>>,
    diagnostics: Vec<Diagnostic>,
    toc: Vec<TocEntry>,
    ids: HeadingIds,
    heading: Option<HeadingState<'a>>,
    /// Inside a link or an image's alt text, where terms must not be linked.
    link_depth: usize,
    /// Depths of open links to withheld pages, whose tags are dropped.
    withheld_links: Vec<usize>,
    in_code_block: bool,
    /// For each open block quote: whether it became a callout.
    callouts: Vec<bool>,
    linked_terms: HashSet<usize>,
    tips: usize,
}

impl<'a> Renderer<'_, 'a> {
    fn error(&mut self, prepared_offset: usize, message: String, hint: String) {
        let offset = self.prepared.original_offset(prepared_offset);
        self.diagnostics
            .push(self.input.origin.diagnostic(offset, message, hint));
    }

    /// Handles the event at `i`; returns the index of the next one to handle.
    fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(HeadingState {
                    out_index: self.out.len(),
                    level: *level,
                    explicit: id.clone(),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                    text: String::new(),
                    offset: range.start,
                });
                self.out.push(event.clone());
            }
            Event::End(TagEnd::Heading(_)) => {
                self.end_heading();
                self.out.push(event.clone());
            }
            Event::Start(Tag::BlockQuote(_)) => return self.start_block_quote(events, i),
            Event::End(TagEnd::BlockQuote(_)) => {
                if self.callouts.pop() == Some(true) {
                    self.out.push(Event::Html("</div>\n".into()));
                } else {
                    self.out.push(event.clone());
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => self.link(event, range.start),
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                self.out.push(event.clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.out.push(event.clone());
            }
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(code);
                }
                self.out.push(event.clone());
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if self.ctx.allow_html {
                    self.out.push(event.clone());
                } else {
                    self.out.push(Event::Text(raw.clone()));
                }
            }
            Event::TaskListMarker(done) => self.task_list_marker(*done),
            _ => self.out.push(event.clone()),
        }
        i + 1
    }

    /// The start or end of a link or image at `offset`: targets are resolved, links to pages
    /// left out of this build lose their tags (the words stay), and the depth is counted so
    /// terms inside are not linked.
    fn link(&mut self, event: &Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if self.ctx.links.is_withheld(dest_url) => {
                self.withheld_links.push(self.link_depth);
                self.link_depth += 1;
            }
            Event::End(TagEnd::Link)
                if self.withheld_links.last() == Some(&(self.link_depth - 1)) =>
            {
                self.withheld_links.pop();
                self.link_depth -= 1;
            }
            Event::Start(tag) => {
                let mut tag = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = self.resolve(dest_url, offset);
                }
                self.link_depth += 1;
                self.out.push(Event::Start(tag));
            }
            _ => {
                self.link_depth -= 1;
                self.out.push(event.clone());
            }
        }
    }

    /// `- [x]`: a disabled checkbox that says in words whether it is done.
    fn task_list_marker(&mut self, done: bool) {
        let (checked, key) = if done {
            (" checked", "task_done")
        } else {
            ("", "task_open")
        };
        self.out.push(Event::InlineHtml(
            format!(
                "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ",
                escape(self.ctx.strings.get(key))
            )
            .into(),
        ));
    }

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let (id, taken) = self.ids.next(h.explicit.as_deref(), &h.text);
        if taken {
            self.error(
                h.offset,
                format!("heading id `{id}` is used twice on this page"),
                "a different `{#id}` for each heading".into(),
            );
        }
        let level = h.level as u8;
        if level == 2 || level == 3 {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: h.text.trim().to_string(),
            });
        }
        self.out[h.out_index] = Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.into()),
            classes: h.classes,
            attrs: h.attrs,
        });
    }

    fn resolve(&mut self, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        match self.ctx.links.resolve(dest, self.input.source_path) {
            None => dest.clone(),
            Some(Ok(url)) => url.into(),
            Some(Err((message, hint))) => {
                self.error(offset, format!("broken link: {message}"), hint);
                dest.clone()
            }
        }
    }

    fn text(&mut self, text: &CowStr<'a>) {
        if self.in_code_block {
            self.out.push(Event::Text(text.clone()));
            return;
        }
        // Swedish typography: ”citat” and ’citat’, never “ or ‘.
        let text: CowStr<'a> = if text.contains(['“', '‘']) {
            text.replace('“', "”").replace('‘', "’").into()
        } else {
            text.clone()
        };
        if let Some(h) = &mut self.heading {
            h.text.push_str(&text);
            self.out.push(Event::Text(text));
            return;
        }
        if !self.input.link_terms || self.link_depth > 0 {
            self.out.push(Event::Text(text));
            return;
        }
        self.link_terms(&text);
    }

    fn link_terms(&mut self, text: &str) {
        let mut rest = text;
        loop {
            let linked = &self.linked_terms;
            let Some(found) = self.ctx.matcher.find(rest, |t| !linked.contains(&t)) else {
                break;
            };
            if found.start > 0 {
                self.out
                    .push(Event::Text(rest[..found.start].to_string().into()));
            }
            self.tips += 1;
            let term = &self.ctx.terms[found.term];
            self.out.push(Event::InlineHtml(
                term_link(term, &rest[found.start..found.end], self.tips).into(),
            ));
            self.linked_terms.insert(found.term);
            rest = &rest[found.end..];
        }
        if !rest.is_empty() {
            self.out.push(Event::Text(rest.to_string().into()));
        }
    }

    /// A block quote whose first line is `[!KIND]` (optionally followed by a title) becomes a
    /// callout; any other block quote stays a block quote.
    fn start_block_quote(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let Some(callout) = detect_callout(events, i) else {
            self.callouts.push(false);
            self.out.push(events[i].0.clone());
            return i + 1;
        };
        let Some(kind) = callout_kind(&callout.word) else {
            self.error(
                events[i].1.start,
                format!("unknown callout `[!{}]`", callout.word),
                "one of [!VIKTIGT], [!OBS], [!TIPS], [!VARNING], [!AKUT], [!INFO]".into(),
            );
            self.callouts.push(false);
            self.out.push(events[i].0.clone());
            return i + 1;
        };
        let default_title = self.ctx.strings.get(&format!("callout_{kind}")).to_string();
        let title = if callout.title.is_empty() {
            default_title
        } else {
            callout.title
        };
        self.callouts.push(true);
        self.out.push(Event::Html(
            format!(
                "<div class=\"callout callout--{kind}\" role=\"note\"><p class=\"callout__title\">{}</p>\n",
                escape(&title)
            )
            .into(),
        ));
        if callout.reopen_paragraph {
            self.out.push(Event::Start(Tag::Paragraph));
        }
        callout.next
    }
}

struct Callout {
    word: String,
    title: String,
    /// Index of the first event after the marker line.
    next: usize,
    /// The marker shared its paragraph with body text, so the paragraph must be reopened.
    reopen_paragraph: bool,
}

fn detect_callout(events: &[(Event, Range<usize>)], i: usize) -> Option<Callout> {
    if !matches!(events.get(i + 1), Some((Event::Start(Tag::Paragraph), _))) {
        return None;
    }
    let mut j = i + 2;
    let mut line = String::new();
    while let Some((Event::Text(t), _)) = events.get(j) {
        line.push_str(t);
        j += 1;
    }
    let inner = line.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let word = inner[..close].to_string();
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let title = inner[close + 1..].trim().to_string();
    let (next, reopen_paragraph) = match events.get(j) {
        Some((Event::SoftBreak | Event::HardBreak, _)) => (j + 1, true),
        Some((Event::End(TagEnd::Paragraph), _)) => (j + 1, false),
        _ => return None,
    };
    Some(Callout {
        word,
        title,
        next,
        reopen_paragraph,
    })
}

/// Swedish callout names, and GitHub's English ones for text pasted from elsewhere.
fn callout_kind(word: &str) -> Option<&'static str> {
    Some(match word.to_uppercase().as_str() {
        "VIKTIGT" | "IMPORTANT" => "viktigt",
        "OBS" | "NOTE" => "obs",
        "TIPS" | "TIP" => "tips",
        "VARNING" | "WARNING" => "varning",
        "AKUT" | "CAUTION" => "akut",
        "INFO" => "info",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
