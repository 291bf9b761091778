//! Distributions for uncertain inputs (MODEL.md §1, "Uncertain inputs";
//! PERT and lognormal parametrised as in §5.21).

use rand::Rng;
use rand_distr::{Beta, Distribution as _, Normal, StandardNormal, Triangular};

use crate::cheng::ChengBB;

/// A distribution an input is drawn from, once per trial.
///
/// Parameters are checked by [`Distribution::check`] when a file is
/// validated; sampling a distribution that failed the check is a bug.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    /// `{ normal = [mean, sd] }`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (≥ 0).
        sd: f64,
    },
    /// `{ lognormal = [median, sigma] }`: `median × exp(N(0, sigma))`.
    LogNormal {
        /// Median (> 0).
        median: f64,
        /// Sigma of the underlying normal (≥ 0).
        sigma: f64,
    },
    /// `{ uniform = [lo, hi] }`.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Upper bound (≥ lo).
        hi: f64,
    },
    /// `{ triangular = [lo, mode, hi] }`.
    Triangular {
        /// Lower bound.
        lo: f64,
        /// Mode, lo ≤ mode ≤ hi.
        mode: f64,
        /// Upper bound.
        hi: f64,
    },
    /// `{ beta = [a, b] }`.
    Beta {
        /// Shape α (> 0).
        a: f64,
        /// Shape β (> 0).
        b: f64,
    },
    /// `{ pert = [lo, mode, hi] }`: `lo + (hi − lo) Beta(1 + 4(mode − lo)/(hi − lo), 1 + 4(hi − mode)/(hi − lo))`.
    Pert {
        /// Lower bound.
        lo: f64,
        /// Mode, lo ≤ mode ≤ hi.
        mode: f64,
        /// Upper bound.
        hi: f64,
    },
}

impl Distribution {
    /// The name used in scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            Distribution::Normal { .. } => "normal",
            Distribution::LogNormal { .. } => "lognormal",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Beta { .. } => "beta",
            Distribution::Pert { .. } => "pert",
        }
    }

    /// Builds a distribution from its file name and parameters, or says why not.
    ///
    /// ```
    /// use casus_core::distribution::Distribution;
    /// assert!(Distribution::from_parts("pert", &[0.1, 0.3, 0.6]).is_ok());
    /// let err = Distribution::from_parts("normal", &[0.0, -1.0]).unwrap_err();
    /// assert!(err.contains("sd"), "{err}");
    /// ```
    pub fn from_parts(name: &str, p: &[f64]) -> Result<Distribution, String> {
        let need = match name {
            "normal" | "lognormal" | "uniform" | "beta" => 2,
            "triangular" | "pert" => 3,
            _ => return Err(format!("unknown distribution `{name}`")),
        };
        if p.len() != need {
            return Err(format!("`{name}` takes {need} numbers, got {}", p.len()));
        }
        let d = match name {
            "normal" => Distribution::Normal {
                mean: p[0],
                sd: p[1],
            },
            "lognormal" => Distribution::LogNormal {
                median: p[0],
                sigma: p[1],
            },
            "uniform" => Distribution::Uniform { lo: p[0], hi: p[1] },
            "beta" => Distribution::Beta { a: p[0], b: p[1] },
            "triangular" => Distribution::Triangular {
                lo: p[0],
                mode: p[1],
                hi: p[2],
            },
            _ => Distribution::Pert {
                lo: p[0],
                mode: p[1],
                hi: p[2],
            },
        };
        d.check().map(|()| d)
    }

    /// Checks the parameters: finite, in order, and within the limits that
    /// keep sampling well defined.
    pub fn check(&self) -> Result<(), String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Distribution::Normal { mean, sd } => {
                if !finite(&[mean, sd]) {
                    return Err("normal parameters must be finite numbers".into());
                }
                if sd < 0.0 {
                    return Err(format!("normal sd must be ≥ 0, got {sd}"));
                }
            }
            Distribution::LogNormal { median, sigma } => {
                if !finite(&[median, sigma]) {
                    return Err("lognormal parameters must be finite numbers".into());
                }
                if median <= 0.0 {
                    return Err(format!("lognormal median must be > 0, got {median}"));
                }
                if !(0.0..=20.0).contains(&sigma) {
                    return Err(format!("lognormal sigma must be in 0..=20, got {sigma}"));
                }
            }
            Distribution::Uniform { lo, hi } => {
                if !finite(&[lo, hi]) {
                    return Err("uniform bounds must be finite numbers".into());
                }
                if lo > hi {
                    return Err(format!("uniform needs lo ≤ hi, got [{lo}, {hi}]"));
                }
            }
            Distribution::Triangular { lo, mode, hi } | Distribution::Pert { lo, mode, hi } => {
                if !finite(&[lo, mode, hi]) {
                    return Err(format!("{} parameters must be finite numbers", self.name()));
                }
                if !(lo <= mode && mode <= hi) {
                    return Err(format!(
                        "{} needs lo ≤ mode ≤ hi, got [{lo}, {mode}, {hi}]",
                        self.name()
                    ));
                }
            }
            Distribution::Beta { a, b } => {
                if !finite(&[a, b]) {
                    return Err("beta shapes must be finite numbers".into());
                }
                if a <= 0.0 || b <= 0.0 {
                    return Err(format!("beta shapes must be > 0, got [{a}, {b}]"));
                }
                if a > 1e6 || b > 1e6 {
                    return Err(format!("beta shapes must be ≤ 1e6, got [{a}, {b}]"));
                }
            }
        }
        Ok(())
    }

    /// The distribution's mean (used for the supply-share check of §5.20).
    ///
    /// ```
    /// use casus_core::distribution::Distribution;
    /// let d = Distribution::Pert { lo: 0.0, mode: 0.5, hi: 1.0 };
    /// assert!((d.mean() - 0.5).abs() < 1e-12);
    /// ```
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Normal { mean, .. } => mean,
            Distribution::LogNormal { median, sigma } => median * (sigma * sigma / 2.0).exp(),
            Distribution::Uniform { lo, hi } => (lo + hi) / 2.0,
            Distribution::Triangular { lo, mode, hi } => (lo + mode + hi) / 3.0,
            Distribution::Beta { a, b } => a / (a + b),
            Distribution::Pert { lo, mode, hi } => (lo + 4.0 * mode + hi) / 6.0,
        }
    }

    /// Bounds that every value [`Distribution::sample`] returns lies within,
    /// rounding included; `None` for an unbounded distribution.
    ///
    /// A draw is only ever clamped outside them, so an input whose bounds
    /// lie in its field's valid range is never clamped, whatever is drawn
    /// (what lets a trial draw it only when it is read,
    /// docs/model.md "Inputs drawn when first read").
    ///
    /// The bounds are the distribution's own where the arithmetic cannot
    /// cross them (`lo + (hi − lo) x` with `x ≥ 0` is never below `lo`), and
    /// a few units in the last place beyond them where it can: a PERT at
    /// `x = 1` can round past `hi`, a triangular draw past its mode.
    ///
    /// ```
    /// use casus_core::distribution::Distribution;
    /// let pert = Distribution::Pert { lo: 0.5, mode: 0.7, hi: 0.9 };
    /// let (lo, hi) = pert.bounds().unwrap();
    /// assert_eq!(lo, 0.5);
    /// assert!(hi > 0.9 && hi < 0.9 + 1e-14);
    /// assert_eq!(Distribution::Beta { a: 2.0, b: 3.0 }.bounds(), Some((0.0, 1.0)));
    /// assert_eq!(Distribution::Normal { mean: 0.0, sd: 1.0 }.bounds(), None);
    /// ```
    pub fn bounds(&self) -> Option<(f64, f64)> {
        // Eight units of roundoff at the larger magnitude: each form below
        // rounds a few times, each by at most half an ulp of a value at most
        // twice the larger bound (a square root halves the error it is
        // given), which this covers with room; `draws_stay_within_their_bounds`
        // checks it over random parameters.
        let slack = |lo: f64, hi: f64| 8.0 * f64::EPSILON * lo.abs().max(hi.abs());
        match *self {
            Distribution::Normal { .. } | Distribution::LogNormal { .. } => None,
            // `w / (b + w)` or `b / (b + w)` with `w`, `b` ≥ 0 (`rand_distr`
            // and `crate::cheng` alike): never outside [0, 1].
            Distribution::Beta { .. } => Some((0.0, 1.0)),
            Distribution::Uniform { lo, hi } | Distribution::Pert { lo, hi, .. } => {
                Some((lo, hi + slack(lo, hi)))
            }
            // `lo + √…` (below the mode) is never under `lo`, `hi − √…`
            // (above it) never over `hi`; but either can round a little past
            // the mode, so past the far end when the mode sits on it.
            Distribution::Triangular { lo, mode, hi } => {
                let s = slack(lo, hi);
                Some((lo.min(mode - s), hi.max(mode + s)))
            }
        }
    }

    /// Draws one value.
    ///
    /// ```
    /// use casus_core::distribution::Distribution;
    /// use casus_core::rng::{Purpose, StreamKey, TrialRng};
    /// let rng = TrialRng::new(1, 0);
    /// let mut s = rng.stream(StreamKey::new(Purpose::Sample));
    /// let x = Distribution::Uniform { lo: 2.0, hi: 3.0 }.sample(&mut s);
    /// assert!((2.0..3.0).contains(&x));
    /// ```
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sampler().sample(rng)
    }

    /// This distribution with its sampling constants computed once, for
    /// drawing it trial after trial.
    ///
    /// ```
    /// use casus_core::distribution::Distribution;
    /// use casus_core::rng::{Purpose, StreamKey, TrialRng};
    /// let pert = Distribution::Pert { lo: 0.1, mode: 0.3, hi: 0.6 };
    /// let sampler = pert.sampler();
    /// let draw = |d: &dyn Fn(&mut casus_core::rng::Stream) -> f64| {
    ///     d(&mut TrialRng::new(1, 0).stream(StreamKey::new(Purpose::Sample)))
    /// };
    /// // The same numbers as sampling the distribution itself.
    /// assert_eq!(draw(&|s| sampler.sample(s)), draw(&|s| pert.sample(s)));
    /// ```
    pub fn sampler(&self) -> Sampler {
        let prepared = match *self {
            Distribution::Triangular { lo, mode, hi } if lo != hi => {
                Prepared::Triangular(Triangular::new(lo, hi, mode).expect("checked parameters"))
            }
            Distribution::Beta { a, b } => beta(a, b),
            Distribution::Pert { lo, mode, hi } if lo != hi => {
                let a = 1.0 + 4.0 * (mode - lo) / (hi - lo);
                let b = 1.0 + 4.0 * (hi - mode) / (hi - lo);
                beta(a, b)
            }
            _ => Prepared::Direct,
        };
        Sampler {
            distribution: *self,
            prepared,
        }
    }
}

/// A [`Distribution`] ready to draw: the constants of its Triangular or Beta
/// sampler are computed when it is made, not at every draw.
#[derive(Clone, Copy, Debug)]
pub struct Sampler {
    distribution: Distribution,
    prepared: Prepared,
}

#[derive(Clone, Copy, Debug)]
enum Prepared {
    Direct,
    Triangular(Triangular<f64>),
    /// Cheng's BB, which [`crate::cheng`] can draw side by side.
    Cheng(ChengBB),
    /// Other shapes (one at or below 1): Cheng's BC, by `rand_distr`.
    Beta(Beta<f64>),
}

/// Beta(a, b) ready to draw: by [`ChengBB`] when both shapes are above 1,
/// else by `rand_distr` (the same algorithms, so the same numbers).
fn beta(a: f64, b: f64) -> Prepared {
    match ChengBB::new(a, b) {
        Some(c) => Prepared::Cheng(c),
        None => Prepared::Beta(Beta::new(a, b).expect("checked parameters")),
    }
}

impl Sampler {
    /// Its Cheng BB constants, when it draws a Beta variate that way.
    pub(crate) fn cheng(&self) -> Option<ChengBB> {
        match self.prepared {
            Prepared::Cheng(c) => Some(c),
            _ => None,
        }
    }

    /// The value of a sampler that draws a Beta variate (by [`Sampler::cheng`]
    /// or `rand_distr`), given the variate `x`: `x` itself, or a PERT's
    /// `lo + (hi − lo) x`.
    pub(crate) fn value_of_beta(&self, x: f64) -> f64 {
        match self.distribution {
            Distribution::Pert { lo, hi, .. } => lo + (hi - lo) * x,
            _ => x,
        }
    }

    /// Draws one value (see [`Distribution::sampler`]).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match (self.distribution, &self.prepared) {
            (Distribution::Normal { mean, sd }, _) => {
                let z: f64 = StandardNormal.sample(rng);
                mean + sd * z
            }
            (Distribution::LogNormal { median, sigma }, _) => {
                let z: f64 = StandardNormal.sample(rng);
                median * (sigma * z).exp()
            }
            (Distribution::Uniform { lo, hi }, _) => {
                let u = crate::rng::uniform01(rng);
                lo + (hi - lo) * u
            }
            (Distribution::Triangular { .. }, Prepared::Triangular(t)) => t.sample(rng),
            (_, Prepared::Cheng(c)) => self.value_of_beta(c.sample(rng)),
            (_, Prepared::Beta(beta)) => self.value_of_beta(beta.sample(rng)),
            // A triangular or PERT distribution with lo = hi is that point.
            (Distribution::Triangular { lo, .. } | Distribution::Pert { lo, .. }, _) => lo,
            (Distribution::Beta { .. }, _) => unreachable!("a Beta sampler is always prepared"),
        }
    }
}

/// A standard normal draw from any generator (ziggurat, `rand_distr`).
#[inline]
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    StandardNormal.sample(rng)
}

/// A normal draw with the given mean and standard deviation.
pub fn normal<R: Rng + ?Sized>(rng: &mut R, mean: f64, sd: f64) -> f64 {
    Normal::new(mean, sd).map_or(mean, |d| d.sample(rng))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, StreamKey, TrialRng};

    fn moments(d: Distribution, n: u32) -> (f64, f64) {
        let rng = TrialRng::new(5, 0);
        let xs: Vec<f64> = (0..n)
            .map(|i| d.sample(&mut rng.stream(StreamKey::new(Purpose::Sample).entity(i))))
            .collect();
        let m = xs.iter().sum::<f64>() / f64::from(n);
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / f64::from(n - 1);
        (m, v.sqrt())
    }

    /// Each distribution's sample mean lies within 5 standard errors of its
    /// analytic mean.
    #[test]
    fn sample_means_match_analytic_means() {
        let n = 40_000;
        for d in [
            Distribution::Normal { mean: 3.0, sd: 2.0 },
            Distribution::LogNormal {
                median: 1.0,
                sigma: 0.5,
            },
            Distribution::Uniform { lo: -1.0, hi: 3.0 },
            Distribution::Triangular {
                lo: 0.0,
                mode: 0.2,
                hi: 1.0,
            },
            Distribution::Beta { a: 2.0, b: 5.0 },
            Distribution::Pert {
                lo: 0.1,
                mode: 0.3,
                hi: 0.9,
            },
        ] {
            let (m, sd) = moments(d, n);
            let se = sd / f64::from(n).sqrt();
            assert!(
                (m - d.mean()).abs() < 5.0 * se,
                "{d:?}: {m} vs {}",
                d.mean()
            );
        }
    }

    #[test]
    fn degenerate_ranges_return_their_point() {
        let rng = TrialRng::new(1, 1);
        let mut s = rng.stream(StreamKey::new(Purpose::Sample));
        assert_eq!(
            Distribution::Pert {
                lo: 2.0,
                mode: 2.0,
                hi: 2.0
            }
            .sample(&mut s),
            2.0
        );
        assert_eq!(
            Distribution::Triangular {
                lo: 2.0,
                mode: 2.0,
                hi: 2.0
            }
            .sample(&mut s),
            2.0
        );
        assert_eq!(
            Distribution::Normal { mean: 2.0, sd: 0.0 }.sample(&mut s),
            2.0
        );
    }

    /// Bounded parameters, with modes on their ends as often as inside, at
    /// magnitudes from 1e-3 to 1e6 and of either sign.
    fn bounded() -> impl proptest::strategy::Strategy<Value = Distribution> {
        use proptest::prelude::*;
        let end = prop_oneof![-1e6..1e6f64, -1.0..1.0f64, 0.0..1e-3f64];
        let shape = prop_oneof![0.05..1.0f64, 1.0..50.0f64];
        (
            end.clone(),
            end,
            0.0..1.0f64,
            0usize..3,
            0usize..4,
            shape.clone(),
            shape,
        )
            .prop_map(|(x, y, f, m, kind, a, b)| {
                let (lo, hi) = (x.min(y), x.max(y));
                let mode = [lo, hi, lo + (hi - lo) * f][m];
                match kind {
                    0 => Distribution::Uniform { lo, hi },
                    1 => Distribution::Triangular { lo, mode, hi },
                    2 => Distribution::Pert { lo, mode, hi },
                    _ => Distribution::Beta { a, b },
                }
            })
    }

    proptest::proptest! {
        /// Every draw lies within [`Distribution::bounds`], so that an input
        /// whose bounds lie in its field's range is never clamped.
        #[test]
        fn draws_stay_within_their_bounds(d in bounded(), seed in 0u64..1 << 40) {
            let (lo, hi) = d.bounds().expect("bounded");
            let sampler = d.sampler();
            let rng = TrialRng::new(seed, 0);
            for k in 0..200 {
                let x = sampler.sample(&mut rng.stream(StreamKey::new(Purpose::Sample).entity(k)));
                proptest::prop_assert!(lo <= x && x <= hi, "{d:?}: {x} outside [{lo}, {hi}]");
            }
        }
    }

    /// The slack of [`Distribution::bounds`] is needed: a PERT's variate
    /// of 1 can round past its upper end.
    #[test]
    fn a_pert_can_round_past_its_upper_end() {
        let (lo, hi) = (-0.1, 0.3);
        let pert = Distribution::Pert { lo, mode: 0.1, hi }.sampler();
        let top = pert.value_of_beta(1.0);
        assert!(top > hi, "{top}");
        assert!(top <= pert.distribution.bounds().expect("bounded").1);
    }

    #[test]
    fn bad_parameters_are_refused() {
        for (name, p) in [
            ("normal", vec![0.0, f64::NAN]),
            ("uniform", vec![1.0, 0.0]),
            ("pert", vec![0.0, 2.0, 1.0]),
            ("beta", vec![0.0, 1.0]),
            ("lognormal", vec![-1.0, 0.5]),
            ("lognormal", vec![1.0, f64::INFINITY]),
            ("gamma", vec![1.0, 1.0]),
            ("normal", vec![1.0]),
        ] {
            assert!(Distribution::from_parts(name, &p).is_err(), "{name} {p:?}");
        }
    }
}
