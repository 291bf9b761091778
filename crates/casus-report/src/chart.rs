//! The two kinds of chart in the HTML report, as inline SVG.
//!
//! * [`DotChart`]: a Cleveland dot plot with interval whiskers — categories
//!   in rows, one marker per series (variant, side, or pair of variants),
//!   dodged within the row so whiskers never overlap. With `connect` it
//!   joins each series' points (the escalation ladder); with a domain that
//!   crosses zero it is a forest plot.
//! * [`BoxChart`]: box-style summaries of a distribution known only by its
//!   5/50/95% quantiles and its mean with an interval.
//! * [`LineChart`]: figures against a swept parameter, with interval bands.
//! * [`RangeChart`]: a tornado of one-at-a-time input swings.
//!
//! Every chart is an `<svg role="img">` with a `<title>` and `<desc>`, a
//! legend drawn inside it (so it prints), and the value of every point
//! written beside it, so nothing is told by colour alone.

use std::fmt::Write;

use crate::svg::{self, Scale, Shape, c, esc};

/// Width of every chart, in SVG user units (scaled to the page by CSS).
const WIDTH: f64 = 960.0;
/// Height of one series' line within a row.
const SUB: f64 = 15.0;
/// Space under the plot for the axis.
const AXIS: f64 = 44.0;

/// An estimate with its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Point {
    /// The estimate.
    pub est: f64,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// A filled marker (else hollow: e.g. a difference within noise).
    pub filled: bool,
    /// A wider interval drawn faintly behind the whisker (e.g. the unpaired
    /// interval of a paired difference).
    pub band: Option<(f64, f64)>,
}

impl Point {
    /// A filled point without a band.
    pub(crate) fn new(est: f64, lo: f64, hi: f64) -> Self {
        Point {
            est,
            lo,
            hi,
            filled: true,
            band: None,
        }
    }
}

/// The value axis of a chart.
pub(crate) struct Axis {
    /// Domain of values.
    pub domain: (f64, f64),
    /// Axis title.
    pub title: String,
    /// Formats a tick value.
    pub tick: Box<dyn Fn(f64) -> String>,
}

/// A dot plot with whiskers.
pub(crate) struct DotChart {
    /// Unique id prefix within the page.
    pub id: String,
    /// Accessible title (also the figure's name).
    pub title: String,
    /// Accessible description: what is plotted against what.
    pub desc: String,
    /// Row labels.
    pub rows: Vec<String>,
    /// Series labels; with more than one, a legend is drawn. The part of a
    /// label before ` (` is its short name, written beside each value.
    pub series: Vec<String>,
    /// `values[row][series]`; `None` draws nothing and writes "–".
    pub values: Vec<Vec<Option<Point>>>,
    /// The value axis.
    pub axis: Axis,
    /// Joins each series' points from row to row.
    pub connect: bool,
    /// The text written beside a point.
    pub label: Box<dyn Fn(&Point) -> String>,
    /// Extra legend entries `(marker filled, text)` explaining the markers.
    pub notes: Vec<(bool, String)>,
}

/// The short name of a series: its label up to ` (`, at most 20 characters.
fn short(label: &str) -> String {
    svg::truncate(label.split(" (").next().unwrap_or(label), 20)
}

/// The label at a line's end: its short name, at most 28 characters.
fn end_label(label: &str) -> String {
    svg::truncate(label.split(" (").next().unwrap_or(label), 28)
}

/// Width of the row-label column for `labels` at 12 px.
fn label_column(labels: &[String]) -> f64 {
    labels
        .iter()
        .map(|l| svg::text_width(&svg::truncate(l, 32), 12.0))
        .fold(40.0, f64::max)
        .min(240.0)
        + 16.0
}

/// Opens an accessible `<svg>` of `height`, with title and description.
fn open(id: &str, title: &str, desc: &str, height: f64) -> String {
    format!(
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif\">\
         <title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        w = c(WIDTH),
        h = c(height),
        t = esc(title),
        d = esc(desc)
    )
}

/// A legend laid out in lines across the top; returns (markup, height).
fn legend(items: &[(Shape, &str, bool, String)], left: f64) -> (String, f64) {
    if items.is_empty() {
        return (String::new(), 0.0);
    }
    let mut o = String::from("<g class=\"legend\">");
    let (mut x, mut y) = (left, 14.0);
    for (shape, colour, filled, text) in items {
        let w = 22.0 + svg::text_width(text, 12.0) + 18.0;
        if x + w > WIDTH - 8.0 && x > left {
            x = left;
            y += 18.0;
        }
        o.push_str(&svg::marker(*shape, x + 6.0, y - 4.0, 5.0, colour, *filled));
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#222\">{}</text>",
            c(x + 16.0),
            c(y),
            esc(text)
        );
        x += w;
    }
    o.push_str("</g>");
    (o, y + 12.0)
}

impl DotChart {
    /// The chart as an `<svg>` element.
    pub(crate) fn render(&self) -> String {
        let ns = self.series.len().max(1);
        let row_h = (ns as f64 * SUB + 10.0).max(24.0);
        let left = label_column(&self.rows);
        let value_w = self
            .values
            .iter()
            .flatten()
            .flatten()
            .map(|p| svg::text_width(&(self.label)(p), 11.0))
            .fold(60.0, f64::max)
            + if ns > 1 {
                self.series
                    .iter()
                    .map(|s| svg::text_width(&short(s), 11.0) + 6.0)
                    .fold(0.0, f64::max)
            } else {
                0.0
            };
        let value_w = value_w.min(340.0) + 12.0;
        let mut items: Vec<(Shape, &str, bool, String)> = if ns > 1 {
            self.series
                .iter()
                .enumerate()
                .map(|(i, s)| (Shape::nth(i), svg::colour(i), true, s.clone()))
                .collect()
        } else {
            Vec::new()
        };
        for (filled, text) in &self.notes {
            items.push((Shape::Circle, "#555", *filled, text.clone()));
        }
        let (legend, legend_h) = legend(&items, left);
        let top = legend_h + 6.0;
        let plot_h = self.rows.len() as f64 * row_h;
        let height = top + plot_h + AXIS;
        let x = Scale::new(self.axis.domain, (left, WIDTH - value_w));
        let mut o = open(&self.id, &self.title, &self.desc, height);
        o.push_str(&legend);
        row_labels(&mut o, &self.rows, top, row_h, left);
        o.push_str(&svg::x_axis(
            &x,
            top,
            top + plot_h,
            if WIDTH - value_w - left > 400.0 {
                10
            } else {
                5
            },
            &*self.axis.tick,
            &self.axis.title,
        ));
        let y_of = |r: usize, s: usize| {
            top + r as f64 * row_h + (row_h - ns as f64 * SUB) / 2.0 + (s as f64 + 0.5) * SUB
        };
        if self.connect {
            for s in 0..ns {
                let pts: Vec<String> = self
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(r, row)| {
                        row.get(s)
                            .copied()
                            .flatten()
                            .map(|p| format!("{},{}", c(x.at(p.est)), c(y_of(r, s))))
                    })
                    .collect();
                if pts.len() > 1 {
                    let _ = write!(
                        o,
                        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" stroke-opacity=\"0.7\" stroke-dasharray=\"{}\"/>",
                        pts.join(" "),
                        svg::colour(s),
                        svg::dash(s)
                    );
                }
            }
        }
        for (r, row) in self.values.iter().enumerate() {
            for (s, p) in row.iter().enumerate() {
                let y = y_of(r, s);
                let name = self.series.get(s).map_or("", String::as_str);
                let text = p.as_ref().map_or("–".to_string(), |p| (self.label)(p));
                let prefix = if ns > 1 {
                    format!("{}: ", short(name))
                } else {
                    String::new()
                };
                let _ = write!(
                    o,
                    "<g><title>{}{}{}</title>",
                    esc(&self.rows[r]),
                    if ns > 1 {
                        format!(" · {}", esc(name))
                    } else {
                        String::new()
                    },
                    esc(&format!(": {text}"))
                );
                if let Some(p) = p {
                    if let Some((b0, b1)) = p.band {
                        let _ = write!(
                            o,
                            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" fill=\"{}\" fill-opacity=\"0.22\"/>",
                            c(x.at(b0)),
                            c(y - 3.0),
                            c((x.at(b1) - x.at(b0)).max(1.0)),
                            svg::colour(s)
                        );
                    }
                    o.push_str(&svg::whisker(
                        x.at(p.lo),
                        x.at(p.hi),
                        y,
                        svg::colour(s),
                        1.6,
                    ));
                    o.push_str(&svg::marker(
                        Shape::nth(s),
                        x.at(p.est),
                        y,
                        5.0,
                        svg::colour(s),
                        p.filled,
                    ));
                }
                let _ = write!(
                    o,
                    "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#333\">{}</text></g>",
                    c(WIDTH - value_w + 10.0),
                    c(y),
                    esc(&format!("{prefix}{text}"))
                );
            }
        }
        o.push_str("</svg>");
        o
    }
}

/// A distribution summarised by quantiles and a mean with its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BoxStat {
    /// 5th percentile.
    pub q05: f64,
    /// Median.
    pub q50: f64,
    /// 95th percentile.
    pub q95: f64,
    /// Mean.
    pub mean: f64,
    /// Lower bound of the mean.
    pub lo: f64,
    /// Upper bound of the mean.
    pub hi: f64,
}

/// Box-style summaries, one row per category (variant).
pub(crate) struct BoxChart {
    /// Unique id prefix within the page.
    pub id: String,
    /// Accessible title.
    pub title: String,
    /// Accessible description.
    pub desc: String,
    /// Row labels.
    pub rows: Vec<String>,
    /// One summary per row; `None` when there was nothing to summarise.
    pub values: Vec<Option<BoxStat>>,
    /// Axis title (the unit).
    pub axis_title: String,
}

impl BoxChart {
    /// The chart as an `<svg>` element.
    pub(crate) fn render(&self) -> String {
        let row_h = 30.0;
        let left = label_column(&self.rows);
        let fmt = |v: f64| crate::num(Some(v));
        let texts: Vec<String> = self
            .values
            .iter()
            .map(|b| match b {
                Some(b) => format!(
                    "median {} · 5–95% {}–{} · mean {} [{}, {}]",
                    fmt(b.q50),
                    fmt(b.q05),
                    fmt(b.q95),
                    fmt(b.mean),
                    fmt(b.lo),
                    fmt(b.hi)
                ),
                None => "no values".to_string(),
            })
            .collect();
        let value_w = texts
            .iter()
            .map(|t| svg::text_width(t, 11.0))
            .fold(120.0, f64::max)
            .min(440.0)
            + 16.0;
        let hi = self
            .values
            .iter()
            .flatten()
            .map(|b| b.q95.max(b.hi))
            .fold(1.0, f64::max);
        let lo = self
            .values
            .iter()
            .flatten()
            .map(|b| b.q05.min(b.lo))
            .fold(0.0, f64::min);
        let domain = svg::nice_domain(lo, hi, 8);
        let items = [
            (
                Shape::Square,
                "#9ecae1",
                true,
                "5–95% of values".to_string(),
            ),
            (Shape::Bar, "#111111", true, "median".to_string()),
            (
                Shape::Diamond,
                svg::colour(1),
                true,
                "mean with its interval".to_string(),
            ),
        ];
        let (legend, legend_h) = legend(&items, left);
        let top = legend_h + 6.0;
        let plot_h = self.rows.len() as f64 * row_h;
        let x = Scale::new(domain, (left, WIDTH - value_w));
        let mut o = open(&self.id, &self.title, &self.desc, top + plot_h + AXIS);
        o.push_str(&legend);
        row_labels(&mut o, &self.rows, top, row_h, left);
        o.push_str(&svg::x_axis(
            &x,
            top,
            top + plot_h,
            8,
            &|v| svg::tick_label(v, svg::nice_step(domain.1 - domain.0, 8)),
            &self.axis_title,
        ));
        for (r, b) in self.values.iter().enumerate() {
            let y = top + r as f64 * row_h + row_h / 2.0;
            let text = &texts[r];
            let _ = write!(o, "<g><title>{}: {}</title>", esc(&self.rows[r]), esc(text));
            if let Some(b) = b {
                let (x05, x95) = (x.at(b.q05), x.at(b.q95));
                let _ = write!(
                    o,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#9ecae1\" stroke=\"#3182bd\" stroke-width=\"1\"/>",
                    c(x05),
                    c(y - 7.0),
                    c((x95 - x05).max(2.0))
                );
                let xm = x.at(b.q50);
                let _ = write!(
                    o,
                    "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"3\"/>",
                    c(y - 10.0),
                    c(y + 10.0),
                    x = c(xm)
                );
                o.push_str(&svg::whisker(
                    x.at(b.lo),
                    x.at(b.hi),
                    y,
                    svg::colour(1),
                    2.0,
                ));
                o.push_str(&svg::marker(
                    Shape::Diamond,
                    x.at(b.mean),
                    y,
                    5.5,
                    svg::colour(1),
                    true,
                ));
            }
            let _ = write!(
                o,
                "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#333\">{}</text></g>",
                c(WIDTH - value_w + 12.0),
                c(y),
                esc(text)
            );
        }
        o.push_str("</svg>");
        o
    }
}

/// One line of a [`LineChart`]: points `(x, estimate with interval)`.
pub(crate) struct Line {
    /// Series label (legend and line end).
    pub name: String,
    /// Points in increasing `x`; `None` estimates are gaps.
    pub points: Vec<(f64, Option<Point>)>,
}

/// Figures against a numeric parameter: a line per series with its
/// interval as a band, markers at the computed points, and each line
/// labelled at its end as well as in the legend.
pub(crate) struct LineChart {
    /// Unique id prefix within the page.
    pub id: String,
    /// Accessible title.
    pub title: String,
    /// Accessible description.
    pub desc: String,
    /// The lines.
    pub lines: Vec<Line>,
    /// Title of the x axis (the parameter).
    pub x_title: String,
    /// The value axis (vertical).
    pub y: Axis,
    /// Text of a point's tooltip.
    pub label: Box<dyn Fn(&Point) -> String>,
}

impl LineChart {
    /// The chart as an `<svg>` element.
    pub(crate) fn render(&self) -> String {
        let left = 78.0;
        let end_w = self
            .lines
            .iter()
            .map(|l| svg::text_width(&end_label(&l.name), 11.0))
            .fold(40.0, f64::max)
            + 16.0;
        let right = WIDTH - end_w;
        let items: Vec<(Shape, &str, bool, String)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (Shape::nth(i), svg::colour(i), true, l.name.clone()))
            .collect();
        let (legend, legend_h) = legend(&items, left);
        let top = legend_h + 10.0;
        let plot_h = 300.0;
        let bottom = top + plot_h;
        let xs: Vec<f64> = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .collect();
        let x0 = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let x1 = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (x0, x1) = if x0.is_finite() && x1 > x0 {
            (x0, x1)
        } else if x0.is_finite() {
            (x0 - 0.5, x0 + 0.5)
        } else {
            (0.0, 1.0)
        };
        let x = Scale::new((x0, x1), (left + 8.0, right - 8.0));
        let y = Scale::new(self.y.domain, (bottom, top));
        let mut o = open(&self.id, &self.title, &self.desc, bottom + AXIS);
        o.push_str(&legend);
        o.push_str(&svg::y_axis(
            &y,
            left,
            right,
            6,
            &*self.y.tick,
            &self.y.title,
        ));
        let step = svg::nice_step(x1 - x0, 10);
        o.push_str(&svg::x_axis(
            &x,
            top,
            bottom,
            10,
            &|v| svg::tick_label(v, step),
            &self.x_title,
        ));
        let mut ends: Vec<(usize, f64)> = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let colour = svg::colour(i);
            // Band and line are drawn per run of consecutive known points.
            let mut runs: Vec<Vec<(f64, Point)>> = vec![Vec::new()];
            for (px, p) in &line.points {
                match p {
                    Some(p) => runs.last_mut().expect("a run").push((*px, *p)),
                    None => runs.push(Vec::new()),
                }
            }
            for run in runs.iter().filter(|r| !r.is_empty()) {
                let upper = run
                    .iter()
                    .map(|(px, p)| format!("{},{}", c(x.at(*px)), c(y.at(p.hi))));
                let lower = run
                    .iter()
                    .rev()
                    .map(|(px, p)| format!("{},{}", c(x.at(*px)), c(y.at(p.lo))));
                let _ = write!(
                    o,
                    "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.16\" stroke=\"none\"/>",
                    upper.chain(lower).collect::<Vec<_>>().join(" ")
                );
                let _ = write!(
                    o,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>",
                    run.iter()
                        .map(|(px, p)| format!("{},{}", c(x.at(*px)), c(y.at(p.est))))
                        .collect::<Vec<_>>()
                        .join(" "),
                    svg::dash(i)
                );
            }
            for (px, p) in &line.points {
                if let Some(p) = p {
                    let _ = write!(
                        o,
                        "<g><title>{}</title>{}</g>",
                        esc(&format!(
                            "{} at {}: {}",
                            line.name,
                            svg::short_num(*px),
                            (self.label)(p)
                        )),
                        svg::marker(Shape::nth(i), x.at(*px), y.at(p.est), 4.0, colour, true)
                    );
                }
            }
            if let Some((_, Some(p))) = line.points.iter().rev().find(|(_, p)| p.is_some()) {
                ends.push((i, y.at(p.est)));
            }
        }
        let placed = svg::spread(&ends.iter().map(|e| e.1).collect::<Vec<_>>(), 13.0, bottom);
        for ((i, _), ly) in ends.iter().zip(placed) {
            let _ = write!(
                o,
                "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#222\">{}</text>",
                c(right + 8.0),
                c(ly),
                esc(&end_label(&self.lines[*i].name))
            );
        }
        o.push_str("</svg>");
        o
    }
}

/// One row of a [`RangeChart`]: a figure at two settings of an input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Range {
    /// The figure with the input low.
    pub low: f64,
    /// The figure with the input high.
    pub high: f64,
}

/// A tornado: per row, a bar from the figure with the input low to the
/// figure with it high, around a reference line (the figure with every
/// input at its median); the two ends have different markers.
pub(crate) struct RangeChart {
    /// Unique id prefix within the page.
    pub id: String,
    /// Accessible title.
    pub title: String,
    /// Accessible description.
    pub desc: String,
    /// Row labels.
    pub rows: Vec<String>,
    /// One range per row.
    pub values: Vec<Range>,
    /// The reference value, drawn as a line.
    pub reference: f64,
    /// The value axis.
    pub axis: Axis,
    /// Legend texts of the low end and the high end, and the label of the
    /// reference line (written over it, with its value).
    pub ends: [String; 3],
    /// Formats a value.
    pub fmt: Box<dyn Fn(f64) -> String>,
}

impl RangeChart {
    /// The chart as an `<svg>` element.
    pub(crate) fn render(&self) -> String {
        let row_h = 26.0;
        let left = label_column(&self.rows);
        let texts: Vec<String> = self
            .values
            .iter()
            .map(|r| {
                format!("{} → {} ({})", (self.fmt)(r.low), (self.fmt)(r.high), {
                    let d = (self.fmt)(r.high - r.low);
                    if r.high - r.low > 0.0 {
                        format!("+{d}")
                    } else {
                        d
                    }
                })
            })
            .collect();
        let value_w = texts
            .iter()
            .map(|t| svg::text_width(t, 11.0))
            .fold(80.0, f64::max)
            .min(320.0)
            + 16.0;
        let items = [
            (Shape::Circle, svg::colour(0), true, self.ends[0].clone()),
            (Shape::Square, svg::colour(1), true, self.ends[1].clone()),
        ];
        let (legend, legend_h) = legend(&items, left);
        // Room above the plot for the reference line's label.
        let top = legend_h + 22.0;
        let plot_h = self.rows.len().max(1) as f64 * row_h;
        let x = Scale::new(self.axis.domain, (left, WIDTH - value_w));
        let mut o = open(&self.id, &self.title, &self.desc, top + plot_h + AXIS);
        o.push_str(&legend);
        row_labels(&mut o, &self.rows, top, row_h, left);
        o.push_str(&svg::x_axis(
            &x,
            top,
            top + plot_h,
            8,
            &*self.axis.tick,
            &self.axis.title,
        ));
        let xr = c(x.at(self.reference));
        let _ = write!(
            o,
            "<line x1=\"{xr}\" y1=\"{}\" x2=\"{xr}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
            c(top - 4.0),
            c(top + plot_h)
        );
        let _ = write!(
            o,
            "<text x=\"{xr}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#111\">{}</text>",
            c(top - 8.0),
            esc(&format!("{}: {}", self.ends[2], (self.fmt)(self.reference)))
        );
        for (r, v) in self.values.iter().enumerate() {
            let y = top + r as f64 * row_h + row_h / 2.0;
            let (a, b) = (x.at(v.low), x.at(v.high));
            let _ = write!(
                o,
                "<g><title>{}: {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"#c6dbef\" stroke=\"#6b8fb3\"/>",
                esc(&self.rows[r]),
                esc(&texts[r]),
                c(a.min(b)),
                c(y - 6.0),
                c((a - b).abs().max(1.0))
            );
            o.push_str(&svg::marker(Shape::Circle, a, y, 5.0, svg::colour(0), true));
            o.push_str(&svg::marker(Shape::Square, b, y, 5.0, svg::colour(1), true));
            let _ = write!(
                o,
                "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#333\">{}</text></g>",
                c(WIDTH - value_w + 10.0),
                c(y),
                esc(&texts[r])
            );
        }
        o.push_str("</svg>");
        o
    }
}

/// Zebra stripes and the label of each row of a horizontal chart, the label
/// truncated for the page with its full text as a tooltip.
fn row_labels(o: &mut String, rows: &[String], top: f64, row_h: f64, left: f64) {
    for (r, label) in rows.iter().enumerate() {
        let y0 = top + r as f64 * row_h;
        if r % 2 == 0 {
            let _ = write!(
                o,
                "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f4f4f4\"/>",
                c(y0),
                c(WIDTH),
                c(row_h)
            );
        }
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#111\">{}<title>{}</title></text>",
            c(left - 10.0),
            c(y0 + row_h / 2.0),
            esc(&svg::truncate(label, 32)),
            esc(label)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct_axis() -> Axis {
        Axis {
            domain: (0.0, 1.0),
            title: "probability".into(),
            tick: Box::new(|v| format!("{:.0}%", v * 100.0)),
        }
    }

    #[test]
    fn a_dot_chart_draws_every_point_and_labels_it() {
        let chart = DotChart {
            id: "f1".into(),
            title: "Outcomes <of> war".into(),
            desc: "d".into(),
            rows: vec!["deterred".into(), "ceasefire".into()],
            series: vec!["base".into(), "no-pact".into()],
            values: vec![
                vec![Some(Point::new(0.2, 0.1, 0.3)), None],
                vec![
                    Some(Point::new(0.5, 0.4, 0.6)),
                    Some(Point::new(0.7, 0.6, 0.8)),
                ],
            ],
            axis: pct_axis(),
            connect: true,
            label: Box::new(|p| format!("{:.0}%", p.est * 100.0)),
            notes: Vec::new(),
        };
        let s = chart.render();
        assert!(s.starts_with("<svg id=\"f1\"") && s.ends_with("</svg>"));
        assert!(s.contains("role=\"img\""));
        assert!(s.contains("<title id=\"f1-t\">Outcomes &lt;of&gt; war</title>"));
        // Three points: three whiskers; the missing one is written "–".
        assert_eq!(s.matches("<path d=\"M").count(), 3);
        assert!(s.contains("no-pact: –"));
        assert!(s.contains("base: 20%"));
        // A legend for the two series, and one connecting line (the other
        // series has only one point).
        assert!(s.contains("class=\"legend\""));
        assert_eq!(s.matches("<polyline").count(), 1);
    }

    #[test]
    fn a_single_series_has_no_legend_and_no_prefix() {
        let chart = DotChart {
            id: "f2".into(),
            title: "t".into(),
            desc: "d".into(),
            rows: vec!["<b>".into()],
            series: vec!["x".into()],
            values: vec![vec![Some(Point::new(0.2, 0.1, 0.3))]],
            axis: pct_axis(),
            connect: false,
            label: Box::new(|p| format!("{:.0}%", p.est * 100.0)),
            notes: Vec::new(),
        };
        let s = chart.render();
        assert!(!s.contains("class=\"legend\""));
        assert!(s.contains(">20%<"));
        assert!(s.contains("&lt;b&gt;") && !s.contains("<b>"));
    }

    #[test]
    fn a_line_chart_draws_bands_lines_markers_and_end_labels() {
        let p = |e: f64| Some(Point::new(e, e - 0.05, e + 0.05));
        let chart = LineChart {
            id: "l".into(),
            title: "Deterred against reliability".into(),
            desc: "d".into(),
            lines: vec![
                Line {
                    name: "deterred".into(),
                    points: vec![(0.0, p(0.1)), (0.5, p(0.2)), (1.0, p(0.3))],
                },
                Line {
                    name: "war <x>".into(),
                    points: vec![(0.0, p(0.9)), (0.5, None), (1.0, p(0.7))],
                },
            ],
            x_title: "pact.smda.reliability".into(),
            y: pct_axis(),
            label: Box::new(|p| format!("{:.0}%", p.est * 100.0)),
        };
        let s = chart.render();
        // One band and line for the first series; the gap splits the second.
        assert_eq!(s.matches("<polyline").count(), 3);
        assert_eq!(s.matches("fill-opacity=\"0.16\"").count(), 3);
        assert!(s.contains("war &lt;x&gt; at 1: 70%"));
        assert!(s.contains("rotate(-90"));
        assert!(s.contains(">pact.smda.reliability<"));
    }

    #[test]
    fn a_range_chart_marks_both_ends_and_the_reference() {
        let chart = RangeChart {
            id: "t".into(),
            title: "Tornado".into(),
            desc: "d".into(),
            rows: vec!["state.PAK.nuclear.threshold".into()],
            values: vec![Range {
                low: 0.2,
                high: 0.1,
            }],
            reference: 0.15,
            axis: pct_axis(),
            ends: ["p10".into(), "p90".into(), "all at medians".into()],
            fmt: Box::new(|v| format!("{:.0}%", v * 100.0)),
        };
        let s = chart.render();
        assert!(s.contains("20% → 10% (-10%)"));
        assert!(s.contains("stroke-dasharray=\"4 3\""));
        assert!(s.contains(">all at medians: 15%<"));
    }

    #[test]
    fn a_box_chart_shows_quantiles_median_and_mean() {
        let chart = BoxChart {
            id: "b".into(),
            title: "Duration".into(),
            desc: "d".into(),
            rows: vec!["base".into(), "empty".into()],
            values: vec![
                Some(BoxStat {
                    q05: 1.0,
                    q50: 2.0,
                    q95: 6.0,
                    mean: 2.5,
                    lo: 2.4,
                    hi: 2.6,
                }),
                None,
            ],
            axis_title: "steps".into(),
        };
        let s = chart.render();
        assert!(s.contains("median 2.00 · 5–95% 1.00–6.00 · mean 2.50 [2.40, 2.60]"));
        assert!(s.contains("no values"));
        assert!(s.contains("5–95% of values"));
    }
}
