//! Hard limits on what a scenario file may ask for.
//!
//! A scenario file is untrusted input: it may come from anyone, and a
//! runner may read it unattended. Every limit here bounds either the time or
//! the memory that reading a file can take, so that no input can crash, hang
//! or exhaust the reader; each is far above what a real crisis needs (the
//! world has fewer than 200 states). A file over a limit gets a problem that
//! names the limit, e.g. `limit MAX_STATES = 2000`.
//!
//! ```
//! use casus_scenario::limits;
//! assert_eq!(limits::MAX_FILE_BYTES, 8 * 1024 * 1024);
//! assert_eq!(limits::MAX_HORIZON, 10_000.0);
//! ```

/// Largest file accepted, in bytes (8 MiB). Checked before parsing, so a huge
/// file costs one comparison.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Deepest nesting of `[`, `{` and dotted-key segments, counted by a cheap
/// scan before parsing. A real scenario nests about 8 deep (a distribution in
/// a pact added by a variant); the bound keeps every recursive walk of the
/// tree, the TOML parser's included, far from the end of the stack.
pub const MAX_NESTING_DEPTH: usize = 32;

/// Most `[[state]]` tables. Each variant stores a dense `n × n` affinity
/// matrix (`casus_core::model::Scenario::affinity`), so states cost memory
/// quadratically: 2000 states are 32 MB per variant.
pub const MAX_STATES: usize = 2_000;

/// Most `[[relation]]` tables (each pair of states at most once).
pub const MAX_RELATIONS: usize = 200_000;

/// Most `[[pact]]` tables.
pub const MAX_PACTS: usize = 10_000;

/// Most states listed in one pact's `members`, `adversaries` or
/// `contributions`.
pub const MAX_MEMBERS: usize = MAX_STATES;

/// Most `[[supply]]` links.
pub const MAX_LINKS: usize = 100_000;

/// Most `[[chokepoint]]` tables.
pub const MAX_CHOKEPOINTS: usize = 1_000;

/// Most `[[event]]` tables.
pub const MAX_EVENTS: usize = 10_000;

/// Most `[[variant]]` tables.
pub const MAX_VARIANTS: usize = 100;

/// The largest `trials` of `[scenario]`: a trial's index keys its random
/// streams in 32 bits.
pub const MAX_TRIALS: u64 = casus_core::rng::MAX_TRIALS;

/// The largest `horizon`, in steps (MODEL.md §5.20); the core keeps steps in
/// 14 bits of its random-stream counter.
pub const MAX_HORIZON: f64 = casus_core::uncertain::MAX_HORIZON;

/// Longest `name` of a state, pact or chokepoint, in bytes. Names are copied
/// into every variant's scenario and every report.
pub const MAX_NAME_BYTES: usize = 256;

/// Longest `description` of the scenario or of a variant, in bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 64 * 1024;

/// Most entries (states, relations, pacts, links, chokepoints and events)
/// summed over the base file and all its variants. Every
/// variant is a full copy of the world, so this bounds the memory and time of
/// reading a file with many variants of a large world.
pub const MAX_TOTAL_ENTRIES: usize = 1_000_000;

/// Most affinity-matrix cells (`states²`) summed over the base file and all
/// its variants: 2²⁵ cells are 256 MiB.
pub const MAX_TOTAL_AFFINITY_CELLS: usize = 1 << 25;

/// Most problems reported for one file; the rest are counted in a last
/// problem. A file with more has a systematic mistake, and the first thousand
/// show it.
pub const MAX_PROBLEMS: usize = 1_000;

/// Longest text of a problem's message, label, help or note, in bytes.
/// Messages quote keys and ids from the file; a 1 MB key quoted by a
/// thousand problems must not make a gigabyte of output.
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// Most (misspelt name, known name) pairs compared for the "did you mean"
/// hints of one file; once spent, problems come without hints. Similarity is
/// quadratic in the names' length, so comparing each of 10 000 misspelt link
/// ids with 100 000 known ones would take hours; 50 000 pairs take about
/// 0.2 s, and cover, say, 250 typos in a file of 200 ids.
pub const MAX_SUGGESTION_WORK: usize = 50_000;
