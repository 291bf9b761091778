//! The file schema: one struct per table of MODEL.md §1 and §5.17, holding
//! what the author wrote, typed, with spans, ids still as strings.
//!
//! Reading a [`Table`] into these structs checks everything that a table can
//! show on its own: unknown keys, types, missing required fields,
//! distribution parameters, enum values, id syntax, and which event fields
//! go with which kind. Whatever needs the whole file (ids resolving, ranges
//! by slot, duplicates, shares) is [`crate::validate`]'s job. A field that
//! is missing or unreadable is `None` here and has already been reported,
//! so later stages skip it silently.

use casus_core::distribution::Distribution;
use casus_core::model::{EmbargoWhen, LinkKind, PactKind, Regime, StepUnit, Support};
use casus_core::uncertain::CONSTANTS;

use crate::diagnostic::{Problem, Sink};
use crate::limits::{
    MAX_CHOKEPOINTS, MAX_DESCRIPTION_BYTES, MAX_EVENTS, MAX_LINKS, MAX_MEMBERS, MAX_NAME_BYTES,
    MAX_PACTS, MAX_RELATIONS, MAX_STATES, MAX_TRIALS,
};
use crate::suggest::one_of;
use crate::tree::{Entry, Node, Span, Table, Value};

/// The top-level tables (§5.17).
pub(crate) const TOP_LEVEL: &[&str] = &[
    "scenario",
    "state",
    "relation",
    "pact",
    "supply",
    "chokepoint",
    "crisis",
    "event",
    "variant",
    "model",
];
pub(crate) const SCENARIO_FIELDS: &[&str] = &["name", "description", "trials", "seed", "level"];
pub(crate) const STATE_FIELDS: &[&str] = &[
    "id",
    "name",
    "power",
    "economy",
    "position",
    "reach",
    "resolve",
    "stockpile",
    "nuclear",
];
pub(crate) const NUCLEAR_FIELDS: &[&str] = &["warheads", "threshold"];
pub(crate) const RELATION_FIELDS: &[&str] = &["a", "b", "affinity"];
pub(crate) const PACT_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "members",
    "reliability",
    "defensive_only",
    "adversaries",
    "support",
    "contributions",
    "nuclear_umbrella",
];
pub(crate) const SUPPLY_FIELDS: &[&str] = &[
    "id", "from", "to", "kind", "share", "via", "licence", "embargo",
];
pub(crate) const EMBARGO_FIELDS: &[&str] = &["when", "p"];
pub(crate) const CHOKEPOINT_FIELDS: &[&str] = &["id", "name", "controller", "regime"];
pub(crate) const CRISIS_FIELDS: &[&str] = &[
    "challenger",
    "target",
    "theatre",
    "stakes",
    "horizon",
    "step",
    "assume_attack",
];
pub(crate) const EVENT_FIELDS: &[&str] =
    &["id", "at", "p", "kind", "link", "state", "pact", "strength"];
/// The distribution names of §1, "Uncertain inputs".
pub(crate) const DISTRIBUTIONS: &[&str] = &[
    "normal",
    "lognormal",
    "uniform",
    "triangular",
    "beta",
    "pert",
];

/// The `[model]` keys: every constant of MODEL.md §3 by name, `intensity`
/// once for its three elements.
pub(crate) fn model_fields() -> impl Iterator<Item = &'static str> {
    CONSTANTS.iter().filter_map(|(n, _)| match *n {
        "intensity[0]" => Some("intensity"),
        n if n.contains('[') => None,
        n => Some(n),
    })
}

pub(crate) const PACT_KINDS: &[(&str, PactKind)] = &[
    ("defense", PactKind::Defense),
    ("offense", PactKind::Offense),
    ("neutrality", PactKind::Neutrality),
    ("nonaggression", PactKind::Nonaggression),
    ("consultation", PactKind::Consultation),
];
pub(crate) const SUPPORTS: &[(&str, Support)] = &[
    ("full", Support::Full),
    ("arms", Support::Arms),
    ("finance", Support::Finance),
];
pub(crate) const LINK_KINDS: &[(&str, LinkKind)] = &[
    ("arms", LinkKind::Arms),
    ("munitions", LinkKind::Munitions),
    ("components", LinkKind::Components),
    ("energy", LinkKind::Energy),
    ("finance", LinkKind::Finance),
];
pub(crate) const EMBARGO_WHENS: &[(&str, EmbargoWhen)] = &[
    ("never", EmbargoWhen::Never),
    ("if-initiator", EmbargoWhen::IfInitiator),
    ("if-belligerent", EmbargoWhen::IfBelligerent),
    ("if-hostile", EmbargoWhen::IfHostile),
];
pub(crate) const REGIMES: &[(&str, Regime)] = &[("montreux", Regime::Montreux)];
pub(crate) const STEPS: &[(&str, StepUnit)] = &[
    ("day", StepUnit::Day),
    ("week", StepUnit::Week),
    ("month", StepUnit::Month),
    ("year", StepUnit::Year),
];

/// What an event does (§1, "The crisis").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventKind {
    Embargo,
    Lift,
    Accession,
    Exit,
    CeasefireOffer,
}

pub(crate) const EVENT_KINDS: &[(&str, EventKind)] = &[
    ("embargo", EventKind::Embargo),
    ("lift", EventKind::Lift),
    ("accession", EventKind::Accession),
    ("exit", EventKind::Exit),
    ("ceasefire-offer", EventKind::CeasefireOffer),
];

impl EventKind {
    /// The fields this kind needs, besides `at`/`p`, `kind` and `id`.
    pub(crate) fn needs(self) -> &'static [&'static str] {
        match self {
            EventKind::Embargo | EventKind::Lift => &["link"],
            EventKind::Accession | EventKind::Exit => &["state", "pact"],
            EventKind::CeasefireOffer => &["strength"],
        }
    }

    fn name(self) -> &'static str {
        EVENT_KINDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }
}

/// A string and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Text {
    pub(crate) value: String,
    pub(crate) span: Span,
    /// Filled in by [`crate::tree::name_entries`], not written by the author.
    pub(crate) synthetic: bool,
}

/// An enum value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Choice<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// A boolean and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Flag {
    pub(crate) value: bool,
    pub(crate) span: Span,
}

/// A number, or a distribution standing for one (§1, "Uncertain inputs").
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Num {
    /// The number as written (unused when `dist` is set).
    pub(crate) fixed: f64,
    pub(crate) dist: Option<Distribution>,
    pub(crate) span: Span,
    /// Reading order, which is file order: uncertain inputs are listed in it.
    pub(crate) seq: u32,
}

impl Num {
    /// The number, or the distribution's mean (§5.20: the share check).
    pub(crate) fn mean(&self) -> f64 {
        self.dist.map_or(self.fixed, |d| d.mean())
    }
}

/// `[lat, lon]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Point {
    pub(crate) lat: Num,
    pub(crate) lon: Num,
}

/// A list of ids (`members`, `adversaries`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ids {
    pub(crate) items: Vec<Text>,
    pub(crate) span: Span,
}

/// `[scenario]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileMeta {
    pub(crate) name: Option<Text>,
    pub(crate) description: Option<Text>,
    pub(crate) trials: Option<u64>,
    pub(crate) seed: Option<u64>,
    pub(crate) level: Option<f64>,
}

/// `[[state]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileState {
    pub(crate) header: Span,
    pub(crate) id: Option<Text>,
    pub(crate) name: Option<Text>,
    pub(crate) power: Option<Num>,
    pub(crate) economy: Option<Num>,
    pub(crate) position: Option<Point>,
    pub(crate) reach: Option<Num>,
    pub(crate) resolve: Option<Num>,
    pub(crate) stockpile: Option<Num>,
    pub(crate) nuclear: Option<FileNuclear>,
}

/// A state's `nuclear = { warheads, threshold }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileNuclear {
    pub(crate) warheads: Option<Num>,
    pub(crate) threshold: Option<Num>,
}

/// `[[relation]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileRelation {
    pub(crate) header: Span,
    pub(crate) a: Option<Text>,
    pub(crate) b: Option<Text>,
    pub(crate) affinity: Option<Num>,
}

/// `[[pact]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FilePact {
    pub(crate) header: Span,
    pub(crate) id: Option<Text>,
    pub(crate) name: Option<Text>,
    pub(crate) kind: Option<Choice<PactKind>>,
    pub(crate) members: Option<Ids>,
    pub(crate) reliability: Option<Num>,
    pub(crate) defensive_only: Option<Flag>,
    pub(crate) adversaries: Option<Ids>,
    pub(crate) support: Option<Choice<Support>>,
    /// Member id (the key) and its support.
    pub(crate) contributions: Vec<(Text, Choice<Support>)>,
    pub(crate) nuclear_umbrella: Option<Flag>,
}

/// `[[supply]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileLink {
    pub(crate) header: Span,
    pub(crate) id: Option<Text>,
    pub(crate) from: Option<Text>,
    pub(crate) to: Option<Text>,
    pub(crate) kind: Option<Choice<LinkKind>>,
    pub(crate) share: Option<Num>,
    pub(crate) via: Option<Text>,
    pub(crate) licence: Option<Text>,
    pub(crate) when: Option<Choice<EmbargoWhen>>,
    pub(crate) p: Option<Num>,
}

/// `[[chokepoint]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileChokepoint {
    pub(crate) header: Span,
    pub(crate) id: Option<Text>,
    pub(crate) name: Option<Text>,
    pub(crate) controller: Option<Text>,
    pub(crate) regime: Option<Choice<Regime>>,
}

/// `[crisis]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileCrisis {
    pub(crate) header: Span,
    pub(crate) challenger: Option<Text>,
    pub(crate) target: Option<Text>,
    pub(crate) theatre: Option<Point>,
    pub(crate) stakes: Option<Num>,
    pub(crate) horizon: Option<Num>,
    pub(crate) step: Option<Choice<StepUnit>>,
    pub(crate) assume_attack: Option<Flag>,
}

/// `[[event]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileEvent {
    pub(crate) header: Span,
    pub(crate) id: Option<Text>,
    pub(crate) at: Option<Num>,
    pub(crate) p: Option<Num>,
    pub(crate) kind: Option<Choice<EventKind>>,
    pub(crate) link: Option<Text>,
    pub(crate) state: Option<Text>,
    pub(crate) pact: Option<Text>,
    pub(crate) strength: Option<Num>,
}

/// The whole file, variants aside.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FileScenario {
    pub(crate) meta: FileMeta,
    pub(crate) states: Vec<FileState>,
    pub(crate) relations: Vec<FileRelation>,
    pub(crate) pacts: Vec<FilePact>,
    pub(crate) links: Vec<FileLink>,
    pub(crate) chokepoints: Vec<FileChokepoint>,
    pub(crate) crisis: Option<FileCrisis>,
    pub(crate) events: Vec<FileEvent>,
    /// Index in [`CONSTANTS`] and value.
    pub(crate) model: Vec<(usize, Num)>,
}

/// Which id syntax applies (§1 for states, §5.18 for the rest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdKind {
    State,
    Other,
}

/// `[A-Z][A-Z0-9_]{1,15}`.
pub(crate) fn is_state_id(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=16).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
}

/// `[A-Za-z0-9][A-Za-z0-9_-]{0,63}`.
pub(crate) fn is_other_id(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=64).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

/// Reads tables into the schema, reporting what is wrong in each.
pub(crate) struct Reader<'s> {
    pub(crate) sink: &'s mut Sink,
    seq: u32,
}

impl<'s> Reader<'s> {
    pub(crate) fn new(sink: &'s mut Sink) -> Self {
        Reader { sink, seq: 0 }
    }

    /// An unknown key, with the nearest known one as a hint.
    pub(crate) fn unknown(&mut self, e: &Entry, what: &str, known: &[&str]) {
        let help = self
            .sink
            .did_you_mean(&e.key, known.iter().copied())
            .unwrap_or_else(|| format!("the keys of {what} are {}", one_of(known)));
        self.sink.push(
            Problem::at(
                e.key_span.clone(),
                format!("unknown key `{}` in {what}", e.key),
            )
            .label(format!("not a key of {what}"))
            .help(help),
        );
    }

    /// Reports each of `required` that `t` lacks, at `header`.
    pub(crate) fn require(&mut self, t: &Table, header: &Span, what: &str, required: &[&str]) {
        for key in required {
            if t.get(key).is_none() {
                self.sink.push(
                    Problem::at(header.clone(), format!("missing `{key}` in {what}"))
                        .label(format!("{what} needs `{key}`")),
                );
            }
        }
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &str) {
        let p = if looks_like_distribution(node) {
            Problem::at(
                node.span.clone(),
                format!("`{key}` cannot be a distribution"),
            )
            .label(format!("expected {expected}"))
            .help("only numeric fields may be drawn per trial")
        } else {
            Problem::at(
                node.span.clone(),
                format!(
                    "expected {expected} for `{key}`, found {}",
                    node.value.type_name()
                ),
            )
            .label(format!("expected {expected}"))
        };
        self.sink.push(p);
    }

    pub(crate) fn text(&mut self, e: &Entry) -> Option<Text> {
        self.text_node(&e.value, &e.key, e.synthetic)
    }

    fn text_node(&mut self, node: &Node, key: &str, synthetic: bool) -> Option<Text> {
        match &node.value {
            Value::String(s) => Some(Text {
                value: s.clone(),
                span: node.span.clone(),
                synthetic,
            }),
            _ => {
                self.wrong_type(node, key, "a string");
                None
            }
        }
    }

    /// A string of at most `max` bytes.
    pub(crate) fn bounded_text(&mut self, e: &Entry, max: usize, limit: &str) -> Option<Text> {
        let t = self.text(e)?;
        if t.value.len() > max {
            self.sink.push(
                Problem::at(
                    t.span,
                    format!("`{}` is {} bytes long", e.key, t.value.len()),
                )
                .label(format!("limit {limit} = {max}")),
            );
            return None;
        }
        Some(t)
    }

    fn name(&mut self, e: &Entry) -> Option<Text> {
        self.bounded_text(e, MAX_NAME_BYTES, "MAX_NAME_BYTES")
    }

    /// An id, with its syntax checked (§1, §5.18). An id of the wrong
    /// syntax is reported but still returned: references spelt the same way
    /// then resolve instead of cascading into "unknown id" problems.
    pub(crate) fn id(&mut self, e: &Entry, kind: IdKind) -> Option<Text> {
        let t = self.text(e)?;
        if t.synthetic {
            return Some(t);
        }
        match kind {
            IdKind::State if !is_state_id(&t.value) => {
                let upper = t.value.to_ascii_uppercase();
                let help = if is_state_id(&upper) {
                    format!("did you mean `{upper}`?")
                } else {
                    "a state id is an upper-case letter followed by 1 to 15 upper-case \
                     letters, digits or `_`, e.g. an ISO-3 code like `PAK`"
                        .to_owned()
                };
                self.sink.push(
                    Problem::at(t.span.clone(), format!("invalid state id `{}`", t.value))
                        .label("expected an id like `PAK`")
                        .help(help),
                );
                Some(t)
            }
            IdKind::Other if !is_other_id(&t.value) => {
                self.sink.push(
                    Problem::at(t.span.clone(), format!("invalid id `{}`", t.value))
                        .label("expected 1 to 64 letters, digits, `_` or `-`")
                        .help(
                            "an id starts with a letter or digit, then letters, digits, `_` or \
                             `-` (no dots: paths split on dots)",
                        ),
                );
                Some(t)
            }
            _ => Some(t),
        }
    }

    pub(crate) fn flag(&mut self, e: &Entry) -> Option<Flag> {
        match e.value.value {
            Value::Boolean(b) => Some(Flag {
                value: b,
                span: e.value.span.clone(),
            }),
            _ => {
                self.wrong_type(&e.value, &e.key, "`true` or `false`");
                None
            }
        }
    }

    /// One of `options`, listed in the message when the value is not one.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        e: &Entry,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<Choice<T>> {
        self.choice_node(&e.value, &e.key, what, options)
    }

    fn choice_node<T: Copy>(
        &mut self,
        node: &Node,
        key: &str,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<Choice<T>> {
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let expected = format!("one of {}", one_of(&names));
        let Value::String(s) = &node.value else {
            self.wrong_type(node, key, &expected);
            return None;
        };
        if let Some((_, v)) = options.iter().find(|(n, _)| n == s) {
            return Some(Choice {
                value: *v,
                span: node.span.clone(),
            });
        }
        // The message lists the accepted values; the help adds the nearest.
        let help = self.sink.did_you_mean(s, names.iter().copied());
        self.sink.push(
            Problem::at(
                node.span.clone(),
                format!("unknown {what} `{s}`, expected {expected}"),
            )
            .label(format!("not a {what}"))
            .maybe_help(help),
        );
        None
    }

    /// A number or a distribution.
    pub(crate) fn num(&mut self, e: &Entry) -> Option<Num> {
        self.num_node(&e.value, &e.key)
    }

    fn num_node(&mut self, node: &Node, key: &str) -> Option<Num> {
        let fixed = match &node.value {
            Value::Integer(i) => *i as f64,
            Value::Float(x) => *x,
            Value::Table(t) => {
                let dist = self.distribution(node, t)?;
                self.seq += 1;
                return Some(Num {
                    fixed: f64::NAN,
                    dist: Some(dist),
                    span: node.span.clone(),
                    seq: self.seq,
                });
            }
            _ => {
                self.wrong_type(node, key, "a number or a distribution");
                return None;
            }
        };
        self.seq += 1;
        Some(Num {
            fixed,
            dist: None,
            span: node.span.clone(),
            seq: self.seq,
        })
    }

    /// `{ name = [numbers] }`, checked by the core's
    /// [`Distribution::from_parts`] so that the rules live in one place.
    fn distribution(&mut self, node: &Node, t: &Table) -> Option<Distribution> {
        let example =
            "a distribution is one key and its parameters, e.g. `{ normal = [mean, sd] }`";
        let [e] = t.entries.as_slice() else {
            self.sink.push(
                Problem::at(
                    node.span.clone(),
                    format!(
                        "a distribution has exactly one key, found {}",
                        t.entries.len()
                    ),
                )
                .label(format!("expected one of {}", one_of(DISTRIBUTIONS)))
                .help(example),
            );
            return None;
        };
        if !DISTRIBUTIONS.contains(&e.key.as_str()) {
            let help = self
                .sink
                .did_you_mean(&e.key, DISTRIBUTIONS.iter().copied())
                .unwrap_or_else(|| format!("the distributions are {}", one_of(DISTRIBUTIONS)));
            self.sink.push(
                Problem::at(
                    e.key_span.clone(),
                    format!("unknown distribution `{}`", e.key),
                )
                .label(format!("expected one of {}", one_of(DISTRIBUTIONS)))
                .help(help),
            );
            return None;
        }
        let params: Option<Vec<f64>> = match &e.value.value {
            Value::Array(xs) => xs
                .iter()
                .map(|x| match x.value {
                    Value::Integer(i) => Some(i as f64),
                    Value::Float(f) => Some(f),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let Some(params) = params else {
            self.sink.push(
                Problem::at(
                    e.value.span.clone(),
                    format!("`{}` takes an array of numbers", e.key),
                )
                .label("expected an array of numbers")
                .help(example),
            );
            return None;
        };
        match Distribution::from_parts(&e.key, &params) {
            Ok(d) => Some(d),
            Err(msg) => {
                self.sink.push(
                    Problem::at(node.span.clone(), format!("invalid distribution: {msg}")).label(
                        format!("expected `{{ {} = {} }}`", e.key, parameters(&e.key)),
                    ),
                );
                None
            }
        }
    }

    /// An array of exactly `n` numbers or distributions.
    pub(crate) fn nums(&mut self, e: &Entry, n: usize, shape: &str) -> Option<Vec<Num>> {
        let Value::Array(xs) = &e.value.value else {
            self.wrong_type(&e.value, &e.key, &format!("an array {shape}"));
            return None;
        };
        if xs.len() != n {
            self.sink.push(
                Problem::at(
                    e.value.span.clone(),
                    format!("`{}` has {} elements, expected {n}", e.key, xs.len()),
                )
                .label(format!("expected {shape}")),
            );
            return None;
        }
        let out: Vec<Option<Num>> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| self.num_node(x, &format!("{}[{i}]", e.key)))
            .collect();
        out.into_iter().collect()
    }

    pub(crate) fn point(&mut self, e: &Entry) -> Option<Point> {
        let mut v = self.nums(e, 2, "`[lat, lon]` in degrees")?;
        let lon = v.pop()?;
        let lat = v.pop()?;
        Some(Point { lat, lon })
    }

    /// An array of ids.
    pub(crate) fn ids(&mut self, e: &Entry) -> Option<Ids> {
        let Value::Array(xs) = &e.value.value else {
            self.wrong_type(&e.value, &e.key, "an array of state ids");
            return None;
        };
        if xs.len() > MAX_MEMBERS {
            self.sink.push(
                Problem::at(
                    e.value.span.clone(),
                    format!("`{}` lists {} states", e.key, xs.len()),
                )
                .label(format!("limit MAX_MEMBERS = {MAX_MEMBERS}")),
            );
            return None;
        }
        let items: Vec<Option<Text>> = xs
            .iter()
            .map(|x| self.text_node(x, &e.key, false))
            .collect();
        Some(Ids {
            items: items.into_iter().flatten().collect(),
            span: e.value.span.clone(),
        })
    }

    /// A sub-table.
    pub(crate) fn table<'t>(&mut self, e: &'t Entry, expected: &str) -> Option<&'t Table> {
        match &e.value.value {
            Value::Table(t) => Some(t),
            _ => {
                self.wrong_type(&e.value, &e.key, expected);
                None
            }
        }
    }

    /// The elements of an array of tables, at most `max` of them.
    pub(crate) fn array_of_tables<'t>(
        &mut self,
        e: &'t Entry,
        max: usize,
        limit: &str,
    ) -> Vec<(&'t Table, Span)> {
        let key = &e.key;
        let xs = match &e.value.value {
            Value::Array(xs) => xs,
            Value::Table(_) => {
                self.sink.push(
                    Problem::at(
                        e.value.span.clone(),
                        format!("`{key}` must be an array of tables"),
                    )
                    .label(format!("expected `[[{key}]]`"))
                    .help(format!(
                        "write `[[{key}]]` (double brackets) for each {key}"
                    )),
                );
                return Vec::new();
            }
            _ => {
                self.wrong_type(&e.value, key, &format!("`[[{key}]]` tables"));
                return Vec::new();
            }
        };
        if xs.len() > max {
            self.sink.push(
                Problem::at(
                    xs[max].span.clone(),
                    format!("too many `{key}` entries: {}", xs.len()),
                )
                .label(format!("limit {limit} = {max}")),
            );
        }
        let mut out = Vec::new();
        for x in xs.iter().take(max) {
            match &x.value {
                Value::Table(t) => out.push((t, x.span.clone())),
                _ => self.wrong_type(x, key, "a table"),
            }
        }
        out
    }
}

/// The parameters a distribution takes, for messages.
fn parameters(name: &str) -> &'static str {
    match name {
        "normal" => "[mean, sd]",
        "lognormal" => "[median, sigma]",
        "uniform" => "[lo, hi]",
        "beta" => "[a, b]",
        _ => "[lo, mode, hi]",
    }
}

/// "a" or "an", for "an `embargo` event".
fn a(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A table with a single distribution-name key: the author meant a
/// distribution (used to say so when one sits where none may).
pub(crate) fn looks_like_distribution(node: &Node) -> bool {
    matches!(&node.value, Value::Table(t)
        if t.entries.len() == 1 && DISTRIBUTIONS.contains(&t.entries[0].key.as_str()))
}

/// Reads the whole tree (without `variant`, which [`crate::variant`] reads).
pub(crate) fn read(root: &Table, sink: &mut Sink) -> FileScenario {
    let mut r = Reader::new(sink);
    let mut f = FileScenario::default();
    for e in &root.entries {
        match e.key.as_str() {
            "scenario" => {
                if let Some(t) = single_table(&mut r, e) {
                    f.meta = read_meta(&mut r, t);
                }
            }
            "state" => {
                for (t, h) in r.array_of_tables(e, MAX_STATES, "MAX_STATES") {
                    f.states.push(read_state(&mut r, t, h));
                }
            }
            "relation" => {
                for (t, h) in r.array_of_tables(e, MAX_RELATIONS, "MAX_RELATIONS") {
                    f.relations.push(read_relation(&mut r, t, h));
                }
            }
            "pact" => {
                for (t, h) in r.array_of_tables(e, MAX_PACTS, "MAX_PACTS") {
                    f.pacts.push(read_pact(&mut r, t, h));
                }
            }
            "supply" => {
                for (t, h) in r.array_of_tables(e, MAX_LINKS, "MAX_LINKS") {
                    f.links.push(read_link(&mut r, t, h));
                }
            }
            "chokepoint" => {
                for (t, h) in r.array_of_tables(e, MAX_CHOKEPOINTS, "MAX_CHOKEPOINTS") {
                    f.chokepoints.push(read_chokepoint(&mut r, t, h));
                }
            }
            "crisis" => {
                if let Some(t) = single_table(&mut r, e) {
                    f.crisis = Some(read_crisis(&mut r, t, e.value.span.clone()));
                }
            }
            "event" => {
                for (t, h) in r.array_of_tables(e, MAX_EVENTS, "MAX_EVENTS") {
                    f.events.push(read_event(&mut r, t, h));
                }
            }
            "model" => {
                if let Some(t) = single_table(&mut r, e) {
                    f.model = read_model(&mut r, t);
                }
            }
            "variant" => {}
            _ => r.unknown(e, "a scenario file", TOP_LEVEL),
        }
    }
    f
}

/// `[scenario]`, `[crisis]`, `[model]`: one table, not an array of them.
fn single_table<'t>(r: &mut Reader<'_>, e: &'t Entry) -> Option<&'t Table> {
    match &e.value.value {
        Value::Table(t) => Some(t),
        Value::Array(_) => {
            r.sink.push(
                Problem::at(
                    e.value.span.clone(),
                    format!("`{}` must be a single table", e.key),
                )
                .label(format!("expected one `[{}]`", e.key))
                .help(format!("write `[{}]` (single brackets), once", e.key)),
            );
            None
        }
        _ => r.table(e, "a table"),
    }
}

fn read_meta(r: &mut Reader<'_>, t: &Table) -> FileMeta {
    let mut m = FileMeta::default();
    for e in &t.entries {
        match e.key.as_str() {
            "name" => m.name = r.name(e),
            "description" => {
                m.description = r.bounded_text(e, MAX_DESCRIPTION_BYTES, "MAX_DESCRIPTION_BYTES")
            }
            "trials" => {
                m.trials = setting_integer(
                    r,
                    e,
                    1..=MAX_TRIALS,
                    // Not a limit one can raise (no "MAX_" note): the random
                    // streams key a trial's index in 32 bits.
                    "between 1 and 4294967295 (a trial's index keys its random streams in 32 bits)",
                )
            }
            "seed" => m.seed = setting_integer(r, e, 0..=u64::MAX, "a whole number ≥ 0"),
            "level" => m.level = level(r, e),
            _ => r.unknown(e, "`[scenario]`", SCENARIO_FIELDS),
        }
    }
    m
}

/// A run setting (`trials`, `seed`): a plain integer in `range`, never a
/// distribution.
fn setting_integer(
    r: &mut Reader<'_>,
    e: &Entry,
    range: std::ops::RangeInclusive<u64>,
    expected: &str,
) -> Option<u64> {
    match e.value.value {
        Value::Integer(i) if u64::try_from(i).is_ok_and(|v| range.contains(&v)) => {
            u64::try_from(i).ok()
        }
        Value::Integer(i) => {
            r.sink.push(
                Problem::at(
                    e.value.span.clone(),
                    format!("`{}` must be {expected}, got {i}", e.key),
                )
                .label(format!("expected {expected}")),
            );
            None
        }
        _ if looks_like_distribution(&e.value) => {
            r.sink.push(
                Problem::at(e.value.span.clone(), format!("`{}` cannot be a distribution", e.key))
                    .label("expected an integer")
                    .help("run settings are fixed for the whole run; only model inputs are drawn per trial"),
            );
            None
        }
        _ => {
            r.wrong_type(&e.value, &e.key, "an integer");
            None
        }
    }
}

/// `level`: the confidence level of reported intervals, in (0, 1).
fn level(r: &mut Reader<'_>, e: &Entry) -> Option<f64> {
    let x = match e.value.value {
        Value::Float(x) => x,
        Value::Integer(i) => i as f64,
        _ if looks_like_distribution(&e.value) => {
            r.sink.push(
                Problem::at(e.value.span.clone(), "`level` cannot be a distribution")
                    .label("expected a number between 0 and 1")
                    .help("run settings are fixed for the whole run; only model inputs are drawn per trial"),
            );
            return None;
        }
        _ => {
            r.wrong_type(&e.value, &e.key, "a number between 0 and 1");
            return None;
        }
    };
    if x > 0.0 && x < 1.0 {
        Some(x)
    } else {
        r.sink.push(
            Problem::at(
                e.value.span.clone(),
                format!("`level` must be strictly between 0 and 1, got {x}"),
            )
            .label("expected e.g. 0.95")
            .help("`level` is the confidence level of the reported intervals"),
        );
        None
    }
}

fn read_state(r: &mut Reader<'_>, t: &Table, header: Span) -> FileState {
    let mut s = FileState {
        header: header.clone(),
        ..FileState::default()
    };
    for e in &t.entries {
        match e.key.as_str() {
            "id" => s.id = r.id(e, IdKind::State),
            "name" => s.name = r.name(e),
            "power" => s.power = r.num(e),
            "economy" => s.economy = r.num(e),
            "position" => s.position = r.point(e),
            "reach" => s.reach = r.num(e),
            "resolve" => s.resolve = r.num(e),
            "stockpile" => s.stockpile = r.num(e),
            "nuclear" => {
                if let Some(n) = r.table(e, "a table `{ warheads = N, threshold = 0..1 }`") {
                    s.nuclear = Some(read_nuclear(r, n, &e.value.span));
                }
            }
            _ => r.unknown(e, "a state", STATE_FIELDS),
        }
    }
    r.require(
        t,
        &header,
        "a state",
        &["id", "power", "economy", "position"],
    );
    s
}

fn read_nuclear(r: &mut Reader<'_>, t: &Table, span: &Span) -> FileNuclear {
    let mut n = FileNuclear::default();
    for e in &t.entries {
        match e.key.as_str() {
            "warheads" => n.warheads = r.num(e),
            "threshold" => n.threshold = r.num(e),
            _ => r.unknown(e, "`nuclear`", NUCLEAR_FIELDS),
        }
    }
    r.require(t, span, "`nuclear`", NUCLEAR_FIELDS);
    n
}

fn read_relation(r: &mut Reader<'_>, t: &Table, header: Span) -> FileRelation {
    let mut rel = FileRelation {
        header: header.clone(),
        ..FileRelation::default()
    };
    for e in &t.entries {
        match e.key.as_str() {
            "a" => rel.a = r.text(e),
            "b" => rel.b = r.text(e),
            "affinity" => rel.affinity = r.num(e),
            _ => r.unknown(e, "a relation", RELATION_FIELDS),
        }
    }
    r.require(t, &header, "a relation", RELATION_FIELDS);
    rel
}

fn read_pact(r: &mut Reader<'_>, t: &Table, header: Span) -> FilePact {
    let mut p = FilePact {
        header: header.clone(),
        ..FilePact::default()
    };
    for e in &t.entries {
        match e.key.as_str() {
            "id" => p.id = r.id(e, IdKind::Other),
            "name" => p.name = r.name(e),
            "kind" => p.kind = r.choice(e, "pact kind", PACT_KINDS),
            "members" => p.members = r.ids(e),
            "reliability" => p.reliability = r.num(e),
            "defensive_only" => p.defensive_only = r.flag(e),
            "adversaries" => p.adversaries = r.ids(e),
            "support" => p.support = r.choice(e, "support", SUPPORTS),
            "contributions" => {
                let Some(c) = r.table(
                    e,
                    "a table of member = support, e.g. `{ SAU = \"finance\" }`",
                ) else {
                    continue;
                };
                if c.entries.len() > MAX_MEMBERS {
                    r.sink.push(
                        Problem::at(e.value.span.clone(), "too many contributions")
                            .label(format!("limit MAX_MEMBERS = {MAX_MEMBERS}")),
                    );
                    continue;
                }
                for m in &c.entries {
                    if let Some(s) = r.choice(m, "support", SUPPORTS) {
                        let member = Text {
                            value: m.key.clone(),
                            span: m.key_span.clone(),
                            synthetic: false,
                        };
                        p.contributions.push((member, s));
                    }
                }
            }
            "nuclear_umbrella" => p.nuclear_umbrella = r.flag(e),
            _ => r.unknown(e, "a pact", PACT_FIELDS),
        }
    }
    r.require(t, &header, "a pact", &["id", "kind", "members"]);
    p
}

fn read_link(r: &mut Reader<'_>, t: &Table, header: Span) -> FileLink {
    let mut l = FileLink {
        header: header.clone(),
        ..FileLink::default()
    };
    for e in &t.entries {
        match e.key.as_str() {
            "id" => l.id = r.id(e, IdKind::Other),
            "from" => l.from = r.text(e),
            "to" => l.to = r.text(e),
            "kind" => l.kind = r.choice(e, "supply kind", LINK_KINDS),
            "share" => l.share = r.num(e),
            "via" => l.via = r.text(e),
            "licence" => l.licence = r.text(e),
            "embargo" => {
                let Some(emb) = r.table(e, "a table `{ when = \"if-hostile\", p = 1.0 }`") else {
                    continue;
                };
                // A partial table takes the missing field's default (§5.21).
                for x in &emb.entries {
                    match x.key.as_str() {
                        "when" => l.when = r.choice(x, "embargo rule", EMBARGO_WHENS),
                        "p" => l.p = r.num(x),
                        _ => r.unknown(x, "`embargo`", EMBARGO_FIELDS),
                    }
                }
            }
            _ => r.unknown(e, "a supply link", SUPPLY_FIELDS),
        }
    }
    r.require(
        t,
        &header,
        "a supply link",
        &["from", "to", "kind", "share"],
    );
    l
}

fn read_chokepoint(r: &mut Reader<'_>, t: &Table, header: Span) -> FileChokepoint {
    let mut c = FileChokepoint {
        header: header.clone(),
        ..FileChokepoint::default()
    };
    for e in &t.entries {
        match e.key.as_str() {
            "id" => c.id = r.id(e, IdKind::Other),
            "name" => c.name = r.name(e),
            "controller" => c.controller = r.text(e),
            "regime" => c.regime = r.choice(e, "chokepoint regime", REGIMES),
            _ => r.unknown(e, "a chokepoint", CHOKEPOINT_FIELDS),
        }
    }
    r.require(t, &header, "a chokepoint", &["id", "controller"]);
    c
}

fn read_crisis(r: &mut Reader<'_>, t: &Table, header: Span) -> FileCrisis {
    let mut c = FileCrisis {
        header: header.clone(),
        ..FileCrisis::default()
    };
    for e in &t.entries {
        match e.key.as_str() {
            "challenger" => c.challenger = r.text(e),
            "target" => c.target = r.text(e),
            "theatre" => c.theatre = r.point(e),
            "stakes" => c.stakes = r.num(e),
            "horizon" => c.horizon = r.num(e),
            "step" => c.step = r.choice(e, "step", STEPS),
            "assume_attack" => c.assume_attack = r.flag(e),
            _ => r.unknown(e, "`[crisis]`", CRISIS_FIELDS),
        }
    }
    r.require(
        t,
        &header,
        "`[crisis]`",
        &["challenger", "target", "theatre", "stakes"],
    );
    c
}

fn read_event(r: &mut Reader<'_>, t: &Table, header: Span) -> FileEvent {
    let mut ev = FileEvent {
        header: header.clone(),
        ..FileEvent::default()
    };
    let mut action_keys: Vec<&Entry> = Vec::new();
    for e in &t.entries {
        match e.key.as_str() {
            "id" => ev.id = r.id(e, IdKind::Other),
            "at" => ev.at = r.num(e),
            "p" => ev.p = r.num(e),
            "kind" => ev.kind = r.choice(e, "event kind", EVENT_KINDS),
            "link" => {
                ev.link = r.text(e);
                action_keys.push(e);
            }
            "state" => {
                ev.state = r.text(e);
                action_keys.push(e);
            }
            "pact" => {
                ev.pact = r.text(e);
                action_keys.push(e);
            }
            "strength" => {
                ev.strength = r.num(e);
                action_keys.push(e);
            }
            _ => r.unknown(e, "an event", EVENT_FIELDS),
        }
    }
    // Exactly one trigger.
    match (t.get("at"), t.get("p")) {
        (Some(_), Some(p)) => r.sink.push(
            Problem::at(p.key_span.clone(), "an event has `at` or `p`, not both")
                .label("second trigger")
                .help("`at = STEP` fires at a step; `p = PROBABILITY` fires at random, per step"),
        ),
        (None, None) => r.sink.push(
            Problem::at(header.clone(), "missing `at` or `p` in an event")
                .label("an event needs `at = STEP` or `p = PER-STEP PROBABILITY`"),
        ),
        _ => {}
    }
    r.require(t, &header, "an event", &["kind"]);
    if let Some(kind) = &ev.kind {
        let needs = kind.value.needs();
        for e in action_keys {
            if !needs.contains(&e.key.as_str()) {
                r.sink.push(
                    Problem::at(
                        e.key_span.clone(),
                        format!(
                            "`{}` does not apply to {} `{}` event",
                            e.key,
                            a(kind.value.name()),
                            kind.value.name()
                        ),
                    )
                    .label("not used by this kind")
                    .help(format!(
                        "{} `{}` event takes {}",
                        a(kind.value.name()),
                        kind.value.name(),
                        one_of(needs)
                    )),
                );
            }
        }
        for need in needs {
            if t.get(need).is_none() {
                r.sink.push(
                    Problem::at(
                        header.clone(),
                        format!(
                            "missing `{need}` in {} `{}` event",
                            a(kind.value.name()),
                            kind.value.name()
                        ),
                    )
                    .label(format!(
                        "{} `{}` event needs {}",
                        a(kind.value.name()),
                        kind.value.name(),
                        one_of(needs)
                    )),
                );
            }
        }
    }
    ev
}

fn read_model(r: &mut Reader<'_>, t: &Table) -> Vec<(usize, Num)> {
    let mut out = Vec::new();
    let known: Vec<&str> = model_fields().collect();
    for e in &t.entries {
        if e.key == "intensity" {
            if let Some(v) = r.nums(e, 3, "`[ℓ1, ℓ2, ℓ3]`") {
                let first = casus_core::model::Constants::index_of("intensity[0]").unwrap_or(13);
                out.extend(v.into_iter().enumerate().map(|(i, n)| (first + i, n)));
            }
            continue;
        }
        match casus_core::model::Constants::index_of(&e.key) {
            Some(i) if !e.key.contains('[') => {
                if let Some(n) = r.num(e) {
                    out.push((i, n));
                }
            }
            _ => r.unknown(e, "`[model]`", &known),
        }
    }
    out
}
