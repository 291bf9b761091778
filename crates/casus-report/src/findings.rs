//! What a comparison found, in the words of alliance theory: deterrence,
//! entrapment and chain-ganging, abandonment, escalation.

use crate::{Comparison, Finding, Report};

/// The theme a figure speaks to, if it is a headline figure.
fn theme(metric: &str, leaders: &[&str]) -> Option<&'static str> {
    match metric {
        "outcomes.deterred" => Some("deterrence"),
        "escalation.ge3" | "escalation.nuclear" => Some("escalation"),
        "war_size" => Some("chain-ganging"),
        _ if metric.starts_with("pacts.") && metric.ends_with(".declined") => Some("abandonment"),
        _ if metric.starts_with("states.") && metric.ends_with(".fights") => {
            let id = &metric["states.".len()..metric.len() - ".fights".len()];
            (!leaders.contains(&id)).then_some("entrapment")
        }
        _ => None,
    }
}

/// A figure's value in a variant, read from the report (`p` or `mean`).
fn value(report: &Report, variant: &str, metric: &str) -> Option<f64> {
    let v = report.variants.iter().find(|v| v.name == variant)?;
    crate::figure(v, metric)
}

fn describe(metric: &str) -> String {
    match metric {
        "outcomes.deterred" => "P(deterred)".into(),
        "escalation.ge3" => "P(escalation to level 3)".into(),
        "escalation.nuclear" => "P(nuclear use)".into(),
        "war_size" => "the number of states at war (given a war)".into(),
        m if m.starts_with("pacts.") => {
            format!("the share of `{}` members declining", &m[6..m.len() - 9])
        }
        m if m.starts_with("states.") => format!("P({} fights)", &m[7..m.len() - 7]),
        m => m.to_string(),
    }
}

/// A difference and its interval: `+1.9 [+1.8, +2.0] points`.
fn interval(metric: &str, c: &Comparison) -> String {
    if metric == "war_size" {
        format!("{:+.3} [{:+.3}, {:+.3}] states", c.diff, c.lo, c.hi)
    } else {
        format!(
            "{:+.2} [{:+.2}, {:+.2}] points",
            c.diff * 100.0,
            c.lo * 100.0,
            c.hi * 100.0
        )
    }
}

fn level(metric: &str, x: f64) -> String {
    if metric == "war_size" {
        format!("{x:.3}")
    } else {
        format!("{:.2}%", x * 100.0)
    }
}

/// A p-value as people write it (`p < 1e-300` rather than `p = 0`).
pub(crate) fn p_value(p: f64) -> String {
    if p < 1e-300 {
        "p < 1e-300".to_string()
    } else {
        format!("p = {p:.1e}")
    }
}

/// The findings of `report.comparisons`: per pair of variants, every
/// headline figure, differences beyond noise first (largest |z| first), then
/// those within noise. Entrapment lists at most the three states that moved most.
pub fn findings(report: &Report, leaders: &[&str]) -> Vec<Finding> {
    let z_level = casus_runner::stats::z_for(report.level);
    let mut out = Vec::new();
    let mut pairs: Vec<(&str, &str)> = report
        .comparisons
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str()))
        .collect();
    pairs.dedup();
    for (a, b) in pairs {
        let mut rows: Vec<(&Comparison, &'static str, f64)> = report
            .comparisons
            .iter()
            .filter(|c| c.a == a && c.b == b)
            .filter_map(|c| {
                let se = (c.hi - c.lo) / (2.0 * z_level);
                let z = if se > 0.0 { c.diff / se } else { 0.0 };
                theme(&c.metric, leaders).map(|t| (c, t, z))
            })
            .collect();
        rows.sort_by(|x, y| {
            y.0.significant
                .cmp(&x.0.significant)
                .then(y.2.abs().total_cmp(&x.2.abs()))
        });
        let mut entrapment = 0;
        for (c, theme, _) in rows {
            if theme == "entrapment" {
                entrapment += 1;
                if entrapment > 3 || !c.significant {
                    continue;
                }
            }
            let what = describe(&c.metric);
            let interval = interval(&c.metric, c);
            let text = match (value(report, a, &c.metric), value(report, b, &c.metric)) {
                (Some(va), Some(vb)) if c.significant => format!(
                    "{theme}: {what} {} from {} in `{a}` to {} in `{b}` ({interval}; {}, {})",
                    if c.diff > 0.0 { "rises" } else { "falls" },
                    level(&c.metric, va),
                    level(&c.metric, vb),
                    c.test,
                    p_value(c.p_value)
                ),
                _ if c.significant => {
                    format!("{theme}: {what} changes by {interval} from `{a}` to `{b}`")
                }
                _ => format!(
                    "{theme}: {what} does not change beyond Monte-Carlo noise from `{a}` to `{b}` ({interval})"
                ),
            };
            out.push(Finding {
                theme: theme.to_string(),
                metric: c.metric.clone(),
                text,
            });
        }
    }
    out
}
