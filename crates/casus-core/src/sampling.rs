//! Phase 1: draw every uncertain input, clamp it into its field's range,
//! and write it into this trial's world (MODEL.md §1, §5.20).

use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

impl Trial {
    pub(crate) fn sample<O: Observer>(&mut self, obs: &mut O) {
        for i in 0..self.world.uncertain.len() {
            let input = &self.world.uncertain[i];
            let mut stream = self
                .rng
                .stream(StreamKey::new(Purpose::Sample).entity(input.key));
            let raw = self.samplers[i].sample(&mut stream);
            let (value, clamped) = input.slot.range().clamp(raw);
            let slot = input.slot;
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
    }
}
