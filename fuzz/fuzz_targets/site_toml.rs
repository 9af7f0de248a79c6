//! See `handbok::fuzzing::site_toml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbok::fuzzing::site_toml(data));
