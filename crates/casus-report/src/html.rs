//! The HTML report: one self-contained page (inline CSS and SVG; no script,
//! no font, image or style loaded from anywhere) that opens offline in any
//! browser and prints.
//!
//! Layout: a summary table, then figures across variants (outcomes, the
//! escalation ladder, duration and size of the war, and — for `compare` —
//! forest plots of the paired differences), then one section per variant
//! (who fights on which side, pacts, supply links), then provenance. Every
//! figure has a caption and its numbers as a table under it. Every piece
//! of text from the scenario file is escaped.

use std::fmt::Write;

use casus_runner::estimate::{MeanFigure, Prop, VariantFigures};

use crate::chart::{Axis, BoxChart, BoxStat, DotChart, Point};
use crate::svg::{self, esc};
use crate::{Comparison, Report, mean, num, pct};

mod sensitivity;
mod sweep;

/// The style sheet: screen and print.
const CSS: &str = r#"
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d8d8d8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; border-bottom: 3px solid var(--ink); padding-bottom: 12px; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 12px; }
h1 { margin: 2px 0 4px; font-size: 30px; line-height: 1.2; overflow-wrap: anywhere; }
h2 { margin: 36px 0 6px; font-size: 22px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { margin: 24px 0 4px; font-size: 17px; }
.meta, .note { color: var(--muted); margin: 4px 0; }
.lead { font-size: 17px; margin: 18px 0 0; }
nav ol { margin: 10px 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 14px; }
a { color: var(--accent); }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; overflow-wrap: anywhere; }
figure { margin: 18px 0 26px; }
figure svg { display: block; width: 100%; height: auto; max-width: 100%; }
figcaption { font-size: 14px; color: var(--muted); margin-top: 4px; }
figcaption b { color: var(--ink); }
details { margin-top: 6px; font-size: 14px; }
summary { cursor: pointer; color: var(--accent); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13.5px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; vertical-align: top; }
th { font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid var(--ink); }
table.glance td { font-size: 15px; white-space: pre-line; line-height: 1.3; padding: 5px 12px; }
table.glance th { font-size: 14px; }
.findings { padding-left: 0; list-style: none; }
.findings li { margin: 6px 0; }
.theme { display: inline-block; min-width: 9.5em; font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
  border: 1px solid var(--ink); border-radius: 3px; padding: 0 6px; margin-right: 8px; text-align: center; }
footer { margin-top: 40px; padding-top: 12px; padding-bottom: 40px; border-top: 3px solid var(--ink); font-size: 14px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
footer dt { font-weight: 600; }
footer dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  header, main, footer { max-width: none; padding: 0; }
  nav, summary { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  figure, table, .findings li { break-inside: avoid; }
  figure svg { max-height: 240mm; }
}
"#;

/// Builds the page, numbering figures as it goes.
struct Page {
    out: String,
    figures: usize,
}

impl Page {
    /// The next figure number.
    fn next(&mut self) -> usize {
        self.figures += 1;
        self.figures
    }

    /// A figure: the chart, its caption, and its numbers as a table.
    fn figure(&mut self, n: usize, svg: &str, caption: &str, table: &str) {
        let _ = writeln!(
            self.out,
            "<figure id=\"fig-{n}\" aria-labelledby=\"fig-{n}-cap\">{svg}\
             <figcaption id=\"fig-{n}-cap\"><b>Figure {n}.</b> {}</figcaption>\
             <details><summary>Figure {n} as a table</summary><div class=\"table-wrap\">{table}</div></details></figure>",
            esc(caption)
        );
    }
}

/// A table: a header row and rows whose first cell heads the row. Every
/// cell is escaped.
fn table(caption: &str, head: &[&str], rows: &[Vec<String>], class: &str) -> String {
    let mut o = String::new();
    let _ = write!(o, "<table");
    if !class.is_empty() {
        let _ = write!(o, " class=\"{class}\"");
    }
    let _ = write!(o, ">");
    if !caption.is_empty() {
        let _ = write!(o, "<caption>{}</caption>", esc(caption));
    }
    o.push_str("<thead><tr>");
    for h in head {
        let _ = write!(o, "<th scope=\"col\">{}</th>", esc(h));
    }
    o.push_str("</tr></thead><tbody>");
    for row in rows {
        o.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(o, "<th scope=\"row\">{}</th>", esc(cell));
            } else {
                let _ = write!(o, "<td>{}</td>", esc(cell));
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
    o
}

/// A proportion as a point, when it has a value.
fn point(p: &Prop) -> Option<Point> {
    match (p.p, p.lo, p.hi) {
        (Some(e), Some(lo), Some(hi)) => Some(Point::new(e, lo, hi)),
        _ => None,
    }
}

/// A percentage with its interval, from a point.
fn pct_label(p: &Point) -> String {
    format!(
        "{:.1}% [{:.1}, {:.1}]",
        p.est * 100.0,
        p.lo * 100.0,
        p.hi * 100.0
    )
}

/// A 0–100% axis.
fn percent_axis(title: &str) -> Axis {
    Axis {
        domain: (0.0, 1.0),
        title: title.to_string(),
        tick: Box::new(|v| format!("{:.0}%", v * 100.0)),
    }
}

/// The confidence level as a percentage: `95`, `99.9`.
fn level_pct(level: f64) -> String {
    let s = format!("{:.4}", level * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A quantile summary, when the figure has one.
fn box_stat(m: &MeanFigure) -> Option<BoxStat> {
    Some(BoxStat {
        q05: m.q05?,
        q50: m.q50?,
        q95: m.q95?,
        mean: m.mean?,
        lo: m.lo?,
        hi: m.hi?,
    })
}

/// The outcome keys of every variant, in order of first appearance.
fn outcome_keys(r: &Report) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for v in &r.variants {
        for (k, _) in &v.outcomes.0 {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    keys
}

/// The escalation ladder of a variant, with labels.
fn ladder(v: &VariantFigures) -> [(&'static str, &Prop); 4] {
    let e = &v.escalation;
    [
        ("war (level ≥ 1)", &e.ge1),
        ("level ≥ 2", &e.ge2),
        ("level ≥ 3", &e.ge3),
        ("nuclear use", &e.nuclear),
    ]
}

fn names(r: &Report) -> Vec<String> {
    r.variants.iter().map(|v| v.name.clone()).collect()
}

fn glance(page: &mut Page, r: &Report) {
    let o = &mut page.out;
    o.push_str(
        "<section id=\"glance\" aria-labelledby=\"glance-h\"><h2 id=\"glance-h\">At a glance</h2>",
    );
    let _ = write!(
        o,
        "<p class=\"note\">Shares of all trials, with {}% intervals. Duration and war size are means given a war.</p>",
        level_pct(r.level)
    );
    // The interval goes on a line of its own (the CSS keeps the break).
    let two = |s: String| s.replacen(" [", "\n[", 1);
    let get = |v: &VariantFigures, k: &str| two(v.outcomes.get(k).map_or("–".into(), pct));
    // A sweep's points are named by their parameters' values, one column each.
    let params: Vec<&str> = r
        .sweep
        .as_ref()
        .filter(|sw| sw.points.len() == r.variants.len())
        .map(|sw| sw.parameters.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = r
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut row: Vec<String> = match &r.sweep {
                Some(sw) if !params.is_empty() => {
                    sw.points[i].iter().map(|x| svg::short_num(*x)).collect()
                }
                _ => vec![v.name.clone()],
            };
            row.extend([
                v.trials.to_string(),
                get(v, "deterred"),
                two(pct(&v.escalation.ge1)),
                two(pct(&v.escalation.ge3)),
                two(pct(&v.escalation.nuclear)),
                two(mean(&v.duration)),
                two(mean(&v.war_size)),
            ]);
            row
        })
        .collect();
    let mut head: Vec<&str> = if params.is_empty() {
        vec!["variant"]
    } else {
        params.clone()
    };
    head.extend([
        "trials",
        "deterred",
        "war",
        "level ≥ 3",
        "nuclear use",
        "duration (steps)",
        "war size (states)",
    ]);
    o.push_str("<div class=\"table-wrap\">");
    o.push_str(&table("", &head, &rows, "glance"));
    o.push_str("</div></section>\n");
}

fn outcomes(page: &mut Page, r: &Report) {
    let keys = outcome_keys(r);
    let series = names(r);
    page.out.push_str(
        "<section id=\"outcomes\" aria-labelledby=\"outcomes-h\"><h2 id=\"outcomes-h\">How the crisis ends</h2>",
    );
    let n = page.next();
    let values = keys
        .iter()
        .map(|k| {
            r.variants
                .iter()
                .map(|v| v.outcomes.get(k).and_then(point))
                .collect()
        })
        .collect();
    let chart = DotChart {
        id: format!("c{n}"),
        title: "Outcome probabilities".into(),
        desc: format!(
            "Probability of each outcome ({}) for each variant ({}), with {}% Wilson intervals.",
            keys.join(", "),
            series.join(", "),
            level_pct(r.level)
        ),
        rows: keys.clone(),
        series: series.clone(),
        values,
        axis: percent_axis("share of all trials"),
        connect: false,
        label: Box::new(pct_label),
        notes: Vec::new(),
    };
    let mut head = vec!["outcome"];
    head.extend(series.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            let mut row = vec![k.clone()];
            row.extend(
                r.variants
                    .iter()
                    .map(|v| v.outcomes.get(k).map_or("–".into(), pct)),
            );
            row
        })
        .collect();
    page.figure(
        n,
        &chart.render(),
        &format!(
            "Outcome probabilities: how each trial ended, as a share of all trials, with {}% intervals (whiskers). The outcomes of a variant sum to 100%.",
            level_pct(r.level)
        ),
        &table("Outcome probabilities", &head, &rows, ""),
    );
    page.out.push_str("</section>\n");
}

fn escalation(page: &mut Page, r: &Report) {
    let series = names(r);
    page.out.push_str("<section id=\"escalation\" aria-labelledby=\"escalation-h\"><h2 id=\"escalation-h\">How far it escalates</h2>");
    let n = page.next();
    let labels: Vec<String> = ["war (level ≥ 1)", "level ≥ 2", "level ≥ 3", "nuclear use"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let values = (0..4)
        .map(|l| r.variants.iter().map(|v| point(ladder(v)[l].1)).collect())
        .collect();
    let chart = DotChart {
        id: format!("c{n}"),
        title: "Escalation ladder".into(),
        desc: format!(
            "Probability that the war reaches at least each escalation level, for each variant ({}).",
            series.join(", ")
        ),
        rows: labels.clone(),
        series: series.clone(),
        values,
        axis: percent_axis("share of all trials reaching the level"),
        connect: true,
        label: Box::new(pct_label),
        notes: Vec::new(),
    };
    let mut head = vec!["level reached"];
    head.extend(series.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = (0..4)
        .map(|l| {
            let mut row = vec![labels[l].clone()];
            row.extend(r.variants.iter().map(|v| pct(ladder(v)[l].1)));
            row
        })
        .collect();
    page.figure(
        n,
        &chart.render(),
        "Escalation ladder: P(level ≥ ℓ), the share of all trials in which the war reached at least each rung; each rung is part of the one above it.",
        &table("Escalation ladder", &head, &rows, ""),
    );
    page.out.push_str("</section>\n");
}

fn war(page: &mut Page, r: &Report) {
    page.out.push_str("<section id=\"war\" aria-labelledby=\"war-h\"><h2 id=\"war-h\">The war, when there is one</h2>");
    for (what, unit, get) in [
        (
            "Duration",
            "steps",
            (|v: &VariantFigures| &v.duration) as fn(&VariantFigures) -> &MeanFigure,
        ),
        ("Size", "states at war at the end", |v: &VariantFigures| {
            &v.war_size
        }),
    ] {
        let n = page.next();
        let chart = BoxChart {
            id: format!("c{n}"),
            title: format!("{what} of the war"),
            desc: format!(
                "{what} ({unit}) given a war, per variant: the 5th, 50th and 95th percentiles and the mean with its {}% interval.",
                level_pct(r.level)
            ),
            rows: names(r),
            values: r.variants.iter().map(|v| box_stat(get(v))).collect(),
            axis_title: unit.to_string(),
        };
        let rows: Vec<Vec<String>> = r
            .variants
            .iter()
            .map(|v| {
                let m = get(v);
                vec![
                    v.name.clone(),
                    m.n.to_string(),
                    mean(m),
                    num(m.q05),
                    num(m.q50),
                    num(m.q95),
                ]
            })
            .collect();
        page.figure(
            n,
            &chart.render(),
            &format!(
                "{what} of the war ({unit}), given a war: the box spans the 5th to 95th percentile of the trials that had a war, the bar is the median, the diamond the mean with its {}% interval.",
                level_pct(r.level)
            ),
            &table(
                &format!("{what} ({unit}), given a war"),
                &["variant", "wars (n)", "mean [interval]", "5%", "median", "95%"],
                &rows,
                "",
            ),
        );
    }
    page.out.push_str("</section>\n");
}

/// Whether a comparison's metric is a proportion (its difference is in
/// percentage points).
fn is_proportion(metric: &str) -> bool {
    let first = metric.split('.').next().unwrap_or("");
    let last = metric.rsplit('.').next().unwrap_or("");
    matches!(first, "outcomes" | "escalation")
        || matches!(
            last,
            "fights"
                | "side_a"
                | "side_b"
                | "invoked"
                | "honoured"
                | "declined"
                | "conflicted"
                | "cut"
        )
}

/// A metric path for people: `states.TUR.fights` → `TUR fights`.
fn metric_label(metric: &str) -> String {
    match metric {
        "escalation.ge1" => return "war (level ≥ 1)".into(),
        "escalation.ge2" => return "level ≥ 2".into(),
        "escalation.ge3" => return "level ≥ 3".into(),
        "escalation.nuclear" => return "nuclear use".into(),
        _ => {}
    }
    if let Some(rest) = metric.strip_prefix("outcomes.") {
        return rest.to_string();
    }
    let first = metric.split('.').next().unwrap_or("");
    let last = metric.rsplit('.').next().unwrap_or("");
    if matches!(first, "states" | "pacts" | "supply") && metric.len() > first.len() + last.len() + 2
    {
        let id = &metric[first.len() + 1..metric.len() - last.len() - 1];
        let what = match last {
            "side_a" => "on side A",
            "side_b" => "on side B",
            other => other,
        };
        return format!("{id} {what}");
    }
    metric.to_string()
}

/// Which forest plot a metric goes in: (order, title, proportion).
fn panel(metric: &str) -> Option<(usize, String, bool)> {
    let first = metric.split('.').next().unwrap_or("");
    let last = metric.rsplit('.').next().unwrap_or("");
    if is_proportion(metric) {
        return match (first, last) {
            ("outcomes" | "escalation", _) => Some((0, "Outcomes and escalation".into(), true)),
            ("states", "fights") => Some((1, "Who fights".into(), true)),
            // Side A/B repeat `fights` for nearly every state: table only.
            ("states", _) => None,
            ("pacts" | "supply", _) => Some((2, "Pacts invoked and links cut".into(), true)),
            _ => Some((3, "Other shares".into(), true)),
        };
    }
    let title = match (first, last) {
        ("duration", _) => "Duration of the war (steps), given a war".to_string(),
        ("war_size", _) => "Size of the war (states), given a war".to_string(),
        ("states", "loss") => "Loss of power per state".to_string(),
        ("states", _) if metric.matches('.').count() >= 2 => format!("{last} per state"),
        _ => metric.to_string(),
    };
    Some((if first == "states" { 4 } else { 5 }, title, false))
}

/// Findings shown before the rest are folded away.
const FINDINGS_SHOWN: usize = 8;

/// A finding as HTML: escaped, its `` `names` `` set as code, and the theme
/// (shown as a badge) not repeated at its start.
fn finding_html(theme: &str, text: &str) -> String {
    let text = text
        .strip_prefix(theme)
        .and_then(|t| t.strip_prefix(": "))
        .unwrap_or(text);
    let mut o = String::new();
    for (i, part) in esc(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(o, "<code>{part}</code>");
        } else {
            o.push_str(part);
        }
    }
    // An unpaired backtick would leave a <code> open: fall back to plain.
    if text.matches('`').count() % 2 == 1 {
        return esc(text);
    }
    o
}

/// A signed number for people.
fn signed(v: f64) -> String {
    let s = num(Some(v));
    if v > 0.0 { format!("+{s}") } else { s }
}

/// A difference: percentage points with one decimal for proportions, else
/// three significant digits.
fn diff_text(v: f64, prop: bool) -> String {
    if prop {
        let s = format!("{:+.1}", v * 100.0);
        if s == "+0.0" || s == "-0.0" {
            "0.0".into()
        } else {
            s
        }
    } else {
        signed(v)
    }
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

/// Whether a difference's interval excludes zero.
fn excludes_zero(c: &Comparison) -> bool {
    c.lo > 0.0 || c.hi < 0.0
}

fn comparisons(page: &mut Page, r: &Report) {
    if r.comparisons.is_empty() && r.findings.is_empty() {
        return;
    }
    page.out.push_str("<section id=\"differences\" aria-labelledby=\"differences-h\"><h2 id=\"differences-h\">What the variants change</h2>");
    let _ = write!(
        page.out,
        "<p class=\"note\">Differences b − a between variants, paired on the same trials (trial k of every variant draws the same random numbers), with {}% intervals. A filled marker's interval excludes 0; a hollow one's does not (the difference is within Monte-Carlo noise).</p>",
        level_pct(r.level)
    );
    // Panels in a fixed order, each with the metrics and pairs it holds.
    let mut panels: Vec<(usize, String, bool, Vec<&Comparison>)> = Vec::new();
    for c in &r.comparisons {
        let Some((order, title, prop)) = panel(&c.metric) else {
            continue;
        };
        match panels.iter_mut().find(|p| p.1 == title) {
            Some(p) => p.3.push(c),
            None => panels.push((order, title, prop, vec![c])),
        }
    }
    panels.sort_by_key(|p| p.0);
    for (_, title, prop, cs) in panels {
        forest(page, r, &title, prop, &cs);
    }
    if !r.findings.is_empty() {
        let item = |f: &crate::Finding| {
            format!(
                "<li><span class=\"theme\">{}</span> {}</li>",
                esc(&f.theme),
                finding_html(&f.theme, &f.text)
            )
        };
        page.out.push_str(
            "<h3>Findings</h3><p class=\"note\">What changed most, strongest first.</p><ul class=\"findings\">",
        );
        for f in r.findings.iter().take(FINDINGS_SHOWN) {
            page.out.push_str(&item(f));
        }
        page.out.push_str("</ul>");
        if r.findings.len() > FINDINGS_SHOWN {
            let _ = write!(
                page.out,
                "<details><summary>{} more findings</summary><ul class=\"findings\">",
                r.findings.len() - FINDINGS_SHOWN
            );
            for f in r.findings.iter().skip(FINDINGS_SHOWN) {
                page.out.push_str(&item(f));
            }
            page.out.push_str("</ul></details>");
        }
    }
    if !r.comparisons.is_empty() {
        let rows: Vec<Vec<String>> = r
            .comparisons
            .iter()
            .map(|c| {
                let prop = is_proportion(&c.metric);
                let f = |v: f64| diff_text(v, prop);
                vec![
                    c.metric.clone(),
                    format!("{} − {}", c.b, c.a),
                    f(c.diff),
                    format!("[{}, {}]", f(c.lo), f(c.hi)),
                    c.unpaired
                        .map_or("–".into(), |[l, h]| format!("[{}, {}]", f(l), f(h))),
                    p_value(c.p_value),
                    c.test.clone(),
                    if excludes_zero(c) { "yes" } else { "no" }.into(),
                ]
            })
            .collect();
        page.out.push_str("<h3>Every paired difference</h3><p class=\"note\">Proportions in percentage points; other figures in their own units.</p><details><summary>Show the table</summary><div class=\"table-wrap\">");
        page.out.push_str(&table(
            "Paired differences b − a",
            &[
                "metric",
                "pair",
                "difference",
                "interval",
                "unpaired interval",
                "p",
                "test",
                "interval excludes 0",
            ],
            &rows,
            "",
        ));
        page.out.push_str("</div></details>");
    }
    page.out.push_str("</section>\n");
}

/// One forest plot: rows are metrics, series are pairs of variants.
fn forest(page: &mut Page, r: &Report, title: &str, prop: bool, cs: &[&Comparison]) {
    let mut metrics: Vec<&str> = Vec::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for c in cs {
        if !metrics.contains(&c.metric.as_str()) {
            metrics.push(&c.metric);
        }
        let pair = (c.a.clone(), c.b.clone());
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    let find = |m: &str, pair: &(String, String)| {
        cs.iter()
            .find(|c| c.metric == m && c.a == pair.0 && c.b == pair.1)
    };
    // A metric that is the same in every trial of every pair says nothing.
    let zero = |c: &Comparison| c.diff == 0.0 && c.lo == 0.0 && c.hi == 0.0;
    let (shown, omitted): (Vec<&str>, Vec<&str>) = metrics
        .into_iter()
        .partition(|m| pairs.iter().any(|p| find(m, p).is_some_and(|c| !zero(c))));
    let _ = write!(page.out, "<h3>{}</h3>", esc(title));
    if shown.is_empty() {
        let _ = write!(
            page.out,
            "<p class=\"note\">No difference in any trial ({} figure{}).</p>",
            omitted.len(),
            if omitted.len() == 1 { "" } else { "s" }
        );
        return;
    }
    let n = page.next();
    let scale = if prop { 100.0 } else { 1.0 };
    let extent = cs
        .iter()
        .flat_map(|c| {
            let band = c.unpaired.unwrap_or([c.lo, c.hi]);
            [c.lo, c.hi, band[0], band[1]]
        })
        .filter(|v| v.is_finite())
        .map(f64::abs)
        .fold(0.0, f64::max);
    let extent = if extent > 0.0 { extent } else { 0.01 };
    let (d0, d1) = svg::nice_domain(-extent, extent, 8);
    let d = d0.abs().max(d1.abs());
    let step = svg::nice_step(2.0 * d * scale, 8);
    let unit = if prop { " pp" } else { "" };
    let values: Vec<Vec<Option<Point>>> = shown
        .iter()
        .map(|m| {
            pairs
                .iter()
                .map(|p| {
                    find(m, p).map(|c| Point {
                        est: c.diff,
                        lo: c.lo,
                        hi: c.hi,
                        filled: excludes_zero(c),
                        band: c.unpaired.map(|[l, h]| (l, h)),
                    })
                })
                .collect()
        })
        .collect();
    let series: Vec<String> = pairs.iter().map(|(a, b)| format!("{b} (vs {a})")).collect();
    // The chart shows difference and interval; p-values are in the table.
    let chart = DotChart {
        id: format!("c{n}"),
        title: format!("Paired differences: {title}"),
        desc: format!(
            "Forest plot of paired differences b − a ({}) for {} figure{}, with {}% intervals; zero means no change.",
            series.join(", "),
            shown.len(),
            if shown.len() == 1 { "" } else { "s" },
            level_pct(r.level)
        ),
        rows: shown.iter().map(|m| metric_label(m)).collect(),
        series: series.clone(),
        values,
        axis: Axis {
            domain: (-d, d),
            title: format!(
                "difference b − a{}",
                if prop { " (percentage points)" } else { "" }
            ),
            tick: Box::new(move |v| {
                let s = svg::tick_label(v * scale, step);
                if v > 0.0 { format!("+{s}") } else { s }
            }),
        },
        connect: false,
        label: Box::new(move |p| {
            format!(
                "{}{unit} [{}, {}]",
                diff_text(p.est, prop),
                diff_text(p.lo, prop),
                diff_text(p.hi, prop)
            )
        }),
        notes: vec![
            (true, "interval excludes 0".into()),
            (false, "within noise".into()),
        ],
    };
    let rows: Vec<Vec<String>> = shown
        .iter()
        .flat_map(|m| {
            pairs.iter().filter_map(move |p| {
                find(m, p).map(|c| {
                    vec![
                        metric_label(m),
                        format!("{} − {}", c.b, c.a),
                        format!("{}{unit}", diff_text(c.diff, prop)),
                        format!("[{}, {}]", diff_text(c.lo, prop), diff_text(c.hi, prop)),
                        p_value(c.p_value),
                    ]
                })
            })
        })
        .collect();
    let mut caption = format!(
        "Paired differences, {}: each marker is b − a with its {}% interval; the faint bar, where drawn, is the interval two independent runs would give.",
        title.to_lowercase(),
        level_pct(r.level)
    );
    if !omitted.is_empty() {
        let _ = write!(
            caption,
            " Not drawn (no difference in any trial): {}.",
            omitted
                .iter()
                .map(|m| metric_label(m))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    page.figure(
        n,
        &chart.render(),
        &caption,
        &table(
            &format!("Paired differences: {title}"),
            &["figure", "pair", "difference", "interval", "p"],
            &rows,
            "",
        ),
    );
}

fn variant(page: &mut Page, r: &Report, i: usize, v: &VariantFigures) {
    let _ = write!(
        page.out,
        "<section id=\"v{i}\" aria-labelledby=\"v{i}-h\"><h2 id=\"v{i}-h\">Variant <code>{}</code></h2><p class=\"meta\">{} trials · shares of all trials unless said otherwise · {}% intervals</p>",
        esc(&v.name),
        v.trials,
        level_pct(r.level)
    );
    states(page, v);
    pacts(page, v);
    supply(page, v);
    if !v.clamped.0.is_empty() {
        let total: u64 = v.clamped.0.iter().map(|(_, c)| c).sum();
        let rows: Vec<Vec<String>> = v
            .clamped
            .0
            .iter()
            .map(|(p, c)| vec![p.clone(), c.to_string()])
            .collect();
        let _ = write!(
            page.out,
            "<h3>Uncertain inputs</h3><p class=\"note\">{} uncertain input{}; draws clamped into the valid range: {total}.</p><details><summary>Show the table</summary><div class=\"table-wrap\">{}</div></details>",
            v.clamped.0.len(),
            if v.clamped.0.len() == 1 { "" } else { "s" },
            table(
                "Trials whose draw was clamped",
                &["uncertain input", "trials clamped"],
                &rows,
                ""
            )
        );
    }
    page.out.push_str("</section>\n");
}

fn states(page: &mut Page, v: &VariantFigures) {
    let _ = write!(page.out, "<h3>Who fights, on which side</h3>");
    let fought: Vec<&(String, casus_runner::estimate::StateFigures)> = v
        .states
        .0
        .iter()
        .filter(|(_, s)| s.fights.p.is_some_and(|p| p > 0.0))
        .collect();
    let never: Vec<&str> = v
        .states
        .0
        .iter()
        .filter(|(_, s)| !s.fights.p.is_some_and(|p| p > 0.0))
        .map(|(id, _)| id.as_str())
        .collect();
    let rows: Vec<Vec<String>> = v
        .states
        .0
        .iter()
        .map(|(id, s)| {
            vec![
                id.clone(),
                pct(&s.fights),
                pct(&s.side_a),
                pct(&s.side_b),
                mean(&s.entry_step),
                mean(&s.loss_if_fought),
            ]
        })
        .collect();
    let tbl = table(
        &format!("States, variant {}", v.name),
        &[
            "state",
            "fights",
            "side A",
            "side B",
            "entry step (if fought)",
            "loss of power (if fought)",
        ],
        &rows,
        "",
    );
    let never_note = if never.is_empty() {
        String::new()
    } else {
        format!(" Did not fight in any trial: {}.", never.join(", "))
    };
    if fought.is_empty() {
        let _ = write!(
            page.out,
            "<p class=\"note\">No state fought in any trial.</p><details><summary>Show the table</summary><div class=\"table-wrap\">{tbl}</div></details>"
        );
        return;
    }
    let n = page.next();
    let chart = DotChart {
        id: format!("c{n}"),
        title: format!("Who fights, by side: variant {}", v.name),
        desc: format!(
            "Probability that each state fights on side A (the challenger's) and on side B (the target's), variant {}.{never_note}",
            v.name
        ),
        rows: fought.iter().map(|(id, _)| id.clone()).collect(),
        series: vec!["side A (challenger's)".into(), "side B (target's)".into()],
        values: fought
            .iter()
            .map(|(_, s)| vec![point(&s.side_a), point(&s.side_b)])
            .collect(),
        axis: percent_axis("share of all trials in which the state fights on that side"),
        connect: false,
        label: Box::new(pct_label),
        notes: Vec::new(),
    };
    page.figure(
        n,
        &chart.render(),
        &format!(
            "P(fights) per state by side, variant {}: side A is the challenger's, side B the target's.{never_note}",
            v.name
        ),
        &tbl,
    );
}

fn pacts(page: &mut Page, v: &VariantFigures) {
    if v.pacts.0.is_empty() {
        return;
    }
    let _ = write!(page.out, "<h3>Pacts</h3>");
    let n = page.next();
    let chart = DotChart {
        id: format!("c{n}"),
        title: format!(
            "Pacts invoked, honoured, declined, conflicted: variant {}",
            v.name
        ),
        desc: format!(
            "For each pact, variant {}: the share of trials in which its casus foederis arose, and the shares of its members' decisions that honoured, declined or were conflicted.",
            v.name
        ),
        rows: v.pacts.0.iter().map(|(id, _)| id.clone()).collect(),
        series: vec![
            "invoked (share of trials)".into(),
            "honoured (share of decisions)".into(),
            "declined".into(),
            "conflicted".into(),
        ],
        values: v
            .pacts
            .0
            .iter()
            .map(|(_, p)| {
                vec![
                    point(&p.invoked),
                    point(&p.honoured),
                    point(&p.declined),
                    point(&p.conflicted),
                ]
            })
            .collect(),
        axis: percent_axis("share (invoked: of trials; the others: of members' decisions)"),
        connect: false,
        label: Box::new(pct_label),
        notes: Vec::new(),
    };
    let rows: Vec<Vec<String>> = v
        .pacts
        .0
        .iter()
        .map(|(id, p)| {
            vec![
                id.clone(),
                pct(&p.invoked),
                pct(&p.honoured),
                pct(&p.declined),
                pct(&p.conflicted),
                p.honoured.n.unwrap_or(0).to_string(),
            ]
        })
        .collect();
    page.figure(
        n,
        &chart.render(),
        &format!(
            "Pacts, variant {}: invoked is the share of trials in which the pact's casus foederis arose; honoured, declined and conflicted are shares of the members' decisions on it (a pact never invoked has none: “–”).",
            v.name
        ),
        &table(
            &format!("Pacts, variant {}", v.name),
            &["pact", "invoked", "honoured", "declined", "conflicted", "decisions"],
            &rows,
            "",
        ),
    );
}

fn supply(page: &mut Page, v: &VariantFigures) {
    if v.supply.0.is_empty() {
        return;
    }
    let _ = write!(page.out, "<h3>Supply links</h3>");
    let n = page.next();
    let chart = DotChart {
        id: format!("c{n}"),
        title: format!("Supply links cut: variant {}", v.name),
        desc: format!(
            "Probability that each supply link is cut, variant {}.",
            v.name
        ),
        rows: v.supply.0.iter().map(|(id, _)| id.clone()).collect(),
        series: vec!["P(cut)".into()],
        values: v
            .supply
            .0
            .iter()
            .map(|(_, l)| vec![point(&l.cut)])
            .collect(),
        axis: percent_axis("share of all trials in which the link is cut"),
        connect: false,
        label: Box::new(pct_label),
        notes: Vec::new(),
    };
    let rows: Vec<Vec<String>> = v
        .supply
        .0
        .iter()
        .map(|(id, l)| vec![id.clone(), pct(&l.cut), mean(&l.cut_step)])
        .collect();
    page.figure(
        n,
        &chart.render(),
        &format!(
            "P(cut) per supply link, variant {}: the share of trials in which the supplier cut the link (supplier-recipient-kind).",
            v.name
        ),
        &table(
            &format!("Supply links, variant {}", v.name),
            &["link", "cut", "first cut step (if cut)"],
            &rows,
            "",
        ),
    );
}

fn footer(page: &mut Page, r: &Report) {
    let s = &r.scenario;
    let command = if let Some(sw) = &r.sweep {
        format!(
            "casus sweep {} --variant {}{}",
            s.file,
            sw.variant,
            sweep::set_args(sw)
        )
    } else if r.comparisons.is_empty() {
        let mut c = format!("casus run {}", s.file);
        for v in &r.variants {
            let _ = write!(c, " --variant {}", v.name);
        }
        c
    } else {
        format!("casus compare {} --variants {}", s.file, names(r).join(","))
    };
    let command = format!(
        "{command} --seed {} --trials {} --level {} --format html",
        r.seed, r.trials, r.level
    );
    let _ = writeln!(
        page.out,
        "<footer id=\"provenance\" aria-labelledby=\"provenance-h\"><h2 id=\"provenance-h\">Provenance</h2><dl>\
         <dt>Scenario</dt><dd>{}</dd>\
         <dt>File</dt><dd><code>{}</code></dd>\
         <dt>SHA-256</dt><dd><code>{}</code></dd>\
         <dt>Seed</dt><dd>{}</dd>\
         <dt>Trials</dt><dd>{} per variant</dd>\
         <dt>Level</dt><dd>{}% (Wilson intervals for proportions; mean ± z·sd/√n for means)</dd>\
         <dt>casus</dt><dd>{}</dd>\
         <dt>Reproduce</dt><dd><code>{}</code></dd>\
         </dl><p class=\"note\">Every figure is reproducible bit for bit from the file (by its hash), the seed and the number of trials. This page is self-contained: it loads nothing from anywhere.</p></footer>",
        esc(&s.name),
        esc(&s.file),
        esc(&s.sha256),
        r.seed,
        r.trials,
        level_pct(r.level),
        esc(&r.casus_version),
        esc(&command)
    );
}

/// Renders the whole report as one HTML page.
/// A new page: the document head (policy, style) and the open body. The
/// Content-Security-Policy forbids every load, so a page that tried to
/// fetch anything would be stopped by the browser (and say so).
fn page(title: &str, version: &str) -> Page {
    let mut page = Page {
        out: String::with_capacity(64 * 1024),
        figures: 0,
    };
    let _ = write!(
        page.out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"casus {}\">\n\
         <title>{} · casus report</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(version),
        esc(title)
    );
    page
}

pub(crate) fn render(r: &Report) -> String {
    let mut page = page(&r.scenario.name, &r.casus_version);
    let name = esc(&r.scenario.name);
    let _ = write!(
        page.out,
        "<header><p class=\"kicker\">casus report</p><h1>{name}</h1><p class=\"meta\">{} {}{} · {} trials each · {}% intervals · seed {} · <code>{}</code></p>",
        r.variants.len(),
        if r.sweep.is_some() {
            "point"
        } else {
            "variant"
        },
        if r.variants.len() == 1 { "" } else { "s" },
        r.trials,
        level_pct(r.level),
        r.seed,
        esc(&r.scenario.file)
    );
    page.out
        .push_str("<nav aria-label=\"Contents\"><ol><li><a href=\"#glance\">At a glance</a></li>");
    if let Some(sw) = r.sweep.as_ref().filter(|_| !r.variants.is_empty()) {
        // A sweep: its points are the variants; figures against the parameter.
        page.out.push_str(
            "<li><a href=\"#sweep\">Against the parameter</a></li><li><a href=\"#provenance\">Provenance</a></li></ol></nav></header>\n<main>\n",
        );
        glance(&mut page, r);
        sweep::render(&mut page, r, sw);
    } else {
        page.out.push_str("<li><a href=\"#outcomes\">Outcomes</a></li><li><a href=\"#escalation\">Escalation</a></li><li><a href=\"#war\">The war</a></li>");
        if !r.comparisons.is_empty() || !r.findings.is_empty() {
            page.out
                .push_str("<li><a href=\"#differences\">Differences</a></li>");
        }
        for (i, v) in r.variants.iter().enumerate() {
            let _ = write!(
                page.out,
                "<li><a href=\"#v{}\">Variant {}</a></li>",
                i + 1,
                esc(&v.name)
            );
        }
        page.out.push_str(
            "<li><a href=\"#provenance\">Provenance</a></li></ol></nav></header>\n<main>\n",
        );
        glance(&mut page, r);
        outcomes(&mut page, r);
        escalation(&mut page, r);
        war(&mut page, r);
        comparisons(&mut page, r);
        for (i, v) in r.variants.iter().enumerate() {
            variant(&mut page, r, i + 1, v);
        }
    }
    page.out.push_str("</main>\n");
    footer(&mut page, r);
    page.out.push_str("</body>\n</html>\n");
    page.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Finding, ScenarioRef};
    use casus_runner::{RunConfig, estimate::figures, run::run};

    fn report(name: &str) -> Report {
        let s = casus_core::testing::duel();
        let summary = run(
            &s,
            &RunConfig {
                seed: 3,
                trials: 300,
                threads: Some(1),
            },
        );
        Report::new(
            ScenarioRef {
                name: name.into(),
                file: "x<y>.toml".into(),
                sha256: "ab".repeat(32),
            },
            3,
            0.95,
            vec![figures("base", &s, &summary, 0.95)],
        )
    }

    #[test]
    fn scenario_text_is_escaped_everywhere() {
        let r = report("<script>alert('x')</script> & \"co\"");
        let html = render(&r);
        assert!(!html.contains("<script"));
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;")
        );
        assert!(html.contains("x&lt;y&gt;.toml"));
    }

    #[test]
    fn the_page_is_self_contained() {
        let html = render(&report("duel"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("<link"));
        assert!(!html.contains("src="));
        assert!(!html.contains("url("));
        // The only URL is the SVG namespace, which is a name, not a request.
        let urls = html.matches("http://").count() + html.matches("https://").count();
        assert_eq!(
            urls,
            html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );
        assert!(html.contains("Content-Security-Policy"));
    }

    #[test]
    fn every_chart_is_accessible_and_has_a_table() {
        let html = render(&report("duel"));
        let svgs = html.matches("<svg ").count();
        assert!(svgs >= 5, "{svgs} charts");
        assert_eq!(html.matches("role=\"img\"").count(), svgs);
        assert_eq!(html.matches("<figure ").count(), svgs);
        assert_eq!(html.matches("as a table</summary>").count(), svgs);
        for t in [
            "Outcome probabilities",
            "Escalation ladder",
            "Duration of the war",
            "Size of the war",
            "Who fights, by side",
        ] {
            assert!(html.contains(t), "missing {t}");
        }
        assert!(html.contains("@media print"));
        assert!(html.contains("SHA-256"));
    }

    #[test]
    fn comparisons_become_forest_plots_with_findings() {
        let mut r = report("duel");
        let mut other = r.variants[0].clone();
        other.name = "other".into();
        r.variants.push(other);
        let cmp = |metric: &str, diff: f64, lo: f64, hi: f64| Comparison {
            a: "base".into(),
            b: "other".into(),
            metric: metric.into(),
            diff,
            lo,
            hi,
            p_value: 0.0004,
            test: "mcnemar-exact".into(),
            unpaired: Some([lo - 0.01, hi + 0.01]),
            significant: lo > 0.0 || hi < 0.0,
        };
        r.comparisons = vec![
            cmp("outcomes.deterred", 0.03, 0.02, 0.04),
            cmp("escalation.ge1", -0.01, -0.02, 0.001),
            cmp("states.AAA.fights", 0.0, 0.0, 0.0),
            cmp("states.AAA.loss", 0.2, 0.1, 0.3),
        ];
        r.findings = vec![Finding {
            theme: "deterrence".into(),
            metric: "outcomes.deterred".into(),
            text: "Deterrence <rises> by 3 pp.".into(),
        }];
        let html = render(&r);
        assert!(html.contains("Paired differences: Outcomes and escalation"));
        assert!(html.contains("+3.0 pp [+2.0, +4.0]"));
        assert!(html.contains("Loss of power per state"));
        assert!(html.contains("Deterrence &lt;rises&gt; by 3 pp."));
        // The all-zero figure is listed, not drawn.
        assert!(html.contains("No difference in any trial (1 figure)"));
        assert!(html.contains("casus compare x&lt;y&gt;.toml --variants base,other"));
    }

    #[test]
    fn a_sweep_is_drawn_against_its_parameter() {
        let base = report("duel");
        let mut r = base.clone();
        r.variants = (0..3)
            .map(|i| {
                let mut v = base.variants[0].clone();
                v.name = format!("p={i}");
                v
            })
            .collect();
        r.sweep = Some(crate::Sweep {
            variant: "base".into(),
            parameters: vec!["pact.x.reliability".into()],
            points: vec![vec![0.0], vec![0.5], vec![1.0]],
        });
        let html = render(&r);
        assert!(html.contains("3 points"));
        assert!(html.contains(">Outcome probabilities against pact.x.reliability</title>"));
        assert!(html.contains(">Duration of the war against pact.x.reliability</title>"));
        assert!(
            html.contains(
                "casus sweep x&lt;y&gt;.toml --variant base --set pact.x.reliability=0:1:3"
            )
        );
        // No per-variant sections for the points.
        assert!(!html.contains("id=\"v1\""));
        // Two parameters: one chart per figure, a line per value of the second.
        let mut two = r.clone();
        two.variants.push(base.variants[0].clone());
        two.sweep = Some(crate::Sweep {
            variant: "base".into(),
            parameters: vec!["a".into(), "b".into()],
            points: vec![
                vec![0.0, 1.0],
                vec![1.0, 1.0],
                vec![0.0, 2.0],
                vec![1.0, 2.0],
            ],
        });
        let html = render(&two);
        assert!(html.contains(">Escalation ladder: nuclear use against a</title>"));
        assert!(html.contains("b = 2"));
        assert!(html.contains("--set a=0:1:2 --set b=1:2:2"));
    }

    #[test]
    fn metric_labels_and_panels() {
        assert_eq!(metric_label("states.TUR.fights"), "TUR fights");
        assert_eq!(metric_label("states.TUR.side_b"), "TUR on side B");
        assert_eq!(metric_label("supply.CHN-PAK-arms.cut"), "CHN-PAK-arms cut");
        assert_eq!(metric_label("escalation.ge1"), "war (level ≥ 1)");
        assert_eq!(metric_label("outcomes.deterred"), "deterred");
        assert_eq!(metric_label("duration"), "duration");
        assert!(is_proportion("pacts.smda.invoked"));
        assert!(!is_proportion("states.TUR.loss"));
        assert!(panel("states.TUR.side_a").is_none());
        assert_eq!(level_pct(0.95), "95");
        assert_eq!(level_pct(0.999), "99.9");
        assert_eq!(level_pct(0.9), "90");
        assert_eq!(
            finding_html("deterrence", "deterrence: P rises in `a<b>` & `c`"),
            "P rises in <code>a&lt;b&gt;</code> &amp; <code>c</code>"
        );
        assert_eq!(finding_html("x", "odd ` tick <"), "odd ` tick &lt;");
    }
}
