//! One test per rule of MODEL.md §2, each on a hand-built scenario that
//! isolates the rule. Rates are checked against exact values (0 or 1) or
//! within 5 standard errors of the value the rule implies.

use crate::distribution::Distribution;
use crate::model::{
    Chokepoint, EmbargoWhen, Event, EventAction, LinkKind, Nuclear, PactKind, Regime, Scenario,
    Support, Trigger, UncertainInput,
};
use crate::record::{Outcome, Side, TrialOutcome};
use crate::rng::{TrialRng, entity_key};
use crate::testing::{embargo, link, pact, relate, scenario, state};
use crate::trace::Note;
use crate::trial::Trial;
use crate::uncertain::{CONSTANTS, Slot};

/// Plays `n` trials and returns their records.
fn play(s: &Scenario, n: u32) -> Vec<TrialOutcome> {
    let mut t = Trial::new(s);
    (0..n)
        .map(|k| t.play(TrialRng::new(11, k), &mut ()).clone())
        .collect()
}

fn rate(recs: &[TrialOutcome], f: impl Fn(&TrialOutcome) -> bool) -> f64 {
    recs.iter().filter(|r| f(r)).count() as f64 / recs.len() as f64
}

/// |rate − p| within 5 binomial standard errors.
fn near(rate: f64, p: f64, n: usize) -> bool {
    (rate - p).abs() <= 5.0 * (p * (1.0 - p) / n as f64).sqrt() + 1e-12
}

/// No base ceasefire hazard, no exhaustion, no collapse: wars last until
/// the horizon or a nuclear use ends them.
fn endless(s: &mut Scenario) {
    s.constants.peace_base = 0.0;
    s.constants.exhaustion = 0.0;
    s.constants.collapse = 0.0;
}

/// A Montreux strait controlled by `controller`.
fn straits(controller: usize) -> Chokepoint {
    Chokepoint {
        id: "straits".into(),
        name: "Straits".into(),
        controller,
        regime: Regime::Montreux,
    }
}

/// An event making `state` a member of `pact` at war step `step`.
fn accession_at(s: &mut Scenario, step: f64, state: usize, pact: usize) {
    s.events.push(Event {
        id: "join".into(),
        trigger: Trigger::At(step),
        action: EventAction::Accession { state, pact },
        key: entity_key("join"),
    });
}

/// Challenger AAA (0), target BBB (1), third state CCC (2), war assumed.
/// Entries take effect at once (no lag), so a war that ends early cannot hide them.
fn trio() -> Scenario {
    let mut s = scenario(vec![
        state("AAA", 10.0, [30.0, 70.0]),
        state("BBB", 10.0, [30.0, 76.0]),
        state("CCC", 10.0, [35.0, 76.0]),
    ]);
    s.crisis.assume_attack = true;
    s.constants.entry_lag_p = 1.0;
    s
}

#[test]
fn defense_pact_with_reliability_one_always_brings_the_ally_in() {
    let mut s = trio();
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    let recs = play(&s, 400);
    assert!(
        recs.iter().all(|r| r.states[2].side == Some(Side::B)),
        "ally always fights for the target"
    );
    assert!(
        recs.iter()
            .all(|r| r.pacts[0].invoked && r.pacts[0].honoured == 1)
    );
}

#[test]
fn defense_pact_with_reliability_zero_never_does() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 0.0;
    s.pacts.push(p);
    let recs = play(&s, 400);
    assert!(recs.iter().all(|r| r.states[2].side.is_none()));
    assert!(recs.iter().all(|r| r.pacts[0].declined == 1));
}

#[test]
fn reliability_is_the_honour_rate() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.pacts.push(pact("dp", PactKind::Defense, &[1, 2])); // 0.41 by default
    let n = 4000;
    let recs = play(&s, n);
    let honoured = rate(&recs, |r| r.pacts[0].honoured == 1);
    assert!(near(honoured, 0.41, n as usize), "{honoured}");
}

#[test]
fn defensive_only_withholds_the_obligation_from_the_initiator() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut p = pact("dp", PactKind::Defense, &[0, 2]);
    p.reliability = 1.0;
    s.pacts.push(p.clone());
    let recs = play(&s, 200);
    assert!(
        recs.iter()
            .all(|r| r.states[2].side.is_none() && !r.pacts[0].invoked)
    );

    s.pacts[0].defensive_only = false;
    let recs = play(&s, 200);
    assert!(recs.iter().all(|r| r.states[2].side == Some(Side::A)));
}

#[test]
fn adversaries_limit_the_casus_foederis() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    p.adversaries = vec![2]; // only against CCC, not AAA
    s.pacts.push(p);
    let recs = play(&s, 200);
    assert!(
        recs.iter()
            .all(|r| !r.pacts[0].invoked && r.states[2].side.is_none())
    );
}

#[test]
fn friendship_with_the_attacker_holds_the_ally_back() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    relate(&mut s, 2, 0, 1.0);
    let recs = play(&s, 300);
    assert!(
        recs.iter().all(|r| r.states[2].side.is_none()),
        "x = 0 when fully aligned with the attacker"
    );

    s.relations.clear();
    relate(&mut s, 2, 0, 0.6);
    let n = 4000;
    let recs = play(&s, n);
    let joined = rate(&recs, |r| r.states[2].side == Some(Side::B));
    assert!(near(joined, 0.4, n as usize), "{joined}");
}

#[test]
fn entry_lag_follows_the_geometric_law() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    assert!(play(&s, 100).iter().all(|r| r.states[2].entry_step == 1));
    s.constants.entry_lag_p = 0.5;
    endless(&mut s);
    let n = 4000;
    let recs = play(&s, n);
    // P(L = 0) = 0.5: enters at step 1.
    let at_once = rate(&recs, |r| r.states[2].entry_step == 1);
    assert!(near(at_once, 0.5, n as usize), "{at_once}");
}

#[test]
fn arms_support_makes_a_supporter_not_a_belligerent() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    p.contributions = vec![(2, Support::Arms)];
    s.pacts.push(p);
    let recs = play(&s, 200);
    assert!(
        recs.iter()
            .all(|r| r.states[2].side.is_none() && r.pacts[0].honoured == 1)
    );
}

#[test]
fn obligations_to_both_sides_are_conflicted() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut d = pact("with-target", PactKind::Defense, &[1, 2]);
    d.reliability = 1.0;
    let mut o = pact("with-challenger", PactKind::Offense, &[0, 2]);
    o.reliability = 1.0;
    s.pacts.push(d);
    s.pacts.push(o);
    let recs = play(&s, 200);
    for r in &recs {
        assert!(r.states[2].side.is_none());
        assert_eq!((r.pacts[0].conflicted, r.pacts[1].conflicted), (1, 1));
        assert_eq!(r.pacts[0].honoured + r.pacts[0].declined, 0);
    }
}

#[test]
fn a_kept_pledge_keeps_a_state_out_against_its_partner() {
    let mut s = trio();
    // CCC is hostile to AAA: opportunism alone would bring it in on B.
    relate(&mut s, 2, 0, -1.0);
    s.constants.opportunism = 5.0;
    let recs = play(&s, 200);
    assert!(rate(&recs, |r| r.states[2].side == Some(Side::B)) > 0.9);

    let mut p = pact("neutral", PactKind::Neutrality, &[0, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    let recs = play(&s, 200);
    assert!(
        recs.iter()
            .all(|r| r.states[2].side.is_none() && r.pacts[0].honoured == 1)
    );
}

#[test]
fn opportunism_follows_the_lean() {
    let mut s = trio();
    relate(&mut s, 2, 1, 0.8); // lean 0.8 toward B
    endless(&mut s);
    s.crisis.horizon = 1.0;
    let n = 20_000;
    let recs = play(&s, n);
    let p = 1.0 - (-0.02f64 * 0.8).exp();
    let entered = rate(&recs, |r| r.states[2].side == Some(Side::B));
    assert!(near(entered, p, n as usize), "{entered} vs {p}");
    assert!(recs.iter().all(|r| r.states[2].side != Some(Side::A)));
    // Below the threshold there is no opportunism at all.
    s.relations.clear();
    relate(&mut s, 2, 1, 0.4);
    assert!(play(&s, 2000).iter().all(|r| r.states[2].side.is_none()));
}

/// A lean can arise mid-war: a state close only to a late entrant leans
/// toward that entrant's side from the step after it entered, not before.
#[test]
fn a_late_entrant_gives_its_friends_a_lean() {
    let mut s = trio();
    s.states.push(state("DDD", 10.0, [34.0, 75.0]));
    s.rebuild_affinity();
    relate(&mut s, 3, 2, 1.0); // DDD is close to CCC only
    s.constants.opportunism = 2.0; // entry hazard 2 once it leans
    endless(&mut s);
    s.constants.entry_lag_p = 0.3;
    let mut p = pact("b-c", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    let recs = play(&s, 300);
    let mut late = 0;
    for r in &recs {
        let [c, d] = [&r.states[2], &r.states[3]];
        if d.side.is_some() {
            assert_eq!(d.side, Some(Side::B), "{r:?}");
            assert!(c.side.is_some() && d.entry_step > c.entry_step, "{r:?}");
            late += usize::from(c.entry_step > 1);
        }
    }
    assert!(late > 100, "{late}");
}

#[test]
fn montreux_closes_a_belligerents_link_while_the_controller_is_neutral() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut l = link(2, 1, LinkKind::Arms, 0.3, &s);
    l.embargo = embargo(EmbargoWhen::Never, 1.0);
    l.via = Some(0);
    s.links.push(l);
    s.chokepoints.push(straits(2));
    // The controller supplies the target but is not at war on its side: closed.
    assert!(play(&s, 100).iter().all(|r| r.links[0].cut_step == Some(1)));
    // With the controller fighting on the recipient's side, the link stays open.
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    s.constants.entry_lag_p = 1.0;
    assert!(play(&s, 100).iter().all(|r| r.links[0].cut_step.is_none()));
}

#[test]
fn a_cut_links_sustainment_falls_over_the_stockpile() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.constants.combat_noise = 0.0;
    s.constants.esc_base = 0.0;
    s.constants.esc_loss = 0.0;
    endless(&mut s);
    s.constants.attrition = 0.0;
    s.crisis.horizon = 8.0;
    s.states[1].stockpile = 4.0;
    let mut l = link(2, 1, LinkKind::Arms, 0.5, &s);
    l.embargo = embargo(EmbargoWhen::IfBelligerent, 1.0);
    s.links.push(l);
    let mut trial = Trial::new(&s);
    let mut notes = Vec::new();
    trial.play(TrialRng::new(1, 0), &mut notes);
    let s_b: Vec<f64> = notes
        .iter()
        .filter_map(|n| {
            if let Note::Combat { s_b, .. } = n {
                Some(*s_b)
            } else {
                None
            }
        })
        .collect();
    let full = s_b[0];
    // Cut at step 1: weighs 0, then 1/4, 2/4, 3/4 and the full share of 0.5.
    let expect = [1.0, 0.875, 0.75, 0.625, 0.5, 0.5, 0.5, 0.5];
    for (got, want) in s_b.iter().zip(expect) {
        assert!((got / full - want).abs() < 1e-12, "{s_b:?}");
    }
}

#[test]
fn war_between_the_ends_cuts_a_link_and_skips_its_embargo_rule() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    let mut l = link(0, 1, LinkKind::Arms, 0.2, &s);
    l.embargo = embargo(EmbargoWhen::Never, 1.0);
    s.links.push(l);
    assert!(play(&s, 50).iter().all(|r| r.links[0].cut_step == Some(1)));
}

#[test]
fn a_licence_holder_cuts_when_its_friend_is_attacked() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    // CCC supplies the challenger under a licence held by the target's friend... the target itself.
    let mut l = link(2, 0, LinkKind::Components, 0.2, &s);
    l.embargo = embargo(EmbargoWhen::Never, 1.0);
    l.licence = Some(1);
    s.links.push(l);
    assert!(play(&s, 50).iter().all(|r| r.links[0].cut_step == Some(1)));
}

#[test]
fn embargo_if_initiator_cuts_the_challengers_links_only() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    for to in [0, 1] {
        let mut l = link(2, to, LinkKind::Arms, 0.2, &s);
        l.embargo = embargo(EmbargoWhen::IfInitiator, 1.0);
        s.links.push(l);
    }
    for r in play(&s, 50) {
        assert_eq!(r.links[0].cut_step, Some(1));
        assert_eq!(r.links[1].cut_step, None);
    }
}

/// A supplier's rule is checked again whenever the sides move: a state
/// that enters late has its link cut at its entry step, not before.
#[test]
fn an_embargo_rule_holds_from_a_late_entrants_entry_step() {
    let mut s = trio();
    s.states.push(state("DDD", 10.0, [34.0, 75.0]));
    s.rebuild_affinity();
    s.constants.opportunism = 0.0;
    endless(&mut s);
    s.constants.entry_lag_p = 0.3;
    let mut p = pact("b-c", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    let mut l = link(3, 2, LinkKind::Arms, 0.2, &s);
    l.embargo = embargo(EmbargoWhen::IfBelligerent, 1.0);
    s.links.push(l);
    let recs = play(&s, 200);
    for r in &recs {
        let entered = r.states[2].side.map(|_| r.states[2].entry_step);
        assert_eq!(r.links[0].cut_step, entered, "{r:?}");
    }
    // The lag puts most entries after the first step.
    assert!(recs.iter().filter(|r| r.states[2].entry_step > 1).count() > 100);
}

/// ... and whenever an event moves a pact's members: a supplier that joins
/// a defense pact with the target turns hostile to the challenger then.
#[test]
fn an_accession_turns_a_supplier_hostile_at_its_step() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    endless(&mut s);
    s.constants.friend_threshold = 2.0; // no friendship by affinity alone
    let mut p = pact("b-c", PactKind::Defense, &[1]);
    p.reliability = 0.0;
    s.pacts.push(p);
    accession_at(&mut s, 3.0, 2, 0);
    let mut l = link(2, 0, LinkKind::Arms, 0.2, &s);
    l.embargo = embargo(EmbargoWhen::IfHostile, 1.0);
    s.links.push(l);
    let recs = play(&s, 50);
    for r in &recs {
        let expected = (r.duration >= 3).then_some(3);
        assert_eq!(r.links[0].cut_step, expected, "{r:?}");
    }
    assert!(recs.iter().any(|r| r.duration >= 3));
}

#[test]
fn a_nuclear_state_past_its_threshold_can_end_the_war() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.constants.esc_base = 100.0; // escalates at once
    s.constants.nuclear_use = 1.0;
    s.states[1].nuclear = Some(Nuclear {
        warheads: 170.0,
        threshold: 0.0,
    });
    let recs = play(&s, 100);
    assert!(
        recs.iter()
            .all(|r| r.outcome == Outcome::Nuclear && r.max_level == 4 && r.duration == 1)
    );
    // Without warheads the same state cannot.
    s.states[1].nuclear = Some(Nuclear {
        warheads: 0.0,
        threshold: 0.0,
    });
    assert!(play(&s, 100).iter().all(|r| r.outcome != Outcome::Nuclear));
}

#[test]
fn a_strong_defender_deters_and_a_weak_one_does_not() {
    let mut s = trio();
    s.crisis.assume_attack = false;
    s.constants.misperception = 0.0;
    s.crisis.stakes = 1.0;
    s.states[1].power = 1.0; // weak target: p_win high, EU > 0
    assert!(play(&s, 50).iter().all(|r| r.attacked()));
    let mut p = pact("dp", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    s.states[2].power = 1000.0; // a strong ally
    s.states[2].position = s.states[1].position;
    assert!(
        play(&s, 50)
            .iter()
            .all(|r| r.outcome == Outcome::Deterred && r.duration == 0)
    );
}

#[test]
fn the_nuclear_umbrella_deters() {
    let mut s = trio();
    s.crisis.assume_attack = false;
    s.constants.misperception = 0.0;
    s.crisis.stakes = 0.2;
    s.states[1].power = 1.0;
    assert!(play(&s, 20).iter().all(|r| r.attacked()));
    s.states[2].nuclear = Some(Nuclear {
        warheads: 100.0,
        threshold: 0.5,
    });
    let mut p = pact("umbrella", PactKind::Consultation, &[1, 2]);
    p.nuclear_umbrella = true;
    s.pacts.push(p);
    assert!(play(&s, 20).iter().all(|r| !r.attacked()));
}

#[test]
fn a_side_that_collapses_loses() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.states[0].power = 100.0;
    s.constants.attrition = 1.0; // the weak side loses everything at once
    s.constants.combat_noise = 0.0;
    assert!(
        play(&s, 50)
            .iter()
            .all(|r| r.outcome == Outcome::ChallengerVictory && r.duration == 1)
    );
}

#[test]
fn a_trusted_mediator_shortens_wars() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.constants.attrition = 0.0;
    let n = 3000;
    let base = play(&s, n);
    relate(&mut s, 2, 0, 1.0);
    relate(&mut s, 2, 1, 1.0);
    s.constants.opportunism = 0.0;
    let mediated = play(&s, n);
    let mean =
        |r: &[TrialOutcome]| r.iter().map(|r| f64::from(r.duration)).sum::<f64>() / r.len() as f64;
    assert!(
        mean(&mediated) < 0.5 * mean(&base),
        "{} vs {}",
        mean(&mediated),
        mean(&base)
    );
}

/// A mediator that enters the war stops mediating from its entry step on,
/// however late it enters.
#[test]
fn a_mediator_that_enters_stops_mediating() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    endless(&mut s);
    s.constants.mediation = 0.01;
    s.constants.entry_lag_p = 0.3;
    relate(&mut s, 2, 0, 0.8);
    relate(&mut s, 2, 1, 0.9);
    let mut p = pact("b-c", PactKind::Defense, &[1, 2]);
    p.reliability = 1.0;
    s.pacts.push(p);
    let mut trial = Trial::new(&s);
    let mut late = 0;
    for k in 0..200 {
        let mut notes: Vec<Note> = Vec::new();
        trial.play(TrialRng::new(5, k), &mut notes);
        let mut in_war = false;
        for n in notes {
            match n {
                Note::Entered { state: 2, .. } => in_war = true,
                Note::Step { step } if step > 1 && !in_war => late += 1,
                Note::Termination { mediation, .. } => {
                    assert_eq!(mediation, if in_war { 0.0 } else { 0.8 }, "trial {k}");
                }
                _ => {}
            }
        }
    }
    assert!(late > 50, "{late}");
}

/// The first step's `M`, known beforehand when no third state has entered,
/// is worked out again when a draw moves the mediator's affinities: each
/// trial's own, as the exhaustive trial computes it.
#[test]
fn a_drawn_affinity_moves_the_first_steps_mediator() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.constants.mediation = 0.01;
    endless(&mut s);
    relate(&mut s, 2, 0, 0.8);
    relate(&mut s, 2, 1, 0.5);
    s.uncertain.push(UncertainInput {
        path: "relation.CCC-BBB".into(),
        slot: Slot::Affinity(1),
        distribution: Distribution::Uniform { lo: 0.0, hi: 1.0 },
        key: entity_key("affinity"),
    });
    let mut trial = Trial::new(&s);
    let mut seen = Vec::new();
    for k in 0..100 {
        let mut notes: Vec<Note> = Vec::new();
        trial.play(TrialRng::new(9, k), &mut notes);
        let drawn = trial.world.aff(2, 1);
        let first = notes.iter().find_map(|n| match n {
            Note::Termination { mediation, .. } => Some(*mediation),
            _ => None,
        });
        assert_eq!(first, Some(drawn.min(0.8)), "trial {k}");
        seen.push(drawn);
    }
    assert!(seen.iter().any(|&a| a < 0.4) && seen.iter().any(|&a| a > 0.6));
}

/// The links a first step visits and what their rules decide, known
/// beforehand when nothing drawn moves them, are worked out again in each
/// trial when a draw moves what `if-hostile` reads: an affinity, or the
/// friend threshold. A link from C to the target is cut at the first step
/// exactly when C counts the challenger a friend.
#[test]
fn a_drawn_affinity_or_friend_threshold_moves_the_first_steps_embargoes() {
    let friend = CONSTANTS
        .iter()
        .position(|(name, _)| *name == "friend_threshold")
        .expect("a constant");
    for (slot, drawn) in [
        (Slot::Affinity(0), "affinity"),
        (Slot::Constant(friend), "threshold"),
    ] {
        let mut s = trio();
        s.constants.opportunism = 0.0;
        endless(&mut s);
        relate(&mut s, 2, 0, 0.5);
        let mut arms = link(2, 1, LinkKind::Arms, 0.5, &s);
        arms.embargo = embargo(EmbargoWhen::IfHostile, 1.0);
        s.links.push(arms);
        s.uncertain.push(UncertainInput {
            path: drawn.into(),
            slot,
            distribution: Distribution::Uniform { lo: 0.0, hi: 1.0 },
            key: entity_key(drawn),
        });
        let mut trial = Trial::new(&s);
        let (mut cut, mut kept) = (0, 0);
        for k in 0..100 {
            let record = trial.play(TrialRng::new(13, k), &mut ()).clone();
            let friends = trial.world.aff(2, 0) >= trial.world.constants.friend_threshold;
            assert_eq!(
                record.links[0].cut_step,
                friends.then_some(1),
                "{drawn}, trial {k}"
            );
            if friends {
                cut += 1;
            } else {
                kept += 1;
            }
        }
        assert!(cut > 20 && kept > 20, "{drawn}: {cut} cut, {kept} not");
    }
}

/// An event that moves members at a war's first step changes what its
/// supply rules decide: a supplier that shares a defense pact with the
/// target embargoes the challenger (`if-hostile`) at the first step,
/// unless it left the pact at that step.
#[test]
fn an_exit_at_the_first_step_moves_its_embargoes() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    endless(&mut s);
    let mut p = pact("c-b", PactKind::Defense, &[2, 1]);
    p.reliability = 0.0;
    s.pacts.push(p);
    let mut arms = link(2, 0, LinkKind::Arms, 0.5, &s);
    arms.embargo = embargo(EmbargoWhen::IfHostile, 1.0);
    s.links.push(arms);
    s.events.push(Event {
        id: "exit".into(),
        trigger: Trigger::Chance(0.5),
        action: EventAction::Exit { state: 2, pact: 0 },
        key: entity_key("exit"),
    });
    let mut trial = Trial::new(&s);
    let (mut left, mut stayed) = (0, 0);
    for k in 0..100 {
        let mut notes: Vec<Note> = Vec::new();
        let cut = trial.play(TrialRng::new(17, k), &mut notes).links[0].cut_step;
        let exit = notes
            .iter()
            .take_while(|n| !matches!(n, Note::Step { step: 2 }))
            .any(|n| matches!(n, Note::EventFired { .. }));
        assert_eq!(cut, (!exit).then_some(1), "trial {k}");
        if exit {
            left += 1;
        } else {
            stayed += 1;
        }
    }
    assert!(left > 20 && stayed > 20, "{left} left, {stayed} stayed");
}

#[test]
fn accession_during_the_war_is_checked_from_the_next_step() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.constants.entry_lag_p = 1.0;
    endless(&mut s);
    let mut p = pact("dp", PactKind::Defense, &[1, 0]);
    p.reliability = 1.0;
    p.adversaries = vec![0];
    s.pacts.push(p);
    accession_at(&mut s, 3.0, 2, 0);
    assert!(play(&s, 50).iter().all(|r| r.states[2].entry_step == 4));
}

/// Chain-ganging: an ally's entry obliges that ally's own partners from the
/// next step, however late in the war it comes (the obligations phase runs
/// again whenever the sides have moved).
#[test]
fn an_entry_obliges_the_entrants_allies_from_the_next_step() {
    let mut s = trio();
    s.states.push(state("DDD", 10.0, [36.0, 77.0]));
    s.states.push(state("EEE", 10.0, [37.0, 78.0]));
    s.constants.opportunism = 0.0;
    endless(&mut s);
    for (id, members) in [("b-c", [1, 2]), ("c-d", [2, 3]), ("d-e", [3, 4])] {
        let mut p = pact(id, PactKind::Defense, &members);
        p.reliability = 1.0;
        s.pacts.push(p);
    }
    s.rebuild_affinity();
    for r in play(&s, 50) {
        assert_eq!(
            [2, 3, 4].map(|i| r.states[i].entry_step),
            [1, 2, 3],
            "{r:?}"
        );
    }
}

#[test]
fn ceasefire_offers_add_to_the_peace_hazard() {
    let mut s = trio();
    s.constants.opportunism = 0.0;
    s.events.push(Event {
        id: "offer".into(),
        trigger: Trigger::At(2.0),
        action: EventAction::CeasefireOffer { strength: 100.0 },
        key: entity_key("offer"),
    });
    let recs = play(&s, 200);
    assert!(recs.iter().all(|r| r.duration <= 2));
    assert!(
        recs.iter()
            .filter(|r| r.duration == 2)
            .all(|r| r.outcome == Outcome::Ceasefire)
    );
}

#[test]
fn a_trial_depends_only_on_seed_and_index() {
    let mut s = trio();
    s.pacts.push(pact("dp", PactKind::Defense, &[1, 2]));
    let mut a = Trial::new(&s);
    let mut b = Trial::new(&s);
    // b plays other trials first: scratch state must not leak.
    for k in 0..50 {
        b.play(TrialRng::new(3, k), &mut ());
    }
    for k in 0..50 {
        assert_eq!(
            a.play(TrialRng::new(3, k), &mut ()),
            b.play(TrialRng::new(3, k), &mut ())
        );
    }
}

#[test]
fn adding_a_bystander_leaves_the_other_draws_alone() {
    // Common random numbers: streams are keyed by ids, not positions.
    let mut s = trio();
    s.pacts.push(pact("dp", PactKind::Defense, &[1, 2]));
    let before = play(&s, 200);
    let mut t = s.clone();
    t.states.push(state("ZZZ", 0.001, [-40.0, -170.0]));
    t.prepare();
    let after = play(&t, 200);
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(
            (a.outcome, a.duration, a.states[2]),
            (b.outcome, b.duration, b.states[2])
        );
    }
}

/// Every skip (obligations, supply links, the mediator, the entry
/// candidates and those kept from one war's start to the next, the members
/// and sides copied only when they moved) changes nothing: worlds with pacts
/// of every kind, a strait, drawn leans, and events moving members and links
/// mid-war play the same records, bit for bit, with the skips and without.
#[test]
fn skipping_work_changes_no_result() {
    for seed in 0..6u64 {
        let n = 12 + 4 * seed as usize;
        let mut s = crate::testing::synthetic(n, 60, 30, seed);
        s.constants.opportunism = 0.3;
        s.constants.peace_base = 0.02;
        s.constants.mediation = 0.05;
        s.pacts
            .push(pact("consult", PactKind::Consultation, &[3, 4, 5]));
        let mut pledge = pact("pledge", PactKind::Neutrality, &[6, 7, 0]);
        pledge.reliability = 0.5;
        s.pacts.push(pledge);
        s.chokepoints.push(straits(5));
        for l in (0..s.links.len()).step_by(7) {
            s.links[l].via = Some(0);
        }
        s.links[1].licence = Some(4);
        s.links[2].embargo = embargo(EmbargoWhen::IfHostile, 0.7);
        s.links[3].embargo = embargo(EmbargoWhen::IfInitiator, 0.7);
        for (id, trigger, action) in [
            (
                "join",
                Trigger::At(3.0),
                EventAction::Accession {
                    state: n - 1,
                    pact: 0,
                },
            ),
            (
                "join-consult",
                Trigger::At(4.0),
                EventAction::Accession {
                    state: n - 2,
                    pact: 1,
                },
            ),
            (
                "leave",
                Trigger::At(5.0),
                EventAction::Exit { state: 2, pact: 0 },
            ),
            ("cut", Trigger::At(2.0), EventAction::Embargo(0)),
            // Touches a link in some trials' first step, some not.
            ("flare", Trigger::Chance(0.2), EventAction::Embargo(4)),
            // Touches the same link with another effect, or none: the same
            // links touched, but not the same first step.
            ("thaw", Trigger::Chance(0.2), EventAction::Lift(4)),
            ("lift", Trigger::At(6.0), EventAction::Lift(0)),
            (
                "talks",
                Trigger::Chance(0.1),
                EventAction::CeasefireOffer { strength: 0.05 },
            ),
        ] {
            s.events.push(Event {
                id: id.into(),
                trigger,
                action,
                key: entity_key(id),
            });
        }
        // Drawn leans: the challenger's affinities, and in some worlds the
        // lean threshold, so that the states able to enter at the start of
        // a war differ from trial to trial. Two worlds in three: in the
        // third, nothing drawn moves the first step's supply rules.
        let leader_relations = s.relations.iter().enumerate().filter(|(_, r)| r.a == 0);
        let drawn_leans = if seed % 3 == 2 { 0 } else { 2 };
        for (i, r) in leader_relations.take(drawn_leans) {
            s.uncertain.push(UncertainInput {
                path: format!("relation.{}-{}", r.a, r.b),
                slot: Slot::Affinity(i),
                distribution: Distribution::Uniform { lo: -1.0, hi: 1.0 },
                key: entity_key(&format!("affinity-{i}")),
            });
        }
        if seed % 2 == 0 {
            let lean = CONSTANTS
                .iter()
                .position(|(name, _)| *name == "lean_threshold");
            s.uncertain.push(UncertainInput {
                path: "model.lean_threshold".into(),
                slot: Slot::Constant(lean.expect("a constant")),
                distribution: Distribution::Uniform { lo: 0.0, hi: 0.6 },
                key: entity_key("lean"),
            });
        }
        // Arsenals whose thresholds are drawn: on demand (a PERT and a
        // Beta, never clamped) and in phase 1 (a normal, which may be); and
        // a drawn ceasefire offer (on demand).
        for i in 0..3 {
            s.states[i].nuclear = Some(Nuclear {
                warheads: 10.0,
                threshold: 0.2,
            });
        }
        s.constants.nuclear_use = 0.05;
        for (i, distribution) in [
            Distribution::Pert {
                lo: 0.0,
                mode: 0.1,
                hi: 0.3,
            },
            Distribution::Beta { a: 2.0, b: 6.0 },
            Distribution::Normal { mean: 0.1, sd: 0.2 },
        ]
        .into_iter()
        .enumerate()
        {
            s.uncertain.push(UncertainInput {
                path: format!("state.{i}.nuclear.threshold"),
                slot: Slot::StateThreshold(i),
                distribution,
                key: entity_key(&format!("threshold-{i}")),
            });
        }
        let talks = s.events.iter().position(|e| e.id == "talks");
        s.uncertain.push(UncertainInput {
            path: "event.talks.strength".into(),
            slot: Slot::EventStrength(talks.expect("the talks event")),
            distribution: Distribution::Triangular {
                lo: 0.0,
                mode: 0.05,
                hi: 0.2,
            },
            key: entity_key("talks-strength"),
        });
        if seed % 2 == 1 {
            // The target leaving its alliance, in some trials at the first
            // step, before that step's obligations.
            s.events.push(Event {
                id: "target-leaves".into(),
                trigger: Trigger::Chance(0.3),
                action: EventAction::Exit { state: 1, pact: 0 },
                key: entity_key("target-leaves"),
            });
        }
        let mut fast = Trial::new(&s);
        assert_eq!(
            fast.on_demand.input[s.uncertain.len() - 4..],
            [true, true, false, true],
            "the inputs drawn on demand"
        );
        let mut slow = Trial::new(&s);
        slow.exhaustive = true;
        let (mut steps, mut read, mut unread) = (0, 0, 0);
        for k in 0..300 {
            let rng = TrialRng::new(seed, k);
            let a = fast.play(rng, &mut ()).clone();
            assert_eq!(&a, slow.play(rng, &mut ()), "seed {seed}, trial {k}");
            steps += a.duration;
            let undrawn = &fast.on_demand.undrawn[s.uncertain.len() - 4..];
            read += undrawn.iter().filter(|&&u| !u).count();
            unread += undrawn.iter().filter(|&&u| u).count();
        }
        // Long wars, so that most steps are ones the skips apply to; and
        // trials that read the inputs drawn on demand, and others that never
        // do (the normal threshold, drawn in phase 1, counts as read).
        assert!(steps > 300 * 5, "seed {seed}: {steps} steps");
        assert!(
            read > 300 && unread > 100,
            "seed {seed}: {read} read, {unread} not"
        );
    }
}
