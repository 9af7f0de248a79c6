//! The bad-input corpus (`tests/bad-input/`, see its README.md): each case breaks a copy of the
//! `basic` fixture (or calls `handbok build` wrongly) in one way. For every case, `handbok build`
//! must exit 1 (or the case's `exit`, 2 for a wrong call) within a few seconds
//! with the case's messages, no panic and the closing `could not build the site` line, and it
//! must leave the `public/` of the build before it byte for byte as it was, with no staging
//! folder left behind; `handbok check` must fail the same way.
//!
//! `BAD_INPUT=part-of-a-name` runs only the cases whose folder name contains it;
//! `BAD_INPUT_SHOW=1` prints what each case's build wrote to stderr.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

/// A run that takes longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Files of a case folder that describe the case rather than being copied into the site.
const CASE_FILES: &[&str] = &["expect.txt", "case.toml"];

/// `case.toml`: changes that cannot be stored as plain files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case breaks, in a sentence (for the reader; not checked).
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    /// Applied before the baseline build (which must succeed).
    #[serde(default)]
    setup: Vec<Step>,
    /// Applied after the baseline build, after the case's files are copied in.
    #[serde(default)]
    step: Vec<Step>,
    /// Arguments after `handbok build` for the broken build (e.g. a dangerous `--out`). A case
    /// with arguments is about building, so `handbok check` is not run for it.
    #[serde(default)]
    args: Vec<String>,
    /// The exit code the broken build must give: 1 (default) for bad content, 2 for a wrong
    /// call. A case with exit 2 is about building, so `handbok check` is not run for it.
    #[serde(default = "exit_one")]
    exit: i32,
}

fn exit_one() -> i32 {
    1
}

impl Default for Case {
    fn default() -> Self {
        Case {
            about: String::new(),
            setup: Vec::new(),
            step: Vec::new(),
            args: Vec::new(),
            exit: 1,
        }
    }
}

/// One change to the site; paths are relative to the site root.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Step {
    /// Replaces the first `from` with `to` (`from` must occur).
    Edit {
        file: String,
        from: String,
        to: String,
    },
    /// Appends `text`, `repeat` times (default once).
    Append {
        file: String,
        text: String,
        #[serde(default = "once")]
        repeat: usize,
    },
    /// Inserts `text` as line `line` (1-based); the line that was there moves down.
    Insert {
        file: String,
        line: usize,
        text: String,
    },
    /// Deletes a file or folder.
    Remove(String),
    /// Turns every LF into CRLF.
    Crlf(String),
    /// Puts a UTF-8 byte order mark in front of the file.
    Bom(String),
    /// Inserts the byte 0xFF (never valid in UTF-8) right after the first `after`.
    InvalidUtf8 { file: String, after: String },
    /// Creates a symbolic link at `path` pointing at `target`.
    Symlink { path: String, target: String },
    /// Replaces the path with a FIFO (named pipe).
    Fifo(String),
    /// Replaces the path with an empty folder.
    Folder(String),
    /// Makes a file unreadable (chmod 000). Running as root, where that does not stop reading,
    /// the case is skipped.
    Unreadable(String),
    /// Runs `handbok` with these arguments; it must succeed.
    Run(Vec<String>),
}

fn once() -> usize {
    1
}

/// What the binary did.
struct Ran {
    code: Option<i32>,
    stderr: String,
}

enum Outcome {
    Passed { stderr: String },
    Skipped(String),
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `handbok args` in `dir`, killing it after [`TIMEOUT`].
fn run(dir: &Path, args: &[&str]) -> Result<Ran, String> {
    let shown = format!("`handbok {}`", args.join(" "));
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    // Drain both pipes while waiting, so a large report cannot block the child.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{shown} did not finish within {} s (killed)",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for {shown}: {e}")),
        }
    };
    let _ = stdout.join();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    Ok(Ran {
        code: status.code(),
        stderr,
    })
}

/// A path inside the site; a case may not reach outside it.
fn inside(site: &Path, rel: &str) -> Result<PathBuf, String> {
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "`{rel}` must be a plain relative path inside the site"
        ));
    }
    Ok(site.join(rel_path))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn remove(path: &Path) -> Result<(), String> {
    let result = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => Ok(()),
    };
    result.map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

/// Applies one step; `Ok(Some(reason))` when the case cannot run here.
fn apply(site: &Path, step: &Step) -> Result<Option<String>, String> {
    match step {
        Step::Edit { file, from, to } => {
            let path = inside(site, file)?;
            let text = String::from_utf8(read(&path)?).map_err(|e| format!("{file}: {e}"))?;
            if !text.contains(from.as_str()) {
                return Err(format!("{file} does not contain {from:?} (stale case?)"));
            }
            write(&path, text.replacen(from.as_str(), to, 1).as_bytes())?;
        }
        Step::Append { file, text, repeat } => {
            let path = inside(site, file)?;
            let mut bytes = if path.exists() {
                read(&path)?
            } else {
                Vec::new()
            };
            bytes.extend(text.repeat(*repeat).into_bytes());
            write(&path, &bytes)?;
        }
        Step::Insert { file, line, text } => {
            let path = inside(site, file)?;
            let old = String::from_utf8(read(&path)?).map_err(|e| format!("{file}: {e}"))?;
            let mut lines: Vec<&str> = old.split_inclusive('\n').collect();
            if *line == 0 || *line > lines.len() + 1 {
                return Err(format!("{file} has no line {line} to insert at"));
            }
            let new_line = format!("{text}\n");
            lines.insert(line - 1, &new_line);
            write(&path, lines.concat().as_bytes())?;
        }
        Step::Remove(file) => remove(&inside(site, file)?)?,
        Step::Crlf(file) => {
            let path = inside(site, file)?;
            let mut out = Vec::new();
            for byte in read(&path)? {
                if byte == b'\n' && out.last() != Some(&b'\r') {
                    out.push(b'\r');
                }
                out.push(byte);
            }
            write(&path, &out)?;
        }
        Step::Bom(file) => {
            let path = inside(site, file)?;
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(read(&path)?);
            write(&path, &bytes)?;
        }
        Step::InvalidUtf8 { file, after } => {
            let path = inside(site, file)?;
            let bytes = read(&path)?;
            let at = bytes
                .windows(after.len())
                .position(|w| w == after.as_bytes())
                .ok_or_else(|| format!("{file} does not contain {after:?} (stale case?)"))?
                + after.len();
            let mut out = bytes[..at].to_vec();
            out.push(0xFF);
            out.extend_from_slice(&bytes[at..]);
            write(&path, &out)?;
        }
        Step::Symlink { path, target } => {
            let path = inside(site, path)?;
            remove(&path)?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, &path)
                .map_err(|e| format!("cannot link {}: {e}", path.display()))?;
            #[cfg(not(unix))]
            return Ok(Some(format!("symbolic link to {target}: Unix only")));
        }
        Step::Fifo(file) => {
            let path = inside(site, file)?;
            remove(&path)?;
            let made = Command::new("mkfifo")
                .arg(&path)
                .status()
                .map_err(|e| format!("cannot run mkfifo: {e}"))?;
            if !made.success() {
                return Err(format!("mkfifo {} failed", path.display()));
            }
        }
        Step::Folder(file) => {
            let path = inside(site, file)?;
            remove(&path)?;
            std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Step::Unreadable(file) => {
            let path = inside(site, file)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
                    .map_err(|e| format!("cannot chmod {}: {e}", path.display()))?;
                if std::fs::read(&path).is_ok() {
                    // Root reads it anyway. Read failures are still covered by the cases
                    // where revision.yaml or site.toml is a folder or a FIFO.
                    return Ok(Some(
                        "running as root: chmod 000 does not stop root from reading".into(),
                    ));
                }
            }
            #[cfg(not(unix))]
            return Ok(Some(format!("chmod 000 on {}: Unix only", path.display())));
        }
        Step::Run(args) => {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let ran = run(site, &args)?;
            if ran.code != Some(0) {
                return Err(format!(
                    "`handbok {}` failed:\n{}",
                    args.join(" "),
                    ran.stderr
                ));
            }
        }
    }
    Ok(None)
}

/// Copies every file of the case folder except [`CASE_FILES`] over the site.
fn copy_case_files(case_dir: &Path, site: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(case_dir).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(case_dir).unwrap();
        if CASE_FILES.iter().any(|f| rel == Path::new(f)) {
            continue;
        }
        write(&site.join(rel), &read(entry.path())?)?;
    }
    Ok(())
}

/// Every file under `dir` with its bytes, and every folder (as `None`).
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes = entry
                .file_type()
                .is_file()
                .then(|| std::fs::read(entry.path()).unwrap_or_default());
            (rel, bytes)
        })
        .collect()
}

/// What differs between two snapshots, or nothing.
fn compare(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let mut differences = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => differences.push(format!("{path} removed")),
            Some(now) if now != bytes => differences.push(format!("{path} changed")),
            Some(_) => {}
        }
    }
    differences.extend(
        after
            .keys()
            .filter(|p| !before.contains_key(*p))
            .map(|p| format!("{p} added")),
    );
    differences
}

/// The lines `expect.txt` asks for: every line but blank ones and `#` comments.
fn expected_lines(case_dir: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(case_dir.join("expect.txt"))
        .map_err(|e| format!("expect.txt: {e}"))?;
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if lines.is_empty() {
        return Err("expect.txt lists no lines".into());
    }
    Ok(lines)
}

/// Problems with what a failing `handbok build` or `handbok check` printed.
fn check_failure(command: &str, ran: &Ran, expected: &[String], exit: i32) -> Vec<String> {
    let mut problems = Vec::new();
    if ran.code != Some(exit) {
        problems.push(format!(
            "{command}: exit code {:?}, expected {exit}",
            ran.code
        ));
    }
    if ran.stderr.contains("panicked") {
        problems.push(format!("{command}: panicked"));
    }
    if ran.stderr.contains('\r') {
        problems.push(format!("{command}: stderr contains a carriage return"));
    }
    let last = ran.stderr.trim_end().lines().last().unwrap_or("");
    if !last.starts_with("error: could not build the site") {
        problems.push(format!(
            "{command}: stderr does not end with `error: could not build the site` but with {last:?}"
        ));
    }
    let lines: Vec<&str> = ran.stderr.lines().collect();
    for want in expected {
        if !lines.iter().any(|l| l.contains(want.as_str())) {
            problems.push(format!("{command}: no line contains {want:?}"));
        }
    }
    problems
}

/// Shortens a huge stderr for a failure report.
fn excerpt(stderr: &str) -> String {
    const MAX: usize = 4000;
    if stderr.len() <= MAX {
        return stderr.to_string();
    }
    let mut end = MAX;
    while !stderr.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &stderr[..end], stderr.len())
}

fn run_case(case_dir: &Path) -> Result<Outcome, String> {
    let case: Case = match std::fs::read_to_string(case_dir.join("case.toml")) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("case.toml: {e}"))?,
        Err(_) => Case::default(),
    };
    let expected = expected_lines(case_dir)?;
    let site = common::TestSite::new("basic");
    let root = site.dir.path();
    for step in &case.setup {
        if let Some(reason) = apply(root, step)? {
            return Ok(Outcome::Skipped(reason));
        }
    }
    // 1. The unbroken site builds and leaves a public/ to protect.
    let baseline = run(root, &["build"])?;
    if baseline.code != Some(0) {
        return Err(format!(
            "the baseline build failed (exit {:?}):\n{}",
            baseline.code, baseline.stderr
        ));
    }
    let public = root.join("public");
    let before = snapshot(&public);
    if !before.values().any(Option::is_some) {
        return Err("the baseline build wrote no files".into());
    }
    // 2. Break it.
    copy_case_files(case_dir, root)?;
    for step in &case.step {
        if let Some(reason) = apply(root, step)? {
            return Ok(Outcome::Skipped(reason));
        }
    }
    // 3. The build fails with the expected report, and changes nothing in the site folder.
    let site_before = snapshot(root);
    let mut args = vec!["build"];
    args.extend(case.args.iter().map(String::as_str));
    let built = run(root, &args)?;
    let mut problems = check_failure("build", &built, &expected, case.exit);
    let changed = compare(&site_before, &snapshot(root));
    if !changed.is_empty() {
        let shown: Vec<_> = changed.iter().take(5).cloned().collect();
        problems.push(format!("the site folder changed: {}", shown.join(", ")));
    }
    // 4. The previous output is untouched and nothing is left over.
    let differences = compare(&before, &snapshot(&public));
    if !differences.is_empty() {
        let shown: Vec<_> = differences.iter().take(5).cloned().collect();
        problems.push(format!(
            "public/ changed ({} differences): {}",
            differences.len(),
            shown.join(", ")
        ));
    }
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && (n.contains(".staging-") || n.contains(".old-")))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("left behind: {}", leftovers.join(", ")));
    }
    // 5. `check` fails the same way (for content; a wrong call of `build` is not its business).
    if case.args.is_empty() && case.exit == 1 {
        let checked = run(root, &["check"])?;
        problems.extend(check_failure("check", &checked, &expected, 1));
    }
    if problems.is_empty() {
        Ok(Outcome::Passed {
            stderr: built.stderr,
        })
    } else {
        Err(format!(
            "{}\n--- build stderr ---\n{}",
            problems.join("\n"),
            excerpt(&built.stderr)
        ))
    }
}

#[test]
fn every_bad_input_case_fails_cleanly() {
    let started = Instant::now();
    let corpus = repo().join("tests/bad-input");
    let filter = std::env::var("BAD_INPUT").unwrap_or_default();
    let show = std::env::var_os("BAD_INPUT_SHOW").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    if filter.is_empty() {
        assert!(
            cases.len() >= 40,
            "the corpus should hold at least 40 cases, found {}",
            cases.len()
        );
    }
    cases.retain(|p| p.file_name().unwrap().to_string_lossy().contains(&filter));
    assert!(!cases.is_empty(), "no case matches BAD_INPUT={filter:?}");

    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case_dir) = cases.get(i) else { break };
                let case_started = Instant::now();
                let outcome = run_case(case_dir);
                let seconds = case_started.elapsed().as_secs_f64();
                results.lock().unwrap().push((i, outcome, seconds));
            });
        }
    });

    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _, _)| *i);
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for (i, outcome, seconds) in results {
        let name = cases[i].file_name().unwrap().to_string_lossy().into_owned();
        match outcome {
            Ok(Outcome::Passed { stderr }) => {
                if show {
                    eprintln!("=== {name} ({seconds:.1} s)\n{}", excerpt(&stderr));
                }
            }
            Ok(Outcome::Skipped(reason)) => skipped.push(format!("{name}: {reason}")),
            Err(problem) => failures.push(format!("=== {name} ({seconds:.1} s)\n{problem}")),
        }
    }
    for skip in &skipped {
        eprintln!("skipped {skip}");
    }
    eprintln!(
        "{} bad-input cases in {:.1} s: {} failed, {} skipped",
        cases.len(),
        started.elapsed().as_secs_f64(),
        failures.len(),
        skipped.len()
    );
    assert!(
        skipped.len() <= 1,
        "more than one case skipped: {skipped:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
