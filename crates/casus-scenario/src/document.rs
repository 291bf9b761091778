//! A parsed scenario file: its run settings and every variant, validated.

use std::collections::HashSet;
use std::ops::Range;

use casus_core::model::Scenario;

use crate::diagnostic::{Problem, Sink};
use crate::limits::{MAX_TOTAL_AFFINITY_CELLS, MAX_TOTAL_ENTRIES};
use crate::path::{self, EntityKind};
use crate::tree::{self, Node, Table, Value};
use crate::validate;
use crate::variant::{self, Removals, SetOp, VariantDef};

/// The `[scenario]` table: what the file is and how to run it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    /// Display name; empty when the file gives none.
    pub name: String,
    /// Free text; empty when the file gives none.
    pub description: String,
    /// Number of trials to run, if the file fixes it.
    pub trials: Option<u64>,
    /// Master seed, if the file fixes it.
    pub seed: Option<u64>,
    /// Confidence level of reported intervals, in (0, 1), if the file fixes it.
    pub level: Option<f64>,
}

/// One variant of the scenario, validated: the base file (named `base`) or
/// a `[[variant]]` applied to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// `base`, or the `[[variant]]`'s `name`.
    pub name: String,
    /// The variant's `description` (the scenario's, for `base`).
    pub description: String,
    /// The world this variant simulates, ready for trials.
    pub scenario: Scenario,
}

/// A scenario file, read and validated: its settings and every variant.
///
/// ```
/// let src = r#"
/// [[state]]
/// id = "AAA"
/// power = 10
/// economy = 100
/// position = [30.0, 70.0]
///
/// [[state]]
/// id = "BBB"
/// power = { pert = [8, 10, 12] }
/// economy = 100
/// position = [30.0, 76.0]
///
/// [crisis]
/// challenger = "AAA"
/// target = "BBB"
/// theatre = [30.0, 76.0]
/// stakes = 0.5
///
/// [[variant]]
/// name = "strong-b"
/// set = { "state.BBB.power" = 20 }
/// "#;
/// let doc = casus_scenario::parse(src).unwrap();
/// assert_eq!(doc.variants[0].name, "base");
/// let base = &doc.variants[0].scenario;
/// assert_eq!(base.uncertain[0].path, "state.BBB.power");
/// assert_eq!(doc.variant("strong-b").unwrap().scenario.states[1].power, 20.0);
/// assert!(doc.variant("strong").unwrap_err().help.unwrap().contains("strong-b"));
///
/// // A sweep: the base with one number replaced, re-validated.
/// let swept = doc.with_set("base", "crisis.stakes", 0.8).unwrap();
/// assert_eq!(swept.crisis.stakes, 0.8);
/// assert!(doc.with_set("base", "crisis.stakes", 1.8).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Document {
    /// The `[scenario]` table.
    pub meta: Meta,
    /// `base` first, then the `[[variant]]`s in file order.
    pub variants: Vec<Variant>,
    /// The base file's tree, variants removed, entries named.
    base: Table,
    /// The `[[variant]]`s, in the order of `variants[1..]`.
    defs: Vec<VariantDef>,
}

impl Document {
    /// The variant called `name` (`base` for the base file).
    ///
    /// An unknown name is a problem whose help suggests the nearest name
    /// and lists them all.
    // A lookup fails once, at the command line: a large error is no cost,
    // and `Result<_, Problem>` reads like the rest of the API.
    #[allow(clippy::result_large_err)]
    pub fn variant(&self, name: &str) -> Result<&Variant, Problem> {
        if let Some(v) = self.variants.iter().find(|v| v.name == name) {
            return Ok(v);
        }
        let names: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
        let list = crate::suggest::listing(&names);
        let help = match crate::suggest::nearest(name, names.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? the variants are {list}"),
            None => format!("the variants are {list}"),
        };
        Err(Problem::whole_file(format!("unknown variant `{name}`")).help(help))
    }

    /// The scenario of `variant` with the number at `path` replaced by
    /// `value`, re-validated: one point of a parameter sweep.
    ///
    /// `path` has the syntax of a variant's `set` (MODEL.md §5.25), e.g.
    /// `state.PAK.power`, `model.intensity[1]`. The value replaces a
    /// distribution too, which then no longer appears among the uncertain
    /// inputs. Problems caused by the value have no place in the file and
    /// are marked [`Problem::whole_file`].
    pub fn with_set(
        &self,
        variant: &str,
        path: &str,
        value: f64,
    ) -> Result<Scenario, Vec<Problem>> {
        self.with_sets(variant, &[(path, value)])
    }

    /// Like [`Document::with_set`], with several numbers replaced at once
    /// (a point of a two-parameter grid).
    pub fn with_sets(&self, variant: &str, sets: &[(&str, f64)]) -> Result<Scenario, Vec<Problem>> {
        let v = self.variant(variant).map_err(|p| vec![p])?;
        let mut ops = Vec::with_capacity(sets.len());
        for &(path, value) in sets {
            let parsed = path::parse(path).map_err(|e| {
                vec![
                    Problem::whole_file(format!("cannot set `{path}`: {}", e.message))
                        .maybe_help(e.help),
                ]
            })?;
            ops.push(SetOp {
                path: parsed,
                text: path.to_owned(),
                span: 0..0,
                value: Node {
                    span: 0..0,
                    value: Value::Float(value),
                },
            });
        }
        let mut sink = Sink::new();
        let (mut tree, removed) = match self.defs.iter().find(|d| d.name == v.name) {
            Some(def) => variant::apply(&self.base, def, &mut sink),
            None => (self.base.clone(), Removals::default()),
        };
        variant::apply_sets(&mut tree, ops.iter(), &removed, &mut sink);
        let (scenario, _) = validate::scenario(&tree, &removed, &mut sink);
        match scenario {
            Some(s) if sink.len() == 0 => Ok(s),
            _ => {
                let what: Vec<String> = sets.iter().map(|(p, v)| format!("`{p} = {v}`")).collect();
                let note = format!("from setting {}", what.join(", "));
                Err(sink
                    .finish()
                    .into_iter()
                    .map(|p| {
                        if p.span == (0..0) {
                            Problem {
                                whole_file: true,
                                ..p
                            }
                            .note(note.clone())
                        } else {
                            p
                        }
                    })
                    .collect())
            }
        }
    }
}

/// Reads a scenario file and validates the base file and every variant.
///
/// Returns every problem of the file, in source order, or the document.
/// Never panics, whatever the input; inputs beyond [`crate::limits`] get a
/// problem naming the limit.
///
/// ```
/// let problems = casus_scenario::parse("[[state]]\nid = \"PAK\"\npowr = 1\n").unwrap_err();
/// let p = problems.iter().find(|p| p.message.contains("powr")).unwrap();
/// assert_eq!(p.help.as_deref(), Some("did you mean `power`?"));
/// ```
pub fn parse(src: &str) -> Result<Document, Vec<Problem>> {
    parse_checked(src).map_err(|mut problems| {
        for p in &mut problems {
            if p.message.contains("MAX_") || p.label.contains("MAX_") {
                p.notes.push(LIMIT_HELP.to_string());
            }
        }
        problems
    })
}

/// What a user can do about a limit (the constants of [`crate::limits`]).
const LIMIT_HELP: &str = "limits keep a hostile file from exhausting the machine; they are the \
     constants of crates/casus-scenario/src/limits.rs: split the scenario, or raise the \
     constant and rebuild";

fn parse_checked(src: &str) -> Result<Document, Vec<Problem>> {
    if let Some(p) = crate::guard::check(src) {
        return Err(vec![p]);
    }
    let parsed = match toml::de::DeTable::parse(src) {
        Ok(d) => d,
        Err(e) => return Err(vec![syntax_problem(&e)]),
    };
    let mut sink = Sink::new();
    let mut base = tree::from_toml(src, &parsed, &mut sink);
    drop(parsed);
    let variant_entry = base.remove("variant");
    for kind in ["event", "supply"] {
        if let Some(Value::Array(xs)) = base.get_mut(kind).map(|e| &mut e.value.value) {
            tree::name_entries(kind, xs, 0);
        }
    }

    let (base_scenario, meta) = validate::scenario(&base, &Removals::default(), &mut sink);
    let base_problems: HashSet<(Range<usize>, String)> = sink
        .problems
        .iter()
        .map(|p| (p.span.clone(), p.message.clone()))
        .collect();
    let meta = Meta {
        name: meta.name.map(|t| t.value).unwrap_or_default(),
        description: meta.description.map(|t| t.value).unwrap_or_default(),
        trials: meta.trials,
        seed: meta.seed,
        level: meta.level,
    };

    let defs = variant::read_defs(variant_entry.as_ref(), &mut sink);
    let (mut entries, states) = size(&base);
    let mut cells = states.saturating_mul(states);
    let mut variants = Vec::with_capacity(defs.len() + 1);
    if let Some(s) = base_scenario {
        variants.push(Variant {
            name: "base".to_owned(),
            description: meta.description.clone(),
            scenario: s,
        });
    }
    for def in &defs {
        let (tree, removed) = variant::apply(&base, def, &mut sink);
        let (e, n) = size(&tree);
        entries = entries.saturating_add(e);
        cells = cells.saturating_add(n.saturating_mul(n));
        if entries > MAX_TOTAL_ENTRIES || cells > MAX_TOTAL_AFFINITY_CELLS {
            sink.push(
                Problem::at(
                    def.name_span.clone(),
                    format!(
                        "variant `{}` makes the file too large to hold in memory",
                        def.name
                    ),
                )
                .label("this and later variants are not checked")
                .help(format!(
                    "summed over the base file and its variants, at most MAX_TOTAL_ENTRIES = \
                         {MAX_TOTAL_ENTRIES} entries and MAX_TOTAL_AFFINITY_CELLS = \
                         {MAX_TOTAL_AFFINITY_CELLS} state pairs"
                )),
            );
            break;
        }
        // The variant's tree repeats the base file's problems; report only
        // the new ones, once.
        let mut vsink = sink.fork();
        let (scenario, _) = validate::scenario(&tree, &removed, &mut vsink);
        sink.join(&vsink);
        for p in vsink.problems {
            if !base_problems.contains(&(p.span.clone(), p.message.clone())) {
                sink.push(p.note(format!("in variant `{}`", def.name)));
            }
        }
        if let Some(s) = scenario {
            variants.push(Variant {
                name: def.name.clone(),
                description: def.description.clone(),
                scenario: s,
            });
        }
    }

    if sink.len() > 0 {
        return Err(sink.finish());
    }
    Ok(Document {
        meta,
        variants,
        base,
        defs,
    })
}

/// Entries and states of a tree, for the budgets of [`crate::limits`].
fn size(t: &Table) -> (usize, usize) {
    let mut entries = 0usize;
    let mut states = 0usize;
    for kind in EntityKind::ALL {
        if let Some(Value::Array(xs)) = t.get(kind.key()).map(|e| &e.value.value) {
            entries += xs.len();
            if kind == EntityKind::State {
                states = xs.len();
            }
        }
    }
    (entries, states)
}

/// A TOML syntax error: one problem at its place.
fn syntax_problem(e: &toml::de::Error) -> Problem {
    let msg = e
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_owned();
    let p = match e.span() {
        Some(span) => Problem::at(span, format!("TOML syntax: {msg}")).label("here"),
        None => Problem::whole_file(format!("TOML syntax: {msg}")),
    };
    if msg == "duplicate key" {
        p.label("this key is already defined in this table")
    } else {
        p
    }
}
