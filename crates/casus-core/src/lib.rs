//! The casus model: states, collective-defense pacts, supply links and one
//! trial of a crisis, as specified by MODEL.md.
//!
//! This crate is pure: no I/O, no threads, no clock. A trial is a function of
//! a validated [`model::Scenario`] and a [`rng::TrialRng`] (the random
//! streams of one `(seed, trial)`), and writes a [`record::TrialOutcome`].
//! Parsing lives in `casus-scenario`; running many trials, in `casus-runner`.
//!
//! Modules mirror the phases of MODEL.md §2, so a rule is found by its name:
//! [`sampling`] (phase 1), [`deterrence`] (phase 2), and for each war step
//! [`events`], [`obligations`], [`entry`], [`supply`], [`combat`],
//! [`escalation`], [`termination`]; [`trial`] plays them in order.
//!
//! ```
//! use casus_core::{testing, rng::TrialRng, trial::Trial};
//! let scenario = testing::duel();
//! let mut trial = Trial::new(&scenario);
//! let outcome = trial.play(TrialRng::new(42, 0), &mut ());
//! assert!(outcome.duration <= 52);
//! ```
#![warn(missing_docs)]

mod cheng;
pub mod combat;
pub mod deterrence;
pub mod distribution;
pub mod entry;
pub mod escalation;
pub mod events;
pub mod geo;
pub mod hazard;
pub mod model;
pub mod obligations;
pub mod record;
pub mod rng;
pub mod sampling;
pub mod supply;
pub mod termination;
pub mod testing;
pub mod trace;
pub mod trial;
pub mod uncertain;

#[cfg(test)]
mod rules_tests;
