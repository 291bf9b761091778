//! The harness of `tools/ab.sh`: one process plays the same trials with two
//! builds of `casus-core`, `old` (a git revision) and `new` (the working
//! tree), in alternating rounds of 1,000, and prints the median of the
//! rounds' time ratios old/new with their quartiles. Each trial's record is
//! folded into its build's `casus-runner` accumulator, as `casus run` does,
//! so that a round times what a trial costs a run.
//!
//! Two processes timed one after the other see the host in different moods
//! (±7% between pairs here); rounds of a millisecond each, side by side in
//! one process, see the same mood, so a 1% change can be told from noise.
//! Both cores must play the same trials, for the comparison to mean
//! anything: a round whose wars last a different number of steps in all
//! stops it (a check, not a proof; `cmp` of the reports is the proof).

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

/// Trials a round.
const TRIALS: u32 = 1_000;
/// Rounds played first and not counted (caches, branch history, frequency).
const WARM_UP: usize = 20;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, variant, rounds] = args.as_slice() else {
        return Err("usage: ab FILE VARIANT|all ROUNDS".into());
    };
    let rounds: usize = rounds.parse().map_err(|e| format!("ROUNDS: {e}"))?;
    if rounds == 0 {
        return Err("ROUNDS: at least 1".into());
    }
    let src = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let old_doc =
        old_scenario::parse(&src).map_err(|_| format!("{file}: the old revision rejects it"))?;
    let new_doc =
        new_scenario::parse(&src).map_err(|_| format!("{file}: the working tree rejects it"))?;
    let names: Vec<String> = if variant == "all" {
        new_doc.variants.iter().map(|v| v.name.clone()).collect()
    } else {
        vec![variant.clone()]
    };
    for name in &names {
        let old = &old_doc
            .variant(name)
            .map_err(|_| format!("no variant `{name}` (old revision)"))?
            .scenario;
        let new = &new_doc
            .variant(name)
            .map_err(|_| format!("no variant `{name}` (working tree)"))?
            .scenario;
        let ([r_lo, r_mid, r_hi], o_mid, n_mid) = compare(old, new, rounds)?;
        // Not `println!`, which panics when the reader has gone (`| head`).
        writeln!(
            std::io::stdout(),
            "{name}: old/new {r_mid:.4} (quartiles {r_lo:.4}–{r_hi:.4}, {rounds} rounds of {TRIALS}); \
             a trial {o_mid:.0} ns old, {n_mid:.0} ns new (medians)"
        )
        .map_err(|e| format!("standard output: {e}"))?;
    }
    Ok(())
}

/// The quartiles of the rounds' time ratios old/new, and the median
/// nanoseconds a trial of each.
fn compare(
    old_world: &old_core::model::Scenario,
    new_world: &new_core::model::Scenario,
    rounds: usize,
) -> Result<([f64; 3], f64, f64), String> {
    let mut old = old_core::trial::Trial::new(old_world);
    let mut new = new_core::trial::Trial::new(new_world);
    let mut old_acc = old_runner::summary::Accumulator::for_scenario(old_world);
    let mut new_acc = new_runner::summary::Accumulator::for_scenario(new_world);

    let mut first = 0u32;
    let (mut ratios, mut old_ns, mut new_ns) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..WARM_UP + rounds {
        let trials = first..first + TRIALS;
        first = first.wrapping_add(TRIALS);
        // The two builds' types differ, so one macro times either.
        macro_rules! time {
            ($trial:ident, $acc:ident, $core:ident) => {
                || {
                    let start = Instant::now();
                    let mut steps = 0u64;
                    for k in trials.clone() {
                        let rng = $core::rng::TrialRng::new(1, k);
                        let record = $trial.play(rng, &mut ());
                        steps += u64::from(record.duration);
                        $acc.add(black_box(record));
                    }
                    (start.elapsed().as_secs_f64(), steps)
                }
            };
        }
        let mut time_old = time!(old, old_acc, old_core);
        let mut time_new = time!(new, new_acc, new_core);
        // Which goes first alternates, so that neither always follows the other.
        let ((o, o_steps), (n, n_steps)) = if round % 2 == 0 {
            let o = time_old();
            (o, time_new())
        } else {
            let n = time_new();
            (time_old(), n)
        };
        if o_steps != n_steps {
            return Err(format!(
                "round {round}: the two builds play different trials ({o_steps} and {n_steps} war steps)"
            ));
        }
        if round >= WARM_UP {
            ratios.push(o / n);
            old_ns.push(o * 1e9 / f64::from(TRIALS));
            new_ns.push(n * 1e9 / f64::from(TRIALS));
        }
    }
    // Both builds folded the same trials: their summaries must agree.
    if black_box(old_acc).finish().outcomes != black_box(new_acc).finish().outcomes {
        return Err("the two builds' summaries count different outcomes".into());
    }
    let [_, o_mid, _] = quartiles(&mut old_ns);
    let [_, n_mid, _] = quartiles(&mut new_ns);
    Ok((quartiles(&mut ratios), o_mid, n_mid))
}

/// The lower quartile, median and upper quartile of `v` (nearest rank).
fn quartiles(v: &mut [f64]) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    [0.25, 0.5, 0.75].map(|p| v[((v.len() - 1) as f64 * p).round() as usize])
}
