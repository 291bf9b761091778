//! The TOML document as an owned tree in which every key and value keeps
//! its byte span.
//!
//! `toml::de::DeTable` borrows the source and cannot be built from parts, but
//! variants rewrite the tree (remove, add, set; MODEL.md §5.19) and
//! `Document::with_set` inserts values that were never in the file. This
//! owned copy is cheap to clone and edit, and keeps file order.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Problem, Sink};
use crate::limits::MAX_NESTING_DEPTH;

/// A byte range in the source.
pub(crate) type Span = Range<usize>;

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub(crate) span: Span,
    pub(crate) value: Value,
}

/// A TOML value. Integers are kept wide so that a `seed` may use all 64
/// unsigned bits.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    String(String),
    Integer(i128),
    Float(f64),
    Boolean(bool),
    Datetime,
    Array(Vec<Node>),
    Table(Table),
}

/// A table, entries in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Table {
    pub(crate) entries: Vec<Entry>,
    /// Written as `{ … }`. A table made by a dotted key (`a.b = 1`) or a
    /// header is not inline: inside a variant's `set`, such tables are path
    /// segments, inline ones are values.
    pub(crate) inline: bool,
}

/// One `key = value`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: Span,
    pub(crate) value: Node,
    /// Not written by the author: an event's index or a link's default id,
    /// filled in so that entries keep their names when a variant removes
    /// others (see [`name_entries`]).
    pub(crate) synthetic: bool,
}

impl Value {
    /// The type's name for messages ("expected a number, found a string").
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl Table {
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.key == key)
    }

    pub(crate) fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|e| e.value.value.as_str())
    }

    pub(crate) fn remove(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(i))
    }

    /// Replaces the value of `key`, keeping its place, or appends it.
    pub(crate) fn set(&mut self, key: &str, key_span: Span, value: Node) {
        match self.get_mut(key) {
            Some(e) => {
                e.value = value;
                e.synthetic = false;
            }
            None => self.entries.push(Entry {
                key: key.to_owned(),
                key_span,
                value,
                synthetic: false,
            }),
        }
    }
}

/// Copies the parsed document into an owned [`Table`].
pub(crate) fn from_toml(src: &str, doc: &Spanned<DeTable<'_>>, sink: &mut Sink) -> Table {
    table(src, doc.get_ref(), doc.span(), 0, sink)
}

fn table(src: &str, t: &DeTable<'_>, span: Span, depth: usize, sink: &mut Sink) -> Table {
    let inline = src.get(span.clone()).is_some_and(|s| s.starts_with('{'));
    let entries = t
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            value: node(src, v, depth + 1, sink),
            synthetic: false,
        })
        .collect();
    Table { entries, inline }
}

fn node(src: &str, v: &Spanned<DeValue<'_>>, depth: usize, sink: &mut Sink) -> Node {
    let span = v.span();
    // The pre-parse scan bounds the depth; this is a second line of defence
    // for the recursion, in case the scan and the parser ever disagree.
    if depth > 4 * MAX_NESTING_DEPTH {
        sink.push(Problem::at(span.clone(), "nested too deeply").label("limit MAX_NESTING_DEPTH"));
        return Node {
            span,
            value: Value::Table(Table::default()),
        };
    }
    let value = match v.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match integer(i.as_str(), i.radix()) {
            Some(n) => Value::Integer(n),
            None => {
                sink.push(
                    Problem::at(
                        span.clone(),
                        format!("integer `{}` is out of range", i.as_str()),
                    )
                    .label("TOML integers are 64-bit"),
                );
                Value::Integer(0)
            }
        },
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(x) => Value::Float(x),
            Err(_) => {
                sink.push(Problem::at(
                    span.clone(),
                    format!("unreadable number `{}`", f.as_str()),
                ));
                Value::Float(f64::NAN)
            }
        },
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(a) => {
            Value::Array(a.iter().map(|x| node(src, x, depth + 1, sink)).collect())
        }
        DeValue::Table(t) => Value::Table(table(src, t, span.clone(), depth, sink)),
    };
    Node { span, value }
}

/// A TOML integer in `i64::MIN ..= u64::MAX` (the unsigned half only for
/// seeds written in hex).
fn integer(digits: &str, radix: u32) -> Option<i128> {
    let n = i128::from_str_radix(digits, radix).ok()?;
    (i128::from(i64::MIN)..=i128::from(u64::MAX))
        .contains(&n)
        .then_some(n)
}

/// Names the events and supply links that have no `id`: an event by its
/// index (counting from `first_event`), a link by `FROM-TO-kind`
/// (MODEL.md §5.17, §5.18).
///
/// The names are written into the tree as synthetic `id` entries once, on
/// the base file, so that a variant which removes an event or changes a
/// link's ends does not rename the others: paths and random-stream keys
/// stay put (common random numbers, §2).
pub(crate) fn name_entries(kind: &str, entries: &mut [Node], first_event: usize) {
    for (i, n) in entries.iter_mut().enumerate() {
        let Value::Table(t) = &mut n.value else {
            continue;
        };
        if t.get("id").is_some() {
            continue;
        }
        let name = match kind {
            "event" => (first_event + i).to_string(),
            "supply" => match (t.get_str("from"), t.get_str("to"), t.get_str("kind")) {
                (Some(f), Some(to), Some(k)) => format!("{f}-{to}-{k}"),
                _ => continue,
            },
            _ => continue,
        };
        let span = n.span.clone();
        t.entries.push(Entry {
            key: "id".to_owned(),
            key_span: span.clone(),
            value: Node {
                span,
                value: Value::String(name),
            },
            synthetic: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Table {
        let doc = DeTable::parse(src).unwrap();
        let mut sink = Sink::new();
        let t = from_toml(src, &doc, &mut sink);
        assert!(sink.problems.is_empty(), "{:?}", sink.problems);
        t
    }

    #[test]
    fn keeps_order_spans_and_inline_flags() {
        let src = "b = 1\na = { x = 2 }\nc.d = 0x10\n";
        let t = parse(src);
        let keys: Vec<&str> = t.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(&src[t.entries[1].value.span.clone()], "{ x = 2 }");
        let Value::Table(a) = &t.entries[1].value.value else {
            panic!()
        };
        assert!(a.inline);
        let Value::Table(c) = &t.entries[2].value.value else {
            panic!()
        };
        assert!(!c.inline);
        assert_eq!(c.entries[0].value.value, Value::Integer(16));
    }

    #[test]
    fn wide_integers() {
        assert_eq!(integer("FFFFFFFFFFFFFFFF", 16), Some(i128::from(u64::MAX)));
        assert_eq!(
            integer("-9223372036854775808", 10),
            Some(i128::from(i64::MIN))
        );
        assert_eq!(integer("99999999999999999999999", 10), None);
        let src = "a = 99999999999999999999999\n";
        let doc = DeTable::parse(src).unwrap();
        let mut sink = Sink::new();
        from_toml(src, &doc, &mut sink);
        assert!(sink.problems[0].message.contains("out of range"));
    }

    #[test]
    fn unnamed_entries_get_stable_names() {
        let src = "[[event]]\nat = 1\n[[event]]\nid = \"x\"\n[[supply]]\nfrom = \"A\"\nto = \"B\"\nkind = \"arms\"\n";
        let mut t = parse(src);
        for kind in ["event", "supply"] {
            let Value::Array(a) = &mut t.get_mut(kind).unwrap().value.value else {
                panic!()
            };
            name_entries(kind, a, 0);
        }
        let Value::Array(ev) = &t.get("event").unwrap().value.value else {
            panic!()
        };
        let Value::Table(e0) = &ev[0].value else {
            panic!()
        };
        assert_eq!(e0.get_str("id"), Some("0"));
        assert!(e0.get("id").unwrap().synthetic);
        let Value::Array(sp) = &t.get("supply").unwrap().value.value else {
            panic!()
        };
        let Value::Table(s0) = &sp[0].value else {
            panic!()
        };
        assert_eq!(s0.get_str("id"), Some("A-B-arms"));
    }
}
