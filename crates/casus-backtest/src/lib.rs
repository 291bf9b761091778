//! casus scored against history.
//!
//! A back-test takes real alliance and war data (ATOP, COW NMC, capitals, and
//! MID participants or a list of cases), builds one casus scenario per war
//! from the data of the year it began, plays it with `assume_attack = true`,
//! and forecasts, for each of the target's alliance partners, the
//! probability that it fights on the target's side. The forecasts are scored
//! against what the partners did with proper scoring rules (Brier, log score),
//! a ranking measure (AUC), a calibration table, and the Brier skill score
//! against the base rate with bootstrap intervals. `--fit` estimates the
//! constants that matter most on the wars before a cut-off year and scores
//! the wars from it on, so that the skill reported is out of sample.
//!
//! * [`csv`], [`data`]: the datasets;
//! * [`cases`]: the cases, from MID or a CSV;
//! * [`build`]: a scenario from a year's data;
//! * [`eval`]: forecasts and the fit;
//! * [`score`]: the scores and the bootstrap;
//! * [`report`]: the report and its text, JSON and CSV forms;
//! * [`html`]: the report as a self-contained page with a calibration plot.
//!
//! The datasets themselves are never part of the repository: every function
//! takes paths or parsed tables.
#![warn(missing_docs)]

pub mod build;
pub mod cases;
pub mod csv;
pub mod data;
pub mod eval;
pub mod html;
pub mod report;
pub mod score;

use std::path::PathBuf;

use crate::build::{Params, groups};
use crate::cases::CaseSet;
use crate::csv::DataError;
use crate::data::{Atop, Capitals, Datasets, Nmc, Rivalries};
use crate::eval::{War, fit, forecast, war_seed};
use crate::report::{Evaluation, Prediction, Report, Skipped, Split};

/// Where the cases come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseSource {
    /// MID participants (COW `MIDB` or GML `gml_part`).
    Mid(PathBuf),
    /// A CSV of cases.
    Cases(PathBuf),
}

/// The input files of a back-test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// ATOP directed dyad-years.
    pub atop: PathBuf,
    /// COW NMC.
    pub nmc: PathBuf,
    /// Capitals.
    pub capitals: PathBuf,
    /// The cases.
    pub cases: CaseSource,
    /// Strategic rivalries, optional.
    pub rivalries: Option<PathBuf>,
}

/// How to run a back-test.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Trials per war.
    pub trials: u64,
    /// Master seed (of the trials and of the bootstrap).
    pub seed: u64,
    /// Worker threads; `None` = all cores. Results do not depend on it.
    pub threads: Option<usize>,
    /// Cases before this year train, the others test.
    pub cutoff: Option<i32>,
    /// Fit the constants on the training cases.
    pub fit: bool,
    /// Bootstrap resamples.
    pub bootstrap: usize,
    /// Interval coverage.
    pub level: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            trials: 1000,
            seed: 0,
            threads: None,
            cutoff: None,
            fit: false,
            bootstrap: 2000,
            level: 0.95,
        }
    }
}

/// The cut-off `--fit` uses when none is given: wars before 1980 train (108
/// of the 179 MID cases, both eras of reliability represented), later wars
/// test. Chosen from the case counts, before any score was seen.
pub const DEFAULT_CUTOFF: i32 = 1980;

/// Reads the datasets and the cases.
pub fn load(inputs: &Inputs) -> Result<(Datasets, CaseSet), DataError> {
    let atop = Atop::read(&inputs.atop)?;
    let nmc = Nmc::read(&inputs.nmc)?;
    let capitals = Capitals::read(&inputs.capitals)?;
    let rivalries = match &inputs.rivalries {
        Some(p) => Rivalries::read(p)?,
        None => Rivalries::default(),
    };
    let set = match &inputs.cases {
        CaseSource::Mid(p) => cases::from_mid(p, &atop)?,
        CaseSource::Cases(p) => cases::from_csv(p)?,
    };
    Ok((
        Datasets {
            atop,
            nmc,
            capitals,
            rivalries,
        },
        set,
    ))
}

/// Runs a back-test: builds every war, forecasts every case (with the
/// default constants, and with fitted ones under `--fit`), and scores them.
pub fn run(data: &Datasets, set: CaseSet, cfg: &Config) -> Report {
    casus_runner::run::in_pool(cfg.threads, || run_inner(data, set, cfg))
}

fn run_inner(data: &Datasets, set: CaseSet, cfg: &Config) -> Report {
    let cases = set.cases;
    let defaults = Params::default();
    let cutoff = cfg.cutoff.or(cfg.fit.then_some(DEFAULT_CUTOFF));
    let split_of = |year: i32| match cutoff {
        None => Split::All,
        Some(c) if year < c => Split::Train,
        Some(_) => Split::Test,
    };
    let mut skipped = Vec::new();
    let mut wars = Vec::new();
    for g in groups(&cases) {
        match build::build(data, &g, &defaults) {
            Ok(built) => {
                let idx = g
                    .cases
                    .iter()
                    .filter_map(|&(c, partner)| built.state(partner).map(|s| (c, s)))
                    .collect();
                wars.push(War {
                    seed: war_seed(cfg.seed, &g.key),
                    key: g.key,
                    built,
                    cases: idx,
                });
            }
            Err(e) => {
                for &(c, _) in &g.cases {
                    skipped.push(Skipped {
                        case_id: cases[c].id.clone(),
                        reason: e.0.clone(),
                    });
                }
            }
        }
    }
    let mut base = vec![None; cases.len()];
    forecast(&wars, cfg.trials, &mut base);

    let observed: Vec<Option<bool>> = cases.iter().map(|c| c.observed).collect();
    let splits: Vec<Split> = cases.iter().map(|c| split_of(c.year)).collect();
    let mut fitted_forecast = None;
    let mut fit_result = None;
    if cfg.fit {
        let train_obs: Vec<Option<bool>> = observed
            .iter()
            .zip(&splits)
            .map(|(o, s)| if *s == Split::Train { *o } else { None })
            .collect();
        let mut train: Vec<War> = wars
            .iter()
            .filter(|w| split_of(w.built.year) == Split::Train)
            .cloned()
            .collect();
        let f = fit(&mut train, &train_obs, &defaults, cfg.trials);
        for w in &mut wars {
            w.built.apply(&f.params);
        }
        let mut out = vec![None; cases.len()];
        forecast(&wars, cfg.trials, &mut out);
        fitted_forecast = Some(out);
        fit_result = Some(f);
    }

    let predictions: Vec<Prediction> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| Prediction {
            case_id: c.id.clone(),
            group: c.group.clone(),
            year: c.year,
            target: c.target,
            target_name: name_of(data, c.target, c.year),
            attackers: c.attackers.clone(),
            partner: c.partner,
            partner_name: name_of(data, c.partner, c.year),
            observed: c.observed,
            split: splits[i],
            forecast: base[i],
            forecast_fitted: fitted_forecast.as_ref().and_then(|f| f[i]),
        })
        .collect();

    let mut evaluations = Vec::new();
    let train_rate = {
        let y: Vec<bool> = predictions
            .iter()
            .filter(|p| p.split == Split::Train && p.forecast.is_some())
            .filter_map(|p| p.observed)
            .collect();
        score::base_rate(&y)
    };
    let sets: Vec<Split> = match cutoff {
        None => vec![Split::All],
        Some(_) => vec![Split::Train, Split::Test],
    };
    let mut salt = 0u64;
    for &fitted in &[false, true] {
        if fitted && !cfg.fit {
            continue;
        }
        for &s in &sets {
            salt += 1;
            let rows: Vec<&Prediction> = predictions.iter().filter(|p| p.split == s).collect();
            evaluations.push(Evaluation::new(
                s,
                fitted,
                &rows,
                (s == Split::Test).then_some(train_rate).flatten(),
                cfg,
                cfg.seed.wrapping_add(salt),
            ));
        }
    }
    Report {
        seed: cfg.seed,
        trials: cfg.trials,
        cutoff,
        bootstrap: cfg.bootstrap,
        level: cfg.level,
        wars: set.wars,
        wars_without_cases: set.without_cases,
        wars_played: wars.len(),
        cases: cases.len(),
        skipped,
        defaults,
        fit: fit_result,
        evaluations,
        predictions,
        inputs: None,
    }
}

fn name_of(data: &Datasets, c: data::Ccode, year: i32) -> String {
    data.capitals
        .at(c, year)
        .map_or_else(|| format!("state {c}"), |k| k.state.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::Case;
    use crate::data::{Capital, Obligations};

    /// Four small wars, two before 1945 and two after, each with three
    /// partners of the target.
    fn world() -> (Datasets, CaseSet) {
        let mut d = Datasets::default();
        let mut cases = Vec::new();
        for (w, year) in [1900, 1920, 1960, 1990].into_iter().enumerate() {
            let base = 10 * (w as u32 + 1);
            let (attacker, target) = (base, base + 1);
            for k in 0..6u32 {
                let c = base + k;
                d.nmc
                    .series
                    .insert(c, vec![(year, Some(0.01 * f64::from(k + 1)))]);
                d.nmc.system.entry(year).or_default().insert(c);
                d.capitals.by_state.insert(
                    c,
                    vec![Capital {
                        state: format!("S{c}"),
                        city: "x".into(),
                        from: 1800,
                        to: 2020,
                        lat: f64::from(k) * 3.0,
                        lon: f64::from(w as u32) * 20.0,
                    }],
                );
            }
            for p in [base + 2, base + 3, base + 4] {
                d.atop
                    .add(year, p, target, Obligations(Obligations::DEFENSE));
                d.atop.add(
                    year,
                    target,
                    p,
                    Obligations(Obligations::DEFENSE | Obligations::CONSUL),
                );
                cases.push(Case {
                    id: format!("{w}-{p}"),
                    group: format!("w{w}"),
                    year,
                    target,
                    attackers: vec![attacker],
                    co_targets: vec![],
                    partner: p,
                    observed: Some(p == base + 2),
                });
            }
            // the last partner also promised the attacker not to attack it
            d.atop
                .add(year, base + 4, attacker, Obligations(Obligations::NONAGG));
        }
        (
            d,
            CaseSet {
                cases,
                wars: 4,
                without_cases: vec![],
            },
        )
    }

    #[test]
    fn a_run_forecasts_and_scores_every_case() {
        let (d, set) = world();
        let cfg = Config {
            trials: 200,
            bootstrap: 200,
            ..Config::default()
        };
        let r = run(&d, set, &cfg);
        assert_eq!(r.cases, 12);
        assert_eq!(r.wars_played, 4);
        assert!(r.skipped.is_empty());
        assert_eq!(r.evaluations.len(), 1);
        let s = &r.evaluations[0].scores;
        assert_eq!(s.n, 12);
        assert_eq!(s.positives, 4);
        assert_eq!(s.calibration.iter().map(|b| b.n).sum::<usize>(), 12);
        assert!(
            r.predictions
                .iter()
                .all(|p| p.forecast.is_some_and(|f| (0.0..=1.0).contains(&f)))
        );
        assert!(s.brier.is_some_and(|b| (0.0..=1.0).contains(&b)));
        assert!(s.auc.is_some_and(|a| (0.0..=1.0).contains(&a)));
        assert_eq!(r.to_csv().lines().count(), 13);
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["predictions"].as_array().unwrap().len(), 12);
        assert!(r.to_text().contains("calibration (all, default)"));
    }

    #[test]
    fn results_do_not_depend_on_threads_and_follow_the_seed() {
        let (d, set) = world();
        let cfg = |threads, seed| Config {
            trials: 300,
            bootstrap: 100,
            threads: Some(threads),
            seed,
            cutoff: Some(1945),
            ..Config::default()
        };
        let one = run(&d, set.clone(), &cfg(1, 5));
        let two = run(&d, set.clone(), &cfg(2, 5));
        assert_eq!(one, two);
        let other = run(&d, set, &cfg(2, 6));
        assert_ne!(one.predictions, other.predictions);
        assert_eq!(one.evaluations.len(), 2);
        assert_eq!(one.evaluations[0].split, report::Split::Train);
        assert_eq!(one.evaluations[1].scores.n, 6);
    }

    #[test]
    fn the_fit_improves_the_training_score_and_scores_out_of_sample() {
        let (d, set) = world();
        let cfg = Config {
            trials: 100,
            bootstrap: 100,
            fit: true,
            cutoff: Some(1945),
            ..Config::default()
        };
        let r = run(&d, set, &cfg);
        let f = r.fit.as_ref().unwrap();
        assert!(f.brier_end <= f.brier_start);
        assert!(f.sweeps >= 1);
        // train/test × default/fitted
        let labels: Vec<String> = r.evaluations.iter().map(|e| e.label()).collect();
        assert_eq!(
            labels,
            [
                "train, default",
                "test, default",
                "train, fitted",
                "test, fitted"
            ]
        );
        let train_fitted = r.evaluations[2].scores.brier.unwrap();
        assert!(
            (train_fitted - f.brier_end).abs() < 1e-12,
            "{train_fitted} {}",
            f.brier_end
        );
        assert!(r.evaluations[3].scores.training_rate.is_some());
        assert!(r.predictions.iter().all(|p| p.forecast_fitted.is_some()));
    }
}
