//! See `handbok::fuzzing::yaml_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbok::fuzzing::yaml_file(data));
