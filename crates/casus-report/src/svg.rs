//! Hand-written SVG primitives for the HTML report: escaping, linear
//! scales, "nice" ticks, axes, and marker shapes.
//!
//! Everything here returns markup as a `String` and is deterministic, so a
//! report renders to the same bytes every time. No scripts, no external
//! resources: the charts built on these helpers display in any browser,
//! offline, and print.

use std::fmt::Write;

/// The Okabe–Ito palette (Okabe & Ito 2008), distinguishable under the
/// common colour-vision deficiencies, in the order series use it. Yellow
/// (`#F0E442`) is last: it is hard to see on white.
pub(crate) const PALETTE: [&str; 8] = [
    "#0072B2", // blue
    "#D55E00", // vermillion
    "#009E73", // bluish green
    "#CC79A7", // reddish purple
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#000000", // black
    "#F0E442", // yellow
];

/// Dash patterns of connecting lines, one per series (with [`PALETTE`] and
/// [`Shape`], a series is told apart by colour, marker and dash).
pub(crate) const DASHES: [&str; 5] = ["", "6 3", "2 3", "8 3 2 3", "1 5"];

/// Colour of series `i`.
pub(crate) fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Dash pattern of series `i` (`""` is a solid line).
pub(crate) fn dash(i: usize) -> &'static str {
    DASHES[i % DASHES.len()]
}

/// Escapes text for HTML and SVG content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A coordinate: one decimal, no trailing `.0`, never `-0`.
pub(crate) fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        return "0".to_string();
    }
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A linear map from a domain of values to a range of pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// Maps `domain` onto `range`; an empty domain is widened by 1.
    pub(crate) fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        let (d0, mut d1) = domain;
        if (d1 - d0).abs() < f64::EPSILON || !(d1 - d0).is_finite() {
            d1 = d0 + 1.0;
        }
        Scale {
            d0,
            d1,
            r0: range.0,
            r1: range.1,
        }
    }

    /// The pixel of `v`, clamped to the range (a value outside the domain
    /// sits on its edge rather than drawing outside the plot).
    pub(crate) fn at(&self, v: f64) -> f64 {
        let t = ((v - self.d0) / (self.d1 - self.d0)).clamp(0.0, 1.0);
        self.r0 + t * (self.r1 - self.r0)
    }

    /// The domain.
    pub(crate) fn domain(&self) -> (f64, f64) {
        (self.d0, self.d1)
    }
}

/// The "nice" step (1, 2 or 5 × 10ᵏ) that cuts `span` into at most
/// `max_ticks` intervals.
pub(crate) fn nice_step(span: f64, max_ticks: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / max_ticks.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let m = raw / mag;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// `(lo, hi)` widened outwards to multiples of its nice step.
pub(crate) fn nice_domain(lo: f64, hi: f64, max_ticks: usize) -> (f64, f64) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let step = nice_step(hi - lo, max_ticks);
    // The tolerance keeps a bound already on a multiple from moving out.
    let lo = (lo / step + 1e-9).floor() * step;
    let hi = (hi / step - 1e-9).ceil() * step;
    (clean(lo), clean(hi))
}

/// Removes float dust: 0.30000000000000004 → 0.3.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

/// Tick values: the multiples of the nice step inside `[lo, hi]`.
pub(crate) fn ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if hi.is_nan() || lo.is_nan() || hi <= lo {
        return vec![clean(lo)];
    }
    let step = nice_step(hi - lo, max_ticks);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| clean(k as f64 * step)).collect()
}

/// A tick label: as few decimals as the step needs.
pub(crate) fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// A number as short as it can be written, to six decimals: `1`, `0.3`
/// (also for 0.30000000000000004), `-2.5`.
pub(crate) fn short_num(v: f64) -> String {
    let s = format!("{:.6}", clean(v));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A horizontal value axis under a plot: light vertical grid lines from
/// `top` to `bottom`, tick marks and labels (from `label`) under `bottom`,
/// and the axis title centred below them.
pub(crate) fn x_axis(
    scale: &Scale,
    top: f64,
    bottom: f64,
    max_ticks: usize,
    label: &dyn Fn(f64) -> String,
    title: &str,
) -> String {
    let (lo, hi) = scale.domain();
    let mut o = String::from("<g class=\"axis\" aria-hidden=\"true\">");
    for t in ticks(lo, hi, max_ticks) {
        let x = c(scale.at(t));
        let strong = t == 0.0 && lo < 0.0;
        let _ = write!(
            o,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            c(top),
            c(bottom + 4.0),
            if strong { "#444" } else { "#d9d9d9" },
            if strong { "1.5" } else { "1" }
        );
        let _ = write!(
            o,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">{}</text>",
            c(bottom + 16.0),
            esc(&label(t))
        );
    }
    let (r0, r1) = (scale.at(lo), scale.at(hi));
    let _ = write!(
        o,
        "<line x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#888\"/>",
        c(r0),
        c(r1),
        b = c(bottom)
    );
    let _ = write!(
        o,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\">{}</text></g>",
        c((r0 + r1) / 2.0),
        c(bottom + 32.0),
        esc(title)
    );
    o
}

/// A vertical value axis left of a plot: light horizontal grid lines from
/// `left` to `right`, labels (from `label`) left of `left`, and the axis
/// title written upwards along it.
pub(crate) fn y_axis(
    scale: &Scale,
    left: f64,
    right: f64,
    max_ticks: usize,
    label: &dyn Fn(f64) -> String,
    title: &str,
) -> String {
    let (lo, hi) = scale.domain();
    let mut o = String::from("<g class=\"axis\" aria-hidden=\"true\">");
    for t in ticks(lo, hi, max_ticks) {
        let y = c(scale.at(t));
        let _ = write!(
            o,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#d9d9d9\"/>",
            c(left - 4.0),
            c(right)
        );
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#444\">{}</text>",
            c(left - 7.0),
            esc(&label(t))
        );
    }
    let (r0, r1) = (scale.at(lo), scale.at(hi));
    let _ = write!(
        o,
        "<line x1=\"{l}\" y1=\"{}\" x2=\"{l}\" y2=\"{}\" stroke=\"#888\"/>",
        c(r0),
        c(r1),
        l = c(left)
    );
    let (x, y) = (c(left - 50.0), c((r0 + r1) / 2.0));
    let _ = write!(
        o,
        "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-90 {x} {y})\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\">{}</text></g>",
        esc(title)
    );
    o
}

/// Spreads label positions `ys` (any order) so that neighbours are at least
/// `gap` apart, not below `hi` where possible (labels only move down, then
/// back up from `hi`); returns them in the input order.
pub(crate) fn spread(ys: &[f64], gap: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]).then(a.cmp(&b)));
    let mut placed: Vec<f64> = order.iter().map(|&i| ys[i]).collect();
    for k in 1..placed.len() {
        if placed[k] < placed[k - 1] + gap {
            placed[k] = placed[k - 1] + gap;
        }
    }
    // Pushed past the bottom: shift the run back up.
    if let Some(&last) = placed.last() {
        let over = last - hi;
        if over > 0.0 {
            for p in placed.iter_mut() {
                *p -= over;
            }
            for k in (0..placed.len().saturating_sub(1)).rev() {
                if placed[k] > placed[k + 1] - gap {
                    placed[k] = placed[k + 1] - gap;
                }
            }
        }
    }
    let mut out = vec![0.0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// Marker shapes, so that series differ by more than colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// ●
    Circle,
    /// ■
    Square,
    /// ▲
    Triangle,
    /// ◆
    Diamond,
    /// ▼
    TriangleDown,
    /// ✚ (a thick plus)
    Plus,
    /// ┃ (a vertical bar, for legends of median lines; not a series shape)
    Bar,
}

impl Shape {
    /// The shapes in the order series use them.
    pub(crate) const ALL: [Shape; 6] = [
        Shape::Circle,
        Shape::Square,
        Shape::Triangle,
        Shape::Diamond,
        Shape::TriangleDown,
        Shape::Plus,
    ];

    /// Shape of series `i`.
    pub(crate) fn nth(i: usize) -> Shape {
        Shape::ALL[i % Shape::ALL.len()]
    }
}

/// A marker of `shape` centred on `(x, y)` with radius about `r`, filled with
/// `fill` when `filled`, else white with a `fill`-coloured outline.
pub(crate) fn marker(shape: Shape, x: f64, y: f64, r: f64, fill: &str, filled: bool) -> String {
    let paint = if filled {
        format!("fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"0.8\"")
    } else {
        format!("fill=\"#fff\" stroke=\"{fill}\" stroke-width=\"1.6\"")
    };
    let pts = |p: &[(f64, f64)]| {
        p.iter()
            .map(|(dx, dy)| format!("{},{}", c(x + dx * r), c(y + dy * r)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match shape {
        Shape::Circle => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {paint}/>",
            c(x),
            c(y),
            c(r)
        ),
        Shape::Square => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" {paint}/>",
            c(x - r * 0.9),
            c(y - r * 0.9),
            s = c(r * 1.8)
        ),
        Shape::Triangle => format!(
            "<polygon points=\"{}\" {paint}/>",
            pts(&[(0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)])
        ),
        Shape::TriangleDown => format!(
            "<polygon points=\"{}\" {paint}/>",
            pts(&[(0.0, 1.2), (1.1, -0.8), (-1.1, -0.8)])
        ),
        Shape::Diamond => format!(
            "<polygon points=\"{}\" {paint}/>",
            pts(&[(0.0, -1.25), (1.0, 0.0), (0.0, 1.25), (-1.0, 0.0)])
        ),
        Shape::Bar => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"3\" height=\"{}\" fill=\"{fill}\"/>",
            c(x - 1.5),
            c(y - r * 1.3),
            c(r * 2.6)
        ),
        Shape::Plus => {
            let (a, b) = (0.35, 1.1);
            format!(
                "<polygon points=\"{}\" {paint}/>",
                pts(&[
                    (-a, -b),
                    (a, -b),
                    (a, -a),
                    (b, -a),
                    (b, a),
                    (a, a),
                    (a, b),
                    (-a, b),
                    (-a, a),
                    (-b, a),
                    (-b, -a),
                    (-a, -a),
                ])
            )
        }
    }
}

/// An interval whisker from `x0` to `x1` at height `y`, with end caps.
pub(crate) fn whisker(x0: f64, x1: f64, y: f64, colour: &str, width: f64) -> String {
    let (y0, y1) = (c(y - 4.0), c(y + 4.0));
    format!(
        "<path d=\"M{a} {y}H{b}M{a} {y0}V{y1}M{b} {y0}V{y1}\" stroke=\"{colour}\" stroke-width=\"{w}\" fill=\"none\"/>",
        a = c(x0),
        b = c(x1),
        y = c(y),
        w = c(width)
    )
}

/// Roughly how wide `s` is at `font_size` px in a sans-serif face.
pub(crate) fn text_width(s: &str, font_size: f64) -> f64 {
    s.chars().count() as f64 * font_size * 0.6
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x&y")</script>'"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;"
        );
        assert_eq!(esc("Türkiye"), "Türkiye");
    }

    #[test]
    fn coordinates_are_short_and_never_negative_zero() {
        assert_eq!(c(12.0), "12");
        assert_eq!(c(12.345), "12.3");
        assert_eq!(c(-0.01), "0");
        assert_eq!(c(f64::NAN), "0");
        assert_eq!(c(-3.25), "-3.3");
    }

    #[test]
    fn scale_maps_linearly_and_clamps() {
        let s = Scale::new((0.0, 1.0), (100.0, 500.0));
        assert_eq!(s.at(0.0), 100.0);
        assert_eq!(s.at(0.5), 300.0);
        assert_eq!(s.at(1.0), 500.0);
        assert_eq!(s.at(2.0), 500.0);
        assert_eq!(s.at(-1.0), 100.0);
        // Reversed ranges work (a vertical axis growing upwards).
        let v = Scale::new((0.0, 10.0), (200.0, 0.0));
        assert_eq!(v.at(2.5), 150.0);
        // An empty domain does not divide by zero.
        let e = Scale::new((3.0, 3.0), (0.0, 10.0));
        assert!(e.at(3.0).is_finite());
    }

    #[test]
    fn nice_steps_are_1_2_5_times_a_power_of_ten() {
        assert_eq!(nice_step(1.0, 5), 0.2);
        assert_eq!(nice_step(1.0, 10), 0.1);
        assert_eq!(nice_step(7.0, 5), 2.0);
        assert_eq!(nice_step(0.06, 6), 0.01);
        assert_eq!(nice_step(350.0, 5), 100.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
    }

    #[test]
    fn ticks_cover_the_domain_on_round_numbers() {
        assert_eq!(ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            ticks(-0.03, 0.03, 6),
            vec![-0.03, -0.02, -0.01, 0.0, 0.01, 0.02, 0.03]
        );
        assert_eq!(ticks(2.0, 2.0, 5), vec![2.0]);
        assert_eq!(nice_domain(0.0, 5.3, 5), (0.0, 6.0));
        assert_eq!(nice_domain(-0.034, 0.021, 6), (-0.04, 0.03));
        assert_eq!(nice_domain(4.0, 4.0, 5), (4.0, 5.0));
    }

    #[test]
    fn tick_labels_use_the_decimals_the_step_needs() {
        assert_eq!(tick_label(0.2, 0.2), "0.2");
        assert_eq!(tick_label(3.0, 1.0), "3");
        assert_eq!(tick_label(0.05, 0.01), "0.05");
        assert_eq!(tick_label(-0.0, 0.1), "0.0");
        assert_eq!(short_num(0.1 + 0.2), "0.3");
        assert_eq!(short_num(1.0), "1");
        assert_eq!(short_num(-2.5), "-2.5");
        assert_eq!(short_num(-0.0000001), "0");
    }

    #[test]
    fn an_axis_has_a_label_per_tick_and_a_title() {
        let s = Scale::new((0.0, 1.0), (0.0, 100.0));
        let a = x_axis(&s, 0.0, 50.0, 5, &|v| format!("{:.0}%", v * 100.0), "P <x>");
        assert_eq!(a.matches("<text").count(), 7);
        assert!(a.contains(">40%<"));
        assert!(a.contains("P &lt;x&gt;"));
        // A zero line is drawn strong only when the domain crosses zero.
        let d = Scale::new((-1.0, 1.0), (0.0, 100.0));
        assert!(x_axis(&d, 0.0, 50.0, 4, &|v| v.to_string(), "").contains("#444"));
    }

    #[test]
    fn every_marker_is_one_closed_element() {
        for (i, shape) in Shape::ALL.iter().enumerate() {
            for filled in [true, false] {
                let m = marker(*shape, 10.0, 10.0, 4.0, colour(i), filled);
                assert!(m.starts_with('<') && m.ends_with("/>"), "{m}");
                assert_eq!(m.matches('<').count(), 1);
                assert!(m.contains(colour(i)));
            }
        }
        assert_eq!(Shape::nth(7), Shape::Square);
        assert_eq!(colour(9), PALETTE[1]);
    }

    #[test]
    fn a_y_axis_labels_each_tick_and_turns_its_title() {
        let s = Scale::new((0.0, 1.0), (200.0, 0.0));
        let a = y_axis(&s, 60.0, 500.0, 5, &|v| format!("{v:.1}"), "P");
        assert_eq!(a.matches("<text").count(), 7);
        assert!(a.contains("rotate(-90"));
        assert!(a.contains(">0.6<"));
    }

    #[test]
    fn spread_labels_keep_their_order_and_a_gap() {
        let ys = [50.0, 52.0, 10.0, 51.0];
        let out = spread(&ys, 10.0, 100.0);
        assert_eq!(out[2], 10.0);
        let mut sorted = out.clone();
        sorted.sort_by(f64::total_cmp);
        for w in sorted.windows(2) {
            assert!(w[1] - w[0] >= 10.0 - 1e-9, "{out:?}");
        }
        // Near the bottom the run is pushed back up into range.
        let out = spread(&[98.0, 99.0, 100.0], 10.0, 100.0);
        assert!(out.iter().all(|&y| y <= 100.0), "{out:?}");
    }

    #[test]
    fn whiskers_and_truncation() {
        let w = whisker(10.0, 20.0, 5.0, "#000", 1.5);
        assert!(w.contains("M10 5H20"));
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert!(text_width("abcd", 10.0) > 20.0);
    }
}
