//! Per-trial records (`casus run … --trials-out FILE.csv|FILE.jsonl`).
//!
//! One line per trial and variant: the trial index, the variant, how it
//! ended, its duration, maximum escalation level and war size, and per
//! state its side, entry step and loss, per pact its invocation and
//! decisions, per supply link the step it was first cut. Lines are written
//! by the worker that played the trial into its batch's buffer
//! ([`crate::run::Recorder`]), and the buffers are written out in trial
//! order, so the file is the same bytes for any thread count.
//!
//! CSV has one column per state, pact and link field over the union of the
//! variants run (a variant that lacks an entity leaves its cells empty);
//! JSON Lines has one object per line.
//!
//! ```
//! use casus_runner::records::{Format, Records};
//! let s = casus_core::testing::duel();
//! let r = Records::new(Format::Csv, &[("base", &s)]);
//! let header = String::from_utf8(r.header()).unwrap();
//! assert!(header.starts_with("trial,variant,outcome,duration,max_level,war_size,"));
//! let mut trial = casus_core::trial::Trial::new(&s);
//! let rec = trial.play(casus_core::rng::TrialRng::new(1, 0), &mut ());
//! let mut line = Vec::new();
//! r.write(0, 0, rec, &mut line);
//! assert!(String::from_utf8(line).unwrap().starts_with("0,base,"));
//! ```

use std::io::Write;
use std::path::Path;

use casus_core::model::Scenario;
use casus_core::record::TrialOutcome;

/// The file format of per-trial records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// The format named by a path's extension: `.csv`, or `.jsonl` (also
    /// `.ndjson`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// `csv` or `jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}

/// One variant's place in the columns.
struct VariantCols {
    /// The name, quoted for the format.
    name: String,
    /// Per state column, the variant's state index, if it has that state.
    states: Vec<Option<usize>>,
    /// Per pact column, the variant's pact index.
    pacts: Vec<Option<usize>>,
    /// Per link column, the variant's link index.
    links: Vec<Option<usize>>,
}

/// Formats per-trial records of a set of variants.
pub struct Records {
    format: Format,
    /// State, pact and link ids over the union of the variants, in order of
    /// first appearance (quoted for the format).
    states: Vec<String>,
    pacts: Vec<String>,
    links: Vec<String>,
    variants: Vec<VariantCols>,
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `x` so that it reads back to the same bits; `null`/empty if not finite.
fn float(out: &mut Vec<u8>, x: f64, json: bool) {
    if x.is_finite() {
        let _ = write!(out, "{x:?}");
    } else if json {
        out.extend_from_slice(b"null");
    }
}

fn union<'a>(lists: impl Iterator<Item = Vec<&'a str>>) -> Vec<&'a str> {
    let mut all: Vec<&str> = Vec::new();
    for list in lists {
        for id in list {
            if !all.contains(&id) {
                all.push(id);
            }
        }
    }
    all
}

impl Records {
    /// Records of `variants` (name and scenario, in run order).
    pub fn new(format: Format, variants: &[(&str, &Scenario)]) -> Records {
        let states = union(
            variants
                .iter()
                .map(|(_, s)| s.states.iter().map(|x| x.id.as_str()).collect()),
        );
        let pacts = union(
            variants
                .iter()
                .map(|(_, s)| s.pacts.iter().map(|x| x.id.as_str()).collect()),
        );
        let links = union(
            variants
                .iter()
                .map(|(_, s)| s.links.iter().map(|x| x.id.as_str()).collect()),
        );
        let cols = variants
            .iter()
            .map(|(name, s)| VariantCols {
                name: match format {
                    Format::Csv => csv_field(name),
                    Format::Jsonl => json_str(name),
                },
                states: states
                    .iter()
                    .map(|id| s.states.iter().position(|x| x.id == *id))
                    .collect(),
                pacts: pacts
                    .iter()
                    .map(|id| s.pacts.iter().position(|x| x.id == *id))
                    .collect(),
                links: links
                    .iter()
                    .map(|id| s.links.iter().position(|x| x.id == *id))
                    .collect(),
            })
            .collect();
        let quote = |ids: Vec<&str>| -> Vec<String> {
            ids.into_iter()
                .map(|id| match format {
                    Format::Csv => id.to_string(),
                    Format::Jsonl => json_str(id),
                })
                .collect()
        };
        Records {
            format,
            states: quote(states),
            pacts: quote(pacts),
            links: quote(links),
            variants: cols,
        }
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// What the file starts with: the CSV header line; nothing for JSON Lines.
    pub fn header(&self) -> Vec<u8> {
        if self.format == Format::Jsonl {
            return Vec::new();
        }
        let mut cols: Vec<String> = [
            "trial",
            "variant",
            "outcome",
            "duration",
            "max_level",
            "war_size",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for s in &self.states {
            for f in ["side", "entry", "loss"] {
                cols.push(csv_field(&format!("{s}.{f}")));
            }
        }
        for p in &self.pacts {
            for f in ["invoked", "honoured", "declined", "conflicted"] {
                cols.push(csv_field(&format!("{p}.{f}")));
            }
        }
        for l in &self.links {
            cols.push(csv_field(&format!("{l}.cut_step")));
        }
        let mut line = cols.join(",").into_bytes();
        line.push(b'\n');
        line
    }

    /// Appends the line of trial `k` of variant number `variant` (in the
    /// order given to [`Records::new`]) to `out`.
    pub fn write(&self, variant: usize, k: u64, rec: &TrialOutcome, out: &mut Vec<u8>) {
        let v = &self.variants[variant];
        match self.format {
            Format::Csv => self.csv(v, k, rec, out),
            Format::Jsonl => self.jsonl(v, k, rec, out),
        }
    }

    fn csv(&self, v: &VariantCols, k: u64, rec: &TrialOutcome, out: &mut Vec<u8>) {
        let _ = write!(
            out,
            "{k},{},{},{},{},{}",
            v.name,
            rec.outcome.as_str(),
            rec.duration,
            rec.max_level,
            rec.war_size
        );
        for ix in &v.states {
            match ix.and_then(|i| rec.states.get(i)) {
                Some(s) => {
                    match s.side {
                        Some(side) => {
                            let _ = write!(out, ",{},{},", side.as_str(), s.entry_step);
                        }
                        None => out.extend_from_slice(b",,,"),
                    }
                    float(out, s.loss, false);
                }
                None => out.extend_from_slice(b",,,"),
            }
        }
        for ix in &v.pacts {
            match ix.and_then(|i| rec.pacts.get(i)) {
                Some(p) => {
                    let _ = write!(
                        out,
                        ",{},{},{},{}",
                        u8::from(p.invoked),
                        p.honoured,
                        p.declined,
                        p.conflicted
                    );
                }
                None => out.extend_from_slice(b",,,,"),
            }
        }
        for ix in &v.links {
            match ix.and_then(|i| rec.links.get(i)).and_then(|l| l.cut_step) {
                Some(step) => {
                    let _ = write!(out, ",{step}");
                }
                None => out.push(b','),
            }
        }
        out.push(b'\n');
    }

    fn jsonl(&self, v: &VariantCols, k: u64, rec: &TrialOutcome, out: &mut Vec<u8>) {
        let _ = write!(
            out,
            "{{\"trial\":{k},\"variant\":{},\"outcome\":\"{}\",\"duration\":{},\"max_level\":{},\"war_size\":{},\"states\":{{",
            v.name,
            rec.outcome.as_str(),
            rec.duration,
            rec.max_level,
            rec.war_size
        );
        let mut first = true;
        for (id, ix) in self.states.iter().zip(&v.states) {
            let Some(s) = ix.and_then(|i| rec.states.get(i)) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            let _ = write!(out, "{id}:{{\"side\":");
            match s.side {
                Some(side) => {
                    let _ = write!(out, "\"{}\",\"entry\":{}", side.as_str(), s.entry_step);
                }
                None => out.extend_from_slice(b"null,\"entry\":null"),
            }
            out.extend_from_slice(b",\"loss\":");
            float(out, s.loss, true);
            out.push(b'}');
        }
        out.extend_from_slice(b"},\"pacts\":{");
        let mut first = true;
        for (id, ix) in self.pacts.iter().zip(&v.pacts) {
            let Some(p) = ix.and_then(|i| rec.pacts.get(i)) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            let _ = write!(
                out,
                "{id}:{{\"invoked\":{},\"honoured\":{},\"declined\":{},\"conflicted\":{}}}",
                p.invoked, p.honoured, p.declined, p.conflicted
            );
        }
        out.extend_from_slice(b"},\"links\":{");
        let mut first = true;
        for (id, ix) in self.links.iter().zip(&v.links) {
            let Some(l) = ix.and_then(|i| rec.links.get(i)) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            match l.cut_step {
                Some(step) => {
                    let _ = write!(out, "{id}:{{\"cut_step\":{step}}}");
                }
                None => {
                    let _ = write!(out, "{id}:{{\"cut_step\":null}}");
                }
            }
        }
        out.extend_from_slice(b"}}\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use casus_core::rng::TrialRng;
    use casus_core::trial::Trial;

    #[test]
    fn jsonl_lines_are_json_and_csv_rows_match_the_header() {
        let s = casus_core::testing::duel();
        let mut trial = Trial::new(&s);
        let csv = Records::new(Format::Csv, &[("base", &s), ("a,b", &s)]);
        let json = Records::new(Format::Jsonl, &[("base", &s)]);
        let cols = String::from_utf8(csv.header()).unwrap().split(',').count();
        for k in 0..200 {
            let rec = trial.play(TrialRng::new(9, k), &mut ());
            let mut line = Vec::new();
            json.write(0, u64::from(k), rec, &mut line);
            let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
            assert_eq!(v["trial"], u64::from(k));
            assert!(v["states"].as_object().unwrap().len() == s.states.len());
            let mut row = Vec::new();
            csv.write(0, u64::from(k), rec, &mut row);
            let row = String::from_utf8(row).unwrap();
            assert_eq!(row.split(',').count(), cols, "{row}");
            let mut quoted = Vec::new();
            csv.write(1, u64::from(k), rec, &mut quoted);
            assert!(String::from_utf8(quoted).unwrap().contains(",\"a,b\","));
        }
    }
}
