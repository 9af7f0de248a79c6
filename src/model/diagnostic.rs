//! Errors as values.
//!
//! Every stage reports problems as [`Diagnostic`]s and keeps going, so one build shows the
//! author all of its mistakes at once. A diagnostic carries the file, the 1-based line and
//! column, the offending source line and what was expected; [`Diagnostic::render`] prints it in
//! the style of rustc, which staff and developers already know how to read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Boxed so a `Result<_, Diagnostic>` stays small.
    pub location: Option<Box<Location>>,
    /// What the compiler expected instead, or how to fix it.
    pub hint: Option<String>,
    /// Errors stop the build; warnings are printed and the build goes on.
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
    /// An error in how handbok was called (a dangerous `--out`, a folder that needs
    /// `--force`): exit code 2 instead of 1, so scripts can tell a wrong call from bad content.
    Usage,
}

/// Where in a source file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// The whole source line, without its line break.
    pub source_line: String,
    /// How many characters to underline (at least 1).
    pub width: usize,
}

impl Diagnostic {
    /// A problem with no place in a file (a missing folder, an I/O failure).
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            location: None,
            hint: None,
            severity: Severity::Error,
        }
    }

    /// A problem at a byte offset of `text`, the contents of `file`.
    pub fn at_offset(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        Self::at_line_col(file, text, line, column, message)
    }

    /// A problem at a 1-based line and column of `text`.
    pub fn at_line_col(
        file: &Path,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_start_matches('\u{feff}')
            .trim_end_matches('\r')
            .to_string();
        Diagnostic {
            message: message.into(),
            location: Some(Box::new(Location {
                file: file.to_path_buf(),
                line: line.max(1),
                column: column.max(1),
                source_line,
                width: 1,
            })),
            hint: None,
            severity: Severity::Error,
        }
    }

    /// The same problem, reported as a warning: something staff should fix that does not stop
    /// the site from being built.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem, as a usage error ([`Severity::Usage`]).
    pub fn usage(mut self) -> Self {
        self.severity = Severity::Usage;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity != Severity::Warning
    }

    /// Whether the command was called wrongly rather than the site being wrong.
    pub fn is_usage(&self) -> bool {
        self.severity == Severity::Usage
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Underlines `chars` characters instead of one.
    pub fn with_width(mut self, chars: usize) -> Self {
        if let Some(location) = &mut self.location {
            let room = location
                .source_line
                .chars()
                .count()
                .saturating_sub(location.column - 1);
            location.width = chars.clamp(1, room.max(1));
        }
        self
    }

    /// The rustc-style text shown to the user.
    pub fn render(&self) -> String {
        let label = match self.severity {
            Severity::Error | Severity::Usage => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {}\n", self.message);
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                out,
                "{pad}--> {}:{}:{}",
                loc.file.display(),
                loc.line,
                loc.column
            );
            let _ = writeln!(out, "{pad} |");
            let (shown, column, width) = window(&loc.source_line, loc.column, loc.width);
            let _ = writeln!(out, "{} | {}", loc.line, shown);
            let marker_indent: String = shown
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {marker_indent}{}", "^".repeat(width.max(1)));
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "{pad} = expected: {hint}");
            }
        } else if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = expected: {hint}");
        }
        out
    }
}

/// The rustc-style text, so a diagnostic can travel as an error through `?`, `Box<dyn Error>`
/// or a library user's own error type and still print the file, line and hint.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.render().trim_end())
    }
}

impl std::error::Error for Diagnostic {}

/// Longest source line shown whole; a longer one is cut to [`CONTEXT`] characters either side
/// of the column, so a minified or generated line of megabytes does not flood the terminal.
const LONGEST_SHOWN: usize = 200;
const CONTEXT: usize = 80;

/// The part of `line` to show, and the column and width of the marker within it.
fn window(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let count = line.chars().count();
    if count <= LONGEST_SHOWN {
        return (line.to_string(), column, width);
    }
    let start = column.saturating_sub(1).saturating_sub(CONTEXT);
    let end = (column - 1 + width.max(1) + CONTEXT).min(count);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(end - start));
    if end < count {
        shown.push('…');
    }
    let room = end.saturating_sub(column - 1);
    let shown_column = column - start + usize::from(start > 0);
    (shown, shown_column, width.min(room).max(1))
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    // A byte order mark is invisible: it takes no column (and is not shown).
    let column = before[line_start..]
        .trim_start_matches('\u{feff}')
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Prints every diagnostic (warnings first) and a count, the way a build ends when it fails.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    render_failure(diagnostics, "could not build the site")
}

/// [`render_all`] for a command that is not a build: the closing line says what failed
/// (`could not start revision 2031-2034`).
pub fn render_failure(diagnostics: &[Diagnostic], what_failed: &str) -> String {
    let mut out = render_warnings(diagnostics);
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        out.push_str(&diagnostic.render());
        out.push('\n');
    }
    let n = diagnostics.iter().filter(|d| d.is_error()).count();
    let _ = writeln!(
        out,
        "error: {what_failed}: {n} {}",
        if n == 1 { "error" } else { "errors" }
    );
    out
}

/// Prints the warnings only, for a build that succeeded.
pub fn render_warnings(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics.iter().filter(|d| !d.is_error()) {
        out.push_str(&diagnostic.render());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_an_error_that_displays_as_it_renders() {
        let text = "title: Plan\nbad: [\n";
        let diagnostic = Diagnostic::at_line_col(Path::new("plan.md"), text, 2, 6, "unclosed list")
            .with_hint("a `]`");
        let boxed: Box<dyn std::error::Error> = Box::new(diagnostic.clone());
        assert_eq!(boxed.to_string(), diagnostic.render().trim_end());
        assert!(boxed.to_string().contains("plan.md:2:6"), "{boxed}");
        assert!(boxed.to_string().contains("a `]`"), "{boxed}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}[trasig](@/x.md){}", "å".repeat(5000), "ö".repeat(5000));
        let d = Diagnostic::at_line_col(Path::new("a.md"), &line, 1, 5001, "broken link")
            .with_width(16);
        let text = d.render();
        let shown = text.lines().nth(3).unwrap();
        assert!(
            shown.starts_with("1 | …åå") && shown.ends_with("öö…"),
            "{shown}"
        );
        assert!(shown.chars().count() < 200, "{}", shown.chars().count());
        let marker = text.lines().nth(4).unwrap();
        let at = shown.find('[').unwrap();
        let caret = marker.find('^').unwrap();
        assert_eq!(shown[..at].chars().count(), marker[..caret].chars().count());
        assert_eq!(marker.matches('^').count(), 16);
        // A short line is shown whole.
        let d = Diagnostic::at_line_col(Path::new("a.md"), "kort rad", 1, 6, "x");
        assert!(d.render().contains("1 | kort rad\n"));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "första\nån är här\n";
        let offset = text.find("är").unwrap();
        assert_eq!(line_col(text, offset), (2, 4));
    }

    #[test]
    fn render_shows_file_line_source_and_marker() {
        let text = "title: Hej\nweight: tre\n";
        let d = Diagnostic::at_line_col(Path::new("a.md"), text, 2, 9, "invalid weight")
            .with_hint("a whole number")
            .with_width(3);
        let shown = d.render();
        assert!(shown.contains("--> a.md:2:9"), "{shown}");
        assert!(shown.contains("2 | weight: tre"), "{shown}");
        assert!(shown.contains("  |         ^^^"), "{shown}");
        assert!(shown.contains("= expected: a whole number"), "{shown}");
    }

    #[test]
    fn warnings_are_labelled_and_not_counted_as_errors() {
        let warning = Diagnostic::global("no adoption date").warning();
        let error = Diagnostic::global("broken link");
        assert!(warning.render().starts_with("warning: no adoption date"));
        let shown = render_all(&[error, warning]);
        assert!(shown.find("warning:").unwrap() < shown.find("error: broken").unwrap());
        assert!(shown.ends_with("1 error\n"), "{shown}");
    }
}
