//! Seeding and parallel trials.

use std::ops::Range;

use casus_core::model::Scenario;
use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use rayon::prelude::*;

use crate::summary::Summary;

/// The largest number of trials in one run: trial indices key the random
/// streams in 32 bits.
pub const MAX_TRIALS: u64 = u32::MAX as u64;

/// Trials per unit of parallel work.
pub const BATCH: u64 = 4096;

/// How to run a scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunConfig {
    /// Master seed.
    pub seed: u64,
    /// Number of trials (at most [`MAX_TRIALS`]).
    pub trials: u64,
    /// Worker threads; `None` = all cores.
    pub threads: Option<usize>,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            seed: 0,
            trials: 10_000,
            threads: None,
        }
    }
}

/// Runs trials `0..cfg.trials` and returns their summary.
///
/// The result is bit-identical for any `threads`.
pub fn run(scenario: &Scenario, cfg: &RunConfig) -> Summary {
    run_range(
        scenario,
        cfg.seed,
        0..cfg.trials.min(MAX_TRIALS),
        cfg.threads,
        &|_| (),
    )
}

/// Runs the trials with indices in `trials`, calling `progress(n)` as each
/// batch of `n` trials finishes (from worker threads).
///
/// Any split of a range into sub-ranges, run separately and merged, gives
/// the same summary as the whole range: this is what shards and
/// `--precision` rely on.
pub fn run_range(
    scenario: &Scenario,
    seed: u64,
    trials: Range<u64>,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Summary {
    let trials = trials.start.min(MAX_TRIALS)..trials.end.min(MAX_TRIALS);
    let batches = (trials.end.saturating_sub(trials.start)).div_ceil(BATCH);
    let work = || {
        let threads = rayon::current_num_threads() as u64;
        // A few pieces per thread balance the load; each piece clones the
        // scenario once and then plays its trials without allocating.
        let min_len = (batches / (threads * 4)).max(1) as usize;
        (0..batches as usize)
            .into_par_iter()
            .with_min_len(min_len)
            .fold(
                || (Trial::new(scenario), Summary::for_scenario(scenario)),
                |(mut trial, mut summary), b| {
                    let lo = trials.start + b as u64 * BATCH;
                    let hi = (lo + BATCH).min(trials.end);
                    for k in lo..hi {
                        summary.add(trial.play(TrialRng::new(seed, k as u32), &mut ()));
                    }
                    progress(hi - lo);
                    (trial, summary)
                },
            )
            .map(|(_, s)| s)
            .reduce(
                || Summary::for_scenario(scenario),
                |mut a, b| {
                    a.merge(&b);
                    a
                },
            )
    };
    match threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_count_and_split_do_not_change_a_bit() {
        let s = casus_core::testing::duel();
        let one = run_range(&s, 7, 0..20_000, Some(1), &|_| ());
        let two = run_range(&s, 7, 0..20_000, Some(2), &|_| ());
        let three = run_range(&s, 7, 0..20_000, Some(3), &|_| ());
        assert_eq!(one, two);
        assert_eq!(one, three);
        let mut parts = run_range(&s, 7, 0..7_000, Some(2), &|_| ());
        parts.merge(&run_range(&s, 7, 7_000..20_000, Some(1), &|_| ()));
        assert_eq!(one, parts);
    }

    #[test]
    fn progress_counts_every_trial() {
        let s = casus_core::testing::duel();
        let done = std::sync::atomic::AtomicU64::new(0);
        run_range(&s, 1, 0..10_000, Some(2), &|n| {
            done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(done.into_inner(), 10_000);
    }
}
