//! `casus sensitivity`: which uncertain inputs drive a figure.

use std::path::PathBuf;

use casus_core::model::Scenario;
use casus_report::sensitivity::{SensitivityReport, SobolRow, TornadoBar};
use casus_report::{ScenarioRef, VERSION};
use casus_runner::estimate::figures;
use casus_runner::run::run_range;
use casus_runner::sensitivity::{fixed, quantile, sample_point, sobol};

use super::{Progress, Settings, emit, load, pick_variant};
use crate::Failure;

/// The largest Sobol sample size.
pub const MAX_SOBOL_SAMPLES: u32 = 100_000;

/// Arguments of `casus sensitivity`.
#[derive(clap::Args, Debug)]
pub struct SensitivityArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// The figure, as in the JSON report: `outcomes.deterred`,
    /// `escalation.nuclear`, `states.TUR.fights`, `war_size`, `duration`…
    #[arg(long, default_value = "outcomes.deterred")]
    pub metric: String,
    /// The variant to analyse.
    #[arg(long, default_value = "base")]
    pub variant: String,
    /// Trials per evaluation of the figure.
    #[arg(long, default_value_t = 1000)]
    pub trials: u64,
    /// Sobol base samples N (the figure is evaluated N·(inputs + 2) times).
    #[arg(long, default_value_t = 256)]
    pub samples: u32,
    /// Bootstrap resamples for the Sobol intervals.
    #[arg(long, default_value_t = 500)]
    pub resamples: u32,
    /// Master seed [default: the file's, else 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Confidence level of the bootstrap intervals [default: the file's, else 0.95].
    #[arg(long)]
    pub level: Option<f64>,
    /// Format and destination of the report.
    #[command(flatten)]
    pub output: crate::cli::OutputOptions,
}

pub(crate) fn sensitivity(args: SensitivityArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    let s = Settings::resolve(
        &loaded,
        Some(args.trials),
        args.seed,
        args.level,
        args.threads,
        None,
    )?;
    let variant = pick_variant(doc, &args.variant)?;
    let base = &variant.scenario;
    let inputs = &base.uncertain;
    if inputs.is_empty() {
        return Err(Failure::Usage(format!(
            "variant `{}` of {} has no uncertain inputs: give some fields a distribution (MODEL.md §1)",
            variant.name, loaded.path
        )));
    }
    if args.samples < 2 || args.samples > MAX_SOBOL_SAMPLES {
        return Err(Failure::Usage(format!(
            "--samples must be between 2 and MAX_SOBOL_SAMPLES = {MAX_SOBOL_SAMPLES}"
        )));
    }
    let d = inputs.len();
    let evaluations = 1 + 2 * d as u64 + u64::from(args.samples) * (d as u64 + 2);
    let progress = Progress::new(evaluations * s.trials);
    // Every evaluation plays the same trial indices: common random numbers.
    let eval = |scenario: &Scenario| -> Result<f64, Failure> {
        let summary = run_range(scenario, s.seed, 0..s.trials, s.threads, &|n| {
            progress.inc(n)
        });
        let f = figures("point", scenario, &summary, s.level);
        casus_report::figure(&f, &args.metric).ok_or_else(|| {
            Failure::Usage(format!(
                "no figure `{}` (or it is undefined, e.g. a mean over no wars); try outcomes.deterred, escalation.nuclear, states.ID.fights, war_size or duration",
                args.metric
            ))
        })
    };

    let medians: Vec<f64> = inputs
        .iter()
        .map(|u| quantile(&u.distribution, 0.5))
        .collect();
    let at_medians = eval(&fixed(base, &medians))?;
    let mut tornado = Vec::with_capacity(d);
    for (i, u) in inputs.iter().enumerate() {
        let (low, high) = (
            quantile(&u.distribution, 0.1),
            quantile(&u.distribution, 0.9),
        );
        let mut x = medians.clone();
        x[i] = low;
        let figure_low = eval(&fixed(base, &x))?;
        x[i] = high;
        let figure_high = eval(&fixed(base, &x))?;
        tornado.push(TornadoBar {
            input: u.path.clone(),
            low,
            high,
            figure_low,
            figure_high,
            swing: figure_high - figure_low,
        });
    }
    tornado.sort_by(|a, b| b.swing.abs().total_cmp(&a.swing.abs()));

    let n = args.samples;
    let (mut f_a, mut f_b) = (
        Vec::with_capacity(n as usize),
        Vec::with_capacity(n as usize),
    );
    let mut f_ab = vec![Vec::with_capacity(n as usize); d];
    for j in 0..n {
        let (a, b) = (
            sample_point(base, s.seed, j, 0),
            sample_point(base, s.seed, j, 1),
        );
        f_a.push(eval(&fixed(base, &a))?);
        f_b.push(eval(&fixed(base, &b))?);
        for (i, f) in f_ab.iter_mut().enumerate() {
            let mut x = a.clone();
            x[i] = b[i];
            f.push(eval(&fixed(base, &x))?);
        }
    }
    progress.finish();
    let mut rows: Vec<SobolRow> = sobol(&f_a, &f_b, &f_ab, args.resamples, s.seed, s.level)
        .into_iter()
        .zip(inputs)
        .map(|(x, u)| SobolRow {
            input: u.path.clone(),
            first: x.first,
            first_ci: x.first_ci,
            total: x.total,
            total_ci: x.total_ci,
        })
        .collect();
    rows.sort_by(|a, b| b.total.total_cmp(&a.total));

    let report = SensitivityReport {
        casus_version: VERSION.to_string(),
        scenario: ScenarioRef {
            name: doc.meta.name.clone(),
            file: loaded.path.clone(),
            sha256: loaded.sha256.clone(),
        },
        variant: variant.name.clone(),
        metric: args.metric.clone(),
        seed: s.seed,
        trials_per_point: s.trials,
        samples: n,
        level: s.level,
        at_medians,
        tornado,
        sobol: rows,
    };
    emit(
        &report.render(args.output.format.into()),
        args.output.out.as_deref(),
    )
}
