//! `revision new` and `revision adopt` are all or nothing: killed at any moment, or failing
//! half-way, they leave `content/` and `site.toml` byte for byte as they were (or, killed after
//! their last step, the complete result), and no temporary file or half copy in `content/`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

const STAGING: &str = ".handbok-staging";
/// `revision new` copies this many pages; `adopt`, whose check renders every page, gets fewer
/// so that the ten kills and their reruns stay within a few seconds each in a debug build.
const PAGES: usize = 1_000;
const ADOPT_PAGES: usize = 500;
const KILLS: usize = 10;

/// The kill tests take turns: on two cores, one command's build would slow the other's run
/// after its duration was measured, and the kills would all land early.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Every file path under `content/` with its bytes, and `site.toml`: what must not change.
type Snapshot = Vec<(String, Vec<u8>)>;

fn snapshot(site: &TestSite) -> Snapshot {
    let root = site.path("");
    let mut files: Snapshot = walkdir::WalkDir::new(site.path("content"))
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            let bytes = if e.file_type().is_dir() {
                Vec::new()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel.to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.push((
        "site.toml".into(),
        std::fs::read(site.path("site.toml")).unwrap(),
    ));
    files
}

/// The first difference between two snapshots, for a readable failure.
fn difference(now: &Snapshot, expected: &Snapshot) -> String {
    let paths = |s: &Snapshot| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    let (now_paths, expected_paths) = (paths(now), paths(expected));
    if let Some(extra) = now_paths.iter().find(|p| !expected_paths.contains(p)) {
        return format!("{extra} is there ({} paths)", now_paths.len());
    }
    if let Some(missing) = expected_paths.iter().find(|p| !now_paths.contains(p)) {
        return format!("{missing} is missing ({} paths)", now_paths.len());
    }
    let changed = now.iter().zip(expected).find(|(a, b)| a != b);
    changed.map_or(String::new(), |((path, _), _)| format!("{path} differs"))
}

/// The `basic` fixture with its revisions listed in site.toml (so `new` also edits it) and a
/// draft 2027-2030 of `pages` pages, in sections of 50 like examples/gen-corpus.rs.
fn big_site(pages: usize) -> TestSite {
    let site = TestSite::new("basic");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!(
            "# Ordningen.\nrevisions = [\"2019-2022\", \"2023-2026\", \"2027-2030\"]\n{config}"
        ),
    );
    for section in 0..pages / 50 {
        let dir = format!("content/2027-2030/del-{section:02}");
        site.write(
            &format!("{dir}/_index.md"),
            &format!("---\ntitle: Del {section}\nweight: {section}\n---\n\nOm del {section}.\n"),
        );
        for page in 0..50 {
            site.write(
                &format!("{dir}/sida-{page:02}.md"),
                &page_text(section, page),
            );
        }
    }
    site
}

fn page_text(section: usize, page: usize) -> String {
    let paragraph = "Förtroendevalda som utsätts för hot ska få stöd av kommunen. Kontakta \
                     säkerhetssamordnaren och polisen, spara bevis och skriv ned vad som hänt.";
    let mut text = format!("---\ntitle: Sida {section}.{page}\nweight: {page}\n---\n\n");
    for heading in 0..4 {
        text.push_str(&format!("## Avsnitt {heading}\n\n"));
        for _ in 0..3 {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
    }
    text
}

fn handbok(site: &TestSite, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_handbok"));
    command
        .args(args)
        .current_dir(site.path(""))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Runs the command to completion, asserting success; returns how long it took.
fn timed_run(site: &TestSite, args: &[&str]) -> Duration {
    let started = Instant::now();
    let output = handbok(site, args).output().unwrap();
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    took
}

/// Kills the command with SIGKILL (`Child::kill` on Unix) at `KILLS` moments spread over
/// `spread` and asserts each time that the site is exactly `before` or exactly `after`;
/// `restore` puts `before` back after a kill that came too late to stop the command. Returns how
/// many kills left a staging folder behind, i.e. interrupted the work.
fn kill_repeatedly(
    site: &TestSite,
    args: &[&str],
    spread: Duration,
    before: &Snapshot,
    after: &Snapshot,
    restore: &dyn Fn(),
) -> usize {
    let mut interrupted = 0;
    eprintln!("{args:?}: kills over {spread:?}");
    for kill in 0..KILLS {
        let at = spread.mul_f64((kill as f64 + 0.5) / KILLS as f64);
        let mut child = handbok(site, args).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(at);
        child.kill().unwrap();
        child.wait().unwrap();
        let now = snapshot(site);
        let staged = site.path(STAGING).exists();
        interrupted += usize::from(staged);
        let state = if now == *after {
            "complete"
        } else {
            "as before"
        };
        eprintln!("killed after {at:?}: {state}, staging left: {staged}");
        if now == *after {
            restore();
        } else {
            assert!(
                now == *before,
                "killed after {at:?} of {spread:?}: neither as before nor complete: {}",
                difference(&now, before)
            );
        }
    }
    interrupted
}

/// What a `revision new` killed just before its renames leaves: a whole copy, from a process
/// that is not running (the pid is above any pid_max).
fn plant_leftover(site: &TestSite) {
    let source = site.path("content/2027-2030");
    let copy = site.path(&format!("{STAGING}/new-2031-2034-999999999/revision"));
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let to = copy.join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

#[test]
fn a_killed_revision_new_leaves_the_site_as_it_was_or_complete() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = big_site(PAGES);
    let before = snapshot(&site);
    let args = ["revision", "new", "2031-2034"];
    // Each run after a kill first sweeps the half copy the killed one left, so the measured run
    // gets a whole one to sweep: the kills then spread over the real runs, to their end.
    plant_leftover(&site);
    let full = timed_run(&site, &args);
    let after = snapshot(&site);
    let source = before
        .iter()
        .filter(|(p, _)| p.starts_with("content/2027-2030"));
    assert_eq!(after.len(), before.len() + source.count(), "the whole copy");
    assert!(!site.path(STAGING).exists());
    let restore = || {
        std::fs::remove_dir_all(site.path("content/2031-2034")).unwrap();
        std::fs::write(site.path("site.toml"), &before.last().unwrap().1).unwrap();
    };
    restore();

    // Runs after a kill take longer than the measured one (the disk is still writing the killed
    // run's files): without two fifths more, no kill reached the end.
    let spread = full.mul_f64(1.4);
    let interrupted = kill_repeatedly(&site, &args, spread, &before, &after, &restore);
    assert!(interrupted > 0, "no kill fell inside the copy of {full:?}");

    // Run to completion: the leftovers of the killed runs are swept away.
    let last = timed_run(&site, &args);
    eprintln!("the last run took {last:?}");
    assert!(
        snapshot(&site) == after,
        "{}",
        difference(&snapshot(&site), &after)
    );
    assert!(!site.path(STAGING).exists(), "leftovers in {STAGING}/");
}

#[test]
fn a_killed_revision_adopt_leaves_the_old_or_the_new_revision_yaml() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = big_site(ADOPT_PAGES);
    let meta = "content/2027-2030/revision.yaml";
    let old_meta = site.read(meta);
    let before = snapshot(&site);
    let args = [
        "revision",
        "adopt",
        "2027-2030",
        "--date",
        "2027-03-15",
        "--decided-by",
        "Kommunstyrelsen",
        "--reference",
        "KS 2027/99",
    ];
    let full = timed_run(&site, &args);
    let after = snapshot(&site);
    assert!(site.read(meta).contains("status: adopted"));
    let restore = || site.write(meta, &old_meta);
    restore();

    // Mostly computing, so its runs take about as long as the measured one.
    kill_repeatedly(&site, &args, full.mul_f64(1.1), &before, &after, &restore);

    timed_run(&site, &args);
    assert!(
        snapshot(&site) == after,
        "{}",
        difference(&snapshot(&site), &after)
    );
    assert!(!site.path(STAGING).exists(), "leftovers in {STAGING}/");
}

/// Runs `revision new 2031-2034` with the file size limit at 64 blocks (32 or 64 KB, by the
/// shell): a full disk as the process sees it. SIGXFSZ is ignored (the disposition survives
/// `exec`), so a write past the limit fails with EFBIG instead of killing handbok.
fn new_with_small_disk(site: &TestSite) -> std::process::Output {
    Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 64; exec \"$0\" revision new 2031-2034",
            env!("CARGO_BIN_EXE_handbok"),
        ])
        .current_dir(site.path(""))
        .output()
        .unwrap()
}

fn assert_unchanged_with_error(site: &TestSite, before: &Snapshot, expected: &[&str]) {
    let output = new_with_small_disk(site);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
    let now = snapshot(site);
    assert!(now == *before, "{}", difference(&now, before));
    assert!(!site.path(STAGING).exists(), "leftovers in {STAGING}/");
}

#[test]
fn a_copy_that_fails_half_way_changes_nothing_and_names_the_file() {
    let site = big_site(200);
    // Sorted after del-00 … del-19: most of the revision is copied when it fails.
    let big = site.path("content/2027-2030/ritning/stor.pdf");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    std::fs::write(&big, vec![b'%'; 1 << 20]).unwrap();
    let before = snapshot(&site);
    assert_unchanged_with_error(
        &site,
        &before,
        &[
            "cannot copy content/2027-2030/ritning/stor.pdf into the new revision",
            "File too large",
            "nothing was changed",
        ],
    );
}

#[test]
fn a_site_toml_that_cannot_be_written_changes_nothing() {
    let site = TestSite::new("basic");
    let config = site.read("site.toml");
    // Comments beyond the limit: the copy fits, the new site.toml does not.
    let comments = "# Anteckning om ordningen.\n".repeat(4_000);
    site.write(
        "site.toml",
        &format!("{comments}revisions = [\"2019-2022\", \"2023-2026\", \"2027-2030\"]\n{config}"),
    );
    let before = snapshot(&site);
    assert_unchanged_with_error(
        &site,
        &before,
        &[
            "cannot write .handbok-staging/new-2031-2034-",
            "/site.toml",
            "File too large",
        ],
    );
}

#[test]
fn the_next_revision_command_sweeps_what_killed_runs_left() {
    let site = TestSite::new("basic");
    // Above any pid_max: a run that is certainly not running.
    let leftover = format!("{STAGING}/new-2031-2034-999999999/plan/alfa.md");
    let foreign = format!("{STAGING}/egna-anteckningar.txt");
    site.write(&leftover, "halv kopia");
    site.write(&foreign, "inte handboks");
    let output = site.run(&["revision", "list"]);
    assert!(output.status.success());
    assert!(!site
        .path(&format!("{STAGING}/new-2031-2034-999999999"))
        .exists());
    assert_eq!(
        site.read(&foreign),
        "inte handboks",
        "only handbok's own entries"
    );
}

#[test]
fn staging_is_ignored_by_git() {
    let ignore = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".gitignore"));
    assert!(ignore
        .unwrap()
        .lines()
        .any(|l| l.trim_end_matches('/') == "/.handbok-staging"));
}

/// The basic fixture with its revisions listed in `site.toml`, which `revision new` edits.
fn listed_site() -> TestSite {
    let site = TestSite::new("basic");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("revisions = [\"2019-2022\", \"2023-2026\", \"2027-2030\"]\n{toml}"),
    );
    site
}

#[test]
fn a_revision_command_waits_while_another_holds_the_site() {
    let site = listed_site();
    let holder = std::fs::File::open(site.path("")).unwrap();
    holder.lock().unwrap();
    let mut waiting = handbok(&site, &["revision", "new", "2031-2034"])
        .spawn()
        .unwrap();
    let mut lines =
        std::io::BufRead::lines(std::io::BufReader::new(waiting.stderr.take().unwrap()));
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.starts_with("Waiting for another handbok command in"),
        "{first}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "it waits while the lock is held"
    );
    assert!(!site.path("content/2031-2034").exists());
    holder.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    assert!(site.path("content/2031-2034/revision.yaml").is_file());
}

#[test]
fn two_revision_new_at_once_keep_both_ids_in_site_toml() {
    let site = listed_site();
    let ids = ["2031-2034", "2035-2038"];
    let children: Vec<_> = ids
        .iter()
        .map(|id| {
            handbok(&site, &["revision", "new", id, "--from", "2023-2026"])
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let toml = site.read("site.toml");
    for id in ids {
        assert!(
            toml.contains(&format!("\"{id}\"")),
            "{id} missing from site.toml:\n{toml}"
        );
        assert!(site.path(&format!("content/{id}/revision.yaml")).is_file());
    }
}
