//! War step 5: escalation and nuclear use (MODEL.md §2 phase 3 step 5; §5.13).

use crate::combat::Combat;
use crate::hazard::fires;
use crate::record::Outcome;
use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

/// The escalation hazard `h = esc_base + esc_entry × entries + esc_loss × max(f_A, f_B)`.
///
/// ```
/// let k = casus_core::model::Constants::default();
/// assert!((casus_core::escalation::hazard(&k, 1, 0.1) - 0.5).abs() < 1e-12);
/// ```
pub fn hazard(k: &crate::model::Constants, entries: usize, worst_loss: f64) -> f64 {
    k.esc_base + k.esc_entry * entries as f64 + k.esc_loss * worst_loss
}

impl Trial {
    /// The escalation draw, then (on the new level) one nuclear draw per
    /// qualifying belligerent; any use ends the war.
    pub(crate) fn escalate<O: Observer>(
        &mut self,
        t: u32,
        combat: &Combat,
        obs: &mut O,
    ) -> Option<Outcome> {
        let k = &self.world.constants;
        let h = hazard(k, self.entering.len(), combat.loss[0].max(combat.loss[1]));
        if self.level < 3 {
            let draw = self.rng.uniform(StreamKey::new(Purpose::Escalation).at(t));
            if fires(h, draw) {
                self.level += 1;
                self.outcome.max_level = self.outcome.max_level.max(self.level);
            }
            if O::ENABLED {
                obs.note(Note::Escalation {
                    hazard: h,
                    draw,
                    level: self.level,
                });
            }
        }
        if self.level < 2 {
            return None;
        }
        let nuclear_use = k.nuclear_use;
        let mut used = false;
        for n in 0..self.armed.len() {
            let i = self.armed[n];
            let state = &self.world.states[i];
            if self.side[i].is_none() || !state.is_nuclear() {
                continue;
            }
            let key = state.key;
            let loss = 1.0 - self.power[i] / self.power0[i];
            if !self.reaches_threshold(i, loss) {
                continue;
            }
            let draw = self
                .rng
                .uniform(StreamKey::new(Purpose::NuclearUse).entity(key).at(t));
            let uses = draw < nuclear_use;
            used |= uses;
            if O::ENABLED {
                obs.note(Note::NuclearCheck {
                    state: i,
                    loss,
                    draw,
                    used: uses,
                });
            }
        }
        if used {
            self.level = 4;
            self.outcome.max_level = 4;
            return Some(Outcome::Nuclear);
        }
        None
    }
}
