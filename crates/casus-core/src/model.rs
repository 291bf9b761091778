//! The analysed world of MODEL.md §1: states, relations, pacts, supply links,
//! chokepoints, the crisis, events and the model constants.
//!
//! Everything here is addressed by index. Names and source spans live in the
//! scenario layer (`casus-scenario`), which validates a file into a
//! [`Scenario`]; the core never looks up a string id while it plays a trial.

use crate::distribution::Distribution;
use crate::geo::LatLon;

/// Index of a state in [`Scenario::states`].
pub type StateIx = usize;
/// Index of a pact in [`Scenario::pacts`].
pub type PactIx = usize;
/// Index of a supply link in [`Scenario::links`].
pub type LinkIx = usize;
/// Index of a chokepoint in [`Scenario::chokepoints`].
pub type ChokepointIx = usize;
/// Index of an event in [`Scenario::events`].
pub type EventIx = usize;

/// A stable 32-bit key derived from an entity's id (see [`crate::rng::entity_key`]).
///
/// Random streams are keyed by it rather than by index, so that a variant
/// which adds or removes an entity does not shift anyone else's draws
/// (common random numbers, MODEL.md §2 and §5.24).
pub type EntityKey = u32;

/// A state (MODEL.md §1, "States").
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The id from the file, e.g. `PAK`.
    pub id: String,
    /// Display name (defaults to the id).
    pub name: String,
    /// Military power, in any unit consistent within the file (> 0).
    pub power: f64,
    /// GDP in USD bn (> 0); scales the reported cost of losses.
    pub economy: f64,
    /// Capital or centroid.
    pub position: LatLon,
    /// Distance in km at which half of `power` arrives (> 0).
    pub reach: f64,
    /// Willingness to bear costs, 0..1 (the challenger's decision uses it).
    pub resolve: f64,
    /// Steps of full sustainment after a supply link is cut (≥ 0).
    pub stockpile: f64,
    /// Nuclear capability, if any.
    pub nuclear: Option<Nuclear>,
    /// Stream key derived from `id`.
    pub key: EntityKey,
}

/// A state's nuclear arsenal (MODEL.md §1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nuclear {
    /// Number of warheads (whole; the state is nuclear when ≥ 1, §5.20).
    pub warheads: f64,
    /// Fraction of its initial power a state must lose before use is possible.
    pub threshold: f64,
}

impl State {
    /// Whether the state is nuclear in this trial (`warheads ≥ 1`, MODEL.md §5.20).
    ///
    /// ```
    /// # use casus_core::model::Nuclear;
    /// # let mut s = casus_core::testing::state("PAK", 10.0, [30.0, 70.0]);
    /// s.nuclear = Some(Nuclear { warheads: 170.0, threshold: 0.3 });
    /// assert!(s.is_nuclear());
    /// s.nuclear = Some(Nuclear { warheads: 0.0, threshold: 0.3 });
    /// assert!(!s.is_nuclear());
    /// ```
    pub fn is_nuclear(&self) -> bool {
        self.nuclear.is_some_and(|n| n.warheads >= 1.0)
    }
}

/// A listed `[[relation]]`; the affinity matrix is built from these.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    /// First state.
    pub a: StateIx,
    /// Second state.
    pub b: StateIx,
    /// Affinity in −1 (hostile) .. +1 (aligned).
    pub affinity: f64,
}

/// The ATOP obligation types (MODEL.md §1, "Pacts").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PactKind {
    /// Members defend a member that is attacked.
    Defense,
    /// Members join a member's attack.
    Offense,
    /// Members stay out of a war against a member.
    Neutrality,
    /// Members do not attack each other.
    Nonaggression,
    /// Members consult; raises the entry hazard toward a partner's side.
    Consultation,
}

impl PactKind {
    /// Every kind, in the order of MODEL.md.
    pub const ALL: [PactKind; 5] = [
        PactKind::Defense,
        PactKind::Offense,
        PactKind::Neutrality,
        PactKind::Nonaggression,
        PactKind::Consultation,
    ];

    /// The name used in scenario files.
    ///
    /// ```
    /// assert_eq!(casus_core::model::PactKind::Nonaggression.as_str(), "nonaggression");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PactKind::Defense => "defense",
            PactKind::Offense => "offense",
            PactKind::Neutrality => "neutrality",
            PactKind::Nonaggression => "nonaggression",
            PactKind::Consultation => "consultation",
        }
    }

    /// Default reliability by kind, Berkemeier & Fuhrmann 2018 (MODEL.md §1).
    ///
    /// ```
    /// assert_eq!(casus_core::model::PactKind::Defense.default_reliability(), 0.41);
    /// ```
    pub fn default_reliability(self) -> f64 {
        match self {
            PactKind::Defense => 0.41,
            PactKind::Offense => 0.74,
            PactKind::Neutrality => 0.78,
            PactKind::Nonaggression => 0.37,
            PactKind::Consultation => 0.5,
        }
    }
}

/// What a member that honours an obligation contributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Support {
    /// It fights.
    Full,
    /// It opens an arms supply link to the member at war.
    Arms,
    /// It opens a finance supply link to the member at war.
    Finance,
}

impl Support {
    /// The name used in scenario files.
    ///
    /// ```
    /// assert_eq!(casus_core::model::Support::Finance.as_str(), "finance");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Support::Full => "full",
            Support::Arms => "arms",
            Support::Finance => "finance",
        }
    }
}

/// A collective-defense (or other ATOP-type) pact (MODEL.md §1, "Pacts").
#[derive(Clone, Debug, PartialEq)]
pub struct Pact {
    /// Unique id, e.g. `smda`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Obligation type.
    pub kind: PactKind,
    /// Members at the start of a trial (≥ 2 in a valid file).
    pub members: Vec<StateIx>,
    /// Probability a member honours the obligation, 0..1.
    pub reliability: f64,
    /// A defense pact binds only when a member is on the defending side.
    pub defensive_only: bool,
    /// The casus foederis holds only against these; empty = any state.
    pub adversaries: Vec<StateIx>,
    /// Default contribution of a member that honours.
    pub support: Support,
    /// Per-member overrides of `support`.
    pub contributions: Vec<(StateIx, Support)>,
    /// A nuclear member's deterrent covers the others (phase 2 only, §5.7).
    pub nuclear_umbrella: bool,
    /// Stream key derived from `id`.
    pub key: EntityKey,
}

impl Pact {
    /// What member `j` contributes when it honours.
    ///
    /// ```
    /// # use casus_core::model::Support;
    /// let mut p = casus_core::testing::pact("smda", casus_core::model::PactKind::Defense, &[0, 1]);
    /// p.contributions = vec![(0, Support::Finance)];
    /// assert_eq!(p.support_of(0), Support::Finance);
    /// assert_eq!(p.support_of(1), Support::Full);
    /// ```
    pub fn support_of(&self, j: StateIx) -> Support {
        self.contributions
            .iter()
            .find(|(s, _)| *s == j)
            .map_or(self.support, |&(_, s)| s)
    }

    /// Whether `k` is an adversary in scope (empty `adversaries` = anyone).
    pub fn targets(&self, k: StateIx) -> bool {
        self.adversaries.is_empty() || self.adversaries.contains(&k)
    }
}

/// What a supply link carries (a label; every kind sustains alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// Weapons systems.
    Arms,
    /// Ammunition.
    Munitions,
    /// Parts and sub-systems.
    Components,
    /// Fuel and power.
    Energy,
    /// Money.
    Finance,
}

impl LinkKind {
    /// The name used in scenario files and default link ids.
    ///
    /// ```
    /// assert_eq!(casus_core::model::LinkKind::Components.as_str(), "components");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Arms => "arms",
            LinkKind::Munitions => "munitions",
            LinkKind::Components => "components",
            LinkKind::Energy => "energy",
            LinkKind::Finance => "finance",
        }
    }
}

/// When a supplier's embargo rule holds (MODEL.md §1 and §2, phase 3 step 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmbargoWhen {
    /// Never embargo.
    Never,
    /// The recipient is on side A.
    IfInitiator,
    /// The recipient is at war.
    IfBelligerent,
    /// The recipient is at war against a friend or pact partner of the supplier.
    IfHostile,
}

impl EmbargoWhen {
    /// The name used in scenario files.
    ///
    /// ```
    /// assert_eq!(casus_core::model::EmbargoWhen::IfHostile.as_str(), "if-hostile");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EmbargoWhen::Never => "never",
            EmbargoWhen::IfInitiator => "if-initiator",
            EmbargoWhen::IfBelligerent => "if-belligerent",
            EmbargoWhen::IfHostile => "if-hostile",
        }
    }
}

/// A supplier's embargo rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Embargo {
    /// When the rule holds.
    pub when: EmbargoWhen,
    /// Probability the supplier cuts when the rule first holds (once per war).
    pub p: f64,
}

impl Default for Embargo {
    fn default() -> Self {
        Embargo {
            when: EmbargoWhen::IfHostile,
            p: 1.0,
        }
    }
}

/// A supply link (MODEL.md §1, "Supply links").
#[derive(Clone, Debug, PartialEq)]
pub struct SupplyLink {
    /// Id, by default `FROM-TO-kind`.
    pub id: String,
    /// Supplier.
    pub from: StateIx,
    /// Recipient.
    pub to: StateIx,
    /// What it carries.
    pub kind: LinkKind,
    /// Fraction of the recipient's sustainment that depends on it, 0..1.
    pub share: f64,
    /// Chokepoint the link passes through.
    pub via: Option<ChokepointIx>,
    /// State whose consent the link needs (export licence).
    pub licence: Option<StateIx>,
    /// The supplier's embargo rule.
    pub embargo: Embargo,
    /// Stream key derived from `id`.
    pub key: EntityKey,
}

/// Chokepoint regimes; v1 knows one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Regime {
    /// Closed in war to links of belligerents unless the controller fights on
    /// the recipient's side (Montreux Convention, Article 19/21 practice, 2022).
    Montreux,
}

/// A chokepoint (MODEL.md §1, "Chokepoints").
#[derive(Clone, Debug, PartialEq)]
pub struct Chokepoint {
    /// Id, e.g. `straits`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The state that controls passage.
    pub controller: StateIx,
    /// The regime it applies.
    pub regime: Regime,
}

/// The step label (a label only, §5.21).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepUnit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl StepUnit {
    /// The name used in scenario files.
    ///
    /// ```
    /// assert_eq!(casus_core::model::StepUnit::Week.as_str(), "week");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            StepUnit::Day => "day",
            StepUnit::Week => "week",
            StepUnit::Month => "month",
            StepUnit::Year => "year",
        }
    }
}

/// The crisis (MODEL.md §1, "The crisis").
#[derive(Clone, Debug, PartialEq)]
pub struct Crisis {
    /// The state that decides whether to attack (side A).
    pub challenger: StateIx,
    /// The state attacked (side B).
    pub target: StateIx,
    /// Where the war is fought.
    pub theatre: LatLon,
    /// What the challenger gains by winning, 0..1.
    pub stakes: f64,
    /// Number of steps (whole, 1..=10 000).
    pub horizon: f64,
    /// Step label.
    pub step: StepUnit,
    /// Skip deterrence: every trial is a war.
    pub assume_attack: bool,
}

/// When an event fires.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trigger {
    /// At step `at` (whole).
    At(f64),
    /// With this probability per step, at its first success.
    Chance(f64),
}

/// What an event does (MODEL.md §1 and §5.8).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EventAction {
    /// Cut a link.
    Embargo(LinkIx),
    /// Restore a link cut by an event, embargo rule or licence.
    Lift(LinkIx),
    /// A state joins a pact.
    Accession {
        /// The acceding state.
        state: StateIx,
        /// The pact it joins.
        pact: PactIx,
    },
    /// A state leaves a pact.
    Exit {
        /// The leaving state.
        state: StateIx,
        /// The pact it leaves.
        pact: PactIx,
    },
    /// Adds `strength` to the termination hazard of that step.
    CeasefireOffer {
        /// Added hazard (≥ 0).
        strength: f64,
    },
}

/// A scheduled or random event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The `id`, or its index in the file.
    pub id: String,
    /// When it fires.
    pub trigger: Trigger,
    /// What it does.
    pub action: EventAction,
    /// Stream key derived from `id`.
    pub key: EntityKey,
}

/// The model constants of MODEL.md §3; `[model]` overrides any of them.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)] // each constant is documented in MODEL.md §3 and docs/model.md
pub struct Constants {
    pub csf_exponent: f64,
    pub war_cost: f64,
    pub nuclear_dread: f64,
    pub misperception: f64,
    pub entry_lag_p: f64,
    pub lean_threshold: f64,
    pub opportunism: f64,
    pub consult_bonus: f64,
    pub friend_threshold: f64,
    pub arms_support_share: f64,
    pub finance_support_share: f64,
    pub sustain_floor: f64,
    pub attrition: f64,
    pub intensity: [f64; 3],
    pub combat_noise: f64,
    pub esc_base: f64,
    pub esc_entry: f64,
    pub esc_loss: f64,
    pub nuclear_use: f64,
    pub collapse: f64,
    pub peace_base: f64,
    pub mediation: f64,
    pub exhaustion: f64,
}

impl Default for Constants {
    /// The defaults of MODEL.md §3.
    fn default() -> Self {
        Constants {
            csf_exponent: 1.0,
            war_cost: 0.5,
            nuclear_dread: 0.3,
            misperception: 0.15,
            entry_lag_p: 0.5,
            lean_threshold: 0.5,
            opportunism: 0.02,
            consult_bonus: 0.05,
            friend_threshold: 0.5,
            arms_support_share: 0.15,
            finance_support_share: 0.10,
            sustain_floor: 0.2,
            attrition: 0.05,
            intensity: [0.25, 1.0, 2.0],
            combat_noise: 0.3,
            esc_base: 0.05,
            esc_entry: 0.25,
            esc_loss: 2.0,
            nuclear_use: 0.25,
            collapse: 0.3,
            peace_base: 0.03,
            mediation: 0.15,
            exhaustion: 0.3,
        }
    }
}

/// An input drawn once per trial from a distribution (MODEL.md §1,
/// "Uncertain inputs").
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainInput {
    /// The field's path in variant syntax (§5.25), e.g. `state.PAK.power`.
    pub path: String,
    /// Where the drawn value goes.
    pub slot: crate::uncertain::Slot,
    /// The distribution it is drawn from.
    pub distribution: Distribution,
    /// Stream key derived from `path`, so that draws survive added fields.
    pub key: EntityKey,
}

/// A validated scenario (one variant): the world a trial is played on.
///
/// Build it with the scenario layer (`casus-scenario`), or by hand in tests
/// (see [`crate::testing`]). [`Scenario::prepare`] checks the invariants the
/// trial relies on and fills the affinity matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// States, in file order.
    pub states: Vec<State>,
    /// Listed relations, in file order.
    pub relations: Vec<Relation>,
    /// Pacts, in file order.
    pub pacts: Vec<Pact>,
    /// Supply links, in file order.
    pub links: Vec<SupplyLink>,
    /// Chokepoints, in file order.
    pub chokepoints: Vec<Chokepoint>,
    /// The crisis.
    pub crisis: Crisis,
    /// Events, in file order.
    pub events: Vec<Event>,
    /// Model constants.
    pub constants: Constants,
    /// Inputs drawn per trial.
    pub uncertain: Vec<UncertainInput>,
    /// Dense affinity matrix, row-major `n × n`; filled by [`Scenario::prepare`].
    pub affinity: Vec<f64>,
}

impl Scenario {
    /// Number of states.
    pub fn n_states(&self) -> usize {
        self.states.len()
    }

    /// `aff(i, j)`: symmetric, 0 when unlisted, 1 on the diagonal.
    #[inline]
    pub fn aff(&self, i: StateIx, j: StateIx) -> f64 {
        self.affinity[i * self.states.len() + j]
    }

    /// Rebuilds the affinity matrix from `relations` (after a relation's
    /// affinity was drawn, or after construction).
    pub fn rebuild_affinity(&mut self) {
        let n = self.states.len();
        self.affinity.clear();
        self.affinity.resize(n * n, 0.0);
        for i in 0..n {
            self.affinity[i * n + i] = 1.0;
        }
        for r in &self.relations {
            self.affinity[r.a * n + r.b] = r.affinity;
            self.affinity[r.b * n + r.a] = r.affinity;
        }
    }

    /// Fills derived data; call once after building or editing a scenario.
    pub fn prepare(&mut self) {
        self.rebuild_affinity();
    }
}
