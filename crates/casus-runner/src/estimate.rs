//! A [`Summary`] turned into the figures of a report (INTERFACE.md, the
//! `variants[]` objects), with intervals at the requested level.

use casus_core::model::Scenario;
use casus_core::record::Outcome;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::stats::{self, Mean, Proportion};
use crate::summary::{Histogram, LossHistogram, Summary};

/// A proportion as reported: `{p, lo, hi}`, plus `n` when conditional.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Prop {
    /// Point estimate (`null` when `n = 0`).
    pub p: Option<f64>,
    /// Wilson lower bound.
    pub lo: Option<f64>,
    /// Wilson upper bound.
    pub hi: Option<f64>,
    /// What it is a share of, for conditional proportions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
}

impl Prop {
    fn over_all(w: Proportion) -> Self {
        Prop {
            p: w.p,
            lo: w.lo,
            hi: w.hi,
            n: None,
        }
    }
    fn conditional(w: Proportion) -> Self {
        Prop {
            p: w.p,
            lo: w.lo,
            hi: w.hi,
            n: Some(w.n),
        }
    }
}

/// A mean as reported, with quantiles where they are part of the figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeanFigure {
    /// Mean (`null` when `n = 0`).
    pub mean: Option<f64>,
    /// Lower bound of `mean ± z·sd/√n`.
    pub lo: Option<f64>,
    /// Upper bound.
    pub hi: Option<f64>,
    /// Sample standard deviation.
    pub sd: Option<f64>,
    /// Number of values.
    pub n: u64,
    /// 5th percentile (type 7).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q05: Option<f64>,
    /// Median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q50: Option<f64>,
    /// 95th percentile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q95: Option<f64>,
}

impl MeanFigure {
    fn from_mean(m: Mean) -> Self {
        MeanFigure {
            mean: m.mean,
            lo: m.lo,
            hi: m.hi,
            sd: m.sd,
            n: m.n,
            q05: None,
            q50: None,
            q95: None,
        }
    }
    fn with_quantiles(mut self, n: u64, value: impl Fn(u64) -> f64) -> Self {
        // Quantiles exist whenever there are values; `n = 0` leaves them null.
        let q = |p| stats::quantile7(n, p, &value);
        self.q05 = q(0.05);
        self.q50 = q(0.5);
        self.q95 = q(0.95);
        if n == 0 {
            self.q05 = None;
            self.q50 = None;
            self.q95 = None;
        }
        self
    }
}

/// The escalation ladder.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Escalation {
    /// P(level ≥ 1) = P(war).
    pub ge1: Prop,
    /// P(level ≥ 2).
    pub ge2: Prop,
    /// P(level ≥ 3).
    pub ge3: Prop,
    /// P(nuclear use).
    pub nuclear: Prop,
}

/// One state's figures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StateFigures {
    /// P(fights).
    pub fights: Prop,
    /// P(fights on side A).
    pub side_a: Prop,
    /// P(fights on side B).
    pub side_b: Prop,
    /// Entry step, given it fought.
    pub entry_step: MeanFigure,
    /// Loss of power over all trials (0 when it did not fight), with quantiles.
    pub loss: MeanFigure,
    /// Loss of power given it fought.
    pub loss_if_fought: MeanFigure,
    /// `loss × economy` (USD bn) over all trials.
    pub cost: MeanFigure,
}

/// One pact's figures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PactFigures {
    /// P(casus foederis arose).
    pub invoked: Prop,
    /// Share of decisions that honoured.
    pub honoured: Prop,
    /// Share of decisions that declined.
    pub declined: Prop,
    /// Share of decisions that were conflicted.
    pub conflicted: Prop,
}

/// One supply link's figures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LinkFigures {
    /// P(cut).
    pub cut: Prop,
    /// First cut step, given it was cut.
    pub cut_step: MeanFigure,
}

/// A map that keeps the scenario's order when serialised.
#[derive(Clone, Debug, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<T> Ordered<T> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Every figure of one variant (an element of INTERFACE.md's `variants`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VariantFigures {
    /// Variant name.
    pub name: String,
    /// Trials run.
    pub trials: u64,
    /// P(each outcome), summing to 1.
    pub outcomes: Ordered<Prop>,
    /// The escalation ladder.
    pub escalation: Escalation,
    /// Per state id.
    pub states: Ordered<StateFigures>,
    /// Per pact id.
    pub pacts: Ordered<PactFigures>,
    /// Per supply link id.
    pub supply: Ordered<LinkFigures>,
    /// Duration in steps, given a war.
    pub duration: MeanFigure,
    /// Belligerents at the end, given a war.
    pub war_size: MeanFigure,
    /// Per uncertain input path, trials in which its draw was clamped.
    pub clamped: Ordered<u64>,
}

fn hist_figure(h: &Histogram, z: f64) -> MeanFigure {
    let n = h.n();
    let (s, s2) = h.sums();
    MeanFigure::from_mean(stats::mean(n, s, s2, z)).with_quantiles(n, |i| h.order_statistic(i))
}

fn moments_figure<const F: u32>(m: &crate::summary::Moments<F>, z: f64) -> MeanFigure {
    MeanFigure::from_mean(stats::mean(m.n, m.sum_f64(), m.sum_sq_f64(), z))
}

fn loss_figure(n: u64, sum: f64, sum_sq: f64, hist: &LossHistogram, z: f64) -> MeanFigure {
    MeanFigure::from_mean(stats::mean(n, sum, sum_sq, z))
        .with_quantiles(n, |i| hist.order_statistic(i))
}

/// Computes every figure of `summary` at confidence `level`.
///
/// ```
/// use casus_runner::{estimate::figures, run::run, RunConfig};
/// let s = casus_core::testing::duel();
/// let summary = run(&s, &RunConfig { trials: 500, ..RunConfig::default() });
/// let f = figures("base", &s, &summary, 0.95);
/// let total: f64 = f.outcomes.0.iter().map(|(_, p)| p.p.unwrap()).sum();
/// assert!((total - 1.0).abs() < 1e-12);
/// ```
pub fn figures(name: &str, scenario: &Scenario, summary: &Summary, level: f64) -> VariantFigures {
    let z = stats::z_for(level);
    let n = summary.trials;
    let all = |k: u64| Prop::over_all(stats::wilson(k, n, z));
    let outcomes = Outcome::ALL
        .iter()
        .zip(&summary.outcomes)
        .map(|(o, &k)| (o.as_str().to_string(), all(k)))
        .collect();
    let at_least = |l: usize| summary.max_level[l..].iter().sum::<u64>();
    let escalation = Escalation {
        ge1: all(at_least(1)),
        ge2: all(at_least(2)),
        ge3: all(at_least(3)),
        nuclear: all(at_least(4)),
    };
    let states = scenario
        .states
        .iter()
        .zip(&summary.states)
        .map(|(st, s)| {
            let (sum, sum_sq) = (s.loss.sum_f64(), s.loss.sum_sq_f64());
            let figures = StateFigures {
                fights: all(s.fights),
                side_a: all(s.sides[0]),
                side_b: all(s.sides[1]),
                entry_step: moments_figure(&s.entry_step, z),
                loss: loss_figure(n, sum, sum_sq, &s.loss_hist, z),
                // Non-fighters add 0 to both sums, so the same sums serve.
                loss_if_fought: MeanFigure::from_mean(stats::mean(s.fights, sum, sum_sq, z)),
                cost: MeanFigure::from_mean(stats::mean(
                    n,
                    s.cost.sum_f64(),
                    s.cost.sum_sq_f64(),
                    z,
                )),
            };
            (st.id.clone(), figures)
        })
        .collect();
    let pacts = scenario
        .pacts
        .iter()
        .zip(&summary.pacts)
        .map(|(p, s)| {
            let decisions = s.honoured + s.declined + s.conflicted;
            let share = |k| Prop::conditional(stats::wilson(k, decisions, z));
            let f = PactFigures {
                invoked: all(s.invoked),
                honoured: share(s.honoured),
                declined: share(s.declined),
                conflicted: share(s.conflicted),
            };
            (p.id.clone(), f)
        })
        .collect();
    let supply = scenario
        .links
        .iter()
        .zip(&summary.links)
        .map(|(l, s)| {
            (
                l.id.clone(),
                LinkFigures {
                    cut: all(s.cut),
                    cut_step: moments_figure(&s.cut_step, z),
                },
            )
        })
        .collect();
    let clamped = scenario
        .uncertain
        .iter()
        .zip(&summary.clamped)
        .map(|(u, &c)| (u.path.clone(), c))
        .collect();
    VariantFigures {
        name: name.to_string(),
        trials: n,
        outcomes: Ordered(outcomes),
        escalation,
        states: Ordered(states),
        pacts: Ordered(pacts),
        supply: Ordered(supply),
        duration: hist_figure(&summary.duration, z),
        war_size: hist_figure(&summary.war_size, z),
        clamped: Ordered(clamped),
    }
}
