//! Small builders for scenarios in tests, examples and benchmarks.
//!
//! Real scenarios come from TOML files through `casus-scenario`; these
//! helpers build the same [`Scenario`] by hand, with MODEL.md's defaults.

use crate::geo::LatLon;
use crate::model::{
    Constants, Crisis, Embargo, EmbargoWhen, LinkKind, Pact, PactKind, Relation, Scenario, State,
    StepUnit, SupplyLink, Support,
};
use crate::rng::entity_key;

/// A state with MODEL.md's defaults (reach 1000 km, resolve 0.5, stockpile 4).
///
/// ```
/// let s = casus_core::testing::state("PAK", 10.0, [33.7, 73.1]);
/// assert_eq!(s.reach, 1000.0);
/// ```
pub fn state(id: &str, power: f64, position: [f64; 2]) -> State {
    State {
        id: id.to_string(),
        name: id.to_string(),
        power,
        economy: 100.0,
        position: LatLon::new(position[0], position[1]),
        reach: 1000.0,
        resolve: 0.5,
        stockpile: 4.0,
        nuclear: None,
        key: entity_key(id),
    }
}

/// A pact of `kind` with the kind's default reliability.
///
/// ```
/// use casus_core::model::PactKind;
/// let p = casus_core::testing::pact("smda", PactKind::Defense, &[0, 1]);
/// assert_eq!(p.reliability, 0.41);
/// ```
pub fn pact(id: &str, kind: PactKind, members: &[usize]) -> Pact {
    Pact {
        id: id.to_string(),
        name: id.to_string(),
        kind,
        members: members.to_vec(),
        reliability: kind.default_reliability(),
        defensive_only: true,
        adversaries: Vec::new(),
        support: Support::Full,
        contributions: Vec::new(),
        nuclear_umbrella: false,
        key: entity_key(id),
    }
}

/// A supply link with the default embargo rule (`if-hostile`, p = 1).
pub fn link(from: usize, to: usize, kind: LinkKind, share: f64, scenario: &Scenario) -> SupplyLink {
    let id = format!(
        "{}-{}-{}",
        scenario.states[from].id,
        scenario.states[to].id,
        kind.as_str()
    );
    SupplyLink {
        key: entity_key(&id),
        id,
        from,
        to,
        kind,
        share,
        via: None,
        licence: None,
        embargo: Embargo::default(),
    }
}

/// A link with the given embargo rule.
pub fn embargo(when: EmbargoWhen, p: f64) -> Embargo {
    Embargo { when, p }
}

/// A scenario of `states` where state 0 challenges state 1, theatre at the
/// target, stakes 0.5, horizon 52 weeks, default constants.
pub fn scenario(states: Vec<State>) -> Scenario {
    let theatre = states[1].position;
    let mut s = Scenario {
        states,
        relations: Vec::new(),
        pacts: Vec::new(),
        links: Vec::new(),
        chokepoints: Vec::new(),
        crisis: Crisis {
            challenger: 0,
            target: 1,
            theatre,
            stakes: 0.5,
            horizon: 52.0,
            step: StepUnit::Week,
            assume_attack: false,
        },
        events: Vec::new(),
        constants: Constants::default(),
        uncertain: Vec::new(),
        affinity: Vec::new(),
    };
    s.prepare();
    s
}

/// Sets the affinity of a pair and rebuilds the matrix.
pub fn relate(s: &mut Scenario, a: usize, b: usize, affinity: f64) {
    s.relations.push(Relation { a, b, affinity });
    s.rebuild_affinity();
}

/// Two equal states 600 km apart, the challenger attacking for sure.
pub fn duel() -> Scenario {
    let mut s = scenario(vec![
        state("AAA", 10.0, [30.0, 70.0]),
        state("BBB", 10.0, [30.0, 76.2]),
    ]);
    s.crisis.assume_attack = true;
    s
}

/// A synthetic world for scale measurements: `states` states scattered over
/// a 4000 km square around the theatre, `links` supply links, a defense
/// pact of ten states around the target and a few relations per state;
/// war assumed so that every trial plays `horizon` steps at most.
/// Deterministic in `seed`.
///
/// ```
/// let s = casus_core::testing::synthetic(100, 1000, 52, 1);
/// assert_eq!((s.states.len(), s.links.len()), (100, 1000));
/// ```
pub fn synthetic(states: usize, links: usize, horizon: u32, seed: u64) -> Scenario {
    use crate::rng::{Purpose, StreamKey, TrialRng};
    let rng = TrialRng::new(seed, 0);
    let u = |what: u32, i: usize| rng.uniform(StreamKey::new(Purpose::Sample).pair(what, i as u32));
    let ids: Vec<String> = (0..states).map(|i| format!("S{i:04}")).collect();
    let all = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            state(
                id,
                1.0 + 20.0 * u(1, i),
                [30.0 + 36.0 * (u(2, i) - 0.5), 70.0 + 40.0 * (u(3, i) - 0.5)],
            )
        })
        .collect();
    let mut s = scenario(all);
    s.crisis.assume_attack = true;
    s.crisis.horizon = f64::from(horizon);
    // Long wars: no collapse, little peace, so that the horizon binds.
    s.constants.collapse = 0.0;
    s.constants.peace_base = 0.001;
    s.constants.exhaustion = 0.0;
    s.constants.mediation = 0.0;
    for i in 0..states {
        for k in 1..=3 {
            let j = (i + k * 7 + 1) % states;
            if i < j && !s.relations.iter().any(|r| (r.a, r.b) == (i, j)) {
                s.relations.push(Relation {
                    a: i,
                    b: j,
                    affinity: 2.0 * u(4, i * 4 + k) - 1.0,
                });
            }
        }
    }
    s.rebuild_affinity();
    let members: Vec<usize> = (1..states.min(11)).collect();
    if members.len() >= 2 {
        s.pacts.push(pact("alliance", PactKind::Defense, &members));
    }
    let mut incoming = vec![0.0; states];
    for l in 0..links {
        let from = (u(5, l) * states as f64) as usize % states;
        let to = (from + 1 + (u(6, l) * (states - 1) as f64) as usize) % states;
        let share = (0.5 / (1 + links / states) as f64).min(1.0 - incoming[to]);
        incoming[to] += share;
        let mut link = link(from, to, LinkKind::Arms, share, &s);
        link.id = format!("L{l}");
        link.key = entity_key(&link.id);
        link.embargo = embargo(EmbargoWhen::IfBelligerent, 0.5);
        s.links.push(link);
    }
    s
}
