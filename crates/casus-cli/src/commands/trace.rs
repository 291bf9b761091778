//! `casus trace`: one trial, step by step.

use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use casus_runner::run::MAX_TRIALS;

use super::{emit, load, pick_variant};
use crate::Failure;
use crate::cli::{TraceArgs, TraceFormat};

pub(crate) fn trace(args: TraceArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    if args.trial >= MAX_TRIALS {
        return Err(Failure::Usage(format!(
            "--trial must be below {MAX_TRIALS}"
        )));
    }
    let variant = pick_variant(doc, &args.variant)?;
    let seed = args.seed.or(doc.meta.seed).unwrap_or(0);
    let mut trial = Trial::new(&variant.scenario);
    let mut notes = Vec::new();
    trial.play(TrialRng::new(seed, args.trial as u32), &mut notes);
    let text = match args.format {
        TraceFormat::Text => {
            casus_report::trace::narrative(trial.world(), &notes, seed, args.trial, &variant.name)
        }
        TraceFormat::Json => {
            casus_report::trace::json(trial.world(), &notes, seed, args.trial, &variant.name)
        }
    };
    emit(&text, None)
}
