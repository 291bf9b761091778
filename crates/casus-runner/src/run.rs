//! Seeding and parallel trials.

use std::ops::{ControlFlow, Range};

use casus_core::model::Scenario;
use casus_core::record::TrialOutcome;
use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use rayon::prelude::*;

use crate::summary::{Accumulator, Summary};

pub use casus_core::rng::MAX_TRIALS;

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
    let state = fold_batches(
        trials,
        threads,
        || (Trial::new(scenario), Accumulator::for_scenario(scenario)),
        |(trial, acc), batch| {
            for k in batch.clone() {
                acc.add(trial.play(TrialRng::new(seed, k as u32), &mut ()));
            }
            progress(batch.end - batch.start);
        },
        |mut a, b| {
            a.1.merge(&b.1);
            a
        },
    );
    state.1.finish()
}

/// Plays the trial indices `trials` in batches of [`BATCH`] across the pool.
///
/// Each piece of work makes its state once with `init` (scratch space and
/// accumulators: the scenario is cloned once per piece, never per trial),
/// `play`s its batches into it, and the pieces are combined with `merge`.
/// Accumulators are exact, so neither the split nor the order of merging can
/// change a bit of the result.
pub(crate) fn fold_batches<S: Send>(
    trials: Range<u64>,
    threads: Option<usize>,
    init: impl Fn() -> S + Sync + Send,
    play: impl Fn(&mut S, Range<u64>) + Sync + Send,
    merge: impl Fn(S, S) -> S + Sync + Send,
) -> S {
    let trials = trials.start.min(MAX_TRIALS)..trials.end.min(MAX_TRIALS);
    let batches = trials.end.saturating_sub(trials.start).div_ceil(BATCH);
    let work = || {
        // A few pieces per thread balance the load.
        let min_len = (batches / (rayon::current_num_threads() as u64 * 4)).max(1) as usize;
        (0..batches as usize)
            .into_par_iter()
            .with_min_len(min_len)
            .fold(&init, |mut state, b| {
                let lo = trials.start + b as u64 * BATCH;
                play(&mut state, lo..(lo + BATCH).min(trials.end));
                state
            })
            .reduce(&init, &merge)
    };
    in_pool(threads, work)
}

/// Runs `work` on a pool of `threads` workers, or on rayon's global pool.
///
/// ```
/// let sum: u32 = casus_runner::run::in_pool(Some(2), || (1..=4).sum());
/// assert_eq!(sum, 10);
/// ```
pub fn in_pool<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
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

/// Batches per worker thread in one window of [`run_windows`]: enough to
/// balance the load, few enough that a window takes well under a second.
pub const WINDOW_BATCHES_PER_THREAD: u64 = 4;

/// Writes the record of trial `k` into its batch's buffer (for
/// `--trials-out`); called from worker threads, in trial order within a batch.
pub type Recorder<'a> = &'a (dyn Fn(u64, &TrialOutcome, &mut Vec<u8>) + Sync);

/// How to run a [`run_windows`] run.
#[derive(Clone, Copy)]
pub struct Windowed<'a> {
    /// Master seed.
    pub seed: u64,
    /// Worker threads; `None` = all cores.
    pub threads: Option<usize>,
    /// Formats each trial's record, if the records are wanted.
    pub recorder: Option<Recorder<'a>>,
    /// Called with `n` as each batch of `n` trials finishes (from workers).
    pub progress: &'a (dyn Fn(u64) + Sync),
}

/// Where a [`run_windows`] run stands between two windows.
pub struct Window<'a> {
    /// The summary of every trial done so far, the starting one's included.
    pub summary: &'a Summary,
    /// Trials from the start of the range up to (not including) this index
    /// are done.
    pub reached: u64,
    /// What the recorder wrote for the window just run, one buffer per
    /// batch, in trial order (empty without a recorder).
    pub records: &'a [Vec<u8>],
}

/// Runs the trials `todo` in windows of a few batches per thread, adding
/// them to `start` (the summary of the trials before `todo.start`, for a
/// resumed run), and calls `after` on the calling thread after each window.
/// `after` may stop the run by returning `Break`. Returns the summary and
/// the index reached (`todo.end` unless stopped).
///
/// Between windows the summary is exactly that of a contiguous prefix of
/// the trials, which is what a checkpoint saves; and the records of each
/// window come in trial order, which is how `--trials-out` streams them
/// with memory bounded by one window whatever the number of trials. The
/// summary, and the records, are bit-identical for any thread count.
///
/// ```
/// use std::ops::ControlFlow;
/// use casus_runner::run::{run_range, run_windows, Windowed};
/// use casus_runner::summary::Summary;
/// let s = casus_core::testing::duel();
/// let cfg = Windowed { seed: 5, threads: Some(2), recorder: None, progress: &|_| () };
/// let mut windows = 0;
/// let (sum, reached) = run_windows(&s, &cfg, 0..50_000, Summary::for_scenario(&s), &mut |_| {
///     windows += 1;
///     ControlFlow::Continue(())
/// });
/// assert_eq!(reached, 50_000);
/// assert!(windows > 1);
/// assert_eq!(sum, run_range(&s, 5, 0..50_000, Some(1), &|_| ()));
/// ```
pub fn run_windows(
    scenario: &Scenario,
    cfg: &Windowed<'_>,
    todo: Range<u64>,
    start: Summary,
    after: &mut dyn FnMut(Window<'_>) -> ControlFlow<()>,
) -> (Summary, u64) {
    let todo = todo.start.min(MAX_TRIALS)..todo.end.min(MAX_TRIALS);
    let pool = cfg.threads.and_then(|n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .ok()
    });
    let install = |work: &(dyn Fn() -> (Summary, Vec<Vec<u8>>) + Sync)| match &pool {
        Some(p) => p.install(work),
        None => work(),
    };
    let threads =
        pool.as_ref()
            .map_or_else(rayon::current_num_threads, |p| p.current_num_threads()) as u64;
    let window = (threads * WINDOW_BATCHES_PER_THREAD).max(1) * BATCH;
    let seed = cfg.seed;
    let mut summary = start;
    let mut at = todo.start;
    while at < todo.end {
        let lo = at;
        let hi = (lo + window).min(todo.end);
        let batch = move |b: usize| {
            let a = lo + b as u64 * BATCH;
            a..(a + BATCH).min(hi)
        };
        let batches = (hi - lo).div_ceil(BATCH) as usize;
        let (part, records) = install(&|| match cfg.recorder {
            None => {
                let s = (0..batches)
                    .into_par_iter()
                    .fold(
                        || (Trial::new(scenario), Accumulator::for_scenario(scenario)),
                        |(mut trial, mut acc), b| {
                            let r = batch(b);
                            let n = r.end - r.start;
                            for k in r {
                                acc.add(trial.play(TrialRng::new(seed, k as u32), &mut ()));
                            }
                            (cfg.progress)(n);
                            (trial, acc)
                        },
                    )
                    .map(|(_, acc)| acc)
                    .reduce(
                        || Accumulator::for_scenario(scenario),
                        |mut a, b| {
                            a.merge(&b);
                            a
                        },
                    );
                (s.finish(), Vec::new())
            }
            Some(record) => {
                let per_batch: Vec<(Summary, Vec<u8>)> = (0..batches)
                    .into_par_iter()
                    .map_init(
                        || Trial::new(scenario),
                        |trial, b| {
                            let mut acc = Accumulator::for_scenario(scenario);
                            let mut buf = Vec::new();
                            let r = batch(b);
                            let n = r.end - r.start;
                            for k in r {
                                let rec = trial.play(TrialRng::new(seed, k as u32), &mut ());
                                acc.add(rec);
                                record(k, rec, &mut buf);
                            }
                            (cfg.progress)(n);
                            (acc.finish(), buf)
                        },
                    )
                    .collect();
                let mut s = Summary::for_scenario(scenario);
                let mut bufs = Vec::with_capacity(per_batch.len());
                for (x, buf) in per_batch {
                    s.merge(&x);
                    bufs.push(buf);
                }
                (s, bufs)
            }
        });
        summary.merge(&part);
        at = hi;
        let flow = after(Window {
            summary: &summary,
            reached: at,
            records: &records,
        });
        if flow.is_break() {
            break;
        }
    }
    (summary, at)
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

    /// Records as `--trials-out` writes them, and the summary, for a run
    /// stopped after `stop_after` windows and resumed.
    fn windowed(threads: usize, stop_after: Option<usize>) -> (Summary, Vec<u8>) {
        let s = casus_core::testing::duel();
        let record = |k: u64, r: &TrialOutcome, out: &mut Vec<u8>| {
            out.extend_from_slice(format!("{k} {:?} {}\n", r.outcome, r.duration).as_bytes());
        };
        let cfg = Windowed {
            seed: 11,
            threads: Some(threads),
            recorder: Some(&record),
            progress: &|_| (),
        };
        let mut out = Vec::new();
        let mut windows = 0;
        let mut sink = |w: Window<'_>| {
            for b in w.records {
                out.extend_from_slice(b);
            }
            windows += 1;
            if Some(windows) == stop_after {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let (sum, reached) = run_windows(&s, &cfg, 3..90_003, Summary::for_scenario(&s), &mut sink);
        let sum = if reached < 90_003 {
            assert!(stop_after.is_some());
            let mut rest = |w: Window<'_>| {
                for b in w.records {
                    out.extend_from_slice(b);
                }
                ControlFlow::Continue(())
            };
            run_windows(&s, &cfg, reached..90_003, sum, &mut rest).0
        } else {
            sum
        };
        (sum, out)
    }

    #[test]
    fn windows_give_the_same_summary_and_records_for_any_threads_and_stops() {
        let s = casus_core::testing::duel();
        let whole = run_range(&s, 11, 3..90_003, Some(2), &|_| ());
        let (one, rec_one) = windowed(1, None);
        assert_eq!(one, whole);
        assert_eq!(rec_one.iter().filter(|&&b| b == b'\n').count(), 90_000);
        assert!(rec_one.starts_with(b"3 "));
        for (threads, stop) in [(2, None), (3, None), (2, Some(1)), (1, Some(2))] {
            let (sum, rec) = windowed(threads, stop);
            assert_eq!(sum, whole, "{threads} threads, stop {stop:?}");
            assert!(rec == rec_one, "{threads} threads, stop {stop:?}");
        }
    }
}
