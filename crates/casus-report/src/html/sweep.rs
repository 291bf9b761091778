//! The HTML of a `casus sweep` report: each figure against the swept
//! parameter, with its interval as a band.
//!
//! With one parameter, a chart holds several figures (every outcome, every
//! rung of the escalation ladder, …) as lines against it. With two, the
//! first is the x axis and each value of the second is a line, one chart
//! per headline figure. Under every chart its numbers, point by point.

use std::fmt::Write;

use casus_runner::estimate::{MeanFigure, VariantFigures};

use super::{Page, level_pct, pct_label, point, table};
use crate::chart::{Axis, Line, LineChart, Point};
use crate::svg::{self, esc};
use crate::{Report, Sweep, num, pct};

/// Reads one figure of a point's report.
type Getter = Box<dyn Fn(&VariantFigures) -> Option<Point>>;

/// How a figure is written and scaled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A share of trials (or of decisions): 0–100%.
    Share,
    /// A mean, in its own unit.
    Mean,
}

/// One chart's worth: a title, what the figures are, and the figures.
struct Spec {
    title: String,
    caption: String,
    y_title: String,
    kind: Kind,
    figures: Vec<(String, Getter)>,
}

fn mean_point(m: &MeanFigure) -> Option<Point> {
    Some(Point::new(m.mean?, m.lo?, m.hi?))
}

/// Whether `get` is positive at some point of the sweep.
fn ever(r: &Report, get: &dyn Fn(&VariantFigures) -> Option<Point>) -> bool {
    r.variants
        .iter()
        .any(|v| get(v).is_some_and(|p| p.est > 0.0))
}

/// The charts of a sweep, most important first. Figures that are zero at
/// every point are left out of the charts (they stay in the tables of the
/// other formats).
fn specs(r: &Report) -> Vec<Spec> {
    let mut specs = Vec::new();
    let keys = super::outcome_keys(r);
    let outcomes: Vec<(String, Getter)> = keys
        .into_iter()
        .map(|k| {
            let key = k.clone();
            let g: Getter = Box::new(move |v| v.outcomes.get(&key).and_then(point));
            (k, g)
        })
        .filter(|(_, g)| ever(r, g))
        .collect();
    specs.push(Spec {
        title: "Outcome probabilities".into(),
        caption: "Outcome probabilities: the share of trials ending each way".into(),
        y_title: "share of all trials".into(),
        kind: Kind::Share,
        figures: outcomes,
    });
    let ladder: Vec<(String, Getter)> = (0..4)
        .map(|l| {
            let name = super::ladder(&r.variants[0])[l].0.to_string();
            let g: Getter = Box::new(move |v| point(super::ladder(v)[l].1));
            (name, g)
        })
        .collect();
    specs.push(Spec {
        title: "Escalation ladder".into(),
        caption: "Escalation ladder: P(level ≥ ℓ), the share of trials reaching each rung".into(),
        y_title: "share of all trials reaching the level".into(),
        kind: Kind::Share,
        figures: ladder,
    });
    // States, pacts and links by id, as in the first point's report.
    let first = &r.variants[0];
    let mut states: Vec<(String, Getter, f64)> = first
        .states
        .0
        .iter()
        .map(|(id, _)| {
            let key = id.clone();
            let g: Getter = Box::new(move |v| v.states.get(&key).and_then(|s| point(&s.fights)));
            let top = r
                .variants
                .iter()
                .filter_map(|v| g(v).map(|p| p.est))
                .fold(0.0, f64::max);
            (format!("{id} fights"), g, top)
        })
        .filter(|s| s.2 > 0.0)
        .collect();
    states.sort_by(|a, b| b.2.total_cmp(&a.2));
    let left_out = states.len().saturating_sub(MAX_LINES);
    states.truncate(MAX_LINES);
    specs.push(Spec {
        title: "Who fights".into(),
        caption: if left_out > 0 {
            format!(
                "Who fights: P(the state fights, on either side), for the {MAX_LINES} states most likely to ({left_out} more fight at some point)"
            )
        } else {
            "Who fights: P(the state fights, on either side)".into()
        },
        y_title: "share of all trials in which the state fights".into(),
        kind: Kind::Share,
        figures: states.into_iter().map(|(n, g, _)| (n, g)).collect(),
    });
    let pact_figure = |what: &'static str| -> Vec<(String, Getter)> {
        first
            .pacts
            .0
            .iter()
            .map(|(id, _)| {
                let key = id.clone();
                let g: Getter = Box::new(move |v| {
                    v.pacts.get(&key).and_then(|p| {
                        point(if what == "invoked" {
                            &p.invoked
                        } else {
                            &p.honoured
                        })
                    })
                });
                (format!("{id} {what}"), g)
            })
            .filter(|(_, g)| ever(r, g))
            .collect()
    };
    specs.push(Spec {
        title: "Pacts invoked".into(),
        caption: "Pacts invoked: the share of trials in which the pact's casus foederis arose"
            .into(),
        y_title: "share of all trials".into(),
        kind: Kind::Share,
        figures: pact_figure("invoked"),
    });
    specs.push(Spec {
        title: "Pacts honoured".into(),
        caption: "Pacts honoured: the share of the members' decisions on the pact that honoured it"
            .into(),
        y_title: "share of members' decisions".into(),
        kind: Kind::Share,
        figures: pact_figure("honoured"),
    });
    let links: Vec<(String, Getter)> = first
        .supply
        .0
        .iter()
        .map(|(id, _)| {
            let key = id.clone();
            let g: Getter = Box::new(move |v| v.supply.get(&key).and_then(|l| point(&l.cut)));
            (format!("{id} cut"), g)
        })
        .filter(|(_, g)| ever(r, g))
        .collect();
    specs.push(Spec {
        title: "Supply links cut".into(),
        caption: "Supply links cut: the share of trials in which the supplier cut the link".into(),
        y_title: "share of all trials".into(),
        kind: Kind::Share,
        figures: links,
    });
    specs.push(Spec {
        title: "Duration of the war".into(),
        caption: "Duration of the war: mean number of steps, given a war".into(),
        y_title: "steps (mean, given a war)".into(),
        kind: Kind::Mean,
        figures: vec![(
            "duration".into(),
            Box::new(|v: &VariantFigures| mean_point(&v.duration)),
        )],
    });
    specs.push(Spec {
        title: "Size of the war".into(),
        caption: "Size of the war: mean number of states at war at the end, given a war".into(),
        y_title: "states (mean, given a war)".into(),
        kind: Kind::Mean,
        figures: vec![(
            "war size".into(),
            Box::new(|v: &VariantFigures| mean_point(&v.war_size)),
        )],
    });
    specs.retain(|s| !s.figures.is_empty());
    specs
}

/// Lines beyond this many in one chart are hard to tell apart.
const MAX_LINES: usize = 8;

/// The distinct values of coordinate `k` of the points, in order.
fn axis_values(sw: &Sweep, k: usize) -> Vec<f64> {
    let mut v: Vec<f64> = sw.points.iter().filter_map(|p| p.get(k).copied()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// The `--set` arguments that give this grid back.
pub(super) fn set_args(sw: &Sweep) -> String {
    sw.parameters
        .iter()
        .enumerate()
        .map(|(k, path)| {
            let v = axis_values(sw, k);
            let (lo, hi) = (
                v.first().copied().unwrap_or(0.0),
                v.last().copied().unwrap_or(0.0),
            );
            format!(
                " --set {path}={}:{}:{}",
                svg::short_num(lo),
                svg::short_num(hi),
                v.len()
            )
        })
        .collect()
}

/// The y axis of a chart of `kind` over the values it shows.
fn y_axis(kind: Kind, title: &str, values: &[Point]) -> Axis {
    match kind {
        // From 0 (a share's natural floor) to just above the largest bound,
        // so that small shares and their changes are visible.
        Kind::Share => {
            let hi = values.iter().map(|p| p.hi).fold(0.01, f64::max);
            let (_, top) = svg::nice_domain(0.0, hi, 5);
            let domain = (0.0, top.min(1.0));
            let step = svg::nice_step(domain.1, 5);
            Axis {
                domain,
                title: title.to_string(),
                tick: Box::new(move |v| svg::tick_label(v * 100.0, step * 100.0) + "%"),
            }
        }
        Kind::Mean => {
            let hi = values.iter().map(|p| p.hi).fold(1.0, f64::max);
            let domain = svg::nice_domain(0.0, hi, 6);
            let step = svg::nice_step(domain.1 - domain.0, 6);
            Axis {
                domain,
                title: title.to_string(),
                tick: Box::new(move |v| svg::tick_label(v, step)),
            }
        }
    }
}

fn label(kind: Kind) -> Box<dyn Fn(&Point) -> String> {
    match kind {
        Kind::Share => Box::new(pct_label),
        Kind::Mean => Box::new(|p: &Point| {
            format!(
                "{} [{}, {}]",
                num(Some(p.est)),
                num(Some(p.lo)),
                num(Some(p.hi))
            )
        }),
    }
}

/// A cell of a table: the figure at one point.
fn cell(kind: Kind, p: Option<Point>) -> String {
    match (kind, p) {
        (_, None) => "–".into(),
        (Kind::Share, Some(p)) => pct(&casus_runner::estimate::Prop {
            p: Some(p.est),
            lo: Some(p.lo),
            hi: Some(p.hi),
            n: None,
        }),
        (Kind::Mean, Some(p)) => label(Kind::Mean)(&p),
    }
}

/// The sweep's section: one chart per spec (one parameter) or per figure
/// (two parameters).
pub(super) fn render(page: &mut Page, r: &Report, sw: &Sweep) {
    let x_name = sw.parameters.first().cloned().unwrap_or_default();
    let xs: Vec<f64> = sw
        .points
        .iter()
        .map(|p| p.first().copied().unwrap_or(0.0))
        .collect();
    let _ = write!(
        page.out,
        "<section id=\"sweep\" aria-labelledby=\"sweep-h\"><h2 id=\"sweep-h\">Against {}</h2><p class=\"note\">Variant <code>{}</code> at {} points{}; every point plays the same trials (common random numbers), so differences between points are not noise from different draws. Bands are {}% intervals.</p>",
        sw.parameters
            .iter()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .collect::<Vec<_>>()
            .join(" and "),
        esc(&sw.variant),
        sw.points.len(),
        if sw.parameters.len() > 1 {
            format!(
                " (lines: values of <code>{}</code>)",
                esc(&sw.parameters[1..].join(", "))
            )
        } else {
            String::new()
        },
        level_pct(r.level)
    );
    let specs = specs(r);
    if sw.parameters.len() <= 1 {
        for spec in &specs {
            let lines: Vec<Line> = spec
                .figures
                .iter()
                .map(|(name, get)| Line {
                    name: name.clone(),
                    points: xs
                        .iter()
                        .zip(&r.variants)
                        .map(|(x, v)| (*x, get(v)))
                        .collect(),
                })
                .collect();
            let head: Vec<&str> = std::iter::once(x_name.as_str())
                .chain(spec.figures.iter().map(|(n, _)| n.as_str()))
                .collect();
            let rows: Vec<Vec<String>> = xs
                .iter()
                .zip(&r.variants)
                .map(|(x, v)| {
                    std::iter::once(svg::short_num(*x))
                        .chain(spec.figures.iter().map(|(_, g)| cell(spec.kind, g(v))))
                        .collect()
                })
                .collect();
            chart(page, r, spec, &x_name, lines, &head, &rows);
        }
    } else {
        // Lines are the combinations of the other parameters' values.
        let key = |p: &[f64]| {
            sw.parameters[1..]
                .iter()
                .zip(&p[1.min(p.len())..])
                .map(|(n, v)| format!("{n} = {}", svg::short_num(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut groups: Vec<String> = Vec::new();
        for p in &sw.points {
            let k = key(p);
            if !groups.contains(&k) {
                groups.push(k);
            }
        }
        for spec in specs.iter().filter(|s| s.title != "Who fights") {
            for (name, get) in spec.figures.iter().take(MAX_LINES) {
                let lines: Vec<Line> = groups
                    .iter()
                    .map(|g| Line {
                        name: g.clone(),
                        points: sw
                            .points
                            .iter()
                            .zip(&r.variants)
                            .filter(|(p, _)| &key(p) == g)
                            .map(|(p, v)| (p[0], get(v)))
                            .collect(),
                    })
                    .collect();
                let head: Vec<&str> = std::iter::once(x_name.as_str())
                    .chain(groups.iter().map(String::as_str))
                    .collect();
                let xs1 = axis_values(sw, 0);
                let rows: Vec<Vec<String>> = xs1
                    .iter()
                    .map(|x| {
                        std::iter::once(svg::short_num(*x))
                            .chain(groups.iter().map(|g| {
                                let v = sw
                                    .points
                                    .iter()
                                    .zip(&r.variants)
                                    .find(|(p, _)| p[0] == *x && &key(p) == g)
                                    .map(|(_, v)| v);
                                cell(spec.kind, v.and_then(get))
                            }))
                            .collect()
                    })
                    .collect();
                let one = Spec {
                    title: format!("{}: {name}", spec.title),
                    caption: format!("{} — {name}", spec.caption),
                    y_title: spec.y_title.clone(),
                    kind: spec.kind,
                    figures: Vec::new(),
                };
                chart(page, r, &one, &x_name, lines, &head, &rows);
            }
        }
    }
    page.out.push_str("</section>\n");
}

fn chart(
    page: &mut Page,
    r: &Report,
    spec: &Spec,
    x_name: &str,
    lines: Vec<Line>,
    head: &[&str],
    rows: &[Vec<String>],
) {
    let values: Vec<Point> = lines
        .iter()
        .flat_map(|l| l.points.iter().filter_map(|p| p.1))
        .collect();
    let n = page.next();
    let _ = write!(page.out, "<h3>{}</h3>", esc(&spec.title));
    let chart = LineChart {
        id: format!("c{n}"),
        title: format!("{} against {x_name}", spec.title),
        desc: format!(
            "{} ({}) against {x_name}, with {}% intervals as bands.",
            spec.title,
            lines
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            level_pct(r.level)
        ),
        y: y_axis(spec.kind, &spec.y_title, &values),
        lines,
        x_title: x_name.to_string(),
        label: label(spec.kind),
    };
    page.figure(
        n,
        &chart.render(),
        &format!(
            "{} against {x_name}; the band is the {}% interval.",
            spec.caption,
            level_pct(r.level)
        ),
        &table(&spec.title, head, rows, ""),
    );
}
