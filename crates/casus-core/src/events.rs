//! Scheduled and random events, acting at the start of a war step (MODEL.md
//! §1 "The crisis", §5.8). An event fires at most once per trial.

use crate::model::{EventAction, Trigger};
use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

impl Trial {
    pub(crate) fn apply_events<O: Observer>(&mut self, t: u32, obs: &mut O) {
        for e in 0..self.world.events.len() {
            if self.fired[e] {
                continue;
            }
            let event = &self.world.events[e];
            let fires = match event.trigger {
                Trigger::At(at) => at as u32 == t,
                Trigger::Chance(p) => {
                    self.rng
                        .uniform(StreamKey::new(Purpose::Event).entity(event.key).at(t))
                        < p
                }
            };
            if !fires {
                continue;
            }
            self.fired[e] = true;
            if O::ENABLED {
                obs.note(Note::EventFired { event: e });
            }
            match event.action {
                EventAction::Embargo(l) => {
                    self.links[l].event_cut = true;
                    self.touched.push(l);
                }
                EventAction::Lift(l) => {
                    // Lifts event, embargo-rule and licence cuts; never a cut by
                    // war between the ends nor a closed chokepoint, and a rule
                    // that fired stays fired (§5.8).
                    let link = &mut self.links[l];
                    link.event_cut = false;
                    link.rule_cut = false;
                    link.licence_cut = false;
                    self.touched.push(l);
                }
                EventAction::Accession { state, pact } => {
                    if !self.members[pact].contains(&state) {
                        self.members[pact].push(state);
                        self.acceded.push((state, pact, t));
                        self.members_moved = t;
                    }
                }
                EventAction::Exit { state, pact } => {
                    self.members[pact].retain(|&m| m != state);
                    self.members_moved = t;
                }
                EventAction::CeasefireOffer { .. } => {
                    self.offer += self.offer_strength(e);
                }
            }
        }
    }
}
