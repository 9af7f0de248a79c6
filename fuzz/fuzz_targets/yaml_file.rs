//! See `handbok::cli::fuzzing::yaml_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbok::cli::fuzzing::yaml_file(data));
