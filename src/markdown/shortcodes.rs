//! Shortcodes: `{{ name(key="value", n=3, flag=true) }}` in Markdown.
//!
//! Calls are found in the raw Markdown before pulldown-cmark sees it (so smart punctuation
//! cannot turn their quotes into ” ”) and replaced by placeholders; after rendering, each
//! placeholder is swapped for the HTML its handler returns. A call alone on a line is a block and
//! replaces the whole paragraph. Calls inside code (fenced blocks, `inline`) are left as text.
//! Handlers live in a [`Registry`]; an unknown name is an error.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::config::{phone_href, Config, Contact};
use crate::model::i18n::Strings;

/// Placeholder delimiters: private-use characters that never appear in real text.
const OPEN: char = '\u{E001}';
const CLOSE: char = '\u{E002}';

/// One call found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, ArgValue>,
    /// Byte range of the call in the original Markdown.
    pub start: usize,
    pub len: usize,
    /// Alone on its line: its HTML replaces the surrounding paragraph.
    pub block: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Str(String),
    Int(i64),
    Bool(bool),
}

/// A problem in a call's syntax, at a byte offset of the original Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    pub expected: String,
}

/// Markdown with calls replaced by placeholders, and a map back to the original offsets.
#[derive(Debug, Default)]
pub struct Prepared {
    pub text: String,
    pub calls: Vec<Call>,
    /// (offset in `text`, offset in the original) at the start of each placeholder and after it.
    anchors: Vec<(usize, usize)>,
}

impl Prepared {
    /// The original offset of a byte offset in the prepared text.
    pub fn original_offset(&self, prepared: usize) -> usize {
        match self.anchors.iter().rev().find(|(p, _)| *p <= prepared) {
            Some((p, o)) => o + (prepared - p),
            None => prepared,
        }
    }

    fn placeholder(index: usize) -> String {
        format!("{OPEN}{index}{CLOSE}")
    }

    /// Swaps placeholders in rendered HTML for each call's output.
    pub fn fill(&self, html: &str, outputs: &[String]) -> String {
        let mut html = html.to_string();
        for (index, output) in outputs.iter().enumerate() {
            let token = Self::placeholder(index);
            let paragraph = format!("<p>{token}</p>\n");
            if html.contains(&paragraph) {
                html = html.replacen(&paragraph, output, 1);
            } else {
                html = html.replacen(&token, output, 1);
            }
        }
        html
    }
}

/// Finds every call in `markdown`.
pub fn prepare(markdown: &str) -> (Prepared, Vec<SyntaxError>) {
    // Most pages call no shortcode: one fast scan instead of a search on every line.
    if memchr::memmem::find(markdown.as_bytes(), b"{{").is_none() {
        let prepared = Prepared {
            text: markdown.to_string(),
            ..Prepared::default()
        };
        return (prepared, Vec::new());
    }
    let mut prepared = Prepared::default();
    let mut errors = Vec::new();
    let mut fence: Option<String> = None;
    let mut line_start = 0;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence_marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if fence_marker.len() >= 3 && line.len() - trimmed.len() < 4 {
            match &fence {
                Some(open) if fence_marker.starts_with(open.as_str()) => fence = None,
                None => fence = Some(fence_marker),
                _ => {}
            }
            prepared.text.push_str(line);
        } else if fence.is_some() {
            prepared.text.push_str(line);
        } else {
            prepare_line(line, line_start, &mut prepared, &mut errors);
        }
        line_start += line.len();
    }
    (prepared, errors)
}

fn prepare_line(
    line: &str,
    line_start: usize,
    prepared: &mut Prepared,
    errors: &mut Vec<SyntaxError>,
) {
    let mut pos = 0;
    while let Some(found) = line[pos..].find("{{") {
        let start = pos + found;
        let backticks_before = line[..start].matches('`').count();
        if backticks_before % 2 == 1 {
            prepared.text.push_str(&line[pos..start + 2]);
            pos = start + 2;
            continue;
        }
        prepared.text.push_str(&line[pos..start]);
        match parse_call(&line[start..]) {
            Ok((name, args, len)) => {
                let block =
                    line[..start].trim().is_empty() && line[start + len..].trim().is_empty();
                let index = prepared.calls.len();
                prepared
                    .anchors
                    .push((prepared.text.len(), line_start + start));
                prepared.text.push_str(&Prepared::placeholder(index));
                prepared
                    .anchors
                    .push((prepared.text.len(), line_start + start + len));
                prepared.calls.push(Call {
                    name,
                    args,
                    start: line_start + start,
                    len,
                    block,
                });
                pos = start + len;
            }
            Err((offset, message, expected)) => {
                errors.push(SyntaxError {
                    offset: line_start + start + offset,
                    message,
                    expected,
                });
                prepared.text.push_str("{{");
                pos = start + 2;
            }
        }
    }
    prepared.text.push_str(&line[pos..]);
}

type ParseResult = Result<(String, BTreeMap<String, ArgValue>, usize), (usize, String, String)>;

/// Parses `{{ name(args) }}` at the start of `s`; returns the name, arguments and length.
fn parse_call(s: &str) -> ParseResult {
    let mut cursor = Cursor { s, pos: 2 };
    cursor.skip_spaces();
    let name = cursor.ident();
    if name.is_empty() {
        return Err((
            cursor.pos,
            "shortcode without a name".into(),
            "`{{ name(key=\"value\") }}`".into(),
        ));
    }
    cursor.skip_spaces();
    cursor.expect('(', "`(` after the shortcode name")?;
    let mut args = BTreeMap::new();
    loop {
        cursor.skip_spaces();
        if cursor.eat(')') {
            break;
        }
        let key_at = cursor.pos;
        let key = cursor.ident();
        if key.is_empty() {
            return Err((
                cursor.pos,
                "expected an argument name".into(),
                "`key=\"value\"` or `)`".into(),
            ));
        }
        cursor.skip_spaces();
        cursor.expect('=', "`=` after the argument name")?;
        cursor.skip_spaces();
        let value = cursor.value()?;
        if args.insert(key.clone(), value).is_some() {
            return Err((
                key_at,
                format!("argument `{key}` is given twice"),
                "each argument once".into(),
            ));
        }
        cursor.skip_spaces();
        if !cursor.eat(',') {
            cursor.skip_spaces();
            cursor.expect(')', "`,` or `)` after an argument")?;
            break;
        }
    }
    cursor.skip_spaces();
    cursor.expect('}', "`}}` to close the shortcode")?;
    cursor.expect('}', "`}}` to close the shortcode")?;
    Ok((name, args, cursor.pos))
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char, what: &str) -> Result<(), (usize, String, String)> {
        if self.eat(c) {
            Ok(())
        } else {
            // Lines keep their line break: reaching it is reaching the end of the line.
            let found = match self.peek() {
                None | Some('\n' | '\r') => "end of the line".to_string(),
                Some(c) => format!("`{c}`"),
            };
            Err((
                self.pos,
                format!("unexpected {found} in shortcode"),
                what.to_string(),
            ))
        }
    }
    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }
    fn ident(&mut self) -> String {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        self.s[start..self.pos].to_string()
    }
    fn value(&mut self) -> Result<ArgValue, (usize, String, String)> {
        let start = self.pos;
        if self.eat('"') {
            let mut value = String::new();
            loop {
                match self.peek() {
                    Some('"') => {
                        self.pos += 1;
                        return Ok(ArgValue::Str(value));
                    }
                    Some('\\') => {
                        self.pos += 1;
                        if let Some(c) = self.peek() {
                            value.push(c);
                            self.pos += c.len_utf8();
                        }
                    }
                    Some('\n') | None => {
                        return Err((
                            start,
                            "string is never closed".into(),
                            "a closing `\"`".into(),
                        ))
                    }
                    Some(c) => {
                        value.push(c);
                        self.pos += c.len_utf8();
                    }
                }
            }
        }
        let word = self.ident();
        match word.as_str() {
            "true" => Ok(ArgValue::Bool(true)),
            "false" => Ok(ArgValue::Bool(false)),
            _ => word.parse().map(ArgValue::Int).map_err(|_| {
                (
                    start,
                    "invalid argument value".into(),
                    "a \"string\", a number, true or false".into(),
                )
            }),
        }
    }
}

/// What every handler may read, whatever it draws. Data only one feature needs (its
/// checklists, its quizzes) is not here: the feature's handler captures it when registered.
pub struct Env<'a> {
    pub config: &'a Config,
    pub strings: &'a Strings,
    /// The theme, so shortcodes are drawn by templates the theme owns.
    pub templates: &'a dyn Templates,
}

/// Renders a theme template with a JSON context; the error says what went wrong.
pub trait Templates: Sync {
    fn render_json(&self, template: &str, context: &serde_json::Value) -> Result<String, String>;
}

/// Turns a call into HTML, or explains what is wrong with it. A closure, so a feature's handler
/// can carry that feature's data; shared across the threads that render pages.
pub type Handler = Box<dyn Fn(&Call, &Env) -> Result<String, String> + Send + Sync>;

/// The known shortcodes by name. Starts with the ones Markdown itself owns (`contact`); features
/// register theirs (`checklist`, `quiz`, …), so this module knows none of them.
pub struct Registry {
    handlers: BTreeMap<&'static str, Handler>,
}

impl Default for Registry {
    fn default() -> Self {
        let mut registry = Registry {
            handlers: BTreeMap::new(),
        };
        registry.register("contact", contact);
        registry
    }
}

impl Registry {
    pub fn register(
        &mut self,
        name: &'static str,
        handler: impl Fn(&Call, &Env) -> Result<String, String> + Send + Sync + 'static,
    ) {
        self.handlers.insert(name, Box::new(handler));
    }

    /// Runs the handler for `call`; the error explains what was expected.
    pub fn dispatch(&self, call: &Call, env: &Env) -> Result<String, (String, String)> {
        let Some(handler) = self.handlers.get(call.name.as_str()) else {
            let known: Vec<_> = self.handlers.keys().copied().collect();
            return Err((
                format!("unknown shortcode `{}`", call.name),
                format!("one of: {}", known.join(", ")),
            ));
        };
        handler(call, env).map_err(|message| {
            (
                format!("in shortcode `{}`: {message}", call.name),
                "valid arguments".to_string(),
            )
        })
    }
}

/// A string argument that must be present.
pub fn required_str<'a>(call: &'a Call, key: &str) -> Result<&'a str, String> {
    match call.args.get(key) {
        Some(ArgValue::Str(value)) => Ok(value),
        Some(_) => Err(format!("argument `{key}` must be a \"string\"")),
        None => Err(format!("missing argument `{key}`")),
    }
}

/// `{{ contact(id="polis") }}`: a contact card from `site.toml` `[contacts]`, drawn by the
/// theme's `shortcodes/contact.html` (the footer uses the same template).
fn contact(call: &Call, env: &Env) -> Result<String, String> {
    let id = required_str(call, "id")?;
    if let Some(extra) = call.args.keys().find(|k| k.as_str() != "id") {
        return Err(format!("unknown argument `{extra}` (only `id`)"));
    }
    let Some(contact) = env.config.contacts.get(id) else {
        let known: Vec<_> = env.config.contacts.keys().map(String::as_str).collect();
        return Err(format!(
            "no contact `{id}` in site.toml (known: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    };
    let context = serde_json::json!({
        "contact": ContactContext::new(id, contact),
        "strings": env.strings,
    });
    env.templates
        .render_json("shortcodes/contact.html", &context)
        .map(|html| html + "\n")
}

/// A contact as templates see it: the `contact` shortcode and the theme's footer draw it with
/// the same template, so both build it here.
#[derive(Serialize, Clone)]
pub struct ContactContext<'a> {
    pub id: &'a str,
    pub role: &'a str,
    pub name: &'a str,
    pub phone: &'a str,
    pub phone_href: String,
    pub email: &'a str,
    pub note: &'a str,
}

impl<'a> ContactContext<'a> {
    pub fn new(id: &'a str, contact: &'a Contact) -> Self {
        ContactContext {
            id,
            role: &contact.role,
            name: &contact.name,
            phone: &contact.phone,
            phone_href: phone_href(&contact.phone),
            email: &contact.email,
            note: &contact.note,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_inline_calls() {
        let md = "Text {{ contact(id=\"polis\") }} mer.\n\n{{ checklist(id=\"vid-hot\", open=true, n=3) }}\n";
        let (prepared, errors) = prepare(md);
        assert!(errors.is_empty());
        assert_eq!(prepared.calls.len(), 2);
        assert!(!prepared.calls[0].block);
        assert!(prepared.calls[1].block);
        assert_eq!(prepared.calls[1].args["open"], ArgValue::Bool(true));
        assert_eq!(prepared.calls[1].args["n"], ArgValue::Int(3));
        assert_eq!(&md[prepared.calls[0].start..][..2], "{{");
        let after = prepared.text.find(" mer").unwrap();
        assert_eq!(prepared.original_offset(after), md.find(" mer").unwrap());
    }

    #[test]
    fn ignores_code() {
        let md = "```\n{{ x() }}\n```\n`{{ y() }}` and {{ z() }}\n";
        let (prepared, _) = prepare(md);
        let names: Vec<_> = prepared.calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["z"]);
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let md = "Hej\n{{ contact(id=\"polis) }}\n";
        let (_, errors) = prepare(md);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].offset, md.find("\"polis").unwrap());
        assert!(errors[0].message.contains("never closed"));
    }

    #[test]
    fn fill_replaces_block_paragraphs() {
        let (prepared, _) = prepare("{{ a() }}\n");
        let html = format!("<p>{}</p>\n", Prepared::placeholder(0));
        assert_eq!(
            prepared.fill(&html, &["<div>A</div>\n".into()]),
            "<div>A</div>\n"
        );
    }
}
