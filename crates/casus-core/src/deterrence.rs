//! Phase 2: does the challenger attack? (MODEL.md §2 phase 2, §5.5, §5.7)
//!
//! The challenger counts on formal commitments only: each third state's
//! expected contribution is the reliability of its strongest applicable
//! pact, eroded by its friendship with the challenger's enemy.

use crate::distribution::standard_normal;
use crate::model::{PactKind, Scenario, StateIx};
use crate::rng::{Purpose, StreamKey};
use crate::trace::{Note, Observer};
use crate::trial::Trial;

/// The cross-pressure factor `x(j, E) = 1 − max(0, max_{k∈E} aff(j, k))`.
///
/// ```
/// let mut s = casus_core::testing::duel();
/// casus_core::testing::relate(&mut s, 0, 1, 0.6);
/// assert!((casus_core::deterrence::cross_pressure(&s, 0, [1].into_iter()) - 0.4).abs() < 1e-12);
/// ```
pub fn cross_pressure(s: &Scenario, j: StateIx, enemies: impl Iterator<Item = StateIx>) -> f64 {
    let friendliest = enemies.map(|k| s.aff(j, k)).fold(0.0f64, f64::max);
    1.0 - friendliest
}

/// `e_B(j)`: the challenger's estimate of third state `j` fighting for the
/// target: the largest `reliability × x(j, {c})` over defense pacts binding
/// `j` to the target whose casus foederis holds against the challenger.
pub fn expected_defender(s: &Scenario, j: StateIx) -> f64 {
    let (c, t) = (s.crisis.challenger, s.crisis.target);
    let x = cross_pressure(s, j, std::iter::once(c));
    s.pacts
        .iter()
        .filter(|p| {
            p.kind == PactKind::Defense
                && p.members.contains(&j)
                && p.members.contains(&t)
                && p.targets(c)
        })
        .map(|p| p.reliability * x)
        .fold(0.0, f64::max)
}

/// `e_A(j)`: likewise over offense pacts binding `j` to the challenger
/// against the target (§5.5: defense pacts never count here).
pub fn expected_attacker(s: &Scenario, j: StateIx) -> f64 {
    let (c, t) = (s.crisis.challenger, s.crisis.target);
    let x = cross_pressure(s, j, std::iter::once(t));
    s.pacts
        .iter()
        .filter(|p| {
            p.kind == PactKind::Offense
                && p.members.contains(&j)
                && p.members.contains(&c)
                && p.targets(t)
        })
        .map(|p| p.reliability * x)
        .fold(0.0, f64::max)
}

/// The challenger's calculus, before its misperception.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calculus {
    /// Expected strength of side A, `Ŝ_A`.
    pub s_a: f64,
    /// Expected strength of side B, `Ŝ_B`.
    pub s_b: f64,
    /// `Ŝ_A^γ / (Ŝ_A^γ + Ŝ_B^γ)`.
    pub p_win: f64,
    /// `war_cost × Ŝ_B / (Ŝ_A + Ŝ_B) × (1 − resolve_c)`.
    pub cost: f64,
    /// Nuclear dread `N`.
    pub nuclear: f64,
    /// `stakes × p_win − cost − N`.
    pub eu: f64,
}

/// Computes the challenger's expected utility of attacking.
///
/// ```
/// // Two equal states: p_win = 1/2, cost = 0.5 × 1/2 × (1 − 0.5) = 0.125.
/// let s = casus_core::testing::duel();
/// let g = vec![0.5, 1.0];
/// let calc = casus_core::deterrence::calculus(&s, &g);
/// assert!((calc.p_win - 1.0 / 3.0).abs() < 1e-12); // the challenger is far from the theatre
/// ```
pub fn calculus(s: &Scenario, g: &[f64]) -> Calculus {
    let (c, t) = (s.crisis.challenger, s.crisis.target);
    let k = &s.constants;
    let mut s_a = s.states[c].power * g[c];
    let mut s_b = s.states[t].power * g[t];
    let mut dread: f64 = if s.states[t].is_nuclear() { 1.0 } else { 0.0 };
    for (j, (state, &g_j)) in s.states.iter().zip(g).enumerate() {
        if j == c || j == t {
            continue;
        }
        let e_a = expected_attacker(s, j);
        let e_b = expected_defender(s, j);
        let pg = state.power * g_j;
        s_a += e_a * pg;
        s_b += e_b * pg;
        if state.is_nuclear() {
            dread = dread.max(e_b);
            let umbrella = s
                .pacts
                .iter()
                .any(|p| p.nuclear_umbrella && p.members.contains(&j) && p.members.contains(&t));
            if umbrella {
                dread = 1.0;
            }
        }
    }
    let gamma = k.csf_exponent;
    let (a, b) = (s_a.powf(gamma), s_b.powf(gamma));
    let p_win = if a + b > 0.0 { a / (a + b) } else { 0.5 };
    let share_b = if s_a + s_b > 0.0 {
        s_b / (s_a + s_b)
    } else {
        0.5
    };
    let cost = k.war_cost * share_b * (1.0 - s.states[c].resolve);
    let nuclear = k.nuclear_dread * dread;
    let eu = s.crisis.stakes * p_win - cost - nuclear;
    Calculus {
        s_a,
        s_b,
        p_win,
        cost,
        nuclear,
        eu,
    }
}

impl Trial {
    /// Phase 2: the challenger attacks iff `EU + ε > 0`, `ε ~ N(0, misperception)`.
    pub(crate) fn challenger_attacks<O: Observer>(&mut self, obs: &mut O) -> bool {
        // When no drawn input moves the balance of forces (only the stakes,
        // say), the calculus is the same in every trial but for its last line.
        let calc = match self.calculus_cache {
            Some(c) => Calculus {
                eu: self.world.crisis.stakes * c.p_win - c.cost - c.nuclear,
                ..c
            },
            None => {
                let calc = calculus(&self.world, &self.g);
                if !self
                    .world
                    .uncertain
                    .iter()
                    .any(|u| u.slot.moves_deterrence())
                {
                    self.calculus_cache = Some(calc);
                }
                calc
            }
        };
        let mut stream = self.rng.stream(StreamKey::new(Purpose::Misperception));
        let epsilon = self.world.constants.misperception * standard_normal(&mut stream);
        let attacked = calc.eu + epsilon > 0.0;
        if O::ENABLED {
            obs.note(Note::Deterrence {
                s_a: calc.s_a,
                s_b: calc.s_b,
                p_win: calc.p_win,
                cost: calc.cost,
                nuclear: calc.nuclear,
                eu: calc.eu,
                epsilon,
                attacked,
            });
        }
        attacked
    }
}
