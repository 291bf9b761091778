//! The report of `casus sensitivity`: which uncertain inputs drive a figure.

use std::fmt::Write;

use serde::Serialize;

use crate::{Format, ScenarioRef};

/// One input's bar of the tornado: the figure with the input at its 10th
/// and 90th percentiles, every other input at its median.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The input's path, e.g. `state.PAK.nuclear.threshold`.
    pub input: String,
    /// The input's 10th percentile.
    pub low: f64,
    /// Its 90th percentile.
    pub high: f64,
    /// The figure with the input at `low`.
    pub figure_low: f64,
    /// The figure with the input at `high`.
    pub figure_high: f64,
    /// `figure_high − figure_low`.
    pub swing: f64,
}

/// One input's Sobol indices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SobolRow {
    /// The input's path.
    pub input: String,
    /// First-order index (Saltelli 2010).
    pub first: f64,
    /// Its bootstrap interval.
    pub first_ci: [f64; 2],
    /// Total-order index (Jansen 1999).
    pub total: f64,
    /// Its bootstrap interval.
    pub total_ci: [f64; 2],
}

/// The whole sensitivity report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitivityReport {
    /// casus version.
    pub casus_version: String,
    /// Scenario provenance.
    pub scenario: ScenarioRef,
    /// Variant analysed.
    pub variant: String,
    /// The figure, e.g. `outcomes.deterred`.
    pub metric: String,
    /// Master seed.
    pub seed: u64,
    /// Trials per evaluation of the figure.
    pub trials_per_point: u64,
    /// Sobol base samples N (the model is evaluated N·(d + 2) times).
    pub samples: u32,
    /// Confidence level of the bootstrap intervals.
    pub level: f64,
    /// The figure with every input at its median.
    pub at_medians: f64,
    /// Bars, widest swing first.
    pub tornado: Vec<TornadoBar>,
    /// Indices, largest total first.
    pub sobol: Vec<SobolRow>,
}

impl SensitivityReport {
    /// Renders the report.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Html => self.to_html(),
            Format::Json => serde_json::to_string_pretty(self).expect("reports serialise") + "\n",
            Format::Csv => self.csv(),
            Format::Markdown => self.markdown(),
            _ => self.text(),
        }
    }

    fn text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "casus {} · {} ({}) · variant `{}`",
            self.casus_version, self.scenario.name, self.scenario.file, self.variant
        );
        let _ = writeln!(
            o,
            "sensitivity of {} · seed {} · {} trials per point · {} Sobol samples · {}% bootstrap intervals",
            self.metric,
            self.seed,
            self.trials_per_point,
            self.samples,
            self.level * 100.0
        );
        let _ = writeln!(
            o,
            "\n{} with every input at its median: {:.4}",
            self.metric, self.at_medians
        );
        let _ = writeln!(
            o,
            "\nTornado (one input at its 10th / 90th percentile, the others at their medians)"
        );
        let _ = writeln!(
            o,
            "  {:<40} {:>12} {:>12} {:>10} {:>10} {:>9}",
            "input", "p10", "p90", "figure@p10", "figure@p90", "swing"
        );
        for b in &self.tornado {
            let _ = writeln!(
                o,
                "  {:<40} {:>12.4} {:>12.4} {:>10.4} {:>10.4} {:>+9.4}",
                b.input, b.low, b.high, b.figure_low, b.figure_high, b.swing
            );
        }
        let _ = writeln!(
            o,
            "\nSobol indices (share of the figure's variance due to each input: alone, and with its interactions)"
        );
        let _ = writeln!(
            o,
            "  {:<40} {:>24} {:>24}",
            "input", "first order [interval]", "total [interval]"
        );
        for s in &self.sobol {
            let _ = writeln!(
                o,
                "  {:<40} {:>7.3} [{:>6.3}, {:>6.3}] {:>7.3} [{:>6.3}, {:>6.3}]",
                s.input,
                s.first,
                s.first_ci[0],
                s.first_ci[1],
                s.total,
                s.total_ci[0],
                s.total_ci[1]
            );
        }
        let _ = writeln!(o, "\nfile sha256 {}", self.scenario.sha256);
        o
    }

    fn markdown(&self) -> String {
        let mut o = format!(
            "# Sensitivity of {} — {} (`{}`)\n\n",
            self.metric, self.scenario.name, self.variant
        );
        let _ = writeln!(
            o,
            "At the medians: {:.4}. Seed {}, {} trials per point, {} Sobol samples.\n",
            self.at_medians, self.seed, self.trials_per_point, self.samples
        );
        let _ = writeln!(
            o,
            "| input | p10 | p90 | figure at p10 | figure at p90 | swing |\n|---|---|---|---|---|---|"
        );
        for b in &self.tornado {
            let _ = writeln!(
                o,
                "| `{}` | {:.4} | {:.4} | {:.4} | {:.4} | {:+.4} |",
                b.input, b.low, b.high, b.figure_low, b.figure_high, b.swing
            );
        }
        let _ = writeln!(
            o,
            "\n| input | first order | interval | total | interval |\n|---|---|---|---|---|"
        );
        for s in &self.sobol {
            let _ = writeln!(
                o,
                "| `{}` | {:.3} | [{:.3}, {:.3}] | {:.3} | [{:.3}, {:.3}] |",
                s.input,
                s.first,
                s.first_ci[0],
                s.first_ci[1],
                s.total,
                s.total_ci[0],
                s.total_ci[1]
            );
        }
        o
    }

    fn csv(&self) -> String {
        let mut o = String::from("analysis,input,statistic,estimate,lo,hi\n");
        for b in &self.tornado {
            let _ = writeln!(o, "tornado,{},figure_at_p10,{},,", b.input, b.figure_low);
            let _ = writeln!(o, "tornado,{},figure_at_p90,{},,", b.input, b.figure_high);
            let _ = writeln!(o, "tornado,{},swing,{},,", b.input, b.swing);
        }
        for s in &self.sobol {
            let _ = writeln!(
                o,
                "sobol,{},first,{},{},{}",
                s.input, s.first, s.first_ci[0], s.first_ci[1]
            );
            let _ = writeln!(
                o,
                "sobol,{},total,{},{},{}",
                s.input, s.total, s.total_ci[0], s.total_ci[1]
            );
        }
        o
    }
}
