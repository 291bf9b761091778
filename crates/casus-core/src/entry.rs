//! War step 2: opportunistic and consultation entry, and the entries that
//! fall due (MODEL.md §2 phase 3 step 2; §5.1, §5.3, §5.4).

use crate::hazard::fires;
use crate::model::StateIx;
use crate::record::Side;
use crate::rng::{Purpose, StreamKey, bits_to_unit};
use crate::trace::{Note, Observer};
use crate::trial::{Pending, Trial};

impl Trial {
    /// The competing hazards of §5.3: opportunism toward the favoured side,
    /// when the lean is strong enough, plus `consult_bonus` for every
    /// consultation pact with a member at war on a side.
    pub(crate) fn decide_entries<O: Observer>(&mut self, t: u32, obs: &mut O) {
        let k = &self.world.constants;
        let (opportunism, threshold, bonus) = (k.opportunism, k.lean_threshold, k.consult_bonus);
        // Which sides each consultation pact has a member fighting on, once
        // per step rather than once per state. A state deciding here is not
        // at war, so "another member" is any member at war.
        for &p in &self.consultations {
            let mut at_war = [false; 2];
            for &m in &self.members[p] {
                if let Some(x) = self.side_before[m] {
                    at_war[x.index()] = true;
                }
            }
            self.consult_sides[p] = at_war;
        }
        // The loop reads seven per-state lists: borrowed once, and cut to
        // one length, so that a single bounds check on `j` covers them all.
        let Trial {
            world,
            rng,
            entry_candidates,
            side_before,
            pending,
            committed,
            constrained,
            lean_max: [lean_a, lean_b],
            consultations_of,
            members,
            consult_sides,
            ..
        } = self;
        let n = world.states.len();
        let (states, side_before, pending) =
            (&world.states[..n], &side_before[..n], &mut pending[..n]);
        let (constrained, lean_a, lean_b) = (&constrained[..n], &lean_a[..n], &lean_b[..n]);
        let consultations_of = &consultations_of[..n];
        for &j in entry_candidates.iter() {
            if side_before[j].is_some() || pending[j].is_some() || constrained[j] {
                continue;
            }
            let lean = lean_b[j] - lean_a[j];
            let mut h = [0.0f64; 2];
            if lean != 0.0 && lean.abs() >= threshold {
                let favoured = if lean > 0.0 { Side::B } else { Side::A };
                h[favoured.index()] = opportunism * lean.abs();
            }
            for &p in &consultations_of[j] {
                if !members[p].contains(&j) {
                    continue;
                }
                for x in [Side::A, Side::B] {
                    if consult_sides[p][x.index()] {
                        h[x.index()] += bonus;
                    }
                }
            }
            let total = h[0] + h[1];
            if total <= 0.0 {
                continue;
            }
            // The stream's first two draws: whether it enters, then the side.
            let [u_enter, u_side] =
                rng.first_u64s(StreamKey::new(Purpose::Entry).entity(states[j].key).at(t));
            let draw = bits_to_unit(u_enter);
            let entered = if fires(total, draw) {
                let split = bits_to_unit(u_side);
                Some(if split < h[0] / total {
                    Side::A
                } else {
                    Side::B
                })
            } else {
                None
            };
            if let Some(side) = entered {
                commit_to(pending, committed, j, Pending { side, due: t });
            }
            if O::ENABLED {
                obs.note(Note::Opportunity {
                    state: j,
                    h_a: h[0],
                    h_b: h[1],
                    draw,
                    entered,
                });
            }
        }
    }

    /// Lists the states that can have an entry hazard: a lean strong enough
    /// or a consultation pact. Leans move only when states enter, so this
    /// runs at the start of a war and after each step with entrants, and a
    /// step's entry phase costs the candidates, not the whole world.
    pub(crate) fn refresh_entry_candidates(&mut self) {
        let threshold = self.world.constants.lean_threshold;
        self.entry_candidates.clear();
        for j in 0..self.world.states.len() {
            let lean = self.lean_max[Side::B.index()][j] - self.lean_max[Side::A.index()][j];
            if (lean != 0.0 && lean.abs() >= threshold)
                || !self.consultations_of[j].is_empty()
                || self.exhaustive()
            {
                self.entry_candidates.push(j);
            }
        }
    }

    /// Commits `j` to enter, unless it is committed already: a second
    /// commitment keeps the first as it is, toward either side (§5.15).
    pub(crate) fn commit(&mut self, j: StateIx, entry: Pending) {
        commit_to(&mut self.pending, &mut self.committed, j, entry);
    }

    /// Entries falling due this step take effect, unless a kept pledge forbids
    /// fighting against a partner on the other side (§5.4).
    pub(crate) fn take_entries<O: Observer>(&mut self, t: u32, obs: &mut O) {
        let mut i = 0;
        while i < self.committed.len() {
            let j = self.committed[i];
            let Some(Pending { side, due }) = self.pending[j] else {
                unreachable!("a committed state has a pending entry");
            };
            if due > t {
                i += 1;
                continue;
            }
            self.pending[j] = None;
            self.committed.remove(i);
            let banned = self
                .bans
                .iter()
                .find(|b| b.state == j && self.side_before[b.partner] == Some(side.other()));
            if let Some(ban) = banned {
                if O::ENABLED {
                    obs.note(Note::EntryDropped {
                        state: j,
                        side,
                        partner: ban.partner,
                    });
                }
                continue;
            }
            self.enters(j, side, t);
            self.entering.push(j);
            if O::ENABLED {
                obs.note(Note::Entered { state: j, side });
            }
        }
    }
}

/// [`Trial::commit`] on the two lists it changes, for a caller that holds
/// other fields of the trial borrowed.
fn commit_to(
    pending: &mut [Option<Pending>],
    committed: &mut Vec<StateIx>,
    j: StateIx,
    entry: Pending,
) {
    if pending[j].is_none() {
        pending[j] = Some(entry);
        // In index order, the order entries take effect in.
        let at = committed.partition_point(|&k| k < j);
        committed.insert(at, j);
    }
}
