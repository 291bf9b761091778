//! Integration tests: the `casus` binary on real scenario files.
//!
//! One test binary (faster to build and link than one per file), with shared
//! helpers in `util`.

mod util;

mod check;
mod compare;
mod crosscheck;
mod properties;
mod run;
mod trace;
