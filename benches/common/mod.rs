//! What the benchmarks share: the bundled scenario they measure.

use casus_core::model::Scenario;

/// The bundled SMDA scenario, compiled in so that a bench reads no file.
pub const SMDA: &str = include_str!("../../scenarios/smda-india-pakistan.toml");

/// One variant of the bundled SMDA scenario.
pub fn smda(variant: &str) -> Scenario {
    let doc = casus_scenario::parse(SMDA).expect("bundled scenario is valid");
    doc.variant(variant).expect("variant").scenario.clone()
}
