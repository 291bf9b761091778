//! A trial's cost as a multiple of its random-number floor, measured in
//! alternating pairs so that the host's drift cancels out of the ratio.
//!
//!     cargo bench --bench floor
//!
//! Each round times 1,000 consecutive base trials of the bundled scenario
//! and, next to it, the Philox blocks those trials read: 21.74 a trial on
//! average, computed at distinct addresses as a trial computes them. The two
//! go first in turn. It prints the median ratio with its quartiles, and the
//! medians of each side. On a noisy, shared machine, two timings taken
//! seconds apart can differ by half; two taken side by side, far less.

mod common;

use std::hint::black_box;
use std::time::Instant;

use casus_core::rng::{Purpose, StreamKey, TrialRng};
use casus_core::trial::Trial;

/// Blocks a base trial of the bundled scenario reads, on average over
/// 100,000 trials: `cargo run --release -p casus-cli --example blocks
/// --features count-blocks -- scenarios/smda-india-pakistan.toml`.
const BLOCKS_PER_TRIAL: f64 = 21.74;
const TRIALS: u32 = 1_000;
const ROUNDS: u32 = 300;

fn main() {
    let s = common::smda("base");
    let mut trial = Trial::new(&s);
    let rng = TrialRng::new(1, 7);
    let blocks = (BLOCKS_PER_TRIAL * f64::from(TRIALS)).round() as u32;
    let (mut next_trial, mut next_block) = (0u32, 0u32);
    let mut time_trials = || {
        let start = Instant::now();
        for k in next_trial..next_trial + TRIALS {
            black_box(trial.play(TrialRng::new(1, k), &mut ()).duration);
        }
        next_trial = next_trial.wrapping_add(TRIALS);
        start.elapsed().as_secs_f64()
    };
    let mut time_blocks = || {
        let start = Instant::now();
        for e in next_block..next_block + blocks {
            black_box(rng.uniform(StreamKey::new(Purpose::Escalation).entity(e)));
        }
        next_block = next_block.wrapping_add(blocks);
        start.elapsed().as_secs_f64()
    };
    // Warm up, then measure.
    for _ in 0..20 {
        time_trials();
        time_blocks();
    }
    let (mut ratios, mut per_trial, mut per_block) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (t, b) = if round % 2 == 0 {
            let t = time_trials();
            (t, time_blocks())
        } else {
            let b = time_blocks();
            (time_trials(), b)
        };
        ratios.push(t / b);
        per_trial.push(t / f64::from(TRIALS));
        per_block.push(b / f64::from(blocks));
    }
    let [t_lo, t_mid, t_hi] = quartiles(&mut per_trial).map(|x| x * 1e9);
    let [b_lo, b_mid, b_hi] = quartiles(&mut per_block).map(|x| x * 1e9);
    let [r_lo, r_mid, r_hi] = quartiles(&mut ratios);
    println!(
        "floor: {ROUNDS} alternating rounds of {TRIALS} base trials and their {blocks} blocks"
    );
    println!("  host            {}", host());
    println!("  trial / floor   median {r_mid:.2}×  (quartiles {r_lo:.2}–{r_hi:.2})");
    println!("  a trial         median {t_mid:.0} ns  (quartiles {t_lo:.0}–{t_hi:.0})");
    println!(
        "  a block         median {b_mid:.2} ns  (quartiles {b_lo:.2}–{b_hi:.2}); the floor, {BLOCKS_PER_TRIAL} of them: {:.0} ns",
        b_mid * BLOCKS_PER_TRIAL
    );
}

/// The processor as Linux names it: the same build ran 1.5 to 1.8 times as
/// fast on one host as on another (docs/performance.md), so a ratio travels
/// but a time needs its host.
fn host() -> String {
    let Ok(info) = std::fs::read_to_string("/proc/cpuinfo") else {
        return "unknown (no /proc/cpuinfo)".into();
    };
    let field = |key: &str| {
        info.lines()
            .find_map(|line| {
                let (k, v) = line.split_once(':')?;
                (k.trim() == key).then(|| v.trim().to_owned())
            })
            .unwrap_or_else(|| "?".into())
    };
    let cpus = info.lines().filter(|l| l.starts_with("processor")).count();
    format!(
        "{}, family {} model {}, {} MHz, {cpus} logical CPUs",
        field("model name"),
        field("cpu family"),
        field("model"),
        field("cpu MHz")
    )
}

/// The lower quartile, median and upper quartile of `v` (nearest rank).
fn quartiles(v: &mut [f64]) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    [0.25, 0.5, 0.75].map(|p| v[((v.len() - 1) as f64 * p).round() as usize])
}
