//! Beta draws by Cheng's algorithm BB (R. C. H. Cheng, "Generating beta
//! variates with nonintegral shape parameters", CACM 21(4), 1978), for two
//! shapes above 1: every PERT input, and Beta inputs with such shapes.
//!
//! `rand_distr::Beta` draws them with the same algorithm, one at a time.
//! Each try is a chain of dependent `ln` and `exp` calls, so a trial's
//! several Beta inputs, drawn one after the other, wait on each other's
//! chains. [`draw_side_by_side`] runs the first try of several draws stage
//! by stage instead (every draw's first `ln`, then every `exp`, then the
//! remaining `ln`s, computed even where the first squeeze would have spared
//! them), so the chains overlap; the comparisons that follow see the same
//! values, and a rejected draw goes on alone. Every operation is the one
//! `rand_distr` performs, in the same order, on the same uniforms, so the
//! draws are the same bits (tests below, against `rand_distr` itself).

use rand::distr::Open01;
use rand::{Rng, RngExt};

/// Cheng's BB constants for Beta(a0, b0), `min(a0, b0) > 1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ChengBB {
    /// The smaller shape.
    a: f64,
    /// The larger shape.
    b: f64,
    alpha: f64,
    beta: f64,
    gamma: f64,
    /// Whether `a0 ≥ b0`, so the draw is `b / (b + w)`.
    switched: bool,
}

/// What a first try computes before it decides.
#[derive(Clone, Copy, Debug, Default)]
struct Try {
    u1: f64,
    u2: f64,
    v: f64,
    w: f64,
}

impl ChengBB {
    /// The constants, or `None` unless both shapes are above 1 (Cheng's BC
    /// covers the rest; `rand_distr::Beta` draws those).
    pub(crate) fn new(a0: f64, b0: f64) -> Option<Self> {
        let (a, b, switched) = if a0 < b0 {
            (a0, b0, false)
        } else {
            (b0, a0, true)
        };
        if a.is_nan() || a <= 1.0 || !b.is_finite() {
            return None;
        }
        let alpha = a + b;
        let beta = ((alpha - 2.0) / (2.0 * a * b - alpha)).sqrt();
        let gamma = a + 1.0 / beta;
        Some(ChengBB {
            a,
            b,
            alpha,
            beta,
            gamma,
            switched,
        })
    }

    /// Step 1 up to `w`: `v = β ln(u1 / (1 − u1))`, `w = a e^v`.
    #[inline]
    fn v(&self, u1: f64) -> f64 {
        self.beta * (u1 / (1.0 - u1)).ln()
    }

    /// `ln z`, `z = u1² u2`: the logarithm step 3 needs.
    #[inline]
    fn ln_z(x: Try) -> f64 {
        (x.u1 * x.u1 * x.u2).ln()
    }

    /// `ln(α / (b + w))`: the logarithm step 4 needs.
    #[inline]
    fn ln_q(&self, x: Try) -> f64 {
        (self.alpha / (self.b + x.w)).ln()
    }

    /// Steps 2 to 4: whether the try is accepted, given its [`Self::ln_z`]
    /// and [`Self::ln_q`], called only if a step needs them.
    #[inline]
    fn accepts(&self, x: Try, ln_z: impl FnOnce() -> f64, ln_q: impl FnOnce() -> f64) -> bool {
        let z = x.u1 * x.u1 * x.u2;
        let r = self.gamma * x.v - 4f64.ln();
        let s = self.a + r - x.w;
        if s + 1.0 + 5f64.ln() >= 5.0 * z {
            return true;
        }
        let t = ln_z();
        if s >= t {
            return true;
        }
        // Not "≥": a NaN accepts, as in `rand_distr`.
        (r + self.alpha * ln_q()).partial_cmp(&t) != Some(std::cmp::Ordering::Less)
    }

    /// The variate from an accepted try's `w`.
    #[inline]
    fn variate(&self, w: f64) -> f64 {
        if self.switched {
            self.b / (self.b + w)
        } else if w == f64::INFINITY {
            1.0
        } else {
            w / (self.b + w)
        }
    }

    fn first_uniforms<R: Rng + ?Sized>(rng: &mut R) -> (f64, f64) {
        let u1: f64 = rng.sample(Open01);
        let u2: f64 = rng.sample(Open01);
        (u1, u2)
    }

    /// One draw, tries one after the other.
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let (u1, u2) = Self::first_uniforms(rng);
            let v = self.v(u1);
            let x = Try {
                u1,
                u2,
                v,
                w: self.a * v.exp(),
            };
            if self.accepts(x, || Self::ln_z(x), || self.ln_q(x)) {
                return self.variate(x.w);
            }
        }
    }
}

/// Most draws run side by side; more are taken in groups of this many.
pub(crate) const LANES: usize = 4;

/// Draws `out[i]` from `bb[i]` on `rngs[i]` for every `i`, with the first
/// tries side by side: the same values as `bb[i].sample(rngs[i])` each.
pub(crate) fn draw_side_by_side<R: Rng>(bb: &[ChengBB], rngs: &mut [R], out: &mut [f64]) {
    debug_assert!(bb.len() <= LANES && rngs.len() == bb.len() && out.len() == bb.len());
    let n = bb.len().min(rngs.len()).min(out.len()).min(LANES);
    let mut tries = [Try::default(); LANES];
    for ((x, rng), c) in tries.iter_mut().zip(rngs.iter_mut()).zip(bb).take(n) {
        (x.u1, x.u2) = ChengBB::first_uniforms(rng);
        x.v = c.v(x.u1);
    }
    for (x, c) in tries.iter_mut().zip(bb).take(n) {
        x.w = c.a * x.v.exp();
    }
    let mut logs = [[0.0; 2]; LANES];
    for ((l, x), c) in logs.iter_mut().zip(&tries).zip(bb).take(n) {
        *l = [ChengBB::ln_z(*x), c.ln_q(*x)];
    }
    for i in 0..n {
        let (c, x, [ln_z, ln_q]) = (&bb[i], tries[i], logs[i]);
        out[i] = if c.accepts(x, || ln_z, || ln_q) {
            c.variate(x.w)
        } else {
            c.sample(&mut rngs[i])
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream, StreamKey, TrialRng};
    use proptest::prelude::*;
    use rand_distr::Distribution as _;

    fn stream(rng: &TrialRng, e: u32) -> Stream<'_> {
        rng.stream(StreamKey::new(Purpose::Sample).entity(e))
    }

    /// The shapes of the bundled files' PERT inputs, and others.
    const SHAPES: [(f64, f64); 6] = [
        (3.0, 3.0),
        (2.714_285_714_285_714, 3.285_714_285_714_286),
        (3.666_666_666_666_667, 2.333_333_333_333_333),
        (1.000_001, 5.0),
        (4.5, 5.5),
        (40.0, 1.5),
    ];

    #[test]
    fn draws_what_rand_distr_draws() {
        for &(a, b) in &SHAPES {
            let ours = ChengBB::new(a, b).expect("shapes above 1");
            let theirs = rand_distr::Beta::new(a, b).expect("valid");
            for k in 0..20_000 {
                let x = ours.sample(&mut stream(&TrialRng::new(1, k), 3));
                let y = theirs.sample(&mut stream(&TrialRng::new(1, k), 3));
                assert_eq!(x.to_bits(), y.to_bits(), "Beta({a}, {b}), trial {k}");
            }
        }
    }

    #[test]
    fn side_by_side_draws_what_one_at_a_time_draws() {
        for n in 1..=LANES {
            let bb: Vec<ChengBB> = SHAPES[..n]
                .iter()
                .map(|&(a, b)| ChengBB::new(a, b).expect("shapes above 1"))
                .collect();
            for k in 0..20_000 {
                let rng = TrialRng::new(2, k);
                let mut rngs: Vec<Stream> = (0..n as u32).map(|e| stream(&rng, e)).collect();
                let mut out = [0.0; LANES];
                draw_side_by_side(&bb, &mut rngs, &mut out[..n]);
                for (e, c) in bb.iter().enumerate() {
                    let alone = c.sample(&mut stream(&TrialRng::new(2, k), e as u32));
                    assert_eq!(out[e].to_bits(), alone.to_bits(), "{n} lanes, trial {k}");
                }
            }
        }
    }

    #[test]
    fn shapes_at_or_below_one_are_left_to_rand_distr() {
        assert!(ChengBB::new(1.0, 3.0).is_none());
        assert!(ChengBB::new(3.0, 0.5).is_none());
        assert!(ChengBB::new(f64::NAN, 3.0).is_none());
        assert!(ChengBB::new(2.0, f64::INFINITY).is_none());
    }

    proptest! {
        #[test]
        fn any_shapes_above_one(a in 1.0001f64..60.0, b in 1.0001f64..60.0, k in 0u32..1_000_000) {
            let ours = ChengBB::new(a, b).expect("shapes above 1");
            let theirs = rand_distr::Beta::new(a, b).expect("valid");
            let x = ours.sample(&mut stream(&TrialRng::new(9, k), 1));
            let y = theirs.sample(&mut stream(&TrialRng::new(9, k), 1));
            prop_assert_eq!(x.to_bits(), y.to_bits());
        }
    }
}
