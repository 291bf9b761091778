//! Uncertain inputs: where a drawn value goes, its valid range, and clamping
//! (MODEL.md §1 "Uncertain inputs", §5.20 and §5.25).

use crate::model::{EventAction, EventIx, LinkIx, PactIx, Scenario, StateIx, Trigger};

/// The numeric fields a distribution may stand for, addressed by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Slot {
    StatePower(StateIx),
    StateEconomy(StateIx),
    StateLat(StateIx),
    StateLon(StateIx),
    StateReach(StateIx),
    StateResolve(StateIx),
    StateStockpile(StateIx),
    StateWarheads(StateIx),
    StateThreshold(StateIx),
    /// A listed relation, by its index in [`Scenario::relations`].
    Affinity(usize),
    PactReliability(PactIx),
    LinkShare(LinkIx),
    LinkEmbargoP(LinkIx),
    CrisisStakes,
    CrisisHorizon,
    TheatreLat,
    TheatreLon,
    EventAt(EventIx),
    EventP(EventIx),
    EventStrength(EventIx),
    /// A model constant, by its index in [`CONSTANTS`].
    Constant(usize),
}

/// The valid range of a field: draws outside it are clamped into it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValidRange {
    /// Smallest valid value (an open bound `> 0` is represented as 1e-9, §5.20).
    pub lo: f64,
    /// Largest valid value.
    pub hi: f64,
    /// Whether the field is a whole number (rounded after clamping).
    pub whole: bool,
}

/// Smallest value of a field that must be `> 0` (MODEL.md §5.20).
pub const OPEN_ZERO: f64 = 1e-9;
/// The largest horizon (MODEL.md §5.20).
pub const MAX_HORIZON: f64 = 10_000.0;

impl ValidRange {
    const fn new(lo: f64, hi: f64) -> Self {
        ValidRange {
            lo,
            hi,
            whole: false,
        }
    }
    /// `0..=1`.
    pub const UNIT: ValidRange = ValidRange::new(0.0, 1.0);
    /// `> 0`.
    pub const POSITIVE: ValidRange = ValidRange::new(OPEN_ZERO, f64::INFINITY);
    /// `≥ 0`.
    pub const NON_NEGATIVE: ValidRange = ValidRange::new(0.0, f64::INFINITY);
    /// Affinities, `−1..=1`.
    pub const AFFINITY: ValidRange = ValidRange::new(-1.0, 1.0);
    /// Latitude.
    pub const LATITUDE: ValidRange = ValidRange::new(-90.0, 90.0);
    /// Longitude.
    pub const LONGITUDE: ValidRange = ValidRange::new(-180.0, 180.0);
    /// Horizon, whole steps `1..=10 000`.
    pub const HORIZON: ValidRange = ValidRange {
        lo: 1.0,
        hi: MAX_HORIZON,
        whole: true,
    };
    /// An event's step, whole `1..=10 000`.
    pub const STEP: ValidRange = ValidRange {
        lo: 1.0,
        hi: MAX_HORIZON,
        whole: true,
    };
    /// Warheads, whole `≥ 0`.
    pub const COUNT: ValidRange = ValidRange {
        lo: 0.0,
        hi: 1e9,
        whole: true,
    };

    /// Clamps `x` into the range, then rounds whole fields. Returns the value
    /// and whether it was clamped (rounding is not clamping, §5.20).
    ///
    /// ```
    /// use casus_core::uncertain::ValidRange;
    /// assert_eq!(ValidRange::UNIT.clamp(1.2), (1.0, true));
    /// assert_eq!(ValidRange::HORIZON.clamp(51.6), (52.0, false));
    /// ```
    pub fn clamp(&self, x: f64) -> (f64, bool) {
        let (v, clamped) = if x < self.lo {
            (self.lo, true)
        } else if x > self.hi {
            (self.hi, true)
        } else if x.is_nan() {
            (self.lo, true)
        } else {
            (x, false)
        };
        (if self.whole { v.round() } else { v }, clamped)
    }

    /// Whether `x` is valid for this field (used to check fixed values).
    pub fn contains(&self, x: f64) -> bool {
        x >= self.lo && x <= self.hi && (!self.whole || x.fract() == 0.0)
    }
}

/// The `[model]` constants: name, valid range. Index = [`Slot::Constant`].
/// `intensity` is three entries, `intensity[0..3]`.
pub const CONSTANTS: [(&str, ValidRange); 25] = [
    ("csf_exponent", ValidRange::POSITIVE),
    ("war_cost", ValidRange::NON_NEGATIVE),
    ("nuclear_dread", ValidRange::NON_NEGATIVE),
    ("misperception", ValidRange::NON_NEGATIVE),
    (
        "entry_lag_p",
        ValidRange {
            lo: OPEN_ZERO,
            hi: 1.0,
            whole: false,
        },
    ),
    ("lean_threshold", ValidRange::NON_NEGATIVE),
    ("opportunism", ValidRange::NON_NEGATIVE),
    ("consult_bonus", ValidRange::NON_NEGATIVE),
    ("friend_threshold", ValidRange::AFFINITY),
    ("arms_support_share", ValidRange::UNIT),
    ("finance_support_share", ValidRange::UNIT),
    ("sustain_floor", ValidRange::UNIT),
    ("attrition", ValidRange::NON_NEGATIVE),
    ("intensity[0]", ValidRange::NON_NEGATIVE),
    ("intensity[1]", ValidRange::NON_NEGATIVE),
    ("intensity[2]", ValidRange::NON_NEGATIVE),
    ("combat_noise", ValidRange::NON_NEGATIVE),
    ("esc_base", ValidRange::NON_NEGATIVE),
    ("esc_entry", ValidRange::NON_NEGATIVE),
    ("esc_loss", ValidRange::NON_NEGATIVE),
    ("nuclear_use", ValidRange::UNIT),
    ("collapse", ValidRange::UNIT),
    ("peace_base", ValidRange::NON_NEGATIVE),
    ("mediation", ValidRange::NON_NEGATIVE),
    ("exhaustion", ValidRange::NON_NEGATIVE),
];

impl crate::model::Constants {
    /// The constant at index `i` of [`CONSTANTS`], mutably.
    pub fn field_mut(&mut self, i: usize) -> &mut f64 {
        match i {
            0 => &mut self.csf_exponent,
            1 => &mut self.war_cost,
            2 => &mut self.nuclear_dread,
            3 => &mut self.misperception,
            4 => &mut self.entry_lag_p,
            5 => &mut self.lean_threshold,
            6 => &mut self.opportunism,
            7 => &mut self.consult_bonus,
            8 => &mut self.friend_threshold,
            9 => &mut self.arms_support_share,
            10 => &mut self.finance_support_share,
            11 => &mut self.sustain_floor,
            12 => &mut self.attrition,
            13..=15 => &mut self.intensity[i - 13],
            16 => &mut self.combat_noise,
            17 => &mut self.esc_base,
            18 => &mut self.esc_entry,
            19 => &mut self.esc_loss,
            20 => &mut self.nuclear_use,
            21 => &mut self.collapse,
            22 => &mut self.peace_base,
            23 => &mut self.mediation,
            24 => &mut self.exhaustion,
            _ => panic!("no model constant at index {i}"),
        }
    }

    /// The index in [`CONSTANTS`] of a constant named `name` (`intensity[1]` for an element).
    ///
    /// ```
    /// use casus_core::model::Constants;
    /// assert_eq!(Constants::index_of("attrition"), Some(12));
    /// assert_eq!(Constants::index_of("atrition"), None);
    /// ```
    pub fn index_of(name: &str) -> Option<usize> {
        CONSTANTS.iter().position(|(n, _)| *n == name)
    }
}

impl Slot {
    /// The field's valid range.
    pub fn range(self) -> ValidRange {
        match self {
            Slot::StatePower(_) | Slot::StateEconomy(_) | Slot::StateReach(_) => {
                ValidRange::POSITIVE
            }
            Slot::StateLat(_) | Slot::TheatreLat => ValidRange::LATITUDE,
            Slot::StateLon(_) | Slot::TheatreLon => ValidRange::LONGITUDE,
            Slot::StateResolve(_)
            | Slot::StateThreshold(_)
            | Slot::PactReliability(_)
            | Slot::LinkShare(_)
            | Slot::LinkEmbargoP(_)
            | Slot::CrisisStakes
            | Slot::EventP(_) => ValidRange::UNIT,
            Slot::StateStockpile(_) | Slot::EventStrength(_) => ValidRange::NON_NEGATIVE,
            Slot::StateWarheads(_) => ValidRange::COUNT,
            Slot::Affinity(_) => ValidRange::AFFINITY,
            Slot::CrisisHorizon => ValidRange::HORIZON,
            Slot::EventAt(_) => ValidRange::STEP,
            Slot::Constant(i) => CONSTANTS[i].1,
        }
    }

    /// Whether a value in this slot enters the challenger's balance of
    /// forces in phase 2 (everything of [`crate::deterrence::calculus`] but
    /// the stakes, which enter its last line only).
    pub fn moves_deterrence(self) -> bool {
        const DETERRENCE_CONSTANTS: [&str; 3] = ["csf_exponent", "war_cost", "nuclear_dread"];
        match self {
            Slot::StatePower(_)
            | Slot::StateResolve(_)
            | Slot::StateWarheads(_)
            | Slot::Affinity(_)
            | Slot::PactReliability(_) => true,
            Slot::Constant(i) => DETERRENCE_CONSTANTS.contains(&CONSTANTS[i].0),
            other => other.moves_geometry(),
        }
    }

    /// Whether a value in this slot changes which states can enter at the
    /// start of a war: an affinity (the leans) or the lean threshold.
    pub fn moves_leans(self) -> bool {
        match self {
            Slot::Affinity(_) => true,
            Slot::Constant(i) => CONSTANTS[i].0 == "lean_threshold",
            _ => false,
        }
    }

    /// Whether a value in this slot changes an affinity.
    pub fn moves_affinities(self) -> bool {
        matches!(self, Slot::Affinity(_))
    }

    /// Whether a value in this slot changes what a supply link's rules
    /// decide before their draws: an affinity or the friend threshold
    /// (`if-hostile` and the licence holder's check read them).
    pub fn moves_supply_rules(self) -> bool {
        self.moves_affinities()
            || matches!(self, Slot::Constant(i) if CONSTANTS[i].0 == "friend_threshold")
    }

    /// Whether a value in this slot changes distances to the theatre.
    pub fn moves_geometry(self) -> bool {
        matches!(
            self,
            Slot::StateLat(_)
                | Slot::StateLon(_)
                | Slot::StateReach(_)
                | Slot::TheatreLat
                | Slot::TheatreLon
        )
    }
}

impl Scenario {
    /// Writes `value` (already clamped) into `slot`.
    ///
    /// A slot that names a field the scenario does not have (a nuclear field
    /// of a non-nuclear state, an event field of another kind) is a bug in
    /// the caller; validation never produces one.
    pub fn set(&mut self, slot: Slot, value: f64) {
        match slot {
            Slot::StatePower(i) => self.states[i].power = value,
            Slot::StateEconomy(i) => self.states[i].economy = value,
            Slot::StateLat(i) => self.states[i].position.lat = value,
            Slot::StateLon(i) => self.states[i].position.lon = value,
            Slot::StateReach(i) => self.states[i].reach = value,
            Slot::StateResolve(i) => self.states[i].resolve = value,
            Slot::StateStockpile(i) => self.states[i].stockpile = value,
            Slot::StateWarheads(i) => {
                if let Some(n) = &mut self.states[i].nuclear {
                    n.warheads = value;
                }
            }
            Slot::StateThreshold(i) => {
                if let Some(n) = &mut self.states[i].nuclear {
                    n.threshold = value;
                }
            }
            Slot::Affinity(r) => {
                let rel = &mut self.relations[r];
                rel.affinity = value;
                let (a, b, n) = (rel.a, rel.b, self.states.len());
                self.affinity[a * n + b] = value;
                self.affinity[b * n + a] = value;
            }
            Slot::PactReliability(p) => self.pacts[p].reliability = value,
            Slot::LinkShare(l) => self.links[l].share = value,
            Slot::LinkEmbargoP(l) => self.links[l].embargo.p = value,
            Slot::CrisisStakes => self.crisis.stakes = value,
            Slot::CrisisHorizon => self.crisis.horizon = value,
            Slot::TheatreLat => self.crisis.theatre.lat = value,
            Slot::TheatreLon => self.crisis.theatre.lon = value,
            Slot::EventAt(e) => {
                if let Trigger::At(at) = &mut self.events[e].trigger {
                    *at = value;
                }
            }
            Slot::EventP(e) => {
                if let Trigger::Chance(p) = &mut self.events[e].trigger {
                    *p = value;
                }
            }
            Slot::EventStrength(e) => {
                if let EventAction::CeasefireOffer { strength } = &mut self.events[e].action {
                    *strength = value;
                }
            }
            Slot::Constant(i) => *self.constants.field_mut(i) = value,
        }
    }
}
