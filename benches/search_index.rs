//! Benchmark: indexing 1,000 pages of about 800 words for search (`cargo bench --bench
//! search_index`). The words come from the bundled handbook, so stemming sees real Swedish.
//! Prints the best of five runs and the size of the index.

use std::time::Instant;

use handbok::features::search::{self, Section};
use rayon::prelude::*;

fn main() {
    // `cargo bench` passes --bench; under `cargo test` this is a quick smoke run.
    let full = std::env::args().any(|a| a == "--bench");
    let (page_count, runs) = if full { (1000, 5) } else { (20, 1) };
    let vocabulary = bundled_words();
    let pages: Vec<(String, String, String)> = (0..page_count)
        .map(|page| {
            let mut html = String::new();
            for section in 0..4 {
                html.push_str(&format!(
                    "<h2 id=\"rubrik-{section}\">Rubrik {section} om hot</h2><p>"
                ));
                for word in 0..200 {
                    html.push_str(
                        &vocabulary[(page * 7919 + section * 613 + word * 31) % vocabulary.len()],
                    );
                    html.push(if word % 12 == 11 { '.' } else { ' ' });
                }
                html.push_str("</p>");
            }
            (format!("sida-{page}/"), format!("Sida {page}"), html)
        })
        .collect();
    let mut best = f64::MAX;
    let mut bytes = 0;
    let mut files = 0;
    let mut phases = (0.0, 0.0, 0.0);
    for _ in 0..runs {
        let started = Instant::now();
        let sections: Vec<Section> = pages
            .par_iter()
            .flat_map_iter(|(url, title, html)| search::split(url, title, html))
            .collect();
        let split_at = started.elapsed().as_secs_f64();
        let index = search::build(&sections, &[]);
        let built_at = started.elapsed().as_secs_f64();
        let output = search::files("r", &sections, &index);
        let total = started.elapsed().as_secs_f64();
        if total < best {
            best = total;
            phases = (split_at, built_at - split_at, total - built_at);
        }
        files = output.len();
        bytes = output.iter().map(|f| f.bytes.len()).sum::<usize>();
    }
    println!(
        "search index, {page_count} pages × ~800 words: {best:.3} s (best of {runs}), {files} files, {bytes} bytes"
    );
    println!(
        "  split into sections {:.3} s, index {:.3} s, files {:.3} s",
        phases.0, phases.1, phases.2
    );
}

/// Distinct words of the bundled content (Markdown and YAML), in file order.
fn bundled_words() -> Vec<String> {
    let mut words = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for word in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() > 1)
        {
            if seen.insert(word.to_lowercase()) {
                words.push(word.to_lowercase());
            }
        }
    }
    words
}
