//! The HTML of a `casus sensitivity` report: the tornado (one input at a
//! time at its 10th and 90th percentile) and the Sobol indices with their
//! bootstrap intervals.

use std::fmt::Write;

use super::{level_pct, page, table};
use crate::chart::{Axis, DotChart, Point, Range, RangeChart};
use crate::sensitivity::SensitivityReport;
use crate::svg::{self, esc};

/// Whether the analysed figure is a share (written as a percentage).
fn is_share(metric: &str) -> bool {
    super::is_proportion(metric)
}

impl SensitivityReport {
    /// The report as one self-contained HTML page (the same kind of page as
    /// [`crate::Format::Html`] gives for a run): the tornado and the Sobol
    /// indices as charts, each with its numbers as a table, and provenance.
    pub fn to_html(&self) -> String {
        let share = is_share(&self.metric);
        let fmt = move |v: f64| {
            if share {
                format!("{:.1}%", v * 100.0)
            } else {
                crate::num(Some(v))
            }
        };
        let mut page = page(&self.scenario.name, &self.casus_version);
        let _ = write!(
            page.out,
            "<header><p class=\"kicker\">casus sensitivity</p><h1>{}</h1><p class=\"meta\">what drives <code>{}</code> · variant <code>{}</code> · seed {} · {} trials per evaluation · {} Sobol samples · {}% bootstrap intervals · <code>{}</code></p>\
             <nav aria-label=\"Contents\"><ol><li><a href=\"#tornado\">Tornado</a></li><li><a href=\"#sobol\">Sobol indices</a></li><li><a href=\"#provenance\">Provenance</a></li></ol></nav></header>\n<main>\n",
            esc(&self.scenario.name),
            esc(&self.metric),
            esc(&self.variant),
            self.seed,
            self.trials_per_point,
            self.samples,
            level_pct(self.level),
            esc(&self.scenario.file)
        );
        let _ = write!(
            page.out,
            "<p class=\"lead\">With every uncertain input at its median, <code>{}</code> = <b>{}</b>.</p>",
            esc(&self.metric),
            esc(&fmt(self.at_medians))
        );

        // The tornado.
        page.out.push_str("<section id=\"tornado\" aria-labelledby=\"tornado-h\"><h2 id=\"tornado-h\">One input at a time</h2>");
        if self.tornado.is_empty() {
            page.out
                .push_str("<p class=\"note\">The scenario has no uncertain inputs.</p>");
        } else {
            let all = self
                .tornado
                .iter()
                .flat_map(|b| [b.figure_low, b.figure_high])
                .chain([self.at_medians]);
            let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            let pad = ((hi - lo) * 0.08).max(if share { 0.005 } else { 1e-6 });
            let (mut d0, mut d1) = svg::nice_domain(lo - pad, hi + pad, 8);
            if share {
                (d0, d1) = (d0.max(0.0), d1.min(1.0));
            }
            let step = svg::nice_step(d1 - d0, 8);
            let n = page.next();
            let chart = RangeChart {
                id: format!("c{n}"),
                title: format!("Tornado: {}", self.metric),
                desc: format!(
                    "For each uncertain input, {} with the input at its 10th and at its 90th percentile, every other input at its median; widest swing first.",
                    self.metric
                ),
                rows: self.tornado.iter().map(|b| b.input.clone()).collect(),
                values: self
                    .tornado
                    .iter()
                    .map(|b| Range {
                        low: b.figure_low,
                        high: b.figure_high,
                    })
                    .collect(),
                reference: self.at_medians,
                axis: Axis {
                    domain: (d0, d1),
                    title: self.metric.clone(),
                    tick: Box::new(move |v| {
                        if share {
                            svg::tick_label(v * 100.0, step * 100.0) + "%"
                        } else {
                            svg::tick_label(v, step)
                        }
                    }),
                },
                ends: [
                    "input at its 10th percentile".into(),
                    "at its 90th".into(),
                    "every input at its median".into(),
                ],
                fmt: Box::new(fmt),
            };
            let rows: Vec<Vec<String>> = self
                .tornado
                .iter()
                .map(|b| {
                    vec![
                        b.input.clone(),
                        svg::short_num(b.low),
                        svg::short_num(b.high),
                        fmt(b.figure_low),
                        fmt(b.figure_high),
                        if b.swing > 0.0 {
                            format!("+{}", fmt(b.swing))
                        } else {
                            fmt(b.swing)
                        },
                    ]
                })
                .collect();
            page.figure(
                n,
                &chart.render(),
                &format!(
                    "Tornado of {}: each bar runs from the figure with the input at its 10th percentile (circle) to the figure with it at its 90th (square), every other input at its median (the dashed line); widest swing first.",
                    self.metric
                ),
                &table(
                    "Tornado",
                    &[
                        "input",
                        "10th percentile",
                        "90th percentile",
                        "figure at p10",
                        "figure at p90",
                        "swing",
                    ],
                    &rows,
                    "",
                ),
            );
        }
        page.out.push_str("</section>\n");

        // The Sobol indices.
        page.out.push_str("<section id=\"sobol\" aria-labelledby=\"sobol-h\"><h2 id=\"sobol-h\">Shares of the variance</h2>");
        if self.sobol.is_empty() {
            page.out
                .push_str("<p class=\"note\">No Sobol indices (no uncertain inputs).</p>");
        } else {
            let lo = self
                .sobol
                .iter()
                .flat_map(|s| [s.first_ci[0], s.total_ci[0]])
                .fold(0.0, f64::min);
            let hi = self
                .sobol
                .iter()
                .flat_map(|s| [s.first_ci[1], s.total_ci[1]])
                .fold(0.1, f64::max);
            let domain = svg::nice_domain(lo, hi, 8);
            let step = svg::nice_step(domain.1 - domain.0, 8);
            let n = page.next();
            let chart = DotChart {
                id: format!("c{n}"),
                title: format!("Sobol indices: {}", self.metric),
                desc: format!(
                    "First-order and total Sobol indices of each uncertain input for {}, with {}% bootstrap intervals.",
                    self.metric,
                    level_pct(self.level)
                ),
                rows: self.sobol.iter().map(|s| s.input.clone()).collect(),
                series: vec![
                    "first order (the input alone)".into(),
                    "total (with its interactions)".into(),
                ],
                values: self
                    .sobol
                    .iter()
                    .map(|s| {
                        vec![
                            Some(Point::new(s.first, s.first_ci[0], s.first_ci[1])),
                            Some(Point::new(s.total, s.total_ci[0], s.total_ci[1])),
                        ]
                    })
                    .collect(),
                axis: Axis {
                    domain,
                    title: "share of the figure's variance".into(),
                    tick: Box::new(move |v| svg::tick_label(v, step)),
                },
                connect: false,
                label: Box::new(|p| format!("{:.3} [{:.3}, {:.3}]", p.est, p.lo, p.hi)),
                notes: Vec::new(),
            };
            let rows: Vec<Vec<String>> = self
                .sobol
                .iter()
                .map(|s| {
                    vec![
                        s.input.clone(),
                        format!("{:.3}", s.first),
                        format!("[{:.3}, {:.3}]", s.first_ci[0], s.first_ci[1]),
                        format!("{:.3}", s.total),
                        format!("[{:.3}, {:.3}]", s.total_ci[0], s.total_ci[1]),
                    ]
                })
                .collect();
            page.figure(
                n,
                &chart.render(),
                &format!(
                    "Sobol indices of {}: the first-order index is the share of its variance due to the input alone, the total index adds the input's interactions with the others; largest total first. With few samples the estimates can fall outside [0, 1]; their intervals say how far to trust them.",
                    self.metric
                ),
                &table(
                    "Sobol indices",
                    &["input", "first order", "interval", "total", "interval"],
                    &rows,
                    "",
                ),
            );
        }
        page.out.push_str("</section>\n</main>\n");

        let s = &self.scenario;
        let command = format!(
            "casus sensitivity {} --variant {} --metric {} --seed {} --trials {} --samples {} --level {} --format html",
            s.file,
            self.variant,
            self.metric,
            self.seed,
            self.trials_per_point,
            self.samples,
            self.level
        );
        let _ = writeln!(
            page.out,
            "<footer id=\"provenance\" aria-labelledby=\"provenance-h\"><h2 id=\"provenance-h\">Provenance</h2><dl>\
             <dt>Scenario</dt><dd>{}</dd>\
             <dt>File</dt><dd><code>{}</code></dd>\
             <dt>SHA-256</dt><dd><code>{}</code></dd>\
             <dt>Seed</dt><dd>{}</dd>\
             <dt>Trials</dt><dd>{} per evaluation of the figure; {} Sobol base samples</dd>\
             <dt>Level</dt><dd>{}% (bootstrap intervals)</dd>\
             <dt>casus</dt><dd>{}</dd>\
             <dt>Reproduce</dt><dd><code>{}</code></dd>\
             </dl><p class=\"note\">This page is self-contained: it loads nothing from anywhere.</p></footer>",
            esc(&s.name),
            esc(&s.file),
            esc(&s.sha256),
            self.seed,
            self.trials_per_point,
            self.samples,
            level_pct(self.level),
            esc(&self.casus_version),
            esc(&command)
        );
        page.out.push_str("</body>\n</html>\n");
        page.out
    }
}

#[cfg(test)]
mod tests {
    use crate::ScenarioRef;
    use crate::sensitivity::{SensitivityReport, SobolRow, TornadoBar};

    fn report(metric: &str) -> SensitivityReport {
        SensitivityReport {
            casus_version: "0.0.0".into(),
            scenario: ScenarioRef {
                name: "s<1>".into(),
                file: "f.toml".into(),
                sha256: "00".into(),
            },
            variant: "base".into(),
            metric: metric.into(),
            seed: 1,
            trials_per_point: 100,
            samples: 64,
            level: 0.95,
            at_medians: 0.2,
            tornado: vec![TornadoBar {
                input: "state.PAK.nuclear.threshold".into(),
                low: 0.2,
                high: 0.4,
                figure_low: 0.25,
                figure_high: 0.15,
                swing: -0.1,
            }],
            sobol: vec![SobolRow {
                input: "state.PAK.nuclear.threshold".into(),
                first: 0.6,
                first_ci: [0.5, 0.7],
                total: 0.8,
                total_ci: [0.7, 0.9],
            }],
        }
    }

    #[test]
    fn a_sensitivity_page_has_a_tornado_and_sobol_bars() {
        let html = report("outcomes.deterred").to_html();
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
        assert!(html.contains(">Tornado: outcomes.deterred</title>"));
        assert!(html.contains(">Sobol indices: outcomes.deterred</title>"));
        assert!(html.contains("25.0% → 15.0% (-10.0%)"));
        assert!(html.contains("0.600 [0.500, 0.700]"));
        assert!(html.contains("s&lt;1&gt;"));
        assert!(!html.contains("<script"));
        assert_eq!(html.matches("role=\"img\"").count(), 2);
    }

    #[test]
    fn a_mean_figure_is_written_in_its_unit() {
        let html = report("duration").to_html();
        assert!(html.contains("0.250 → 0.150 (-0.100)"));
    }
}
