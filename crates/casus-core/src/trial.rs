//! One trial of MODEL.md §2: sampling, deterrence, then the war step by
//! step. Each rule lives in the module named after it; this module holds the
//! state of a trial in progress and plays the phases in order.

use crate::geo::gradient;
use crate::model::{LinkIx, PactIx, PactKind, Scenario, StateIx};
use crate::record::{Outcome, Side, TrialOutcome};
use crate::rng::TrialRng;
use crate::trace::{Note, Observer};

/// A commitment to enter the war on `side` at step `due`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pending {
    pub side: Side,
    pub due: u32,
}

/// An arms or finance link opened by an honoured obligation (§5.10).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SupportLink {
    pub from: StateIx,
    pub to: StateIx,
    pub share: f64,
}

/// A link cut now, as its recipient's sustainment reads it: each cut is
/// listed with the figures that weigh it, so that summing a recipient's cuts
/// reads one list rather than the link's state and its scenario entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CutLink {
    pub link: LinkIx,
    /// The step the cut began (the link's `cut_since`).
    pub since: u32,
    /// The link's share of its recipient's sustainment.
    pub share: f64,
}

/// A kept neutrality or nonaggression pledge: `state` never joins a side
/// against `partner` in this war (§5.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PledgeBan {
    pub state: StateIx,
    pub partner: StateIx,
}

/// The state of one supply link during a war.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LinkState {
    /// Cut because its two ends are at war with each other (permanent).
    pub war: bool,
    /// The embargo rule has held once (it is never checked again).
    pub rule_fired: bool,
    /// Cut by the embargo rule.
    pub rule_cut: bool,
    /// The licence holder's check has held once.
    pub licence_fired: bool,
    /// Cut by the licence holder.
    pub licence_cut: bool,
    /// Cut by an `embargo` event.
    pub event_cut: bool,
    /// Closed by its chokepoint this step.
    pub closed: bool,
    /// Start of the current continuous cut, for the stockpile ramp (§5.11).
    pub cut_since: Option<u32>,
}

impl LinkState {
    pub fn is_cut(&self) -> bool {
        self.war || self.rule_cut || self.licence_cut || self.event_cut || self.closed
    }
}

/// A trial in progress, and the scratch space reused across trials.
///
/// Build one per worker with [`Trial::new`]; [`Trial::play`] then plays any
/// number of trials without allocating.
#[derive(Clone, Debug)]
pub struct Trial {
    /// The scenario with this trial's draws written in.
    pub(crate) world: Scenario,
    /// The states with a `nuclear` table, in index order (draws may change
    /// their arsenal, never whether they have the table).
    pub(crate) armed: Vec<StateIx>,
    /// The distribution of each uncertain input, ready to draw.
    pub(crate) samplers: Vec<crate::distribution::Sampler>,
    /// The inputs drawn when first read rather than in phase 1.
    pub(crate) on_demand: crate::sampling::OnDemand,
    /// The inputs whose Beta variate Cheng's BB draws in phase 1, side by
    /// side (`crate::cheng`): their indices, their constants, and this
    /// trial's variates; and per input, its place in those lists.
    pub(crate) cheng_inputs: Vec<usize>,
    pub(crate) cheng: Vec<crate::cheng::ChengBB>,
    pub(crate) cheng_drawn: Vec<f64>,
    pub(crate) cheng_place: Vec<Option<usize>>,
    /// Whether a drawn input moves distances, so `g` must be recomputed.
    geometry_uncertain: bool,
    /// `g(i)` of every state.
    pub(crate) g: Vec<f64>,
    /// `P_i(t)`.
    pub(crate) power: Vec<f64>,
    /// `P_i` at the start of the war (set when it starts; only the war reads it).
    pub(crate) power0: Vec<f64>,
    /// The side each state fights on.
    pub(crate) side: Vec<Option<Side>>,
    /// The sides as they stood at the end of the last step (§5.1).
    pub(crate) side_before: Vec<Option<Side>>,
    /// Commitments to enter.
    pub(crate) pending: Vec<Option<Pending>>,
    /// The states with a commitment, in index order.
    pub(crate) committed: Vec<StateIx>,
    /// Sustainment of each state this step.
    pub(crate) sustain: Vec<f64>,
    /// Members of each pact (events change them).
    pub(crate) members: Vec<Vec<StateIx>>,
    /// Members that have decided on each pact in this war (§5.15).
    pub(crate) decided: Vec<Vec<StateIx>>,
    /// States that acceded to a pact, and when (checked from the next step).
    pub(crate) acceded: Vec<(StateIx, PactIx, u32)>,
    /// The pacts each state is or may become a member of.
    pub(crate) pacts_of: Vec<Vec<PactIx>>,
    /// The consultation pacts, and those each state is or may become a
    /// member of (the only pacts the entry step reads).
    pub(crate) consultations: Vec<PactIx>,
    pub(crate) consultations_of: Vec<Vec<PactIx>>,
    /// Per consultation pact, whether a member fought on each side at the
    /// end of the last step.
    pub(crate) consult_sides: Vec<[bool; 2]>,
    /// The states that can have an entry hazard, in index order.
    pub(crate) entry_candidates: Vec<StateIx>,
    /// The entry candidates at the start of every war, once the first war
    /// has listed them: they depend only on the leaders' affinities and the
    /// lean threshold, so they are the same in every trial unless a draw
    /// moves those.
    start_candidates: Vec<StateIx>,
    /// Whether `start_candidates` holds them.
    start_candidates_known: bool,
    /// Whether a drawn input moves the leans, so `start_candidates` is
    /// never kept.
    leans_uncertain: bool,
    /// Whether `lean_max` and `entry_candidates` are still those the last
    /// war started with: no state joined it after its leaders.
    start_leans_kept: bool,
    /// Per pact, its casus foederis at a war's first step (members as in
    /// the scenario).
    pub(crate) first_step_foederis: Vec<[bool; 2]>,
    pub(crate) bans: Vec<PledgeBan>,
    /// Whether a state holds a kept pledge (takes no opportunistic entry).
    pub(crate) constrained: Vec<bool>,
    pub(crate) support: Vec<SupportLink>,
    pub(crate) links: Vec<LinkState>,
    /// Per state, the links it supplies or receives, in link order.
    pub(crate) incident: Vec<Vec<LinkIx>>,
    /// Per state, the links it receives that are cut now, in link order.
    pub(crate) cut_in: Vec<Vec<CutLink>>,
    /// Links to visit in this step's supply phase, a bit per link.
    pub(crate) visit: Vec<u64>,
    /// Links an event acted on this step.
    pub(crate) touched: Vec<LinkIx>,
    /// Per event, whether it has fired.
    pub(crate) fired: Vec<bool>,
    /// The states at war on each side at the end of the last step.
    pub(crate) belligerents: [Vec<StateIx>; 2],
    /// The states at war on each side now (this step's entrants included).
    pub(crate) fighting: [Vec<StateIx>; 2],
    /// Per side, each state's largest affinity with a state at war on that
    /// side at the end of the last step (the terms of its lean, §2 step 2),
    /// kept up to date as states enter so that the lean costs O(1).
    pub(crate) lean_max: [Vec<f64>; 2],
    /// Obligations arising this step: (state, pact, side).
    pub(crate) arising: Vec<(StateIx, PactIx, Side)>,
    /// The obligations step of a war's first step, once recorded.
    pub(crate) first_step: crate::obligations::FirstStep,
    /// The supply step of a war's first step, once recorded.
    pub(crate) first_supply: crate::supply::FirstSupply,
    /// States entering this step.
    pub(crate) entering: Vec<StateIx>,
    /// Whether a state entered in the last step (so sides moved).
    pub(crate) sides_moved: bool,
    /// The last step at which an event changed a pact's members (0: none).
    pub(crate) members_moved: u32,
    /// Escalation level ℓ.
    pub(crate) level: u8,
    /// Peak pre-combat strength of each side.
    pub(crate) peak: [f64; 2],
    /// `M` of the ceasefire hazard as of the last step a state entered.
    pub(crate) mediator: f64,
    /// `M` at a first step without entrants, when no draw moves it
    /// ([`crate::termination::starting_mediation`]).
    pub(crate) starting_mediator: Option<f64>,
    /// Added ceasefire hazard from this step's events.
    pub(crate) offer: f64,
    pub(crate) rng: TrialRng,
    /// The pacts the challenger counts on, listed once.
    pub(crate) commitments: crate::deterrence::Commitments,
    /// The challenger's calculus, worked out once unless a drawn input
    /// moves the balance of forces (then `None`, and every trial works it
    /// out).
    pub(crate) calculus_cache: Option<crate::deterrence::Calculus>,
    pub(crate) outcome: TrialOutcome,
    /// Tests only: skip nothing, redo every phase's work at every step, so
    /// that a test can show the skips change no result.
    #[cfg(test)]
    pub(crate) exhaustive: bool,
}

impl Trial {
    /// Scratch space for trials of `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        let n = scenario.states.len();
        let mut pacts_of = vec![Vec::new(); n];
        let mut extra_members = vec![0usize; scenario.pacts.len()];
        for (p, pact) in scenario.pacts.iter().enumerate() {
            for &m in &pact.members {
                pacts_of[m].push(p);
            }
        }
        for e in &scenario.events {
            if let crate::model::EventAction::Accession { state, pact } = e.action {
                if !pacts_of[state].contains(&pact) {
                    pacts_of[state].push(pact);
                }
                extra_members[pact] += 1;
            }
        }
        for list in &mut pacts_of {
            list.sort_unstable();
        }
        let is_consultation = |p: &PactIx| scenario.pacts[*p].kind == PactKind::Consultation;
        let consultations: Vec<PactIx> =
            (0..scenario.pacts.len()).filter(is_consultation).collect();
        let consultations_of = pacts_of
            .iter()
            .map(|ps| ps.iter().copied().filter(is_consultation).collect())
            .collect();
        let members: Vec<Vec<StateIx>> = scenario
            .pacts
            .iter()
            .zip(&extra_members)
            .map(|(p, extra)| Vec::with_capacity(p.members.len() + extra))
            .collect();
        let decided = members
            .iter()
            .map(|m| Vec::with_capacity(m.capacity()))
            .collect();
        // The most a war can need: an obligation per member and side of each
        // defense or offense pact; a pledge ban and a support link per
        // ordered pair of members of a pact.
        let (mut arising, mut pairs) = (0, 0);
        for (pact, m) in scenario.pacts.iter().zip(&members) {
            let k = m.capacity();
            if matches!(pact.kind, PactKind::Defense | PactKind::Offense) {
                arising += 2 * k;
            }
            pairs += k * k;
        }
        let mut incident = vec![Vec::new(); n];
        let mut received = vec![0; n];
        for (l, link) in scenario.links.iter().enumerate() {
            incident[link.from].push(l);
            incident[link.to].push(l);
            received[link.to] += 1;
        }
        let samplers: Vec<_> = scenario
            .uncertain
            .iter()
            .map(|u| u.distribution.sampler())
            .collect();
        let on_demand = crate::sampling::OnDemand::of(scenario);
        let cheng_inputs: Vec<usize> = (0..samplers.len())
            .filter(|&i| samplers[i].cheng().is_some() && !on_demand.input[i])
            .collect();
        let mut cheng_place = vec![None; samplers.len()];
        for (p, &i) in cheng_inputs.iter().enumerate() {
            cheng_place[i] = Some(p);
        }
        let geometry_uncertain = scenario.uncertain.iter().any(|u| u.slot.moves_geometry());
        let leans_uncertain = scenario.uncertain.iter().any(|u| u.slot.moves_leans());
        let mut trial = Trial {
            world: scenario.clone(),
            armed: (0..n)
                .filter(|&i| scenario.states[i].nuclear.is_some())
                .collect(),
            cheng: cheng_inputs
                .iter()
                .filter_map(|&i| samplers[i].cheng())
                .collect(),
            cheng_drawn: vec![0.0; cheng_inputs.len()],
            cheng_inputs,
            cheng_place,
            samplers,
            on_demand,
            geometry_uncertain,
            g: vec![0.0; n],
            power: vec![0.0; n],
            power0: vec![0.0; n],
            side: vec![None; n],
            side_before: vec![None; n],
            pending: vec![None; n],
            committed: Vec::with_capacity(n),
            sustain: vec![1.0; n],
            members,
            decided,
            acceded: Vec::with_capacity(scenario.events.len()),
            pacts_of,
            consultations,
            consultations_of,
            consult_sides: vec![[false; 2]; scenario.pacts.len()],
            entry_candidates: Vec::with_capacity(n),
            start_candidates: Vec::with_capacity(n),
            start_candidates_known: false,
            leans_uncertain,
            start_leans_kept: false,
            first_step_foederis: crate::obligations::first_step_foederis(scenario),
            bans: Vec::with_capacity(pairs),
            constrained: vec![false; n],
            support: Vec::with_capacity(pairs),
            links: vec![LinkState::default(); scenario.links.len()],
            cut_in: received.iter().map(|&k| Vec::with_capacity(k)).collect(),
            incident,
            visit: vec![0; scenario.links.len().div_ceil(64)],
            touched: Vec::with_capacity(scenario.events.len()),
            fired: vec![false; scenario.events.len()],
            belligerents: [Vec::with_capacity(n), Vec::with_capacity(n)],
            fighting: [Vec::with_capacity(n), Vec::with_capacity(n)],
            lean_max: [vec![0.0; n], vec![0.0; n]],
            arising: Vec::with_capacity(arising),
            first_step: crate::obligations::FirstStep::with_room(scenario, arising),
            first_supply: crate::supply::FirstSupply::of(scenario),
            entering: Vec::with_capacity(n),
            sides_moved: false,
            members_moved: 0,
            level: 0,
            peak: [0.0; 2],
            mediator: 0.0,
            starting_mediator: crate::termination::starting_mediation(scenario),
            offer: 0.0,
            rng: TrialRng::new(0, 0),
            commitments: crate::deterrence::Commitments::of(scenario),
            calculus_cache: None,
            #[cfg(test)]
            exhaustive: false,
            outcome: TrialOutcome::for_scenario(scenario),
        };
        trial.compute_gradients();
        trial.restore_members();
        if !scenario.uncertain.iter().any(|u| u.slot.moves_deterrence()) {
            trial.calculus_cache = Some(trial.commitments.calculus(&trial.world, &trial.g));
        }
        trial
    }

    /// The record of the last trial played.
    pub fn outcome(&self) -> &TrialOutcome {
        &self.outcome
    }

    /// Whether uncertain input `input` (an index into the scenario's
    /// `uncertain`) is drawn when first read rather than in phase 1
    /// (docs/model.md, "Inputs drawn when first read").
    ///
    /// ```
    /// use casus_core::distribution::Distribution;
    /// use casus_core::model::{Nuclear, UncertainInput};
    /// use casus_core::rng::entity_key;
    /// use casus_core::trial::Trial;
    /// use casus_core::uncertain::Slot;
    /// let mut s = casus_core::testing::duel();
    /// s.states[0].nuclear = Some(Nuclear { warheads: 100.0, threshold: 0.5 });
    /// s.uncertain.push(UncertainInput {
    ///     path: "state.A.nuclear.threshold".into(),
    ///     slot: Slot::StateThreshold(0),
    ///     distribution: Distribution::Pert { lo: 0.4, mode: 0.5, hi: 0.7 },
    ///     key: entity_key("state.A.nuclear.threshold"),
    /// });
    /// assert!(Trial::new(&s).draws_on_demand(0));
    /// ```
    pub fn draws_on_demand(&self, input: usize) -> bool {
        self.on_demand.input.get(input).copied().unwrap_or(false)
    }

    /// The world of the last trial, with the draws it read written in.
    ///
    /// An input drawn when first read (docs/model.md) that an unobserved
    /// trial never read holds an earlier trial's value; a trial played with
    /// an enabled [`Observer`] draws every input.
    pub fn world(&self) -> &Scenario {
        &self.world
    }

    /// `g(i)` for every state under the current draws.
    fn compute_gradients(&mut self) {
        let theatre = self.world.crisis.theatre;
        for (g, s) in self.g.iter_mut().zip(&self.world.states) {
            *g = gradient(s.reach, s.position.distance_km(theatre));
        }
    }

    /// Plays one trial with the streams of `rng` and returns its record.
    ///
    /// The result depends only on the scenario and `rng` (that is, on the
    /// master seed and the trial index), never on what was played before.
    pub fn play<O: Observer>(&mut self, rng: TrialRng, obs: &mut O) -> &TrialOutcome {
        self.rng.assign(&rng);
        self.outcome.reset();
        self.sample(obs);
        if self.geometry_uncertain {
            self.compute_gradients();
        }

        let attacks = if self.world.crisis.assume_attack {
            if O::ENABLED {
                obs.note(Note::AssumedAttack);
            }
            true
        } else {
            self.challenger_attacks(obs)
        };
        if !attacks {
            if O::ENABLED {
                obs.note(Note::End {
                    outcome: Outcome::Deterred,
                    step: 0,
                });
            }
            return &self.outcome;
        }
        self.war(obs);
        &self.outcome
    }

    fn start_war(&mut self) {
        let c = self.world.crisis.challenger;
        let t = self.world.crisis.target;
        // Power and sustainment are read only for states at war: power is
        // set as a state enters (`Trial::enters`), and sustainment at every
        // step as combat opens (`Trial::sustained_strengths`). In tests,
        // every skip off, they start as NaN, so that a read before a write
        // shows.
        if self.exhaustive() {
            self.side.fill(None);
            self.side_before.fill(None);
            self.pending.fill(None);
            self.power.fill(f64::NAN);
            self.power0.fill(f64::NAN);
            self.sustain.fill(f64::NAN);
        } else {
            // Only the last war's belligerents had a side, and only its
            // committed states an entry pending: the rest are as new.
            for &j in self.fighting.iter().flatten() {
                self.side[j] = None;
                self.side_before[j] = None;
            }
            for &j in &self.committed {
                self.pending[j] = None;
            }
        }
        self.committed.clear();
        // Only events change members: unless one did in the last war, they
        // are still the scenario's.
        if self.members_moved != 0 || self.exhaustive() {
            self.restore_members();
        }
        for d in &mut self.decided {
            d.clear();
        }
        self.acceded.clear();
        self.bans.clear();
        self.constrained.fill(false);
        self.support.clear();
        self.links.fill(LinkState::default());
        for cut in &mut self.cut_in {
            cut.clear();
        }
        self.fired.fill(false);
        self.touched.clear();
        self.entering.clear();
        self.members_moved = 0;
        for (x, leader) in [(Side::A, c), (Side::B, t)] {
            self.fighting[x.index()].clear();
            self.belligerents[x.index()].clear();
            self.belligerents[x.index()].push(leader);
            self.enters(leader, x, 1);
            self.side_before[leader] = Some(x);
        }
        // The leans and entry candidates a war starts with: unless a draw
        // moves the leans, those the last war started with when no state
        // joined it.
        let kept = self.start_leans_kept && !self.leans_uncertain && !self.exhaustive();
        if !kept {
            let n = self.world.states.len();
            for (x, leader) in [(Side::A, c), (Side::B, t)] {
                let row = &self.world.affinity[leader * n..(leader + 1) * n];
                self.lean_max[x.index()].copy_from_slice(row);
            }
            if self.start_candidates_known && !self.exhaustive() {
                self.entry_candidates.clone_from(&self.start_candidates);
            } else {
                self.refresh_entry_candidates();
                if !self.leans_uncertain {
                    self.start_candidates.clone_from(&self.entry_candidates);
                    self.start_candidates_known = true;
                }
            }
        }
        self.start_leans_kept = true;
        self.level = 1;
        self.peak = [0.0; 2];
        self.outcome.max_level = 1;
    }

    /// State `j` enters the war on side `x` at step `t`: it takes its side,
    /// fights from this step, and is recorded, with its power at the war's
    /// start (unchanged until now: only states at war lose power).
    pub(crate) fn enters(&mut self, j: StateIx, x: Side, t: u32) {
        self.side[j] = Some(x);
        self.fighting[x.index()].push(j);
        self.power0[j] = self.world.states[j].power;
        self.power[j] = self.power0[j];
        self.outcome.enter(j, x, t);
    }

    /// Phase 3: the war, step by step, until it ends or reaches the horizon.
    fn war<O: Observer>(&mut self, obs: &mut O) {
        self.start_war();
        let horizon = self.world.crisis.horizon as u32;
        let mut ended = None;
        for t in 1..=horizon {
            if O::ENABLED {
                obs.note(Note::Step { step: t });
            }
            self.close_last_step();
            self.entering.clear();
            self.offer = 0.0;
            self.apply_events(t, obs);
            self.decide_obligations(t, obs);
            self.decide_entries(t, obs);
            self.take_entries(t, obs);
            self.update_supply(t, obs);
            let combat = self.fight(t, obs);
            if let Some(outcome) = self.escalate(t, &combat, obs) {
                ended = Some((outcome, t));
                break;
            }
            if let Some(outcome) = self.terminate(t, &combat, obs) {
                ended = Some((outcome, t));
                break;
            }
        }
        let (outcome, duration) = ended.unwrap_or((Outcome::Stalemate, horizon));
        self.finish(outcome, duration, obs);
    }

    fn finish<O: Observer>(&mut self, outcome: Outcome, duration: u32, obs: &mut O) {
        let rec = &mut self.outcome;
        rec.outcome = outcome;
        rec.duration = duration;
        for &i in &rec.fought {
            let loss = (1.0 - self.power[i] / self.power0[i]).clamp(0.0, 1.0);
            let r = &mut rec.states[i];
            r.loss = loss;
            r.cost = loss * self.world.states[i].economy;
        }
        rec.war_size = rec.fought.len() as u32;
        if O::ENABLED {
            obs.note(Note::End {
                outcome,
                step: duration,
            });
        }
    }

    /// Makes last step's entrants part of the sides this step's decisions
    /// read (§5.1): the sides as they stood, the side lists and each state's
    /// lean terms. Only entries move them, so a step after one without
    /// entrants has nothing to copy.
    fn close_last_step(&mut self) {
        self.sides_moved = !self.entering.is_empty();
        if !self.sides_moved && !self.exhaustive() {
            return;
        }
        self.side_before.copy_from_slice(&self.side);
        self.start_leans_kept = false;
        let n = self.world.states.len();
        for &k in &self.entering {
            let Some(x) = self.side[k] else { continue };
            // aff is symmetric: row k holds aff(j, k) for every j.
            let row = &self.world.affinity[k * n..(k + 1) * n];
            for (m, &a) in self.lean_max[x.index()].iter_mut().zip(row) {
                *m = m.max(a);
            }
        }
        self.refresh_entry_candidates();
        for x in 0..2 {
            self.belligerents[x].clone_from(&self.fighting[x]);
        }
    }

    /// Every pact's members as the scenario has them.
    fn restore_members(&mut self) {
        for (m, p) in self.members.iter_mut().zip(&self.world.pacts) {
            m.clear();
            m.extend_from_slice(&p.members);
        }
    }

    /// Whether every skip is off: only in tests, never in a build.
    #[inline(always)]
    pub(crate) fn exhaustive(&self) -> bool {
        #[cfg(test)]
        return self.exhaustive;
        #[cfg(not(test))]
        false
    }

    /// Whether `j` is on the side opposite `k` (both at war), as of now.
    #[inline]
    pub(crate) fn at_war_with(&self, j: StateIx, k: StateIx) -> bool {
        matches!((self.side[j], self.side[k]), (Some(a), Some(b)) if a != b)
    }

    /// Whether `j` is a member of pact `p` now.
    #[inline]
    pub(crate) fn is_member(&self, j: StateIx, p: PactIx) -> bool {
        self.members[p].contains(&j)
    }

    /// Records link `l`'s first cut for the report.
    pub(crate) fn record_cut(&mut self, l: LinkIx, t: u32) {
        let r = &mut self.outcome.links[l];
        if r.cut_step.is_none() {
            r.cut_step = Some(t);
        }
    }
}
