//! See `handbok::fuzzing::page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbok::fuzzing::page(data));
