//! What the benchmarks share: the bundled scenarios they measure.

use casus_core::model::Scenario;

/// The bundled SMDA scenario, compiled in so that a bench reads no file.
pub const SMDA: &str = include_str!("../../scenarios/smda-india-pakistan.toml");

/// Every bundled scenario by file stem, compiled in.
pub const BUNDLED: [(&str, &str); 6] = [
    (
        "azerbaijan-armenia",
        include_str!("../../scenarios/azerbaijan-armenia.toml"),
    ),
    ("black-sea", include_str!("../../scenarios/black-sea.toml")),
    (
        "gulf-qatar",
        include_str!("../../scenarios/gulf-qatar.toml"),
    ),
    (
        "pakistan-supply",
        include_str!("../../scenarios/pakistan-supply.toml"),
    ),
    ("smda-india-pakistan", SMDA),
    (
        "taiwan-strait",
        include_str!("../../scenarios/taiwan-strait.toml"),
    ),
];

/// One variant of the bundled SMDA scenario.
pub fn smda(variant: &str) -> Scenario {
    bundled("smda-india-pakistan", variant)
}

/// The text of a bundled scenario, by file stem.
pub fn text(file: &str) -> &'static str {
    BUNDLED
        .iter()
        .find(|(stem, _)| *stem == file)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no bundled scenario `{file}`"))
}

/// One variant of a bundled scenario, by file stem.
pub fn bundled(file: &str, variant: &str) -> Scenario {
    let doc = casus_scenario::parse(text(file)).expect("bundled scenario is valid");
    doc.variant(variant).expect("variant").scenario.clone()
}
