//! War step 4: combat, a discretised Lanchester square law (MODEL.md §2
//! phase 3 step 4; §5.12).

use crate::distribution::standard_normal;
use crate::record::Side;
use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

/// What one step of combat did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Combat {
    /// Side strengths `S_X` before combat.
    pub before: [f64; 2],
    /// Side strengths after combat.
    pub after: [f64; 2],
    /// Fraction of power each side lost, `f_X`.
    pub loss: [f64; 2],
}

/// `f = min(1, attrition × I_ℓ × S_enemy × ε / S_own)`; a side with no
/// strength loses everything (§5.12).
///
/// ```
/// assert_eq!(casus_core::combat::loss_fraction(0.05, 1.0, 10.0, 10.0, 1.0), 0.05);
/// assert_eq!(casus_core::combat::loss_fraction(0.05, 1.0, 0.0, 10.0, 1.0), 1.0);
/// ```
pub fn loss_fraction(attrition: f64, intensity: f64, own: f64, enemy: f64, noise: f64) -> f64 {
    if own <= 0.0 {
        return 1.0;
    }
    (attrition * intensity * enemy * noise / own).min(1.0)
}

impl Trial {
    pub(crate) fn fight<O: Observer>(&mut self, t: u32, obs: &mut O) -> Combat {
        let before = self.sustained_strengths(t);
        for (peak, now) in self.peak.iter_mut().zip(before) {
            *peak = peak.max(now);
        }
        let k = &self.world.constants;
        let intensity = k.intensity[usize::from(self.level.clamp(1, 3)) - 1];
        let mut stream = self.rng.stream(StreamKey::new(Purpose::Combat).at(t));
        let eps_a = (k.combat_noise * standard_normal(&mut stream)).exp();
        let eps_b = (k.combat_noise * standard_normal(&mut stream)).exp();
        let f_a = loss_fraction(k.attrition, intensity, before[0], before[1], eps_a);
        let f_b = loss_fraction(k.attrition, intensity, before[1], before[0], eps_b);
        // The losses and the strengths after them in one pass: each term is
        // the product `Trial::sustained_strengths` sums for the strengths
        // before, in the same order from the same start (-0.0).
        let mut after = [-0.0f64; 2];
        for (x, f) in [(Side::A, f_a), (Side::B, f_b)] {
            let kept = 1.0 - f;
            for &i in &self.fighting[x.index()] {
                self.power[i] *= kept;
                after[x.index()] += self.power[i] * self.g[i] * self.sustain[i];
            }
        }
        if O::ENABLED {
            obs.note(Note::Combat {
                s_a: before[0],
                s_b: before[1],
                f_a,
                f_b,
                eps_a,
                eps_b,
            });
        }
        Combat {
            before,
            after,
            loss: [f_a, f_b],
        }
    }
}
