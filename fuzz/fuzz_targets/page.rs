//! See `handbok::cli::fuzzing::page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbok::cli::fuzzing::page(data));
