//! The back-test report as one self-contained HTML page: the scores, a
//! calibration plot (reliability diagram) with Wilson intervals, the fitted
//! constants and every case. It loads nothing from the network.

use std::fmt::Write as _;

use crate::report::{Evaluation, Report};
use crate::score::CalibrationBin;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(x: Option<f64>, d: usize) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.d$}"))
}

/// The 95% Wilson score interval of `k` successes in `n`.
///
/// ```
/// let (lo, hi) = casus_backtest::html::wilson(0, 10);
/// assert_eq!(lo, 0.0);
/// assert!(hi > 0.2 && hi < 0.35);
/// ```
pub fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z: f64 = 1.959_963_984_540_054;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

/// A reliability diagram of one or two calibration tables: mean forecast
/// against observed frequency per bin, with the bins' Wilson intervals.
pub fn calibration_svg(series: &[(&str, &[CalibrationBin], &str)]) -> String {
    let (w, h, m) = (420.0, 420.0, 50.0);
    let side = w - 2.0 * m;
    let x = |v: f64| m + v * side;
    let y = |v: f64| h - m - v * side;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"cal-title\">\
         <title id=\"cal-title\">Calibration: observed frequency against forecast probability, per forecast decile</title>\
         <rect x=\"{m}\" y=\"{m}\" width=\"{side}\" height=\"{side}\" fill=\"none\" stroke=\"#999\"/>"
    );
    for i in 0..=10 {
        let v = f64::from(i) / 10.0;
        let _ = write!(
            s,
            "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x0}\" y2=\"{y1}\" stroke=\"#eee\"/>\
             <line x1=\"{xa}\" y1=\"{yv}\" x2=\"{xb}\" y2=\"{yv}\" stroke=\"#eee\"/>",
            x0 = x(v),
            y0 = y(0.0),
            y1 = y(1.0),
            xa = x(0.0),
            xb = x(1.0),
            yv = y(v)
        );
        if i % 2 == 0 {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{v:.1}</text>\
                 <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{v:.1}</text>",
                x(v),
                y(0.0) + 16.0,
                x(0.0) - 6.0,
                y(v) + 4.0
            );
        }
    }
    let _ = write!(
        s,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555\" stroke-dasharray=\"4 4\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">forecast probability</text>\
         <text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">observed frequency</text>",
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0),
        x(0.5),
        h - 12.0,
        y(0.5),
        y(0.5)
    );
    for (k, (name, bins, colour)) in series.iter().enumerate() {
        let dx = (k as f64 - (series.len() as f64 - 1.0) / 2.0) * 5.0;
        for b in bins.iter().filter(|b| b.n > 0) {
            let (Some(f), Some(o)) = (b.mean_forecast, b.observed) else {
                continue;
            };
            let (lo, hi) = wilson(b.positives, b.n);
            let r = 3.0 + (b.n as f64).sqrt();
            let _ = write!(
                s,
                "<line x1=\"{cx}\" y1=\"{ylo}\" x2=\"{cx}\" y2=\"{yhi}\" stroke=\"{colour}\"/>\
                 <circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r:.1}\" fill=\"{colour}\" fill-opacity=\"0.35\" stroke=\"{colour}\">\
                 <title>{name}: {n} cases forecast {lo_b:.1}–{hi_b:.1}, mean {f:.3}, observed {o:.3} ({p} of {n})</title></circle>",
                cx = x(f) + dx,
                cy = y(o),
                ylo = y(lo),
                yhi = y(hi),
                n = b.n,
                p = b.positives,
                lo_b = b.lo,
                hi_b = b.hi,
                name = esc(name),
            );
        }
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\" fill-opacity=\"0.35\" stroke=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            x(0.05),
            y(0.95) + 18.0 * k as f64,
            x(0.05) + 10.0,
            y(0.95) + 18.0 * k as f64 + 4.0,
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

impl Report {
    /// The report as a self-contained HTML page.
    pub fn to_html(&self) -> String {
        let mut o = String::new();
        o.push_str(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>casus backtest</title><style>\
             body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}\
             table{border-collapse:collapse;margin:1rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:right}\
             td:first-child,th:first-child,.t{text-align:left;white-space:nowrap}caption{text-align:left;font-weight:bold;padding:.3rem 0}\
             .note{color:#555;font-size:.9rem}figure{margin:1rem 0}</style></head><body>",
        );
        o.push_str("<h1>casus scored against history</h1>");
        let _ = write!(
            o,
            "<p>P(an alliance partner fights on the target's side | the war happened): {} cases from {} wars \
             ({} wars played, {} cases skipped); {} trials per war, seed {}; bootstrap {} resamples, {:.0}% intervals.{}</p>",
            self.cases,
            self.wars,
            self.wars_played,
            self.skipped.len(),
            self.trials,
            self.seed,
            self.bootstrap,
            self.level * 100.0,
            self.cutoff
                .map(|c| format!(" Cut-off {c}: wars before {c} train, wars from {c} on test."))
                .unwrap_or_default()
        );
        o.push_str(
            "<table><caption>Scores</caption><thead><tr><th>cases</th><th>n</th><th>positive</th><th>wars</th>\
             <th>base rate</th><th>mean forecast</th><th>Brier</th><th>log score</th><th>AUC</th>\
             <th>skill</th><th>interval (cases)</th><th>interval (wars)</th></tr></thead><tbody>",
        );
        let iv = |i: &Option<crate::score::Interval>| {
            i.as_ref()
                .map_or_else(|| "–".into(), |i| format!("[{:+.3}, {:+.3}]", i.lo, i.hi))
        };
        for e in &self.evaluations {
            let s = &e.scores;
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.label()),
                s.n,
                s.positives,
                s.wars,
                num(s.base_rate, 3),
                num(s.mean_forecast, 3),
                num(s.brier, 4),
                num(s.log_score, 3),
                num(s.auc, 3),
                s.skill.map_or_else(|| "–".into(), |v| format!("{v:+.3}")),
                iv(&s.skill_interval),
                iv(&s.skill_interval_wars)
            );
        }
        o.push_str(
            "</tbody></table><p class=\"note\">Skill: the Brier skill score against the base rate of the same cases, \
             1 − Brier / Brier(base rate); above 0 beats the base rate. Intervals: percentile bootstrap, \
             resampling cases, then whole wars.</p>",
        );
        if let Some(h) = self.headline() {
            let series: Vec<(String, &Evaluation, &str)> = self
                .evaluations
                .iter()
                .filter(|e| e.split == h.split)
                .map(|e| {
                    let colour = if e.fitted { "#c0392b" } else { "#2c6fbb" };
                    (e.label(), e, colour)
                })
                .collect();
            let refs: Vec<(&str, &[CalibrationBin], &str)> = series
                .iter()
                .map(|(l, e, c)| (l.as_str(), e.scores.calibration.as_slice(), *c))
                .collect();
            let _ = write!(
                o,
                "<figure>{}<figcaption>Calibration of the {} forecasts: each circle is a decile of forecast \
                 probability (area by count), with the 95% Wilson interval of its observed frequency. \
                 A calibrated model sits on the diagonal.</figcaption></figure>",
                calibration_svg(&refs),
                esc(h.split.as_str())
            );
            o.push_str(
                "<table><caption>Calibration table</caption><thead><tr><th>set</th><th>forecast</th><th>n</th>\
                 <th>positive</th><th>mean forecast</th><th>observed</th></tr></thead><tbody>",
            );
            for (l, e, _) in &series {
                for b in &e.scores.calibration {
                    let _ = write!(
                        o,
                        "<tr><td>{}</td><td>{:.1}–{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(l),
                        b.lo,
                        b.hi,
                        b.n,
                        b.positives,
                        num(b.mean_forecast, 3),
                        num(b.observed, 3)
                    );
                }
            }
            o.push_str("</tbody></table>");
        }
        if let Some(f) = &self.fit {
            let _ = write!(
                o,
                "<table><caption>Constants fitted on the training cases (Brier {:.4} → {:.4})</caption>\
                 <thead><tr><th>constant</th><th>default</th><th>fitted</th></tr></thead><tbody>",
                f.brier_start, f.brier_end
            );
            for ((name, d), (_, v)) in self.defaults.named().iter().zip(f.params.named()) {
                let _ = write!(o, "<tr><td>{}</td><td>{d}</td><td>{v}</td></tr>", esc(name));
            }
            o.push_str("</tbody></table>");
        }
        o.push_str(
            "<table><caption>Every case</caption><thead><tr><th>case</th><th>year</th><th class=\"t\">target</th>\
             <th class=\"t\">partner</th><th class=\"t\">observed</th><th class=\"t\">set</th><th>forecast</th>\
             <th>fitted</th></tr></thead><tbody>",
        );
        for p in &self.predictions {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td>\
                 <td class=\"t\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.case_id),
                p.year,
                esc(&p.target_name),
                esc(&p.partner_name),
                p.observed
                    .map_or("–", |b| if b { "fought" } else { "stayed out" }),
                p.split.as_str(),
                num(p.forecast, 3),
                num(p.forecast_fitted, 3)
            );
        }
        o.push_str("</tbody></table>");
        if let Some(i) = &self.inputs {
            let _ = write!(
                o,
                "<p class=\"note\">Data: ATOP {}, NMC {}, capitals {}{}{}{}. casus {}.</p>",
                esc(&i.atop),
                esc(&i.nmc),
                esc(&i.capitals),
                i.mid
                    .as_deref()
                    .map(|m| format!(", MID {}", esc(m)))
                    .unwrap_or_default(),
                i.cases
                    .as_deref()
                    .map(|m| format!(", cases {}", esc(m)))
                    .unwrap_or_default(),
                i.rivalries
                    .as_deref()
                    .map(|m| format!(", rivalries {}", esc(m)))
                    .unwrap_or_default(),
                env!("CARGO_PKG_VERSION")
            );
        }
        o.push_str("</body></html>\n");
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::calibration;

    #[test]
    fn the_plot_has_a_circle_per_filled_bin() {
        let bins = calibration(&[0.05, 0.5, 0.55, 0.9], &[false, true, false, true]);
        let svg = calibration_svg(&[("test, default", &bins, "#000")]);
        // three filled bins, plus the legend's circle
        assert_eq!(svg.matches("<circle").count(), 4);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn wilson_brackets_the_proportion() {
        for (k, n) in [(0, 5), (3, 7), (7, 7), (50, 100)] {
            let (lo, hi) = wilson(k, n);
            let p = k as f64 / n as f64;
            assert!(
                lo <= p && p <= hi && lo >= 0.0 && hi <= 1.0,
                "{k}/{n}: {lo} {hi}"
            );
        }
    }
}
