//! `casus sweep`: the scenario over a grid of one or two parameters.

use std::path::PathBuf;

use casus_report::{Report, ScenarioRef, Sweep};
use casus_runner::estimate::figures;
use casus_runner::run::run_range;

use super::{Progress, Settings, emit, load, pick_variant};
use crate::Failure;

/// The largest number of points in a sweep (all axes multiplied).
pub const MAX_SWEEP_POINTS: usize = 10_000;

/// Arguments of `casus sweep`.
#[derive(clap::Args, Debug)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// A parameter and its grid, `PATH=LO:HI:N` (PATH as in a variant's
    /// `set`, e.g. `pact.smda.reliability=0:1:11`); once or twice.
    #[arg(long = "set", value_name = "PATH=LO:HI:N", required = true)]
    pub sets: Vec<String>,
    /// The variant to sweep.
    #[arg(long, default_value = "base")]
    pub variant: String,
    /// Trials, seed, threads and level.
    #[command(flatten)]
    pub run: crate::cli::RunOptions,
    /// Format and destination of the report.
    #[command(flatten)]
    pub output: crate::cli::OutputOptions,
}

/// One axis of the grid.
#[derive(Clone, Debug, PartialEq)]
struct Axis {
    path: String,
    values: Vec<f64>,
}

/// Parses `PATH=LO:HI:N` into the `N` evenly spaced values from LO to HI.
fn axis(spec: &str) -> Result<Axis, Failure> {
    let bad = |why: &str| {
        Failure::Usage(format!(
            "--set {spec}: {why}; expected PATH=LO:HI:N, e.g. pact.smda.reliability=0:1:11"
        ))
    };
    let (path, grid) = spec.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let parts: Vec<&str> = grid.split(':').collect();
    let [lo, hi, n] = parts[..] else {
        return Err(bad("the grid needs three parts"));
    };
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    let (lo, hi) = (
        num(lo).ok_or_else(|| bad("LO is not a number"))?,
        num(hi).ok_or_else(|| bad("HI is not a number"))?,
    );
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| bad("N is not a whole number"))?;
    if n == 0 || n > MAX_SWEEP_POINTS {
        return Err(bad(&format!(
            "N must be between 1 and MAX_SWEEP_POINTS = {MAX_SWEEP_POINTS}"
        )));
    }
    let values = (0..n)
        .map(|i| {
            if n == 1 {
                lo
            } else {
                lo + (hi - lo) * i as f64 / (n - 1) as f64
            }
        })
        .collect();
    Ok(Axis {
        path: path.trim().to_string(),
        values,
    })
}

pub(crate) fn sweep(args: SweepArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    let s = Settings::of(&loaded, &args.run, None)?;
    pick_variant(doc, &args.variant)?;
    if args.sets.len() > 2 {
        return Err(Failure::Usage(
            "a sweep takes one or two --set parameters".into(),
        ));
    }
    let axes: Vec<Axis> = args
        .sets
        .iter()
        .map(|a| axis(a))
        .collect::<Result<_, _>>()?;
    let total: usize = axes.iter().map(|a| a.values.len()).product();
    if total > MAX_SWEEP_POINTS {
        return Err(Failure::Usage(format!(
            "the grid has {total} points, over MAX_SWEEP_POINTS = {MAX_SWEEP_POINTS}; use fewer points per axis"
        )));
    }
    let points: Vec<Vec<f64>> = match &axes[..] {
        [x] => x.values.iter().map(|&v| vec![v]).collect(),
        [x, y] => x
            .values
            .iter()
            .flat_map(|&u| y.values.iter().map(move |&v| vec![u, v]))
            .collect(),
        _ => unreachable!("one or two axes"),
    };
    // Validate every point before running any, so a bad value fails fast.
    let mut scenarios = Vec::with_capacity(points.len());
    for p in &points {
        let sets: Vec<(&str, f64)> = axes
            .iter()
            .map(|a| a.path.as_str())
            .zip(p.iter().copied())
            .collect();
        let scenario = doc.with_sets(&args.variant, &sets).map_err(|problems| {
            Failure::Input(casus_scenario::render(
                &loaded.path,
                &loaded.source,
                &problems,
            ))
        })?;
        scenarios.push(scenario);
    }
    let progress = Progress::new(s.trials * points.len() as u64);
    let variants = points
        .iter()
        .zip(&scenarios)
        .map(|(p, scenario)| {
            // Same seed and trial indices at every point: common random numbers.
            let summary = run_range(scenario, s.seed, 0..s.trials, s.threads, &|n| {
                progress.inc(n)
            });
            let name = axes
                .iter()
                .zip(p)
                .map(|(a, v)| format!("{}={v}", a.path))
                .collect::<Vec<_>>()
                .join(",");
            figures(&name, scenario, &summary, s.level)
        })
        .collect();
    progress.finish();
    let scenario = ScenarioRef {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
    };
    let mut report = Report::new(scenario, s.seed, s.level, variants);
    report.sweep = Some(Sweep {
        variant: args.variant.clone(),
        parameters: axes.iter().map(|a| a.path.clone()).collect(),
        points,
    });
    emit(
        &report.render(args.output.format.into()),
        args.output.out.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_are_evenly_spaced_and_include_both_ends() {
        let a = axis("pact.smda.reliability=0:1:5").unwrap();
        assert_eq!(a.path, "pact.smda.reliability");
        assert_eq!(a.values, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(axis("crisis.stakes=0.3:0.9:1").unwrap().values, vec![0.3]);
    }

    #[test]
    fn bad_grids_say_what_is_expected() {
        for spec in [
            "x",
            "x=1:2",
            "x=a:1:3",
            "x=0:1:0",
            "x=0:1:100000",
            "x=0:inf:3",
        ] {
            let Err(Failure::Usage(msg)) = axis(spec) else {
                panic!("{spec} accepted")
            };
            assert!(msg.contains("PATH=LO:HI:N"), "{msg}");
        }
    }
}
