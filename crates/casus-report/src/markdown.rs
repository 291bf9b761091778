//! Markdown tables, ready to paste into a brief.

use std::fmt::Write;

use crate::{Report, mean, num, pct};

pub(crate) fn render(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", md(&r.scenario.name));
    let _ = writeln!(
        o,
        "`{}` · seed {} · {} trials per variant · {}% intervals · casus {}\n",
        r.scenario.file,
        r.seed,
        r.trials,
        r.level * 100.0,
        r.casus_version
    );
    for v in &r.variants {
        let _ = writeln!(o, "## Variant `{}`\n", v.name.replace('`', "'"));
        let _ = writeln!(o, "| outcome | probability [interval] |\n|---|---|");
        for (k, p) in &v.outcomes.0 {
            let _ = writeln!(o, "| {k} | {} |", pct(p));
        }
        let e = &v.escalation;
        let _ = writeln!(o, "\n| escalation | probability [interval] |\n|---|---|");
        for (k, p) in [
            ("war (≥ 1)", &e.ge1),
            ("≥ 2", &e.ge2),
            ("≥ 3", &e.ge3),
            ("nuclear use", &e.nuclear),
        ] {
            let _ = writeln!(o, "| {k} | {} |", pct(p));
        }
        let _ = writeln!(
            o,
            "\n| given a war (n = {}) | mean [interval] | median | 5% | 95% |\n|---|---|---|---|---|",
            v.duration.n
        );
        for (k, m) in [
            ("duration (steps)", &v.duration),
            ("war size (states)", &v.war_size),
        ] {
            let _ = writeln!(
                o,
                "| {k} | {} | {} | {} | {} |",
                mean(m),
                num(m.q50),
                num(m.q05),
                num(m.q95)
            );
        }
        let _ = writeln!(
            o,
            "\n| state | fights | side A | side B | entry step (if fought) | loss (if fought) |\n|---|---|---|---|---|---|"
        );
        for (id, s) in &v.states.0 {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} |",
                md(id),
                pct(&s.fights),
                pct(&s.side_a),
                pct(&s.side_b),
                mean(&s.entry_step),
                mean(&s.loss_if_fought)
            );
        }
        if !v.pacts.0.is_empty() {
            let _ = writeln!(
                o,
                "\n| pact | invoked | honoured | declined | conflicted | decisions |\n|---|---|---|---|---|---|"
            );
            for (id, p) in &v.pacts.0 {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} | {} | {} |",
                    md(id),
                    pct(&p.invoked),
                    pct(&p.honoured),
                    pct(&p.declined),
                    pct(&p.conflicted),
                    p.honoured.n.unwrap_or(0)
                );
            }
        }
        if !v.supply.0.is_empty() {
            let _ = writeln!(
                o,
                "\n| supply link | cut | first cut step (if cut) |\n|---|---|---|"
            );
            for (id, l) in &v.supply.0 {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} |",
                    md(id),
                    pct(&l.cut),
                    mean(&l.cut_step)
                );
            }
        }
        if !v.clamped.0.is_empty() {
            let _ = writeln!(o, "\n| uncertain input | trials clamped |\n|---|---|");
            for (path, c) in &v.clamped.0 {
                let _ = writeln!(o, "| `{path}` | {c} |");
            }
        }
        o.push('\n');
    }
    if !r.comparisons.is_empty() {
        let _ = writeln!(
            o,
            "## Paired differences (b − a)\n\n| metric | a | b | diff | interval | p |\n|---|---|---|---|---|---|"
        );
        for c in &r.comparisons {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {:+.4} | [{:+.4}, {:+.4}] | {:.2e} |",
                md(&c.metric),
                md(&c.a),
                md(&c.b),
                c.diff,
                c.lo,
                c.hi,
                c.p_value
            );
        }
    }
    let _ = writeln!(o, "\n<sub>file sha256 `{}`</sub>", r.scenario.sha256);
    o
}

/// Text from a scenario file made safe in a Markdown table or heading: a
/// `|` would split a cell, and `<`, `>`, `&` would be read as HTML.
fn md(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    #[test]
    fn scenario_text_cannot_break_a_table() {
        assert_eq!(super::md("a|b <c> & d"), "a\\|b &lt;c&gt; &amp; d");
    }
}
