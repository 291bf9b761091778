//! Paired comparisons of variants on the same trials (MODEL.md §4, §5.23).
//!
//! Trial *k* of every variant reads the same random streams, so the
//! variants' outcomes in trial *k* differ only through what the variants
//! change. Comparing them trial by trial (McNemar for proportions, a paired
//! z for per-trial figures) removes the noise the variants share, which is
//! most of it: paired intervals are much narrower than those of two
//! independent runs of the same size.

use std::ops::Range;

use casus_core::model::{LinkIx, PactIx, Scenario, StateIx};
use casus_core::record::{Outcome, Side, TrialOutcome};
use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use serde::{Deserialize, Serialize};

use crate::summary::{Accumulator, Summary};

/// A yes/no figure of one trial, read from each variant's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binary {
    /// The trial ended with this outcome.
    Outcome(Outcome),
    /// The escalation level reached at least this (4 = nuclear use).
    LevelAtLeast(u8),
    /// The state (index in a, index in b) fought.
    Fights(StateIx, StateIx),
    /// The state fought on this side.
    FightsOn(StateIx, StateIx, Side),
    /// The pact's casus foederis arose.
    Invoked(PactIx, PactIx),
    /// The link was cut.
    Cut(LinkIx, LinkIx),
}

impl Binary {
    fn read(self, a: &TrialOutcome, b: &TrialOutcome) -> (bool, bool) {
        match self {
            Binary::Outcome(o) => (a.outcome == o, b.outcome == o),
            Binary::LevelAtLeast(l) => (a.max_level >= l, b.max_level >= l),
            Binary::Fights(i, j) => (a.states[i].side.is_some(), b.states[j].side.is_some()),
            Binary::FightsOn(i, j, x) => (a.states[i].side == Some(x), b.states[j].side == Some(x)),
            Binary::Invoked(p, q) => (a.pacts[p].invoked, b.pacts[q].invoked),
            Binary::Cut(l, m) => (a.links[l].cut_step.is_some(), b.links[m].cut_step.is_some()),
        }
    }
}

/// A per-trial number compared by its paired difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Continuous {
    /// The state's loss (0 when it did not fight).
    Loss(StateIx, StateIx),
}

impl Continuous {
    fn read(self, a: &TrialOutcome, b: &TrialOutcome) -> (f64, f64) {
        match self {
            Continuous::Loss(i, j) => (a.states[i].loss, b.states[j].loss),
        }
    }
}

/// The figures two variants have in common, matched by id.
#[derive(Clone, Debug, PartialEq)]
pub struct PairPlan {
    /// Yes/no figures: (name as in the JSON report, how to read it).
    pub binary: Vec<(String, Binary)>,
    /// Per-trial numbers.
    pub continuous: Vec<(String, Continuous)>,
}

impl PairPlan {
    /// Every figure of `a` that `b` has too (states, pacts and links by id).
    pub fn new(a: &Scenario, b: &Scenario) -> Self {
        let mut binary = Vec::new();
        for o in Outcome::ALL {
            binary.push((format!("outcomes.{}", o.as_str()), Binary::Outcome(o)));
        }
        for (l, name) in [(1, "ge1"), (2, "ge2"), (3, "ge3"), (4, "nuclear")] {
            binary.push((format!("escalation.{name}"), Binary::LevelAtLeast(l)));
        }
        let mut continuous = Vec::new();
        for (i, s) in a.states.iter().enumerate() {
            let Some(j) = b.states.iter().position(|t| t.id == s.id) else {
                continue;
            };
            binary.push((format!("states.{}.fights", s.id), Binary::Fights(i, j)));
            binary.push((
                format!("states.{}.side_a", s.id),
                Binary::FightsOn(i, j, Side::A),
            ));
            binary.push((
                format!("states.{}.side_b", s.id),
                Binary::FightsOn(i, j, Side::B),
            ));
            continuous.push((format!("states.{}.loss", s.id), Continuous::Loss(i, j)));
        }
        for (p, pact) in a.pacts.iter().enumerate() {
            if let Some(q) = b.pacts.iter().position(|x| x.id == pact.id) {
                binary.push((format!("pacts.{}.invoked", pact.id), Binary::Invoked(p, q)));
            }
        }
        for (l, link) in a.links.iter().enumerate() {
            if let Some(m) = b.links.iter().position(|x| x.id == link.id) {
                binary.push((format!("supply.{}.cut", link.id), Binary::Cut(l, m)));
            }
        }
        PairPlan { binary, continuous }
    }
}

/// Sums of signed per-trial differences, in fixed point (`2^-52`), exact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Differences {
    /// Number of pairs.
    pub n: u64,
    /// Sum of differences, units of `2^-52`.
    pub sum: i128,
    /// Sum of squared differences, units of `2^-52`.
    pub sum_sq: i128,
}

const FIXED: f64 = (1u64 << 52) as f64;

impl Differences {
    fn add(&mut self, d: f64) {
        self.n += 1;
        self.sum += (d * FIXED).round() as i128;
        self.sum_sq += (d * d * FIXED).round() as i128;
    }
    fn merge(&mut self, o: &Self) {
        self.n += o.n;
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
    }
    /// Sum and sum of squares as floats.
    pub fn sums(&self) -> (f64, f64) {
        (self.sum as f64 / FIXED, self.sum_sq as f64 / FIXED)
    }
}

/// The paired accumulators of one pair of variants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairSummary {
    /// Per binary figure, trials with (a, b) = (0,0), (0,1), (1,0), (1,1).
    pub binary: Vec<[u64; 4]>,
    /// Per continuous figure, the differences `b − a`.
    pub continuous: Vec<Differences>,
}

impl PairSummary {
    fn for_plan(plan: &PairPlan) -> Self {
        PairSummary {
            binary: vec![[0; 4]; plan.binary.len()],
            continuous: vec![Differences::default(); plan.continuous.len()],
        }
    }

    fn add(&mut self, plan: &PairPlan, a: &TrialOutcome, b: &TrialOutcome) {
        for (counts, (_, m)) in self.binary.iter_mut().zip(&plan.binary) {
            let (x, y) = m.read(a, b);
            counts[usize::from(x) * 2 + usize::from(y)] += 1;
        }
        for (d, (_, m)) in self.continuous.iter_mut().zip(&plan.continuous) {
            let (x, y) = m.read(a, b);
            d.add(y - x);
        }
    }

    fn merge(&mut self, o: &Self) {
        for (a, b) in self.binary.iter_mut().zip(&o.binary) {
            for k in 0..4 {
                a[k] += b[k];
            }
        }
        for (a, b) in self.continuous.iter_mut().zip(&o.continuous) {
            a.merge(b);
        }
    }
}

/// Every variant's summary, and the paired accumulators of each variant
/// against the first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareSummary {
    /// Per variant, in the order given.
    pub variants: Vec<Summary>,
    /// `pairs[i]` pairs variant 0 with variant `i + 1`.
    pub pairs: Vec<PairSummary>,
}

impl CompareSummary {
    /// Adds another summary of the same variants.
    pub fn merge(&mut self, o: &Self) {
        for (a, b) in self.variants.iter_mut().zip(&o.variants) {
            a.merge(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&o.pairs) {
            a.merge(b);
        }
    }
}

/// The pair plans of `scenarios[0]` against each of the others.
pub fn plans(scenarios: &[&Scenario]) -> Vec<PairPlan> {
    scenarios
        .iter()
        .skip(1)
        .map(|b| PairPlan::new(scenarios[0], b))
        .collect()
}

/// Plays trials `trials` of every scenario on the same streams and
/// accumulates each one's summary and the pairs against the first.
///
/// Bit-identical for any thread count and any split of the range.
pub fn compare_range(
    scenarios: &[&Scenario],
    seed: u64,
    trials: Range<u64>,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> CompareSummary {
    let plans = plans(scenarios);
    let state = crate::run::fold_batches(
        trials,
        threads,
        || {
            let games: Vec<Trial> = scenarios.iter().map(|s| Trial::new(s)).collect();
            let variants: Vec<Accumulator> = scenarios
                .iter()
                .map(|s| Accumulator::for_scenario(s))
                .collect();
            let pairs: Vec<PairSummary> = plans.iter().map(PairSummary::for_plan).collect();
            (games, variants, pairs)
        },
        |(games, variants, pairs), batch| {
            for k in batch.clone() {
                let rng = TrialRng::new(seed, k as u32);
                for (g, s) in games.iter_mut().zip(variants.iter_mut()) {
                    s.add(g.play(rng, &mut ()));
                }
                let (first, rest) = games.split_first().expect("at least one variant");
                for ((pair, plan), other) in pairs.iter_mut().zip(&plans).zip(rest) {
                    pair.add(plan, first.outcome(), other.outcome());
                }
            }
            progress((batch.end - batch.start) * scenarios.len() as u64);
        },
        |mut a, b| {
            for (x, y) in a.1.iter_mut().zip(&b.1) {
                x.merge(y);
            }
            for (x, y) in a.2.iter_mut().zip(&b.2) {
                x.merge(y);
            }
            a
        },
    );
    CompareSummary {
        variants: state.1.into_iter().map(Accumulator::finish).collect(),
        pairs: state.2,
    }
}

/// One paired difference `b − a` with its interval and test.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedFigure {
    /// The figure, as in the JSON report (`outcomes.deterred`, `war_size`…).
    pub metric: String,
    /// `b − a`.
    pub diff: f64,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// `mcnemar-exact`, `mcnemar-chi2`, `paired-z`, `welch-z` or `two-proportion-z`.
    pub test: &'static str,
    /// The interval independent runs of the same sizes would give (paired tests only).
    pub unpaired: Option<[f64; 2]>,
}

impl PairedFigure {
    /// The difference in standard errors (for ranking what changed most).
    pub fn z(&self, z_level: f64) -> f64 {
        let se = (self.hi - self.lo) / (2.0 * z_level);
        if se > 0.0 {
            self.diff / se
        } else if self.diff == 0.0 {
            0.0
        } else {
            f64::INFINITY.copysign(self.diff)
        }
    }
}

fn normal_p(z: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    if !z.is_finite() {
        return if z.is_nan() { 1.0 } else { 0.0 };
    }
    2.0 * Normal::standard().sf(z.abs())
}

/// McNemar's test on `n01` (a no, b yes) and `n10` discordant pairs: the
/// exact binomial test below 50 discordant pairs, χ² (no continuity
/// correction) above (MODEL.md §5.23).
///
/// ```
/// let (p, test) = casus_runner::compare::mcnemar(10, 0);
/// assert_eq!(test, "mcnemar-exact");
/// assert!((p - 2.0 * 0.5f64.powi(10)).abs() < 1e-12);
/// ```
pub fn mcnemar(n01: u64, n10: u64) -> (f64, &'static str) {
    use statrs::distribution::{Binomial, ChiSquared, ContinuousCDF, DiscreteCDF};
    let m = n01 + n10;
    if m == 0 {
        return (1.0, "mcnemar-exact");
    }
    if m < 50 {
        let k = n01.min(n10);
        let p = Binomial::new(0.5, m).map_or(1.0, |b| 2.0 * b.cdf(k));
        return (p.min(1.0), "mcnemar-exact");
    }
    let d = n01 as f64 - n10 as f64;
    let chi2 = d * d / m as f64;
    let p = ChiSquared::new(1.0).map_or(1.0, |c| c.sf(chi2));
    (p, "mcnemar-chi2")
}

/// The paired difference of a yes/no figure from its 2×2 counts.
///
/// ```
/// // 100 trials: 10 switch on in b, 2 switch off.
/// let f = casus_runner::compare::paired_proportion("x", [50, 10, 2, 38], 1.959964);
/// assert!((f.diff - 0.08).abs() < 1e-12);
/// assert!(f.lo < 0.08 && 0.08 < f.hi);
/// ```
pub fn paired_proportion(metric: &str, counts: [u64; 4], z: f64) -> PairedFigure {
    let [n00, n01, n10, n11] = counts;
    let n = (n00 + n01 + n10 + n11) as f64;
    let (d01, d10) = (n01 as f64, n10 as f64);
    let diff = if n > 0.0 { (d01 - d10) / n } else { 0.0 };
    let var = if n > 0.0 {
        ((d01 + d10) - (d01 - d10).powi(2) / n) / (n * n)
    } else {
        0.0
    };
    let half = z * var.max(0.0).sqrt();
    let (pa, pb) = if n > 0.0 {
        ((n10 + n11) as f64 / n, (n01 + n11) as f64 / n)
    } else {
        (0.0, 0.0)
    };
    let half_u = if n > 0.0 {
        z * (pa * (1.0 - pa) / n + pb * (1.0 - pb) / n).sqrt()
    } else {
        0.0
    };
    let (p_value, test) = mcnemar(n01, n10);
    PairedFigure {
        metric: metric.to_string(),
        diff,
        lo: diff - half,
        hi: diff + half,
        p_value,
        test,
        unpaired: Some([diff - half_u, diff + half_u]),
    }
}

/// A difference of two independent means (Welch's z): for figures
/// conditional on war, whose trials are not paired.
pub fn welch(metric: &str, a: (u64, f64, f64), b: (u64, f64, f64), z: f64) -> Option<PairedFigure> {
    let mean_sd = |(n, s, s2): (u64, f64, f64)| {
        let st = crate::stats::mean(n, s, s2, z);
        Some((st.mean?, st.sd?, n as f64))
    };
    let ((ma, sa, na), (mb, sb, nb)) = (mean_sd(a)?, mean_sd(b)?);
    let se = (sa * sa / na + sb * sb / nb).sqrt();
    let diff = mb - ma;
    Some(PairedFigure {
        metric: metric.to_string(),
        diff,
        lo: diff - z * se,
        hi: diff + z * se,
        p_value: if se > 0.0 {
            normal_p(diff / se)
        } else if diff == 0.0 {
            1.0
        } else {
            0.0
        },
        test: "welch-z",
        unpaired: None,
    })
}

/// Every paired figure of variant 0 against variant `i + 1`.
pub fn paired_figures(
    a: &Scenario,
    b: &Scenario,
    sa: &Summary,
    sb: &Summary,
    pair: &PairSummary,
    level: f64,
) -> Vec<PairedFigure> {
    let z = crate::stats::z_for(level);
    let plan = PairPlan::new(a, b);
    let mut out: Vec<PairedFigure> = plan
        .binary
        .iter()
        .zip(&pair.binary)
        .map(|((name, _), &c)| paired_proportion(name, c, z))
        .collect();
    for ((name, m), d) in plan.continuous.iter().zip(&pair.continuous) {
        let (s, s2) = d.sums();
        let st = crate::stats::mean(d.n, s, s2, z);
        let (Some(mean), Some(sd)) = (st.mean, st.sd) else {
            continue;
        };
        let se = sd / (d.n as f64).sqrt();
        let Continuous::Loss(i, j) = *m;
        let var_of = |s: &Summary, k: usize| {
            let l = &s.states[k].loss;
            crate::stats::mean(l.n, l.sum_f64(), l.sum_sq_f64(), z)
                .sd
                .map_or(0.0, |sd| sd * sd / l.n as f64)
        };
        let half_u = z * (var_of(sa, i) + var_of(sb, j)).sqrt();
        out.push(PairedFigure {
            metric: name.clone(),
            diff: mean,
            lo: mean - z * se,
            hi: mean + z * se,
            p_value: if se > 0.0 {
                normal_p(mean / se)
            } else if mean == 0.0 {
                1.0
            } else {
                0.0
            },
            test: "paired-z",
            unpaired: Some([mean - half_u, mean + half_u]),
        });
    }
    let hist = |h: &crate::summary::Histogram| {
        let (s, s2) = h.sums();
        (h.n(), s, s2)
    };
    out.extend(welch("duration", hist(&sa.duration), hist(&sb.duration), z));
    out.extend(welch("war_size", hist(&sa.war_size), hist(&sb.war_size), z));
    // Abandonment: the share of members' decisions that declined, per pact in
    // both variants. Decisions are not paired trial by trial: two-proportion z.
    for (p, pact) in a.pacts.iter().enumerate() {
        let Some(q) = b.pacts.iter().position(|x| x.id == pact.id) else {
            continue;
        };
        let (x, y) = (&sa.pacts[p], &sb.pacts[q]);
        let (na, nb) = (
            (x.honoured + x.declined + x.conflicted) as f64,
            (y.honoured + y.declined + y.conflicted) as f64,
        );
        if na == 0.0 || nb == 0.0 {
            continue;
        }
        let (pa, pb) = (x.declined as f64 / na, y.declined as f64 / nb);
        let se = (pa * (1.0 - pa) / na + pb * (1.0 - pb) / nb).sqrt();
        let pooled = (x.declined + y.declined) as f64 / (na + nb);
        let se0 = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
        let diff = pb - pa;
        out.push(PairedFigure {
            metric: format!("pacts.{}.declined", pact.id),
            diff,
            lo: diff - z * se,
            hi: diff + z * se,
            p_value: if se0 > 0.0 { normal_p(diff / se0) } else { 1.0 },
            test: "two-proportion-z",
            unpaired: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use casus_core::model::PactKind;
    use casus_core::testing;

    fn pair() -> (Scenario, Scenario) {
        let mut a = testing::scenario(vec![
            testing::state("AAA", 10.0, [30.0, 70.0]),
            testing::state("BBB", 6.0, [30.0, 76.0]),
            testing::state("CCC", 8.0, [33.0, 74.0]),
        ]);
        a.crisis.stakes = 0.3; // deterred about 40% of the time without the pact
        let mut b = a.clone();
        let mut p = testing::pact("dp", PactKind::Defense, &[1, 2]);
        p.reliability = 0.9;
        b.pacts.push(p);
        (a, b)
    }

    #[test]
    fn comparing_is_thread_and_split_independent_and_matches_single_runs() {
        let (a, b) = pair();
        let one = compare_range(&[&a, &b], 5, 0..30_000, Some(1), &|_| ());
        let two = compare_range(&[&a, &b], 5, 0..30_000, Some(2), &|_| ());
        assert_eq!(one, two);
        let mut split = compare_range(&[&a, &b], 5, 0..10_000, Some(2), &|_| ());
        split.merge(&compare_range(
            &[&a, &b],
            5,
            10_000..30_000,
            Some(1),
            &|_| (),
        ));
        assert_eq!(one, split);
        // Each variant's summary is the one a plain run gives.
        assert_eq!(
            one.variants[0],
            crate::run::run_range(&a, 5, 0..30_000, Some(2), &|_| ())
        );
        assert_eq!(
            one.variants[1],
            crate::run::run_range(&b, 5, 0..30_000, Some(2), &|_| ())
        );
    }

    #[test]
    fn pairing_narrows_the_interval_of_a_shared_figure() {
        let (a, b) = pair();
        let cs = compare_range(&[&a, &b], 5, 0..30_000, None, &|_| ());
        let figs = paired_figures(&a, &b, &cs.variants[0], &cs.variants[1], &cs.pairs[0], 0.95);
        let deterred = figs
            .iter()
            .find(|f| f.metric == "outcomes.deterred")
            .unwrap();
        let [ulo, uhi] = deterred.unpaired.unwrap();
        // Paired variance d(1 − d)/n against p_a(1 − p_a)/n + p_b(1 − p_b)/n
        // for independent runs: about 0.6 of the width here.
        assert!(
            deterred.hi - deterred.lo < 0.7 * (uhi - ulo),
            "{deterred:?}"
        );
        // The pact deters: the paired difference in P(deterred) is positive and significant.
        assert!(deterred.lo > 0.0 && deterred.p_value < 1e-6, "{deterred:?}");
    }

    #[test]
    fn identical_variants_differ_by_exactly_nothing() {
        let (a, _) = pair();
        let cs = compare_range(&[&a, &a], 9, 0..5_000, None, &|_| ());
        let figs = paired_figures(&a, &a, &cs.variants[0], &cs.variants[1], &cs.pairs[0], 0.95);
        for f in figs
            .iter()
            .filter(|f| f.test.starts_with("mcnemar") || f.test == "paired-z")
        {
            assert_eq!(
                (f.diff, f.lo, f.hi, f.p_value),
                (0.0, 0.0, 0.0, 1.0),
                "{f:?}"
            );
        }
    }

    /// The paired interval covers the true difference at its nominal rate:
    /// over 100 replications (disjoint trial ranges) of a known difference,
    /// coverage of the 95% interval lies within 4 binomial standard errors of 0.95.
    #[test]
    fn paired_intervals_cover_at_their_nominal_rate() {
        let (a, b) = pair();
        let truth = {
            let cs = compare_range(&[&a, &b], 77, 0..200_000, None, &|_| ());
            let c = cs.pairs[0].binary[0];
            (c[1] as f64 - c[2] as f64) / 200_000.0
        };
        let reps = 100u64;
        let mut covered = 0;
        for r in 0..reps {
            let cs = compare_range(
                &[&a, &b],
                1234,
                r * 2_000..(r + 1) * 2_000,
                Some(1),
                &|_| (),
            );
            let f = paired_proportion("d", cs.pairs[0].binary[0], 1.959964);
            covered += u64::from(f.lo <= truth && truth <= f.hi);
        }
        let rate = covered as f64 / reps as f64;
        let se = (0.95f64 * 0.05 / reps as f64).sqrt();
        assert!((rate - 0.95).abs() <= 4.0 * se + 0.01, "coverage {rate}");
    }
}
