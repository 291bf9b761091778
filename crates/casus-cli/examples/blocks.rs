//! Philox blocks a trial reads, per variant: the random-number floor of
//! docs/performance.md, counted exactly.
//!
//!     cargo run --release -p casus-cli --example blocks \
//!         --features count-blocks -- scenarios/*.toml
//!
//! For each variant of each file it plays 100,000 trials (seed 1) and prints
//! the mean number of blocks per trial and the share of trials that are wars.

use std::io::Write;

use casus_core::rng::{TrialRng, blocks_computed};
use casus_core::trial::Trial;

const TRIALS: u32 = 100_000;

fn main() -> Result<(), String> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        return Err("usage: blocks FILE.toml…".into());
    }
    let mut out = std::io::stdout().lock();
    let mut emit = |line: String| writeln!(out, "{line}").map_err(|e| e.to_string());
    emit("file\tvariant\tblocks per trial\tP(war)".into())?;
    for file in files {
        let src = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
        let doc = casus_scenario::parse(&src).map_err(|e| format!("{file}: {e:?}"))?;
        for v in &doc.variants {
            let mut trial = Trial::new(&v.scenario);
            let before = blocks_computed();
            let wars = (0..TRIALS)
                .filter(|&k| trial.play(TrialRng::new(1, k), &mut ()).attacked())
                .count();
            let blocks = blocks_computed() - before;
            emit(format!(
                "{file}\t{}\t{:.2}\t{:.3}",
                v.name,
                blocks as f64 / f64::from(TRIALS),
                wars as f64 / f64::from(TRIALS)
            ))?;
        }
    }
    Ok(())
}
