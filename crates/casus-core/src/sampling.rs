//! Phase 1: draw every uncertain input, clamp it into its field's range,
//! and write it into this trial's world (MODEL.md §1, §5.20).
//!
//! Each input is drawn from its own stream, keyed by its id, so its value
//! does not depend on when it is drawn. An input read only by a rule few
//! trials reach, or whose exact value few trials need, and never clamped
//! whatever is drawn, is therefore drawn when first needed, not here: the
//! same value, and a trial that never needs it never pays for it
//! (docs/model.md, "Inputs drawn when first read"). Every such read goes
//! through an accessor of this module.

use crate::cheng::{LANES, draw_side_by_side};
use crate::model::{EventAction, EventIx, Scenario, StateIx};
use crate::rng::{Purpose, Stream, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;
use crate::uncertain::Slot;

/// The inputs a trial draws when first read, and where they are read.
#[derive(Clone, Debug)]
pub(crate) struct OnDemand {
    /// Per input, whether it is drawn when first read.
    pub(crate) input: Vec<bool>,
    /// Per input, whether this trial has yet to draw it.
    pub(crate) undrawn: Vec<bool>,
    /// Per state, the input that draws its nuclear threshold on demand,
    /// with the bounds of its draws.
    threshold: Vec<Option<(usize, f64, f64)>>,
    /// Per event, the input that draws its ceasefire offer's strength on
    /// demand.
    strength: Vec<Option<usize>>,
    /// The input that draws the crisis's stakes on demand, with the bounds
    /// of its draws.
    stakes: Option<(usize, f64, f64)>,
}

impl OnDemand {
    /// Lists the inputs of `scenario` that can wait for their first read:
    /// a nuclear threshold (read only once a war reaches level 2), a
    /// ceasefire offer's strength (read only when the offer fires) or the
    /// stakes (read only when the challenger's decision depends on where
    /// in its bounds it falls), alone in its slot, whose draws all lie in
    /// the field's valid range.
    pub(crate) fn of(scenario: &Scenario) -> Self {
        let inputs = &scenario.uncertain;
        let mut on_demand = OnDemand {
            input: vec![false; inputs.len()],
            undrawn: vec![false; inputs.len()],
            threshold: vec![None; scenario.states.len()],
            strength: vec![None; scenario.events.len()],
            stakes: None,
        };
        let mut per_slot = std::collections::HashMap::new();
        for u in inputs {
            *per_slot.entry(u.slot).or_insert(0usize) += 1;
        }
        for (i, u) in inputs.iter().enumerate() {
            let alone = per_slot[&u.slot] == 1;
            let range = u.slot.range();
            let bounds = u
                .distribution
                .bounds()
                .filter(|&(lo, hi)| range.lo <= lo && hi <= range.hi);
            let Some((lo, hi)) = bounds.filter(|_| alone) else {
                continue;
            };
            match u.slot {
                Slot::StateThreshold(s) => on_demand.threshold[s] = Some((i, lo, hi)),
                Slot::EventStrength(e) => on_demand.strength[e] = Some(i),
                Slot::CrisisStakes => on_demand.stakes = Some((i, lo, hi)),
                _ => continue,
            }
            on_demand.input[i] = true;
        }
        on_demand
    }
}

/// The fewest Beta inputs drawn side by side. A side-by-side draw computes
/// each first try's three logarithms up front, so that the chains overlap;
/// the first squeeze usually accepts without two of them, and with one or
/// two chains there is too little to overlap to pay for them: drawn one
/// after the other, the SMDA base trial runs about 200 fewer instructions
/// and about 5% faster (docs/performance.md, seventh pass).
const SIDE_BY_SIDE_FROM: usize = 3;

impl Trial {
    pub(crate) fn sample<O: Observer>(&mut self, obs: &mut O) {
        self.draw_betas();
        // An observed trial draws every input here, in order, so that its
        // trace lists them all; so does a test's exhaustive trial, to show
        // that drawing on demand changes nothing.
        let defer = !O::ENABLED && !self.exhaustive();
        for i in 0..self.world.uncertain.len() {
            if self.on_demand.input[i] {
                self.on_demand.undrawn[i] = defer;
                if defer {
                    self.outcome.clamped[i] = false;
                    continue;
                }
            }
            let raw = match self.cheng_place[i] {
                Some(p) => self.samplers[i].value_of_beta(self.cheng_drawn[p]),
                None => self.draw_alone(i),
            };
            self.write_input(i, raw, obs);
        }
    }

    /// Input `i` drawn from its own stream.
    fn draw_alone(&self, i: usize) -> f64 {
        let key = StreamKey::new(Purpose::Sample).entity(self.world.uncertain[i].key);
        self.samplers[i].sample(&mut self.rng.stream(key))
    }

    /// Clamps input `i`'s draw `raw` and writes it into the world.
    fn write_input<O: Observer>(&mut self, i: usize, raw: f64, obs: &mut O) {
        let slot = self.world.uncertain[i].slot;
        let (value, clamped) = slot.range().clamp(raw);
        self.outcome.clamped[i] = clamped;
        self.world.set(slot, value);
        if O::ENABLED {
            obs.note(Note::Sampled {
                input: i,
                value,
                clamped,
            });
        }
    }

    /// Draws `input` now if it is drawn on demand and this trial has not
    /// drawn it yet.
    #[inline]
    fn draw_on_demand(&mut self, input: Option<usize>) {
        if let Some(i) = input
            && self.on_demand.undrawn[i]
        {
            self.on_demand.undrawn[i] = false;
            let raw = self.draw_alone(i);
            self.write_input(i, raw, &mut ());
            debug_assert!(
                !self.outcome.clamped[i],
                "input {i} drawn on demand was clamped"
            );
        }
    }

    /// The answer of `test`, a test monotone in the value of the input at
    /// `place` (drawn on demand; its index and the bounds of its draws),
    /// when the bounds settle it: while the input is undrawn and `test`
    /// gives one answer at both bounds, every draw gives that answer, so it
    /// stays undrawn. Otherwise the input is drawn, if it was not, and
    /// `None` says to read it. `monotone` false: always drawn.
    fn settled_by_bounds(
        &mut self,
        place: Option<(usize, f64, f64)>,
        monotone: bool,
        test: impl Fn(f64) -> bool,
    ) -> Option<bool> {
        let (i, lo, hi) = place?;
        if !self.on_demand.undrawn[i] {
            return None;
        }
        let at_lo = test(lo);
        if monotone && at_lo == test(hi) {
            return Some(at_lo);
        }
        self.draw_on_demand(Some(i));
        None
    }

    /// Whether nuclear state `i`'s loss `loss` reaches its use threshold in
    /// this trial: unless `loss < threshold`, so that a NaN loss (a state
    /// whose power was 0) counts as reaching it. The threshold is read only
    /// by this test, which falls as the threshold rises: its bounds settle
    /// a loss below the lowest draw or at the highest without a draw.
    pub(crate) fn reaches_threshold(&mut self, i: StateIx, loss: f64) -> bool {
        let reaches =
            |threshold: f64| loss.partial_cmp(&threshold) != Some(std::cmp::Ordering::Less);
        if let Some(settled) = self.settled_by_bounds(self.on_demand.threshold[i], true, reaches) {
            return settled;
        }
        reaches(
            self.world.states[i]
                .nuclear
                .map_or(f64::INFINITY, |n| n.threshold),
        )
    }

    /// Whether `attacks(stakes)` holds for this trial's stakes. When
    /// `increasing` says that it is false below some value and true from it
    /// on, and the stakes are yet undrawn, their bounds settle most trials
    /// without a draw.
    pub(crate) fn attacks_at_stakes(
        &mut self,
        increasing: bool,
        attacks: impl Fn(f64) -> bool,
    ) -> bool {
        if let Some(settled) = self.settled_by_bounds(self.on_demand.stakes, increasing, &attacks) {
            return settled;
        }
        attacks(self.world.crisis.stakes)
    }

    /// The strength of event `e`'s ceasefire offer in this trial.
    pub(crate) fn offer_strength(&mut self, e: EventIx) -> f64 {
        self.draw_on_demand(self.on_demand.strength[e]);
        match self.world.events[e].action {
            EventAction::CeasefireOffer { strength } => strength,
            _ => 0.0,
        }
    }

    /// The Beta variates of the inputs Cheng's BB draws in this phase, each
    /// from its own stream: [`LANES`] at a time side by side, or one after
    /// the other when fewer than [`SIDE_BY_SIDE_FROM`] are left; the values
    /// each would give drawn alone, either way.
    fn draw_betas(&mut self) {
        let (inputs, uncertain) = (&self.cheng_inputs, &self.world.uncertain);
        for (c, chunk) in inputs.chunks(LANES).enumerate() {
            let key = |j: usize| {
                let input = &uncertain[chunk[j.min(chunk.len() - 1)]];
                StreamKey::new(Purpose::Sample).entity(input.key)
            };
            let lanes = c * LANES..c * LANES + chunk.len();
            if chunk.len() < SIDE_BY_SIDE_FROM {
                for (j, p) in lanes.enumerate() {
                    self.cheng_drawn[p] = self.cheng[p].sample(&mut self.rng.stream(key(j)));
                }
                continue;
            }
            let mut streams: [Stream; LANES] = std::array::from_fn(|j| self.rng.stream(key(j)));
            draw_side_by_side(
                &self.cheng[lanes.clone()],
                &mut streams[..chunk.len()],
                &mut self.cheng_drawn[lanes],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distribution::Distribution;
    use crate::model::{Nuclear, UncertainInput};
    use crate::rng::entity_key;

    fn input(slot: Slot, distribution: Distribution) -> UncertainInput {
        let path = format!("{slot:?} {distribution:?}");
        UncertainInput {
            key: entity_key(&path),
            path,
            slot,
            distribution,
        }
    }

    /// However many Beta inputs phase 1 draws, one after the other or side
    /// by side, each is the value its own stream gives drawn alone.
    #[test]
    fn phase_one_betas_are_each_inputs_own_draw() {
        let pert = |lo, mode, hi| Distribution::Pert { lo, mode, hi };
        let shapes = [
            pert(0.2, 0.4, 0.6),
            Distribution::Beta { a: 2.0, b: 3.0 },
            pert(0.1, 0.5, 0.7),
            pert(0.3, 0.35, 0.9),
            Distribution::Beta { a: 4.5, b: 5.5 },
            pert(0.0, 0.9, 1.0),
        ];
        for n in 0..=shapes.len() {
            let mut s = crate::testing::duel();
            s.uncertain = shapes[..n]
                .iter()
                .map(|&d| input(Slot::StateResolve(0), d))
                .collect();
            let mut trial = Trial::new(&s);
            assert_eq!(trial.cheng_inputs.len(), n);
            for k in 0..500 {
                trial.rng = crate::rng::TrialRng::new(11, k);
                trial.cheng_drawn.fill(f64::NAN);
                trial.draw_betas();
                for (p, &i) in trial.cheng_inputs.iter().enumerate() {
                    let drawn = trial.samplers[i].value_of_beta(trial.cheng_drawn[p]);
                    let alone = trial.draw_alone(i);
                    assert_eq!(
                        drawn.to_bits(),
                        alone.to_bits(),
                        "{n} inputs, {p}, trial {k}"
                    );
                }
            }
        }
    }

    /// Drawn on demand, the stakes give the challenger the decision it
    /// takes with them drawn in phase 1, trial by trial, whether its
    /// calculus is kept or worked out anew each trial; the stakes' bounds
    /// settle some trials, and the others draw them.
    #[test]
    fn stakes_drawn_on_demand_decide_as_drawn_ones() {
        let pert = |lo, mode, hi| Distribution::Pert { lo, mode, hi };
        for (power_drawn, misperception) in [(false, 0.3), (true, 0.3), (false, 1.0)] {
            let mut s = crate::testing::duel();
            s.crisis.assume_attack = false;
            s.constants.misperception = misperception;
            s.uncertain
                .push(input(Slot::CrisisStakes, pert(0.05, 0.5, 0.95)));
            if power_drawn {
                s.uncertain
                    .push(input(Slot::StatePower(1), pert(5.0, 10.0, 15.0)));
            }
            let mut fast = Trial::new(&s);
            assert!(fast.draws_on_demand(0));
            assert_eq!(fast.calculus_cache.is_none(), power_drawn);
            let mut slow = Trial::new(&s);
            slow.exhaustive = true;
            let (mut read, mut deterred) = ([0; 2], 0);
            for k in 0..2_000 {
                let rng = crate::rng::TrialRng::new(5, k);
                let a = fast.play(rng, &mut ()).clone();
                assert_eq!(&a, slow.play(rng, &mut ()), "trial {k}");
                read[usize::from(!fast.on_demand.undrawn[0])] += 1;
                deterred += usize::from(a.outcome == crate::record::Outcome::Deterred);
            }
            assert!(
                read[0] > 100 && read[1] > 100 && deterred > 100,
                "{power_drawn} {misperception}: stakes unread {}, read {}; {deterred} deterred",
                read[0],
                read[1]
            );
        }
    }

    /// Drawn on demand, the nuclear thresholds give the wars they give drawn
    /// in phase 1, trial by trial; their bounds settle checks whose loss
    /// lies below every draw and checks whose loss reaches every draw, and
    /// the other checks draw them.
    #[test]
    fn thresholds_drawn_on_demand_decide_as_drawn_ones() {
        let pert = |lo, mode, hi| Distribution::Pert { lo, mode, hi };
        let mut s = crate::testing::duel();
        for state in &mut s.states {
            state.nuclear = Some(Nuclear {
                warheads: 10.0,
                threshold: 0.5,
            });
        }
        // Wars that reach level 2 at once and go on, so that losses grow
        // across the thresholds' bounds step by step.
        s.constants.esc_base = 3.0;
        s.constants.nuclear_use = 0.2;
        s.constants.peace_base = 0.0;
        s.constants.mediation = 0.0;
        s.crisis.horizon = 6.0;
        let bounds = [(0.40, 0.42, 0.44), (0.005, 0.01, 0.02)];
        s.uncertain = bounds
            .iter()
            .enumerate()
            .map(|(i, &(lo, mode, hi))| input(Slot::StateThreshold(i), pert(lo, mode, hi)))
            .collect();
        let mut fast = Trial::new(&s);
        assert!(fast.draws_on_demand(0) && fast.draws_on_demand(1));
        let mut slow = Trial::new(&s);
        slow.exhaustive = true;
        // Per state, trials whose checks its bounds all settled below, all
        // settled above, and trials that drew it.
        let mut settled = [[0; 3]; 2];
        for k in 0..2_000 {
            let rng = crate::rng::TrialRng::new(3, k);
            let a = fast.play(rng, &mut ()).clone();
            assert_eq!(&a, slow.play(rng, &mut ()), "trial {k}");
            if a.max_level < 2 {
                continue;
            }
            for (i, &(lo, _, hi)) in bounds.iter().enumerate() {
                let loss = a.states[i].loss;
                let how = if !fast.on_demand.undrawn[i] {
                    2
                } else if loss < lo {
                    0
                } else {
                    assert!(loss >= hi, "trial {k}: state {i} undrawn at loss {loss}");
                    1
                };
                settled[i][how] += 1;
            }
        }
        // The challenger's threshold lies in a narrow band its losses cross:
        // every case; the target's, below most of its losses.
        let [challenger, target] = settled;
        assert!(
            challenger.iter().all(|&n| n > 100) && target[1] > 100 && target[2] > 100,
            "below, above, drawn: {settled:?}"
        );
    }

    /// Only a threshold, an offer's strength or the stakes, alone in its
    /// slot and never clamped, waits for its first read.
    #[test]
    fn which_inputs_wait_for_their_first_read() {
        let mut s = crate::testing::duel();
        for state in &mut s.states {
            state.nuclear = Some(Nuclear {
                warheads: 10.0,
                threshold: 0.5,
            });
        }
        let pert = |lo, mode, hi| Distribution::Pert { lo, mode, hi };
        s.uncertain = vec![
            // Within [0, 1]: waits.
            input(Slot::StateThreshold(0), pert(0.5, 0.7, 0.9)),
            // Reaches 1, and a draw of the top variate can round past it.
            input(Slot::StateThreshold(1), pert(0.5, 0.8, 1.0)),
            // Read only when its bounds leave the challenger's decision open.
            input(Slot::CrisisStakes, pert(0.2, 0.4, 0.6)),
            // Read by every trial's calculus.
            input(Slot::StatePower(0), pert(8.0, 10.0, 12.0)),
        ];
        let on_demand = OnDemand::of(&s);
        assert_eq!(on_demand.input, [true, false, true, false]);
        let (i, lo, hi) = on_demand.threshold[0].expect("the first threshold waits");
        assert!(i == 0 && lo <= 0.5 && (0.9..0.9 + 1e-12).contains(&hi));
        assert_eq!(on_demand.threshold[1], None);
        let (i, lo, hi) = on_demand.stakes.expect("the stakes wait");
        assert!(i == 2 && lo <= 0.2 && (0.6..0.6 + 1e-12).contains(&hi));
        // Two inputs for one field: both drawn in phase 1, in order.
        s.uncertain.push(input(
            Slot::StateThreshold(0),
            Distribution::Beta { a: 2.0, b: 2.0 },
        ));
        assert_eq!(OnDemand::of(&s).input, [false, false, true, false, false]);
    }
}
