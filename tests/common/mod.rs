//! Helpers for the integration tests: a fixture site copied into a temporary folder (with the
//! real default theme), the real `handbok` binary run on it, and HTML parsed with scraper.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>` with `themes/` from the repository.
    pub fn new(name: &str) -> TestSite {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo.join("tests/fixtures").join(name), dir.path());
        copy_dir(&repo.join("themes"), &dir.path().join("themes"));
        TestSite { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces the first `from` in a file with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Builds into `public/` and asserts success.
    pub fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(
            output.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs a build that must fail with exit code 1; returns its stderr.
    pub fn build_fails(&self) -> String {
        let output = self.run(&["build"]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(
            output.status.code(),
            Some(1),
            "expected exit 1, stderr:\n{stderr}"
        );
        stderr
    }

    /// Builds, then parses `public/<rel>`.
    pub fn html_after_build(&self, rel: &str) -> Html {
        self.build(&[]);
        self.html(rel)
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(&format!("public/{rel}")))
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}
