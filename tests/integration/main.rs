//! Integration tests: the `casus` binary on real scenario files.
//!
//! One test binary (faster to build and link than one per file), with shared
//! helpers in `util`. Whatever a test writes goes in a `util::scratch`
//! folder, removed when the test ends, pass or fail: a test run leaves
//! nothing behind in the temporary directory.

mod util;

mod alloc;
mod backtest;
mod check;
mod compare;
mod crosscheck;
mod data;
mod html;
mod limits;
mod properties;
mod resume;
mod run;
mod scenarios;
mod shards;
mod slurm;
mod snapshots_report;
mod sweep;
mod trace;
