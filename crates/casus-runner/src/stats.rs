//! The statistics of MODEL.md §4 and §5.22: Wilson score intervals, means
//! with normal intervals, and type-7 quantiles.

use statrs::distribution::{ContinuousCDF, Normal};

/// The two-sided normal quantile for confidence `level`, e.g. 1.959964 for 0.95.
///
/// ```
/// let z = casus_runner::stats::z_for(0.95);
/// assert!((z - 1.959964).abs() < 1e-6);
/// ```
pub fn z_for(level: f64) -> f64 {
    Normal::standard().inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

/// A proportion with its Wilson score interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proportion {
    /// Successes.
    pub k: u64,
    /// Trials (or decisions) it is a share of.
    pub n: u64,
    /// `k / n`; `None` when `n = 0`.
    pub p: Option<f64>,
    /// Lower bound.
    pub lo: Option<f64>,
    /// Upper bound.
    pub hi: Option<f64>,
}

/// The Wilson score interval for `k` successes in `n` trials.
///
/// ```
/// let w = casus_runner::stats::wilson(50, 100, 1.959964);
/// assert!((w.lo.unwrap() - 0.4038).abs() < 1e-4 && (w.hi.unwrap() - 0.5962).abs() < 1e-4);
/// assert_eq!(casus_runner::stats::wilson(0, 0, 1.96).p, None);
/// ```
pub fn wilson(k: u64, n: u64, z: f64) -> Proportion {
    if n == 0 {
        return Proportion {
            k,
            n,
            p: None,
            lo: None,
            hi: None,
        };
    }
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z / denom * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    Proportion {
        k,
        n,
        p: Some(p),
        lo: Some((centre - half).max(0.0)),
        hi: Some((centre + half).min(1.0)),
    }
}

/// A mean with its normal interval `mean ± z·sd/√n`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mean {
    /// Number of values.
    pub n: u64,
    /// The mean; `None` when `n = 0`.
    pub mean: Option<f64>,
    /// Sample standard deviation; `None` when `n < 2`.
    pub sd: Option<f64>,
    /// Lower bound.
    pub lo: Option<f64>,
    /// Upper bound.
    pub hi: Option<f64>,
}

/// The mean of `n` values with sum `sum` and sum of squares `sum_sq`.
///
/// ```
/// let m = casus_runner::stats::mean(4, 10.0, 30.0, 1.96); // 1, 2, 3, 4
/// assert_eq!(m.mean, Some(2.5));
/// assert!((m.sd.unwrap() - 1.2909944).abs() < 1e-6);
/// ```
pub fn mean(n: u64, sum: f64, sum_sq: f64, z: f64) -> Mean {
    if n == 0 {
        return Mean {
            n,
            mean: None,
            sd: None,
            lo: None,
            hi: None,
        };
    }
    let nf = n as f64;
    let m = sum / nf;
    if n < 2 {
        return Mean {
            n,
            mean: Some(m),
            sd: None,
            lo: Some(m),
            hi: Some(m),
        };
    }
    let var = ((sum_sq - nf * m * m) / (nf - 1.0)).max(0.0);
    let sd = var.sqrt();
    let half = z * sd / nf.sqrt();
    Mean {
        n,
        mean: Some(m),
        sd: Some(sd),
        lo: Some(m - half),
        hi: Some(m + half),
    }
}

/// The type-7 quantile `q` (Hyndman & Fan 1996) of `n` sorted values, read
/// through `value(i)` (the `i`-th smallest, from 0).
///
/// ```
/// let xs = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(casus_runner::stats::quantile7(4, 0.5, |i| xs[i as usize]), Some(2.5));
/// ```
pub fn quantile7(n: u64, q: f64, value: impl Fn(u64) -> f64) -> Option<f64> {
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as u64;
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (value(lo), value(hi));
    Some(a + (h - lo as f64) * (b - a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn wilson_brackets_the_estimate(k in 0u64..1000, extra in 0u64..1000, level in 0.5f64..0.999) {
            let n = k + extra;
            let w = wilson(k, n, z_for(level));
            if n > 0 {
                let (p, lo, hi) = (w.p.unwrap(), w.lo.unwrap(), w.hi.unwrap());
                prop_assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
                prop_assert!(lo <= p + 1e-12 && p <= hi + 1e-12);
            }
        }
    }

    #[test]
    fn quantiles_of_one_value() {
        assert_eq!(quantile7(1, 0.95, |_| 7.0), Some(7.0));
        assert_eq!(quantile7(0, 0.5, |_| 7.0), None);
    }
}
