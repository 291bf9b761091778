//! Variants (MODEL.md §1 "Variants", §5.19): `[[variant]]` tables that
//! `remove`, then `add`, then `set` entries of the base file's tree.
//!
//! Variants edit the tree, not the validated model, so that the result is
//! validated exactly like a base file and every problem points at text: an
//! added or set value keeps its span inside the `[[variant]]` table.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Problem, Sink};
use crate::limits::{MAX_DESCRIPTION_BYTES, MAX_VARIANTS};
use crate::path::{self, EntityKind, Path, Sub, Target};
use crate::schema::{Reader, Text, is_other_id};
use crate::suggest::{listing, one_of};
use crate::tree::{self, Entry, Node, Span, Table, Value};

/// The keys of a `[[variant]]` table.
pub(crate) const VARIANT_FIELDS: &[&str] = &["name", "description", "set", "add", "remove"];

/// One `set` entry: a path, where it is written, and the new value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetOp {
    pub(crate) path: Path,
    pub(crate) text: String,
    pub(crate) span: Span,
    pub(crate) value: Node,
}

/// A `[[variant]]` as read: its operations, already checked for syntax.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct VariantDef {
    pub(crate) name: String,
    pub(crate) name_span: Span,
    pub(crate) description: String,
    pub(crate) removes: Vec<(EntityKind, Text)>,
    pub(crate) adds: Vec<(EntityKind, Node)>,
    pub(crate) sets: Vec<SetOp>,
}

/// Reads every `[[variant]]`. A variant with a broken operation keeps its
/// other operations, so that its remaining problems are found too.
pub(crate) fn read_defs(entry: Option<&Entry>, sink: &mut Sink) -> Vec<VariantDef> {
    let Some(entry) = entry else {
        return Vec::new();
    };
    let mut r = Reader::new(sink);
    let tables = r.array_of_tables(entry, MAX_VARIANTS, "MAX_VARIANTS");
    let mut names: HashMap<String, Span> = HashMap::new();
    let mut defs = Vec::with_capacity(tables.len());
    for (i, (t, header)) in tables.into_iter().enumerate() {
        let mut def = VariantDef {
            name: format!("#{}", i + 1),
            name_span: header.clone(),
            description: String::new(),
            removes: Vec::new(),
            adds: Vec::new(),
            sets: Vec::new(),
        };
        for e in &t.entries {
            match e.key.as_str() {
                "name" => {
                    if let Some(n) = variant_name(&mut r, e, &mut names) {
                        def.name = n.value;
                        def.name_span = n.span;
                    }
                }
                "description" => {
                    if let Some(d) =
                        r.bounded_text(e, MAX_DESCRIPTION_BYTES, "MAX_DESCRIPTION_BYTES")
                    {
                        def.description = d.value;
                    }
                }
                "set" => {
                    if let Some(s) = r.table(e, "a table of \"PATH\" = VALUE") {
                        let mut leaves = Vec::new();
                        flatten(s, &mut Vec::new(), &mut leaves);
                        // One field set twice (`relation.A-B` and
                        // `relation.B-A`, say) would be decided by order.
                        let mut targets: HashMap<String, Span> = HashMap::new();
                        for (text, span, value) in leaves {
                            match path::parse(&text) {
                                Ok(path) => {
                                    if let Some(first) = targets.get(&target_key(&path)) {
                                        r.sink.push(
                                            Problem::at(
                                                span,
                                                format!("`{text}` is set twice in this variant"),
                                            )
                                            .label("set again")
                                            .related(first.clone(), "first set here"),
                                        );
                                        continue;
                                    }
                                    targets.insert(target_key(&path), span.clone());
                                    def.sets.push(SetOp {
                                        path,
                                        text,
                                        span,
                                        value: value.clone(),
                                    });
                                }
                                Err(pe) => r.sink.push(
                                    Problem::at(span, pe.message)
                                        .label("not a field of this scenario")
                                        .maybe_help(pe.help),
                                ),
                            }
                        }
                    }
                }
                "add" => {
                    if let Some(a) = r.table(e, "a table like `{ pact = [ { … } ] }`") {
                        for k in &a.entries {
                            let Some(kind) = entity_kind(&mut r, k, "add") else {
                                continue;
                            };
                            let tables = r.array_of_tables(k, usize::MAX, "");
                            def.adds.extend(tables.into_iter().map(|(t, span)| {
                                (
                                    kind,
                                    Node {
                                        span,
                                        value: Value::Table(t.clone()),
                                    },
                                )
                            }));
                        }
                    }
                }
                "remove" => {
                    if let Some(rm) =
                        r.table(e, "a table like `{ supply = [\"USA-TUR-components\"] }`")
                    {
                        for k in &rm.entries {
                            let Some(kind) = entity_kind(&mut r, k, "remove") else {
                                continue;
                            };
                            let Some(ids) = r.ids(k) else { continue };
                            def.removes.extend(ids.items.into_iter().map(|t| (kind, t)));
                        }
                    }
                }
                _ => r.unknown(e, "a variant", VARIANT_FIELDS),
            }
        }
        r.require(t, &header, "a variant", &["name"]);
        defs.push(def);
    }
    defs
}

/// The field a path addresses, the same for either order of a relation.
fn target_key(path: &Path) -> String {
    let target = match &path.target {
        Target::Entity { kind, id } => format!("{}.{}", kind.key(), canonical(*kind, id)),
        Target::Crisis => "crisis".to_owned(),
        Target::Model => "model".to_owned(),
    };
    let sub = match &path.sub {
        None => String::new(),
        Some(Sub::Index(i)) => format!("[{i}]"),
        Some(Sub::Key(k)) => format!(".{k}"),
    };
    format!("{target}.{}{sub}", path.field)
}

/// A variant's name: unique, not `base`, and an id (§5.18) so that it can
/// be given on a command line and in a report's file name.
fn variant_name(r: &mut Reader<'_>, e: &Entry, names: &mut HashMap<String, Span>) -> Option<Text> {
    let n = r.text(e)?;
    if n.value == "base" {
        r.sink.push(
            Problem::at(n.span, "the variant name `base` is reserved")
                .label("the base file is the variant `base`")
                .help("choose another name"),
        );
        return None;
    }
    if !is_other_id(&n.value) {
        r.sink.push(
            Problem::at(n.span, format!("invalid variant name `{}`", n.value))
                .label("expected 1 to 64 letters, digits, `_` or `-`")
                .help("a variant name is written like an id, e.g. `no-turkey`"),
        );
        return None;
    }
    if let Some(first) = names.get(&n.value) {
        r.sink.push(
            Problem::at(n.span, format!("duplicate variant name `{}`", n.value))
                .label("already used")
                .related(first.clone(), "first used here"),
        );
        return None;
    }
    names.insert(n.value.clone(), n.span.clone());
    Some(n)
}

fn entity_kind(r: &mut Reader<'_>, e: &Entry, op: &str) -> Option<EntityKind> {
    let kind = EntityKind::from_key(&e.key);
    if kind.is_none() {
        let help = r
            .sink
            .did_you_mean(&e.key, EntityKind::KEYS.iter().copied())
            .unwrap_or_else(|| format!("`{op}` takes {}", one_of(&EntityKind::KEYS)));
        r.sink.push(
            Problem::at(
                e.key_span.clone(),
                format!("cannot {op} `{}` entries", e.key),
            )
            .label(format!("expected one of {}", one_of(&EntityKind::KEYS)))
            .help(help),
        );
    }
    kind
}

/// The leaves of a `set` table, as (path, span of the path, value).
///
/// `set = { "state.PAK.power" = 3 }` and `set.state.PAK.power = 3` (or a
/// `[variant.set]` header) mean the same: a dotted key or a header makes
/// tables that are path segments, while an inline `{ … }` is a value (a
/// distribution, or a whole `nuclear` or `embargo` table).
fn flatten<'t>(
    t: &'t Table,
    prefix: &mut Vec<(&'t str, Span)>,
    out: &mut Vec<(String, Span, &'t Node)>,
) {
    for e in &t.entries {
        match &e.value.value {
            Value::Table(sub) if !sub.inline => {
                prefix.push((&e.key, e.key_span.clone()));
                flatten(sub, prefix, out);
                prefix.pop();
            }
            _ => {
                let mut text = String::new();
                for (k, _) in prefix.iter() {
                    text.push_str(k);
                    text.push('.');
                }
                text.push_str(&e.key);
                // A dotted key (`state.PAK.power = 3`) is marked whole; a
                // path spread over headers is marked from its last header.
                let mut start = e.key_span.start;
                for (_, s) in prefix.iter().rev() {
                    if s.end <= start && start - s.end <= 8 {
                        start = s.start;
                    } else {
                        break;
                    }
                }
                let span = start..e.key_span.end;
                out.push((text, span, &e.value));
            }
        }
    }
}

/// The base tree with one variant applied: `remove`, then `add`, then
/// `set` (§5.19). Problems of the variant's own operations go to `sink`;
/// the returned [`Removals`] say what was removed, for messages about
/// dangling references.
pub(crate) fn apply(base: &Table, def: &VariantDef, sink: &mut Sink) -> (Table, Removals) {
    let mut root = base.clone();
    let mut removed = Removals::default();
    for kind in EntityKind::ALL {
        remove(&mut root, kind, def, &mut removed, sink);
    }
    // Added events without an id are numbered after the base file's, so
    // they never take the name of a base event (paths and stream keys).
    let mut next_event = base.get("event").map_or(0, |e| match &e.value.value {
        Value::Array(xs) => xs.len(),
        _ => 0,
    });
    for (kind, node) in &def.adds {
        let mut node = node.clone();
        let first = next_event;
        if *kind == EntityKind::Event {
            next_event += 1;
        }
        tree::name_entries(kind.key(), std::slice::from_mut(&mut node), first);
        if root.get(kind.key()).is_none() {
            let empty = Node {
                span: node.span.clone(),
                value: Value::Array(Vec::new()),
            };
            root.set(kind.key(), node.span.clone(), empty);
        }
        // A base file whose `[[pact]]` is not an array already has its
        // problem reported; there is nowhere to add to.
        if let Some(xs) = entries_mut(&mut root, *kind) {
            xs.push(node);
        }
    }
    apply_sets(&mut root, &def.sets, &removed, sink);
    (root, removed)
}

/// What a variant removed, by kind and name.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Removals {
    /// Noun of the kind (as in messages) → canonical name → span of the
    /// name in the variant's `remove`.
    by_kind: HashMap<&'static str, HashMap<String, Span>>,
}

impl Removals {
    /// Where the entry `id` of the kind called `noun` was removed, if it was.
    pub(crate) fn get(&self, noun: &str, id: &str) -> Option<&Span> {
        self.by_kind.get(noun)?.get(id)
    }
}

/// One kind's removals, in one pass over its entries: a lookup per entry,
/// not a scan per removed id, so long `remove` lists stay linear.
fn remove(
    root: &mut Table,
    kind: EntityKind,
    def: &VariantDef,
    removed: &mut Removals,
    sink: &mut Sink,
) {
    let mut wanted: HashMap<String, &Text> = HashMap::new();
    let mut order: Vec<(&Text, String)> = Vec::new();
    for (_, t) in def.removes.iter().filter(|(k, _)| *k == kind) {
        let name = canonical(kind, &t.value);
        match wanted.get(&name) {
            Some(first) => sink.push(
                Problem::at(
                    t.span.clone(),
                    format!("{} `{}` is removed twice", kind.noun(), t.value),
                )
                .label("already removed")
                .related(first.span.clone(), "first removed here"),
            ),
            None => {
                wanted.insert(name.clone(), t);
                order.push((t, name));
            }
        }
    }
    if order.is_empty() {
        return;
    }
    let mut hit: HashSet<String> = HashSet::new();
    if let Some(xs) = entries_mut(root, kind) {
        xs.retain(|x| match entry_name(x, kind).map(|n| canonical(kind, &n)) {
            Some(n) if wanted.contains_key(&n) => {
                hit.insert(n);
                false
            }
            _ => true,
        });
    }
    let mut names: Option<Vec<String>> = None;
    for (t, name) in order {
        if hit.contains(&name) {
            removed
                .by_kind
                .entry(kind.noun())
                .or_default()
                .insert(name, t.span.clone());
        } else {
            let names = names.get_or_insert_with(|| Index::build(root, kind).names);
            let p = unknown_entry(names, kind, &t.value, t.span.clone(), sink);
            sink.push(p);
        }
    }
}

/// The entries of an array of tables, if the tree has them as one.
fn entries_mut(root: &mut Table, kind: EntityKind) -> Option<&mut Vec<Node>> {
    match &mut root.get_mut(kind.key())?.value.value {
        Value::Array(xs) => Some(xs),
        _ => None,
    }
}

/// An entry's name as written: its `id`, or `A-B` for a relation.
fn entry_name(node: &Node, kind: EntityKind) -> Option<String> {
    let Value::Table(t) = &node.value else {
        return None;
    };
    if kind == EntityKind::Relation {
        return Some(format!("{}-{}", t.get_str("a")?, t.get_str("b")?));
    }
    t.get_str("id").map(str::to_owned)
}

/// The name entries are matched by: a relation is `A-B` in either order
/// (§5.17); state ids have no `-`, so the split is unambiguous.
fn canonical(kind: EntityKind, name: &str) -> String {
    match (kind, name.split_once('-')) {
        (EntityKind::Relation, Some((a, b))) if a > b => format!("{b}-{a}"),
        _ => name.to_owned(),
    }
}

/// The entries of one kind, by canonical name; built once per variant so
/// that each `set` is a lookup, not a scan.
struct Index {
    position: HashMap<String, usize>,
    /// As written, in file order, for "did you mean".
    names: Vec<String>,
}

impl Index {
    fn build(root: &Table, kind: EntityKind) -> Index {
        let mut index = Index {
            position: HashMap::new(),
            names: Vec::new(),
        };
        if let Some(Value::Array(xs)) = root.get(kind.key()).map(|e| &e.value.value) {
            for (i, x) in xs.iter().enumerate() {
                if let Some(name) = entry_name(x, kind) {
                    index.position.entry(canonical(kind, &name)).or_insert(i);
                    index.names.push(name);
                }
            }
        }
        index
    }
}

fn unknown_entry(
    names: &[String],
    kind: EntityKind,
    id: &str,
    span: Span,
    sink: &mut Sink,
) -> Problem {
    let help = sink
        .did_you_mean(id, names.iter().map(String::as_str))
        .unwrap_or_else(|| {
            if names.is_empty() {
                format!("the scenario has no {} entries", kind.key())
            } else {
                format!("the {}s are {}", kind.noun(), listing(names))
            }
        });
    Problem::at(span, format!("no {} `{id}` in this scenario", kind.noun()))
        .label(format!("not a {} of this scenario", kind.noun()))
        .help(help)
}

/// Writes `set` operations into the tree. A new value keeps its own span,
/// so a bad value is reported inside the variant.
pub(crate) fn apply_sets<'o, I>(root: &mut Table, ops: I, removed: &Removals, sink: &mut Sink)
where
    I: IntoIterator<Item = &'o SetOp>,
{
    let mut indexes: HashMap<EntityKind, Index> = HashMap::new();
    for op in ops {
        let table: &mut Table = match &op.path.target {
            Target::Crisis | Target::Model => {
                let key = if op.path.target == Target::Crisis {
                    "crisis"
                } else {
                    "model"
                };
                if root.get(key).is_none() {
                    let t = Node {
                        span: op.span.clone(),
                        value: Value::Table(Table::default()),
                    };
                    root.set(key, op.span.clone(), t);
                }
                match root.get_mut(key).map(|e| &mut e.value.value) {
                    Some(Value::Table(t)) => t,
                    _ => continue, // not a table in the base file: reported there
                }
            }
            Target::Entity { kind, id } => {
                let index = indexes
                    .entry(*kind)
                    .or_insert_with(|| Index::build(root, *kind));
                let Some(&i) = index.position.get(&canonical(*kind, id)) else {
                    let p = match removed.get(kind.noun(), &canonical(*kind, id)) {
                        Some(at) => Problem::at(
                            op.span.clone(),
                            format!("{} `{id}` is removed by this variant", kind.noun()),
                        )
                        .label("cannot set a field of a removed entry")
                        .related(at.clone(), "removed here"),
                        None => unknown_entry(&index.names, *kind, id, op.span.clone(), sink),
                    };
                    sink.push(p);
                    continue;
                };
                match entries_mut(root, *kind)
                    .and_then(|xs| xs.get_mut(i))
                    .map(|x| &mut x.value)
                {
                    Some(Value::Table(t)) => t,
                    _ => continue,
                }
            }
        };
        set_field(table, op, sink);
    }
}

fn set_field(table: &mut Table, op: &SetOp, sink: &mut Sink) {
    let field = op.path.field.as_str();
    match &op.path.sub {
        None => table.set(field, op.span.clone(), op.value.clone()),
        Some(Sub::Key(k)) => {
            if table.get(field).is_none() {
                let empty = Node {
                    span: op.span.clone(),
                    value: Value::Table(Table::default()),
                };
                table.set(field, op.span.clone(), empty);
            }
            match table.get_mut(field).map(|e| &mut e.value.value) {
                Some(Value::Table(sub)) => sub.set(k, op.span.clone(), op.value.clone()),
                _ => sink.push(
                    Problem::at(
                        op.span.clone(),
                        format!("cannot set `{}`: `{field}` is not a table here", op.text),
                    )
                    .label("no such field"),
                ),
            }
        }
        Some(Sub::Index(i)) => match table.get_mut(field).map(|e| &mut e.value.value) {
            Some(Value::Array(xs)) if *i < xs.len() => xs[*i] = op.value.clone(),
            Some(Value::Array(xs)) => sink.push(
                Problem::at(
                    op.span.clone(),
                    format!(
                        "`{field}` has {} elements; index {i} is out of range",
                        xs.len()
                    ),
                )
                .label("no such element"),
            ),
            _ => sink.push(
                Problem::at(
                    op.span.clone(),
                    format!("cannot set `{}`: `{field}` is not set here", op.text),
                )
                .label("no such element")
                .help(format!("set the whole `{field}` instead")),
            ),
        },
    }
}
