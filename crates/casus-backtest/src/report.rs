//! The back-test report: what was run, the forecast of every case, and the
//! scores of each set of cases; rendered as text, JSON or CSV (one row per
//! case).

use std::fmt::Write as _;

use serde::Serialize;

use crate::build::Params;
use crate::data::Ccode;
use crate::eval::Fit;
use crate::score::{
    CalibrationBin, Interval, Reference, auc, base_rate, bootstrap_skill, brier, brier_skill,
    calibration, log_score,
};
use crate::{CaseSource, Config, Inputs};

/// Which side of the cut-off a case is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// No cut-off: every case.
    All,
    /// Before the cut-off: the constants are fitted here.
    Train,
    /// From the cut-off on: out of sample.
    Test,
}

impl Split {
    /// `all`, `train` or `test`.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::All => "all",
            Split::Train => "train",
            Split::Test => "test",
        }
    }
}

/// One case and its forecasts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    /// The case id.
    pub case_id: String,
    /// Its war (the bootstrap cluster).
    pub group: String,
    /// The year.
    pub year: i32,
    /// The target's COW code.
    pub target: Ccode,
    /// Its name.
    pub target_name: String,
    /// The attackers' COW codes.
    pub attackers: Vec<Ccode>,
    /// The partner's COW code.
    pub partner: Ccode,
    /// Its name.
    pub partner_name: String,
    /// Whether the partner fought on the target's side, when known.
    pub observed: Option<bool>,
    /// Train, test or all.
    pub split: Split,
    /// P(partner fights on the target's side), default constants; `None` when
    /// the case could not be built.
    pub forecast: Option<f64>,
    /// The same with the fitted constants (under `--fit`).
    pub forecast_fitted: Option<f64>,
}

/// The scores of one set of forecasts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// Cases scored (with a forecast and an observed outcome).
    pub n: usize,
    /// Of which positive (the partner fought on the target's side).
    pub positives: usize,
    /// Wars they come from.
    pub wars: usize,
    /// `positives / n`.
    pub base_rate: Option<f64>,
    /// Mean forecast.
    pub mean_forecast: Option<f64>,
    /// Brier score (lower is better).
    pub brier: Option<f64>,
    /// Brier score of forecasting the base rate of these cases for each.
    pub brier_base_rate: Option<f64>,
    /// Mean negative log-likelihood (lower is better).
    pub log_score: Option<f64>,
    /// Area under the ROC curve.
    pub auc: Option<f64>,
    /// Brier skill score against the base rate of these cases.
    pub skill: Option<f64>,
    /// Its bootstrap interval, resampling cases.
    pub skill_interval: Option<Interval>,
    /// Its bootstrap interval, resampling whole wars (cases of one war are not
    /// independent; this interval is the more honest one).
    pub skill_interval_wars: Option<Interval>,
    /// For a test set: the base rate of the training cases, the forecast one
    /// could have made at the cut-off without the model.
    pub training_rate: Option<f64>,
    /// The Brier skill score against `training_rate`.
    pub skill_vs_training_rate: Option<f64>,
    /// Its bootstrap interval, resampling cases.
    pub skill_vs_training_rate_interval: Option<Interval>,
    /// The calibration table.
    pub calibration: Vec<CalibrationBin>,
}

/// The scores of one set of cases under one set of constants.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// The cases: train, test or all.
    pub split: Split,
    /// Default constants (`false`) or fitted ones (`true`).
    pub fitted: bool,
    /// The scores.
    pub scores: Scores,
}

impl Evaluation {
    /// Scores `rows` (their fitted forecasts when `fitted`), with bootstrap
    /// intervals seeded by `seed`; `training_rate` adds the skill against the
    /// training base rate.
    pub fn new(
        split: Split,
        fitted: bool,
        rows: &[&Prediction],
        training_rate: Option<f64>,
        cfg: &Config,
        seed: u64,
    ) -> Evaluation {
        let mut p = Vec::new();
        let mut y = Vec::new();
        let mut wars: Vec<&str> = Vec::new();
        let mut cluster = Vec::new();
        for r in rows {
            let f = if fitted {
                r.forecast_fitted
            } else {
                r.forecast
            };
            if let (Some(f), Some(o)) = (f, r.observed) {
                p.push(f);
                y.push(o);
                let w = match wars.iter().position(|&g| g == r.group) {
                    Some(w) => w,
                    None => {
                        wars.push(&r.group);
                        wars.len() - 1
                    }
                };
                cluster.push(w);
            }
        }
        let cases: Vec<usize> = (0..p.len()).collect();
        let rate = base_rate(&y);
        let boot = |clusters: &[usize], reference, salt: u64| {
            bootstrap_skill(
                &p,
                &y,
                clusters,
                reference,
                cfg.bootstrap,
                cfg.level,
                seed.wrapping_mul(0x9e37_79b9).wrapping_add(salt),
            )
        };
        let scores = Scores {
            n: p.len(),
            positives: y.iter().filter(|&&b| b).count(),
            wars: wars.len(),
            base_rate: rate,
            mean_forecast: (!p.is_empty()).then(|| p.iter().sum::<f64>() / p.len() as f64),
            brier: brier(&p, &y),
            brier_base_rate: rate.and_then(|r| brier(&vec![r; y.len()], &y)),
            log_score: log_score(&p, &y),
            auc: auc(&p, &y),
            skill: rate.and_then(|r| brier_skill(&p, &y, r)),
            skill_interval: boot(&cases, Reference::SampleRate, 1),
            skill_interval_wars: boot(&cluster, Reference::SampleRate, 2),
            training_rate,
            skill_vs_training_rate: training_rate.and_then(|r| brier_skill(&p, &y, r)),
            skill_vs_training_rate_interval: training_rate
                .and_then(|r| boot(&cases, Reference::Fixed(r), 3)),
            calibration: calibration(&p, &y),
        };
        Evaluation {
            split,
            fitted,
            scores,
        }
    }

    /// A label such as `test, fitted`.
    pub fn label(&self) -> String {
        format!(
            "{}, {}",
            self.split.as_str(),
            if self.fitted { "fitted" } else { "default" }
        )
    }
}

/// A case that could not be forecast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The case.
    pub case_id: String,
    /// Why.
    pub reason: String,
}

/// The files a back-test read, as given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputNames {
    /// ATOP dyad-years.
    pub atop: String,
    /// COW NMC.
    pub nmc: String,
    /// Capitals.
    pub capitals: String,
    /// MID participants, if the cases came from them.
    pub mid: Option<String>,
    /// The case list, if the cases came from one.
    pub cases: Option<String>,
    /// Rivalries, if given.
    pub rivalries: Option<String>,
}

impl From<&Inputs> for InputNames {
    fn from(i: &Inputs) -> Self {
        let show = |p: &std::path::Path| p.display().to_string();
        InputNames {
            atop: show(&i.atop),
            nmc: show(&i.nmc),
            capitals: show(&i.capitals),
            mid: match &i.cases {
                CaseSource::Mid(p) => Some(show(p)),
                CaseSource::Cases(_) => None,
            },
            cases: match &i.cases {
                CaseSource::Cases(p) => Some(show(p)),
                CaseSource::Mid(_) => None,
            },
            rivalries: i.rivalries.as_deref().map(show),
        }
    }
}

/// Everything a back-test produced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The files read (set by the caller).
    pub inputs: Option<InputNames>,
    /// Master seed.
    pub seed: u64,
    /// Trials per war.
    pub trials: u64,
    /// The cut-off year, if any.
    pub cutoff: Option<i32>,
    /// Bootstrap resamples.
    pub bootstrap: usize,
    /// Interval coverage.
    pub level: f64,
    /// Wars in the source (war-level disputes, or groups of CSV cases).
    pub wars: usize,
    /// Wars that gave no case, and why.
    pub wars_without_cases: Vec<String>,
    /// Wars played.
    pub wars_played: usize,
    /// Cases read.
    pub cases: usize,
    /// Cases that could not be forecast.
    pub skipped: Vec<Skipped>,
    /// The default constants.
    pub defaults: Params,
    /// The fit, under `--fit`.
    pub fit: Option<Fit>,
    /// Scores per set of cases and constants; the last is the headline.
    pub evaluations: Vec<Evaluation>,
    /// Every case with its forecasts.
    pub predictions: Vec<Prediction>,
}

/// Formats an optional number with `d` decimals, or `–`.
fn num(x: Option<f64>, d: usize) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.d$}"))
}

fn interval(i: &Option<Interval>) -> String {
    i.as_ref().map_or_else(
        || "–".to_string(),
        |i| format!("[{:+.3}, {:+.3}]", i.lo, i.hi),
    )
}

/// Quotes a CSV field when it needs it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Report {
    /// The headline evaluation: fitted constants on the test cases under
    /// `--fit`, else the test cases, else all cases.
    pub fn headline(&self) -> Option<&Evaluation> {
        self.evaluations.last()
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
        s.push('\n');
        s
    }

    /// One row per case: its data, outcome and forecasts.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "case_id,year,target,target_name,attackers,partner,partner_name,observed,split,forecast,forecast_fitted\n",
        );
        let opt = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v}"));
        for p in &self.predictions {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(&p.case_id),
                p.year,
                p.target,
                csv_field(&p.target_name),
                p.attackers
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                p.partner,
                csv_field(&p.partner_name),
                p.observed.map_or("", |o| if o { "1" } else { "0" }),
                p.split.as_str(),
                opt(p.forecast),
                opt(p.forecast_fitted),
            );
        }
        out
    }

    /// The report for a reader: what ran, the scores, the fitted constants,
    /// the calibration table and the largest misses of the headline set.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "casus backtest: P(an alliance partner fights on the target's side | the war happened)"
        );
        if let Some(i) = &self.inputs {
            let src = i
                .mid
                .as_deref()
                .map(|m| format!("MID {m}"))
                .or_else(|| i.cases.as_deref().map(|c| format!("cases {c}")))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "data: ATOP {}, NMC {}, capitals {}, {}{}",
                i.atop,
                i.nmc,
                i.capitals,
                src,
                i.rivalries
                    .as_deref()
                    .map(|r| format!(", rivalries {r}"))
                    .unwrap_or_default()
            );
        }
        let _ = writeln!(
            o,
            "{} cases from {} wars ({} wars gave no case; {} wars played; {} cases skipped)",
            self.cases,
            self.wars,
            self.wars_without_cases.len(),
            self.wars_played,
            self.skipped.len()
        );
        let _ = writeln!(
            o,
            "{} trials per war, seed {}, bootstrap {} resamples, {:.0}% intervals",
            self.trials,
            self.seed,
            self.bootstrap,
            self.level * 100.0
        );
        if let Some(c) = self.cutoff {
            let _ = writeln!(
                o,
                "cut-off {c}: wars before {c} train, wars from {c} on test (out of sample)"
            );
        }
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{:<16} {:>5} {:>4} {:>5} {:>6} {:>6} {:>7} {:>6} {:>6} {:>7}  {:<17} interval (wars)",
            "cases",
            "n",
            "pos",
            "wars",
            "base",
            "mean",
            "Brier",
            "log",
            "AUC",
            "skill",
            "interval (cases)",
        );
        for e in &self.evaluations {
            let s = &e.scores;
            let _ = writeln!(
                o,
                "{:<16} {:>5} {:>4} {:>5} {:>6} {:>6} {:>7} {:>6} {:>6} {:>7}  {:<17} {}",
                e.label(),
                s.n,
                s.positives,
                s.wars,
                num(s.base_rate, 3),
                num(s.mean_forecast, 3),
                num(s.brier, 4),
                num(s.log_score, 3),
                num(s.auc, 3),
                s.skill.map_or_else(|| "–".into(), |v| format!("{v:+.3}")),
                interval(&s.skill_interval),
                interval(&s.skill_interval_wars),
            );
        }
        let _ = writeln!(
            o,
            "skill: Brier skill score against the base rate of the same cases, 1 − Brier / Brier(base rate); \
             above 0 beats the base rate.\nintervals: percentile bootstrap of the skill, resampling cases, then whole wars."
        );
        if let Some(h) = self.headline()
            && let (Some(r), Some(v)) = (h.scores.training_rate, h.scores.skill_vs_training_rate)
        {
            let _ = writeln!(
                o,
                "{}: skill against the training base rate {r:.3} (the forecast available \
                 at the cut-off): {v:+.3} {}",
                h.label(),
                interval(&h.scores.skill_vs_training_rate_interval)
            );
        }
        if let Some(f) = &self.fit {
            let _ = writeln!(o);
            let _ = writeln!(
                o,
                "fitted on the training cases: Brier {:.4} → {:.4} ({} sweeps, {} war runs)",
                f.brier_start, f.brier_end, f.sweeps, f.runs
            );
            for ((name, d), (_, v)) in self.defaults.named().iter().zip(f.params.named()) {
                let mark = if *d == v { "" } else { "  *" };
                let _ = writeln!(o, "  {name:<38} {d:>7} → {v:<7}{mark}");
            }
        }
        if let Some(h) = self.headline() {
            let _ = writeln!(o);
            let _ = writeln!(o, "calibration ({}):", h.label());
            let _ = writeln!(
                o,
                "  {:<10} {:>5} {:>5} {:>9} {:>9}",
                "forecast", "n", "pos", "mean", "observed"
            );
            for b in &h.scores.calibration {
                let _ = writeln!(
                    o,
                    "  {:.1}–{:.1}   {:>5} {:>5} {:>9} {:>9}",
                    b.lo,
                    b.hi,
                    b.n,
                    b.positives,
                    num(b.mean_forecast, 3),
                    num(b.observed, 3)
                );
            }
            let mut misses: Vec<(&Prediction, f64, f64)> = self
                .predictions
                .iter()
                .filter(|p| p.split == h.split)
                .filter_map(|p| {
                    let f = if h.fitted {
                        p.forecast_fitted
                    } else {
                        p.forecast
                    }?;
                    let y = f64::from(u8::from(p.observed?));
                    Some((p, f, (f - y).powi(2)))
                })
                .collect();
            misses.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.case_id.cmp(&b.0.case_id)));
            let _ = writeln!(o);
            let _ = writeln!(o, "largest misses ({}):", h.label());
            for (p, f, _) in misses.iter().take(10) {
                let _ = writeln!(
                    o,
                    "  {:<16} {} {} attacked; partner {} {} ({:.2} forecast)",
                    p.case_id,
                    p.year,
                    p.target_name,
                    p.partner_name,
                    if p.observed == Some(true) {
                        "fought"
                    } else {
                        "stayed out"
                    },
                    f
                );
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(o);
            let _ = writeln!(o, "skipped:");
            for s in &self.skipped {
                let _ = writeln!(o, "  {}: {}", s.case_id, s.reason);
            }
        }
        o
    }
}
