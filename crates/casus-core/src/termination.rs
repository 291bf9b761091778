//! War step 6: termination by collapse, ceasefire or the horizon (MODEL.md
//! §2 phase 3 step 6; §5.12, §5.16).

use crate::combat::Combat;
use crate::hazard::fires;
use crate::model::Scenario;
use crate::record::{Outcome, Side};
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

/// `M`: the best mediator both leaders trust, over every state not at war
/// (supporters and pending entrants included, §5.16), floored at 0.
/// `side` gives each state's side, `None` when not at war.
pub(crate) fn mediation(s: &Scenario, side: &[Option<Side>]) -> f64 {
    let (c, t) = (s.crisis.challenger, s.crisis.target);
    let mut m = 0.0f64;
    for (i, x) in side.iter().enumerate() {
        if x.is_none() {
            m = m.max(s.aff(i, c).min(s.aff(i, t)));
        }
    }
    m
}

/// `M` at a war's first step when no third state has entered: only the
/// challenger and the target fight, so it depends on the affinities alone
/// and is the same in every trial unless a draw moves them (`None` then).
pub(crate) fn starting_mediation(s: &Scenario) -> Option<f64> {
    if s.uncertain.iter().any(|u| u.slot.moves_affinities()) {
        return None;
    }
    let mut side = vec![None; s.states.len()];
    side[s.crisis.challenger] = Some(Side::A);
    side[s.crisis.target] = Some(Side::B);
    Some(mediation(s, &side))
}

impl Trial {
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
        // M changes only when a state enters: recomputed then, not every
        // step, and at a first step without entrants known beforehand.
        if t == 1
            && self.entering.is_empty()
            && let Some(m) = self.starting_mediator
            && !self.exhaustive()
        {
            self.mediator = m;
        } else if t == 1 || !self.entering.is_empty() || self.exhaustive() {
            self.mediator = mediation(&self.world, &self.side);
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
