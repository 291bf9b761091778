//! Benchmarks: one trial of the bundled scenario, a whole run, the parser,
//! and the random-number floor a trial is measured against.
//!
//! `cargo bench` runs them; medians and ratios go into docs/performance.md.

use casus_core::rng::{Purpose, StreamKey, TrialRng};
use casus_core::trial::Trial;
use casus_runner::run::run_range;
use casus_runner::summary::Summary;

fn main() {
    divan::main();
}

const SMDA: &str = include_str!("../scenarios/smda-india-pakistan.toml");

fn smda(variant: &str) -> casus_core::model::Scenario {
    let doc = casus_scenario::parse(SMDA).expect("bundled scenario is valid");
    doc.variant(variant).expect("variant").scenario.clone()
}

/// One trial of each variant of the bundled scenario (trial indices cycle,
/// so deterred and war trials are mixed as in a run).
#[divan::bench(args = ["base", "trilateral", "no-pact"])]
fn one_trial(bencher: divan::Bencher, variant: &str) {
    let s = smda(variant);
    let mut trial = Trial::new(&s);
    let mut k = 0u32;
    bencher.bench_local(|| {
        k = k.wrapping_add(1);
        divan::black_box(trial.play(TrialRng::new(1, k), &mut ()).duration)
    });
}

/// One trial plus folding it into the summary.
#[divan::bench]
fn one_trial_accumulated(bencher: divan::Bencher) {
    let s = smda("base");
    let mut trial = Trial::new(&s);
    let mut summary = Summary::for_scenario(&s);
    let mut k = 0u32;
    bencher.bench_local(|| {
        k = k.wrapping_add(1);
        summary.add(trial.play(TrialRng::new(1, k), &mut ()));
    });
}

/// The floor: one Philox block (two uniforms), the cost of one random decision.
#[divan::bench]
fn one_random_decision(bencher: divan::Bencher) {
    let rng = TrialRng::new(1, 7);
    let mut step = 0u32;
    bencher.bench_local(|| {
        step = (step + 1) & 0x3fff;
        divan::black_box(rng.uniform(StreamKey::new(Purpose::Escalation).at(step)))
    });
}

/// A whole run of 100,000 trials on one thread and on all.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn run_100k(threads: usize) -> Summary {
    let s = smda("base");
    run_range(&s, 1, 0..100_000, Some(threads), &|_| ())
}

/// Parsing and validating the bundled file (all its variants).
#[divan::bench]
fn parse_and_validate() -> usize {
    casus_scenario::parse(divan::black_box(SMDA))
        .map(|d| d.variants.len())
        .unwrap_or(0)
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
