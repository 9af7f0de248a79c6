//! See `handbok::cli::fuzzing::site_toml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbok::cli::fuzzing::site_toml(data));
