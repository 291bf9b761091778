//! `casus trace`: one trial told as a story a person can follow, with the
//! numbers behind every decision.

use casus_core::model::{EventAction, Scenario};
use casus_core::record::Side;
use casus_core::trace::{CutCause, Note};
use serde::Serialize;

/// One line of the story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// War step (0 before the war).
    pub step: u32,
    /// What kind of thing happened, e.g. `obligation`.
    pub kind: &'static str,
    /// The sentence.
    pub text: String,
}

fn side_of(s: &Scenario, x: Side) -> String {
    let leader = match x {
        Side::A => s.crisis.challenger,
        Side::B => s.crisis.target,
    };
    format!("{}'s side", s.states[leader].name)
}

/// The story of a trial from its notes.
pub fn lines(s: &Scenario, notes: &[Note]) -> Vec<Line> {
    let name = |i: usize| s.states[i].name.as_str();
    let pact = |p: usize| s.pacts[p].name.as_str();
    let link = |l: usize| s.links[l].id.as_str();
    let mut step = 0;
    let mut out = Vec::new();
    for n in notes {
        let (kind, text) = match n {
            Note::Sampled {
                input,
                value,
                clamped,
            } => (
                "sample",
                format!(
                    "drew {} = {value:.4}{}",
                    s.uncertain[*input].path,
                    if *clamped {
                        " (clamped into its valid range)"
                    } else {
                        ""
                    }
                ),
            ),
            Note::Deterrence {
                s_a,
                s_b,
                p_win,
                cost,
                nuclear,
                eu,
                epsilon,
                attacked,
            } => (
                "deterrence",
                format!(
                    "{c} weighs attacking {t}: expected strength {s_a:.3} against {s_b:.3} → P(win) {p_win:.3}; \
                     EU = stakes {stakes:.2} × {p_win:.3} − cost {cost:.3} − nuclear dread {nuclear:.3} = {eu:+.3}; \
                     misperception ε = {epsilon:+.3} → {verdict}",
                    c = name(s.crisis.challenger),
                    t = name(s.crisis.target),
                    stakes = s.crisis.stakes,
                    verdict = if *attacked {
                        "it attacks"
                    } else {
                        "it is deterred"
                    }
                ),
            ),
            Note::AssumedAttack => (
                "deterrence",
                format!(
                    "the attack is assumed (assume_attack): {} attacks {}",
                    name(s.crisis.challenger),
                    name(s.crisis.target)
                ),
            ),
            Note::Step { step: t } => {
                step = *t;
                continue;
            }
            Note::EventFired { event } => {
                let e = &s.events[*event];
                let what = match e.action {
                    EventAction::Embargo(l) => format!("embargo on {}", link(l)),
                    EventAction::Lift(l) => format!("embargo lifted on {}", link(l)),
                    EventAction::Accession { state, pact: p } => {
                        format!("{} accedes to {}", name(state), pact(p))
                    }
                    EventAction::Exit { state, pact: p } => {
                        format!("{} leaves {}", name(state), pact(p))
                    }
                    EventAction::CeasefireOffer { strength } => {
                        format!("a ceasefire offer adds {strength:.3} to this step's peace hazard")
                    }
                };
                ("event", format!("event `{}`: {what}", e.id))
            }
            Note::Invoked { pact: p } => (
                "invoked",
                format!("the casus foederis of {} arises", pact(*p)),
            ),
            Note::Obligation {
                state,
                pact: p,
                side,
                reliability,
                cross_pressure,
                draw,
                honoured,
                due,
            } => {
                let prob = reliability * cross_pressure;
                let head = format!(
                    "{} {} {} (reliability {reliability:.2} × cross-pressure {cross_pressure:.2} → {prob:.2}, drew {draw:.3})",
                    name(*state),
                    if *honoured { "honours" } else { "declines" },
                    pact(*p)
                );
                let tail = match (honoured, due) {
                    (true, Some(d)) if *d == step => {
                        format!(" and enters on {} this step", side_of(s, *side))
                    }
                    (true, Some(d)) => {
                        format!(" and will enter on {} at step {d}", side_of(s, *side))
                    }
                    (true, None) => format!(
                        " with {} support to {}",
                        s.pacts[*p].support_of(*state).as_str(),
                        side_of(s, *side)
                    ),
                    _ => String::new(),
                };
                ("obligation", head + &tail)
            }
            Note::Conflicted { state, pact: p } => (
                "conflicted",
                format!(
                    "{}'s obligations point to both sides; its obligation under {} lapses",
                    name(*state),
                    pact(*p)
                ),
            ),
            Note::Pledge {
                state,
                pact: p,
                reliability,
                draw,
                kept,
            } => (
                "pledge",
                format!(
                    "{} {} its pledge under {} (reliability {reliability:.2}, drew {draw:.3})",
                    name(*state),
                    if *kept { "keeps" } else { "breaks" },
                    pact(*p)
                ),
            ),
            Note::Opportunity {
                state,
                h_a,
                h_b,
                draw,
                entered,
            } => {
                let p = 1.0 - (-(h_a + h_b)).exp();
                let verdict = match entered {
                    Some(x) => format!("enters on {}", side_of(s, *x)),
                    None => "stays out".to_string(),
                };
                (
                    "opportunity",
                    format!(
                        "{} weighs entering (hazard A {h_a:.3}, B {h_b:.3} → {p:.3}, drew {draw:.3}) and {verdict}",
                        name(*state)
                    ),
                )
            }
            Note::EntryDropped {
                state,
                side,
                partner,
            } => (
                "entry-dropped",
                format!(
                    "{} does not enter on {}: its kept pledge forbids fighting {}",
                    name(*state),
                    side_of(s, *side),
                    name(*partner)
                ),
            ),
            Note::Entered { state, side } => (
                "entered",
                format!("{} enters the war on {}", name(*state), side_of(s, *side)),
            ),
            Note::Cut { link: l, cause } => {
                let why = match cause {
                    CutCause::War => "its two ends are at war with each other",
                    CutCause::Embargo => "the supplier's embargo rule holds and it cuts",
                    CutCause::Licence => "the licence holder withdraws its consent",
                    CutCause::Event => "an embargo event",
                    CutCause::Chokepoint => "its chokepoint closes to belligerents",
                };
                ("cut", format!("supply link {} is cut: {why}", link(*l)))
            }
            Note::Restored { link: l } => {
                ("restored", format!("supply link {} is restored", link(*l)))
            }
            Note::EmbargoWithheld { link: l, licence } => (
                "embargo-withheld",
                format!(
                    "the {} of {} could cut it, but does not",
                    if *licence {
                        "licence holder"
                    } else {
                        "supplier"
                    },
                    link(*l)
                ),
            ),
            Note::Combat {
                s_a, s_b, f_a, f_b, ..
            } => (
                "combat",
                format!(
                    "combat: strength A {s_a:.3} vs B {s_b:.3}; side A loses {:.1}% of its power, side B {:.1}%",
                    f_a * 100.0,
                    f_b * 100.0
                ),
            ),
            Note::Escalation {
                hazard,
                draw,
                level,
            } => (
                "escalation",
                format!(
                    "escalation hazard {hazard:.3} (P = {:.3}, drew {draw:.3}): level {level}",
                    1.0 - (-hazard).exp()
                ),
            ),
            Note::NuclearCheck {
                state,
                loss,
                draw,
                used,
            } => (
                "nuclear",
                format!(
                    "{} has lost {:.1}% of its power, past its threshold: drew {draw:.3} → {}",
                    name(*state),
                    loss * 100.0,
                    if *used {
                        "it uses nuclear weapons"
                    } else {
                        "it holds back"
                    }
                ),
            ),
            Note::Termination {
                hazard,
                mediation,
                draw,
            } => (
                "termination",
                format!(
                    "peace hazard {hazard:.3} (mediation {mediation:.2}; P = {:.3}, drew {draw:.3})",
                    1.0 - (-hazard).exp()
                ),
            ),
            Note::End { outcome, step: t } => (
                "end",
                format!("the trial ends: {} at step {t}", outcome.as_str()),
            ),
        };
        out.push(Line { step, kind, text });
    }
    out
}

/// The narrative as text.
pub fn narrative(s: &Scenario, notes: &[Note], seed: u64, trial: u64, variant: &str) -> String {
    let mut o = format!("trial {trial} of variant `{variant}`, seed {seed}\n");
    let mut last = u32::MAX;
    for l in lines(s, notes) {
        if l.step != last && l.step > 0 {
            o.push_str(&format!("\nstep {}:\n", l.step));
            last = l.step;
        }
        o.push_str("  ");
        o.push_str(&l.text);
        o.push('\n');
    }
    o
}

/// The narrative as JSON: `{seed, trial, variant, lines: [{step, kind, text}]}`.
pub fn json(s: &Scenario, notes: &[Note], seed: u64, trial: u64, variant: &str) -> String {
    #[derive(Serialize)]
    struct Story<'a> {
        seed: u64,
        trial: u64,
        variant: &'a str,
        lines: Vec<Line>,
    }
    let story = Story {
        seed,
        trial,
        variant,
        lines: lines(s, notes),
    };
    serde_json::to_string_pretty(&story).expect("stories serialise") + "\n"
}
