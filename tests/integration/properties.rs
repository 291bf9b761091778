//! Property tests over generated valid scenarios: whatever the world looks
//! like, the report is a coherent set of probabilities and does not depend
//! on the thread count.

use casus_core::model::{EmbargoWhen, LinkKind, Nuclear, PactKind, Scenario, Support};
use casus_core::testing;
use casus_report::{Format, Report, ScenarioRef};
use casus_runner::estimate::figures;
use casus_runner::run::run_range;
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct World {
    states: Vec<(f64, f64, f64, bool)>,
    relations: Vec<(usize, usize, f64)>,
    pacts: Vec<(u8, Vec<usize>, f64, bool, u8)>,
    links: Vec<(usize, usize, f64, u8)>,
    assume_attack: bool,
}

fn world() -> impl Strategy<Value = World> {
    (3usize..9).prop_flat_map(|n| {
        (
            prop::collection::vec(
                (
                    0.1f64..100.0,
                    -60.0f64..60.0,
                    -170.0f64..170.0,
                    any::<bool>(),
                ),
                n,
            ),
            prop::collection::vec((0..n, 0..n, -1.0f64..1.0), 0..12),
            prop::collection::vec(
                (
                    0u8..5,
                    prop::collection::vec(0..n, 2..4),
                    0.0f64..1.0,
                    any::<bool>(),
                    0u8..3,
                ),
                0..5,
            ),
            prop::collection::vec((0..n, 0..n, 0.0f64..0.3, 0u8..4), 0..6),
            any::<bool>(),
        )
            .prop_map(|(states, relations, pacts, links, assume_attack)| World {
                states,
                relations,
                pacts,
                links,
                assume_attack,
            })
    })
}

fn build(w: &World) -> Scenario {
    let ids = [
        "AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III",
    ];
    let states = w
        .states
        .iter()
        .enumerate()
        .map(|(i, &(power, lat, lon, nuclear))| {
            let mut s = testing::state(ids[i], power, [lat, lon]);
            if nuclear {
                s.nuclear = Some(Nuclear {
                    warheads: 50.0,
                    threshold: 0.2,
                });
            }
            s
        })
        .collect();
    let mut s = testing::scenario(states);
    s.crisis.assume_attack = w.assume_attack;
    let mut seen = std::collections::BTreeSet::new();
    for &(a, b, aff) in &w.relations {
        if a != b && seen.insert((a.min(b), a.max(b))) {
            testing::relate(&mut s, a, b, aff);
        }
    }
    for (i, (kind, members, reliability, defensive_only, support)) in w.pacts.iter().enumerate() {
        let mut m = members.clone();
        m.sort_unstable();
        m.dedup();
        if m.len() < 2 {
            continue;
        }
        let mut p = testing::pact(&format!("p{i}"), PactKind::ALL[usize::from(*kind)], &m);
        p.reliability = *reliability;
        p.defensive_only = *defensive_only;
        p.support = [Support::Full, Support::Arms, Support::Finance][usize::from(*support)];
        s.pacts.push(p);
    }
    let mut share_in = vec![0.0; s.states.len()];
    for &(from, to, share, rule) in &w.links {
        if from == to
            || share_in[to] + share > 1.0
            || s.links.iter().any(|l| l.from == from && l.to == to)
        {
            continue;
        }
        share_in[to] += share;
        let mut l = testing::link(from, to, LinkKind::Arms, share, &s);
        l.embargo = testing::embargo(
            [
                EmbargoWhen::Never,
                EmbargoWhen::IfInitiator,
                EmbargoWhen::IfBelligerent,
                EmbargoWhen::IfHostile,
            ][usize::from(rule)],
            0.7,
        );
        s.links.push(l);
    }
    s
}

fn report(s: &Scenario, threads: usize) -> (String, casus_runner::estimate::VariantFigures) {
    let summary = run_range(s, 99, 0..600, Some(threads), &|_| ());
    let f = figures("base", s, &summary, 0.95);
    let r = Report::new(
        ScenarioRef {
            name: "p".into(),
            file: "p.toml".into(),
            sha256: "0".into(),
        },
        99,
        0.95,
        vec![f.clone()],
    );
    (r.render(Format::Json), f)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn reports_are_coherent_and_thread_independent(w in world()) {
        let s = build(&w);
        let (one, f) = report(&s, 1);
        let (two, _) = report(&s, 2);
        prop_assert_eq!(&one, &two);

        let total: u64 = f.outcomes.0.iter().map(|(_, p)| (p.p.unwrap() * 600.0).round() as u64).sum();
        prop_assert_eq!(total, 600);
        let sum: f64 = f.outcomes.0.iter().map(|(_, p)| p.p.unwrap()).sum();
        prop_assert!((sum - 1.0).abs() < 1e-12);

        let v: serde_json::Value = serde_json::from_str(&one).unwrap();
        let mut props = Vec::new();
        crate::util::proportions(&v, "", &mut props);
        for (at, p, lo, hi) in props {
            prop_assert!((0.0..=1.0).contains(&p), "{} = {}", at, p);
            prop_assert!(lo >= 0.0 && hi <= 1.0 && lo <= p + 1e-12 && p <= hi + 1e-12, "{}: [{}, {}]", at, lo, hi);
        }
        for (_, st) in &f.states.0 {
            if let Some(m) = st.loss.mean {
                prop_assert!((0.0..=1.0).contains(&m));
            }
        }
        prop_assert!(f.escalation.ge1.p >= f.escalation.ge2.p && f.escalation.ge2.p >= f.escalation.ge3.p);
    }
}
