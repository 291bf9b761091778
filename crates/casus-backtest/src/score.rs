//! Proper scoring rules for probability forecasts of binary events, and a
//! seeded bootstrap.
//!
//! Every function takes the forecasts `p` (probabilities in [0, 1]) and the
//! outcomes `y`, of equal length, and returns `None` where the score is not
//! defined (no cases; an AUC without both outcomes; a skill score whose
//! reference is perfect).

use serde::Serialize;

/// Forecasts are kept within `[LOG_EPS, 1 − LOG_EPS]` for the log score, so
/// that a Monte-Carlo estimate of exactly 0 or 1 costs a finite amount.
pub const LOG_EPS: f64 = 1e-3;

/// Mean squared error of the forecasts (Brier 1950); 0 is perfect.
///
/// ```
/// use casus_backtest::score::brier;
/// assert_eq!(brier(&[0.5, 0.5], &[true, false]), Some(0.25));
/// assert_eq!(brier(&[1.0, 0.0], &[true, false]), Some(0.0));
/// ```
pub fn brier(p: &[f64], y: &[bool]) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let s: f64 = p
        .iter()
        .zip(y)
        .map(|(&p, &y)| (p - f64::from(u8::from(y))).powi(2))
        .sum();
    Some(s / p.len() as f64)
}

/// Mean negative log-likelihood (natural log) of the outcomes, forecasts
/// clamped to `[LOG_EPS, 1 − LOG_EPS]`; lower is better, `ln 2` for 0.5.
///
/// ```
/// use casus_backtest::score::log_score;
/// let s = log_score(&[0.5, 0.5], &[true, false]).unwrap();
/// assert!((s - std::f64::consts::LN_2).abs() < 1e-15);
/// ```
pub fn log_score(p: &[f64], y: &[bool]) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let s: f64 = p
        .iter()
        .zip(y)
        .map(|(&p, &y)| {
            let p = p.clamp(LOG_EPS, 1.0 - LOG_EPS);
            -(if y { p } else { 1.0 - p }).ln()
        })
        .sum();
    Some(s / p.len() as f64)
}

/// Area under the ROC curve: the probability that a random positive case gets
/// a higher forecast than a random negative one, ties counting one half
/// (the Mann–Whitney statistic).
///
/// ```
/// use casus_backtest::score::auc;
/// assert_eq!(auc(&[0.9, 0.8, 0.1], &[true, true, false]), Some(1.0));
/// assert_eq!(auc(&[0.1, 0.9], &[true, false]), Some(0.0));
/// assert_eq!(auc(&[0.3, 0.3], &[true, false]), Some(0.5));
/// assert_eq!(auc(&[0.3], &[true]), None);
/// ```
pub fn auc(p: &[f64], y: &[bool]) -> Option<f64> {
    let mut v: Vec<(f64, bool)> = p.iter().copied().zip(y.iter().copied()).collect();
    let pos = v.iter().filter(|x| x.1).count();
    let neg = v.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the (mid)ranks of the positives.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < v.len() {
        let j = i + v[i..].iter().take_while(|x| x.0 == v[i].0).count();
        let mid = (i + 1 + j) as f64 / 2.0;
        rank_sum += mid * v[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let u = rank_sum - (pos * (pos + 1)) as f64 / 2.0;
    Some(u / (pos as f64 * neg as f64))
}

/// The share of positive outcomes.
pub fn base_rate(y: &[bool]) -> Option<f64> {
    (!y.is_empty()).then(|| y.iter().filter(|&&b| b).count() as f64 / y.len() as f64)
}

/// Brier skill score against the constant forecast `reference`:
/// `1 − BS / BS_ref`. Positive is better than the reference, 0 as good, and
/// negative worse. `None` when the reference is perfect (BS_ref = 0).
///
/// ```
/// use casus_backtest::score::brier_skill;
/// let y = [true, false, false, false];
/// // the base rate itself has no skill over the base rate
/// assert_eq!(brier_skill(&[0.25; 4], &y, 0.25), Some(0.0));
/// assert_eq!(brier_skill(&[1.0, 0.0, 0.0, 0.0], &y, 0.25), Some(1.0));
/// ```
pub fn brier_skill(p: &[f64], y: &[bool], reference: f64) -> Option<f64> {
    let bs = brier(p, y)?;
    let reference = brier(&vec![reference; y.len()], y)?;
    (reference > 0.0).then(|| 1.0 - bs / reference)
}

/// One bin of a calibration table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationBin {
    /// Lower edge of the forecast bin (inclusive).
    pub lo: f64,
    /// Upper edge (exclusive, except 1 for the last bin).
    pub hi: f64,
    /// Cases whose forecast falls in the bin.
    pub n: usize,
    /// Of which positive.
    pub positives: usize,
    /// Mean forecast in the bin (`None` when empty).
    pub mean_forecast: Option<f64>,
    /// Observed frequency in the bin (`None` when empty).
    pub observed: Option<f64>,
}

/// A calibration table: the forecasts cut into ten bins of width 0.1 (the
/// deciles of the probability scale), with the count, the mean forecast and
/// the observed frequency of each. The counts sum to the number of cases.
///
/// ```
/// use casus_backtest::score::calibration;
/// let t = calibration(&[0.05, 0.07, 0.95, 1.0], &[false, true, true, true]);
/// assert_eq!(t.len(), 10);
/// assert_eq!(t[0].n, 2);
/// assert_eq!(t[0].observed, Some(0.5));
/// assert_eq!(t[9].n, 2);
/// assert_eq!(t.iter().map(|b| b.n).sum::<usize>(), 4);
/// ```
pub fn calibration(p: &[f64], y: &[bool]) -> Vec<CalibrationBin> {
    let mut bins: Vec<(usize, usize, f64)> = vec![(0, 0, 0.0); 10];
    for (&p, &y) in p.iter().zip(y) {
        let b = ((p * 10.0).floor().max(0.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += usize::from(y);
        bins[b].2 += p;
    }
    bins.into_iter()
        .enumerate()
        .map(|(i, (n, pos, sum))| CalibrationBin {
            lo: i as f64 / 10.0,
            hi: (i + 1) as f64 / 10.0,
            n,
            positives: pos,
            mean_forecast: (n > 0).then(|| sum / n as f64),
            observed: (n > 0).then(|| pos as f64 / n as f64),
        })
        .collect()
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small, seeded, portable generator
/// for the bootstrap, so intervals are the same on every machine.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (> 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// The constant forecast a skill score compares against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reference {
    /// The base rate of the cases being scored (recomputed in each resample).
    SampleRate,
    /// A fixed rate, e.g. the base rate of the training cases.
    Fixed(f64),
}

/// A bootstrap percentile interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Lower end.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Coverage, e.g. 0.95.
    pub level: f64,
    /// Resamples drawn.
    pub resamples: usize,
    /// Resamples in which the statistic was undefined (e.g. no positive
    /// case), left out of the percentiles.
    pub undefined: usize,
}

/// A percentile bootstrap interval for the Brier skill score.
///
/// Resamples whole clusters with replacement: pass each case's cluster
/// (e.g. its war) to resample wars, or `0..n` to resample cases. Seeded and
/// deterministic: the same inputs and seed give the same interval.
///
/// ```
/// use casus_backtest::score::{bootstrap_skill, Reference};
/// let p = [0.9, 0.8, 0.2, 0.1, 0.3, 0.6];
/// let y = [true, true, false, false, false, true];
/// let clusters: Vec<usize> = (0..6).collect();
/// let a = bootstrap_skill(&p, &y, &clusters, Reference::SampleRate, 500, 0.95, 7).unwrap();
/// let b = bootstrap_skill(&p, &y, &clusters, Reference::SampleRate, 500, 0.95, 7).unwrap();
/// assert_eq!(a, b);
/// assert!(a.lo <= a.hi);
/// ```
pub fn bootstrap_skill(
    p: &[f64],
    y: &[bool],
    clusters: &[usize],
    reference: Reference,
    resamples: usize,
    level: f64,
    seed: u64,
) -> Option<Interval> {
    if p.is_empty() || resamples == 0 {
        return None;
    }
    // The members of each cluster, clusters in order of first appearance.
    let mut ids: Vec<usize> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, &c) in clusters.iter().enumerate() {
        match ids.iter().position(|&x| x == c) {
            Some(k) => members[k].push(i),
            None => {
                ids.push(c);
                members.push(vec![i]);
            }
        }
    }
    let mut rng = SplitMix64::new(seed);
    let mut stats = Vec::with_capacity(resamples);
    let mut undefined = 0;
    let (mut rp, mut ry) = (Vec::new(), Vec::new());
    for _ in 0..resamples {
        rp.clear();
        ry.clear();
        for _ in 0..members.len() {
            for &i in &members[rng.below(members.len())] {
                rp.push(p[i]);
                ry.push(y[i]);
            }
        }
        let r = match reference {
            Reference::SampleRate => base_rate(&ry),
            Reference::Fixed(r) => Some(r),
        };
        match r.and_then(|r| brier_skill(&rp, &ry, r)) {
            Some(s) => stats.push(s),
            None => undefined += 1,
        }
    }
    if stats.is_empty() {
        return None;
    }
    stats.sort_by(f64::total_cmp);
    let alpha = (1.0 - level) / 2.0;
    Some(Interval {
        lo: quantile(&stats, alpha),
        hi: quantile(&stats, 1.0 - alpha),
        level,
        resamples,
        undefined,
    })
}

/// Type-7 quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brier_by_hand() {
        // (0.8−1)² + (0.3−0)² + (0.6−1)² = 0.04 + 0.09 + 0.16 = 0.29; / 3
        let b = brier(&[0.8, 0.3, 0.6], &[true, false, true]).unwrap();
        assert!((b - 0.29 / 3.0).abs() < 1e-15);
        assert_eq!(
            brier(&[0.5; 6], &[true, false, true, true, false, false]),
            Some(0.25)
        );
        assert_eq!(brier(&[], &[]), None);
    }

    #[test]
    fn log_score_by_hand_and_clamped() {
        let s = log_score(&[0.8, 0.3], &[true, false]).unwrap();
        let want = -(0.8f64.ln() + 0.7f64.ln()) / 2.0;
        assert!((s - want).abs() < 1e-15);
        // a forecast of 0 for an event that happens costs −ln(LOG_EPS), not ∞
        let s = log_score(&[0.0], &[true]).unwrap();
        assert!((s + LOG_EPS.ln()).abs() < 1e-12);
    }

    #[test]
    fn auc_by_hand() {
        // perfect, reversed, and one swapped pair of 2 × 2 = 4 pairs
        assert_eq!(
            auc(&[0.9, 0.7, 0.3, 0.1], &[true, true, false, false]),
            Some(1.0)
        );
        assert_eq!(
            auc(&[0.1, 0.3, 0.7, 0.9], &[true, true, false, false]),
            Some(0.0)
        );
        assert_eq!(
            auc(&[0.9, 0.3, 0.7, 0.1], &[true, true, false, false]),
            Some(0.75)
        );
        // constant forecasts carry no ranking
        assert_eq!(
            auc(&[0.2; 5], &[true, false, true, false, false]),
            Some(0.5)
        );
        assert_eq!(auc(&[0.2, 0.3], &[false, false]), None);
    }

    #[test]
    fn skill_against_the_base_rate() {
        let y = [true, false, false, false];
        // base-rate Brier = 0.25·0.75 = 0.1875; constant 0.5 scores 0.25
        let s = brier_skill(&[0.5; 4], &y, 0.25).unwrap();
        assert!((s - (1.0 - 0.25 / 0.1875)).abs() < 1e-15);
        assert_eq!(brier_skill(&[0.5; 2], &[false, false], 0.0), None);
        assert_eq!(base_rate(&y), Some(0.25));
    }

    #[test]
    fn calibration_counts_sum_to_cases() {
        let p: Vec<f64> = (0..=100).map(|i| i as f64 / 100.0).collect();
        let y: Vec<bool> = (0..=100).map(|i| i % 3 == 0).collect();
        let t = calibration(&p, &y);
        assert_eq!(t.iter().map(|b| b.n).sum::<usize>(), 101);
        assert_eq!(
            t.iter().map(|b| b.positives).sum::<usize>(),
            y.iter().filter(|&&b| b).count()
        );
        assert_eq!(t[9].n, 11); // 0.90 ..= 1.00
        assert!(
            t.iter()
                .all(|b| b.mean_forecast.is_none_or(|m| m >= b.lo && m <= b.hi))
        );
    }

    #[test]
    fn bootstrap_is_seeded_and_clustered() {
        let p = [0.9, 0.8, 0.2, 0.1, 0.3, 0.6, 0.05, 0.4];
        let y = [true, true, false, false, false, true, false, false];
        let cases: Vec<usize> = (0..8).collect();
        let a = bootstrap_skill(&p, &y, &cases, Reference::SampleRate, 1000, 0.95, 1).unwrap();
        let b = bootstrap_skill(&p, &y, &cases, Reference::SampleRate, 1000, 0.95, 1).unwrap();
        let c = bootstrap_skill(&p, &y, &cases, Reference::SampleRate, 1000, 0.95, 2).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let point = brier_skill(&p, &y, base_rate(&y).unwrap()).unwrap();
        assert!(a.lo <= point && point <= a.hi, "{a:?} {point}");
        // one cluster: every resample is the sample itself
        let one = [0usize; 8];
        let d = bootstrap_skill(&p, &y, &one, Reference::SampleRate, 50, 0.9, 3).unwrap();
        assert!((d.lo - point).abs() < 1e-12 && (d.hi - point).abs() < 1e-12);
        // a fixed reference
        let e = bootstrap_skill(&p, &y, &cases, Reference::Fixed(0.5), 200, 0.95, 1).unwrap();
        assert_eq!(e.undefined, 0);
        assert!(bootstrap_skill(&[], &[], &[], Reference::SampleRate, 10, 0.95, 1).is_none());
    }

    #[test]
    fn splitmix_known_values() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        let mut r = SplitMix64::new(9);
        assert!((0..1000).all(|_| r.below(7) < 7));
    }
}
