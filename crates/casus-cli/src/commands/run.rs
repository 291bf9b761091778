//! `casus run`: the trials of one or more variants, and their report.

use casus_report::{Report, ScenarioRef};
use casus_runner::run::{MAX_TRIALS, run_range};

use super::{Progress, emit, load, pick_variant};
use crate::Failure;
use crate::cli::RunArgs;

pub(crate) fn run(args: RunArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    let trials = args.trials.or(doc.meta.trials).unwrap_or(10_000);
    if trials == 0 || trials > MAX_TRIALS {
        return Err(Failure::Usage(format!(
            "--trials must be between 1 and {MAX_TRIALS}, got {trials}"
        )));
    }
    let seed = args.seed.or(doc.meta.seed).unwrap_or(0);
    let level = args.level.or(doc.meta.level).unwrap_or(0.95);
    if !(level > 0.0 && level < 1.0) {
        return Err(Failure::Usage(format!(
            "--level must be strictly between 0 and 1, got {level}"
        )));
    }
    if args.threads == Some(0) {
        return Err(Failure::Usage("--threads must be at least 1".into()));
    }
    let chosen: Vec<&casus_scenario::Variant> = if args.variants.is_empty() {
        doc.variants.iter().collect()
    } else {
        args.variants
            .iter()
            .map(|name| pick_variant(doc, name))
            .collect::<Result<_, _>>()?
    };

    let progress = Progress::new(trials * chosen.len() as u64);
    let mut figures = Vec::with_capacity(chosen.len());
    for v in &chosen {
        let summary = run_range(&v.scenario, seed, 0..trials, args.threads, &|n| {
            progress.inc(n)
        });
        figures.push(casus_runner::estimate::figures(
            &v.name,
            &v.scenario,
            &summary,
            level,
        ));
    }
    progress.finish();

    let scenario = ScenarioRef {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
    };
    let report = Report::new(scenario, seed, level, figures);
    emit(&report.render(args.format.into()), args.out.as_deref())
}
