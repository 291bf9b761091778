//! Reading each dataset into the figures casus needs, for the selected states.

use std::collections::BTreeMap;

use crate::Error;
use crate::codes::{self, Resolved};
use crate::csv::{Table, cell};

/// A number, or none for an empty / NA / -9 cell (COW's missing value).
pub(crate) fn num(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("NA") || s == "-9" || s == "." || s == ".." {
        return None;
    }
    s.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// A whole number written as `770` or `770.0`.
pub(crate) fn int(s: &str) -> Option<i32> {
    let x = num(s)?;
    (x.fract() == 0.0 && x.abs() < 1e9).then_some(x as i32)
}

fn bad_value(t: &Table, row: usize, col: &str, v: &str) -> Error {
    Error::new(format!(
        "{}:{}: column `{col}` holds `{v}`, which is not a number",
        t.name, t.lines[row]
    ))
}

/// The first and last value of an integer column (years).
fn span(t: &Table, col: usize) -> Option<(i32, i32)> {
    let mut lo = i32::MAX;
    let mut hi = i32::MIN;
    for r in &t.rows {
        if let Some(y) = int(cell(r, col)) {
            lo = lo.min(y);
            hi = hi.max(y);
        }
    }
    (lo <= hi).then_some((lo, hi))
}

// ---------------------------------------------------------------------------
// COW NMC
// ---------------------------------------------------------------------------

pub(crate) struct Power {
    pub cinc: f64,
    /// The cell as written, for the citation.
    pub cinc_text: String,
    /// NMC components that are missing for this state-year.
    pub missing: Vec<String>,
}

pub(crate) struct Nmc {
    pub first: i32,
    pub last: i32,
    pub power: BTreeMap<i32, Power>,
}

const NMC_PARTS: [&str; 6] = ["milex", "milper", "irst", "pec", "tpop", "upop"];

pub(crate) fn nmc(t: &Table, year: i32, states: &[Resolved]) -> Result<Nmc, Error> {
    let c_code = t.column("ccode", "COW country code")?;
    let c_year = t.column("year", "year")?;
    let c_cinc = t.column("cinc", "the Composite Index of National Capability")?;
    let parts: Vec<(usize, &str)> = NMC_PARTS
        .iter()
        .filter_map(|p| t.find(p).map(|i| (i, *p)))
        .collect();
    let (first, last) = span(t, c_year)
        .ok_or_else(|| Error::new(format!("{}: no year in column `year`", t.name)))?;
    if year < first || year > last {
        return Err(Error::new(format!(
            "year {year} is out of range: {} covers {first}-{last}",
            t.name
        ))
        .with_help(format!(
            "pick --year between {first} and {last}; for later years, cite another source for power"
        )));
    }
    let mut power = BTreeMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        if int(cell(r, c_year)) != Some(year) {
            continue;
        }
        let Some(cc) = int(cell(r, c_code)) else {
            continue;
        };
        if !states.iter().any(|s| s.code.ccode == cc) {
            continue;
        }
        let text = cell(r, c_cinc);
        let Some(cinc) = num(text) else {
            if text.is_empty() || text.eq_ignore_ascii_case("NA") {
                continue; // reported below as missing
            }
            return Err(bad_value(t, i, "cinc", text));
        };
        let missing = parts
            .iter()
            .filter(|(c, _)| num(cell(r, *c)).is_none())
            .map(|(_, p)| p.to_string())
            .collect();
        power.insert(
            cc,
            Power {
                cinc,
                cinc_text: text.to_string(),
                missing,
            },
        );
    }
    for s in states {
        if !power.contains_key(&s.code.ccode) {
            return Err(Error::new(format!(
                "{} ({}, COW {}) has no CINC in {} for {year}",
                s.id, s.code.name, s.code.ccode, t.name
            ))
            .with_help(
                "the state may not be in the state system that year; drop it or give its power from another source"
                    .to_string(),
            ));
        }
    }
    Ok(Nmc { first, last, power })
}

// ---------------------------------------------------------------------------
// COW capitals
// ---------------------------------------------------------------------------

pub(crate) struct Capital {
    pub name: String,
    pub state_name: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub from: String,
    pub to: String,
}

pub(crate) fn capitals(
    t: &Table,
    year: i32,
    states: &[Resolved],
) -> Result<BTreeMap<i32, Capital>, Error> {
    let c_code = t.column("ccode", "COW country code")?;
    let c_cap = t.column("capital", "capital name")?;
    let c_st = t.column("stdate", "first day as capital, YYYY-MM-DD")?;
    let c_end = t.column("enddate", "last day as capital, YYYY-MM-DD")?;
    let c_lat = t.any_column(&["lat", "latitude"], "latitude, degrees")?;
    let c_lon = t.any_column(&["lng", "lon", "long", "longitude"], "longitude, degrees")?;
    let c_name = t.find("statenme");
    let year_end = format!("{year:04}-12-31");
    let year_start = format!("{year:04}-01-01");
    let mut out = BTreeMap::new();
    for s in states {
        let cc = s.code.ccode;
        let rows: Vec<(usize, &Vec<String>)> = t
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| int(cell(r, c_code)) == Some(cc))
            .collect();
        // The capital at the end of the year; else one that was capital at
        // some time in the year (the latest to start).
        let pick = |from: &str, to: &str| {
            rows.iter()
                .filter(|(_, r)| cell(r, c_st) <= to && cell(r, c_end) >= from)
                .max_by(|a, b| cell(a.1, c_st).cmp(cell(b.1, c_st)))
                .copied()
        };
        let Some((i, r)) = pick(&year_end, &year_end).or_else(|| pick(&year_start, &year_end))
        else {
            let last = rows.iter().map(|(_, r)| cell(r, c_end)).max();
            return Err(Error::new(format!(
                "{} ({}, COW {cc}) has no capital in {} for {year}",
                s.id, s.code.name, t.name
            ))
            .with_help(match last {
                Some(l) => format!("its rows end on {l}"),
                None => "the file has no row for this state".to_string(),
            }));
        };
        let lat = num(cell(r, c_lat)).ok_or_else(|| bad_value(t, i, "lat", cell(r, c_lat)))?;
        let lon = num(cell(r, c_lon)).ok_or_else(|| bad_value(t, i, "lng", cell(r, c_lon)))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(Error::new(format!(
                "{}:{}: [{lat}, {lon}] is not a position on Earth",
                t.name, t.lines[i]
            )));
        }
        out.insert(
            cc,
            Capital {
                name: cell(r, c_cap).to_string(),
                state_name: c_name
                    .map(|c| cell(r, c).to_string())
                    .filter(|n| !n.is_empty()),
                lat,
                lon,
                from: cell(r, c_st).to_string(),
                to: cell(r, c_end).to_string(),
            },
        );
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// ATOP
// ---------------------------------------------------------------------------

/// ATOP obligation types, strongest first, as casus names them.
pub(crate) const OBLIGATIONS: [(&str, &str); 5] = [
    ("defense", "defense"),
    ("offense", "offense"),
    ("neutral", "neutrality"),
    ("nonagg", "nonaggression"),
    ("consul", "consultation"),
];

/// Which of the five obligations a member (or direction) holds.
pub(crate) type Obligations = [bool; 5];

pub(crate) fn strongest(o: &Obligations) -> Option<&'static str> {
    o.iter().position(|&b| b).map(|i| OBLIGATIONS[i].1)
}

pub(crate) fn listed(o: &Obligations) -> String {
    let v: Vec<&str> = OBLIGATIONS
        .iter()
        .zip(o)
        .filter(|(_, b)| **b)
        .map(|((a, _), _)| *a)
        .collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

pub(crate) enum AtopKind {
    Member,
    Dyad,
}

pub(crate) fn atop_kind(t: &Table) -> Result<AtopKind, Error> {
    if t.find("atopid").is_some() && t.find("member").is_some() {
        Ok(AtopKind::Member)
    } else if t.find("ccode1").is_some() && t.find("atop_defense").is_some() {
        Ok(AtopKind::Dyad)
    } else {
        Err(Error::new(format!(
            "{}: not an ATOP file casus knows: it has neither `atopid` and `member` (ATOP member level) nor `ccode1` and `atop_defense` (ATOP dyad-years)",
            t.name
        ))
        .with_help(format!(
            "its columns begin: {}",
            t.headers.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
        )))
    }
}

/// One member's row of an alliance in force.
pub(crate) struct AtopMember {
    pub ccode: i32,
    pub yrent: i32,
    pub phase: i32,
    pub obligations: Obligations,
    pub defcoadv: bool,
    pub defcoloc: bool,
    pub offcoadv: bool,
    pub offcoloc: bool,
    pub threats: Vec<i32>,
    pub bilat: bool,
    pub asymm: bool,
}

pub(crate) struct Alliance {
    pub atopid: i32,
    /// First year of any phase of the alliance (any member).
    pub begin: i32,
    /// Every member in force at the year, selected or not.
    pub members: Vec<AtopMember>,
}

pub(crate) struct AtopMembers {
    pub first: i32,
    pub last: i32,
    /// The year used: `min(year, last)`.
    pub year: i32,
    pub alliances: Vec<Alliance>,
}

pub(crate) fn atop_members(t: &Table, year: i32) -> Result<AtopMembers, Error> {
    let c_id = t.column("atopid", "ATOP alliance id")?;
    let c_mem = t.column("member", "member's COW code")?;
    let c_ent = t.column("yrent", "year of entry")?;
    let c_exit = t.column("yrexit", "year of exit, 0 = still in")?;
    let c_obl: Vec<usize> = OBLIGATIONS
        .iter()
        .map(|(c, _)| t.column(c, "ATOP obligation, 0/1"))
        .collect::<Result<_, _>>()?;
    let c_phase = t.find("phase");
    let opt = |c: &str| t.find(c);
    let (c_defadv, c_defloc, c_offadv, c_offloc) = (
        opt("defcoadv"),
        opt("defcoloc"),
        opt("offcoadv"),
        opt("offcoloc"),
    );
    let (c_thr1, c_thr2, c_bilat, c_asymm) =
        (opt("statthr1"), opt("statthr2"), opt("bilat"), opt("asymm"));
    let flag = |r: &Vec<String>, c: Option<usize>| c.is_some_and(|c| int(cell(r, c)) == Some(1));
    let mut first = i32::MAX;
    let mut last = i32::MIN;
    for r in &t.rows {
        if let Some(e) = int(cell(r, c_ent)) {
            first = first.min(e);
            last = last.max(e);
        }
        if let Some(x) = int(cell(r, c_exit)) {
            last = last.max(x);
        }
    }
    if first > last {
        return Err(Error::new(format!("{}: no year in column `yrent`", t.name)));
    }
    let at = year.min(last);
    let mut begin: BTreeMap<i32, i32> = BTreeMap::new();
    // (atopid, member) -> the row of the latest phase in force at `at`.
    let mut live: BTreeMap<(i32, i32), AtopMember> = BTreeMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let (Some(id), Some(m), Some(ent)) =
            (int(cell(r, c_id)), int(cell(r, c_mem)), int(cell(r, c_ent)))
        else {
            if cell(r, c_id).is_empty() {
                continue;
            }
            return Err(bad_value(t, i, "atopid/member/yrent", cell(r, c_id)));
        };
        let exit = int(cell(r, c_exit)).unwrap_or(0);
        let b = begin.entry(id).or_insert(ent);
        *b = (*b).min(ent);
        if ent > at || (exit != 0 && exit < at) {
            continue;
        }
        let mut obligations = [false; 5];
        for (k, c) in c_obl.iter().enumerate() {
            obligations[k] = int(cell(r, *c)) == Some(1);
        }
        let threats = [c_thr1, c_thr2]
            .iter()
            .filter_map(|c| c.and_then(|c| int(cell(r, c))))
            .filter(|&c| c > 0)
            .collect();
        let row = AtopMember {
            ccode: m,
            yrent: ent,
            phase: c_phase.and_then(|c| int(cell(r, c))).unwrap_or(0),
            obligations,
            defcoadv: flag(r, c_defadv),
            defcoloc: flag(r, c_defloc),
            offcoadv: flag(r, c_offadv),
            offcoloc: flag(r, c_offloc),
            threats,
            bilat: flag(r, c_bilat),
            asymm: flag(r, c_asymm),
        };
        match live.get(&(id, m)) {
            Some(old) if old.phase >= row.phase => {}
            _ => {
                live.insert((id, m), row);
            }
        }
    }
    let mut alliances: BTreeMap<i32, Alliance> = BTreeMap::new();
    for ((id, _), m) in live {
        alliances
            .entry(id)
            .or_insert_with(|| Alliance {
                atopid: id,
                begin: begin[&id],
                members: Vec::new(),
            })
            .members
            .push(m);
    }
    Ok(AtopMembers {
        first,
        last,
        year: at,
        alliances: alliances.into_values().collect(),
    })
}

pub(crate) struct AtopDyads {
    pub first: i32,
    pub last: i32,
    pub year: i32,
    /// (ccode1, ccode2) directed -> obligations of 1 toward 2.
    pub dyads: BTreeMap<(i32, i32), Obligations>,
}

pub(crate) fn atop_dyads(t: &Table, year: i32, states: &[Resolved]) -> Result<AtopDyads, Error> {
    let c1 = t.column("ccode1", "COW code of the promising state")?;
    let c2 = t.column("ccode2", "COW code of the partner")?;
    let cy = t.column("year", "year")?;
    let c_obl: Vec<usize> = OBLIGATIONS
        .iter()
        .map(|(c, _)| t.column(&format!("atop_{c}"), "ATOP obligation, 0/1"))
        .collect::<Result<_, _>>()?;
    let (first, last) =
        span(t, cy).ok_or_else(|| Error::new(format!("{}: no year in column `year`", t.name)))?;
    let at = year.min(last);
    let mut dyads = BTreeMap::new();
    for r in &t.rows {
        if int(cell(r, cy)) != Some(at) {
            continue;
        }
        let (Some(a), Some(b)) = (int(cell(r, c1)), int(cell(r, c2))) else {
            continue;
        };
        let selected = |c: i32| states.iter().any(|s| s.code.ccode == c);
        if a == b || !selected(a) || !selected(b) {
            continue;
        }
        let mut o = [false; 5];
        for (k, c) in c_obl.iter().enumerate() {
            o[k] = int(cell(r, *c)) == Some(1);
        }
        if o.iter().any(|&x| x) {
            dyads.insert((a, b), o);
        }
    }
    Ok(AtopDyads {
        first,
        last,
        year: at,
        dyads,
    })
}

// ---------------------------------------------------------------------------
// SIPRI
// ---------------------------------------------------------------------------

/// One delivery record: supplier → recipient in a year, TIV (USD m).
pub(crate) struct Transfer {
    pub supplier: String,
    pub supplier_cc: Option<i32>,
    pub recipient_cc: Option<i32>,
    pub year: i32,
    pub tiv: f64,
}

pub(crate) struct Sipri {
    pub first: i32,
    pub last: i32,
    pub transfers: Vec<Transfer>,
}

/// SIPRI codes non-state actors with a `*` (and organisations with `**`)
/// under the code of the state where they act; they are not that state.
fn non_state(name: &str) -> bool {
    name.trim_end().ends_with('*')
}

/// A SIPRI party's COW code: the file's, else by name for the few states
/// SIPRI leaves uncoded (Serbia, SIPRI's name for COW 345 since 2006).
fn sipri_code(name: &str, code: &str) -> Option<i32> {
    if non_state(name) {
        return None;
    }
    int(code).or_else(|| {
        let n = name.trim();
        if n.eq_ignore_ascii_case("Serbia") {
            return Some(345);
        }
        codes::CODES
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(n))
            .map(|c| c.ccode)
    })
}

pub(crate) fn sipri(t: &Table) -> Result<Sipri, Error> {
    if t.find("supplier").is_none()
        && t.rows
            .iter()
            .take(12)
            .any(|r| cell(r, 0).starts_with("Figures are SIPRI"))
    {
        return Err(Error::new(format!(
            "{}: this is a SIPRI export table as downloaded (header lines, then recipients by year); casus reads the long form supplier,recipient,year,value,supplier_cown,recipient_cown",
            t.name
        ))
        .with_help("pass sipri-exports-processed.csv".to_string()));
    }
    let cs = t.column("supplier", "supplier name")?;
    let cy = t.column("year", "year of delivery")?;
    let cv = t.any_column(&["value", "tiv"], "TIV, USD m")?;
    let csc = t.column("supplier_cown", "supplier's COW code")?;
    let crc = t.column("recipient_cown", "recipient's COW code")?;
    let cr = t.column("recipient", "recipient name")?;
    let (first, last) =
        span(t, cy).ok_or_else(|| Error::new(format!("{}: no year in column `year`", t.name)))?;
    let mut transfers = Vec::with_capacity(t.rows.len());
    for (i, r) in t.rows.iter().enumerate() {
        let Some(year) = int(cell(r, cy)) else {
            continue;
        };
        let v = cell(r, cv);
        let tiv = match num(v) {
            Some(x) => x,
            None if v.is_empty() || v.eq_ignore_ascii_case("NA") => continue,
            None => return Err(bad_value(t, i, "value", v)),
        };
        transfers.push(Transfer {
            supplier: cell(r, cs).to_string(),
            supplier_cc: sipri_code(cell(r, cs), cell(r, csc)),
            recipient_cc: sipri_code(cell(r, cr), cell(r, crc)),
            year,
            tiv,
        });
    }
    Ok(Sipri {
        first,
        last,
        transfers,
    })
}

// ---------------------------------------------------------------------------
// GDP
// ---------------------------------------------------------------------------

pub(crate) struct Gdp {
    /// ccode -> (USD bn, the value as written, its unit)
    pub values: BTreeMap<i32, (f64, String, &'static str)>,
    pub label: String,
}

/// A World Bank WDI download (`Country Name, Country Code, Indicator Name,
/// Indicator Code, 1960, …`, after a few preamble lines; values in USD), or
/// a long file with a state-code column, `year`, and `gdp_usd` or
/// `gdp_usd_bn`.
pub(crate) fn gdp(t: Table, year: i32, states: &[Resolved]) -> Result<Gdp, Error> {
    let header_at = std::iter::once(&t.headers)
        .chain(t.rows.iter())
        .take(10)
        .position(|r| r.iter().any(|c| c.trim() == "Country Code"));
    let mut values = BTreeMap::new();
    let matches = |s: &Resolved, code: &str| {
        let code = code.trim();
        !code.is_empty()
            && (s.code.iso == Some(code)
                || s.code.cow == code
                || int(code) == Some(s.code.ccode)
                || s.id == code)
    };
    if let Some(h) = header_at {
        let t = t.reheader(h);
        let cc = t.column("Country Code", "ISO-3 code")?;
        let ci = t.find("Indicator Code");
        let cy = t.column(&year.to_string(), "the GDP year (a column per year)")?;
        let mut indicator = String::new();
        for r in &t.rows {
            for s in states {
                if matches(s, cell(r, cc)) {
                    if let Some(v) = num(cell(r, cy)) {
                        values.insert(s.code.ccode, (v / 1e9, cell(r, cy).to_string(), "USD"));
                    }
                    if let Some(ci) = ci {
                        indicator = cell(r, ci).to_string();
                    }
                }
            }
        }
        let label = if indicator.is_empty() {
            format!("{}, {year}", t.name)
        } else {
            format!("{} ({indicator}), {year}", t.name)
        };
        return Ok(Gdp { values, label });
    }
    let cc = t.any_column(
        &["iso3", "iso3c", "code", "country_code", "ccode", "stateabb"],
        "the state's ISO-3 or COW code",
    )?;
    let cy = t.column("year", "year")?;
    let (cv, unit, scale) = if let Some(i) = t.find("gdp_usd_bn") {
        (i, "USD bn", 1.0)
    } else if let Some(i) = t.find("gdp_usd") {
        (i, "USD", 1e-9)
    } else {
        return Err(Error::new(format!(
            "{}: missing column: `gdp_usd` (GDP in US dollars) or `gdp_usd_bn` (in billions); the name says the unit",
            t.name
        )));
    };
    for (i, r) in t.rows.iter().enumerate() {
        if int(cell(r, cy)) != Some(year) {
            continue;
        }
        for s in states {
            if matches(s, cell(r, cc)) {
                let v = cell(r, cv);
                match num(v) {
                    Some(x) => {
                        values.insert(s.code.ccode, (x * scale, v.to_string(), unit));
                    }
                    None if v.is_empty() || v.eq_ignore_ascii_case("NA") => {}
                    None => return Err(bad_value(&t, i, t.headers[cv].as_str(), v)),
                }
            }
        }
    }
    Ok(Gdp {
        values,
        label: format!("{}, {year}", t.name),
    })
}
