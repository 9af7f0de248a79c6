//! The command line: `handbok build`, `handbok check`, `handbok serve`,
//! `handbok revision list|new|adopt`.
//!
//! Exit codes: 0 success, 1 a problem in the site's content or configuration, 2 a usage error.

pub mod fuzzing;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::build::{self, Options};
use crate::model::diagnostic::{render_all, render_failure, render_warnings, Diagnostic};
use crate::model::election::Date;

#[derive(Parser, Debug)]
#[command(
    name = "handbok",
    version,
    about = "Builds the handbook on threats, hate and violence against elected officials into a static site",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build every revision into the output folder (replaced only when the build succeeds)
    Build {
        /// Output folder [default: output_dir from site.toml, usually public/]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Include draft pages and draft revisions
        #[arg(long)]
        drafts: bool,
        /// Include internal pages (`visibility: internal`), for the staff's own copy
        #[arg(long)]
        internal: bool,
        /// The site's folder, the one with site.toml
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Use this address instead of base_url from site.toml (for a local preview)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print the time of each stage, when the build reached each step, and the slowest pages
        #[arg(long)]
        timings: bool,
        /// Build into a non-empty folder that handbok did not build; its files are kept
        #[arg(long)]
        force: bool,
    },
    /// Check links, anchors, YAML and templates without writing anything
    Check {
        /// Include draft pages and draft revisions
        #[arg(long)]
        drafts: bool,
        /// Include internal pages (`visibility: internal`), for the staff's own copy
        #[arg(long)]
        internal: bool,
        /// The site's folder, the one with site.toml
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Print the time of each stage, when the build reached each step, and the slowest pages
        #[arg(long)]
        timings: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change (live preview)
    Serve {
        /// Port to listen on (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Listen on this address instead of 127.0.0.1 (makes the site reachable from elsewhere)
        #[arg(long, value_name = "ADDRESS")]
        bind: Option<std::net::IpAddr>,
        /// Include draft pages and draft revisions
        #[arg(long)]
        drafts: bool,
        /// Include internal pages (`visibility: internal`), for the staff's own copy
        #[arg(long)]
        internal: bool,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// The site's folder, the one with site.toml
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// List, start and adopt revisions of the plan
    Revision {
        #[command(subcommand)]
        action: RevisionAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum RevisionAction {
    /// Every revision with its status, decision, page count and seal
    List {
        /// The site's folder, the one with site.toml
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Start a draft revision as a copy of another
    New {
        /// The new revision's id, e.g. 2027-2030
        id: String,
        /// The revision to copy [default: the newest]
        #[arg(long, value_name = "ID")]
        from: Option<String>,
        /// The site's folder, the one with site.toml
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Record the decision on a draft revision and seal its files
    Adopt {
        /// The draft revision's id
        id: String,
        /// The date of the decision, YYYY-MM-DD (or "okänt")
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Who decided, e.g. Kommunstyrelsen
        #[arg(long, value_name = "TEXT")]
        decided_by: String,
        /// The decision's reference (diarienummer)
        #[arg(long, value_name = "TEXT")]
        reference: String,
        /// The site's folder, the one with site.toml
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    // Over the file size limit (`ulimit -f`) the system kills a writing process with SIGXFSZ;
    // with the signal caught, the write fails instead, and the build reports the file.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors exit 2; --help and --version print and exit 0.
        Err(error) => error.exit(),
    };
    let today = match Date::of_build() {
        Ok(today) => today,
        Err(message) => {
            eprint!("{}", Diagnostic::global(message).usage().render());
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build {
            out,
            drafts,
            internal,
            root,
            base_url,
            timings,
            force,
        } => build_site(
            &Options {
                root,
                out,
                drafts,
                internal,
                base_url,
                write: true,
                force,
                today,
            },
            "Built",
            timings,
        ),
        Command::Revision { action } => revision(action, today),
        Command::Serve {
            port,
            bind,
            drafts,
            internal,
            open,
            root,
        } => crate::commands::serve::run(crate::commands::serve::Options {
            root,
            port,
            bind,
            drafts,
            internal,
            open,
            today,
        }),
        Command::Check {
            drafts,
            internal,
            root,
            timings,
        } => build_site(
            &Options {
                root,
                out: None,
                drafts,
                internal,
                base_url: None,
                write: false,
                force: false,
                today,
            },
            "Checked",
            timings,
        ),
    }
}

/// `handbok build` and `handbok check`: one build, its warnings, and a line saying what came of
/// it (`verb` is its first word).
fn build_site(options: &Options, verb: &str, timings: bool) -> ExitCode {
    if timings {
        crate::model::timings::enable();
    }
    let progress = progress_bar();
    match build::run(options, &progress) {
        Ok(summary) => {
            eprint!("{}", render_warnings(&summary.warnings));
            println!("{}", summary_line(&summary, options.write, verb));
            if crate::model::timings::enabled() {
                print!(
                    "{}",
                    crate::model::timings::report(std::time::Duration::from_secs_f64(
                        summary.seconds
                    ))
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", render_all(&problems));
            exit_code(&problems)
        }
    }
}

/// What a finished build did: how much, how fast, and where it wrote (`write`) or what it
/// found (a check).
fn summary_line(summary: &build::Summary, write: bool, verb: &str) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let revisions = plural(summary.revisions, "revision", "revisions");
    let pages = plural(summary.pages, "page", "pages");
    if write {
        let kept = match summary.reused.as_slice() {
            [] => String::new(),
            ids => format!(" ({} unchanged, kept from the last build)", ids.join(", ")),
        };
        format!(
            "{verb} {revisions}, {pages}{kept} in {:.2} s → {}/{}",
            summary.seconds,
            summary
                .out_dir
                .strip_prefix(".")
                .unwrap_or(&summary.out_dir)
                .display()
                .to_string()
                .trim_end_matches('/'),
            kept_foreign(&summary.kept_foreign)
        )
    } else {
        let found = match summary.warnings.len() {
            0 => "no problems found".to_string(),
            n => plural(n, "warning", "warnings"),
        };
        format!(
            "{verb} {revisions}, {pages} in {:.2} s: {found}",
            summary.seconds
        )
    }
}

/// 2 when the command was called wrongly (a dangerous `--out`), else 1.
fn exit_code(problems: &[crate::model::diagnostic::Diagnostic]) -> ExitCode {
    ExitCode::from(if problems.iter().any(|d| d.is_usage()) {
        2
    } else {
        1
    })
}

/// ` (kept 2 files handbok did not write: .htaccess, .well-known/security.txt)`.
fn kept_foreign(paths: &[String]) -> String {
    const NAMED: usize = 5;
    let files = match paths.len() {
        0 => return String::new(),
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    let mut named = paths
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > NAMED {
        named.push_str(", …");
    }
    format!(" (kept {files} handbok did not write: {named})")
}

fn revision(action: RevisionAction, today: Date) -> ExitCode {
    let what_failed = match &action {
        RevisionAction::List { .. } => "could not list the revisions".to_string(),
        RevisionAction::New { id, .. } => format!("could not start revision {id}"),
        RevisionAction::Adopt { id, .. } => format!("could not adopt revision {id}"),
    };
    let done = match action {
        RevisionAction::List { root } => crate::commands::revision::list(&root, today)
            .map(|rows| crate::commands::revision::table(&rows)),
        RevisionAction::New { id, from, root } => {
            crate::commands::revision::new(&root, &id, from.as_deref())
                .map(|message| message + "\n")
                .map_err(|d| vec![d])
        }
        RevisionAction::Adopt {
            id,
            date,
            decided_by,
            reference,
            root,
        } => crate::commands::revision::adopt(&root, &id, &date, &decided_by, &reference, today)
            .map(|message| message + "\n"),
    };
    match done {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", render_failure(&problems, &what_failed));
            ExitCode::from(1)
        }
    }
}

/// A bar on a terminal; nothing when output goes to a file or CI log.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {pos}/{len} {wide_bar}") {
        bar.set_style(style);
    }
    bar.set_message("Rendering pages");
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
