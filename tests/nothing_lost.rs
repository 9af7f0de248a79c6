//! Nothing lost: the output folder never destroys sources or someone else's files, under
//! mistakes (a wrong `--out`, a web root with other files) and under faults (a build killed
//! at any moment, a write that fails, two builds at once).

mod common;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

/// Every file, symlink and folder under `dir` with its bytes (a symlink: its target; a folder:
/// nothing), by path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap();
            format!("-> {}", target.display()).into_bytes()
        } else if entry.file_type().is_dir() {
            b"/".to_vec()
        } else {
            std::fs::read(entry.path()).unwrap()
        };
        files.insert(rel, bytes);
    }
    files
}

/// The sources: site.toml, content/ and themes/.
fn sources(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let mut all = snapshot(&site.path("content"));
    all.extend(
        snapshot(&site.path("themes"))
            .into_iter()
            .map(|(k, v)| (format!("themes/{k}"), v)),
    );
    all.insert(
        "site.toml".into(),
        std::fs::read(site.path("site.toml")).unwrap(),
    );
    all
}

/// A build's output without its record, whose file times differ from build to build.
fn without_record(mut files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.remove(".handbok/build.json");
    files
}

/// Folders a build leaves next to its output (staging, old output).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".staging-") || name.contains(".old-"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_output_folder_that_would_destroy_the_sources_is_refused_before_anything_is_touched() {
    let site = TestSite::new("basic");
    let home = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("genvag")).unwrap();
    std::fs::create_dir_all(site.path("publik")).unwrap();
    std::os::unix::fs::symlink("../themes", site.path("publik/tema")).unwrap();
    let before = sources(&site);
    let parent = site.dir.path().parent().unwrap().to_path_buf();
    let cases: Vec<(PathBuf, &str)> = vec![
        (".".into(), "it is the site folder"),
        (site.dir.path().into(), "it is the site folder"),
        ("content".into(), "it is content/, the handbook's sources"),
        ("content/2023-2026".into(), "it lies inside content/"),
        ("content/ny-mapp".into(), "it lies inside content/"),
        ("themes".into(), "it is themes/"),
        ("themes/default/static".into(), "it lies inside themes/"),
        ("public/../content".into(), "it is content/"),
        ("genvag".into(), "it is content/"),
        ("genvag/2023-2026".into(), "it lies inside content/"),
        ("publik/tema".into(), "it is themes/"),
        ("..".into(), "it holds the site folder"),
        (parent, "it holds the site folder"),
        ("/".into(), "it is the root of the file system"),
        (home.path().into(), "it is your home folder"),
    ];
    for (out, why) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args(["build", "--force", "--out"])
            .arg(&out)
            .current_dir(site.dir.path())
            .env("HOME", home.path())
            .output()
            .unwrap();
        let err = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "--out {}: {err}",
            out.display()
        );
        assert!(
            err.contains(&format!(
                "error: refusing to build into `{}`",
                out.display()
            )),
            "--out {}: {err}",
            out.display()
        );
        assert!(err.contains(why), "--out {}: {err}", out.display());
        assert!(err.contains("like `public/`"), "{err}");
        assert!(
            !err.contains("warning:"),
            "refused before the content is read: {err}"
        );
        assert_eq!(sources(&site), before, "--out {}", out.display());
    }
    assert!(!site.path("public").exists());
}

#[test]
fn output_dir_in_site_toml_follows_the_same_rule_at_its_line() {
    let site = TestSite::new("basic");
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("output_dir = \"content\"\n{toml}"));
    let before = sources(&site);
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: output_dir: refusing to build into"),
        "{err}"
    );
    assert!(err.contains("--> site.toml:1:1"), "{err}");
    assert!(err.contains("1 | output_dir = \"content\""), "{err}");
    assert_eq!(sources(&site), before);
}

#[test]
fn files_handbok_did_not_write_are_kept_and_named() {
    let site = TestSite::new("basic");
    let web = site.path("webbrot");
    std::fs::create_dir_all(web.join(".well-known")).unwrap();
    std::fs::write(
        web.join(".well-known/security.txt"),
        "Contact: it@example.se\n",
    )
    .unwrap();
    std::fs::write(web.join(".htaccess"), "Options -Indexes\n").unwrap();
    std::fs::write(web.join("google1234.html"), "verifiering").unwrap();
    let foreign = snapshot(&web);

    // A folder handbok did not build needs --force, and nothing is touched without it.
    let refused = site.run(&["build", "--out", "webbrot"]);
    let err = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(
        err.contains("it is not empty, and handbok did not build it"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(snapshot(&web), foreign);

    let forced = site.build(&["--out", "webbrot", "--force"]);
    let out = String::from_utf8_lossy(&forced.stdout);
    assert!(
        out.contains("(kept 3 files handbok did not write: .htaccess, .well-known/security.txt, google1234.html)"),
        "{out}"
    );
    assert_kept(&web, &foreign);
    let record = std::fs::read_to_string(web.join(".handbok/build.json")).unwrap();
    assert!(
        !record.contains("security.txt"),
        "the record lists only handbok's files"
    );
    assert!(web.join("index.html").is_file());
    // ... and every file handbok wrote: the output is exactly the record, others' files and the
    // record itself.
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    let mut listed: Vec<String> = record["site_files"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            record["revisions"]
                .as_object()
                .unwrap()
                .values()
                .flat_map(|r| r["files"].as_array().unwrap().iter().map(|f| &f["path"])),
        )
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    listed.extend(
        foreign
            .iter()
            .filter(|(_, b)| *b != b"/")
            .map(|(p, _)| p.clone()),
    );
    listed.push(".handbok/build.json".into());
    listed.sort();
    let files: Vec<String> = snapshot(&web)
        .into_iter()
        .filter(|(_, bytes)| bytes != b"/")
        .map(|(path, _)| path)
        .collect();
    assert_eq!(files, listed);

    // The next build into its own output keeps them too, and removes only its own stale page.
    let page = "2023-2026/plan/bravo/index.html";
    assert!(web.join(page).is_file());
    std::fs::remove_file(site.path("content/2023-2026/plan/bravo.md")).unwrap();
    let plain = site.build(&["--out", "webbrot"]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("kept 3 files"));
    assert!(
        !web.join(page).exists(),
        "handbok's own stale page is removed"
    );
    assert_kept(&web, &foreign);
}

/// Every file of `foreign` is in `dir` with the same bytes.
fn assert_kept(dir: &Path, foreign: &BTreeMap<String, Vec<u8>>) {
    let now = snapshot(dir);
    for (path, bytes) in foreign {
        assert_eq!(now.get(path), Some(bytes), "{path}");
    }
}

#[test]
fn a_foreign_file_where_handbok_writes_a_page_is_an_error_naming_both() {
    let site = TestSite::new("basic");
    let web = site.path("webbrot");
    std::fs::create_dir_all(web.join("2023-2026/plan")).unwrap();
    std::fs::write(web.join("index.html"), "<h1>Welcome to nginx!</h1>").unwrap();
    let before = snapshot(&web);
    let output = site.run(&["build", "--out", "webbrot", "--force"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("webbrot/index.html was not written by handbok, and this build puts the page made from content/2023-2026/_index.md there"),
        "{err}"
    );
    assert_eq!(snapshot(&web), before, "nothing is overwritten");
    assert!(leftovers(site.dir.path()).is_empty());
}

#[test]
fn a_write_that_fails_names_the_file_and_leaves_the_previous_output() {
    let site = TestSite::new("basic");
    site.build(&[]);
    let previous = snapshot(&site.path("public"));
    site.edit("site.toml", "title = \"", "title = \"Ny ");
    // Pages are larger than 4 blocks, so the first page written hits the file size limit.
    let output = Command::new("sh")
        .args(["-c", "ulimit -f 4; exec \"$0\" build"])
        .arg(env!("CARGO_BIN_EXE_handbok"))
        .current_dir(site.dir.path())
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: cannot write ./public/2023-2026/"),
        "{err}"
    );
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(snapshot(&site.path("public")), previous);
    assert!(leftovers(site.dir.path()).is_empty());
}

/// A fixture with 1,000 more pages, in 20 sections of 50, for builds that take a while.
fn large_site() -> TestSite {
    let site = TestSite::new("basic");
    for section in 0..20 {
        let folder = format!("content/2023-2026/del-{section}");
        let index = format!("---\ntitle: Del {section}\n---\nDel {section}.\n");
        site.write(&format!("{folder}/_index.md"), &index);
        for page in 0..50 {
            let text = format!(
                "---\ntitle: Sida {section}.{page}\n---\n## Rubrik\n\nSida {page} om hot och stöd i del {section}.\n"
            );
            site.write(&format!("{folder}/sida-{page}.md"), &text);
        }
    }
    site
}

fn handbok(site: &TestSite, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_handbok"));
    command.args(args).current_dir(site.dir.path());
    command
}

/// Sets the site's title, which every page shows: a build after a change renders every page.
fn set_title(site: &TestSite, title: &str) {
    let toml = site.read("site.toml");
    let start = toml.find("title = \"").unwrap() + "title = \"".len();
    let end = start + toml[start..].find('"').unwrap();
    site.write(
        "site.toml",
        &format!("{}{title}{}", &toml[..start], &toml[end..]),
    );
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    let site = large_site();
    let titles = ["Handbok A", "Handbok B"];
    let mut references = Vec::new();
    let mut full_run = Duration::ZERO;
    for (i, title) in titles.iter().enumerate() {
        set_title(&site, title);
        let started = Instant::now();
        let output = handbok(&site, &["build", "--out", &format!("ref-{i}")])
            .output()
            .unwrap();
        full_run = full_run.max(started.elapsed());
        assert!(output.status.success(), "{}", stderr(&output));
        references.push(without_record(snapshot(&site.path(&format!("ref-{i}")))));
    }
    assert_ne!(references[0], references[1]);
    let output = handbok(&site, &["build"]).output().unwrap();
    assert!(output.status.success());
    let public = site.path("public");
    let mut current = 1;
    let (mut untouched, mut finished) = (0, 0);
    for moment in 0..20u32 {
        let next = 1 - current;
        set_title(&site, titles[next]);
        let before = snapshot(&public);
        let mut child = handbok(&site, &["build"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_run.mul_f64((f64::from(moment) + 0.5) / 20.0));
        let _ = child.kill();
        let _ = child.wait();
        let after = snapshot(&public);
        if after == before {
            untouched += 1;
        } else {
            assert_eq!(
                without_record(after),
                references[next],
                "killed at {moment}/20 of a build: the output is neither the previous build nor the new one"
            );
            current = next;
            finished += 1;
        }
    }
    assert!(
        untouched >= 5,
        "{untouched} kills before the swap, {finished} after"
    );
    // The next build succeeds and leaves nothing of the killed ones behind.
    set_title(&site, titles[1 - current]);
    let output = handbok(&site, &["build"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(without_record(snapshot(&public)), references[1 - current]);
    assert_eq!(leftovers(site.dir.path()), Vec::<String>::new());
}

#[test]
fn a_second_build_into_the_same_folder_waits_for_the_first() {
    let site = TestSite::new("basic");
    site.build(&["--out", "ref"]);
    let reference = without_record(snapshot(&site.path("ref")));
    // Another build holds the lock: this one says so and waits.
    let holder = File::open(site.dir.path()).unwrap();
    holder.lock().unwrap();
    let mut waiting = handbok(&site, &["build"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(waiting.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.starts_with("Waiting for another build into ./public to finish"),
        "{first}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "it waits while the lock is held"
    );
    assert!(!site.path("public").exists());
    holder.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    assert_eq!(without_record(snapshot(&site.path("public"))), reference);
}

#[test]
fn two_builds_started_together_make_one_complete_build() {
    let site = large_site();
    site.build(&["--out", "ref"]);
    let reference = without_record(snapshot(&site.path("ref")));
    let start = || {
        handbok(&site, &["build"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (start(), start());
    let outputs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    for output in &outputs {
        assert!(output.status.success(), "{}", stderr(output));
    }
    assert!(
        outputs
            .iter()
            .any(|o| stderr(o).contains("Waiting for another build")),
        "one of them waited"
    );
    assert_eq!(without_record(snapshot(&site.path("public"))), reference);
    assert_eq!(leftovers(site.dir.path()), Vec::<String>::new());
}
