//! Historical cases: a war, its target, and one of the target's alliance
//! partners whose choice — fight on the target's side or not — is scored.
//!
//! Two sources:
//!
//! * [`from_mid`]: MID participants, either COW MID 5.0 `MIDB` (a `hostlev`
//!   column per participant) or GML MID `gml_part` (no `hostlev`; a
//!   participant's highest action `hiact` ≥ 20, "begin/join interstate war",
//!   marks the same disputes). Every war-level dispute (hostility level 5) gives
//!   its originators on side A (the attackers) and side B (the targets); each
//!   target's ATOP defense partners that year who were not themselves
//!   originators become cases, and a partner is observed to fight when it took
//!   part in the dispute on side B.
//! * [`from_csv`]: any list of cases, `case_id,year,target,attackers,partner,observed`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::csv::{DataError, Table};
use crate::data::{Atop, Ccode, ccode};

/// One prediction to score: does `partner` fight on `target`'s side?
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Unique id (`DISPNUM-TARGET-PARTNER` for MID cases).
    pub id: String,
    /// Cases of one war share a group: one scenario, and one cluster of the
    /// clustered bootstrap.
    pub group: String,
    /// The year whose data build the scenario (the dispute's first year).
    pub year: i32,
    /// The attacked state (the crisis target).
    pub target: Ccode,
    /// The states that attacked (side A originators).
    pub attackers: Vec<Ccode>,
    /// Other states attacked at the outset (side B originators besides the
    /// target); empty for CSV cases.
    pub co_targets: Vec<Ccode>,
    /// The partner whose choice is predicted.
    pub partner: Ccode,
    /// Whether it fought on the target's side, when known.
    pub observed: Option<bool>,
}

/// What reading a case source produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CaseSet {
    /// The cases, in source order.
    pub cases: Vec<Case>,
    /// War-level disputes found (MID) or distinct groups (CSV).
    pub wars: usize,
    /// Wars that gave no case, each with the reason.
    pub without_cases: Vec<String>,
}

/// One participant row of a MID participant file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Participant {
    ccode: Ccode,
    side_a: bool,
    originator: bool,
    start: i32,
    war: bool,
}

/// Reads MID participants (COW `MIDB` or GML `gml_part`) and builds the cases
/// of every war-level dispute; see the module docs.
pub fn from_mid(path: &Path, atop: &Atop) -> Result<CaseSet, DataError> {
    from_mid_table(&Table::read(path)?, atop)
}

/// [`from_mid`] on a parsed table.
pub fn from_mid_table(t: &Table, atop: &Atop) -> Result<CaseSet, DataError> {
    let disp = t.column("dispnum")?;
    let cc = t.column("ccode")?;
    let sidea = t.column("sidea")?;
    let orig = t.column("orig")?;
    let styear = t.column("styear")?;
    let hostlev = t.has("hostlev").then(|| t.column("hostlev")).transpose()?;
    let hiact = t.has("hiact").then(|| t.column("hiact")).transpose()?;
    if hostlev.is_none() && hiact.is_none() {
        return Err(DataError::new(format!(
            "{}: MID participants need a `hostlev` (COW MIDB) or `hiact` (GML gml_part) column",
            t.source
        )));
    }
    let mut disputes: BTreeMap<i64, Vec<Participant>> = BTreeMap::new();
    for r in 0..t.rows.len() {
        let war = match (hostlev, hiact) {
            (Some(h), _) => t.int(r, h)? == Some(5),
            (None, Some(a)) => t.int(r, a)?.is_some_and(|v| v >= 20),
            (None, None) => false,
        };
        let start = t.req_int(r, styear)?;
        disputes
            .entry(t.req_int(r, disp)?)
            .or_default()
            .push(Participant {
                ccode: ccode(t, r, cc)?,
                side_a: t.req_int(r, sidea)? == 1,
                originator: t.req_int(r, orig)? == 1,
                start: start as i32,
                war,
            });
    }
    let mut set = CaseSet::default();
    for (num, parts) in &disputes {
        if !parts.iter().any(|p| p.war) {
            continue;
        }
        set.wars += 1;
        let year = parts.iter().map(|p| p.start).filter(|&y| y > 0).min();
        let Some(year) = year else {
            set.without_cases
                .push(format!("dispute {num}: no start year"));
            continue;
        };
        let pick = |side_a: bool| -> Vec<Ccode> {
            parts
                .iter()
                .filter(|p| p.side_a == side_a && p.originator)
                .map(|p| p.ccode)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let attackers = pick(true);
        let targets = pick(false);
        if attackers.is_empty() || targets.is_empty() {
            set.without_cases
                .push(format!("dispute {num}: no originator on one side"));
            continue;
        }
        let on_b: BTreeSet<Ccode> = parts
            .iter()
            .filter(|p| !p.side_a)
            .map(|p| p.ccode)
            .collect();
        let mut seen = BTreeSet::new();
        let before = set.cases.len();
        for &target in &targets {
            for j in atop.defenders(year, target) {
                if attackers.contains(&j) || targets.contains(&j) || !seen.insert(j) {
                    continue;
                }
                set.cases.push(Case {
                    id: format!("{num}-{target}-{j}"),
                    group: format!("mid-{num}"),
                    year,
                    target,
                    attackers: attackers.clone(),
                    co_targets: targets.iter().copied().filter(|&c| c != target).collect(),
                    partner: j,
                    observed: Some(on_b.contains(&j)),
                });
            }
        }
        if set.cases.len() == before {
            set.without_cases.push(format!(
                "dispute {num} ({year}): no target had an ATOP defense partner outside the war's originators"
            ));
        }
    }
    Ok(set)
}

/// Reads a CSV of cases with the header
/// `case_id,year,target,attackers,partner,observed` (COW codes; `attackers`
/// separated by `;`; `observed` 1, 0 or empty, and the column may be left out).
pub fn from_csv(path: &Path) -> Result<CaseSet, DataError> {
    from_csv_table(&Table::read(path)?)
}

/// [`from_csv`] on a parsed table.
///
/// ```
/// let t = casus_backtest::csv::Table::parse(
///     "cases.csv",
///     "case_id,year,target,attackers,partner,observed\ngulf-sau,1990,690,645,670,1\n",
/// ).unwrap();
/// let set = casus_backtest::cases::from_csv_table(&t).unwrap();
/// assert_eq!(set.cases[0].attackers, vec![645]);
/// assert_eq!(set.cases[0].observed, Some(true));
/// ```
pub fn from_csv_table(t: &Table) -> Result<CaseSet, DataError> {
    let id = t.column("case_id")?;
    let year = t.column("year")?;
    let target = t.column("target")?;
    let attackers = t.column("attackers")?;
    let partner = t.column("partner")?;
    let observed = t
        .has("observed")
        .then(|| t.column("observed"))
        .transpose()?;
    let mut set = CaseSet::default();
    let mut ids = BTreeSet::new();
    let mut groups = BTreeSet::new();
    for r in 0..t.rows.len() {
        let case_id = t.rows[r][id].trim().to_string();
        if case_id.is_empty() {
            return Err(DataError::new(format!("{}: `case_id` is empty", t.at(r))));
        }
        if !ids.insert(case_id.clone()) {
            return Err(DataError::new(format!(
                "{}: case_id `{case_id}` is listed twice",
                t.at(r)
            )));
        }
        let mut att = Vec::new();
        for a in t.rows[r][attackers].split(';') {
            let a = a.trim();
            if a.is_empty() {
                continue;
            }
            let v = a
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0 && v.fract() == 0.0);
            match v {
                Some(v) => att.push(v as Ccode),
                None => {
                    return Err(DataError::new(format!(
                        "{}: `attackers` should be COW codes separated by `;`, found `{a}`",
                        t.at(r)
                    )));
                }
            }
        }
        att.sort_unstable();
        att.dedup();
        if att.is_empty() {
            return Err(DataError::new(format!("{}: `attackers` is empty", t.at(r))));
        }
        let y = t.req_int(r, year)? as i32;
        let tg = ccode(t, r, target)?;
        let pa = ccode(t, r, partner)?;
        if att.contains(&tg) || att.contains(&pa) || tg == pa {
            return Err(DataError::new(format!(
                "{}: the target, the partner and the attackers must be different states",
                t.at(r)
            )));
        }
        let obs = match observed {
            None => None,
            Some(c) => match t.int(r, c)? {
                None => None,
                Some(0) => Some(false),
                Some(1) => Some(true),
                Some(v) => {
                    return Err(DataError::new(format!(
                        "{}: `observed` should be 1, 0 or empty, found {v}",
                        t.at(r)
                    )));
                }
            },
        };
        let group = format!(
            "{y}-{tg}-{}",
            att.iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(";")
        );
        groups.insert(group.clone());
        set.cases.push(Case {
            id: case_id,
            group,
            year: y,
            target: tg,
            attackers: att,
            co_targets: Vec::new(),
            partner: pa,
            observed: obs,
        });
    }
    set.wars = groups.len();
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Obligations;

    fn atop() -> Atop {
        let mut a = Atop::default();
        let d = Obligations(Obligations::DEFENSE);
        a.add(1990, 670, 690, d); // SAU defends KUW
        a.add(1990, 651, 690, d); // EGY defends KUW
        a.add(1990, 645, 690, d); // IRQ defends KUW (an attacker: not a case)
        a.add(1990, 690, 670, d); // KUW defends SAU (wrong direction for KUW's partners)
        a.add(1990, 2, 700, d);
        a
    }

    #[test]
    fn mid_cases_from_cow_participants() {
        let t = Table::parse(
            "midb",
            "dispnum,ccode,styear,sidea,orig,hostlev,hiact\n\
             3957,645,1990,1,1,5,20\n3957,690,1990,0,1,5,20\n3957,670,1991,0,0,5,21\n\
             12,2,1990,1,1,4,16\n12,700,1990,0,1,4,16\n",
        )
        .unwrap();
        let set = from_mid_table(&t, &atop()).unwrap();
        assert_eq!(set.wars, 1);
        let ids: Vec<_> = set.cases.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["3957-690-651", "3957-690-670"]);
        assert_eq!(set.cases[0].observed, Some(false));
        assert_eq!(set.cases[1].observed, Some(true));
        assert_eq!(set.cases[1].attackers, vec![645]);
        assert_eq!(set.cases[1].year, 1990);
    }

    #[test]
    fn gml_participants_mark_war_by_highest_action() {
        let t = Table::parse(
            "gml",
            "dispnum,ccode,styear,sidea,orig,hiact\n\
             1.0,645.0,1990.0,1.0,1.0,20.0\n1.0,690.0,1990.0,0.0,1.0,0.0\n",
        )
        .unwrap();
        let set = from_mid_table(&t, &atop()).unwrap();
        assert_eq!(set.wars, 1);
        assert_eq!(set.cases.len(), 2);
    }

    #[test]
    fn csv_cases_and_their_errors() {
        let ok = Table::parse(
            "c",
            "case_id,year,target,attackers,partner,observed\na,1990,690,645;2,670,\nb,1990,690,2;645,651,0\n",
        )
        .unwrap();
        let set = from_csv_table(&ok).unwrap();
        assert_eq!(set.cases[0].observed, None);
        assert_eq!(set.cases[0].group, set.cases[1].group);
        assert_eq!(set.wars, 1);
        for bad in [
            "case_id,year,target,attackers,partner\na,1990,690,,670\n",
            "case_id,year,target,attackers,partner\na,1990,690,645,645\n",
            "case_id,year,target,attackers,partner,observed\na,1990,690,645,670,2\n",
            "case_id,year,target,attackers,partner\na,1990,690,645,670\na,1990,690,645,671\n",
        ] {
            assert!(
                from_csv_table(&Table::parse("c", bad).unwrap()).is_err(),
                "{bad}"
            );
        }
    }
}
