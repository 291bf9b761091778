//! War step 1: obligations (MODEL.md §2 phase 3 step 1; §5.2, §5.4, §5.6,
//! §5.10, §5.15).
//!
//! Defense and offense pacts oblige members to take a side when their casus
//! foederis holds; neutrality and nonaggression pacts ask members to keep a
//! pledge; consultation pacts only raise the entry hazard (see
//! [`crate::entry`]). Every decision reads the sides as they stood at the
//! end of the last step.

use rand_distr::{Distribution as _, Geometric};

use crate::deterrence::cross_pressure;
use crate::model::{Pact, PactIx, PactKind, Scenario, StateIx, Support};
use crate::record::Side;
use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::{Pending, PledgeBan, SupportLink, Trial};

/// The sides toward which `pact`, with `members`, obliges them: a member at
/// war on that side (by `side`, the sides as they stood), facing an
/// adversary in scope among `belligerents` of the other side.
pub(crate) fn casus_foederis(
    pact: &Pact,
    members: &[StateIx],
    side: &[Option<Side>],
    belligerents: &[Vec<StateIx>; 2],
) -> [bool; 2] {
    let mut sides = [false; 2];
    for &m in members {
        let Some(x) = side[m] else {
            continue;
        };
        let binds = match pact.kind {
            PactKind::Defense => x == Side::B || !pact.defensive_only,
            PactKind::Offense => x == Side::A,
            _ => false,
        };
        if binds && !sides[x.index()] {
            sides[x.index()] = belligerents[x.other().index()]
                .iter()
                .any(|&k| pact.targets(k));
        }
    }
    sides
}

/// The casus foederis of every pact at the first step of a war: then only
/// the challenger and the target fight, and the members are the scenario's
/// unless an event moved them at that step, so it is the same in every
/// trial and is worked out once.
pub(crate) fn first_step_foederis(s: &Scenario) -> Vec<[bool; 2]> {
    let (c, t) = (s.crisis.challenger, s.crisis.target);
    let mut side = vec![None; s.states.len()];
    side[c] = Some(Side::A);
    side[t] = Some(Side::B);
    let belligerents = [vec![c], vec![t]];
    s.pacts
        .iter()
        .map(|p| casus_foederis(p, &p.members, &side, &belligerents))
        .collect()
}

/// What the obligations step did at a war's first step, recorded once and
/// replayed (see [`Trial::decide_obligations`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstStep {
    /// Whether a first step has been recorded.
    pub known: bool,
    /// The pacts invoked and the pledges asked, in the order met.
    pub acts: Vec<FirstStepAct>,
    /// The obligations arising, sorted.
    pub arising: Vec<(StateIx, PactIx, Side)>,
}

impl FirstStep {
    /// Room for every act and obligation of `s`'s first step, so that
    /// recording it does not allocate during a run.
    pub(crate) fn with_room(s: &Scenario, arising: usize) -> Self {
        let acts = s.pacts.len() + s.pacts.iter().map(|p| p.members.len()).sum::<usize>();
        FirstStep {
            known: false,
            acts: Vec::with_capacity(acts),
            arising: Vec::with_capacity(arising),
        }
    }
}

/// One act of the first step's walk over the pacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FirstStepAct {
    /// Pact `p` invoked.
    Invoke(PactIx),
    /// Member `j` asked to keep its pledge to pact `p`.
    Pledge(StateIx, PactIx),
}

impl Trial {
    /// [`casus_foederis`] of pact `p` at step `t`.
    fn casus_foederis_at(&self, p: PactIx, t: u32) -> [bool; 2] {
        if t == 1 && self.members_moved != 1 && !self.exhaustive() {
            return self.first_step_foederis[p];
        }
        casus_foederis(
            &self.world.pacts[p],
            &self.members[p],
            &self.side_before,
            &self.belligerents,
        )
    }

    /// Whether `j` may decide on pact `p` at step `t` (§5.15): not at war, a
    /// member, not yet decided, and not acceding this very step.
    fn eligible(&self, j: StateIx, p: PactIx, t: u32) -> bool {
        self.side_before[j].is_none()
            && !self.decided[p].contains(&j)
            && !self
                .acceded
                .iter()
                .any(|&(s, q, at)| s == j && q == p && at == t)
    }

    /// Whether an obligation can arise at step `t`. Every member eligible
    /// at a step decides then (§5.15), so a later step can oblige a member
    /// only once the sides or a pact's members have moved: a state entered
    /// in the last step, or an event changed members this step or the last
    /// (an acceding state decides from the step after its accession).
    fn obligations_may_arise(&self, t: u32) -> bool {
        t == 1 || self.sides_moved || self.members_moved + 1 >= t || self.exhaustive()
    }

    pub(crate) fn decide_obligations<O: Observer>(&mut self, t: u32, obs: &mut O) {
        self.arising.clear();
        if !self.obligations_may_arise(t) {
            return;
        }
        // At a first step with the scenario's members, the walk over the
        // pacts below meets the same pacts, pledges and obligations in every
        // trial: it reads the sides (the leaders alone), the members, the
        // casus foederis of the first step and what this walk itself
        // decided, never a draw. The first such walk is recorded and later
        // ones replay it.
        let first = t == 1 && self.members_moved != 1 && !self.exhaustive();
        if first && self.first_step.known {
            for i in 0..self.first_step.acts.len() {
                match self.first_step.acts[i] {
                    FirstStepAct::Invoke(p) => self.invoke(p, obs),
                    FirstStepAct::Pledge(j, p) => self.decide_pledge(j, p, obs),
                }
            }
            self.arising.clone_from(&self.first_step.arising);
        } else {
            self.walk_pacts(t, first, obs);
        }
        self.resolve_arising(t, obs);
    }

    /// Invokes the pacts whose casus foederis holds, asks the pledges, and
    /// lists the obligations arising, sorted; with `record`, keeps what it
    /// did as the first step's.
    fn walk_pacts<O: Observer>(&mut self, t: u32, record: bool, obs: &mut O) {
        if record {
            self.first_step.acts.clear();
        }
        for p in 0..self.world.pacts.len() {
            match self.world.pacts[p].kind {
                PactKind::Defense | PactKind::Offense => {
                    let sides = self.casus_foederis_at(p, t);
                    if sides == [false; 2] {
                        continue;
                    }
                    self.invoke_recorded(p, record, obs);
                    for mi in 0..self.members[p].len() {
                        let j = self.members[p][mi];
                        if self.eligible(j, p, t) {
                            for x in [Side::A, Side::B] {
                                if sides[x.index()] {
                                    self.arising.push((j, p, x));
                                }
                            }
                        }
                    }
                }
                PactKind::Neutrality | PactKind::Nonaggression => {
                    if self.members[p]
                        .iter()
                        .any(|&m| self.side_before[m].is_some())
                    {
                        self.invoke_recorded(p, record, obs);
                        for mi in 0..self.members[p].len() {
                            let j = self.members[p][mi];
                            if self.eligible(j, p, t) {
                                self.decide_pledge(j, p, obs);
                                if record {
                                    self.first_step.acts.push(FirstStepAct::Pledge(j, p));
                                }
                            }
                        }
                    }
                }
                PactKind::Consultation => {
                    if self.members[p]
                        .iter()
                        .any(|&m| self.side_before[m].is_some())
                    {
                        self.invoke_recorded(p, record, obs);
                    }
                }
            }
        }

        self.arising
            .sort_unstable_by_key(|&(j, p, x)| (j, p, x.index()));
        if record {
            self.first_step.arising.clone_from(&self.arising);
            self.first_step.known = true;
        }
    }

    /// Conflicted is judged per state on all obligations arising this step,
    /// before any draw (§5.2); the others are honoured or declined.
    fn resolve_arising<O: Observer>(&mut self, t: u32, obs: &mut O) {
        let mut i = 0;
        while i < self.arising.len() {
            let j = self.arising[i].0;
            let end = i + self.arising[i..].iter().take_while(|o| o.0 == j).count();
            let both = self.arising[i..end].iter().any(|o| o.2 == Side::A)
                && self.arising[i..end].iter().any(|o| o.2 == Side::B);
            for k in i..end {
                let (j, p, x) = self.arising[k];
                if both {
                    // One pact pointing both ways arises twice; count it once.
                    if k > i && self.arising[k - 1].1 == p {
                        continue;
                    }
                    self.decided[p].push(j);
                    self.outcome.pacts[p].conflicted += 1;
                    if O::ENABLED {
                        obs.note(Note::Conflicted { state: j, pact: p });
                    }
                } else {
                    self.decide_honour(j, p, x, t, obs);
                }
            }
            i = end;
        }
    }

    /// [`Trial::invoke`], kept in the first step's record when `record`.
    fn invoke_recorded<O: Observer>(&mut self, p: PactIx, record: bool, obs: &mut O) {
        self.invoke(p, obs);
        if record {
            self.first_step.acts.push(FirstStepAct::Invoke(p));
        }
    }

    fn invoke<O: Observer>(&mut self, p: PactIx, obs: &mut O) {
        if !self.outcome.pacts[p].invoked {
            self.outcome.pacts[p].invoked = true;
            if O::ENABLED {
                obs.note(Note::Invoked { pact: p });
            }
        }
    }

    /// A member honours with probability `reliability × x(j, E)`, E the
    /// states at war against the member(s) it is called to help.
    fn decide_honour<O: Observer>(&mut self, j: StateIx, p: PactIx, x: Side, t: u32, obs: &mut O) {
        self.decided[p].push(j);
        let pact = &self.world.pacts[p];
        let enemies = self.belligerents[x.other().index()].iter().copied();
        let pressure = cross_pressure(&self.world, j, enemies);
        let reliability = pact.reliability;
        let key = StreamKey::new(Purpose::Honour)
            .pair(self.world.states[j].key, pact.key)
            .at(t);
        let draw = self.rng.uniform(key);
        let honoured = draw < reliability * pressure;
        let mut due = None;
        if honoured {
            self.outcome.pacts[p].honoured += 1;
            match pact.support_of(j) {
                Support::Full => {
                    let key = StreamKey::new(Purpose::EntryLag)
                        .pair(self.world.states[j].key, pact.key)
                        .at(t);
                    let lag =
                        entry_lag(self.world.constants.entry_lag_p, &mut self.rng.stream(key));
                    let d = t.saturating_add(lag);
                    // A second honour keeps a pending entry as it is (§5.15).
                    self.commit(j, Pending { side: x, due: d });
                    due = Some(d);
                }
                support @ (Support::Arms | Support::Finance) => {
                    let share = if support == Support::Arms {
                        self.world.constants.arms_support_share
                    } else {
                        self.world.constants.finance_support_share
                    };
                    for &m in &self.members[p] {
                        if self.side_before[m] == Some(x) {
                            self.support.push(SupportLink {
                                from: j,
                                to: m,
                                share,
                            });
                        }
                    }
                }
            }
        } else {
            self.outcome.pacts[p].declined += 1;
        }
        if O::ENABLED {
            obs.note(Note::Obligation {
                state: j,
                pact: p,
                side: x,
                reliability,
                cross_pressure: pressure,
                draw,
                honoured,
                due,
            });
        }
    }

    /// A neutrality or nonaggression member keeps its pledge with probability
    /// `reliability`; a kept pledge binds it toward every other member as the
    /// pact stands now, for the rest of the war (§5.4).
    fn decide_pledge<O: Observer>(&mut self, j: StateIx, p: PactIx, obs: &mut O) {
        self.decided[p].push(j);
        let pact = &self.world.pacts[p];
        let key = StreamKey::new(Purpose::Pledge).pair(self.world.states[j].key, pact.key);
        let draw = self.rng.uniform(key);
        let kept = draw < pact.reliability;
        if kept {
            self.outcome.pacts[p].honoured += 1;
            self.constrained[j] = true;
            for &k in &self.members[p] {
                if k != j {
                    self.bans.push(PledgeBan {
                        state: j,
                        partner: k,
                    });
                }
            }
        } else {
            self.outcome.pacts[p].declined += 1;
        }
        if O::ENABLED {
            obs.note(Note::Pledge {
                state: j,
                pact: p,
                reliability: pact.reliability,
                draw,
                kept,
            });
        }
    }
}

/// `L ~ Geometric(p) − 1`: the number of steps before an honouring state
/// enters (0 = this step).
///
/// ```
/// use casus_core::rng::{Purpose, StreamKey, TrialRng};
/// let rng = TrialRng::new(1, 1);
/// let mut s = rng.stream(StreamKey::new(Purpose::EntryLag));
/// assert_eq!(casus_core::obligations::entry_lag(1.0, &mut s), 0);
/// ```
pub fn entry_lag<R: rand::Rng + ?Sized>(p: f64, rng: &mut R) -> u32 {
    if p >= 1.0 {
        return 0;
    }
    let failures = Geometric::new(p).map_or(0, |g| g.sample(rng));
    u32::try_from(failures).unwrap_or(u32::MAX)
}
