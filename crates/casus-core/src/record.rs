//! The per-trial record of MODEL.md §2, phase 4.

use crate::model::{Scenario, StateIx};

/// How a trial ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The challenger did not attack.
    Deterred,
    /// Side B collapsed.
    ChallengerVictory,
    /// Side A collapsed.
    TargetVictory,
    /// A ceasefire.
    Ceasefire,
    /// The horizon was reached.
    Stalemate,
    /// A belligerent used nuclear weapons.
    Nuclear,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 6] = [
        Outcome::Deterred,
        Outcome::ChallengerVictory,
        Outcome::TargetVictory,
        Outcome::Ceasefire,
        Outcome::Stalemate,
        Outcome::Nuclear,
    ];

    /// Its position in [`Outcome::ALL`].
    ///
    /// ```
    /// use casus_core::record::Outcome;
    /// for (i, o) in Outcome::ALL.iter().enumerate() {
    ///     assert_eq!(o.index(), i);
    /// }
    /// ```
    #[inline]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The name used in reports.
    ///
    /// ```
    /// assert_eq!(casus_core::record::Outcome::ChallengerVictory.as_str(), "challenger-victory");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Deterred => "deterred",
            Outcome::ChallengerVictory => "challenger-victory",
            Outcome::TargetVictory => "target-victory",
            Outcome::Ceasefire => "ceasefire",
            Outcome::Stalemate => "stalemate",
            Outcome::Nuclear => "nuclear",
        }
    }
}

/// A side of the war: A is the challenger's, B the target's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The challenger's side.
    A,
    /// The target's side.
    B,
}

impl Side {
    /// The other side.
    ///
    /// ```
    /// use casus_core::record::Side;
    /// assert_eq!(Side::A.other(), Side::B);
    /// ```
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }

    /// Index 0 for A, 1 for B.
    pub fn index(self) -> usize {
        self as usize
    }

    /// `"A"` or `"B"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::A => "A",
            Side::B => "B",
        }
    }
}

/// What one state did in a trial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StateRecord {
    /// The side it fought on, if it fought.
    pub side: Option<Side>,
    /// The step it entered the war (1 for the challenger and target); 0 if it did not fight.
    pub entry_step: u32,
    /// `1 − P(end) / P(start)`; 0 if it did not fight.
    pub loss: f64,
    /// `loss × economy` (USD bn).
    pub cost: f64,
}

/// What one pact did in a trial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PactRecord {
    /// Whether its casus foederis arose (§5.6).
    pub invoked: bool,
    /// Members' decisions to honour (obligations and kept pledges).
    pub honoured: u32,
    /// Members' decisions to decline.
    pub declined: u32,
    /// Obligations that lapsed because they pointed to both sides (§5.2).
    pub conflicted: u32,
}

/// What happened to one supply link in a trial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkRecord {
    /// The first step it was cut, if it was.
    pub cut_step: Option<u32>,
}

/// The record of one trial (MODEL.md §2, phase 4).
///
/// It is reused from trial to trial: its vectors are sized once for the
/// scenario, so recording allocates nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialOutcome {
    /// How it ended.
    pub outcome: Outcome,
    /// The step in which the war ended (the horizon for a stalemate); 0 if deterred.
    pub duration: u32,
    /// Highest escalation level (1..3, 4 = nuclear use); 0 if deterred.
    pub max_level: u8,
    /// Number of belligerents at the end (chain-ganging); 0 if deterred.
    pub war_size: u32,
    /// Per state, in scenario order. A state that did not fight keeps the
    /// default record (no side, loss and cost 0).
    pub states: Vec<StateRecord>,
    /// The states that fought, in the order they entered: the only records
    /// of `states` that differ from the default, so that a consumer of the
    /// record (and its reset) can skip the rest.
    pub fought: Vec<StateIx>,
    /// Per pact, in scenario order.
    pub pacts: Vec<PactRecord>,
    /// Per supply link, in scenario order.
    pub links: Vec<LinkRecord>,
    /// Per uncertain input, whether its draw was clamped into range.
    pub clamped: Vec<bool>,
}

impl TrialOutcome {
    /// An empty record shaped for `scenario`.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        TrialOutcome {
            outcome: Outcome::Deterred,
            duration: 0,
            max_level: 0,
            war_size: 0,
            states: vec![StateRecord::default(); scenario.states.len()],
            fought: Vec::with_capacity(scenario.states.len()),
            pacts: vec![PactRecord::default(); scenario.pacts.len()],
            links: vec![LinkRecord::default(); scenario.links.len()],
            clamped: vec![false; scenario.uncertain.len()],
        }
    }

    /// Whether the challenger attacked.
    pub fn attacked(&self) -> bool {
        self.outcome != Outcome::Deterred
    }

    /// Marks state `i` as entering the war on `side` at step `step`.
    #[inline]
    pub(crate) fn enter(&mut self, i: StateIx, side: Side, step: u32) {
        let rec = &mut self.states[i];
        rec.side = Some(side);
        rec.entry_step = step;
        self.fought.push(i);
    }

    pub(crate) fn reset(&mut self) {
        // Only a war invokes pacts and cuts links: after a deterred trial
        // they are still the defaults.
        if self.attacked() {
            self.pacts.fill(PactRecord::default());
            self.links.fill(LinkRecord::default());
        }
        debug_assert!(self.pacts.iter().all(|r| *r == PactRecord::default()));
        debug_assert!(self.links.iter().all(|r| *r == LinkRecord::default()));
        self.outcome = Outcome::Deterred;
        self.duration = 0;
        self.max_level = 0;
        self.war_size = 0;
        for &i in &self.fought {
            self.states[i] = StateRecord::default();
        }
        self.fought.clear();
        debug_assert!(self.states.iter().all(|r| *r == StateRecord::default()));
        self.clamped.fill(false);
    }
}
