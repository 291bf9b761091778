//! `casus compare`: every variant on the same trials, paired against the first.

use std::path::PathBuf;

use casus_report::{Comparison, Report, ScenarioRef};
use casus_runner::compare::{compare_range, paired_figures};
use casus_runner::estimate::figures;

use super::{Progress, Settings, emit, load, pick_variants};
use crate::Failure;

/// Arguments of `casus compare`.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// Variants to compare, comma-separated; the first is the reference
    /// [default: every variant, `base` first].
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub variants: Vec<String>,
    /// Trials, seed, threads and level.
    #[command(flatten)]
    pub run: crate::cli::RunOptions,
    /// Add trials until every headline paired difference's interval
    /// half-width is at most H (or `--trials` is spent).
    #[arg(long, value_name = "H")]
    pub precision: Option<f64>,
    /// Format and destination of the report.
    #[command(flatten)]
    pub output: crate::cli::OutputOptions,
}

/// The paired differences that `--precision` must make precise: the outcomes
/// and the escalation ladder.
fn headline(metric: &str) -> bool {
    metric.starts_with("outcomes.") || metric.starts_with("escalation.")
}

pub(crate) fn compare(args: CompareArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    let s = Settings::of(&loaded, &args.run, args.precision)?;
    let chosen = pick_variants(doc, args.variants.iter().map(|n| n.trim()))?;
    if chosen.len() < 2 {
        return Err(Failure::Usage(format!(
            "compare needs at least two variants; {} has {}",
            loaded.path,
            if chosen.len() == 1 { "one" } else { "none" }
        )));
    }
    let scenarios: Vec<&casus_core::model::Scenario> = chosen.iter().map(|v| &v.scenario).collect();

    let progress = Progress::new(s.trials * chosen.len() as u64);
    let pairs = |cs: &casus_runner::compare::CompareSummary| {
        (1..chosen.len())
            .flat_map(|i| {
                paired_figures(
                    scenarios[0],
                    scenarios[i],
                    &cs.variants[0],
                    &cs.variants[i],
                    &cs.pairs[i - 1],
                    s.level,
                )
                .into_iter()
                .map(move |f| (i, f))
            })
            .collect::<Vec<_>>()
    };
    // Trials are added in doubling rounds until every headline paired
    // interval is narrow enough; each round is a contiguous range of trial
    // indices, so the result is the same as one run of the final size.
    let mut done = 0;
    let mut total = match s.precision {
        Some(_) => s.trials.min(super::PRECISION_FIRST_ROUND),
        None => s.trials,
    };
    let mut cs = compare_range(&scenarios, s.seed, 0..0, s.threads, &|_| ());
    loop {
        cs.merge(&compare_range(
            &scenarios,
            s.seed,
            done..total,
            s.threads,
            &|n| progress.inc(n),
        ));
        done = total;
        let Some(h) = s.precision else { break };
        let widest = pairs(&cs)
            .iter()
            .filter(|(_, f)| headline(&f.metric))
            .map(|(_, f)| (f.hi - f.lo) / 2.0)
            .fold(0.0, f64::max);
        if widest <= h || done >= s.trials {
            break;
        }
        total = (done * 2).min(s.trials);
    }
    progress.finish();

    let variants = chosen
        .iter()
        .zip(&cs.variants)
        .map(|(v, summary)| figures(&v.name, &v.scenario, summary, s.level))
        .collect();
    let scenario = ScenarioRef {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
    };
    let mut report = Report::new(scenario, s.seed, s.level, variants);
    report.comparisons = pairs(&cs)
        .into_iter()
        .map(|(i, f)| Comparison {
            a: chosen[0].name.clone(),
            b: chosen[i].name.clone(),
            significant: f.lo > 0.0 || f.hi < 0.0,
            metric: f.metric,
            diff: f.diff,
            lo: f.lo,
            hi: f.hi,
            p_value: f.p_value,
            test: f.test.to_string(),
            unpaired: f.unpaired,
        })
        .collect();
    let base = scenarios[0];
    let leaders = [
        base.states[base.crisis.challenger].id.as_str(),
        base.states[base.crisis.target].id.as_str(),
    ];
    report.findings = casus_report::findings(&report, &leaders);
    emit(
        &report.render(args.output.format.into()),
        args.output.out.as_deref(),
    )
}
