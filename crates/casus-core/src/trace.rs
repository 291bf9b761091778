//! What a trial tells an observer: every decision with its inputs and draw.
//!
//! `casus trace` renders these notes as a narrative. Runs pass `()`, whose
//! methods are empty and inlined away, so tracing costs nothing in a run.

use crate::model::{EventIx, LinkIx, PactIx, StateIx};
use crate::record::{Outcome, Side};

/// Why a link is cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutCause {
    /// Supplier and recipient are at war with each other.
    War,
    /// The supplier's embargo rule fired and it cut.
    Embargo,
    /// The licence holder cut.
    Licence,
    /// An `embargo` event.
    Event,
    /// The chokepoint closed under its regime.
    Chokepoint,
}

/// One thing that happened in a trial.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)] // the fields are named after MODEL.md's symbols
pub enum Note {
    /// An uncertain input was drawn (phase 1).
    Sampled {
        input: usize,
        value: f64,
        clamped: bool,
    },
    /// The challenger's decision (phase 2).
    Deterrence {
        s_a: f64,
        s_b: f64,
        p_win: f64,
        cost: f64,
        nuclear: f64,
        eu: f64,
        epsilon: f64,
        attacked: bool,
    },
    /// The deterrence phase was skipped (`assume_attack`).
    AssumedAttack,
    /// A war step begins.
    Step { step: u32 },
    /// An event fired.
    EventFired { event: EventIx },
    /// A pact's casus foederis arose (or a partner went to war) for the first time.
    Invoked { pact: PactIx },
    /// A member decided on a defense or offense obligation.
    Obligation {
        state: StateIx,
        pact: PactIx,
        side: Side,
        reliability: f64,
        cross_pressure: f64,
        draw: f64,
        honoured: bool,
        /// For a `full` honour, the step the entry falls due.
        due: Option<u32>,
    },
    /// A member's obligations in one step pointed to both sides (§5.2).
    Conflicted { state: StateIx, pact: PactIx },
    /// A member decided on a neutrality or nonaggression pledge.
    Pledge {
        state: StateIx,
        pact: PactIx,
        reliability: f64,
        draw: f64,
        kept: bool,
    },
    /// A state entered (or not) by opportunism and consultation (§5.3).
    Opportunity {
        state: StateIx,
        h_a: f64,
        h_b: f64,
        draw: f64,
        entered: Option<Side>,
    },
    /// An entry falling due was dropped because of a kept pledge (§5.4).
    EntryDropped {
        state: StateIx,
        side: Side,
        partner: StateIx,
    },
    /// A state entered the war.
    Entered { state: StateIx, side: Side },
    /// A link was cut.
    Cut { link: LinkIx, cause: CutCause },
    /// A cut link was restored.
    Restored { link: LinkIx },
    /// A supplier's embargo rule held and it did not cut.
    EmbargoWithheld { link: LinkIx, licence: bool },
    /// The combat of a step.
    Combat {
        s_a: f64,
        s_b: f64,
        f_a: f64,
        f_b: f64,
        eps_a: f64,
        eps_b: f64,
    },
    /// The escalation draw of a step.
    Escalation { hazard: f64, draw: f64, level: u8 },
    /// A nuclear belligerent's use draw.
    NuclearCheck {
        state: StateIx,
        loss: f64,
        draw: f64,
        used: bool,
    },
    /// The termination draw of a step.
    Termination {
        hazard: f64,
        mediation: f64,
        draw: f64,
    },
    /// The trial ended.
    End { outcome: Outcome, step: u32 },
}

/// Receives the notes of a trial.
pub trait Observer {
    /// Whether notes are wanted; when false, callers skip building them.
    const ENABLED: bool;
    /// Receives one note.
    fn note(&mut self, note: Note);
}

/// The silent observer of a run.
impl Observer for () {
    const ENABLED: bool = false;
    #[inline(always)]
    fn note(&mut self, _: Note) {}
}

/// Collects every note, for `casus trace` and tests.
impl Observer for Vec<Note> {
    const ENABLED: bool = true;
    fn note(&mut self, note: Note) {
        self.push(note);
    }
}
