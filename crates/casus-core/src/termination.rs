//! War step 6: termination by collapse, ceasefire or the horizon (MODEL.md
//! §2 phase 3 step 6; §5.12, §5.16).

use crate::combat::Combat;
use crate::hazard::fires;
use crate::record::Outcome;
use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

/// Which side collapses, if any: post-combat strength strictly below
/// `collapse × peak`. If both do, the lower `S / peak` loses; a tie, side A.
///
/// ```
/// use casus_core::record::Outcome;
/// use casus_core::termination::collapse;
/// assert_eq!(collapse(0.3, [2.0, 10.0], [10.0, 10.0]), Some(Outcome::TargetVictory));
/// assert_eq!(collapse(0.3, [5.0, 10.0], [10.0, 10.0]), None);
/// ```
pub fn collapse(threshold: f64, after: [f64; 2], peak: [f64; 2]) -> Option<Outcome> {
    let down = [
        after[0] < threshold * peak[0],
        after[1] < threshold * peak[1],
    ];
    match down {
        [false, false] => None,
        [true, false] => Some(Outcome::TargetVictory),
        [false, true] => Some(Outcome::ChallengerVictory),
        [true, true] => {
            if after[1] / peak[1] < after[0] / peak[0] {
                Some(Outcome::ChallengerVictory)
            } else {
                Some(Outcome::TargetVictory)
            }
        }
    }
}

impl Trial {
    /// `M`: the best mediator both leaders trust, over every state not at
    /// war (supporters and pending entrants included, §5.16), floored at 0.
    pub(crate) fn mediation(&self) -> f64 {
        let (c, t) = (self.world.crisis.challenger, self.world.crisis.target);
        let mut m = 0.0f64;
        for i in 0..self.side.len() {
            if self.side[i].is_none() {
                m = m.max(self.world.aff(i, c).min(self.world.aff(i, t)));
            }
        }
        m
    }

    pub(crate) fn terminate<O: Observer>(
        &mut self,
        t: u32,
        combat: &Combat,
        obs: &mut O,
    ) -> Option<Outcome> {
        let k = &self.world.constants;
        if let Some(outcome) = collapse(k.collapse, combat.after, self.peak) {
            return Some(outcome);
        }
        let exhaustion = (0..2)
            .map(|x| {
                if self.peak[x] > 0.0 {
                    1.0 - combat.after[x] / self.peak[x]
                } else {
                    0.0
                }
            })
            .fold(0.0f64, f64::max);
        // M changes only when a state enters: recomputed then, not every step.
        if t == 1 || !self.entering.is_empty() || self.exhaustive() {
            self.mediator = self.mediation();
        }
        let m = self.mediator;
        let h = k.peace_base + k.mediation * m + k.exhaustion * exhaustion + self.offer;
        let draw = self.rng.uniform(StreamKey::new(Purpose::Ceasefire).at(t));
        if O::ENABLED {
            obs.note(Note::Termination {
                hazard: h,
                mediation: m,
                draw,
            });
        }
        fires(h, draw).then_some(Outcome::Ceasefire)
    }
}
