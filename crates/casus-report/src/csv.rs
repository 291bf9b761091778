//! Tidy long CSV: one row per figure, `variant,metric,key,estimate,lo,hi,n`,
//! which pandas and R read without options. Floats are written in full
//! (shortest round-trip form); an absent value is an empty field.

use std::fmt::Write;

use casus_runner::estimate::{MeanFigure, Prop};

use crate::Report;

fn field(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| v.to_string())
}

/// Quotes a field when CSV needs it.
fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn prop(o: &mut String, variant: &str, metric: &str, key: &str, p: &Prop, n: u64) {
    let _ = writeln!(
        o,
        "{},{metric},{},{},{},{},{}",
        quoted(variant),
        quoted(key),
        field(p.p),
        field(p.lo),
        field(p.hi),
        p.n.unwrap_or(n)
    );
}

fn mean(o: &mut String, variant: &str, metric: &str, key: &str, m: &MeanFigure) {
    let _ = writeln!(
        o,
        "{},{metric},{},{},{},{},{}",
        quoted(variant),
        quoted(key),
        field(m.mean),
        field(m.lo),
        field(m.hi),
        m.n
    );
    for (q, v) in [("q05", m.q05), ("q50", m.q50), ("q95", m.q95)] {
        if v.is_some() {
            let _ = writeln!(
                o,
                "{},{metric}.{q},{},{},,,{}",
                quoted(variant),
                quoted(key),
                field(v),
                m.n
            );
        }
    }
}

pub(crate) fn render(r: &Report) -> String {
    let mut o = String::from("variant,metric,key,estimate,lo,hi,n\n");
    for v in &r.variants {
        let (name, n) = (v.name.as_str(), v.trials);
        for (k, p) in &v.outcomes.0 {
            prop(&mut o, name, "outcome", k, p, n);
        }
        let e = &v.escalation;
        for (k, p) in [
            ("ge1", &e.ge1),
            ("ge2", &e.ge2),
            ("ge3", &e.ge3),
            ("nuclear", &e.nuclear),
        ] {
            prop(&mut o, name, "escalation", k, p, n);
        }
        mean(&mut o, name, "duration", "", &v.duration);
        mean(&mut o, name, "war_size", "", &v.war_size);
        for (id, s) in &v.states.0 {
            prop(&mut o, name, "state.fights", id, &s.fights, n);
            prop(&mut o, name, "state.side_a", id, &s.side_a, n);
            prop(&mut o, name, "state.side_b", id, &s.side_b, n);
            mean(&mut o, name, "state.entry_step", id, &s.entry_step);
            mean(&mut o, name, "state.loss", id, &s.loss);
            mean(&mut o, name, "state.loss_if_fought", id, &s.loss_if_fought);
            mean(&mut o, name, "state.cost", id, &s.cost);
        }
        for (id, p) in &v.pacts.0 {
            prop(&mut o, name, "pact.invoked", id, &p.invoked, n);
            prop(&mut o, name, "pact.honoured", id, &p.honoured, n);
            prop(&mut o, name, "pact.declined", id, &p.declined, n);
            prop(&mut o, name, "pact.conflicted", id, &p.conflicted, n);
        }
        for (id, l) in &v.supply.0 {
            prop(&mut o, name, "supply.cut", id, &l.cut, n);
            mean(&mut o, name, "supply.cut_step", id, &l.cut_step);
        }
        for (path, c) in &v.clamped.0 {
            let _ = writeln!(o, "{},clamped,{},{c},,,{n}", quoted(name), quoted(path));
        }
    }
    for c in &r.comparisons {
        let pair = quoted(&format!("{}→{}", c.a, c.b));
        let metric = quoted(&c.metric);
        let _ = writeln!(o, "{pair},diff,{metric},{},{},{},", c.diff, c.lo, c.hi);
        let _ = writeln!(o, "{pair},p_value,{metric},{},,,", c.p_value);
    }
    o
}
