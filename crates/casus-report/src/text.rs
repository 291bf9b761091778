//! The text report: what a person reads in a terminal.

use std::fmt::Write;

use crate::{Report, mean, num, pct};

pub(crate) fn render(r: &Report) -> String {
    let mut o = String::new();
    let lv = r.level * 100.0;
    let _ = writeln!(
        o,
        "casus {} · {} ({})",
        r.casus_version, r.scenario.name, r.scenario.file
    );
    let _ = writeln!(
        o,
        "seed {} · {} trials per variant · {lv}% intervals (Wilson for proportions)",
        r.seed, r.trials
    );
    for v in &r.variants {
        let _ = writeln!(o, "\n══ variant `{}` ({} trials) ══", v.name, v.trials);
        let _ = writeln!(o, "\nOutcomes (share of all trials)");
        for (k, p) in &v.outcomes.0 {
            let _ = writeln!(o, "  {k:<20} {}", pct(p));
        }
        let _ = writeln!(o, "\nEscalation (share of all trials reaching the level)");
        let e = &v.escalation;
        for (k, p) in [
            ("war (≥1)", &e.ge1),
            ("≥2", &e.ge2),
            ("≥3", &e.ge3),
            ("nuclear use", &e.nuclear),
        ] {
            let _ = writeln!(o, "  {k:<20} {}", pct(p));
        }
        let _ = writeln!(o, "\nGiven a war (n = {})", v.duration.n);
        let d = &v.duration;
        let w = &v.war_size;
        let _ = writeln!(
            o,
            "  duration (steps)     {}   median {}, 5–95% {}–{}",
            mean(d),
            num(d.q50),
            num(d.q05),
            num(d.q95)
        );
        let _ = writeln!(
            o,
            "  war size (states)    {}   median {}, 5–95% {}–{}",
            mean(w),
            num(w.q50),
            num(w.q05),
            num(w.q95)
        );
        let _ = writeln!(
            o,
            "\nStates (P over all trials; entry step and loss if fought, given it fought)"
        );
        let _ = writeln!(
            o,
            "  {:<8} {:<22} {:<22} {:<22} {:<18} {:<18}",
            "state", "fights", "side A", "side B", "entry step", "loss if fought"
        );
        for (id, s) in &v.states.0 {
            let _ = writeln!(
                o,
                "  {:<8} {:<22} {:<22} {:<22} {:<18} {:<18}",
                id,
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
                "\nPacts (invoked: share of trials; honoured/declined/conflicted: share of members' decisions)"
            );
            for (id, p) in &v.pacts.0 {
                let n = p.honoured.n.unwrap_or(0);
                let _ = writeln!(
                    o,
                    "  {id:<12} invoked {}  honoured {}  declined {}  conflicted {}  (decisions: {n})",
                    pct(&p.invoked),
                    pct(&p.honoured),
                    pct(&p.declined),
                    pct(&p.conflicted)
                );
            }
        }
        if !v.supply.0.is_empty() {
            let _ = writeln!(
                o,
                "\nSupply links (cut: share of trials; first cut step given cut)"
            );
            for (id, l) in &v.supply.0 {
                let _ = writeln!(
                    o,
                    "  {id:<28} cut {:<22} at step {}",
                    pct(&l.cut),
                    mean(&l.cut_step)
                );
            }
        }
        if !v.clamped.0.is_empty() {
            let _ = writeln!(
                o,
                "\nUncertain inputs (trials whose draw was clamped into the valid range)"
            );
            for (path, c) in &v.clamped.0 {
                let _ = writeln!(o, "  {path:<40} {c}");
            }
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(
            o,
            "\nWhat changed (paired on the same trials; strongest first)"
        );
        for f in &r.findings {
            let _ = writeln!(o, "  • {}", f.text);
        }
    }
    if !r.comparisons.is_empty() {
        let _ = writeln!(
            o,
            "\nPaired differences (b − a on the same trials; {lv}% intervals; the last column compares \
             the paired interval's width with that of two independent runs of the same size)"
        );
        let _ = writeln!(
            o,
            "  {:<34} {:<22} {:>9}  {:<24} {:>9}  {:<13} width vs unpaired",
            "figure", "a → b", "diff", "interval", "p", "test"
        );
        let mut identical = 0;
        for c in &r.comparisons {
            // A figure that is the same in every trial of both variants (a
            // state that never fights) says nothing; count it instead.
            if c.diff == 0.0 && c.lo == 0.0 && c.hi == 0.0 {
                identical += 1;
                continue;
            }
            let narrowing = c.unpaired.map_or(String::new(), |[ulo, uhi]| {
                if uhi > ulo {
                    format!("{:.0}%", 100.0 * (c.hi - c.lo) / (uhi - ulo))
                } else {
                    String::new()
                }
            });
            let _ = writeln!(
                o,
                "  {:<34} {:<22} {:>+9.4}  [{:+.4}, {:+.4}]  {:>9.2e}  {:<13} {}{}",
                c.metric,
                format!("{} → {}", c.a, c.b),
                c.diff,
                c.lo,
                c.hi,
                c.p_value,
                c.test,
                narrowing,
                if c.significant { "" } else { "  (noise)" }
            );
        }
        if identical > 0 {
            let _ = writeln!(
                o,
                "  ({identical} figures identical in every trial of both variants are not shown)"
            );
        }
    }
    let _ = writeln!(o, "\nfile sha256 {}", r.scenario.sha256);
    o
}
