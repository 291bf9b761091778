//! Parts and checkpoints: the mergeable state of a run, on disk.
//!
//! A *part* is what one shard of a run (`casus run … --shard I/N --out
//! PART`) or one checkpoint (`--checkpoint FILE`) writes: the [`Summary`] of
//! every variant over the trials done so far, and everything needed to tell
//! whether two parts belong to the same run — the casus version, the
//! scenario file's SHA-256 (and its text, so that a part can be rendered
//! without the file), the seed, the trials, the confidence level, the
//! variants, and the shard `I/N` with its range of trial indices.
//!
//! The format is self-describing and versioned, and carries its own length
//! and checksum so that a truncated or damaged file is detected:
//!
//! ```text
//! casus-part 1                      ← magic and format version
//! {"casus_version":"0.1.0",…}       ← the part as one line of JSON
//! casus-part-end 123456 <sha256>    ← bytes before this line, and their SHA-256
//! ```
//!
//! Summaries are integers only, so a part read back is exactly the part
//! written, and [`merge`] of the parts of any split of a run equals the run.
//!
//! ```
//! use casus_runner::part::{self, Part, Provenance, Shard};
//! let s = casus_core::testing::duel();
//! let summary = casus_runner::run::run_range(&s, 1, 0..100, Some(1), &|_| ());
//! let p = Part::new(
//!     Provenance { name: "duel".into(), file: "duel.toml".into(), sha256: part::sha256_hex(b"src"), source: "src".into() },
//!     1, 100, 0.95, Shard::WHOLE, vec![("base".into(), 100, summary)],
//! );
//! let bytes = p.to_bytes();
//! assert_eq!(Part::from_bytes(&bytes).unwrap(), p);
//! assert!(Part::from_bytes(&bytes[..bytes.len() - 10]).unwrap_err().to_string().contains("truncated"));
//! ```

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::summary::Summary;

/// The first word of every part file.
pub const MAGIC: &str = "casus-part";

/// The first word of a part file's last line.
pub const END: &str = "casus-part-end";

/// The version of the format written by this casus.
pub const FORMAT: u32 = 1;

/// The casus version written into parts (the workspace version, as in reports).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Which scenario file a part is of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// `[scenario] name`.
    pub name: String,
    /// The path as given on the command line (as in the report).
    pub file: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The file's text, so that a part can be merged where the file is not.
    pub source: String,
}

/// Shard `index` of `count`; `index` counts from 0, like `SLURM_ARRAY_TASK_ID`
/// and `JOB_COMPLETION_INDEX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// From 0 to `count − 1`.
    pub index: u64,
    /// Number of shards the run is split into (at least 1).
    pub count: u64,
}

impl Shard {
    /// The whole run as one shard, `0/1`.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `I/N` (`0 ≤ I < N`).
    ///
    /// ```
    /// use casus_runner::part::Shard;
    /// assert_eq!("2/4".parse::<Shard>().unwrap(), Shard { index: 2, count: 4 });
    /// assert!("4/4".parse::<Shard>().unwrap_err().contains("from 0 to 3"));
    /// ```
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("expected I/N, e.g. 0/4, got `{s}`"))?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| format!("the shard index `{i}` in `{s}` is not a whole number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("the shard count `{n}` in `{s}` is not a whole number"))?;
        if count == 0 {
            return Err(format!("the shard count in `{s}` must be at least 1"));
        }
        if index >= count {
            return Err(format!(
                "the shard index in `{s}` must be from 0 to {} (shards count from 0, like SLURM_ARRAY_TASK_ID)",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// The trial indices of this shard of `trials` trials: the `N`
    /// contiguous ranges `⌊trials·I/N⌋ .. ⌊trials·(I+1)/N⌋`, which tile
    /// `0..trials`.
    ///
    /// ```
    /// use casus_runner::part::Shard;
    /// let r: Vec<_> = (0..3).map(|i| Shard { index: i, count: 3 }.range(10)).collect();
    /// assert_eq!(r, vec![0..3, 3..6, 6..10]);
    /// ```
    pub fn range(self, trials: u64) -> Range<u64> {
        // A shard read from a damaged part may say 0 shards: no trials, no panic.
        let at = |i: u64| {
            (u128::from(trials) * u128::from(i.min(self.count)))
                .checked_div(u128::from(self.count))
                .unwrap_or(0) as u64
        };
        at(self.index)..at(self.index.saturating_add(1))
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Shard::parse(s)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// One variant's state in a part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartVariant {
    /// Variant name.
    pub name: String,
    /// Trials done, from the start of the part's range.
    pub done: u64,
    /// Their summary.
    pub summary: Summary,
}

/// How far the per-trial records file (`--trials-out`) had been written
/// and flushed when a checkpoint was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsMark {
    /// The path as given.
    pub path: String,
    /// `csv` or `jsonl`.
    pub format: String,
    /// Bytes of the file that belong to the trials done.
    pub bytes: u64,
}

/// The mergeable state of (part of) a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The casus version that wrote it.
    pub casus_version: String,
    /// The scenario file.
    pub scenario: Provenance,
    /// Master seed.
    pub seed: u64,
    /// Trials per variant of the whole run (all shards).
    pub trials: u64,
    /// Confidence level of the report.
    pub level: f64,
    /// Which shard this is.
    pub shard: Shard,
    /// Its trial indices (`shard.range(trials)`).
    pub range: [u64; 2],
    /// The variants run, in report order.
    pub variants: Vec<PartVariant>,
    /// The per-trial records file, for a checkpoint of a run that writes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordsMark>,
}

impl Part {
    /// A part of shard `shard` with `(name, done, summary)` per variant.
    pub fn new(
        scenario: Provenance,
        seed: u64,
        trials: u64,
        level: f64,
        shard: Shard,
        variants: Vec<(String, u64, Summary)>,
    ) -> Part {
        let r = shard.range(trials);
        Part {
            casus_version: VERSION.to_string(),
            scenario,
            seed,
            trials,
            level,
            shard,
            range: [r.start, r.end],
            variants: variants
                .into_iter()
                .map(|(name, done, summary)| PartVariant {
                    name,
                    done,
                    summary,
                })
                .collect(),
            records: None,
        }
    }

    /// Trials in this part's range, per variant.
    pub fn len(&self) -> u64 {
        self.range[1].saturating_sub(self.range[0])
    }

    /// Whether the range is empty (more shards than trials).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every variant has done every trial of the range.
    pub fn is_complete(&self) -> bool {
        self.variants.iter().all(|v| v.done == self.len())
    }

    /// Trials done, summed over variants.
    pub fn done(&self) -> u64 {
        self.variants.iter().map(|v| v.done).sum()
    }

    /// The variant names, in order.
    pub fn variant_names(&self) -> Vec<&str> {
        self.variants.iter().map(|v| v.name.as_str()).collect()
    }

    /// The file's bytes: magic line, JSON line, end line with length and
    /// SHA-256.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{MAGIC} {FORMAT}\n").into_bytes();
        // Serialising integers, strings and an f64 cannot fail.
        serde_json::to_writer(&mut out, self).expect("a part serialises");
        out.push(b'\n');
        let trailer = format!("{END} {} {}\n", out.len(), sha256_hex(&out));
        out.extend_from_slice(trailer.as_bytes());
        out
    }

    /// Reads a part back, checking its magic, version, length and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Part, PartError> {
        let first_nl = bytes.iter().position(|&b| b == b'\n');
        let head = &bytes[..first_nl.unwrap_or(bytes.len()).min(64)];
        let head = String::from_utf8_lossy(head);
        let mut words = head.split(' ');
        if format!("{MAGIC} {FORMAT}\n").as_bytes().starts_with(bytes) {
            return Err(PartError::Truncated(format!(
                "it ends after {} bytes, inside its first line",
                bytes.len()
            )));
        }
        if words.next() != Some(MAGIC) {
            return Err(if bytes.is_empty() {
                PartError::Truncated("the file is empty".into())
            } else {
                PartError::NotAPart
            });
        }
        let version = words.next().and_then(|v| v.trim().parse::<u32>().ok());
        match version {
            Some(FORMAT) => {}
            Some(v) => return Err(PartError::Format(v)),
            None if first_nl.is_none() => {
                return Err(PartError::Truncated(format!(
                    "it ends after {} bytes, inside its first line",
                    bytes.len()
                )));
            }
            None => return Err(PartError::NotAPart),
        }
        // The end line is the last line; find where it starts.
        let body_end = if bytes.ends_with(b"\n") {
            bytes[..bytes.len() - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map(|i| i + 1)
        } else {
            None
        };
        let trailer = body_end
            .map(|i| String::from_utf8_lossy(&bytes[i..bytes.len() - 1]).into_owned())
            .filter(|t| t.starts_with(END));
        let (Some(body_end), Some(trailer)) = (body_end, trailer) else {
            return Err(PartError::Truncated(format!(
                "its end line is missing: the file stops after {} bytes",
                bytes.len()
            )));
        };
        let mut t = trailer.split(' ').skip(1);
        let len = t.next().and_then(|x| x.parse::<u64>().ok());
        let sum = t.next().unwrap_or("");
        let Some(len) = len else {
            return Err(PartError::Corrupt("its end line is malformed".into()));
        };
        if len != body_end as u64 {
            return Err(if len > body_end as u64 {
                PartError::Truncated(format!(
                    "its end line says {len} bytes, but only {body_end} precede it"
                ))
            } else {
                PartError::Corrupt(format!(
                    "its end line says {len} bytes, but {body_end} precede it"
                ))
            });
        }
        if sha256_hex(&bytes[..body_end]) != sum {
            return Err(PartError::Corrupt(
                "its SHA-256 does not match its contents: it was changed after it was written"
                    .into(),
            ));
        }
        let json = &bytes[first_nl.map_or(0, |i| i + 1)..body_end];
        serde_json::from_slice(json).map_err(|e| PartError::Corrupt(format!("unreadable: {e}")))
    }

    /// Reads a part file.
    pub fn read(path: &Path) -> Result<Part, PartError> {
        let bytes = std::fs::read(path).map_err(|e| PartError::Io(e.to_string()))?;
        Part::from_bytes(&bytes)
    }

    /// Writes the part atomically: to a temporary file in the same folder,
    /// flushed to disk, renamed over `path`, and the folder flushed; a crash
    /// at any moment leaves either the old file or the new one.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        write_atomic(path, &self.to_bytes())
    }

    /// How `other` differs from `self` in what must be equal for two parts
    /// to be of one run: `(what, self's value, other's value)`.
    pub fn differences(&self, other: &Part) -> Vec<(&'static str, String, String)> {
        let mut d = Vec::new();
        let mut cmp = |what, a: String, b: String| {
            if a != b {
                d.push((what, a, b));
            }
        };
        cmp(
            "casus version",
            self.casus_version.clone(),
            other.casus_version.clone(),
        );
        // Only the hash must agree; the path is shown to say which file.
        if self.scenario.sha256 != other.scenario.sha256 {
            cmp(
                "scenario file (SHA-256)",
                format!("{} ({})", self.scenario.sha256, self.scenario.file),
                format!("{} ({})", other.scenario.sha256, other.scenario.file),
            );
        }
        cmp("seed", self.seed.to_string(), other.seed.to_string());
        cmp("trials", self.trials.to_string(), other.trials.to_string());
        // Shortest round-trip forms: equal exactly when the bits are.
        cmp(
            "level",
            format!("{:?}", self.level),
            format!("{:?}", other.level),
        );
        cmp(
            "variant set",
            self.variant_names().join(", "),
            other.variant_names().join(", "),
        );
        cmp(
            "shard count",
            self.shard.count.to_string(),
            other.shard.count.to_string(),
        );
        d
    }

    /// Checks that the part is internally consistent: its range is its
    /// shard's, no variant claims more trials than the range holds, and each
    /// summary counts exactly the trials done. `shape` gives, per variant
    /// name, an empty summary of that variant's scenario, to check the
    /// summaries' sizes against (so that a part of the right file cannot
    /// make the report read out of bounds).
    pub fn check(&self, shape: &dyn Fn(&str) -> Option<Summary>) -> Result<(), String> {
        if self.shard.count == 0 || self.shard.index >= self.shard.count {
            return Err(format!("its shard {} is impossible", self.shard));
        }
        let r = self.shard.range(self.trials);
        if self.range != [r.start, r.end] {
            return Err(format!(
                "its range {}..{} is not that of shard {} of {} trials ({}..{})",
                self.range[0], self.range[1], self.shard, self.trials, r.start, r.end
            ));
        }
        for v in &self.variants {
            if v.done > self.len() {
                return Err(format!(
                    "variant `{}` claims {} trials done of {}",
                    v.name,
                    v.done,
                    self.len()
                ));
            }
            if v.summary.trials != v.done {
                return Err(format!(
                    "variant `{}` has a summary of {} trials but claims {} done",
                    v.name, v.summary.trials, v.done
                ));
            }
            let Some(empty) = shape(&v.name) else {
                return Err(format!("its scenario has no variant `{}`", v.name));
            };
            let s = &v.summary;
            let same = s.states.len() == empty.states.len()
                && s.pacts.len() == empty.pacts.len()
                && s.links.len() == empty.links.len()
                && s.clamped.len() == empty.clamped.len()
                && s.states.iter().all(|x| {
                    x.loss_hist.bins.is_empty()
                        || x.loss_hist.bins.len() == crate::summary::LOSS_BINS
                });
            if !same {
                return Err(format!(
                    "the summary of variant `{}` does not fit its scenario",
                    v.name
                ));
            }
        }
        let mut names = self.variant_names();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err("it lists a variant twice".into());
        }
        Ok(())
    }
}

/// Why a file could not be read as a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartError {
    /// The file could not be read.
    Io(String),
    /// It does not start with [`MAGIC`].
    NotAPart,
    /// It is of a format version this casus does not read.
    Format(u32),
    /// It stops before its end.
    Truncated(String),
    /// Its contents do not match its checksum, or cannot be read.
    Corrupt(String),
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartError::Io(e) => write!(f, "cannot be read: {e}"),
            PartError::NotAPart => write!(
                f,
                "is not a casus part (it does not start with `{MAGIC} {FORMAT}`)"
            ),
            PartError::Format(v) => write!(
                f,
                "is in part format {v}, but this casus reads format {FORMAT}; merge it with the casus that wrote it"
            ),
            PartError::Truncated(why) => {
                write!(f, "is truncated ({why}); run its shard again")
            }
            PartError::Corrupt(why) => write!(f, "is corrupt ({why}); run its shard again"),
        }
    }
}

impl std::error::Error for PartError {}

/// Writes `bytes` to `path` so that a crash at any moment leaves either the
/// old file or the new one, never a mix: write a temporary file beside it,
/// `fsync` it, rename it over `path`, and `fsync` the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "part".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable. Opening a folder to sync it works
        // on Unix; elsewhere this is best effort.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Parts merged into one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The first part, whose provenance, seed, trials and level all parts share.
    pub first: Part,
    /// Per variant, in order: its name and the summary of every trial.
    pub variants: Vec<(String, Summary)>,
}

/// Why parts cannot be merged; the message names the part and what differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeError(pub String);

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MergeError {}

/// Merges the parts of one run, given as `(name to show, part)`.
///
/// Refuses, with a message naming the part and the difference: parts of
/// another casus version than this one or than each other, of another file,
/// seed, trials, level, variant set or shard count; a missing or repeated
/// shard; an unfinished checkpoint; and a part that is inconsistent in
/// itself (`shape` as in [`Part::check`]).
pub fn merge(
    parts: &[(String, Part)],
    shape: &dyn Fn(&str) -> Option<Summary>,
) -> Result<Merged, MergeError> {
    let err = |m: String| Err(MergeError(m));
    let Some((first_name, first)) = parts.first() else {
        return err("no parts to merge".into());
    };
    for (name, p) in parts {
        if p.casus_version != VERSION {
            return err(format!(
                "`{name}` was written by casus {}, but this is casus {VERSION}; merge it with casus {} (reports of different versions may differ)",
                p.casus_version, p.casus_version
            ));
        }
        if let Err(why) = p.check(shape) {
            return err(format!("`{name}` is inconsistent: {why}"));
        }
    }
    for (name, p) in &parts[1..] {
        if let Some((what, a, b)) = first.differences(p).into_iter().next() {
            let sep = if a.len() + b.len() > 40 { "\n  " } else { " " };
            return err(format!(
                "`{name}` is of another run than `{first_name}`: its {what} is{sep}{b}{sep}but `{first_name}`'s is{sep}{a}"
            ));
        }
    }
    let n = first.shard.count;
    if n > parts.len() as u64 {
        // Fewer parts than shards: some are missing; say which, briefly.
        let have: std::collections::BTreeSet<u64> =
            parts.iter().map(|(_, p)| p.shard.index).collect();
        let missing: Vec<String> = (0..n)
            .filter(|i| !have.contains(i))
            .take(10)
            .map(|i| format!("{i}/{n}"))
            .collect();
        let more = (n - have.len() as u64).saturating_sub(10);
        return err(format!(
            "shard{} {}{} missing: {} part{} given for {n} shards",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
            parts.len(),
            if parts.len() == 1 { "" } else { "s" },
        ));
    }
    // n ≤ parts.len(), so this is small.
    let mut seen: Vec<Option<&str>> = vec![None; n as usize];
    for (name, p) in parts {
        let slot = &mut seen[p.shard.index as usize];
        if let Some(other) = slot {
            return err(format!(
                "shard {} is given twice: `{other}` and `{name}`",
                p.shard
            ));
        }
        *slot = Some(name);
    }
    for (name, p) in parts {
        if !p.is_complete() {
            let (v, done) = p
                .variants
                .iter()
                .find(|v| v.done < p.len())
                .map(|v| (v.name.as_str(), v.done))
                .unwrap_or(("", 0));
            return err(format!(
                "`{name}` is an unfinished checkpoint of shard {} (variant `{v}`: {done} of {} trials done); finish it with `casus run … --resume {name}`",
                p.shard,
                p.len()
            ));
        }
    }
    // Merge in shard order (the order does not change a bit; this is tidy).
    let mut order: Vec<&Part> = parts.iter().map(|(_, p)| p).collect();
    order.sort_by_key(|p| p.shard.index);
    let variants = first
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut s = shape(&v.name).unwrap_or_default();
            for p in &order {
                s.merge(&p.variants[i].summary);
            }
            (v.name.clone(), s)
        })
        .collect();
    Ok(Merged {
        first: first.clone(),
        variants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(shard: Shard, trials: u64) -> Part {
        let s = casus_core::testing::duel();
        let r = shard.range(trials);
        let summary = crate::run::run_range(&s, 3, r.clone(), Some(1), &|_| ());
        Part::new(
            Provenance {
                name: "duel".into(),
                file: "duel.toml".into(),
                sha256: sha256_hex(b"duel"),
                source: "duel".into(),
            },
            3,
            trials,
            0.95,
            shard,
            vec![("base".into(), r.end - r.start, summary)],
        )
    }

    fn shape(_: &str) -> Option<Summary> {
        Some(Summary::for_scenario(&casus_core::testing::duel()))
    }

    #[test]
    fn round_trips_bit_for_bit() {
        let p = part(Shard { index: 1, count: 3 }, 5000);
        let b = p.to_bytes();
        let q = Part::from_bytes(&b).unwrap();
        assert_eq!(p, q);
        assert_eq!(q.to_bytes(), b);
    }

    #[test]
    fn any_truncation_or_flipped_byte_is_detected() {
        let b = part(Shard::WHOLE, 300).to_bytes();
        for cut in [0, 5, 11, 12, 100, b.len() / 2, b.len() - 2, b.len() - 1] {
            let e = Part::from_bytes(&b[..cut]).unwrap_err();
            assert!(matches!(e, PartError::Truncated(_)), "cut at {cut}: {e:?}");
        }
        for at in [13, 40, b.len() / 2, b.len() - 10] {
            let mut c = b.clone();
            c[at] ^= 0x01;
            let e = Part::from_bytes(&c).unwrap_err();
            assert!(matches!(e, PartError::Corrupt(_)), "flip at {at}: {e:?}");
        }
        assert_eq!(Part::from_bytes(b"hello\n"), Err(PartError::NotAPart));
        let mut v2 = b.clone();
        v2[11] = b'7';
        assert_eq!(Part::from_bytes(&v2), Err(PartError::Format(7)));
    }

    #[test]
    fn merged_shards_equal_the_whole() {
        let whole = part(Shard::WHOLE, 10_000);
        for n in [1, 2, 3, 7] {
            let parts: Vec<(String, Part)> = (0..n)
                .rev()
                .map(|i| (format!("p{i}"), part(Shard { index: i, count: n }, 10_000)))
                .collect();
            let m = merge(&parts, &shape).unwrap();
            assert_eq!(m.variants[0].1, whole.variants[0].summary, "N = {n}");
        }
    }

    #[test]
    fn refusals_name_the_part_and_the_difference() {
        let p = |i, n| (format!("p{i}"), part(Shard { index: i, count: n }, 1000));
        let e = merge(&[p(0, 3), p(2, 3)], &shape).unwrap_err().0;
        assert!(e.contains("shard 1/3 missing"), "{e}");
        let e = merge(&[p(0, 2), p(0, 2)], &shape).unwrap_err().0;
        assert!(e.contains("shard 0/2 is given twice"), "{e}");
        let mut other = p(1, 2);
        other.1.seed = 4;
        let e = merge(&[p(0, 2), other], &shape).unwrap_err().0;
        assert!(
            e.contains("`p1`") && e.contains("seed is 4 but `p0`'s is 3"),
            "{e}"
        );
        let mut unfinished = p(1, 2);
        unfinished.1.variants[0].done = 10;
        unfinished.1.variants[0].summary =
            crate::run::run_range(&casus_core::testing::duel(), 3, 500..510, Some(1), &|_| ());
        let e = merge(&[p(0, 2), unfinished], &shape).unwrap_err().0;
        assert!(e.contains("unfinished checkpoint of shard 1/2"), "{e}");
        let mut lying = p(1, 2);
        lying.1.variants[0].done = 10;
        let e = merge(&[p(0, 2), lying], &shape).unwrap_err().0;
        assert!(e.contains("`p1` is inconsistent"), "{e}");
        for (index, count) in [(0, 0), (5, 2), (u64::MAX, u64::MAX)] {
            let mut bad = p(0, 1);
            bad.1.shard = Shard { index, count };
            let e = merge(&[bad], &shape).unwrap_err().0;
            assert!(e.contains("is impossible"), "{e}");
        }
    }
}
