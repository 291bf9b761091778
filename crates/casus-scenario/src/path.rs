//! Paths that address one field of a scenario: a variant's `set` keys
//! (MODEL.md §1 "Variants") and the names of uncertain inputs (§5.25),
//! which share one syntax: `state.PAK.power`, `state.PAK.position[0]`,
//! `state.PAK.nuclear.threshold`, `relation.A-B.affinity` (either order),
//! `pact.smda.members`, `supply.USA-PAK-components.embargo.p`,
//! `crisis.theatre[0]`, `model.intensity[1]`, `event.4.strength`.

use crate::schema::{
    CHOKEPOINT_FIELDS, CRISIS_FIELDS, EMBARGO_FIELDS, EVENT_FIELDS, NUCLEAR_FIELDS, PACT_FIELDS,
    RELATION_FIELDS, STATE_FIELDS, SUPPLY_FIELDS, model_fields,
};
use crate::suggest::{nearest, one_of};

/// The kinds of entries that have ids and live in arrays of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum EntityKind {
    State,
    Relation,
    Pact,
    Supply,
    Chokepoint,
    Event,
}

impl EntityKind {
    pub(crate) const ALL: [EntityKind; 6] = [
        EntityKind::State,
        EntityKind::Relation,
        EntityKind::Pact,
        EntityKind::Supply,
        EntityKind::Chokepoint,
        EntityKind::Event,
    ];
    pub(crate) const KEYS: [&'static str; 6] =
        ["state", "relation", "pact", "supply", "chokepoint", "event"];

    /// The table name in the file (`[[supply]]`).
    pub(crate) fn key(self) -> &'static str {
        Self::KEYS[self as usize]
    }

    /// The word for one entry in messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            EntityKind::Supply => "supply link",
            k => k.key(),
        }
    }

    pub(crate) fn from_key(key: &str) -> Option<EntityKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            EntityKind::State => STATE_FIELDS,
            EntityKind::Relation => RELATION_FIELDS,
            EntityKind::Pact => PACT_FIELDS,
            EntityKind::Supply => SUPPLY_FIELDS,
            EntityKind::Chokepoint => CHOKEPOINT_FIELDS,
            EntityKind::Event => EVENT_FIELDS,
        }
    }
}

/// What a path addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Entity { kind: EntityKind, id: String },
    Crisis,
    Model,
}

/// Below a field: an element of an array, or a key of a sub-table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sub {
    Index(usize),
    Key(String),
}

/// A parsed path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Path {
    pub(crate) target: Target,
    pub(crate) field: String,
    pub(crate) sub: Option<Sub>,
}

/// Why a path is wrong, for a problem at the path string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PathError {
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

fn err(message: impl Into<String>, help: Option<String>) -> PathError {
    PathError {
        message: message.into(),
        help,
    }
}

/// How a field may be addressed below itself.
#[derive(Clone, Copy)]
enum Shape {
    Scalar,
    /// An array; `Some(n)`: of exactly n elements.
    Array(Option<usize>),
    /// A table; `Some(keys)`: with these keys only.
    Table(Option<&'static [&'static str]>),
}

fn shape(target: &Target, field: &str) -> Shape {
    match (target, field) {
        (
            Target::Entity {
                kind: EntityKind::State,
                ..
            },
            "position",
        ) => Shape::Array(Some(2)),
        (
            Target::Entity {
                kind: EntityKind::State,
                ..
            },
            "nuclear",
        ) => Shape::Table(Some(NUCLEAR_FIELDS)),
        (
            Target::Entity {
                kind: EntityKind::Pact,
                ..
            },
            "members" | "adversaries",
        ) => Shape::Array(None),
        (
            Target::Entity {
                kind: EntityKind::Pact,
                ..
            },
            "contributions",
        ) => Shape::Table(None),
        (
            Target::Entity {
                kind: EntityKind::Supply,
                ..
            },
            "embargo",
        ) => Shape::Table(Some(EMBARGO_FIELDS)),
        (Target::Crisis, "theatre") => Shape::Array(Some(2)),
        (Target::Model, "intensity") => Shape::Array(Some(3)),
        _ => Shape::Scalar,
    }
}

/// The first segment of a path.
pub(crate) const HEADS: &[&str] = &[
    "state",
    "relation",
    "pact",
    "supply",
    "chokepoint",
    "event",
    "crisis",
    "model",
];

/// Parses a path, checking every segment that does not depend on the
/// file's ids.
///
/// Ids never contain dots (§5.18), so segments split on dots; a field may
/// end in `[i]`.
pub(crate) fn parse(s: &str) -> Result<Path, PathError> {
    let segs: Vec<&str> = s.split('.').collect();
    if segs.iter().any(|x| x.is_empty()) {
        return Err(err(
            format!("malformed path `{s}`"),
            Some("a path is dot-separated, e.g. `state.PAK.power` or `crisis.stakes`".to_owned()),
        ));
    }
    let head = segs[0];
    let (target, rest) = match head {
        "crisis" => (Target::Crisis, &segs[1..]),
        "model" => (Target::Model, &segs[1..]),
        "scenario" => {
            return Err(err(
                "a variant cannot change `[scenario]`",
                Some(
                    "the run settings (trials, seed, level) are shared by all variants".to_owned(),
                ),
            ));
        }
        "variant" => {
            return Err(err(
                "a variant cannot change variants",
                Some("variants do not stack (MODEL.md §5.19)".to_owned()),
            ));
        }
        _ => match EntityKind::from_key(head) {
            Some(kind) => {
                let Some(id) = segs.get(1) else {
                    return Err(err(
                        format!("`{s}` names no {}", kind.noun()),
                        Some(format!("write `{head}.ID.FIELD`, e.g. {}", example(kind))),
                    ));
                };
                (
                    Target::Entity {
                        kind,
                        id: (*id).to_owned(),
                    },
                    &segs[2..],
                )
            }
            None => {
                let help = nearest(head, HEADS.iter().copied())
                    .map(|h| format!("did you mean `{h}`?"))
                    .unwrap_or_else(|| format!("a path starts with {}", one_of(HEADS)));
                return Err(err(
                    format!("unknown table `{head}` in path `{s}`"),
                    Some(help),
                ));
            }
        },
    };
    let (field_seg, sub_key) = match rest {
        [f] => (*f, None),
        [f, k] => (*f, Some(*k)),
        [] => {
            return Err(err(
                format!("`{s}` names no field"),
                Some(format!(
                    "add the field to set, e.g. `{s}.{}`",
                    first_field(&target)
                )),
            ));
        }
        _ => {
            return Err(err(
                format!("path `{s}` is too long"),
                Some(format!("e.g. {}", example_for(&target))),
            ));
        }
    };
    let (field, index) = split_index(field_seg).ok_or_else(|| {
        err(
            format!("malformed index in `{field_seg}`"),
            Some("an index is a whole number in brackets, e.g. `position[0]`".to_owned()),
        )
    })?;
    let known: Vec<&str> = match &target {
        Target::Entity { kind, .. } => kind.fields().to_vec(),
        Target::Crisis => CRISIS_FIELDS.to_vec(),
        Target::Model => model_fields().collect(),
    };
    if !known.contains(&field) {
        let help = nearest(field, known.iter().copied())
            .map(|h| format!("did you mean `{h}`?"))
            .unwrap_or_else(|| format!("the fields are {}", one_of(&known)));
        return Err(err(
            format!("unknown field `{field}` in path `{s}`"),
            Some(help),
        ));
    }
    if let Target::Entity { kind, .. } = &target
        && (field == "id" || (*kind == EntityKind::Relation && matches!(field, "a" | "b")))
    {
        return Err(err(
            format!("a variant cannot change the `{field}` of a {}", kind.noun()),
            Some(format!(
                "`remove` the {} and `add` a new one instead",
                kind.noun()
            )),
        ));
    }
    let sub = match (index, sub_key, shape(&target, field)) {
        (None, None, _) => None,
        (Some(_), Some(_), _) => return Err(err(format!("path `{s}` is too long"), None)),
        (Some(i), None, Shape::Array(n)) => {
            if let Some(n) = n
                && i >= n
            {
                return Err(err(
                    format!("`{field}` has {n} elements; index {i} is out of range"),
                    Some(format!("indices count from 0 to {}", n - 1)),
                ));
            }
            Some(Sub::Index(i))
        }
        (None, Some(k), Shape::Table(keys)) => {
            if let Some(keys) = keys
                && !keys.contains(&k)
            {
                let help = nearest(k, keys.iter().copied())
                    .map(|h| format!("did you mean `{h}`?"))
                    .unwrap_or_else(|| format!("`{field}` has {}", one_of(keys)));
                return Err(err(
                    format!("unknown field `{field}.{k}` in path `{s}`"),
                    Some(help),
                ));
            }
            Some(Sub::Key(k.to_owned()))
        }
        (Some(_), None, _) => return Err(err(format!("`{field}` is not an array"), None)),
        (None, Some(_), _) => {
            return Err(err(
                format!("`{field}` is not a table"),
                Some(format!("set `{}` itself", field)),
            ));
        }
    };
    Ok(Path {
        target,
        field: field.to_owned(),
        sub,
    })
}

/// `position[0]` → (`position`, Some(0)); `power` → (`power`, None).
fn split_index(seg: &str) -> Option<(&str, Option<usize>)> {
    match seg.find('[') {
        None => Some((seg, None)),
        Some(open) => {
            let inner = seg[open + 1..].strip_suffix(']')?;
            if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_digit()) || inner.len() > 9 {
                return None;
            }
            Some((&seg[..open], Some(inner.parse().ok()?)))
        }
    }
}

fn example(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::State => "`state.PAK.power`",
        EntityKind::Relation => "`relation.IND-PAK.affinity`",
        EntityKind::Pact => "`pact.smda.reliability`",
        EntityKind::Supply => "`supply.CHN-PAK-arms.share`",
        EntityKind::Chokepoint => "`chokepoint.straits.controller`",
        EntityKind::Event => "`event.0.at`",
    }
}

fn example_for(target: &Target) -> &'static str {
    match target {
        Target::Entity { kind, .. } => example(*kind),
        Target::Crisis => "`crisis.stakes`",
        Target::Model => "`model.attrition`",
    }
}

fn first_field(target: &Target) -> &'static str {
    match target {
        Target::Entity {
            kind: EntityKind::Relation,
            ..
        } => "affinity",
        Target::Entity {
            kind: EntityKind::Event,
            ..
        } => "at",
        Target::Entity {
            kind: EntityKind::Supply,
            ..
        } => "share",
        Target::Entity {
            kind: EntityKind::Chokepoint,
            ..
        } => "controller",
        Target::Entity {
            kind: EntityKind::Pact,
            ..
        } => "reliability",
        Target::Entity {
            kind: EntityKind::State,
            ..
        } => "power",
        Target::Crisis => "stakes",
        Target::Model => "attrition",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Path {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn the_paths_of_model_md() {
        for s in [
            "pact.smda.members",
            "pact.smda.reliability",
            "state.TUR.power",
            "supply.CHN-PAK-arms.share",
            "crisis.stakes",
            "model.attrition",
            "state.PAK.position[0]",
            "state.PAK.nuclear.threshold",
            "relation.A-B.affinity",
            "supply.USA-PAK-components.embargo.p",
            "crisis.theatre[0]",
            "model.intensity[1]",
            "event.4.strength",
            "pact.smda.contributions.SAU",
        ] {
            ok(s);
        }
        assert_eq!(
            ok("state.PAK.position[1]"),
            Path {
                target: Target::Entity {
                    kind: EntityKind::State,
                    id: "PAK".into()
                },
                field: "position".into(),
                sub: Some(Sub::Index(1))
            }
        );
        assert_eq!(ok("model.intensity[2]").target, Target::Model);
    }

    #[test]
    fn bad_paths_say_why() {
        let e = parse("state.PAK.powr").unwrap_err();
        assert!(e.message.contains("unknown field `powr`"), "{e:?}");
        assert_eq!(e.help.as_deref(), Some("did you mean `power`?"));
        let e = parse("stat.PAK.power").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `state`?"));
        assert!(parse("state.PAK").is_err());
        assert!(
            parse("state.PAK.id")
                .unwrap_err()
                .message
                .contains("cannot change")
        );
        assert!(
            parse("state.PAK.position[2]")
                .unwrap_err()
                .message
                .contains("out of range")
        );
        assert!(parse("state.PAK.position[x]").is_err());
        assert!(parse("state.PAK.power[0]").is_err());
        assert!(parse("model.intensity[3]").is_err());
        assert!(
            parse("model.atrition")
                .unwrap_err()
                .help
                .unwrap()
                .contains("attrition")
        );
        assert!(parse("supply.X.embargo.q").is_err());
        assert!(parse("scenario.trials").is_err());
        assert!(parse("state..power").is_err());
        assert!(parse("crisis.stakes.x.y").is_err());
    }
}
