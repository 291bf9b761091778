//! Mergeable accumulators for every figure of a report (MODEL.md §4).
//!
//! Everything is kept in integers: counts, exact histograms of whole-number
//! figures (duration, war size, entry and cut steps), and fixed-point sums
//! of continuous ones (losses, costs). Integer addition is associative, so a
//! [`Summary`] merged from any partition of the trials, in any order, is
//! identical to the one accumulated in a single pass: the reason results do
//! not depend on the thread count or the shard split. Memory is fixed by
//! the scenario's size, never by the number of trials.

use casus_core::model::Scenario;
use casus_core::record::{StateRecord, TrialOutcome};
use serde::{Deserialize, Serialize};

/// Fixed-point sums of non-negative values with `FRAC` fractional bits.
///
/// Each value is rounded to a multiple of `2^-FRAC` before it is added (for
/// losses, `FRAC = 52`: an error below 1e-15 per value), and summed in
/// `u128`, so sums are exact and merge in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moments<const FRAC: u32> {
    /// Number of values.
    pub n: u64,
    /// Sum of the rounded values, in units of `2^-FRAC`.
    pub sum: u128,
    /// Sum of the rounded squares, in units of `2^-FRAC`.
    pub sum_sq: u128,
}

impl<const FRAC: u32> Moments<FRAC> {
    const SCALE: f64 = (1u128 << FRAC) as f64;

    /// Adds one value (negative values count as 0; huge ones saturate).
    ///
    /// ```
    /// let mut m = casus_runner::summary::Moments::<52>::default();
    /// m.add(0.25);
    /// m.add(0.75);
    /// assert_eq!(m.sum_f64(), 1.0);
    /// ```
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        // Most values are 0 (a state that did not fight); for the others,
        // `+ 0.5` then truncation rounds a non-negative value to nearest
        // without a call to `round`, and `as` saturates out-of-range ones.
        if x > 0.0 {
            self.sum += fixed(x * Self::SCALE + 0.5);
            self.sum_sq += fixed(x * x * Self::SCALE + 0.5);
        }
    }

    /// Adds another accumulator.
    pub fn merge(&mut self, other: &Self) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// The sum as a float.
    pub fn sum_f64(&self) -> f64 {
        self.sum as f64 / Self::SCALE
    }

    /// The sum of squares as a float.
    pub fn sum_sq_f64(&self) -> f64 {
        self.sum_sq as f64 / Self::SCALE
    }
}

impl Moments<0> {
    /// Adds one whole number, without the trip through floating point:
    /// for every `v` up to 2²⁶ (the steps it counts are at most 10,000),
    /// exactly what [`Moments::add`] makes of `f64::from(v)`, whose square
    /// is exact there.
    ///
    /// ```
    /// use casus_runner::summary::Moments;
    /// let (mut whole, mut float) = (Moments::<0>::default(), Moments::<0>::default());
    /// for v in [0, 1, 7, 10_000] {
    ///     whole.add_whole(v);
    ///     float.add(f64::from(v));
    /// }
    /// assert_eq!(whole, float);
    /// ```
    #[inline]
    pub fn add_whole(&mut self, v: u32) {
        self.n += 1;
        let v = u128::from(v);
        self.sum += v;
        self.sum_sq += v * v;
    }
}

/// `v as u128`, through `i64` when `v` is in `[0, 2^63)`: the same
/// truncation, without the slow float-to-128-bit conversion (nor the
/// fix-ups of float-to-unsigned) for the values that occur (a loss scaled
/// by 2^52 is below 2^53).
#[inline]
fn fixed(v: f64) -> u128 {
    const I64_LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if (0.0..I64_LIMIT).contains(&v) {
        (v as i64).unsigned_abs().into()
    } else {
        v as u128
    }
}

/// An exact histogram of whole numbers `0, 1, 2, …`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    /// `counts[v]` = how many times `v` was seen.
    pub counts: Vec<u64>,
}

impl Histogram {
    /// A histogram with room for values up to `max` without growing.
    pub fn with_max(max: usize) -> Self {
        Histogram {
            counts: vec![0; max + 1],
        }
    }

    /// Adds one value.
    #[inline]
    pub fn add(&mut self, v: u32) {
        let v = v as usize;
        if v >= self.counts.len() {
            self.counts.resize(v + 1, 0);
        }
        self.counts[v] += 1;
    }

    /// Adds another histogram.
    pub fn merge(&mut self, other: &Self) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Number of values.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Sum and sum of squares of the values.
    pub fn sums(&self) -> (f64, f64) {
        let (mut s, mut s2) = (0u128, 0u128);
        for (v, &c) in self.counts.iter().enumerate() {
            s += v as u128 * u128::from(c);
            s2 += (v * v) as u128 * u128::from(c);
        }
        (s as f64, s2 as f64)
    }

    /// The `i`-th smallest value (from 0).
    ///
    /// ```
    /// let mut h = casus_runner::summary::Histogram::default();
    /// for v in [3, 1, 2] { h.add(v); }
    /// assert_eq!(h.order_statistic(0), 1.0);
    /// assert_eq!(h.order_statistic(2), 3.0);
    /// ```
    pub fn order_statistic(&self, i: u64) -> f64 {
        let mut seen = 0;
        for (v, &c) in self.counts.iter().enumerate() {
            seen += c;
            if i < seen {
                return v as f64;
            }
        }
        (self.counts.len().saturating_sub(1)) as f64
    }
}

/// Bins of the loss histogram over (0, 1]: quantiles of losses are exact to
/// 1/512 (values inside a bin are taken as spread evenly across it).
pub const LOSS_BINS: usize = 512;

/// A histogram of losses in [0, 1]: zeros exactly, the rest in
/// [`LOSS_BINS`] bins. The bins are allocated with the summary, never while
/// trials are accumulated; `u32` counts suffice since a run has at most
/// `u32::MAX` trials.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossHistogram {
    /// Values exactly 0 (did not fight, or lost nothing).
    pub zeros: u64,
    /// Counts per bin of width 1/[`LOSS_BINS`].
    pub bins: Vec<u32>,
}

impl LossHistogram {
    /// An empty histogram with its bins.
    pub fn new() -> Self {
        LossHistogram {
            zeros: 0,
            bins: vec![0; LOSS_BINS],
        }
    }

    /// Adds one loss.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if x <= 0.0 {
            self.zeros += 1;
            return;
        }
        let b = ((x * LOSS_BINS as f64) as usize).min(LOSS_BINS - 1);
        if let Some(c) = self.bins.get_mut(b) {
            *c += 1;
        }
    }

    /// Adds another histogram.
    pub fn merge(&mut self, other: &Self) {
        self.zeros += other.zeros;
        if self.bins.len() < other.bins.len() {
            self.bins.resize(other.bins.len(), 0);
        }
        for (a, b) in self.bins.iter_mut().zip(&other.bins) {
            *a += b;
        }
    }

    /// The `i`-th smallest loss (from 0), interpolated within its bin.
    pub fn order_statistic(&self, i: u64) -> f64 {
        if i < self.zeros {
            return 0.0;
        }
        let mut rest = i - self.zeros;
        for (b, &c) in self.bins.iter().enumerate() {
            let c = u64::from(c);
            if rest < c {
                return (b as f64 + (rest as f64 + 0.5) / c as f64) / LOSS_BINS as f64;
            }
            rest -= c;
        }
        1.0
    }
}

/// One state's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateSummary {
    /// Trials in which it fought.
    pub fights: u64,
    /// Trials in which it fought on side A, side B.
    pub sides: [u64; 2],
    /// Entry steps, given it fought (sums only: the report gives their mean).
    pub entry_step: Moments<0>,
    /// Losses over all trials (0 when it did not fight).
    pub loss: Moments<52>,
    /// The distribution of losses over all trials.
    pub loss_hist: LossHistogram,
    /// `loss × economy` over all trials.
    pub cost: Moments<24>,
}

impl StateSummary {
    /// Adds one trial's record of this state.
    #[inline]
    fn add(&mut self, r: &StateRecord) {
        if let Some(side) = r.side {
            self.fights += 1;
            self.sides[side.index()] += 1;
            self.entry_step.add_whole(r.entry_step);
        }
        self.loss.add(r.loss);
        self.loss_hist.add(r.loss);
        self.cost.add(r.cost);
    }
}

/// One pact's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactSummary {
    /// Trials in which its casus foederis arose.
    pub invoked: u64,
    /// Decisions to honour, over all trials.
    pub honoured: u64,
    /// Decisions to decline.
    pub declined: u64,
    /// Conflicted obligations.
    pub conflicted: u64,
}

/// One supply link's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSummary {
    /// Trials in which it was cut.
    pub cut: u64,
    /// First cut step, given it was cut (sums only).
    pub cut_step: Moments<0>,
}

/// Everything a report needs from a set of trials, mergeable exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Trials accumulated.
    pub trials: u64,
    /// Trials per outcome, in [`Outcome::ALL`](casus_core::record::Outcome::ALL) order.
    pub outcomes: [u64; 6],
    /// Trials per maximum escalation level 0..=4.
    pub max_level: [u64; 5],
    /// Per state, in scenario order.
    pub states: Vec<StateSummary>,
    /// Per pact.
    pub pacts: Vec<PactSummary>,
    /// Per supply link.
    pub links: Vec<LinkSummary>,
    /// War duration, given a war.
    pub duration: Histogram,
    /// Belligerents at the end, given a war.
    pub war_size: Histogram,
    /// Per uncertain input, trials in which its draw was clamped.
    pub clamped: Vec<u64>,
}

impl Summary {
    /// An empty summary shaped for `scenario`.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        let horizon_max = if scenario
            .uncertain
            .iter()
            .any(|u| u.slot == casus_core::uncertain::Slot::CrisisHorizon)
        {
            casus_core::uncertain::MAX_HORIZON as usize
        } else {
            scenario.crisis.horizon as usize
        };
        Summary {
            trials: 0,
            outcomes: [0; 6],
            max_level: [0; 5],
            states: vec![
                StateSummary {
                    loss_hist: LossHistogram::new(),
                    ..StateSummary::default()
                };
                scenario.states.len()
            ],
            pacts: vec![PactSummary::default(); scenario.pacts.len()],
            links: vec![LinkSummary::default(); scenario.links.len()],
            duration: Histogram::with_max(horizon_max),
            war_size: Histogram::with_max(scenario.states.len()),
            clamped: vec![0; scenario.uncertain.len()],
        }
    }

    /// Adds the figures of a trial's record that are not per state, pact
    /// or link.
    #[inline]
    fn add_trial(&mut self, rec: &TrialOutcome) {
        self.trials += 1;
        self.outcomes[rec.outcome.index()] += 1;
        self.max_level[usize::from(rec.max_level.min(4))] += 1;
        if rec.attacked() {
            self.duration.add(rec.duration);
            self.war_size.add(rec.war_size);
        }
        for (c, &was) in self.clamped.iter_mut().zip(&rec.clamped) {
            *c += u64::from(was);
        }
    }

    /// Adds the figures of a trial's record per pact and per link.
    #[inline]
    fn add_pacts_and_links(&mut self, rec: &TrialOutcome) {
        for (p, r) in self.pacts.iter_mut().zip(&rec.pacts) {
            p.invoked += u64::from(r.invoked);
            p.honoured += u64::from(r.honoured);
            p.declined += u64::from(r.declined);
            p.conflicted += u64::from(r.conflicted);
        }
        for (l, r) in self.links.iter_mut().zip(&rec.links) {
            if let Some(step) = r.cut_step {
                l.cut += 1;
                l.cut_step.add_whole(step);
            }
        }
    }

    /// Adds another summary of the same scenario.
    pub fn merge(&mut self, o: &Summary) {
        self.trials += o.trials;
        for (a, b) in self.outcomes.iter_mut().zip(&o.outcomes) {
            *a += b;
        }
        for (a, b) in self.max_level.iter_mut().zip(&o.max_level) {
            *a += b;
        }
        for (a, b) in self.states.iter_mut().zip(&o.states) {
            a.fights += b.fights;
            a.sides[0] += b.sides[0];
            a.sides[1] += b.sides[1];
            a.entry_step.merge(&b.entry_step);
            a.loss.merge(&b.loss);
            a.loss_hist.merge(&b.loss_hist);
            a.cost.merge(&b.cost);
        }
        for (a, b) in self.pacts.iter_mut().zip(&o.pacts) {
            a.invoked += b.invoked;
            a.honoured += b.honoured;
            a.declined += b.declined;
            a.conflicted += b.conflicted;
        }
        for (a, b) in self.links.iter_mut().zip(&o.links) {
            a.cut += b.cut;
            a.cut_step.merge(&b.cut_step);
        }
        self.duration.merge(&o.duration);
        self.war_size.merge(&o.war_size);
        for (a, b) in self.clamped.iter_mut().zip(&o.clamped) {
            *a += b;
        }
    }
}

/// A [`Summary`] in the making: trial records are folded in one by one,
/// and [`Accumulator::finish`] gives the summary.
///
/// Most states fight in few trials, and a state that did not fight adds only
/// a count and a zero to each of its figures. So [`Accumulator::add`] reads
/// only the states a record lists as having fought, and `finish` counts the
/// others in at once: each state's number of trials without it is the number
/// of trials less its fights. Without a war no pact is invoked and no link
/// cut, so the pacts and links of a deterred trial, all defaults, are not
/// read either. The result is exactly the summary that adding every state,
/// pact and link of every record would give.
///
/// ```
/// use casus_core::rng::TrialRng;
/// use casus_core::trial::Trial;
/// use casus_runner::summary::Accumulator;
///
/// let s = casus_core::testing::duel();
/// let mut trial = Trial::new(&s);
/// let mut acc = Accumulator::for_scenario(&s);
/// for k in 0..100 {
///     acc.add(trial.play(TrialRng::new(7, k), &mut ()));
/// }
/// let summary = acc.finish();
/// assert_eq!(summary.trials, 100);
/// // Every trial counts in each state's losses, fought or not.
/// assert!(summary.states.iter().all(|st| st.loss.n == 100 && st.cost.n == 100));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accumulator {
    /// The summary so far, except that each state's `loss.n`, `cost.n` and
    /// `loss_hist.zeros` leave out the trials in which it did not fight.
    partial: Summary,
}

impl Accumulator {
    /// An empty accumulator shaped for `scenario`.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Accumulator {
            partial: Summary::for_scenario(scenario),
        }
    }

    /// Adds one trial's record.
    #[inline]
    pub fn add(&mut self, rec: &TrialOutcome) {
        self.partial.add_trial(rec);
        if rec.attacked() {
            self.partial.add_pacts_and_links(rec);
        }
        for &i in &rec.fought {
            self.partial.states[i].add(&rec.states[i]);
        }
    }

    /// Adds another accumulator of the same scenario. The trials each side
    /// left uncounted add up, so merging before or after `finish` is the same.
    pub fn merge(&mut self, other: &Accumulator) {
        self.partial.merge(&other.partial);
    }

    /// The summary of every trial added.
    pub fn finish(mut self) -> Summary {
        let trials = self.partial.trials;
        for s in &mut self.partial.states {
            let absent = trials - s.fights;
            s.loss.n += absent;
            s.cost.n += absent;
            s.loss_hist.zeros += absent;
        }
        self.partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use casus_core::rng::TrialRng;
    use casus_core::trial::Trial;

    /// The summary by definition: every state, pact and link of every
    /// record added.
    fn dense(scenario: &Scenario, recs: &[TrialOutcome]) -> Summary {
        let mut sum = Summary::for_scenario(scenario);
        for rec in recs {
            sum.add_trial(rec);
            sum.add_pacts_and_links(rec);
            for (s, r) in sum.states.iter_mut().zip(&rec.states) {
                s.add(r);
            }
        }
        sum
    }

    /// A world where some trials are deterred and wars draw in some states
    /// and not others.
    fn world(seed: u64) -> Scenario {
        let mut s = casus_core::testing::synthetic(16, 40, 6, seed);
        s.crisis.assume_attack = false;
        s.constants.peace_base = 0.3;
        s
    }

    /// Skipping the states that did not fight, then counting them in at the
    /// end, gives exactly the summary of adding every state of every record;
    /// and so does any split of the trials, merged before or after `finish`.
    #[test]
    fn accumulator_equals_the_dense_fold() {
        for seed in 0..4 {
            let s = world(seed);
            let mut trial = Trial::new(&s);
            let recs: Vec<TrialOutcome> = (0..600)
                .map(|k| trial.play(TrialRng::new(seed, k), &mut ()).clone())
                .collect();
            let deterred = recs.iter().filter(|r| !r.attacked()).count();
            assert!(
                deterred > 0 && deterred < recs.len(),
                "seed {seed}: {deterred}"
            );
            let absent = recs.iter().map(|r| s.states.len() - r.fought.len());
            assert!(
                absent.clone().min() < absent.max(),
                "seed {seed}: wars alike"
            );

            let expect = dense(&s, &recs);
            let mut whole = Accumulator::for_scenario(&s);
            let (mut left, mut right) = (whole.clone(), whole.clone());
            for (k, rec) in recs.iter().enumerate() {
                whole.add(rec);
                if k < 217 { &mut left } else { &mut right }.add(rec);
            }
            assert_eq!(whole.finish(), expect, "seed {seed}");
            let mut merged = left.clone();
            merged.merge(&right);
            assert_eq!(
                merged.finish(),
                expect,
                "seed {seed}: merged, then finished"
            );
            let mut finished = left.finish();
            finished.merge(&right.finish());
            assert_eq!(finished, expect, "seed {seed}: finished, then merged");
        }
    }

    /// Whole numbers add as their floats do up to 2²⁶: every power of two
    /// and its neighbours. (2²⁶ + 1 is the first that does not: its square
    /// plus a half rounds up in a float.)
    #[test]
    fn whole_numbers_add_as_their_floats() {
        let mut values = vec![0u32, 1, 2, 3, 10_000, (1 << 26) - 1, 1 << 26];
        for b in 1..26 {
            values.extend([(1u32 << b) - 1, 1 << b, (1 << b) + 1]);
        }
        for &v in &values {
            let (mut whole, mut float) = (Moments::<0>::default(), Moments::<0>::default());
            whole.add_whole(v);
            float.add(f64::from(v));
            assert_eq!(whole, float, "v = {v}");
        }
    }

    /// The shortcut through `u64` gives what `as u128` gives, on both sides
    /// of 2^64 and for the values that saturate.
    #[test]
    fn fixed_matches_the_direct_conversion() {
        let two64 = 18_446_744_073_709_551_616.0f64;
        for v in [
            0.0,
            0.4,
            0.5,
            1.5,
            2f64.powi(53) + 2.0,
            two64 * (1.0 - f64::EPSILON),
            two64,
            two64 / 2.0,
            two64 / 2.0 * (1.0 - f64::EPSILON),
            -0.0,
            -1.5,
            f64::NEG_INFINITY,
            f64::NAN,
            two64 * 3.5,
            2f64.powi(127),
            2f64.powi(130),
            f64::INFINITY,
        ] {
            assert_eq!(fixed(v), v as u128, "{v}");
        }
    }
}
