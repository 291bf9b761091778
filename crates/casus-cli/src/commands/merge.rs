//! `casus merge`: the parts of a sharded run, merged into the report one
//! process would have written, byte for byte.

use std::path::PathBuf;

use casus_report::{Report, ScenarioRef};
use casus_runner::part::{self, Part};
use casus_runner::summary::Summary;

use super::emit;
use crate::Failure;

/// Arguments of `casus merge`.
#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// The parts written by `casus run … --shard I/N --out PART`, one per
    /// shard, in any order (a finished checkpoint is a part too).
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Format and destination of the report.
    #[command(flatten)]
    pub output: crate::cli::OutputOptions,
}

fn refuse(msg: String) -> Failure {
    Failure::Input(format!("casus: cannot merge: {msg}"))
}

pub(crate) fn merge(args: MergeArgs) -> Result<(), Failure> {
    let mut parts = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        let name = path.display().to_string();
        let p = Part::read(path).map_err(|e| refuse(format!("`{name}` {e}")))?;
        parts.push((name, p));
    }
    let (first_name, first) = &parts[0];
    // The scenario travels inside the part; check it is the file it names.
    let src = &first.scenario.source;
    if part::sha256_hex(src.as_bytes()) != first.scenario.sha256 {
        return Err(refuse(format!(
            "`{first_name}` is corrupt (the scenario inside it does not match its SHA-256)"
        )));
    }
    let doc = casus_scenario::parse(src).map_err(|problems| {
        refuse(format!(
            "the scenario inside `{first_name}` does not validate with this casus:\n{}",
            casus_scenario::render(&first.scenario.file, src, &problems)
        ))
    })?;
    let shape = |name: &str| {
        doc.variant(name)
            .ok()
            .map(|v| Summary::for_scenario(&v.scenario))
    };
    let merged = part::merge(&parts, &shape).map_err(|e| refuse(e.0))?;
    let mut figures = Vec::with_capacity(merged.variants.len());
    for (name, summary) in &merged.variants {
        let v = doc
            .variant(name)
            .map_err(|_| refuse(format!("the scenario has no variant `{name}`")))?;
        figures.push(casus_runner::estimate::figures(
            name,
            &v.scenario,
            summary,
            merged.first.level,
        ));
    }
    let p = &merged.first;
    let scenario = ScenarioRef {
        name: p.scenario.name.clone(),
        file: p.scenario.file.clone(),
        sha256: p.scenario.sha256.clone(),
    };
    let report = Report::new(scenario, p.seed, p.level, figures);
    emit(
        &report.render(args.output.format.into()),
        args.output.out.as_deref(),
    )
}
