//! Benchmarks: trials of every bundled scenario, a whole run, the parser,
//! and the random-number floor a trial is measured against.
//!
//! `cargo bench` runs them; medians and ratios go into docs/performance.md.

use casus_core::model::Scenario;
use casus_core::record::TrialOutcome;
use casus_core::rng::{Purpose, StreamKey, TrialRng};
use casus_core::trial::Trial;
use casus_runner::run::run_range;
use casus_runner::summary::{Accumulator, Summary};

mod common;

use common::{BUNDLED, bundled, smda};

fn main() {
    divan::main();
}

/// Trials per sample in the per-trial benches: enough that a sample mixes
/// deterred trials and wars as a run does, and that the timer's precision
/// does not matter.
const TRIALS: u32 = 1_000;

/// Times `each` on `TRIALS` consecutive indices per sample, fresh ones every
/// sample, counted as `TRIALS` items.
fn bench_indices(bencher: divan::Bencher, mut each: impl FnMut(u32)) {
    let mut first = 0u32;
    bencher
        .counter(divan::counter::ItemsCount::new(TRIALS))
        .bench_local(|| {
            first = first.wrapping_add(TRIALS);
            for k in first..first + TRIALS {
                each(k);
            }
        });
}

/// Times `TRIALS` consecutive trials of `s` per sample, each handed to `then`.
fn bench_trials(bencher: divan::Bencher, s: &Scenario, mut then: impl FnMut(&TrialOutcome)) {
    let mut trial = Trial::new(s);
    bench_indices(bencher, |k| then(trial.play(TrialRng::new(1, k), &mut ())));
}

/// Trials of the base variant of every bundled scenario, and of two more
/// SMDA pact configurations, as `FILE:VARIANT`; 1,000 consecutive trial
/// indices per sample (divan reports the time of the 1,000 and the rate).
#[divan::bench(args = [
    "azerbaijan-armenia:base",
    "black-sea:base",
    "gulf-qatar:base",
    "pakistan-supply:base",
    "smda-india-pakistan:base",
    "smda-india-pakistan:trilateral",
    "smda-india-pakistan:no-pact",
    "taiwan-strait:base",
])]
fn trials(bencher: divan::Bencher, file_variant: &str) {
    let (file, variant) = file_variant.split_once(':').expect("FILE:VARIANT");
    bench_trials(bencher, &bundled(file, variant), |rec| {
        divan::black_box(rec.duration);
    });
}

/// The same trials, each folded into the summary as a run does.
#[divan::bench]
fn trials_accumulated(bencher: divan::Bencher) {
    let s = smda("base");
    let mut acc = Accumulator::for_scenario(&s);
    bench_trials(bencher, &s, |rec| acc.add(rec));
}

/// The floor: Philox blocks at distinct addresses, as a trial reads them
/// (1,000 per sample). A base trial of the SMDA scenario reads 21.74
/// blocks on average (the `blocks` example counts them), so its floor is
/// 21.74 times the time of one block; `cargo bench --bench floor` measures
/// that ratio in alternating pairs.
#[divan::bench]
fn random_blocks(bencher: divan::Bencher) {
    let rng = TrialRng::new(1, 7);
    bench_indices(bencher, |e| {
        divan::black_box(rng.uniform(StreamKey::new(Purpose::Escalation).entity(e)));
    });
}

/// A whole run of 100,000 trials on one thread and on all.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn run_100k(threads: usize) -> Summary {
    let s = smda("base");
    run_range(&s, 1, 0..100_000, Some(threads), &|_| ())
}

/// Parsing and validating each bundled file (all its variants).
#[divan::bench(args = BUNDLED.map(|(stem, _)| stem))]
fn parse_and_validate(file: &str) -> usize {
    casus_scenario::parse(divan::black_box(common::text(file)))
        .map(|d| d.variants.len())
        .expect("bundled scenario is valid")
}

/// Merging two summaries.
#[divan::bench]
fn merge_summaries(bencher: divan::Bencher) {
    let s = smda("base");
    let a = run_range(&s, 1, 0..2_000, Some(1), &|_| ());
    let b = run_range(&s, 1, 2_000..4_000, Some(1), &|_| ());
    bencher.bench_local(|| {
        let mut m = a.clone();
        m.merge(&b);
        m
    });
}
