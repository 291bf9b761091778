//! One scenario per war, built from that year's data.
//!
//! * **States**: the attackers, the targets, the cases' partners, and every
//!   state with an ATOP obligation (any kind, either direction) toward one of
//!   the attackers or targets that year: the states whose pacts can pull them
//!   into this war. Ids are `C` + the COW code (`C2`, `C200`).
//! * **Power**: CINC × 1000 from COW NMC (the nearest year with a value when
//!   the year itself is missing; [`MIN_POWER`] when the state has none).
//! * **Positions**: capitals of that year. The theatre is the target's capital.
//! * **Pacts**: ATOP dyad-years carry no alliance identity, so for each
//!   obligation type the undirected graph "has this obligation toward the
//!   other, in either direction" is split into its maximal cliques, and each
//!   clique is one pact of that kind (NATO comes back as one pact, a bilateral
//!   guarantee as a pact of two). Reliability comes from [`Params`] by kind and
//!   era (before/from [`ERA_SPLIT`]).
//! * **Affinities**: alliance-portfolio similarity, chance-corrected: Scott's
//!   π over the Signorino–Ritter ordinal portfolio (3 defense or offense, 2
//!   neutrality or nonaggression, 1 consultation, 0 none, 3 with itself),
//!   computed over every state in the system that year (Häge 2011). Unrelated
//!   states score about 0, identical portfolios 1, opposed ones below 0 — the
//!   scale `aff` needs, where the uncorrected S-score would put almost every
//!   pair near 1. The π is multiplied by `affinity_weight` (the cross-pressure
//!   weight). Rivals that year (Thompson & Dreyer) get at most
//!   `rivalry_affinity`; an attacker and a target get at most 0 (they are at
//!   war with each other, whatever their portfolios say).
//! * **Co-belligerents**: casus starts a war with one challenger and one
//!   target. The strongest attacker is the challenger; the other attackers are
//!   bound to it by an offense pact `side-a` (reliability 1, adversaries the
//!   targets), the other targets to the target by a defense pact `side-b`
//!   (reliability 1, adversaries the attackers), so they enter within the first
//!   steps.
//! * **Crisis**: `assume_attack = true` (the war happened), horizon
//!   [`Params::horizon`] weeks, stakes 0.5 (unused without deterrence).
//!   No nuclear arsenals, no supply links: the datasets do not give them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use casus_core::geo::LatLon;
use casus_core::model::{
    Constants, Crisis, Pact, PactKind, Relation, Scenario, State, StateIx, StepUnit, Support,
};
use casus_core::rng::entity_key;
use serde::Serialize;

use crate::cases::Case;
use crate::data::{Ccode, Datasets, Obligations};

/// The first year of the second era of reliabilities (Berkemeier & Fuhrmann
/// 2018 find defense pledges honoured 61% of the time before 1945, 14% after).
pub const ERA_SPLIT: i32 = 1945;

/// Power of a state with no CINC in NMC (CINC 1e-6, × 1000).
pub const MIN_POWER: f64 = 1e-3;

/// The most pacts of one kind a scenario may have (a guard against a
/// pathological alliance graph; real years have at most a few dozen).
pub const MAX_CLIQUES: usize = 20_000;

/// The constants a back-test builds scenarios with; `--fit` tunes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Reliability by pact kind, in [`PactKind::ALL`] order, and era
    /// (`[before ERA_SPLIT, from ERA_SPLIT]`).
    pub reliability: [[f64; 2]; 5],
    /// Cross-pressure weight: every portfolio affinity is multiplied by it.
    pub affinity_weight: f64,
    /// `reach` of every state, km.
    pub reach_km: f64,
    /// MODEL.md's `consult_bonus`.
    pub consult_bonus: f64,
    /// MODEL.md's `opportunism`.
    pub opportunism: f64,
    /// The highest affinity of two rivals (≤ 0).
    pub rivalry_affinity: f64,
    /// Steps (weeks) of war.
    pub horizon: f64,
}

impl Default for Params {
    /// MODEL.md's defaults: reliability by kind (Berkemeier & Fuhrmann 2018,
    /// the same in both eras), reach 1000 km, weight 1.
    fn default() -> Self {
        let c = Constants::default();
        Params {
            reliability: PactKind::ALL.map(|k| [k.default_reliability(); 2]),
            affinity_weight: 1.0,
            reach_km: 1000.0,
            consult_bonus: c.consult_bonus,
            opportunism: c.opportunism,
            rivalry_affinity: -0.5,
            horizon: 52.0,
        }
    }
}

impl Serialize for Params {
    /// A map from each constant's name (see [`Params::named`]) to its value.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.named())
    }
}

impl Params {
    /// Every constant with its name, as reports show them:
    /// `reliability.KIND.before_1945`, `reliability.KIND.from_1945` (every
    /// kind but consultation, whose reliability acts nowhere), then
    /// `affinity_weight`, `reach_km`, `consult_bonus`, `opportunism`,
    /// `rivalry_affinity`, `horizon`.
    pub fn named(&self) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        for (k, r) in PactKind::ALL.iter().zip(&self.reliability) {
            if *k == PactKind::Consultation {
                // Consultation pacts take no decisions (MODEL.md §5.6): their
                // reliability acts nowhere; `consult_bonus` is their constant.
                continue;
            }
            out.push((
                format!("reliability.{}.before_{ERA_SPLIT}", k.as_str()),
                r[0],
            ));
            out.push((format!("reliability.{}.from_{ERA_SPLIT}", k.as_str()), r[1]));
        }
        for (n, v) in [
            ("affinity_weight", self.affinity_weight),
            ("reach_km", self.reach_km),
            ("consult_bonus", self.consult_bonus),
            ("opportunism", self.opportunism),
            ("rivalry_affinity", self.rivalry_affinity),
            ("horizon", self.horizon),
        ] {
            out.push((n.to_string(), v));
        }
        out
    }

    /// The reliability of `kind` in `year`.
    pub fn reliability_of(&self, kind: PactKind, year: i32) -> f64 {
        let k = PactKind::ALL.iter().position(|&x| x == kind).unwrap_or(0);
        self.reliability[k][usize::from(year >= ERA_SPLIT)]
    }
}

/// The cases of one war: they share a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The group key of its cases.
    pub key: String,
    /// The year of the data.
    pub year: i32,
    /// Crisis target.
    pub target: Ccode,
    /// Attackers.
    pub attackers: Vec<Ccode>,
    /// Other targets.
    pub co_targets: Vec<Ccode>,
    /// Indices (into the case list) of the cases in this group, and their partners.
    pub cases: Vec<(usize, Ccode)>,
}

/// Groups cases that share year, target, attackers and co-targets, in order
/// of first appearance.
pub fn groups(cases: &[Case]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut at: HashMap<(String, Ccode), usize> = HashMap::new();
    for (i, c) in cases.iter().enumerate() {
        let key = (c.group.clone(), c.target);
        let g = *at.entry(key).or_insert_with(|| {
            out.push(Group {
                key: format!("{}/{}", c.group, c.target),
                year: c.year,
                target: c.target,
                attackers: c.attackers.clone(),
                co_targets: c.co_targets.clone(),
                cases: Vec::new(),
            });
            out.len() - 1
        });
        out[g].cases.push((i, c.partner));
    }
    out
}

/// A scenario built for a group, and what [`Built::apply`] needs to rebuild
/// it under other [`Params`] without reading the data again.
#[derive(Clone, Debug)]
pub struct Built {
    /// The scenario, prepared.
    pub scenario: Scenario,
    /// The year of the data.
    pub year: i32,
    /// The state index of every COW code in it.
    pub index: BTreeMap<Ccode, StateIx>,
    /// States that had no CINC and were given [`MIN_POWER`].
    pub missing_power: Vec<Ccode>,
    /// Per pact, its ATOP kind (`None` for the synthetic `side-a`/`side-b`).
    pub pact_kinds: Vec<Option<PactKind>>,
    /// Per pair of states `(i, j, π, rivals, attacker against target)`.
    pub portfolio: Vec<(StateIx, StateIx, f64, bool, bool)>,
}

impl Built {
    /// The state index of `c`, if it is in the scenario.
    pub fn state(&self, c: Ccode) -> Option<StateIx> {
        self.index.get(&c).copied()
    }

    /// Rewrites every parameter-dependent part of the scenario for `params`:
    /// pact reliabilities, affinities, reach, constants and horizon.
    pub fn apply(&mut self, params: &Params) {
        let s = &mut self.scenario;
        for (p, kind) in s.pacts.iter_mut().zip(&self.pact_kinds) {
            if let Some(k) = kind {
                p.reliability = params.reliability_of(*k, self.year);
            }
        }
        for st in &mut s.states {
            st.reach = params.reach_km;
        }
        s.constants.consult_bonus = params.consult_bonus;
        s.constants.opportunism = params.opportunism;
        s.crisis.horizon = params.horizon;
        s.relations.clear();
        for &(a, b, pi, rivals, opposed) in &self.portfolio {
            let mut aff = (params.affinity_weight * pi).clamp(-1.0, 1.0);
            if rivals {
                aff = aff.min(params.rivalry_affinity);
            }
            if opposed {
                aff = aff.min(0.0);
            }
            if aff != 0.0 {
                s.relations.push(Relation {
                    a,
                    b,
                    affinity: aff,
                });
            }
        }
        s.prepare();
    }

    /// Whether the scenario has an ATOP pact of `kind` (its reliability is
    /// then the one of the scenario's era).
    pub fn has_kind(&self, kind: PactKind) -> bool {
        self.pact_kinds.contains(&Some(kind))
    }
}

/// Chance-corrected alliance-portfolio similarity (Scott's π, absolute
/// distance over the ordinal levels 0..=3) of two portfolios.
///
/// ```
/// use casus_backtest::build::portfolio_pi;
/// // identical portfolios
/// assert_eq!(portfolio_pi(&[3, 3, 0, 0], &[3, 3, 0, 0]), 1.0);
/// // two unrelated states among many score about 0
/// let mut a = vec![0u8; 50]; a[0] = 3;
/// let mut b = vec![0u8; 50]; b[1] = 3;
/// assert!(portfolio_pi(&a, &b).abs() < 0.05);
/// ```
pub fn portfolio_pi(a: &[u8], b: &[u8]) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len();
    if n == 0 {
        return 0.0;
    }
    let mut counts = [0f64; 4];
    let mut observed = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        counts[usize::from(x.min(3))] += 1.0;
        counts[usize::from(y.min(3))] += 1.0;
        observed += u64::from(x.abs_diff(y));
    }
    let d_o = observed as f64 / (3.0 * n as f64);
    let total = 2.0 * n as f64;
    let mut d_e = 0.0;
    for v in 0..4 {
        for w in 0..4 {
            d_e += counts[v] / total * counts[w] / total * (v.abs_diff(w) as f64) / 3.0;
        }
    }
    if d_e <= 0.0 {
        return if d_o <= 0.0 { 1.0 } else { -1.0 };
    }
    (1.0 - d_o / d_e).clamp(-1.0, 1.0)
}

/// Every maximal clique (of at least two nodes) of an undirected graph,
/// sorted; Bron–Kerbosch with pivoting. `None` past [`MAX_CLIQUES`].
///
/// ```
/// use casus_backtest::build::maximal_cliques;
/// // a triangle 0-1-2 and an edge 2-3
/// let mut adj = vec![vec![false; 4]; 4];
/// for (a, b) in [(0, 1), (1, 2), (0, 2), (2, 3)] { adj[a][b] = true; adj[b][a] = true; }
/// assert_eq!(maximal_cliques(&adj).unwrap(), vec![vec![0, 1, 2], vec![2, 3]]);
/// ```
pub fn maximal_cliques(adj: &[Vec<bool>]) -> Option<Vec<Vec<usize>>> {
    fn bk(
        r: &mut Vec<usize>,
        mut p: Vec<usize>,
        mut x: Vec<usize>,
        adj: &[Vec<bool>],
        out: &mut Vec<Vec<usize>>,
    ) -> bool {
        if p.is_empty() && x.is_empty() {
            if r.len() >= 2 {
                let mut c = r.clone();
                c.sort_unstable();
                out.push(c);
            }
            return out.len() <= MAX_CLIQUES;
        }
        let pivot = p
            .iter()
            .chain(&x)
            .copied()
            .max_by_key(|&u| (p.iter().filter(|&&v| adj[u][v]).count(), usize::MAX - u))
            .unwrap_or(0);
        let candidates: Vec<usize> = p.iter().copied().filter(|&v| !adj[pivot][v]).collect();
        for v in candidates {
            r.push(v);
            let np = p.iter().copied().filter(|&w| adj[v][w]).collect();
            let nx = x.iter().copied().filter(|&w| adj[v][w]).collect();
            let ok = bk(r, np, nx, adj, out);
            r.pop();
            if !ok {
                return false;
            }
            p.retain(|&w| w != v);
            x.push(v);
        }
        true
    }
    let nodes: Vec<usize> = (0..adj.len())
        .filter(|&v| adj[v].iter().enumerate().any(|(w, &e)| e && w != v))
        .collect();
    let mut out = Vec::new();
    if !bk(&mut Vec::new(), nodes, Vec::new(), adj, &mut out) {
        return None;
    }
    out.sort();
    Some(out)
}

/// Why a group could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unbuildable(pub String);

/// Builds the scenario of `group` from the data of its year.
pub fn build(data: &Datasets, group: &Group, params: &Params) -> Result<Built, Unbuildable> {
    let year = group.year;
    let atop = &data.atop;
    let mut originators: BTreeSet<Ccode> = group.attackers.iter().copied().collect();
    originators.insert(group.target);
    originators.extend(group.co_targets.iter().copied());
    let mut members: BTreeSet<Ccode> = originators.clone();
    members.extend(group.cases.iter().map(|&(_, p)| p));
    for &o in &originators {
        members.extend(atop.ties(year, o).keys().copied());
    }
    // States that must be placed; others without a capital are left out.
    let mut needed = originators.clone();
    needed.extend(group.cases.iter().map(|&(_, p)| p));
    let mut placed = BTreeMap::new();
    for &c in &members {
        match data.capitals.at(c, year) {
            Some(cap) => {
                placed.insert(c, cap);
            }
            None if needed.contains(&c) => {
                return Err(Unbuildable(format!(
                    "state {c} has no capital in the capitals file"
                )));
            }
            None => {}
        }
    }
    let power_of = |c: Ccode| data.nmc.cinc(c, year).map(|x| (x * 1000.0).max(MIN_POWER));
    let challenger = group
        .attackers
        .iter()
        .copied()
        .max_by(|&a, &b| {
            let (pa, pb) = (power_of(a).unwrap_or(0.0), power_of(b).unwrap_or(0.0));
            pa.total_cmp(&pb).then(b.cmp(&a))
        })
        .ok_or_else(|| Unbuildable("no attacker".into()))?;
    let mut order = vec![challenger, group.target];
    order.extend(
        placed
            .keys()
            .copied()
            .filter(|&c| c != challenger && c != group.target),
    );
    let index: BTreeMap<Ccode, StateIx> = order.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut missing_power = Vec::new();
    let states: Vec<State> = order
        .iter()
        .map(|&c| {
            let cap = placed[&c];
            let power = power_of(c).unwrap_or_else(|| {
                missing_power.push(c);
                MIN_POWER
            });
            let id = format!("C{c}");
            State {
                key: entity_key(&id),
                id,
                name: cap.state.clone(),
                power,
                economy: 1.0,
                position: LatLon::new(cap.lat, cap.lon),
                reach: params.reach_km,
                resolve: 0.5,
                stockpile: 4.0,
                nuclear: None,
            }
        })
        .collect();

    let portfolio = portfolio_pairs(data, year, &order, group);
    let mut pacts = obligation_pacts(data, year, &order, params)?;
    let mut pact_kinds: Vec<Option<PactKind>> = pacts.iter().map(|p| Some(p.kind)).collect();
    let ix = |cs: &[Ccode]| -> Vec<StateIx> {
        cs.iter().filter_map(|c| index.get(c).copied()).collect()
    };
    let attackers = ix(&group.attackers);
    let mut targets = vec![index[&group.target]];
    targets.extend(ix(&group.co_targets));
    for (id, kind, side, enemies) in [
        ("side-a", PactKind::Offense, &attackers, &targets),
        ("side-b", PactKind::Defense, &targets, &attackers),
    ] {
        if side.len() >= 2 {
            pacts.push(Pact {
                id: id.to_string(),
                name: id.to_string(),
                kind,
                members: side.clone(),
                reliability: 1.0,
                defensive_only: true,
                adversaries: enemies.clone(),
                support: Support::Full,
                contributions: Vec::new(),
                nuclear_umbrella: false,
                key: entity_key(id),
            });
            pact_kinds.push(None);
        }
    }
    let constants = Constants {
        consult_bonus: params.consult_bonus,
        opportunism: params.opportunism,
        ..Constants::default()
    };
    let scenario = Scenario {
        crisis: Crisis {
            challenger: 0,
            target: 1,
            theatre: states[1].position,
            stakes: 0.5,
            horizon: params.horizon,
            step: StepUnit::Week,
            assume_attack: true,
        },
        states,
        relations: Vec::new(),
        pacts,
        links: Vec::new(),
        chokepoints: Vec::new(),
        events: Vec::new(),
        constants,
        uncertain: Vec::new(),
        affinity: Vec::new(),
    };
    let mut built = Built {
        scenario,
        year,
        index,
        missing_power,
        pact_kinds,
        portfolio,
    };
    built.apply(params);
    Ok(built)
}

/// Per pair of the states `order`: Scott's π of their portfolios, whether they
/// are rivals that year, and whether one attacks the other (see the module docs).
fn portfolio_pairs(
    data: &Datasets,
    year: i32,
    order: &[Ccode],
    group: &Group,
) -> Vec<(StateIx, StateIx, f64, bool, bool)> {
    let mut system = data.nmc.system(year);
    system.extend(data.atop.members(year));
    system.extend(order.iter().copied());
    let pos: HashMap<Ccode, usize> = system.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let portfolios: Vec<Vec<u8>> = order
        .iter()
        .map(|&c| {
            let mut v = vec![0u8; system.len()];
            v[pos[&c]] = 3;
            for (k, o) in data.atop.ties(year, c) {
                if let Some(&p) = pos.get(k) {
                    v[p] = v[p].max(o.level());
                }
            }
            v
        })
        .collect();
    let attackers: BTreeSet<Ccode> = group.attackers.iter().copied().collect();
    let mut targets: BTreeSet<Ccode> = group.co_targets.iter().copied().collect();
    targets.insert(group.target);
    let mut out = Vec::new();
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            let (ci, cj) = (order[i], order[j]);
            let opposed = (attackers.contains(&ci) && targets.contains(&cj))
                || (attackers.contains(&cj) && targets.contains(&ci));
            out.push((
                i,
                j,
                portfolio_pi(&portfolios[i], &portfolios[j]),
                data.rivalries.rivals(year, ci, cj),
                opposed,
            ));
        }
    }
    out
}

/// The pacts among the states `order`: maximal cliques per obligation type.
fn obligation_pacts(
    data: &Datasets,
    year: i32,
    order: &[Ccode],
    params: &Params,
) -> Result<Vec<Pact>, Unbuildable> {
    let n = order.len();
    let mut pacts = Vec::new();
    for kind in PactKind::ALL {
        let bit = match kind {
            PactKind::Defense => Obligations::DEFENSE,
            PactKind::Offense => Obligations::OFFENSE,
            PactKind::Neutrality => Obligations::NEUTRAL,
            PactKind::Nonaggression => Obligations::NONAGG,
            PactKind::Consultation => Obligations::CONSUL,
        };
        let mut adj = vec![vec![false; n]; n];
        let mut any = false;
        for i in 0..n {
            for j in i + 1..n {
                if data.atop.tie(year, order[i], order[j]).has(bit) {
                    adj[i][j] = true;
                    adj[j][i] = true;
                    any = true;
                }
            }
        }
        if !any {
            continue;
        }
        let cliques = maximal_cliques(&adj).ok_or_else(|| {
            Unbuildable(format!(
                "the {} graph of {year} has more than {MAX_CLIQUES} maximal cliques",
                kind.as_str()
            ))
        })?;
        for members in cliques {
            let mut codes: Vec<Ccode> = members.iter().map(|&m| order[m]).collect();
            codes.sort_unstable();
            let id = format!(
                "{}-{}",
                kind.as_str(),
                codes
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join("-")
            );
            pacts.push(Pact {
                key: entity_key(&id),
                name: id.clone(),
                id,
                kind,
                members,
                reliability: params.reliability_of(kind, year),
                defensive_only: true,
                adversaries: Vec::new(),
                support: Support::Full,
                contributions: Vec::new(),
                nuclear_umbrella: false,
            });
        }
    }
    Ok(pacts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Capital, Rivalries};

    fn data() -> Datasets {
        let mut d = Datasets::default();
        let def = Obligations(Obligations::DEFENSE | Obligations::CONSUL);
        // 3, 4, 5 form a defense clique; 2 promised 3 nonaggression; 6 is a rival of 2.
        for (a, b) in [(3, 4), (4, 3), (3, 5), (5, 3), (4, 5), (5, 4)] {
            d.atop.add(1950, a, b, def);
        }
        d.atop.add(1950, 2, 3, Obligations(Obligations::NONAGG));
        for (c, cinc, lat) in [
            (2, 0.2, 10.0),
            (3, 0.01, 20.0),
            (4, 0.05, 30.0),
            (5, 0.0, 40.0),
            (6, 0.1, 50.0),
            (7, 0.3, 0.0),
        ] {
            d.nmc.series.insert(c, vec![(1950, Some(cinc))]);
            d.nmc.system.entry(1950).or_default().insert(c);
            d.capitals.by_state.insert(
                c,
                vec![Capital {
                    state: format!("S{c}"),
                    city: "x".into(),
                    from: 1800,
                    to: 2020,
                    lat,
                    lon: 0.0,
                }],
            );
        }
        d.rivalries = Rivalries {
            pairs: vec![(2, 6, 1900, 2000)],
        };
        d
    }

    fn group() -> Group {
        Group {
            key: "g".into(),
            year: 1950,
            target: 3,
            attackers: vec![2, 7],
            co_targets: vec![],
            cases: vec![(0, 4), (1, 5), (2, 6)],
        }
    }

    #[test]
    fn a_scenario_from_a_year_of_data() {
        let b = build(&data(), &group(), &Params::default()).unwrap();
        let s = &b.scenario;
        // the strongest attacker challenges; the target is second
        assert_eq!(s.states[0].id, "C7");
        assert_eq!(s.states[1].id, "C3");
        assert!(s.crisis.assume_attack);
        assert_eq!(s.crisis.theatre, s.states[1].position);
        assert_eq!(s.states[b.state(4).unwrap()].power, 50.0);
        assert_eq!(s.states[b.state(5).unwrap()].power, MIN_POWER);
        let ids: Vec<&str> = s.pacts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "defense-3-4-5",
                "nonaggression-2-3",
                "consultation-3-4-5",
                "side-a"
            ]
        );
        assert_eq!(s.pacts[0].reliability, 0.41);
        assert_eq!(s.pacts[3].adversaries, vec![1]);
        // clique members are aligned, rivals and enemies are not
        let (i4, i5, i6) = (
            b.state(4).unwrap(),
            b.state(5).unwrap(),
            b.state(6).unwrap(),
        );
        assert!(s.aff(i4, i5) > 0.5, "{}", s.aff(i4, i5));
        assert!(s.aff(b.state(2).unwrap(), i6) <= -0.5);
        assert!(s.aff(0, 1) <= 0.0);
    }

    #[test]
    fn reliability_by_era_and_weight() {
        let mut p = Params::default();
        p.reliability[0] = [0.6, 0.1];
        assert_eq!(p.reliability_of(PactKind::Defense, 1944), 0.6);
        assert_eq!(p.reliability_of(PactKind::Defense, 1945), 0.1);
        p.affinity_weight = 0.0;
        let b = build(&data(), &group(), &p).unwrap();
        assert_eq!(b.scenario.pacts[0].reliability, 0.1);
        let (i4, i5) = (b.state(4).unwrap(), b.state(5).unwrap());
        assert_eq!(b.scenario.aff(i4, i5), 0.0);
    }

    #[test]
    fn a_needed_state_without_a_capital_is_unbuildable() {
        let mut d = data();
        d.capitals.by_state.remove(&5);
        assert!(build(&d, &group(), &Params::default()).is_err());
    }

    #[test]
    fn groups_share_a_scenario() {
        let case = |id: &str, partner| Case {
            id: id.into(),
            group: "mid-1".into(),
            year: 1950,
            target: 3,
            attackers: vec![2],
            co_targets: vec![],
            partner,
            observed: Some(false),
        };
        let g = groups(&[case("a", 4), case("b", 5)]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].cases, vec![(0, 4), (1, 5)]);
    }
}
