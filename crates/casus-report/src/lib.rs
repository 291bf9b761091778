//! Renders casus results: the JSON report of INTERFACE.md (a public
//! contract), and text, Markdown and CSV views of the same figures.
//!
//! ```
//! use casus_report::{Format, Report, ScenarioRef};
//! use casus_runner::{estimate::figures, run::run, RunConfig};
//! let s = casus_core::testing::duel();
//! let summary = run(&s, &RunConfig { trials: 200, ..RunConfig::default() });
//! let report = Report::new(
//!     ScenarioRef { name: "duel".into(), file: "duel.toml".into(), sha256: "00".into() },
//!     0, 0.95, vec![figures("base", &s, &summary, 0.95)],
//! );
//! let json = report.render(Format::Json);
//! assert!(json.contains("\"deterred\""));
//! ```
#![warn(missing_docs)]

mod chart;
mod csv;
mod findings;
mod html;
mod markdown;
pub mod sensitivity;
mod svg;
mod text;
pub mod trace;

pub use findings::findings;

use casus_runner::estimate::VariantFigures;
use serde::Serialize;

/// The casus version written into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Which scenario a report is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioRef {
    /// `[scenario] name`.
    pub name: String,
    /// The path as given on the command line.
    pub file: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

/// A paired comparison of one figure between two variants.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// First variant.
    pub a: String,
    /// Second variant.
    pub b: String,
    /// Figure, e.g. `outcomes.deterred`.
    pub metric: String,
    /// `b − a`.
    pub diff: f64,
    /// Lower bound of the difference.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Two-sided p-value of the paired test.
    pub p_value: f64,
    /// The test: `mcnemar-exact`, `mcnemar-chi2`, `paired-z` (per-trial
    /// figures) or `welch-z` (figures conditional on war, not paired).
    pub test: String,
    /// The interval two independent runs of the same size would give, for
    /// comparison with the paired one (`None` where the test is unpaired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpaired: Option<[f64; 2]>,
    /// Whether the interval excludes 0 (a difference beyond Monte-Carlo noise).
    pub significant: bool,
}

/// The grid of a parameter sweep: `variants[i]` of the report is the
/// scenario at `points[i]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sweep {
    /// The variant swept.
    pub variant: String,
    /// The paths set, e.g. `pact.smda.reliability`.
    pub parameters: Vec<String>,
    /// Per point, the value of each parameter.
    pub points: Vec<Vec<f64>>,
}

/// One line of a comparison's summary, in the words of alliance theory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// `deterrence`, `entrapment`, `chain-ganging`, `abandonment` or `escalation`.
    pub theme: String,
    /// The figure it is about, as in [`Comparison::metric`].
    pub metric: String,
    /// The sentence.
    pub text: String,
}

/// A whole report (INTERFACE.md, "JSON report").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// casus version.
    pub casus_version: String,
    /// Scenario provenance.
    pub scenario: ScenarioRef,
    /// Master seed.
    pub seed: u64,
    /// Trials per variant.
    pub trials: u64,
    /// Confidence level of every interval.
    pub level: f64,
    /// Figures per variant.
    pub variants: Vec<VariantFigures>,
    /// Paired comparisons (from `casus compare`).
    pub comparisons: Vec<Comparison>,
    /// What changed most, strongest first (from `casus compare`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// The grid, for a report of `casus sweep`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Sweep>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// The JSON contract.
    Json,
    /// Markdown tables.
    Markdown,
    /// Tidy long CSV: `variant,metric,key,estimate,lo,hi,n`.
    Csv,
    /// One self-contained HTML page with SVG charts (no script, no network).
    Html,
}

impl Report {
    /// A report of `variants` with no comparisons.
    pub fn new(
        scenario: ScenarioRef,
        seed: u64,
        level: f64,
        variants: Vec<VariantFigures>,
    ) -> Self {
        let trials = variants.first().map_or(0, |v| v.trials);
        Report {
            casus_version: VERSION.to_string(),
            scenario,
            seed,
            trials,
            level,
            variants,
            comparisons: Vec::new(),
            findings: Vec::new(),
            sweep: None,
        }
    }

    /// Renders the report.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self).expect("reports serialise");
                s.push('\n');
                s
            }
            Format::Text => text::render(self),
            Format::Markdown => markdown::render(self),
            Format::Csv => csv::render(self),
            Format::Html => html::render(self),
        }
    }
}

/// A figure of a variant by its report path (`outcomes.deterred`,
/// `states.TUR.fights`, `war_size`): its `p`, or its `mean`.
///
/// ```
/// # use casus_runner::{estimate::figures, run::run, RunConfig};
/// let s = casus_core::testing::duel();
/// let f = figures("base", &s, &run(&s, &RunConfig { trials: 100, ..RunConfig::default() }), 0.95);
/// assert_eq!(casus_report::figure(&f, "outcomes.deterred"), Some(0.0));
/// assert!(casus_report::figure(&f, "war_size").is_some());
/// assert_eq!(casus_report::figure(&f, "outcomes.nope"), None);
/// ```
pub fn figure(v: &VariantFigures, metric: &str) -> Option<f64> {
    let json = serde_json::to_value(v).ok()?;
    let node = metric
        .split('.')
        .try_fold(&json, |node, key| node.get(key))?;
    node.get("p")
        .or_else(|| node.get("mean"))
        .and_then(serde_json::Value::as_f64)
}

/// A number for people: 3 significant digits, `–` when absent.
pub(crate) fn num(x: Option<f64>) -> String {
    match x {
        None => "–".to_string(),
        Some(0.0) => "0".to_string(),
        Some(v) if v.abs() >= 1000.0 => format!("{v:.0}"),
        Some(v) if v.abs() >= 100.0 => format!("{v:.1}"),
        Some(v) if v.abs() >= 1.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.3}"),
    }
}

/// A probability as a percentage with its interval: `41.2% [40.9, 41.5]`.
pub(crate) fn pct(p: &casus_runner::estimate::Prop) -> String {
    match (p.p, p.lo, p.hi) {
        (Some(p), Some(lo), Some(hi)) => {
            format!("{:.1}% [{:.1}, {:.1}]", p * 100.0, lo * 100.0, hi * 100.0)
        }
        _ => "–".to_string(),
    }
}

/// A mean with its interval: `12.3 [11.9, 12.7]`.
pub(crate) fn mean(m: &casus_runner::estimate::MeanFigure) -> String {
    match m.mean {
        None => "–".to_string(),
        Some(_) => format!("{} [{}, {}]", num(m.mean), num(m.lo), num(m.hi)),
    }
}
