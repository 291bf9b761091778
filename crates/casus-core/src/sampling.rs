//! Phase 1: draw every uncertain input, clamp it into its field's range,
//! and write it into this trial's world (MODEL.md §1, §5.20).

use crate::cheng::{LANES, draw_side_by_side};
use crate::rng::{Purpose, Stream, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

impl Trial {
    pub(crate) fn sample<O: Observer>(&mut self, obs: &mut O) {
        self.draw_betas();
        for i in 0..self.world.uncertain.len() {
            let input = &self.world.uncertain[i];
            let raw = match self.cheng_place[i] {
                Some(p) => self.samplers[i].value_of_beta(self.cheng_drawn[p]),
                None => {
                    let mut stream = self
                        .rng
                        .stream(StreamKey::new(Purpose::Sample).entity(input.key));
                    self.samplers[i].sample(&mut stream)
                }
            };
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

    /// The Beta variates of the inputs Cheng's BB draws, each from its own
    /// stream, [`LANES`] at a time side by side: the values each would give
    /// drawn alone, sooner.
    fn draw_betas(&mut self) {
        let (inputs, uncertain) = (&self.cheng_inputs, &self.world.uncertain);
        for (c, chunk) in inputs.chunks(LANES).enumerate() {
            let key = |j: usize| {
                let input = &uncertain[chunk[j.min(chunk.len() - 1)]];
                StreamKey::new(Purpose::Sample).entity(input.key)
            };
            let mut streams: [Stream; LANES] = std::array::from_fn(|j| self.rng.stream(key(j)));
            let lanes = c * LANES..c * LANES + chunk.len();
            draw_side_by_side(
                &self.cheng[lanes.clone()],
                &mut streams[..chunk.len()],
                &mut self.cheng_drawn[lanes],
            );
        }
    }
}
