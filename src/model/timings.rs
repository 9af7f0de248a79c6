//! `handbok build --timings`: where the time goes, per stage and per page.
//!
//! Stages run in parallel (pages on every core, the search index beside the templates), so a
//! stage's figure is its time summed over all threads: on 2 cores the stages can add up to
//! about twice the wall time. Timing is a process-wide switch, off unless `--timings` is
//! given; when off, measuring costs one relaxed atomic load.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The pipeline's stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading `site.toml`, the theme and every content file; parsing front matter and YAML.
    Load,
    /// Verifying the seals of adopted revisions.
    Seal,
    /// Markdown to HTML, with links checked and terms linked.
    Markdown,
    /// Filling the theme's templates.
    Templates,
    /// Minifying the HTML.
    Minify,
    /// The search index.
    Index,
    /// The change page's comparison with the previous revision.
    Diff,
    /// Writing the output folder and swapping it in place.
    Write,
}

const STAGES: [(Stage, &str); 8] = [
    (Stage::Load, "load"),
    (Stage::Seal, "validate (seals)"),
    (Stage::Markdown, "markdown"),
    (Stage::Templates, "templates"),
    (Stage::Minify, "minify"),
    (Stage::Index, "search index"),
    (Stage::Diff, "diff (change page)"),
    (Stage::Write, "write"),
];

/// How many of the slowest pages the report lists.
const SLOWEST: usize = 10;

static ENABLED: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; STAGES.len()] = [const { AtomicU64::new(0) }; STAGES.len()];
static PAGES: Mutex<Vec<(String, Duration)>> = Mutex::new(Vec::new());
/// Wall-clock milestones since `enable`: the stage sums say what costs most, these say what
/// runs one after the other (a stage on one thread while the other waits).
static MARKS: Mutex<Vec<(String, Duration)>> = Mutex::new(Vec::new());
static STARTED: Mutex<Option<Instant>> = Mutex::new(None);

/// Starts collecting (and clears what an earlier build collected).
pub fn enable() {
    for nanos in &NANOS {
        nanos.store(0, Ordering::Relaxed);
    }
    if let Ok(mut pages) = PAGES.lock() {
        pages.clear();
    }
    if let Ok(mut marks) = MARKS.lock() {
        marks.clear();
    }
    if let Ok(mut started) = STARTED.lock() {
        *started = Some(Instant::now());
    }
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs `work`, adding its time to `stage`.
pub fn measure<T>(stage: Stage, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let started = Instant::now();
    let result = work();
    add(stage, started.elapsed());
    result
}

/// Runs `work` for one page (named by its output path), adding its time to `stage` and to the
/// page's own total.
pub fn measure_page<T>(stage: Stage, page: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let started = Instant::now();
    let result = work();
    let took = started.elapsed();
    add(stage, took);
    if let Ok(mut pages) = PAGES.lock() {
        pages.push((page.to_string(), took));
    }
    result
}

/// Notes that the build reached `milestone` now (wall clock since timing was enabled).
pub fn mark(milestone: impl FnOnce() -> String) {
    if !enabled() {
        return;
    }
    let Some(started) = STARTED.lock().ok().and_then(|s| *s) else {
        return;
    };
    if let Ok(mut marks) = MARKS.lock() {
        marks.push((milestone(), started.elapsed()));
    }
}

/// Loading is timed as one stretch of wall time that includes verifying seals (measured on
/// their own): the seals' share is taken out so that no time is counted twice.
pub fn record_load(wall: Duration) {
    if !enabled() {
        return;
    }
    let seal = Duration::from_nanos(NANOS[index(Stage::Seal)].load(Ordering::Relaxed));
    add(Stage::Load, wall.saturating_sub(seal));
}

fn index(stage: Stage) -> usize {
    STAGES.iter().position(|(s, _)| *s == stage).unwrap_or(0)
}

fn add(stage: Stage, took: Duration) {
    let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
    NANOS[index(stage)].fetch_add(nanos, Ordering::Relaxed);
}

/// The report printed after the build: each stage's time and share, then the slowest pages.
pub fn report(wall: Duration) -> String {
    let stages: Vec<(&str, Duration)> = STAGES
        .iter()
        .zip(&NANOS)
        .map(|((_, name), nanos)| (*name, Duration::from_nanos(nanos.load(Ordering::Relaxed))))
        .collect();
    let summed: Duration = stages.iter().map(|(_, d)| *d).sum();
    let mut out = String::from("Timings (each stage summed over all threads):\n");
    for (name, took) in &stages {
        let share = 100.0 * took.as_secs_f64() / summed.as_secs_f64().max(1e-9);
        let _ = writeln!(
            out,
            "  {name:<20} {:>9.3} s  {share:>5.1} %",
            took.as_secs_f64()
        );
    }
    let _ = writeln!(
        out,
        "  {:<20} {:>9.3} s  (wall {:.3} s, {} threads)",
        "all stages",
        summed.as_secs_f64(),
        wall.as_secs_f64(),
        rayon::current_num_threads()
    );
    if let Ok(marks) = MARKS.lock() {
        if !marks.is_empty() {
            let _ = writeln!(out, "Wall clock:");
            for (milestone, at) in marks.iter() {
                let _ = writeln!(out, "  {:>9.3} s  {milestone}", at.as_secs_f64());
            }
        }
    }
    let _ = writeln!(out, "Slowest pages (markdown, templates and minify):");
    for (page, took) in slowest_pages() {
        let _ = writeln!(out, "  {:>8.2} ms  {page}", took.as_secs_f64() * 1000.0);
    }
    out
}

fn slowest_pages() -> Vec<(String, Duration)> {
    let Ok(pages) = PAGES.lock() else {
        return Vec::new();
    };
    let mut totals: std::collections::HashMap<&str, Duration> = Default::default();
    for (page, took) in pages.iter() {
        *totals.entry(page.as_str()).or_default() += *took;
    }
    let mut sorted: Vec<(String, Duration)> = totals
        .into_iter()
        .map(|(page, took)| (page.to_string(), took))
        .collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.truncate(SLOWEST);
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_pages_are_summed_and_ranked() {
        enable();
        measure(Stage::Load, || std::thread::sleep(Duration::from_millis(2)));
        mark(|| "loaded".to_string());
        measure_page(Stage::Templates, "a/index.html", || {
            std::thread::sleep(Duration::from_millis(3))
        });
        measure_page(Stage::Minify, "a/index.html", || {
            std::thread::sleep(Duration::from_millis(3))
        });
        measure_page(Stage::Templates, "b/index.html", || {
            std::thread::sleep(Duration::from_millis(1))
        });
        let report = report(Duration::from_millis(10));
        let load = report.lines().find(|l| l.contains("load")).unwrap();
        assert!(!load.contains(" 0.000 s"), "{report}");
        let pages: Vec<&str> = report
            .lines()
            .filter(|l| l.contains("index.html"))
            .collect();
        assert!(pages[0].ends_with("a/index.html"), "{report}");
        assert!(pages[1].ends_with("b/index.html"), "{report}");
        let loaded = report.lines().find(|l| l.ends_with("s  loaded")).unwrap();
        assert!(!loaded.contains(" 0.000 s"), "{report}");
        ENABLED.store(false, Ordering::Relaxed);
    }
}
