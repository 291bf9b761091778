//! Which uncertain inputs drive a figure: a one-at-a-time tornado and
//! variance-based (Sobol) indices.
//!
//! The model is stochastic even with its inputs fixed, so a figure at an
//! input point is itself an estimate over `m` trials. Every point uses the
//! same trial indices (common random numbers), which removes most of that
//! noise from the differences the estimators are built on.

use casus_core::distribution::Distribution;
use casus_core::model::Scenario;
use casus_core::rng::{Purpose, StreamKey, TrialRng, uniform01};
use statrs::distribution::{Beta, ContinuousCDF, Normal};

/// The `p`-quantile of `d` (inverse CDF), `0 < p < 1`.
///
/// ```
/// use casus_core::distribution::Distribution;
/// use casus_runner::sensitivity::quantile;
/// assert_eq!(quantile(&Distribution::Uniform { lo: 2.0, hi: 4.0 }, 0.25), 2.5);
/// let median = quantile(&Distribution::LogNormal { median: 3.0, sigma: 0.7 }, 0.5);
/// assert!((median - 3.0).abs() < 1e-12);
/// ```
pub fn quantile(d: &Distribution, p: f64) -> f64 {
    let z = || Normal::standard().inverse_cdf(p);
    let beta = |a: f64, b: f64| Beta::new(a, b).map_or(0.5, |x| x.inverse_cdf(p));
    match *d {
        Distribution::Normal { mean, sd } => mean + sd * z(),
        Distribution::LogNormal { median, sigma } => median * (sigma * z()).exp(),
        Distribution::Uniform { lo, hi } => lo + (hi - lo) * p,
        Distribution::Triangular { lo, mode, hi } => {
            if hi == lo {
                return lo;
            }
            let f = (mode - lo) / (hi - lo);
            if p < f {
                lo + (p * (hi - lo) * (mode - lo)).sqrt()
            } else {
                hi - ((1.0 - p) * (hi - lo) * (hi - mode)).sqrt()
            }
        }
        Distribution::Beta { a, b } => beta(a, b),
        Distribution::Pert { lo, mode, hi } => {
            if hi == lo {
                return lo;
            }
            let a = 1.0 + 4.0 * (mode - lo) / (hi - lo);
            let b = 1.0 + 4.0 * (hi - mode) / (hi - lo);
            lo + (hi - lo) * beta(a, b)
        }
    }
}

/// `scenario` with every uncertain input fixed at `values` (clamped and
/// rounded like a draw), so that no input is drawn any more.
pub fn fixed(scenario: &Scenario, values: &[f64]) -> Scenario {
    let mut s = scenario.clone();
    for (input, &v) in scenario.uncertain.iter().zip(values) {
        let (v, _) = input.slot.range().clamp(v);
        s.set(input.slot, v);
    }
    s.uncertain.clear();
    s
}

/// The input values of Sobol sample `j` from matrix `which` (0 = A, 1 = B):
/// uniforms from the counter-based streams, through each input's quantile.
pub fn sample_point(scenario: &Scenario, seed: u64, j: u32, which: u32) -> Vec<f64> {
    let rng = TrialRng::new(seed, j);
    scenario
        .uncertain
        .iter()
        .map(|u| {
            let mut s =
                rng.stream(StreamKey::new(Purpose::Sample).pair(u.key, 0x50B0_0000 | which));
            // Strictly inside (0, 1), where every quantile is finite.
            let p = (uniform01(&mut s) + 0.5 / (1u64 << 53) as f64).clamp(1e-12, 1.0 - 1e-12);
            quantile(&u.distribution, p)
        })
        .collect()
}

/// One input's Sobol indices with bootstrap intervals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SobolIndex {
    /// First-order index `S_i` (Saltelli 2010 estimator).
    pub first: f64,
    /// Its bootstrap interval.
    pub first_ci: [f64; 2],
    /// Total-order index `S_Ti` (Jansen 1999 estimator).
    pub total: f64,
    /// Its bootstrap interval.
    pub total_ci: [f64; 2],
}

fn indices(f_a: &[f64], f_b: &[f64], f_ab: &[Vec<f64>], rows: &[usize]) -> Vec<(f64, f64)> {
    let n = rows.len() as f64;
    let all = rows.iter().flat_map(|&j| [f_a[j], f_b[j]]);
    let mean = all.clone().sum::<f64>() / (2.0 * n);
    let var = all.map(|y| (y - mean).powi(2)).sum::<f64>() / (2.0 * n - 1.0);
    f_ab.iter()
        .map(|f_i| {
            if var <= 0.0 {
                return (0.0, 0.0);
            }
            let first = rows
                .iter()
                .map(|&j| f_b[j] * (f_i[j] - f_a[j]))
                .sum::<f64>()
                / n
                / var;
            let total =
                rows.iter().map(|&j| (f_a[j] - f_i[j]).powi(2)).sum::<f64>() / (2.0 * n) / var;
            (first, total)
        })
        .collect()
}

/// First-order and total Sobol indices from the model evaluated at the rows
/// of matrices A and B and at each `AB_i` (A with column `i` from B), with
/// percentile bootstrap intervals over the rows (`resamples` resamples,
/// seeded, at confidence `level`).
///
/// ```
/// // y = x1 + 0·x2: all variance is x1's.
/// use casus_runner::sensitivity::sobol;
/// let a: Vec<[f64; 2]> = (0..500).map(|j| [(j as f64 * 0.618).fract(), (j as f64 * 0.414).fract()]).collect();
/// let b: Vec<[f64; 2]> = (0..500).map(|j| [(j as f64 * 0.732).fract(), (j as f64 * 0.318).fract()]).collect();
/// let f = |x: [f64; 2]| x[0];
/// let f_a: Vec<f64> = a.iter().map(|&x| f(x)).collect();
/// let f_b: Vec<f64> = b.iter().map(|&x| f(x)).collect();
/// let f_ab: Vec<Vec<f64>> = (0..2).map(|i| a.iter().zip(&b).map(|(x, y)| { let mut z = *x; z[i] = y[i]; f(z) }).collect()).collect();
/// let s = sobol(&f_a, &f_b, &f_ab, 200, 1, 0.95);
/// assert!((s[0].total - 1.0).abs() < 0.1 && s[1].total.abs() < 1e-12);
/// ```
pub fn sobol(
    f_a: &[f64],
    f_b: &[f64],
    f_ab: &[Vec<f64>],
    resamples: u32,
    seed: u64,
    level: f64,
) -> Vec<SobolIndex> {
    let n = f_a.len();
    let rows: Vec<usize> = (0..n).collect();
    let point = indices(f_a, f_b, f_ab, &rows);
    let mut boot: Vec<Vec<(f64, f64)>> = Vec::with_capacity(resamples as usize);
    let mut pick = vec![0usize; n];
    for r in 0..resamples {
        let rng = TrialRng::new(seed, r);
        let mut s = rng.stream(StreamKey::new(Purpose::Sample).entity(0xB007));
        for p in &mut pick {
            *p = ((uniform01(&mut s) * n as f64) as usize).min(n - 1);
        }
        boot.push(indices(f_a, f_b, f_ab, &pick));
    }
    let tail = (1.0 - level) / 2.0;
    let ci = |mut xs: Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        let q = |p: f64| {
            crate::stats::quantile7(xs.len() as u64, p, |i| xs[i as usize]).unwrap_or(f64::NAN)
        };
        [q(tail), q(1.0 - tail)]
    };
    point
        .iter()
        .enumerate()
        .map(|(i, &(first, total))| SobolIndex {
            first,
            first_ci: ci(boot.iter().map(|b| b[i].0).collect()),
            total,
            total_ci: ci(boot.iter().map(|b| b[i].1).collect()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Ishigami function, a = 7, b = 0.1, inputs uniform on [−π, π]:
    /// analytic S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    /// (Ishigami & Homma 1990; Saltelli et al. 2010). Each analytic index
    /// must lie in the bootstrap interval of its estimate.
    #[test]
    fn ishigami_indices_are_recovered_within_their_bootstrap_intervals() {
        let (a, b) = (7.0, 0.1);
        let f = |x: [f64; 3]| x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin();
        let n = 20_000u32;
        let draw = |j: u32, which: u32| -> [f64; 3] {
            let rng = TrialRng::new(2024, j);
            std::array::from_fn(|i| {
                let mut s = rng.stream(StreamKey::new(Purpose::Sample).pair(i as u32, which));
                std::f64::consts::PI * (2.0 * uniform01(&mut s) - 1.0)
            })
        };
        let (ma, mb): (Vec<_>, Vec<_>) = (0..n).map(|j| (draw(j, 0), draw(j, 1))).unzip();
        let f_a: Vec<f64> = ma.iter().map(|&x| f(x)).collect();
        let f_b: Vec<f64> = mb.iter().map(|&x| f(x)).collect();
        let f_ab: Vec<Vec<f64>> = (0..3)
            .map(|i| {
                ma.iter()
                    .zip(&mb)
                    .map(|(x, y)| {
                        let mut z = *x;
                        z[i] = y[i];
                        f(z)
                    })
                    .collect()
            })
            .collect();
        let s = sobol(&f_a, &f_b, &f_ab, 300, 7, 0.95);
        let s1 = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            let [lo, hi] = s[i].first_ci;
            assert!(
                lo <= s1[i] && s1[i] <= hi,
                "S1[{i}] = {:.4} [{lo:.4}, {hi:.4}] vs {}",
                s[i].first,
                s1[i]
            );
            let [lo, hi] = s[i].total_ci;
            assert!(
                lo <= st[i] && st[i] <= hi,
                "ST[{i}] = {:.4} [{lo:.4}, {hi:.4}] vs {}",
                s[i].total,
                st[i]
            );
        }
    }

    #[test]
    fn quantiles_invert_the_distributions() {
        for d in [
            Distribution::Normal { mean: 1.0, sd: 2.0 },
            Distribution::Triangular {
                lo: 0.0,
                mode: 0.3,
                hi: 1.0,
            },
            Distribution::Pert {
                lo: 0.1,
                mode: 0.3,
                hi: 0.9,
            },
            Distribution::Beta { a: 2.0, b: 5.0 },
        ] {
            // The share of draws below the 0.1 and 0.9 quantiles.
            let n = 20_000u32;
            let (q1, q9) = (quantile(&d, 0.1), quantile(&d, 0.9));
            let rng = TrialRng::new(3, 0);
            let draws: Vec<f64> = (0..n)
                .map(|j| d.sample(&mut rng.stream(StreamKey::new(Purpose::Sample).entity(j))))
                .collect();
            let below = |q: f64| draws.iter().filter(|&&x| x < q).count() as f64 / f64::from(n);
            let se = (0.09f64 / f64::from(n)).sqrt();
            assert!((below(q1) - 0.1).abs() < 5.0 * se, "{d:?}");
            assert!((below(q9) - 0.9).abs() < 5.0 * se, "{d:?}");
        }
    }
}
