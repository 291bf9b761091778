//! Counter-based random streams (MODEL.md §2 and §5.24).
//!
//! Every random decision of a trial reads its own stream, keyed by
//! `(seed, trial, purpose, entity, step)`. A stream is a Philox4x32-10 block
//! cipher (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3")
//! run in counter mode: opening one costs nothing, and its first 128 bits
//! cost one block (64 instructions with SSE2, about 9 ns here: docs/performance.md).
//! Because draws are addressed rather than consumed in sequence:
//!
//! * trial *k* of every variant sees the same numbers for the same decision
//!   (common random numbers), whatever else the variant adds or removes,
//!   since entities are keyed by a hash of their id, not their index;
//! * a per-step draw exists whether or not an earlier step used its own, so
//!   variants stay aligned step by step;
//! * results do not depend on the order in which trials are run, the number
//!   of threads, or how a run is split into shards.

use rand::rand_core::{Infallible, TryRng};

use crate::model::EntityKey;

/// Philox4x32 multipliers and Weyl key increments (Random123).
const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// The Philox4x32 bijection with `R` rounds, mapping a 128-bit counter under
/// a 64-bit key to 128 random-looking bits.
///
/// ```
/// // Random123 known-answer test, kat_vectors line "philox4x32 10 0…0".
/// let out = casus_core::rng::philox4x32::<10>([0; 4], [0; 2]);
/// assert_eq!(out, [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
/// ```
#[inline]
pub fn philox4x32<const R: usize>(mut ctr: [u32; 4], mut key: [u32; 2]) -> [u32; 4] {
    for _ in 0..R {
        ctr = philox_round(ctr, key);
        key = bump(key);
    }
    ctr
}

/// One Philox4x32 round under round key `key`.
#[inline(always)]
fn philox_round(ctr: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let p0 = u64::from(M0) * u64::from(ctr[0]);
    let p1 = u64::from(M1) * u64::from(ctr[2]);
    [
        ((p1 >> 32) as u32) ^ ctr[1] ^ key[0],
        p1 as u32,
        ((p0 >> 32) as u32) ^ ctr[3] ^ key[1],
        p0 as u32,
    ]
}

/// The Weyl key schedule: the next round's key.
#[inline(always)]
const fn bump(key: [u32; 2]) -> [u32; 2] {
    [key[0].wrapping_add(W0), key[1].wrapping_add(W1)]
}

/// Rounds of the generator casus draws from.
const ROUNDS: usize = 10;

/// The round keys of Philox4x32-10 under one key. The key is the master
/// seed, fixed for a whole run, so its schedule is computed once per trial
/// rather than once per block. Each round's key `[k0, k1]` is kept as
/// `[k0, 0, k1, 0]`, the lanes its words meet in [`RoundKeys::block`]'s
/// SSE2 round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RoundKeys([[u32; 4]; ROUNDS]);

impl RoundKeys {
    const fn new(mut key: [u32; 2]) -> Self {
        let mut keys = [[0; 4]; ROUNDS];
        let mut r = 0;
        while r < ROUNDS {
            keys[r] = [key[0], 0, key[1], 0];
            key = bump(key);
            r += 1;
        }
        RoundKeys(keys)
    }

    /// `philox4x32::<10>(ctr, key)`.
    #[inline]
    fn block(&self, ctr: [u32; 4]) -> [u32; 4] {
        #[cfg(feature = "count-blocks")]
        BLOCKS.with(|n| n.set(n.get() + 1));
        self.rounds(ctr)
    }

    /// The ten rounds with SSE2, part of every x86-64 processor: one
    /// `pmuludq` makes a round's two 32×32-bit products, and a round is 5
    /// instructions where the scalar one is 13. The same integer operations
    /// in other registers, so the same bits (`sse2_rounds_are_the_scalar_rounds`).
    #[cfg(target_feature = "sse2")]
    #[inline(always)]
    fn rounds(&self, ctr: [u32; 4]) -> [u32; 4] {
        use safe_arch::{
            m128i, mul_widen_u32_odd_m128i, shr_imm_u64_m128i, shuffle_ai_f32_all_m128i,
        };
        let multipliers = m128i::from([M0, 0, M1, 0]);
        let mut x = m128i::from(ctr);
        for key in self.0 {
            // [lo p0, hi p0, lo p1, hi p1], p0 = M0 × c0 and p1 = M1 × c2 ...
            let products = mul_widen_u32_odd_m128i(x, multipliers);
            // ... to [hi p1 ^ c1 ^ k0, lo p1, hi p0 ^ c3 ^ k1, lo p0].
            x = shuffle_ai_f32_all_m128i::<0b00_01_10_11>(products)
                ^ shr_imm_u64_m128i::<32>(x)
                ^ m128i::from(key);
        }
        x.into()
    }

    /// The ten rounds without SSE2: the reference the SSE2 rounds are
    /// tested against, and what other processors run.
    #[cfg_attr(all(target_feature = "sse2", not(test)), allow(dead_code))]
    #[inline(always)]
    fn rounds_scalar(&self, mut ctr: [u32; 4]) -> [u32; 4] {
        for key in self.0 {
            ctr = philox_round(ctr, [key[0], key[2]]);
        }
        ctr
    }

    #[cfg(not(target_feature = "sse2"))]
    #[inline(always)]
    fn rounds(&self, ctr: [u32; 4]) -> [u32; 4] {
        self.rounds_scalar(ctr)
    }
}

#[cfg(feature = "count-blocks")]
thread_local! {
    static BLOCKS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many Philox blocks this thread has computed (the `count-blocks`
/// feature, for measurement only): the number of blocks a trial reads is
/// the difference across its play. Callgrind's call counts cannot give it,
/// since most calls of the block function are inlined.
///
/// ```
/// # #[cfg(feature = "count-blocks")] {
/// use casus_core::rng::{blocks_computed, Purpose, StreamKey, TrialRng};
/// let before = blocks_computed();
/// TrialRng::new(1, 2).uniform(StreamKey::new(Purpose::Ceasefire).at(1));
/// assert_eq!(blocks_computed() - before, 1);
/// # }
/// ```
#[cfg(feature = "count-blocks")]
pub fn blocks_computed() -> u64 {
    BLOCKS.with(std::cell::Cell::get)
}

/// Why a stream is drawn; one variant per kind of decision in MODEL.md §2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Purpose {
    /// Phase 1: one uncertain input (entity = its path).
    Sample = 1,
    /// Phase 2: the challenger's misperception ε.
    Misperception = 2,
    /// Step 1: whether a member honours a defense/offense obligation (entity = state, pact).
    Honour = 3,
    /// Step 1: the entry lag of a `full` honour (entity = state, pact).
    EntryLag = 4,
    /// Step 1: whether a neutrality/nonaggression pledge is kept (entity = state, pact).
    Pledge = 5,
    /// Step 2: opportunistic or consultation entry (entity = state).
    Entry = 6,
    /// Step 3: a link's embargo rule, once per war (entity = link).
    Embargo = 7,
    /// Step 3: a licence holder's cut, once per war (entity = link).
    Licence = 8,
    /// Step 4: combat noise ε_A, ε_B (one stream, two draws).
    Combat = 9,
    /// Step 5: the escalation draw.
    Escalation = 10,
    /// Step 5: a nuclear belligerent's use draw (entity = state).
    NuclearUse = 11,
    /// Step 6: the ceasefire draw.
    Ceasefire = 12,
    /// Events with a per-step probability (entity = event).
    Event = 13,
}

/// The address of one stream within a trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamKey {
    /// Kind of decision.
    pub purpose: Purpose,
    /// First entity (state, link, event or input), 0 when none.
    pub a: EntityKey,
    /// Second entity (the pact of a member's decision), 0 when none.
    pub b: EntityKey,
    /// The war step, 0 outside the war.
    pub step: u32,
}

impl StreamKey {
    /// A key with no entity and no step.
    pub const fn new(purpose: Purpose) -> Self {
        StreamKey {
            purpose,
            a: 0,
            b: 0,
            step: 0,
        }
    }
    /// This key for entity `a`.
    pub const fn entity(self, a: EntityKey) -> Self {
        StreamKey { a, ..self }
    }
    /// This key for the pair `(a, b)`.
    pub const fn pair(self, a: EntityKey, b: EntityKey) -> Self {
        StreamKey { a, b, ..self }
    }
    /// This key at war step `step`.
    pub const fn at(self, step: u32) -> Self {
        StreamKey { step, ..self }
    }
}

/// The most trials one run can have: a trial's index keys its streams in
/// the 32 bits of the counter's first word.
pub const MAX_TRIALS: u64 = u32::MAX as u64;

/// Steps are kept in 14 bits of the counter: horizons are at most 10 000.
const STEP_BITS: u32 = 14;
/// Blocks per stream are kept in 10 bits: 1024 blocks of 128 bits each.
const BLOCK_BITS: u32 = 10;

/// The random streams of one trial: `(seed, trial)` fixed, streams opened by
/// [`StreamKey`].
///
/// ```
/// use casus_core::rng::{Purpose, StreamKey, TrialRng};
/// use rand::RngExt;
/// let rng = TrialRng::new(42, 7);
/// let key = StreamKey::new(Purpose::Escalation).at(3);
/// let u: f64 = rng.stream(key).random();
/// // Same address, same number; another trial, another number.
/// assert_eq!(u, rng.stream(key).random::<f64>());
/// assert_ne!(u, TrialRng::new(42, 8).stream(key).random::<f64>());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrialRng {
    seed: u64,
    keys: RoundKeys,
    trial: u32,
}

impl TrialRng {
    /// The streams of trial `trial` under master seed `seed`.
    pub const fn new(seed: u64, trial: u32) -> Self {
        TrialRng {
            seed,
            keys: RoundKeys::new([seed as u32, (seed >> 32) as u32]),
            trial,
        }
    }

    /// Makes this `source`, copying the round keys (160 bytes, and so a
    /// call to `memcpy`) only when the seed differs, which from one trial
    /// of a run to the next it never does.
    #[inline]
    pub(crate) fn assign(&mut self, source: &TrialRng) {
        if self.seed == source.seed {
            self.trial = source.trial;
        } else {
            *self = *source;
        }
    }

    /// Opens the stream at `key`. Opening is free; the first draw costs one
    /// Philox block.
    #[inline]
    pub fn stream(&self, key: StreamKey) -> Stream<'_> {
        Stream {
            keys: &self.keys,
            ctr: self.counter(key),
            buf: [0; 4],
            used: 4,
        }
    }

    /// The counter of the first block of the stream at `key`.
    #[inline]
    fn counter(&self, key: StreamKey) -> [u32; 4] {
        let word1 = (key.purpose as u32) << (STEP_BITS + BLOCK_BITS)
            | (key.step & ((1 << STEP_BITS) - 1)) << BLOCK_BITS;
        [self.trial, word1, key.a, key.b]
    }

    /// One uniform draw in [0, 1) from the stream at `key`: the first draw
    /// of [`TrialRng::stream`], computed straight from the stream's first
    /// block.
    ///
    /// ```
    /// use casus_core::rng::{uniform01, Purpose, StreamKey, TrialRng};
    /// let rng = TrialRng::new(3, 1);
    /// let key = StreamKey::new(Purpose::Ceasefire).at(2);
    /// assert_eq!(rng.uniform(key), uniform01(&mut rng.stream(key)));
    /// ```
    #[inline]
    pub fn uniform(&self, key: StreamKey) -> f64 {
        bits_to_unit(self.first_u64s(key)[0])
    }

    /// The two `u64`s of the first block of the stream at `key`: its first
    /// two 64-bit draws, without the stream's buffer.
    ///
    /// ```
    /// use casus_core::rng::{Purpose, StreamKey, TrialRng};
    /// use rand::Rng;
    /// let rng = TrialRng::new(3, 1);
    /// let key = StreamKey::new(Purpose::Entry).at(2);
    /// let mut s = rng.stream(key);
    /// assert_eq!(rng.first_u64s(key), [s.next_u64(), s.next_u64()]);
    /// ```
    #[inline]
    pub fn first_u64s(&self, key: StreamKey) -> [u64; 2] {
        let b = self.keys.block(self.counter(key));
        [
            u64::from(b[1]) << 32 | u64::from(b[0]),
            u64::from(b[3]) << 32 | u64::from(b[2]),
        ]
    }
}

/// One stream: a sequence of Philox blocks at consecutive counters.
///
/// It borrows the round keys of the [`TrialRng`] that opened it: owning
/// them would copy 160 bytes (a call to `memcpy`) at every opening, about
/// 2% of a trial (docs/performance.md, tenth pass).
///
/// It implements [`rand::Rng`], so `rand_distr` distributions sample from it.
/// After 1024 blocks (4096 `u32`s, far beyond any decision's needs) the
/// block counter wraps.
#[derive(Clone, Debug)]
pub struct Stream<'k> {
    keys: &'k RoundKeys,
    ctr: [u32; 4],
    buf: [u32; 4],
    used: u8,
}

impl Stream<'_> {
    #[inline]
    fn refill(&mut self) {
        self.buf = self.keys.block(self.ctr);
        let block = (self.ctr[1].wrapping_add(1)) & ((1 << BLOCK_BITS) - 1);
        self.ctr[1] = (self.ctr[1] & !((1 << BLOCK_BITS) - 1)) | block;
        self.used = 0;
    }
}

impl TryRng for Stream<'_> {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        if self.used >= 4 {
            self.refill();
        }
        let v = self.buf[self.used as usize];
        self.used += 1;
        Ok(v)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        if self.used >= 3 {
            self.refill();
        }
        let lo = u64::from(self.buf[self.used as usize]);
        let hi = u64::from(self.buf[self.used as usize + 1]);
        self.used += 2;
        Ok(hi << 32 | lo)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(4) {
            let v = self.try_next_u32()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

/// A uniform draw in [0, 1) with 53 random bits.
#[inline]
pub fn uniform01<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    bits_to_unit(rng.next_u64())
}

/// The top 53 bits of `bits` as a fraction in [0, 1): what
/// [`uniform01`] makes of one `u64`.
///
/// ```
/// assert_eq!(casus_core::rng::bits_to_unit(u64::MAX >> 11 << 11), 1.0 - f64::EPSILON / 2.0);
/// ```
#[inline]
pub fn bits_to_unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A stable 32-bit key for an entity id or a path (FNV-1a, folded).
///
/// Keys come from names rather than positions so that adding an entity to a
/// variant leaves every other entity's draws untouched.
///
/// ```
/// use casus_core::rng::entity_key;
/// assert_eq!(entity_key("PAK"), entity_key("PAK"));
/// assert_ne!(entity_key("PAK"), entity_key("IND"));
/// ```
pub fn entity_key(id: &str) -> EntityKey {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Random123 `kat_vectors`, the three philox4x32 10 lines.
    #[test]
    fn philox_known_answers() {
        assert_eq!(
            philox4x32::<10>([0; 4], [0; 2]),
            [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
        );
        assert_eq!(
            philox4x32::<10>([u32::MAX; 4], [u32::MAX; 2]),
            [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]
        );
        assert_eq!(
            philox4x32::<10>(
                [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
                [0xa4093822, 0x299f31d0]
            ),
            [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]
        );
    }

    /// Assigning a trial's streams gives that trial's streams, whether the
    /// seed is the same (only the trial is copied) or another (the keys too).
    #[test]
    fn assign_gives_the_source() {
        let mut rng = TrialRng::new(42, 7);
        for (seed, trial) in [(42, 8), (42, 8), (5, 8), (5, 0), (u64::MAX, 3), (42, 7)] {
            let source = TrialRng::new(seed, trial);
            rng.assign(&source);
            assert_eq!(rng, source, "seed {seed}, trial {trial}");
        }
    }

    /// The schedule computed once gives the blocks of the plain function,
    /// in the rounds this processor runs and in the scalar ones.
    #[test]
    fn round_keys_give_the_same_blocks() {
        for (ctr, key) in [
            ([0; 4], [0; 2]),
            ([u32::MAX; 4], [u32::MAX; 2]),
            ([1, 2, 3, 4], [0xdead_beef, 0x0123_4567]),
        ] {
            let keys = RoundKeys::new(key);
            assert_eq!(keys.block(ctr), philox4x32::<10>(ctr, key));
            assert_eq!(keys.rounds_scalar(ctr), philox4x32::<10>(ctr, key));
        }
    }

    proptest! {
        /// The SSE2 rounds are the scalar rounds, bit for bit, whatever the
        /// counter and the key.
        #[test]
        fn sse2_rounds_are_the_scalar_rounds(ctr in any::<[u32; 4]>(), key in any::<[u32; 2]>()) {
            let keys = RoundKeys::new(key);
            prop_assert_eq!(keys.block(ctr), keys.rounds_scalar(ctr));
            prop_assert_eq!(keys.block(ctr), philox4x32::<10>(ctr, key));
        }
    }

    /// Pins the exact numbers of one stream: a change here changes every
    /// report casus has produced, and must be a deliberate, versioned one.
    #[test]
    fn value_stability() {
        let rng = TrialRng::new(20250917, 3);
        let mut s = rng.stream(
            StreamKey::new(Purpose::Honour)
                .pair(entity_key("TUR"), entity_key("smda"))
                .at(5),
        );
        let got: Vec<u32> = (0..6).map(|_| rand::Rng::next_u32(&mut s)).collect();
        assert_eq!(got, PINNED);
    }
    const PINNED: [u32; 6] = [
        3777561067, 580245583, 1336617727, 620909491, 2329755700, 3635428740,
    ];

    #[test]
    fn streams_are_distinct_by_every_part_of_the_key() {
        let rng = TrialRng::new(1, 1);
        let base = StreamKey::new(Purpose::Entry).pair(5, 6).at(7);
        let u = rng.uniform(base);
        for other in [
            StreamKey {
                purpose: Purpose::Honour,
                ..base
            },
            base.entity(4).pair(4, 6),
            base.pair(5, 7),
            base.at(8),
        ] {
            assert_ne!(u, rng.uniform(other));
        }
        assert_ne!(u, TrialRng::new(2, 1).uniform(base));
        assert_ne!(u, TrialRng::new(1, 2).uniform(base));
    }

    #[test]
    fn uniform_is_uniform() {
        // Mean of 100 000 uniforms: sd of the mean is 1/sqrt(12 n) ≈ 0.00091;
        // 5 sd is 0.0046.
        let rng = TrialRng::new(9, 0);
        let n = 100_000u32;
        let mean: f64 = (0..n)
            .map(|i| rng.uniform(StreamKey::new(Purpose::Ceasefire).at(i % 10_000).entity(i)))
            .sum::<f64>()
            / f64::from(n);
        assert!((mean - 0.5).abs() < 0.0046, "{mean}");
    }

    #[test]
    fn long_streams_wrap_without_panic() {
        let rng = TrialRng::new(0, 0);
        let mut s = rng.stream(StreamKey::new(Purpose::Sample));
        for _ in 0..5000 {
            rand::Rng::next_u64(&mut s);
        }
    }
}
