//! Tests of the whole pipeline, from text to scenarios or problems.
//!
//! Unit tests of single stages live beside their code; these read whole
//! files. `errors` covers each class of problem with its exact place,
//! `robust` the inputs that must not crash or hang.

mod errors;
mod robust;
mod variants;

use casus_core::model::{
    EmbargoWhen, EventAction, LinkKind, PactKind, Regime, StepUnit, Support, Trigger,
};
use casus_core::rng::entity_key;
use casus_core::uncertain::Slot;

use crate::{Problem, parse, render};

/// A file that uses every feature of the format.
pub(crate) const FULL: &str = r#"# A scenario that uses every feature of the format.
[scenario]
name = "full"
description = "every feature"
trials = 5000
seed = 0xFFFF_FFFF_FFFF_FFFF
level = 0.9

[[state]]
id = "PAK"
name = "Pakistan"
power = { pert = [15, 17.7, 20] }
economy = 338
position = [33.69, { normal = [73.06, 0.1] }]
reach = 1200
resolve = 0.7
stockpile = 3
nuclear = { warheads = { uniform = [160, 180] }, threshold = { pert = [0.15, 0.3, 0.5] } }

[[state]]
id = "IND"
power = 99.4
economy = 3550
position = [28.64, 77.22]
nuclear = { warheads = 172, threshold = 0.7 }

[[state]]
id = "SAU"
power = 13.4
economy = 1068
position = [23.33, 45.33]

[[state]]
id = "TUR"
power = 12.5
economy = 1108
position = [39.92, 32.85]

[[state]]
id = "USA"
power = 123.6
economy = 27361
position = [38.9, -77.04]
reach = 5000

[[relation]]
a = "IND"
b = "PAK"
affinity = { triangular = [-1, -0.9, -0.7] }

[[relation]]
a = "SAU"
b = "PAK"
affinity = 0.8

[[pact]]
id = "smda"
name = "Strategic Mutual Defence Agreement"
kind = "defense"
members = ["SAU", "PAK"]
contributions = { SAU = "finance" }
nuclear_umbrella = true

[[pact]]
id = "simla"
kind = "nonaggression"
members = ["IND", "PAK"]
reliability = { beta = [2, 5] }
defensive_only = false
adversaries = ["USA"]
support = "arms"

[[chokepoint]]
id = "straits"
controller = "TUR"

[[supply]]
from = "USA"
to = "PAK"
kind = "components"
share = 0.2
licence = "USA"
embargo = { when = "if-belligerent" }

[[supply]]
id = "tur-pak"
from = "TUR"
to = "PAK"
kind = "arms"
share = { uniform = [0.1, 0.3] }
via = "straits"
embargo = { p = { beta = [1, 1] } }

[crisis]
challenger = "IND"
target = "PAK"
theatre = [{ uniform = [32, 33] }, 74.5]
stakes = { pert = [0.4, 0.6, 0.8] }
horizon = { uniform = [40, 60] }
step = "month"
assume_attack = true

[[event]]
kind = "ceasefire-offer"
p = 0.5
strength = { triangular = [0.5, 1.5, 2.5] }

[[event]]
id = "cut"
kind = "embargo"
at = { uniform = [2, 6] }
link = "USA-PAK-components"

[[event]]
kind = "accession"
at = 3
state = "TUR"
pact = "smda"

[[event]]
id = "leave"
kind = "exit"
p = 0.01
state = "SAU"
pact = "smda"

[[event]]
kind = "lift"
at = 10
link = "tur-pak"

[model]
attrition = 0.07
intensity = [0.3, { normal = [1.0, 0.1] }, 2.0]
esc_base = { uniform = [0.01, 0.1] }

[[variant]]
name = "trilateral"
description = "Türkiye accedes"
set = { "pact.smda.members" = ["SAU", "PAK", "TUR"], "pact.smda.reliability" = { beta = [4.5, 5.5] } }

[[variant]]
name = "no-pact"
remove = { pact = ["smda"], event = ["2", "leave"] }

[[variant]]
name = "more"
add = { state = [{ id = "CHN", power = 234, economy = 17795, position = [40.2, 116.4] }], supply = [{ from = "CHN", to = "PAK", kind = "arms", share = 0.4 }], event = [{ kind = "ceasefire-offer", at = 5, strength = 1 }] }
remove = { supply = ["tur-pak"], event = ["4"] }
[variant.set]
state.PAK.power = 20
"state.PAK.position[0]" = 33.5
"relation.PAK-IND.affinity" = -0.5
"supply.USA-PAK-components.embargo.p" = 0.5
"crisis.theatre[1]" = { uniform = [74, 75] }
"model.intensity[2]" = 3
"event.cut.at" = 4
"crisis.horizon" = 30
"#;

/// Two states and a crisis, nothing else: 17 lines, so text appended to
/// it starts on line 18.
pub(crate) const MINIMAL: &str = r#"[[state]]
id = "AAA"
power = 10
economy = 100
position = [30.0, 70.0]

[[state]]
id = "BBB"
power = 10
economy = 100
position = [30.0, 76.0]

[crisis]
challenger = "AAA"
target = "BBB"
theatre = [30.0, 76.0]
stakes = 0.5
"#;

/// The problems of a file that must not parse.
pub(crate) fn problems(src: &str) -> Vec<Problem> {
    match parse(src) {
        Ok(_) => panic!("parsed, but should not:\n{src}"),
        Err(ps) => ps,
    }
}

/// The one problem whose message contains `needle`, and its line:column.
#[track_caller]
pub(crate) fn the(src: &str, needle: &str) -> (Problem, (usize, usize)) {
    let ps = problems(src);
    let found: Vec<&Problem> = ps.iter().filter(|p| p.message.contains(needle)).collect();
    assert!(
        found.len() == 1,
        "expected one problem containing {needle:?}, found {}:\n{}",
        found.len(),
        render("test.toml", src, &ps)
    );
    let p = found[0].clone();
    let at = p.line_col(src);
    (p, at)
}

#[test]
fn fixtures_are_valid() {
    if let Err(ps) = parse(FULL) {
        panic!("{}", render("FULL", FULL, &ps));
    }
    if let Err(ps) = parse(MINIMAL) {
        panic!("{}", render("MINIMAL", MINIMAL, &ps));
    }
}

#[test]
fn minimal_file_takes_every_default() {
    let doc = parse(MINIMAL).unwrap();
    assert_eq!(doc.meta, crate::Meta::default());
    assert_eq!(doc.variants.len(), 1);
    let s = &doc.variants[0].scenario;
    let a = &s.states[0];
    assert_eq!(
        (a.name.as_str(), a.reach, a.resolve, a.stockpile),
        ("AAA", 1000.0, 0.5, 4.0)
    );
    assert_eq!(a.nuclear, None);
    assert_eq!(a.key, entity_key("AAA"));
    assert_eq!(
        (s.crisis.horizon, s.crisis.step, s.crisis.assume_attack),
        (52.0, StepUnit::Week, false)
    );
    assert_eq!(s.constants, casus_core::model::Constants::default());
    assert!(s.uncertain.is_empty());
    assert_eq!(s.aff(0, 1), 0.0);
    assert_eq!(s.aff(1, 1), 1.0);
}

#[test]
fn full_file_parses_into_the_expected_scenario() {
    let doc = parse(FULL).unwrap();
    assert_eq!(doc.meta.name, "full");
    assert_eq!(doc.meta.description, "every feature");
    assert_eq!(doc.meta.trials, Some(5000));
    assert_eq!(doc.meta.seed, Some(u64::MAX));
    assert_eq!(doc.meta.level, Some(0.9));
    let names: Vec<&str> = doc.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["base", "trilateral", "no-pact", "more"]);
    assert_eq!(doc.variants[0].description, "every feature");
    assert_eq!(doc.variants[1].description, "Türkiye accedes");

    let s = &doc.variants[0].scenario;
    // States: defaults, names, distributions stored as their clamped mean.
    let ids: Vec<&str> = s.states.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["PAK", "IND", "SAU", "TUR", "USA"]);
    let pak = &s.states[0];
    assert_eq!(pak.name, "Pakistan");
    assert!((pak.power - (15.0 + 4.0 * 17.7 + 20.0) / 6.0).abs() < 1e-12);
    assert_eq!((pak.position.lat, pak.position.lon), (33.69, 73.06));
    assert_eq!((pak.reach, pak.resolve, pak.stockpile), (1200.0, 0.7, 3.0));
    let nuk = pak.nuclear.unwrap();
    assert_eq!(nuk.warheads, 170.0);
    assert!((nuk.threshold - (0.15 + 1.2 + 0.5) / 6.0).abs() < 1e-12);
    assert_eq!(s.states[1].name, "IND");
    assert_eq!(s.states[1].nuclear.unwrap().warheads, 172.0);
    assert!(s.states[1].is_nuclear());

    // Relations and the affinity matrix.
    assert_eq!((s.relations[0].a, s.relations[0].b), (1, 0));
    assert!((s.aff(0, 1) - (-1.0 - 0.9 - 0.7) / 3.0).abs() < 1e-12);
    assert_eq!(s.aff(2, 0), 0.8);

    // Pacts: kinds, defaults by kind, members as indices.
    let smda = &s.pacts[0];
    assert_eq!(
        (smda.kind, smda.reliability, smda.defensive_only),
        (PactKind::Defense, 0.41, true)
    );
    assert_eq!(smda.members, [2, 0]);
    assert_eq!(smda.contributions, [(2, Support::Finance)]);
    assert_eq!(smda.support_of(2), Support::Finance);
    assert_eq!(smda.support_of(0), Support::Full);
    assert!(smda.nuclear_umbrella);
    assert_eq!(smda.key, entity_key("smda"));
    let simla = &s.pacts[1];
    assert_eq!(simla.kind, PactKind::Nonaggression);
    assert!((simla.reliability - 2.0 / 7.0).abs() < 1e-12);
    assert!(!simla.defensive_only);
    assert_eq!(
        (simla.adversaries.as_slice(), simla.support),
        (&[4][..], Support::Arms)
    );

    // Links: default id, partial embargo tables, via and licence.
    let l0 = &s.links[0];
    assert_eq!(l0.id, "USA-PAK-components");
    assert_eq!(l0.key, entity_key("USA-PAK-components"));
    assert_eq!(
        (l0.from, l0.to, l0.kind, l0.share),
        (4, 0, LinkKind::Components, 0.2)
    );
    assert_eq!((l0.licence, l0.via), (Some(4), None));
    assert_eq!(
        (l0.embargo.when, l0.embargo.p),
        (EmbargoWhen::IfBelligerent, 1.0)
    );
    let l1 = &s.links[1];
    assert_eq!((l1.id.as_str(), l1.via), ("tur-pak", Some(0)));
    assert_eq!(
        (l1.embargo.when, l1.embargo.p),
        (EmbargoWhen::IfHostile, 0.5)
    );
    assert_eq!(s.chokepoints[0].name, "straits");
    assert_eq!(
        (s.chokepoints[0].controller, s.chokepoints[0].regime),
        (3, Regime::Montreux)
    );

    // Crisis: whole-number fields take the rounded mean.
    let c = &s.crisis;
    assert_eq!((c.challenger, c.target), (1, 0));
    assert_eq!((c.theatre.lat, c.theatre.lon), (32.5, 74.5));
    assert_eq!(
        (c.horizon, c.step, c.assume_attack),
        (50.0, StepUnit::Month, true)
    );

    // Events: ids or indices, keys, triggers and actions.
    let ev: Vec<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ev, ["0", "cut", "2", "leave", "4"]);
    assert_eq!(s.events[0].key, entity_key("event.0"));
    assert_eq!(s.events[1].key, entity_key("cut"));
    assert_eq!(s.events[0].trigger, Trigger::Chance(0.5));
    assert_eq!(
        s.events[0].action,
        EventAction::CeasefireOffer { strength: 1.5 }
    );
    assert_eq!(s.events[1].trigger, Trigger::At(4.0));
    assert_eq!(s.events[1].action, EventAction::Embargo(0));
    assert_eq!(
        s.events[2].action,
        EventAction::Accession { state: 3, pact: 0 }
    );
    assert_eq!(s.events[3].action, EventAction::Exit { state: 2, pact: 0 });
    assert_eq!(s.events[4].action, EventAction::Lift(1));

    // Model constants.
    assert_eq!(s.constants.attrition, 0.07);
    assert_eq!(s.constants.intensity, [0.3, 1.0, 2.0]);
    assert_eq!(s.constants.collapse, 0.3);

    // Uncertain inputs: file order, §5.25 paths, slots, keys from paths.
    let got: Vec<(&str, Slot)> = s
        .uncertain
        .iter()
        .map(|u| (u.path.as_str(), u.slot))
        .collect();
    assert_eq!(
        got,
        [
            ("state.PAK.power", Slot::StatePower(0)),
            ("state.PAK.position[1]", Slot::StateLon(0)),
            ("state.PAK.nuclear.warheads", Slot::StateWarheads(0)),
            ("state.PAK.nuclear.threshold", Slot::StateThreshold(0)),
            ("relation.IND-PAK.affinity", Slot::Affinity(0)),
            ("pact.simla.reliability", Slot::PactReliability(1)),
            ("supply.tur-pak.share", Slot::LinkShare(1)),
            ("supply.tur-pak.embargo.p", Slot::LinkEmbargoP(1)),
            ("crisis.theatre[0]", Slot::TheatreLat),
            ("crisis.stakes", Slot::CrisisStakes),
            ("crisis.horizon", Slot::CrisisHorizon),
            ("event.0.strength", Slot::EventStrength(0)),
            ("event.cut.at", Slot::EventAt(1)),
            ("model.intensity[1]", Slot::Constant(14)),
            ("model.esc_base", Slot::Constant(17)),
        ]
    );
    for u in &s.uncertain {
        assert_eq!(u.key, entity_key(&u.path));
    }
    assert_eq!(s.uncertain[0].distribution.name(), "pert");
}

#[test]
fn uncertain_means_are_clamped_into_range() {
    // A mean outside the field's range is stored clamped; trials redraw it.
    let src = MINIMAL.replace("stakes = 0.5", "stakes = { normal = [1.5, 0.1] }");
    let doc = parse(&src).unwrap();
    assert_eq!(doc.variants[0].scenario.crisis.stakes, 1.0);
}

#[test]
fn render_snapshot_of_a_broken_file() {
    let src = r#"[scenario]
name = "broken"
levl = 0.95

[[state]]
id = "PAK"
power = -3
economy = 338
position = [33.7, 73.1]

[[state]]
id = "ind"
power = 99
economy = 3550
position = [28.6, 77.2]

[[pact]]
id = "smda"
kind = "defence"
members = ["PAK", "PKA"]

[[supply]]
from = "IND"
to = "PAK"
kind = "arms"
share = { nromal = [0.5, 0.1] }

[crisis]
challenger = "IND"
target = "PAK"
theatre = [32.5, 74.5]
stakes = 0.5
horizon = 52.5

[[variant]]
name = "more-pak"
set = { "state.PAK.powr" = 20 }
"#;
    let ps = problems(src);
    insta::assert_snapshot!(render("broken.toml", src, &ps));
}
