//! From the file schema to the core model: ids resolve to indices, numbers
//! are checked against their slot's range, cross-entry rules hold, and
//! every distribution becomes an [`UncertainInput`].
//!
//! Ranges come from [`Slot::range`] (casus-core), so the parser, the sampler
//! and the clamping report agree on one definition of each field's range.

use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;

use casus_core::geo::LatLon;
use casus_core::model::{
    Chokepoint, Constants, Crisis, Embargo, Event, EventAction, LinkKind, Nuclear, Pact, PactKind,
    Regime, Relation, Scenario, State, StepUnit, SupplyLink, Support, Trigger, UncertainInput,
};
use casus_core::rng::entity_key;
use casus_core::uncertain::{CONSTANTS, OPEN_ZERO, Slot, ValidRange};

use crate::diagnostic::{Problem, Sink};
use crate::schema::{self, EventKind, FileMeta, FileScenario, Num, Point, Text};
use crate::suggest::listing;
use crate::tree::{Span, Table};
use crate::variant::Removals;

/// Reads and validates one tree (the base file, or a variant applied to
/// it). Returns the scenario when the tree added no problem to `sink`.
/// The `[scenario]` table comes back too: it is not part of the model.
pub(crate) fn scenario(
    tree: &Table,
    removed: &Removals,
    sink: &mut Sink,
) -> (Option<Scenario>, FileMeta) {
    let before = sink.len();
    let file = schema::read(tree, sink);
    let scenario = Validator {
        sink: &mut *sink,
        removed,
        uncertain: Vec::new(),
    }
    .build(&file);
    if sink.len() > before {
        return (None, file.meta);
    }
    let mut prepared = scenario;
    prepared.prepare();
    (Some(prepared), file.meta)
}

struct Validator<'a, 's> {
    sink: &'s mut Sink,
    removed: &'a Removals,
    /// With the reading order of their value, which is file order.
    uncertain: Vec<(u32, UncertainInput)>,
}

/// Id → (index, span of the first definition), plus the ids in file order
/// for "did you mean".
#[derive(Default)]
struct Ids<'f> {
    index: HashMap<&'f str, (usize, Span)>,
    names: Vec<&'f str>,
}

/// "> 0", "between 0 and 1", "a whole number between 1 and 10000"…
pub(crate) fn describe(r: ValidRange) -> String {
    // Warheads are capped at 1e9 only to keep them finite: not worth saying.
    let bounded = r.hi.is_finite() && r.hi < 1e9;
    let body = match (r.lo == OPEN_ZERO, bounded) {
        (true, false) => "> 0".to_owned(),
        (true, true) => format!("> 0 and ≤ {}", r.hi),
        (false, false) => format!("≥ {}", r.lo),
        (false, true) => format!("between {} and {}", r.lo, r.hi),
    };
    if r.whole {
        format!("a whole number {body}")
    } else {
        body
    }
}

impl<'f> Validator<'_, '_> {
    /// Registers ids in file order, reporting duplicates.
    fn ids<I>(&mut self, what: &str, items: I) -> Ids<'f>
    where
        I: IntoIterator<Item = Option<&'f Text>>,
    {
        let mut ids = Ids::default();
        for (i, t) in items.into_iter().enumerate() {
            let Some(t) = t else { continue };
            match ids.index.entry(t.value.as_str()) {
                MapEntry::Vacant(v) => {
                    v.insert((i, t.span.clone()));
                    ids.names.push(t.value.as_str());
                }
                MapEntry::Occupied(o) => {
                    let first = o.get().1.clone();
                    let p = if t.synthetic {
                        Problem::at(
                            t.span.clone(),
                            format!("two {what}s have the same default id `{}`", t.value),
                        )
                        .label(format!("this {what} is also named `{}`", t.value))
                        .help("give each an explicit `id` (MODEL.md §5.18)")
                    } else {
                        Problem::at(t.span.clone(), format!("duplicate {what} id `{}`", t.value))
                            .label("already used")
                            .help(format!("every {what} needs its own id"))
                    };
                    self.sink.push(p.related(first, "first defined here"));
                }
            }
        }
        ids
    }

    /// The index of the entry `t` names, or a problem with the nearest id.
    fn resolve(&mut self, what: &'static str, t: &Text, ids: &Ids<'_>) -> Option<usize> {
        if let Some((i, _)) = ids.index.get(t.value.as_str()) {
            return Some(*i);
        }
        if let Some(at) = self.removed.get(what, &t.value) {
            self.sink.push(
                Problem::at(
                    t.span.clone(),
                    format!(
                        "{what} `{}` is removed by this variant but still referenced",
                        t.value
                    ),
                )
                .label("still referenced here")
                .related(at.clone(), "removed here")
                .help(
                    "remove or change the references too: variants do not cascade (MODEL.md §5.19)",
                ),
            );
            return None;
        }
        let help = self
            .sink
            .did_you_mean(&t.value, ids.names.iter().copied())
            .unwrap_or_else(|| {
                if ids.names.is_empty() {
                    format!("this file defines no {what}")
                } else {
                    format!("the {what}s are {}", listing(&ids.names))
                }
            });
        self.sink.push(
            Problem::at(t.span.clone(), format!("unknown {what} `{}`", t.value))
                .label(format!("not a {what} of this file"))
                .help(help),
        );
        None
    }

    /// The value to store for a number: the literal, checked against the
    /// slot's range; or, for a distribution, its mean clamped into range
    /// (each trial overwrites it) and an uncertain input.
    fn value(&mut self, n: &Num, slot: Slot, key: &str, path: impl FnOnce() -> String) -> f64 {
        let range = slot.range();
        if let Some(d) = n.dist {
            let path = path();
            let input = UncertainInput {
                key: entity_key(&path),
                path,
                slot,
                distribution: d,
            };
            self.uncertain.push((n.seq, input));
            return range.clamp(d.mean()).0;
        }
        let x = n.fixed;
        if !x.is_finite() {
            self.sink.push(
                Problem::at(
                    n.span.clone(),
                    format!("`{key}` must be a finite number, got {x}"),
                )
                .label(format!("expected {}", describe(range))),
            );
        } else if !range.contains(x) {
            self.sink.push(
                Problem::at(
                    n.span.clone(),
                    format!("`{key}` must be {}, got {x}", describe(range)),
                )
                .label(format!("expected {}", describe(range))),
            );
        }
        x
    }

    fn opt(
        &mut self,
        n: Option<&Num>,
        default: f64,
        slot: Slot,
        key: &str,
        path: impl FnOnce() -> String,
    ) -> f64 {
        n.map_or(default, |n| self.value(n, slot, key, path))
    }

    fn point(&mut self, p: Option<&Point>, slots: (Slot, Slot), key: &str, prefix: &str) -> LatLon {
        let Some(p) = p else {
            return LatLon::new(0.0, 0.0);
        };
        let lat = self.value(&p.lat, slots.0, &format!("{key}[0]"), || {
            format!("{prefix}[0]")
        });
        let lon = self.value(&p.lon, slots.1, &format!("{key}[1]"), || {
            format!("{prefix}[1]")
        });
        LatLon::new(lat, lon)
    }

    fn build(mut self, f: &'f FileScenario) -> Scenario {
        let state_ids = self.ids("state", f.states.iter().map(|s| s.id.as_ref()));
        let choke_ids = self.ids("chokepoint", f.chokepoints.iter().map(|c| c.id.as_ref()));
        let pact_ids = self.ids("pact", f.pacts.iter().map(|p| p.id.as_ref()));
        let link_ids = self.ids("supply link", f.links.iter().map(|l| l.id.as_ref()));
        // Nothing refers to an event; its id only has to be unique.
        let _ = self.ids("event", f.events.iter().map(|e| e.id.as_ref()));

        let states = self.states(f);
        let chokepoints = self.chokepoints(f, &state_ids);
        let relations = self.relations(f, &state_ids);
        let pacts = self.pacts(f, &state_ids);
        let links = self.links(f, &state_ids, &choke_ids);
        let crisis = self.crisis(f, &state_ids);
        let events = self.events(f, &state_ids, &pact_ids, &link_ids);
        let constants = self.constants(f);

        let mut uncertain = std::mem::take(&mut self.uncertain);
        uncertain.sort_by_key(|(seq, _)| *seq);
        // Not prepared here: with problems, indices may be placeholders
        // that `Scenario::prepare` must never see.
        Scenario {
            states,
            relations,
            pacts,
            links,
            chokepoints,
            crisis,
            events,
            constants,
            uncertain: uncertain.into_iter().map(|(_, u)| u).collect(),
            affinity: Vec::new(),
        }
    }

    fn states(&mut self, f: &FileScenario) -> Vec<State> {
        if f.states.is_empty() {
            self.sink.push(
                Problem::whole_file("no states: the file has no `[[state]]` table").help(
                    "a scenario needs at least the challenger and the target as `[[state]]` tables",
                ),
            );
        }
        let mut out = Vec::with_capacity(f.states.len());
        for (i, s) in f.states.iter().enumerate() {
            let id = s.id.as_ref().map_or("?", |t| t.value.as_str()).to_owned();
            let p = |field: &str| format!("state.{id}.{field}");
            let power = s.power.as_ref().map_or(1.0, |n| {
                self.value(n, Slot::StatePower(i), "power", || p("power"))
            });
            let economy = s.economy.as_ref().map_or(1.0, |n| {
                self.value(n, Slot::StateEconomy(i), "economy", || p("economy"))
            });
            let position = self.point(
                s.position.as_ref(),
                (Slot::StateLat(i), Slot::StateLon(i)),
                "position",
                &p("position"),
            );
            let reach = self.opt(
                s.reach.as_ref(),
                1000.0,
                Slot::StateReach(i),
                "reach",
                || p("reach"),
            );
            let resolve = self.opt(
                s.resolve.as_ref(),
                0.5,
                Slot::StateResolve(i),
                "resolve",
                || p("resolve"),
            );
            let stockpile = self.opt(
                s.stockpile.as_ref(),
                4.0,
                Slot::StateStockpile(i),
                "stockpile",
                || p("stockpile"),
            );
            let nuclear = s.nuclear.as_ref().map(|n| Nuclear {
                warheads: self.opt(
                    n.warheads.as_ref(),
                    0.0,
                    Slot::StateWarheads(i),
                    "warheads",
                    || p("nuclear.warheads"),
                ),
                threshold: self.opt(
                    n.threshold.as_ref(),
                    0.0,
                    Slot::StateThreshold(i),
                    "threshold",
                    || p("nuclear.threshold"),
                ),
            });
            out.push(State {
                name: s
                    .name
                    .as_ref()
                    .map_or_else(|| id.clone(), |t| t.value.clone()),
                key: entity_key(&id),
                id,
                power,
                economy,
                position,
                reach,
                resolve,
                stockpile,
                nuclear,
            });
        }
        out
    }

    fn chokepoints(&mut self, f: &FileScenario, states: &Ids<'_>) -> Vec<Chokepoint> {
        let mut out = Vec::with_capacity(f.chokepoints.len());
        for c in &f.chokepoints {
            let id = c.id.as_ref().map_or(String::new(), |t| t.value.clone());
            let controller = c
                .controller
                .as_ref()
                .and_then(|t| self.resolve("state", t, states));
            out.push(Chokepoint {
                name: c
                    .name
                    .as_ref()
                    .map_or_else(|| id.clone(), |t| t.value.clone()),
                id,
                controller: controller.unwrap_or(0),
                // v1 knows one regime, so it is the default.
                regime: c.regime.as_ref().map_or(Regime::Montreux, |r| r.value),
            });
        }
        out
    }

    fn relations(&mut self, f: &FileScenario, states: &Ids<'_>) -> Vec<Relation> {
        let mut out = Vec::with_capacity(f.relations.len());
        let mut seen: HashMap<(usize, usize), Span> = HashMap::new();
        for (ri, r) in f.relations.iter().enumerate() {
            let a = r.a.as_ref().and_then(|t| self.resolve("state", t, states));
            let b = r.b.as_ref().and_then(|t| self.resolve("state", t, states));
            if let (Some(a), Some(b), Some(bt)) = (a, b, r.b.as_ref()) {
                if a == b {
                    self.sink.push(
                        Problem::at(
                            bt.span.clone(),
                            format!("a relation of `{}` with itself", bt.value),
                        )
                        .label("same state as `a`")
                        .help("a state's affinity with itself is always 1"),
                    );
                } else {
                    match seen.entry((a.min(b), a.max(b))) {
                        MapEntry::Vacant(v) => {
                            v.insert(r.header.clone());
                        }
                        MapEntry::Occupied(o) => {
                            let (an, bn) = (&f.states[a].id, &f.states[b].id);
                            let (an, bn) = (text_or(an), text_or(bn));
                            self.sink.push(
                                Problem::at(
                                    r.header.clone(),
                                    format!("the relation of `{an}` and `{bn}` is listed twice"),
                                )
                                .label("second listing")
                                .related(o.get().clone(), "first listed here")
                                .help(
                                    "a relation is symmetric: list each pair once, in either order",
                                ),
                            );
                        }
                    }
                }
            }
            let path = || {
                format!(
                    "relation.{}-{}.affinity",
                    r.a.as_ref().map_or("?", |t| t.value.as_str()),
                    r.b.as_ref().map_or("?", |t| t.value.as_str())
                )
            };
            let affinity = r
                .affinity
                .as_ref()
                .map_or(0.0, |n| self.value(n, Slot::Affinity(ri), "affinity", path));
            out.push(Relation {
                a: a.unwrap_or(0),
                b: b.unwrap_or(0),
                affinity,
            });
        }
        out
    }

    /// State ids, each resolved, each once.
    fn state_list(
        &mut self,
        ids: Option<&schema::Ids>,
        field: &str,
        states: &Ids<'_>,
    ) -> Vec<usize> {
        let Some(ids) = ids else { return Vec::new() };
        let mut out = Vec::with_capacity(ids.items.len());
        let mut first: HashMap<usize, Span> = HashMap::new();
        for t in &ids.items {
            let Some(i) = self.resolve("state", t, states) else {
                continue;
            };
            match first.entry(i) {
                MapEntry::Vacant(v) => {
                    v.insert(t.span.clone());
                    out.push(i);
                }
                MapEntry::Occupied(o) => self.sink.push(
                    Problem::at(
                        t.span.clone(),
                        format!("`{}` is listed twice in `{field}`", t.value),
                    )
                    .label("listed again")
                    .related(o.get().clone(), "first listed here"),
                ),
            }
        }
        out
    }

    fn pacts(&mut self, f: &FileScenario, states: &Ids<'_>) -> Vec<Pact> {
        let mut out = Vec::with_capacity(f.pacts.len());
        for p in &f.pacts {
            let id = p.id.as_ref().map_or(String::new(), |t| t.value.clone());
            let kind = p.kind.as_ref().map_or(PactKind::Defense, |k| k.value);
            let members = self.state_list(p.members.as_ref(), "members", states);
            if let Some(m) = &p.members
                && m.items.len() < 2
            {
                self.sink.push(
                    Problem::at(
                        m.span.clone(),
                        format!("a pact needs at least 2 members, found {}", m.items.len()),
                    )
                    .label("expected 2 or more state ids"),
                );
            }
            let adversaries = self.state_list(p.adversaries.as_ref(), "adversaries", states);
            let mut contributions = Vec::with_capacity(p.contributions.len());
            for (m, s) in &p.contributions {
                let Some(i) = self.resolve("state", m, states) else {
                    continue;
                };
                let listed = p
                    .members
                    .as_ref()
                    .is_none_or(|ms| ms.items.iter().any(|t| t.value == m.value));
                if listed {
                    contributions.push((i, s.value));
                } else {
                    self.sink.push(
                        Problem::at(
                            m.span.clone(),
                            format!("`{}` is not a member of pact `{id}`", m.value),
                        )
                        .label("contributions are per member")
                        .help(format!("add `{}` to `members`, or remove it here", m.value)),
                    );
                }
            }
            let reliability = self.opt(
                p.reliability.as_ref(),
                kind.default_reliability(),
                Slot::PactReliability(out.len()),
                "reliability",
                || format!("pact.{id}.reliability"),
            );
            out.push(Pact {
                name: p
                    .name
                    .as_ref()
                    .map_or_else(|| id.clone(), |t| t.value.clone()),
                key: entity_key(&id),
                id,
                kind,
                members,
                reliability,
                defensive_only: p.defensive_only.as_ref().is_none_or(|f| f.value),
                adversaries,
                support: p.support.as_ref().map_or(Support::Full, |s| s.value),
                contributions,
                nuclear_umbrella: p.nuclear_umbrella.as_ref().is_some_and(|f| f.value),
            });
        }
        out
    }

    fn links(
        &mut self,
        f: &FileScenario,
        states: &Ids<'_>,
        chokepoints: &Ids<'_>,
    ) -> Vec<SupplyLink> {
        let mut out = Vec::with_capacity(f.links.len());
        // Recipient → (sum of share means, share spans): §5.20.
        let mut shares: HashMap<usize, (f64, Vec<Span>)> = HashMap::new();
        for (li, l) in f.links.iter().enumerate() {
            let id = l.id.as_ref().map_or(String::new(), |t| t.value.clone());
            let from = l
                .from
                .as_ref()
                .and_then(|t| self.resolve("state", t, states));
            let to = l.to.as_ref().and_then(|t| self.resolve("state", t, states));
            if let (Some(a), Some(b), Some(t)) = (from, to, l.to.as_ref())
                && a == b
            {
                self.sink.push(
                    Problem::at(
                        t.span.clone(),
                        format!("a supply link from `{}` to itself", t.value),
                    )
                    .label("same state as `from`"),
                );
            }
            let share = l.share.as_ref().map_or(0.0, |n| {
                self.value(n, Slot::LinkShare(li), "share", || {
                    format!("supply.{id}.share")
                })
            });
            if let (Some(to), Some(n)) = (to, l.share.as_ref()) {
                let e = shares.entry(to).or_default();
                e.0 += n.mean();
                e.1.push(n.span.clone());
            }
            let via = l
                .via
                .as_ref()
                .and_then(|t| self.resolve("chokepoint", t, chokepoints));
            let licence = l
                .licence
                .as_ref()
                .and_then(|t| self.resolve("state", t, states));
            let d = Embargo::default();
            let embargo = Embargo {
                when: l.when.as_ref().map_or(d.when, |w| w.value),
                p: self.opt(l.p.as_ref(), d.p, Slot::LinkEmbargoP(li), "p", || {
                    format!("supply.{id}.embargo.p")
                }),
            };
            out.push(SupplyLink {
                key: entity_key(&id),
                id,
                from: from.unwrap_or(0),
                to: to.unwrap_or(0),
                kind: l.kind.as_ref().map_or(LinkKind::Arms, |k| k.value),
                share,
                via,
                licence,
                embargo,
            });
        }
        let mut over: Vec<(usize, f64, Vec<Span>)> = shares
            .into_iter()
            .filter(|(_, (sum, _))| *sum > 1.0 + 1e-9)
            .map(|(r, (s, v))| (r, s, v))
            .collect();
        over.sort_by_key(|(r, _, _)| *r);
        for (r, sum, mut spans) in over {
            let Some(last) = spans.pop() else { continue };
            let name = text_or(&f.states[r].id);
            let mut p = Problem::at(last, format!("the supply shares of `{name}` sum to {}, more than 1", round(sum)))
                .label("this share brings the total over 1")
                .help(
                    "a share is the fraction of the recipient's sustainment that depends on the link; \
                     a recipient's shares must sum to ≤ 1 (a distribution counts with its mean, MODEL.md §5.20)",
                );
            for s in spans.into_iter().rev().take(4) {
                p = p.related(s, "also a share of this recipient");
            }
            self.sink.push(p);
        }
        out
    }

    fn crisis(&mut self, f: &FileScenario, states: &Ids<'_>) -> Crisis {
        let mut out = Crisis {
            challenger: 0,
            target: 0,
            theatre: LatLon::new(0.0, 0.0),
            stakes: 0.0,
            horizon: 52.0,
            step: StepUnit::Week,
            assume_attack: false,
        };
        let Some(c) = &f.crisis else {
            self.sink.push(
                Problem::whole_file("missing `[crisis]`: who challenges whom, where, for what")
                    .help("add `[crisis]` with `challenger`, `target`, `theatre = [lat, lon]` and `stakes`"),
            );
            return out;
        };
        let challenger = c
            .challenger
            .as_ref()
            .and_then(|t| self.resolve("state", t, states));
        let target = c
            .target
            .as_ref()
            .and_then(|t| self.resolve("state", t, states));
        if let (Some(a), Some(b), Some(t)) = (challenger, target, c.target.as_ref())
            && a == b
        {
            self.sink.push(
                Problem::at(
                    t.span.clone(),
                    format!("`{}` is both challenger and target", t.value),
                )
                .label("same state as `challenger`"),
            );
        }
        out.challenger = challenger.unwrap_or(0);
        out.target = target.unwrap_or(0);
        out.theatre = self.point(
            c.theatre.as_ref(),
            (Slot::TheatreLat, Slot::TheatreLon),
            "theatre",
            "crisis.theatre",
        );
        out.stakes = self.opt(c.stakes.as_ref(), 0.0, Slot::CrisisStakes, "stakes", || {
            "crisis.stakes".to_owned()
        });
        out.horizon = self.opt(
            c.horizon.as_ref(),
            52.0,
            Slot::CrisisHorizon,
            "horizon",
            || "crisis.horizon".to_owned(),
        );
        out.step = c.step.as_ref().map_or(StepUnit::Week, |s| s.value);
        out.assume_attack = c.assume_attack.as_ref().is_some_and(|f| f.value);
        out
    }

    fn events(
        &mut self,
        f: &FileScenario,
        states: &Ids<'_>,
        pacts: &Ids<'_>,
        links: &Ids<'_>,
    ) -> Vec<Event> {
        let mut out = Vec::with_capacity(f.events.len());
        for (ei, e) in f.events.iter().enumerate() {
            // Unnamed events were given their index by `tree::name_entries`.
            let (id, key) = match &e.id {
                Some(t) if t.synthetic => {
                    (t.value.clone(), entity_key(&format!("event.{}", t.value)))
                }
                Some(t) => (t.value.clone(), entity_key(&t.value)),
                None => (ei.to_string(), entity_key(&format!("event.{ei}"))),
            };
            let p = |field: &str| format!("event.{id}.{field}");
            let trigger = match (&e.at, &e.p) {
                (Some(at), _) => Trigger::At(self.value(at, Slot::EventAt(ei), "at", || p("at"))),
                (None, Some(pr)) => {
                    Trigger::Chance(self.value(pr, Slot::EventP(ei), "p", || p("p")))
                }
                (None, None) => Trigger::At(1.0),
            };
            let link = |v: &mut Self| {
                e.link
                    .as_ref()
                    .and_then(|t| v.resolve("supply link", t, links))
                    .unwrap_or(0)
            };
            let state = |v: &mut Self| {
                e.state
                    .as_ref()
                    .and_then(|t| v.resolve("state", t, states))
                    .unwrap_or(0)
            };
            let pact = |v: &mut Self| {
                e.pact
                    .as_ref()
                    .and_then(|t| v.resolve("pact", t, pacts))
                    .unwrap_or(0)
            };
            let action = match e.kind.as_ref().map(|k| k.value) {
                Some(EventKind::Embargo) => EventAction::Embargo(link(self)),
                Some(EventKind::Lift) => EventAction::Lift(link(self)),
                Some(EventKind::Accession) => EventAction::Accession {
                    state: state(self),
                    pact: pact(self),
                },
                Some(EventKind::Exit) => EventAction::Exit {
                    state: state(self),
                    pact: pact(self),
                },
                Some(EventKind::CeasefireOffer) | None => EventAction::CeasefireOffer {
                    strength: self.opt(
                        e.strength.as_ref(),
                        0.0,
                        Slot::EventStrength(ei),
                        "strength",
                        || p("strength"),
                    ),
                },
            };
            out.push(Event {
                id,
                trigger,
                action,
                key,
            });
        }
        out
    }

    fn constants(&mut self, f: &FileScenario) -> Constants {
        let mut c = Constants::default();
        for (i, n) in &f.model {
            let name = CONSTANTS[*i].0;
            *c.field_mut(*i) = self.value(n, Slot::Constant(*i), name, || format!("model.{name}"));
        }
        c
    }
}

fn text_or(t: &Option<Text>) -> &str {
    t.as_ref().map_or("?", |t| t.value.as_str())
}

/// A sum for a message: floating-point noise would distract.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
