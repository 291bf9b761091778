//! Running the model on every war, and fitting its constants.
//!
//! Each war is played `trials` times with `assume_attack = true`; a case's
//! forecast is the share of trials in which its partner fought on side B.
//! Wars run in parallel and every trial is seeded by (master seed, war, trial
//! index), so forecasts are bit-identical whatever the thread count.

use casus_core::model::PactKind;
use casus_core::rng::entity_key;
use casus_runner::run::run_range;
use rayon::prelude::*;
use serde::Serialize;

use crate::build::{Built, ERA_SPLIT, Params};
use crate::score::{SplitMix64, brier};

/// A war ready to play: its scenario and its cases.
#[derive(Clone, Debug)]
pub struct War {
    /// The group key (stable across runs; it seeds the war's trials).
    pub key: String,
    /// The scenario, kept in step with the current [`Params`].
    pub built: Built,
    /// `(case index, state index of its partner)`.
    pub cases: Vec<(usize, usize)>,
    /// The master seed of this war's trials.
    pub seed: u64,
}

/// The seed of a war: the master seed mixed with a hash of its key, so that
/// wars do not share random streams.
///
/// ```
/// let a = casus_backtest::eval::war_seed(1, "mid-3957/690");
/// assert_eq!(a, casus_backtest::eval::war_seed(1, "mid-3957/690"));
/// assert_ne!(a, casus_backtest::eval::war_seed(2, "mid-3957/690"));
/// ```
pub fn war_seed(seed: u64, key: &str) -> u64 {
    SplitMix64::new(seed ^ (u64::from(entity_key(key)) << 32)).next_u64()
}

/// Plays every war in `wars` (`trials` each) and writes each case's forecast
/// into `out` (indexed by case).
pub fn forecast(wars: &[War], trials: u64, out: &mut [Option<f64>]) {
    let results: Vec<Vec<(usize, f64)>> = wars
        .par_iter()
        .map(|w| {
            let summary = run_range(&w.built.scenario, w.seed, 0..trials, None, &|_| ());
            let n = summary.trials.max(1) as f64;
            w.cases
                .iter()
                .map(|&(case, state)| (case, summary.states[state].sides[1] as f64 / n))
                .collect()
        })
        .collect();
    for (case, p) in results.into_iter().flatten() {
        out[case] = Some(p);
    }
}

/// One constant `--fit` searches, and the values it tries.
#[derive(Clone, Copy, Debug)]
pub struct Coordinate {
    /// Its name in reports, e.g. `reliability.defense.before_1945`.
    pub name: &'static str,
    /// The values tried.
    pub grid: &'static [f64],
    /// Reads it.
    pub get: fn(&Params) -> f64,
    /// Writes it.
    pub set: fn(&mut Params, f64),
    /// Whether it can change the forecasts of a war (wars it cannot change are
    /// not played again).
    pub affects: fn(&Built) -> bool,
}

const PROBABILITIES: &[f64] = &[
    0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8,
    0.85, 0.9, 0.95, 1.0,
];

fn kind_ix(k: PactKind) -> usize {
    PactKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// The constants `--fit` estimates, in the order it visits them: the
/// reliability of defense pacts in each era, of offense, neutrality and
/// nonaggression pacts (one value for both eras: too few cases turn on them
/// to split), the cross-pressure weight, the reach, and the consultation and
/// opportunism hazards.
pub const COORDINATES: &[Coordinate] = &[
    Coordinate {
        name: "reliability.defense.before_1945",
        grid: PROBABILITIES,
        get: |p| p.reliability[0][0],
        set: |p, v| p.reliability[0][0] = v,
        affects: |b| b.year < ERA_SPLIT && b.has_kind(PactKind::Defense),
    },
    Coordinate {
        name: "reliability.defense.from_1945",
        grid: PROBABILITIES,
        get: |p| p.reliability[0][1],
        set: |p, v| p.reliability[0][1] = v,
        affects: |b| b.year >= ERA_SPLIT && b.has_kind(PactKind::Defense),
    },
    Coordinate {
        name: "reliability.offense",
        grid: PROBABILITIES,
        get: |p| p.reliability[kind_ix(PactKind::Offense)][0],
        set: |p, v| p.reliability[kind_ix(PactKind::Offense)] = [v; 2],
        affects: |b| b.has_kind(PactKind::Offense),
    },
    Coordinate {
        name: "reliability.neutrality",
        grid: PROBABILITIES,
        get: |p| p.reliability[kind_ix(PactKind::Neutrality)][0],
        set: |p, v| p.reliability[kind_ix(PactKind::Neutrality)] = [v; 2],
        affects: |b| b.has_kind(PactKind::Neutrality),
    },
    Coordinate {
        name: "reliability.nonaggression",
        grid: PROBABILITIES,
        get: |p| p.reliability[kind_ix(PactKind::Nonaggression)][0],
        set: |p, v| p.reliability[kind_ix(PactKind::Nonaggression)] = [v; 2],
        affects: |b| b.has_kind(PactKind::Nonaggression),
    },
    Coordinate {
        name: "affinity_weight",
        grid: &[0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0],
        get: |p| p.affinity_weight,
        set: |p, v| p.affinity_weight = v,
        affects: |_| true,
    },
    Coordinate {
        name: "reach_km",
        grid: &[125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0],
        get: |p| p.reach_km,
        set: |p, v| p.reach_km = v,
        affects: |_| true,
    },
    Coordinate {
        name: "consult_bonus",
        grid: &[0.0, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1],
        get: |p| p.consult_bonus,
        set: |p, v| p.consult_bonus = v,
        affects: |b| b.has_kind(PactKind::Consultation),
    },
    Coordinate {
        name: "opportunism",
        grid: &[0.0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32],
        get: |p| p.opportunism,
        set: |p, v| p.opportunism = v,
        affects: |_| true,
    },
];

/// One accepted move of the search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    /// Sweep (from 1).
    pub sweep: usize,
    /// The constant.
    pub name: &'static str,
    /// Its value before.
    pub from: f64,
    /// And after.
    pub to: f64,
    /// The training Brier score after the move.
    pub brier: f64,
}

/// What the search found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// The fitted constants.
    pub params: Params,
    /// The training Brier score at the start (default constants).
    pub brier_start: f64,
    /// At the end.
    pub brier_end: f64,
    /// Sweeps made.
    pub sweeps: usize,
    /// Forecast runs (one war played `trials` times is one run).
    pub runs: usize,
    /// The accepted moves, in order.
    pub moves: Vec<Move>,
}

/// Sweeps at most this many times over [`COORDINATES`].
pub const MAX_SWEEPS: usize = 4;

/// Fits the constants by coordinate descent on the training Brier score.
///
/// `wars` are the training wars and `observed[case]` their outcomes (cases
/// without one are ignored). Each coordinate in turn is set to the value of
/// its grid that scores best, the others held; sweeps repeat until one changes
/// nothing (at most [`MAX_SWEEPS`]). Every evaluation replays the same trials
/// (common random numbers), so the objective is a deterministic function of
/// the constants and the search is reproducible; a move must improve the
/// score by more than 1e-12 (ties keep the current value).
pub fn fit(wars: &mut [War], observed: &[Option<bool>], start: &Params, trials: u64) -> Fit {
    let mut params = start.clone();
    let n_cases = observed.len();
    let mut current = vec![None; n_cases];
    forecast(wars, trials, &mut current);
    let mut runs = wars.len();
    let score = |f: &[Option<f64>]| -> f64 {
        let (p, y): (Vec<f64>, Vec<bool>) = f
            .iter()
            .zip(observed)
            .filter_map(|(p, y)| Some(((*p)?, (*y)?)))
            .unzip();
        brier(&p, &y).unwrap_or(0.0)
    };
    let brier_start = score(&current);
    let mut best = brier_start;
    let mut moves = Vec::new();
    let mut sweeps = 0;
    for sweep in 1..=MAX_SWEEPS {
        sweeps = sweep;
        let mut changed = false;
        for c in COORDINATES {
            let affected: Vec<usize> = (0..wars.len())
                .filter(|&w| (c.affects)(&wars[w].built))
                .collect();
            if affected.is_empty() {
                continue;
            }
            let was = (c.get)(&params);
            let mut choice = (was, best, None::<Vec<Option<f64>>>);
            for &v in c.grid {
                if v == was {
                    continue;
                }
                let mut trial = params.clone();
                (c.set)(&mut trial, v);
                let mut sub: Vec<War> = affected.iter().map(|&w| wars[w].clone()).collect();
                for w in &mut sub {
                    w.built.apply(&trial);
                }
                let mut f = current.clone();
                forecast(&sub, trials, &mut f);
                runs += sub.len();
                let s = score(&f);
                if s < choice.1 - 1e-12 {
                    choice = (v, s, Some(f));
                }
            }
            if let (v, s, Some(f)) = choice {
                (c.set)(&mut params, v);
                for &w in &affected {
                    wars[w].built.apply(&params);
                }
                current = f;
                best = s;
                changed = true;
                moves.push(Move {
                    sweep,
                    name: c.name,
                    from: was,
                    to: v,
                    brier: s,
                });
            }
        }
        if !changed {
            break;
        }
    }
    Fit {
        params,
        brier_start,
        brier_end: best,
        sweeps,
        runs,
        moves,
    }
}
