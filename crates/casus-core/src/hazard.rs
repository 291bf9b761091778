//! A per-step hazard `h` fires with probability `1 − exp(−h)` (MODEL.md §2:
//! escalation, ceasefire and entry hazards).
//!
//! [`fires`] decides `draw < 1 − exp(−h)` exactly as that expression does in
//! floating point, but calls `exp` only when the draw falls in a narrow band
//! around the threshold; elsewhere the bounds `h − h²/2 ≤ 1 − exp(−h) ≤ h`
//! settle it. A trial makes a few such decisions a step, and `exp` is a
//! library call whose latency sits on the trial's critical path.

/// Room left for the rounding of `1.0 - (-h).exp()`: that expression is
/// within 2⁻⁵² of `1 − e^{−h}` when `exp` errs by at most an ulp (the
/// subtraction is exact for `exp(−h) ≥ 1/2`, and rounds by half an ulp of a
/// value above 1/2 otherwise). This margin is 4,500 times that, so a
/// platform's `exp` may err by thousands of ulps and still give the same
/// decisions, and the band that needs `exp` stays negligible.
const MARGIN: f64 = 1e-12;

/// Whether a hazard `h` fires on a uniform `draw` in [0, 1): the value of
/// `draw < 1.0 - (-h).exp()`, bit for bit, for every `h` (negative, NaN and
/// infinite ones included).
///
/// ```
/// use casus_core::hazard::fires;
/// assert!(fires(0.2, 0.1));   // far below 1 − e^-0.2 = 0.181
/// assert!(!fires(0.2, 0.19)); // above it
/// assert_eq!(fires(0.2, 0.1812), 0.1812 < 1.0 - (-0.2f64).exp());
/// assert!(!fires(0.0, 0.0));
/// ```
#[inline]
pub fn fires(h: f64, draw: f64) -> bool {
    // 1 − e^{−h} ≤ h for every h (e^x ≥ 1 + x); for h < 1 the sum below
    // rounds by less than an ulp of 1/2, far inside the margin.
    if h < 1.0 && draw >= h + MARGIN {
        return false;
    }
    // 1 − e^{−h} ≥ h − h²/2 for h ≥ 0 (the alternating series); the bound
    // is rounded by a few ulps of a value below 1.
    if h >= 0.0 && draw < h - 0.5 * h * h - MARGIN {
        return true;
    }
    draw < 1.0 - (-h).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn direct(h: f64, draw: f64) -> bool {
        draw < 1.0 - (-h).exp()
    }

    /// Draws at the threshold itself, one ulp either side, and at the two
    /// bounds the shortcut uses, for hazards across every regime.
    #[test]
    fn agrees_at_and_around_the_threshold() {
        let mut hs = vec![
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            1e-300,
            1e-17,
            1e-16,
            2.2e-16,
            1e-15,
            1e-12,
            1e-9,
            1e-6,
            0.001,
            0.03,
            0.1,
            0.5,
            std::f64::consts::LN_2,
            0.999_999,
            1.0,
            1.5,
            5.0,
            36.0,
            40.0,
            800.0,
            -1e-300,
            -1e-15,
            -0.1,
            -2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        hs.extend((1..400).map(|i| f64::from(i) * 0.0037));
        for &h in &hs {
            let q = 1.0 - (-h).exp();
            let mut draws = vec![0.0, 1.0 - f64::EPSILON / 2.0];
            for x in [q, h, h - 0.5 * h * h, h + MARGIN, h - 0.5 * h * h - MARGIN] {
                if x.is_finite() {
                    draws.extend([x, x.next_up(), x.next_down()]);
                }
            }
            for d in draws.into_iter().filter(|d| (0.0..1.0).contains(d)) {
                assert_eq!(fires(h, d), direct(h, d), "h = {h:e}, draw = {d:e}");
            }
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_expression(h in -2.0f64..50.0, draw in 0.0f64..1.0) {
            prop_assert_eq!(fires(h, draw), direct(h, draw));
        }

        #[test]
        fn agrees_near_the_threshold(h in 0.0f64..3.0, ulps in -64i64..64) {
            let q = 1.0 - (-h).exp();
            let draw = f64::from_bits((q.to_bits() as i64 + ulps).max(0) as u64);
            prop_assume!((0.0..1.0).contains(&draw));
            prop_assert_eq!(fires(h, draw), direct(h, draw));
        }
    }
}
