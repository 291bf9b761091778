//! Reads a casus scenario file (TOML, MODEL.md §1 and §5.17–§5.25) into the
//! core model, and says precisely what is wrong with it when it cannot.
//!
//! That is this crate's one job: from text to validated
//! [`casus_core::model::Scenario`]s, one per variant, with every id resolved
//! to an index; or to the complete list of the file's [`Problem`]s, each
//! with its line, column and a hint, which [`render`] prints.
//!
//! ```
//! let src = r#"
//! [scenario]
//! name = "duel"
//!
//! [[state]]
//! id = "AAA"
//! power = 10
//! economy = 100
//! position = [30.0, 70.0]
//!
//! [[state]]
//! id = "BBB"
//! power = 10
//! economy = 100
//! position = [30.0, 76.2]
//!
//! [crisis]
//! challenger = "AAA"
//! target = "BBB"
//! theatre = [30.0, 76.2]
//! stakes = 0.5
//! "#;
//! let doc = casus_scenario::parse(src).unwrap();
//! assert_eq!(doc.meta.name, "duel");
//! let s = &doc.variant("base").unwrap().scenario;
//! assert_eq!(s.crisis.target, 1);
//! assert_eq!(s.crisis.horizon, 52.0); // the default
//!
//! let broken = src.replace("target = \"BBB\"", "target = \"BBC\"");
//! let problems = casus_scenario::parse(&broken).unwrap_err();
//! let out = casus_scenario::render("duel.toml", &broken, &problems);
//! assert!(out.contains("unknown state `BBC`"));
//! assert!(out.contains("did you mean `BBB`?"));
//! ```
//!
//! The stages, each in its module: [`limits`] and a pre-parse guard keep
//! hostile input harmless; the TOML parser gives spans for every key and
//! value (`tree`); `schema` reads tables into typed structs as written;
//! `validate` resolves ids and checks ranges into the core model; `variant`
//! applies `remove`, `add` and `set` to the base file's tree and validates
//! the result like a base file.
#![warn(missing_docs)]

mod diagnostic;
mod document;
mod guard;
pub mod limits;
mod path;
mod schema;
mod suggest;
mod tree;
mod validate;
mod variant;

pub use diagnostic::{Label, Problem, render};
pub use document::{Document, Meta, Variant, parse};

#[cfg(test)]
mod tests;
