//! Runs many trials of a casus scenario and turns them into estimates.
//!
//! * [`run`]: seeding and parallel trials (rayon). Trial *k* always plays on
//!   the streams of `(seed, k)`, so it is the same trial in every variant,
//!   thread count and shard.
//! * [`summary`]: mergeable accumulators. Every figure is accumulated in
//!   integers (counts, exact histograms, fixed-point sums), so merging is
//!   associative and commutative: results are bit-identical whatever the
//!   thread count, the order in which work finishes, or the split into
//!   shards; and memory does not grow with the number of trials.
//! * [`stats`]: Wilson intervals, means with intervals, type-7 quantiles.
//! * [`estimate`]: a [`summary::Summary`] turned into the figures of a report.
//!
//! ```
//! use casus_runner::{run, RunConfig};
//! let scenario = casus_core::testing::duel();
//! let summary = run::run(&scenario, &RunConfig { seed: 1, trials: 1000, threads: Some(1), ..RunConfig::default() });
//! assert_eq!(summary.trials, 1000);
//! ```
#![warn(missing_docs)]

pub mod compare;
pub mod estimate;
pub mod part;
pub mod records;
pub mod run;
pub mod sensitivity;
pub mod stats;
pub mod summary;

pub use run::RunConfig;
