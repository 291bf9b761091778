//! Writing the TOML blocks, each number with its citation.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::codes::{self, Resolved};
use crate::sources::{self, AtopKind, Obligations};
use crate::{Error, Inputs, Output, Request};

/// Comments start in this column, as in the bundled scenarios.
const COMMENT_COL: usize = 35;

fn kv(out: &mut String, key_value: &str, comment: &str) {
    if comment.is_empty() {
        let _ = writeln!(out, "{key_value}");
    } else {
        let pad = COMMENT_COL.saturating_sub(key_value.chars().count()).max(1);
        let _ = writeln!(out, "{key_value}{:pad$}# {comment}", "");
    }
}

/// 5985.4 → "5,985"; small values keep one decimal.
pub(crate) fn tiv(x: f64) -> String {
    if x < 10.0 && x.fract() != 0.0 {
        return format!("{x:.1}");
    }
    let n = x.round() as i64;
    let s = n.abs().to_string();
    // A comma before every digit whose position from the left is the length
    // modulo 3 (mod 3): "5985" gets one after "5".
    let lead = s.len() % 3;
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && i % 3 == lead {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn pct(x: f64) -> String {
    // `+ 0.0` turns the -0.0 of an empty f64 sum into 0.0.
    format!("{:.1}%", 100.0 * x + 0.0)
}

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(q, "\\u{:04X}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn id_list(ids: &[&str]) -> String {
    let q: Vec<String> = ids.iter().map(|i| quote(i)).collect();
    format!("[{}]", q.join(", "))
}

/// GDP in USD bn, rounded as the bundled scenarios write it.
fn economy(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Generates the blocks for `req` from `inp`.
pub fn generate(req: &Request, inp: &Inputs) -> Result<Output, Error> {
    let mut notes = Vec::new();
    if req.states.is_empty() {
        return Err(Error::new("no states given".to_string()).with_help(
            "--states IND,PAK,CHN (ISO-3 codes, COW abbreviations or numbers)".to_string(),
        ));
    }
    if !(req.dependence > 0.0 && req.dependence <= 1.0) {
        return Err(Error::new(format!(
            "--dependence {} is out of range: it is a fraction in (0, 1]",
            req.dependence
        )));
    }
    if !(0.0..1.0).contains(&req.min_share) {
        return Err(Error::new(format!(
            "--min-share {} is out of range: it is a fraction in [0, 1)",
            req.min_share
        )));
    }
    let mut states: Vec<Resolved> = Vec::new();
    for tok in &req.states {
        let r = codes::resolve(tok, &mut notes)?;
        if let Some(prev) = states
            .iter()
            .find(|s| s.code.ccode == r.code.ccode || s.id == r.id)
        {
            return Err(Error::new(format!(
                "`{tok}` names {} again (already given as {})",
                r.code.name, prev.id
            )));
        }
        states.push(r);
    }
    let id_of = |cc: i32| {
        states
            .iter()
            .find(|s| s.code.ccode == cc)
            .map(|s| s.id.as_str())
    };

    let nmc = sources::nmc(&inp.nmc, req.year, &states)?;
    let caps = sources::capitals(&inp.capitals, req.year, &states)?;
    let gdp_year = req.gdp_year.unwrap_or(req.year);
    let gdp = match &inp.gdp {
        Some(t) => Some(sources::gdp(t.clone(), gdp_year, &states)?),
        None => None,
    };

    let mut member_level = None;
    let mut dyad_level = None;
    for t in &inp.atop {
        match sources::atop_kind(t)? {
            AtopKind::Member => {
                if member_level.is_some() {
                    return Err(Error::new(format!(
                        "{}: a second ATOP member-level file",
                        t.name
                    )));
                }
                member_level = Some((t.name.clone(), sources::atop_members(t, req.year)?));
            }
            AtopKind::Dyad => {
                if dyad_level.is_some() {
                    return Err(Error::new(format!(
                        "{}: a second ATOP dyad-year file",
                        t.name
                    )));
                }
                dyad_level = Some((t.name.clone(), sources::atop_dyads(t, req.year, &states)?));
            }
        }
    }

    let sipri = match &inp.sipri {
        Some(t) => {
            let s = sources::sipri(t)?;
            let (a, b) = match req.sipri_years {
                Some(span) => span,
                None => {
                    let end = req.year.min(s.last);
                    ((end - 9).max(s.first), end)
                }
            };
            if a < s.first || b > s.last {
                return Err(Error::new(format!(
                    "SIPRI years {a}-{b} are out of range: {} covers {}-{}",
                    t.name, s.first, s.last
                ))
                .with_help(format!(
                    "pick --sipri-years within {}-{}; later deliveries must come from another source",
                    s.first, s.last
                )));
            }
            Some((t.name.clone(), s, a, b))
        }
        None => None,
    };

    // ---- header ----------------------------------------------------------
    let mut out = String::new();
    let ids: Vec<&str> = states.iter().map(|s| s.id.as_str()).collect();
    let _ = writeln!(
        out,
        "# -----------------------------------------------------------------------------"
    );
    let _ = writeln!(
        out,
        "# Generated by `casus data` (casus {}) for {}, states {}.",
        env!("CARGO_PKG_VERSION"),
        req.year,
        ids.join(", ")
    );
    if let Some(cmd) = &req.command {
        let _ = writeln!(out, "# Command: {cmd}");
    }
    let _ = writeln!(
        out,
        "# Sources (files as given; cite the datasets, not casus):"
    );
    let _ = writeln!(
        out,
        "#   power     {}: COW National Material Capabilities, {}-{} (Singer, Bremer & Stuckey 1972; NMC codebook)",
        inp.nmc.name, nmc.first, nmc.last
    );
    let _ = writeln!(
        out,
        "#   position  {}: COW capitals with coordinates",
        inp.capitals.name
    );
    if let Some((name, m)) = &member_level {
        let _ = writeln!(
            out,
            "#   pacts     {name}: ATOP member level, {}-{} (Leeds et al. 2002)",
            m.first, m.last
        );
    }
    if let Some((name, d)) = &dyad_level {
        let _ = writeln!(
            out,
            "#   pacts     {name}: ATOP directed dyad-years, {}-{} (Leeds et al. 2002)",
            d.first, d.last
        );
    }
    if let Some((name, s, a, b)) = &sipri {
        let _ = writeln!(
            out,
            "#   supply    {name}: SIPRI Arms Transfers Database, TIV (USD m, constant prices), {}-{}; shares over {a}-{b}",
            s.first, s.last
        );
    }
    match &gdp {
        Some(g) => {
            let _ = writeln!(out, "#   economy   {}", g.label);
        }
        None => {
            let _ = writeln!(
                out,
                "#   economy   none given: NMC has no GDP; fill in `economy` (GDP, USD bn) from a source you cite, or pass --gdp"
            );
        }
    }
    let mut stops = vec![format!("NMC {}", nmc.last)];
    if let Some((_, m)) = &member_level {
        stops.push(format!("ATOP member level {}", m.last));
    }
    if let Some((_, d)) = &dyad_level {
        stops.push(format!("ATOP dyad-years {}", d.last));
    }
    if let Some((_, s, _, _)) = &sipri {
        stops.push(format!("SIPRI {}", s.last));
    }
    let _ = writeln!(
        out,
        "# Where the data stop: {}. Anything later needs another source, cited beside it.",
        stops.join(", ")
    );
    let _ = writeln!(
        out,
        "# This is a starting point: review every number, and mark your judgments as such."
    );
    let _ = writeln!(
        out,
        "# -----------------------------------------------------------------------------"
    );

    // ---- states ------------------------------------------------------------
    for s in &states {
        let p = &nmc.power[&s.code.ccode];
        let cap = &caps[&s.code.ccode];
        let name = cap
            .state_name
            .clone()
            .unwrap_or_else(|| s.code.name.to_string());
        let _ = writeln!(out);
        let _ = writeln!(out, "[[state]]");
        kv(
            &mut out,
            &format!("id = {}", quote(&s.id)),
            &format!(
                "{} {} -> COW {} / {}",
                s.how,
                req_token(req, s),
                s.code.cow,
                s.code.ccode
            ),
        );
        kv(&mut out, &format!("name = {}", quote(&name)), "");
        let mut cite = format!(
            "COW NMC ({}), {}, CINC = {} (x 1000)",
            inp.nmc.name, req.year, p.cinc_text
        );
        if !p.missing.is_empty() {
            let _ = write!(cite, "; missing in NMC: {}", p.missing.join(", "));
        }
        kv(&mut out, &format!("power = {:.3}", p.cinc * 1000.0), &cite);
        if p.cinc <= 0.0 {
            notes.push(format!(
                "{}: CINC is 0 in {}; casus needs power > 0",
                s.id, req.year
            ));
        }
        match gdp
            .as_ref()
            .and_then(|g| g.values.get(&s.code.ccode).map(|v| (g, v)))
        {
            Some((g, (bn, raw, unit))) => kv(
                &mut out,
                &format!("economy = {}", economy(*bn)),
                &format!("GDP, USD bn: {} = {raw} {unit}", g.label),
            ),
            None => {
                let why = if gdp.is_some() {
                    format!("no GDP for {} in {gdp_year} in the --gdp file", s.id)
                } else {
                    "NMC has no GDP".to_string()
                };
                if gdp.is_some() {
                    notes.push(format!("{why}; `economy` left for you"));
                }
                let _ = writeln!(
                    out,
                    "# economy = ?                      # GDP, USD bn: {why}; give it from a source you cite"
                );
            }
        }
        kv(
            &mut out,
            &format!("position = [{:.4}, {:.4}]", cap.lat, cap.lon),
            &format!(
                "{}, COW capitals ({}), capital {} to {}",
                cap.name, inp.capitals.name, cap.from, cap.to
            ),
        );
    }

    // ---- pacts ---------------------------------------------------------------
    let mut pact_blocks = 0usize;
    if let Some((fname, m)) = &member_level {
        if m.year < req.year {
            notes.push(format!(
                "{fname} ends in {}: pacts are those in force then, not in {}",
                m.year, req.year
            ));
        }
        for a in &m.alliances {
            let mut sel: Vec<(&Resolved, &sources::AtopMember)> = states
                .iter()
                .filter_map(|s| {
                    a.members
                        .iter()
                        .find(|x| x.ccode == s.code.ccode)
                        .map(|x| (s, x))
                })
                .collect();
            if sel.len() < 2 {
                continue;
            }
            sel.sort_by_key(|(s, _)| states.iter().position(|x| x.id == s.id));
            let mut all: Obligations = [false; 5];
            for (_, x) in &sel {
                for (a, o) in all.iter_mut().zip(x.obligations) {
                    *a |= o;
                }
            }
            let Some(kind) = sources::strongest(&all) else {
                continue;
            };
            pact_blocks += 1;
            let members: Vec<&str> = sel.iter().map(|(s, _)| s.id.as_str()).collect();
            let bilat = sel.iter().any(|(_, x)| x.bilat);
            let since = sel.iter().map(|(_, x)| x.yrent).min().unwrap_or(a.begin);
            let _ = writeln!(out);
            let _ = writeln!(out, "[[pact]]");
            kv(&mut out, &format!("id = \"atop-{}\"", a.atopid), "");
            kv(
                &mut out,
                &format!("name = \"ATOP {} ({})\"", a.atopid, a.begin),
                "ATOP has no treaty names: replace with the treaty's",
            );
            kv(
                &mut out,
                &format!("kind = {}", quote(kind)),
                &format!(
                    "ATOP member level ({fname}), atopid {}, in force {}: obligations {}{}",
                    a.atopid,
                    m.year,
                    sources::listed(&all),
                    if bilat { "; bilateral" } else { "" }
                ),
            );
            let others: Vec<String> = a
                .members
                .iter()
                .filter(|x| !sel.iter().any(|(_, y)| y.ccode == x.ccode))
                .map(|x| {
                    codes::by_ccode(x.ccode).map_or(x.ccode.to_string(), |c| c.id().to_string())
                })
                .collect();
            let mem_note = if others.is_empty() {
                format!(
                    "all {} members in force in {}; current phase since {since}",
                    a.members.len(),
                    m.year
                )
            } else {
                format!(
                    "{} of its {} members in {}; not in --states: {}",
                    sel.len(),
                    a.members.len(),
                    m.year,
                    others.join(", ")
                )
            };
            kv(
                &mut out,
                &format!("members = {}", id_list(&members)),
                &mem_note,
            );
            // Asymmetric obligations: casus pacts are symmetric, so say who owes what.
            let distinct = sel
                .iter()
                .any(|(_, x)| x.obligations != sel[0].1.obligations);
            if distinct || sel.iter().any(|(_, x)| x.asymm) {
                let per: Vec<String> = sel
                    .iter()
                    .map(|(s, x)| format!("{} {}", s.id, sources::listed(&x.obligations)))
                    .collect();
                let _ = writeln!(
                    out,
                    "# asymmetric (ATOP asymm/obligations differ): {}; casus applies `kind` to every member",
                    per.join("; ")
                );
            }
            // Conditions.
            let (coadv, coloc) = match kind {
                "defense" => (
                    sel.iter().any(|(_, x)| x.defcoadv),
                    sel.iter().any(|(_, x)| x.defcoloc),
                ),
                "offense" => (
                    sel.iter().any(|(_, x)| x.offcoadv),
                    sel.iter().any(|(_, x)| x.offcoloc),
                ),
                _ => (false, false),
            };
            let mut threats: Vec<i32> = sel
                .iter()
                .flat_map(|(_, x)| x.threats.iter().copied())
                .collect();
            threats.sort_unstable();
            threats.dedup();
            let named: Vec<String> = threats
                .iter()
                .map(|&c| {
                    codes::by_ccode(c).map_or(format!("COW {c}"), |k| format!("{} ({c})", k.id()))
                })
                .collect();
            if coadv && !threats.is_empty() {
                let inside: Vec<&str> = threats.iter().filter_map(|&c| id_of(c)).collect();
                if inside.is_empty() {
                    let _ = writeln!(
                        out,
                        "# conditional on specific adversaries (ATOP {}coadv = 1): {}, none in --states, so\n# the casus foederis cannot arise here; casus would read an empty list as \"any attacker\"",
                        if kind == "defense" { "def" } else { "off" },
                        named.join(", ")
                    );
                } else {
                    kv(
                        &mut out,
                        &format!("adversaries = {}", id_list(&inside)),
                        &format!(
                            "ATOP {}coadv = 1, named threats (statthr1/2): {}",
                            if kind == "defense" { "def" } else { "off" },
                            named.join(", ")
                        ),
                    );
                }
            } else if coadv {
                let _ = writeln!(
                    out,
                    "# conditional on specific adversaries (ATOP coadv = 1) not named in the file: set `adversaries`"
                );
            } else if !threats.is_empty() {
                let _ = writeln!(
                    out,
                    "# threats named in the treaty (ATOP statthr): {}",
                    named.join(", ")
                );
            }
            if coloc {
                let _ = writeln!(
                    out,
                    "# limited to a location (ATOP {}coloc = 1): casus cannot encode geography; decide whether this crisis is in scope",
                    if kind == "defense" { "def" } else { "off" }
                );
            }
            if let Some((dname, d)) = &dyad_level {
                let mut missing = Vec::new();
                for i in 0..sel.len() {
                    for j in i + 1..sel.len() {
                        let (x, y) = (sel[i].1.ccode, sel[j].1.ccode);
                        if !d.dyads.contains_key(&(x, y)) && !d.dyads.contains_key(&(y, x)) {
                            missing.push(format!("{}-{}", sel[i].0.id, sel[j].0.id));
                        }
                    }
                }
                if missing.is_empty() {
                    let _ = writeln!(
                        out,
                        "# {dname}: an obligation is still coded between every pair of these members in {}",
                        d.year
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "# {dname}: no obligation coded in {} for {} (check whether it lapsed)",
                        d.year,
                        missing.join(", ")
                    );
                }
            }
            let _ = writeln!(
                out,
                "# reliability: the default for `{kind}` (Berkemeier & Fuhrmann 2018) unless you set and cite one"
            );
        }
    } else if let Some((dname, d)) = &dyad_level {
        if d.year < req.year {
            notes.push(format!(
                "{dname} ends in {}: pacts are those in force then, not in {}",
                d.year, req.year
            ));
        }
        let mut pairs: BTreeMap<(usize, usize), (Obligations, Obligations)> = BTreeMap::new();
        for (&(a, b), o) in &d.dyads {
            let ia = states
                .iter()
                .position(|s| s.code.ccode == a)
                .expect("selected");
            let ib = states
                .iter()
                .position(|s| s.code.ccode == b)
                .expect("selected");
            let key = (ia.min(ib), ia.max(ib));
            let e = pairs.entry(key).or_insert(([false; 5], [false; 5]));
            if ia < ib {
                e.0 = *o;
            } else {
                e.1 = *o;
            }
        }
        for ((i, j), (ab, ba)) in pairs {
            let mut all = ab;
            for (a, o) in all.iter_mut().zip(ba) {
                *a |= o;
            }
            let Some(kind) = sources::strongest(&all) else {
                continue;
            };
            pact_blocks += 1;
            let (x, y) = (&states[i].id, &states[j].id);
            let _ = writeln!(out);
            let _ = writeln!(out, "[[pact]]");
            kv(&mut out, &format!("id = \"atop-{x}-{y}\""), "");
            kv(
                &mut out,
                &format!("kind = {}", quote(kind)),
                &format!(
                    "ATOP dyad-years ({dname}), {}: {x}->{y} {}; {y}->{x} {}",
                    d.year,
                    sources::listed(&ab),
                    sources::listed(&ba)
                ),
            );
            kv(
                &mut out,
                &format!("members = {}", id_list(&[x, y])),
                "dyad-years carry no ATOP id: pass the member-level file for whole alliances",
            );
            let _ = writeln!(
                out,
                "# reliability: the default for `{kind}` (Berkemeier & Fuhrmann 2018) unless you set and cite one"
            );
        }
    }
    if !inp.atop.is_empty() && pact_blocks == 0 {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "# No ATOP alliance in force binds two of these states."
        );
    }

    // ---- supply --------------------------------------------------------------
    if let Some((sname, s, a, b)) = &sipri {
        let recent = if b - a + 1 > 5 {
            Some((b - 4, *b))
        } else {
            None
        };
        for r in &states {
            let rc = r.code.ccode;
            let in_span = |t: &&sources::Transfer, lo: i32, hi: i32| {
                t.recipient_cc == Some(rc) && (lo..=hi).contains(&t.year)
            };
            let total: f64 = s
                .transfers
                .iter()
                .filter(|t| in_span(t, *a, *b))
                .map(|t| t.tiv)
                .sum();
            let _ = writeln!(out);
            if total <= 0.0 {
                let _ = writeln!(
                    out,
                    "# {}: no arms imports recorded in {sname} for {a}-{b}",
                    r.id
                );
                continue;
            }
            // Every supplier of this recipient, by SIPRI name.
            let mut by_supplier: BTreeMap<String, (f64, Option<i32>)> = BTreeMap::new();
            for t in s.transfers.iter().filter(|t| in_span(t, *a, *b)) {
                let e = by_supplier
                    .entry(t.supplier.clone())
                    .or_insert((0.0, t.supplier_cc));
                e.0 += t.tiv;
            }
            let mut ranked: Vec<(String, f64, Option<i32>)> = by_supplier
                .into_iter()
                .map(|(n, (v, c))| (n, v, c))
                .collect();
            ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let top: Vec<String> = ranked
                .iter()
                .take(6)
                .map(|(n, v, c)| {
                    let mark = match c.and_then(id_of) {
                        Some(id) => format!(" [{id}]"),
                        None => String::new(),
                    };
                    format!("{n}{mark} {}", pct(v / total))
                })
                .collect();
            let _ = writeln!(
                out,
                "# {} arms imports {a}-{b}: {} TIV in all; largest suppliers: {} ([ID] = in --states)",
                r.id,
                tiv(total),
                top.join(", ")
            );
            let recent_total: Option<(i32, i32, f64)> = recent.map(|(lo, hi)| {
                (
                    lo,
                    hi,
                    s.transfers
                        .iter()
                        .filter(|t| in_span(t, lo, hi))
                        .map(|t| t.tiv)
                        .sum(),
                )
            });
            let mut links: Vec<(&Resolved, f64)> = states
                .iter()
                .filter(|x| x.code.ccode != rc)
                .map(|x| {
                    let v: f64 = s
                        .transfers
                        .iter()
                        .filter(|t| in_span(t, *a, *b) && t.supplier_cc == Some(x.code.ccode))
                        .map(|t| t.tiv)
                        .sum();
                    (x, v)
                })
                .filter(|(_, v)| *v > 0.0)
                .collect();
            links.sort_by(|x, y| y.1.total_cmp(&x.1));
            for (sup, v) in links {
                let share = v / total;
                if share < req.min_share {
                    let _ = writeln!(
                        out,
                        "# {}->{}: {} of {} TIV = {} in {a}-{b}, below --min-share {}; not written",
                        sup.id,
                        r.id,
                        tiv(v),
                        tiv(total),
                        pct(share),
                        req.min_share
                    );
                    continue;
                }
                let _ = writeln!(out, "\n[[supply]]");
                kv(&mut out, &format!("id = \"{}-{}-arms\"", sup.id, r.id), "");
                kv(&mut out, &format!("from = {}", quote(&sup.id)), "");
                kv(&mut out, &format!("to = {}", quote(&r.id)), "");
                kv(&mut out, "kind = \"arms\"", "");
                let mut cite = format!(
                    "SIPRI TIV ({sname}): {} {} of {}'s {} = {} of its arms imports {a}-{b}",
                    sup.id,
                    tiv(v),
                    r.id,
                    tiv(total),
                    pct(share)
                );
                if let Some((lo, hi, rt)) = recent_total {
                    let rv: f64 = s
                        .transfers
                        .iter()
                        .filter(|t| in_span(t, lo, hi) && t.supplier_cc == Some(sup.code.ccode))
                        .map(|t| t.tiv)
                        .sum();
                    if rt > 0.0 {
                        let _ = write!(cite, "; {lo}-{hi}: {}", pct(rv / rt));
                    }
                }
                if req.dependence != 1.0 {
                    let _ = write!(
                        cite,
                        "; x {} import dependence (--dependence, a judgment: state your reason)",
                        req.dependence
                    );
                }
                kv(
                    &mut out,
                    &format!("share = {:.3}", share * req.dependence),
                    &cite,
                );
                let _ = writeln!(
                    out,
                    "# embargo: casus's default is {{ when = \"if-hostile\", p = 1.0 }}; set it from the supplier's record"
                );
            }
        }
    }

    Ok(Output { toml: out, notes })
}

fn req_token<'a>(req: &'a Request, s: &Resolved) -> &'a str {
    req.states
        .iter()
        .map(|t| t.trim())
        .find(|t| {
            let mut n = Vec::new();
            codes::resolve(t, &mut n).is_ok_and(|r| r.code.ccode == s.code.ccode && r.id == s.id)
        })
        .unwrap_or("")
}
