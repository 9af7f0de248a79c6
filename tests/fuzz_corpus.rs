//! Replays the fuzz targets' committed inputs (`fuzz/corpus/<target>/`, the seed corpus, and
//! `fuzz/regressions/<target>/`, inputs that once crashed) through the same entry points, so
//! every `cargo test` proves none of them panics, on stable Rust and without libFuzzer. The
//! fuzzing itself is `scripts/fuzz`.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let dir = root.join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            assert_eq!(folder, "regressions", "{} is missing", dir.display());
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} panicked on {}", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn page_inputs_never_panic() {
    assert!(replay("page", handbok::cli::fuzzing::page) >= 50);
}

#[test]
fn yaml_file_inputs_never_panic() {
    assert!(replay("yaml_file", handbok::cli::fuzzing::yaml_file) >= 20);
}

#[test]
fn site_toml_inputs_never_panic() {
    assert!(replay("site_toml", handbok::cli::fuzzing::site_toml) >= 5);
}
