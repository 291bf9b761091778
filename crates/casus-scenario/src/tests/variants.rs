//! Variants (§1 "Variants", §5.19) and sweeps (`Document::with_set`).

use casus_core::model::{EventAction, Trigger};
use casus_core::rng::entity_key;
use casus_core::uncertain::Slot;

use super::{FULL, MINIMAL, problems, the};
use crate::{parse, render};

fn paths(s: &casus_core::model::Scenario) -> Vec<&str> {
    s.uncertain.iter().map(|u| u.path.as_str()).collect()
}

#[test]
fn set_replaces_members_and_adds_a_distribution() {
    let doc = parse(FULL).unwrap();
    let s = &doc.variant("trilateral").unwrap().scenario;
    assert_eq!(s.pacts[0].members, [2, 0, 3]);
    let u = s
        .uncertain
        .iter()
        .find(|u| u.path == "pact.smda.reliability")
        .unwrap();
    assert_eq!(u.slot, Slot::PactReliability(0));
    assert_eq!(u.distribution.name(), "beta");
    assert!((s.pacts[0].reliability - 0.45).abs() < 1e-12);
}

#[test]
fn remove_keeps_the_names_of_the_others() {
    let doc = parse(FULL).unwrap();
    let s = &doc.variant("no-pact").unwrap().scenario;
    let pacts: Vec<&str> = s.pacts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(pacts, ["simla"]);
    // The unnamed lift event keeps its base name `4` though it is now third:
    // its path and random stream are those of the base file (CRN).
    let ev: Vec<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ev, ["0", "cut", "4"]);
    assert_eq!(s.events[2].key, entity_key("event.4"));
    assert_eq!(s.events[2].action, EventAction::Lift(1));
    let base = &doc.variants[0].scenario;
    assert_eq!(s.events[2].key, base.events[4].key);
}

#[test]
fn remove_add_and_set_in_one_variant() {
    let doc = parse(FULL).unwrap();
    let s = &doc.variant("more").unwrap().scenario;
    let states: Vec<&str> = s.states.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(states, ["PAK", "IND", "SAU", "TUR", "USA", "CHN"]);
    let links: Vec<&str> = s.links.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(links, ["USA-PAK-components", "CHN-PAK-arms"]);
    assert_eq!((s.links[1].from, s.links[1].to), (5, 0));
    // An added event without id is numbered after the base file's events.
    let ev: Vec<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ev, ["0", "cut", "2", "leave", "5"]);
    assert_eq!(s.events[4].trigger, Trigger::At(5.0));
    // `set` through a `[variant.set]` header and dotted keys.
    assert_eq!(s.states[0].power, 20.0);
    assert_eq!(s.states[0].position.lat, 33.5);
    assert_eq!(s.aff(0, 1), -0.5);
    assert_eq!(s.links[0].embargo.p, 0.5);
    assert_eq!(s.constants.intensity[2], 3.0);
    assert_eq!(s.events[1].trigger, Trigger::At(4.0));
    assert_eq!(s.crisis.horizon, 30.0);
    assert_eq!(
        paths(s),
        [
            "state.PAK.position[1]",
            "state.PAK.nuclear.warheads",
            "state.PAK.nuclear.threshold",
            "pact.simla.reliability",
            "crisis.theatre[0]",
            "crisis.theatre[1]",
            "crisis.stakes",
            "event.0.strength",
            "model.intensity[1]",
            "model.esc_base",
        ]
    );
    // The base file is untouched, and entity keys agree across variants.
    let base = &doc.variants[0].scenario;
    assert_eq!(base.states.len(), 5);
    assert_eq!(base.states[0].key, s.states[0].key);
    assert_eq!(base.links[0].key, s.links[0].key);
}

#[test]
fn a_misspelt_set_path_is_reported_at_the_path() {
    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nset = {{ \"state.AAA.powr\" = 3 }}\n");
    let (p, at) = the(&src, "unknown field `powr` in path `state.AAA.powr`");
    assert_eq!(at, (20, 9));
    assert_eq!(p.help.as_deref(), Some("did you mean `power`?"));
    assert_eq!(&src[p.span.clone()], "\"state.AAA.powr\"");

    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nset = {{ \"stat.AAA.power\" = 3 }}\n");
    let (p, _) = the(&src, "unknown table `stat`");
    assert_eq!(p.help.as_deref(), Some("did you mean `state`?"));

    // A dotted key marks the whole path.
    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\n[variant.set]\nstate.AAA.powr = 3\n");
    let (p, at) = the(&src, "unknown field `powr`");
    assert_eq!(at, (21, 1));
    assert_eq!(&src[p.span.clone()], "state.AAA.powr");
}

#[test]
fn unknown_ids_in_variants_name_the_nearest_id() {
    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nset = {{ \"state.AAB.power\" = 3 }}\n");
    let (p, at) = the(&src, "no state `AAB` in this scenario");
    assert_eq!(at, (20, 9));
    assert_eq!(p.help.as_deref(), Some("did you mean `AAA`?"));

    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nremove = {{ state = [\"BBC\"] }}\n");
    let (p, at) = the(&src, "no state `BBC` in this scenario");
    assert_eq!(at, (20, 21));
    assert_eq!(p.help.as_deref(), Some("did you mean `BBB`?"));

    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nremove = {{ pacts = [\"x\"] }}\n");
    let (p, at) = the(&src, "cannot remove `pacts` entries");
    assert_eq!(at, (20, 12));
    assert_eq!(p.help.as_deref(), Some("did you mean `pact`?"));

    let src = format!(
        "{MINIMAL}[[variant]]\nname = \"v\"\nset = {{ \"relation.AAA-BBB.affinity\" = 0.5 }}\n"
    );
    let (p, _) = the(&src, "no relation `AAA-BBB` in this scenario");
    assert_eq!(
        p.help.as_deref(),
        Some("the scenario has no relation entries")
    );
}

#[test]
fn removing_a_referenced_state_is_an_error_without_cascade() {
    let src = format!(
        "{MINIMAL}[[state]]\nid = \"CCC\"\npower = 1\neconomy = 1\nposition = [0, 0]\n\
         [[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"AAA\", \"CCC\"]\n\
         [[variant]]\nname = \"no-c\"\nremove = {{ state = [\"CCC\"] }}\n"
    );
    let (p, at) = the(
        &src,
        "state `CCC` is removed by this variant but still referenced",
    );
    assert_eq!(at, (26, 19));
    assert_eq!(p.related[0].message, "removed here");
    assert_eq!(
        p.related[0].span,
        src.rfind("\"CCC\"").unwrap()..src.rfind("\"CCC\"").unwrap() + 5
    );
    assert_eq!(p.notes, ["in variant `no-c`"]);
}

#[test]
fn bad_values_set_by_a_variant_are_reported_inside_the_variant() {
    let src = format!(
        "{MINIMAL}[[variant]]\nname = \"v\"\nset = {{ \"state.AAA.power\" = -2, \"crisis.step\" = \"fortnight\" }}\n"
    );
    let ps = problems(&src);
    let got: Vec<((usize, usize), &str)> = ps
        .iter()
        .map(|p| (p.line_col(&src), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ((20, 29), "`power` must be > 0, got -2"),
            (
                (20, 49),
                "unknown step `fortnight`, expected one of `day`, `week`, `month` or `year`"
            )
        ],
        "{}",
        render("t", &src, &ps)
    );
    assert!(ps.iter().all(|p| p.notes == ["in variant `v`"]));

    // Adding a broken pact: the problem points into the `add`.
    let src = format!(
        "{MINIMAL}[[variant]]\nname = \"v\"\nadd = {{ pact = [{{ id = \"p\", kind = \"defense\", members = [\"AAA\", \"BBX\"] }}] }}\n"
    );
    let (p, at) = the(&src, "unknown state `BBX`");
    assert_eq!(at, (20, 65));
    assert_eq!(p.help.as_deref(), Some("did you mean `BBB`?"));
}

#[test]
fn base_problems_are_reported_once_not_per_variant() {
    let variants = "[[variant]]\nname = \"a\"\nset = { \"crisis.stakes\" = 0.6 }\n\
                    [[variant]]\nname = \"b\"\nset = { \"crisis.stakes\" = 2 }\n";
    let src = format!(
        "{}{variants}",
        MINIMAL.replace("target = \"BBB\"", "target = \"BBC\"")
    );
    let ps = problems(&src);
    let got: Vec<((usize, usize), &str)> = ps
        .iter()
        .map(|p| (p.line_col(&src), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ((15, 10), "unknown state `BBC`"),
            ((23, 27), "`stakes` must be between 0 and 1, got 2")
        ],
        "{}",
        render("t", &src, &ps)
    );
    assert!(ps[0].notes.is_empty());
    assert_eq!(ps[1].notes, ["in variant `b`"]);
}

#[test]
fn variant_names() {
    let v = |name: &str| format!("[[variant]]\nname = \"{name}\"\n");
    let src = format!("{MINIMAL}{}", v("base"));
    let (p, at) = the(&src, "the variant name `base` is reserved");
    assert_eq!(at, (19, 8));
    assert_eq!(p.label, "the base file is the variant `base`");
    let src = format!("{MINIMAL}{}{}", v("x"), v("x"));
    let (p, at) = the(&src, "duplicate variant name `x`");
    assert_eq!(at, (21, 8));
    assert_eq!(p.related[0].span.start, src.find("\"x\"").unwrap());
    let src = format!("{MINIMAL}{}", v("no turkey"));
    the(&src, "invalid variant name `no turkey`");
    let src = format!("{MINIMAL}[[variant]]\ndescription = \"x\"\n");
    let (_, at) = the(&src, "missing `name` in a variant");
    assert_eq!(at, (18, 1));
    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nsets = {{}}\n");
    let (p, _) = the(&src, "unknown key `sets` in a variant");
    assert_eq!(p.help.as_deref(), Some("did you mean `set`?"));
}

#[test]
fn set_paths_and_values_of_every_shape() {
    let src = format!(
        "{MINIMAL}[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\n\
         [[variant]]\nname = \"v\"\nset = {{ \"pact.p.members[1]\" = \"AAA\" }}\n"
    );
    let (_, at) = the(&src, "`AAA` is listed twice in `members`");
    assert_eq!(at, (24, 31));

    let src = format!(
        "{MINIMAL}[[variant]]\nname = \"v\"\n[variant.set]\n\"state.AAA.nuclear\" = {{ warheads = 5, threshold = {{ pert = [0.1, 0.2, 0.3] }} }}\n\"state.BBB.nuclear.warheads\" = 3\n\"model.intensity\" = [1, 2, 3]\n\"crisis.assume_attack\" = true\n\"state.AAA.name\" = \"Alpha\"\n"
    );
    // BBB gets a nuclear table with warheads only: threshold is missing.
    let (p, at) = the(&src, "missing `threshold` in `nuclear`");
    assert_eq!(at, (22, 1));
    assert_eq!(p.notes, ["in variant `v`"]);

    let ok = src.replace("\"state.BBB.nuclear.warheads\" = 3\n", "");
    let doc = parse(&ok).unwrap_or_else(|ps| panic!("{}", render("t", &ok, &ps)));
    let s = &doc.variant("v").unwrap().scenario;
    assert_eq!(s.states[0].nuclear.unwrap().warheads, 5.0);
    assert_eq!(s.states[0].name, "Alpha");
    assert_eq!(s.constants.intensity, [1.0, 2.0, 3.0]);
    assert!(s.crisis.assume_attack);
    assert_eq!(paths(s), ["state.AAA.nuclear.threshold"]);
}

#[test]
fn document_variant_lookup() {
    let doc = parse(FULL).unwrap();
    assert_eq!(doc.variant("base").unwrap().name, "base");
    let p = doc.variant("no-pakt").unwrap_err();
    assert_eq!(p.message, "unknown variant `no-pakt`");
    assert!(p.whole_file);
    assert_eq!(
        p.help.as_deref(),
        Some("did you mean `no-pact`? the variants are `base`, `trilateral`, `no-pact`, `more`")
    );
}

#[test]
fn with_set_sweeps_one_number() {
    let doc = parse(FULL).unwrap();
    let s = doc.with_set("base", "state.PAK.power", 30.0).unwrap();
    assert_eq!(s.states[0].power, 30.0);
    // The distribution it replaced is no longer drawn.
    assert!(!paths(&s).contains(&"state.PAK.power"));
    assert_eq!(
        s.uncertain.len(),
        doc.variants[0].scenario.uncertain.len() - 1
    );

    let s = doc.with_set("more", "model.intensity[0]", 0.5).unwrap();
    assert_eq!(s.constants.intensity, [0.5, 1.0, 3.0]);
    assert_eq!(s.states.len(), 6);
    let s = doc
        .with_set("trilateral", "relation.PAK-IND.affinity", 0.25)
        .unwrap();
    assert_eq!(s.aff(0, 1), 0.25);

    let ps = doc.with_set("base", "crisis.stakes", 1.5).unwrap_err();
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].message, "`stakes` must be between 0 and 1, got 1.5");
    assert!(ps[0].whole_file);
    assert_eq!(ps[0].notes, ["from setting `crisis.stakes = 1.5`"]);

    let ps = doc.with_set("base", "state.PAK.powr", 1.0).unwrap_err();
    assert_eq!(ps[0].help.as_deref(), Some("did you mean `power`?"));
    let ps = doc.with_set("base", "state.PKA.power", 1.0).unwrap_err();
    assert_eq!(ps[0].help.as_deref(), Some("did you mean `PAK`?"));
    let ps = doc.with_set("nope", "crisis.stakes", 0.5).unwrap_err();
    assert!(ps[0].message.contains("unknown variant"));
    let ps = doc.with_set("base", "pact.smda.kind", 1.0).unwrap_err();
    assert!(
        ps[0].message.contains("expected one of"),
        "{}",
        ps[0].message
    );
    // A field of an entry the variant removed.
    let ps = doc
        .with_set("no-pact", "pact.smda.reliability", 0.5)
        .unwrap_err();
    assert_eq!(ps[0].message, "pact `smda` is removed by this variant");
    // The horizon is whole, like in the file.
    assert!(doc.with_set("base", "crisis.horizon", 20.5).is_err());
    assert_eq!(
        doc.with_set("base", "crisis.horizon", 20.0)
            .unwrap()
            .crisis
            .horizon,
        20.0
    );
}

#[test]
fn add_takes_arrays_of_tables_of_known_kinds() {
    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nadd = {{ crisis = [{{}}] }}\n");
    let (p, _) = the(&src, "cannot add `crisis` entries");
    assert!(p.help.unwrap().contains("`state`"));
    let src = format!("{MINIMAL}[[variant]]\nname = \"v\"\nadd = {{ state = [\"CCC\"] }}\n");
    the(&src, "expected a table for `state`, found a string");
    let src = format!(
        "{MINIMAL}[[variant]]\nname = \"v\"\n[[variant.add.state]]\nid = \"CCC\"\npower = 1\neconomy = 1\nposition = [0, 0]\n"
    );
    let doc = parse(&src).unwrap_or_else(|ps| panic!("{}", render("t", &src, &ps)));
    assert_eq!(doc.variant("v").unwrap().scenario.states[2].id, "CCC");
}
