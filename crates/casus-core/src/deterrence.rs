//! Phase 2: does the challenger attack? (MODEL.md §2 phase 2, §5.5, §5.7)
//!
//! The challenger counts on formal commitments only: each third state's
//! expected contribution is the reliability of its strongest applicable
//! pact, eroded by its friendship with the challenger's enemy.

use std::ops::Range;

use crate::distribution::standard_normal;
use crate::model::{Pact, PactIx, PactKind, Scenario, StateIx};
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

/// The pacts the challenger counts on, worked out once per scenario.
///
/// For each third state `j` (neither challenger `c` nor target `t`):
///
/// * `e_B(j)`, its expected fight for the target, is the largest
///   `reliability × x(j, {c})` over the defense pacts binding `j` to the
///   target whose casus foederis holds against the challenger;
/// * `e_A(j)` is likewise over the offense pacts binding `j` to the
///   challenger against the target, with `x(j, {t})` (§5.5: defense pacts
///   never count there);
/// * a nuclear `j` bound to the target by a nuclear-umbrella pact makes the
///   dread total.
///
/// Which pacts those are depends on members, kinds and adversaries, which no
/// draw moves and no event has moved by phase 2; so they are listed here
/// once, and each trial reads only the numbers (reliabilities, affinities,
/// powers, warheads) its draws may have changed.
///
/// ```
/// use casus_core::deterrence::Commitments;
/// use casus_core::model::PactKind;
/// use casus_core::testing::{pact, scenario, state};
/// // State 0 challenges state 1; state 2 is bound to the target.
/// let mut s = scenario(vec![
///     state("A", 1.0, [0.0, 0.0]),
///     state("B", 1.0, [0.0, 1.0]),
///     state("C", 1.0, [0.0, 2.0]),
/// ]);
/// s.pacts.push(pact("p", PactKind::Defense, &[1, 2]));
/// let expectations: Vec<_> = Commitments::of(&s).expectations(&s).collect();
/// assert_eq!(expectations, [(2, 0.0, 0.41)]); // the default defense reliability
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Commitments {
    thirds: Vec<ThirdState>,
    /// The pacts of every list of `thirds`, one list after the other.
    pacts: Vec<PactIx>,
}

/// One third state's lists, as ranges of [`Commitments::pacts`].
#[derive(Clone, Debug, PartialEq)]
struct ThirdState {
    state: StateIx,
    offense: Range<usize>,
    defense: Range<usize>,
    umbrella: bool,
}

impl Commitments {
    /// The lists of scenario `s`, pacts in index order.
    pub fn of(s: &Scenario) -> Self {
        let (c, t) = (s.crisis.challenger, s.crisis.target);
        let mut pacts = Vec::new();
        let list = |pacts: &mut Vec<PactIx>, keep: &dyn Fn(&Pact) -> bool| {
            let from = pacts.len();
            pacts.extend((0..s.pacts.len()).filter(|&p| keep(&s.pacts[p])));
            from..pacts.len()
        };
        let thirds = (0..s.states.len())
            .filter(|&j| j != c && j != t)
            .map(|j| ThirdState {
                state: j,
                offense: list(&mut pacts, &|p| {
                    p.kind == PactKind::Offense
                        && p.members.contains(&j)
                        && p.members.contains(&c)
                        && p.targets(t)
                }),
                defense: list(&mut pacts, &|p| {
                    p.kind == PactKind::Defense
                        && p.members.contains(&j)
                        && p.members.contains(&t)
                        && p.targets(c)
                }),
                umbrella: s.pacts.iter().any(|p| {
                    p.nuclear_umbrella && p.members.contains(&j) && p.members.contains(&t)
                }),
            })
            .collect();
        Commitments { thirds, pacts }
    }

    /// `(j, e_A(j), e_B(j))` for every third state `j`, in index order,
    /// under the numbers of `s` (a scenario with the same pacts as the one
    /// the lists were made from).
    pub fn expectations<'a>(
        &'a self,
        s: &'a Scenario,
    ) -> impl Iterator<Item = (StateIx, f64, f64)> + 'a {
        let (c, t) = (s.crisis.challenger, s.crisis.target);
        let most = move |list: &Range<usize>, x: f64| {
            self.pacts[list.clone()]
                .iter()
                .map(|&p| s.pacts[p].reliability * x)
                .fold(0.0, f64::max)
        };
        self.thirds.iter().map(move |third| {
            let j = third.state;
            let e_a = most(&third.offense, cross_pressure(s, j, std::iter::once(t)));
            let e_b = most(&third.defense, cross_pressure(s, j, std::iter::once(c)));
            (j, e_a, e_b)
        })
    }

    /// The challenger's calculus under the numbers of `s` and gradients `g`.
    pub fn calculus(&self, s: &Scenario, g: &[f64]) -> Calculus {
        let (c, t) = (s.crisis.challenger, s.crisis.target);
        let k = &s.constants;
        let mut s_a = s.states[c].power * g[c];
        let mut s_b = s.states[t].power * g[t];
        let mut dread: f64 = if s.states[t].is_nuclear() { 1.0 } else { 0.0 };
        for (third, (j, e_a, e_b)) in self.thirds.iter().zip(self.expectations(s)) {
            let state = &s.states[j];
            let pg = state.power * g[j];
            s_a += e_a * pg;
            s_b += e_b * pg;
            if state.is_nuclear() {
                dread = dread.max(e_b);
                if third.umbrella {
                    dread = 1.0;
                }
            }
        }
        let gamma = k.csf_exponent;
        // powf(x, 1) is x: libm errs by under an ulp and x¹ is exact. So at
        // the default γ the two calls can be skipped, same bits (test below).
        let (a, b) = if gamma == 1.0 {
            (s_a, s_b)
        } else {
            (s_a.powf(gamma), s_b.powf(gamma))
        };
        let p_win = if a + b > 0.0 { a / (a + b) } else { 0.5 };
        let share_b = if s_a + s_b > 0.0 {
            s_b / (s_a + s_b)
        } else {
            0.5
        };
        let cost = k.war_cost * share_b * (1.0 - s.states[c].resolve);
        let nuclear = k.nuclear_dread * dread;
        let eu = expected_utility(s.crisis.stakes, p_win, cost, nuclear);
        Calculus {
            s_a,
            s_b,
            p_win,
            cost,
            nuclear,
            eu,
        }
    }
}

/// `EU = stakes × p_win − cost − N`, in one place: the decision drawn on
/// demand relies on every EU being these operations in this order.
fn expected_utility(stakes: f64, p_win: f64, cost: f64, nuclear: f64) -> f64 {
    stakes * p_win - cost - nuclear
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

/// Computes the challenger's expected utility of attacking (listing the
/// [`Commitments`] anew: a trial keeps its lists).
///
/// ```
/// // Two equal states: p_win = 1/2, cost = 0.5 × 1/2 × (1 − 0.5) = 0.125.
/// let s = casus_core::testing::duel();
/// let g = vec![0.5, 1.0];
/// let calc = casus_core::deterrence::calculus(&s, &g);
/// assert!((calc.p_win - 1.0 / 3.0).abs() < 1e-12); // the challenger is far from the theatre
/// ```
pub fn calculus(s: &Scenario, g: &[f64]) -> Calculus {
    Commitments::of(s).calculus(s, g)
}

impl Trial {
    /// Phase 2: the challenger attacks iff `EU + ε > 0`, `ε ~ N(0, misperception)`.
    pub(crate) fn challenger_attacks<O: Observer>(&mut self, obs: &mut O) -> bool {
        // When no drawn input moves the balance of forces (only the stakes,
        // say), the calculus is the same in every trial but for its last line.
        let calc = match self.calculus_cache {
            Some(c) => Calculus {
                eu: expected_utility(self.world.crisis.stakes, c.p_win, c.cost, c.nuclear),
                ..c
            },
            None => self.commitments.calculus(&self.world, &self.g),
        };
        let mut stream = self.rng.stream(StreamKey::new(Purpose::Misperception));
        let epsilon = self.world.constants.misperception * standard_normal(&mut stream);
        // `calc.eu + ε > 0` with the stakes as the variable, in the same
        // operations. Rounding is monotone, so with `p_win ≥ 0` (always:
        // the strengths are not negative) it is increasing in the stakes:
        // when the stakes wait for their first read, their bounds decide
        // most trials without drawing them.
        let (p_win, cost, nuclear) = (calc.p_win, calc.cost, calc.nuclear);
        let attacked = self.attacks_at_stakes(p_win >= 0.0, |stakes| {
            expected_utility(stakes, p_win, cost, nuclear) + epsilon > 0.0
        });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Nuclear;
    use crate::testing::{pact, relate, scenario, state};

    /// State 0 challenges state 1; states 2 to 5 are third states, all at
    /// the theatre (so `g = 1` for every state below).
    fn world() -> Scenario {
        let states = (0..6)
            .map(|i| state(&format!("S{i}"), 1.0 + i as f64, [0.0, 0.0]))
            .collect();
        scenario(states)
    }

    fn with(kind: PactKind, members: &[usize], reliability: f64) -> Pact {
        Pact {
            reliability,
            ..pact(&format!("{kind:?}{members:?}"), kind, members)
        }
    }

    #[test]
    fn expectations_read_only_the_pacts_that_bind() {
        let mut s = world();
        // State 2: two defense pacts with the target; the stronger counts,
        // eroded by its friendship with the challenger.
        s.pacts.push(with(PactKind::Defense, &[1, 2], 0.6));
        s.pacts.push(with(PactKind::Defense, &[2, 1, 4], 0.8));
        relate(&mut s, 2, 0, 0.5);
        // State 3: a defense pact with the target aimed at someone else.
        s.pacts.push(Pact {
            adversaries: vec![5],
            ..with(PactKind::Defense, &[1, 3], 0.9)
        });
        // State 4: an offense pact with the challenger against the target
        // (a defense pact with the challenger never counts for side A), and
        // the defense pact above with the target.
        s.pacts.push(Pact {
            adversaries: vec![1],
            ..with(PactKind::Offense, &[0, 4], 0.5)
        });
        s.pacts.push(with(PactKind::Defense, &[0, 4], 0.7));
        relate(&mut s, 4, 1, 0.3);
        // State 5: a consultation pact with the target counts for nothing.
        s.pacts.push(with(PactKind::Consultation, &[1, 5], 0.9));

        let got: Vec<_> = Commitments::of(&s).expectations(&s).collect();
        assert_eq!(
            got,
            [
                (2, 0.0, 0.4),
                (3, 0.0, 0.0),
                (4, 0.5 * 0.7, 0.8),
                (5, 0.0, 0.0)
            ]
        );
    }

    #[test]
    fn calculus_adds_the_expected_forces() {
        let mut s = world();
        s.pacts.push(with(PactKind::Defense, &[1, 2], 0.5));
        s.pacts.push(with(PactKind::Offense, &[0, 3], 0.25));
        let g = vec![1.0; 6];
        let calc = Commitments::of(&s).calculus(&s, &g);
        // S_A = 1 + 0.25 × 4, S_B = 2 + 0.5 × 3.
        assert_eq!((calc.s_a, calc.s_b), (2.0, 3.5));
        let gamma = s.constants.csf_exponent;
        let p_win = 2f64.powf(gamma) / (2f64.powf(gamma) + 3.5f64.powf(gamma));
        assert_eq!(calc.p_win, p_win);
        assert_eq!(calc, calculus(&s, &g));
        s.constants.csf_exponent = 2.0;
        let calc = Commitments::of(&s).calculus(&s, &g);
        assert_eq!(calc.p_win, 4.0 / (4.0 + 3.5 * 3.5));
    }

    /// The shortcut at γ = 1 gives what `powf` gives, across magnitudes.
    #[test]
    fn powf_of_one_is_the_identity() {
        let rng = crate::rng::TrialRng::new(11, 0);
        let key = crate::rng::StreamKey::new(crate::rng::Purpose::Sample);
        for k in 0..100_000 {
            let bits = rng.first_u64s(key.entity(k))[0] & !(1 << 63);
            let x = f64::from_bits(bits);
            // black_box: libm's pow, not the compiler's folding of x¹.
            let one = std::hint::black_box(1.0);
            if x.is_finite() {
                assert_eq!(x.powf(one).to_bits(), x.to_bits(), "{x:e}");
            }
        }
        for x in [0.0, f64::MIN_POSITIVE, 1e-310, 1.0, 2.5, f64::MAX] {
            let one = std::hint::black_box(1.0);
            assert_eq!(x.powf(one).to_bits(), x.to_bits(), "{x:e}");
        }
    }

    /// The expected forces and the nuclear dread as MODEL.md §2 phase 2
    /// states them, pact by pact for each state: the oracle the lists are
    /// checked against. What follows from them (p_win, cost, EU) is
    /// checked by `calculus_adds_the_expected_forces`.
    fn by_definition(s: &Scenario, g: &[f64]) -> [f64; 3] {
        let (c, t) = (s.crisis.challenger, s.crisis.target);
        let expected = |j, kind, ally, enemy| {
            let x = cross_pressure(s, j, std::iter::once(enemy));
            s.pacts
                .iter()
                .filter(|p| {
                    p.kind == kind
                        && p.members.contains(&j)
                        && p.members.contains(&ally)
                        && p.targets(enemy)
                })
                .map(|p| p.reliability * x)
                .fold(0.0, f64::max)
        };
        let mut s_a = s.states[c].power * g[c];
        let mut s_b = s.states[t].power * g[t];
        let mut dread: f64 = if s.states[t].is_nuclear() { 1.0 } else { 0.0 };
        for j in (0..s.states.len()).filter(|&j| j != c && j != t) {
            let e_a = expected(j, PactKind::Offense, c, t);
            let e_b = expected(j, PactKind::Defense, t, c);
            // e(j) × (P_j g(j)): the grouping every casus release has used.
            s_a += e_a * (s.states[j].power * g[j]);
            s_b += e_b * (s.states[j].power * g[j]);
            if s.states[j].is_nuclear() {
                dread = dread.max(e_b);
                let p = &s.pacts;
                if p.iter()
                    .any(|p| p.nuclear_umbrella && p.members.contains(&j) && p.members.contains(&t))
                {
                    dread = 1.0;
                }
            }
        }
        [s_a, s_b, s.constants.nuclear_dread * dread]
    }

    /// A world of the first `n` states of [`world`], with arsenals, pacts
    /// (kind, members and adversaries as bit masks, umbrella, reliability)
    /// and affinities as given.
    fn random_world(
        n: usize,
        nuclear: u16,
        pacts: &[(u8, u16, u16, bool, f64)],
        affs: &[f64],
    ) -> Scenario {
        let mut s = world();
        s.states.truncate(n);
        for (j, st) in s.states.iter_mut().enumerate() {
            st.power = 1.0 + affs[j % affs.len()].abs() * 7.0;
            // Bits 0-5: has warheads; bits 6-11: has a table but no warheads.
            if nuclear >> j & 1 == 1 || nuclear >> (j + 6) & 1 == 1 {
                st.nuclear = Some(Nuclear {
                    warheads: f64::from(nuclear >> j & 1) * 50.0,
                    threshold: 0.3,
                });
            }
        }
        for (i, &(kind, members, adversaries, umbrella, reliability)) in pacts.iter().enumerate() {
            let pick = |mask: u16| (0..n).filter(|&j| mask >> j & 1 == 1).collect::<Vec<_>>();
            let kind = PactKind::ALL[usize::from(kind) % PactKind::ALL.len()];
            s.pacts.push(Pact {
                adversaries: pick(adversaries),
                nuclear_umbrella: umbrella,
                reliability,
                ..pact(&format!("p{i}"), kind, &pick(members))
            });
        }
        for (k, &a) in affs.iter().enumerate() {
            let (i, j) = (k % n, (k * 7 + 1) % n);
            if i != j {
                relate(&mut s, i, j, a);
            }
        }
        s
    }

    proptest::proptest! {
        #[test]
        fn the_lists_give_the_calculus_by_definition(
            n in 2usize..7,
            nuclear in 0u16..4096,
            pacts in proptest::collection::vec(
                (0u8..5, 0u16..64, 0u16..64, proptest::bool::ANY, 0.0f64..1.0),
                0..8,
            ),
            affs in proptest::collection::vec(-1.0f64..1.0, 1..8),
            g in proptest::collection::vec(0.0f64..1.0, 6),
        ) {
            let s = random_world(n, nuclear, &pacts, &affs);
            let ours = Commitments::of(&s).calculus(&s, &g);
            let oracle = by_definition(&s, &g);
            let got = [ours.s_a, ours.s_b, ours.nuclear];
            proptest::prop_assert_eq!(got.map(f64::to_bits), oracle.map(f64::to_bits), "{:?} against {:?}", got, oracle);
        }
    }

    #[test]
    fn an_umbrella_over_the_target_makes_the_dread_total() {
        let mut s = world();
        s.constants.nuclear_dread = 2.0;
        s.states[2].nuclear = Some(Nuclear {
            warheads: 100.0,
            threshold: 0.3,
        });
        s.pacts.push(with(PactKind::Defense, &[1, 2], 0.5));
        let g = vec![1.0; 6];
        // A nuclear ally: dread is its expected fight for the target.
        assert_eq!(Commitments::of(&s).calculus(&s, &g).nuclear, 2.0 * 0.5);
        s.pacts[0].nuclear_umbrella = true;
        let commitments = Commitments::of(&s);
        assert_eq!(commitments.calculus(&s, &g).nuclear, 2.0);
        // Warheads are drawn: with none, the umbrella is empty.
        s.states[2].nuclear = Some(Nuclear {
            warheads: 0.0,
            threshold: 0.3,
        });
        assert_eq!(commitments.calculus(&s, &g).nuclear, 0.0);
    }
}
