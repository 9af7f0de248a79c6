//! Stage 7, the commands beside `build`: `handbok serve` (live preview) and `handbok revision`
//! (the staff's once-a-term routine). Each drives the stages below it.

pub mod revision;
pub mod serve;
