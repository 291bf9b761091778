//! How a trial's cost grows with the size of the world.
//!
//! `cargo run --release -p casus-runner --example scale -- STATES LINKS HORIZON TRIALS [THREADS]`
//! plays TRIALS trials of a synthetic scenario (`casus_core::testing::synthetic`)
//! and prints the wall time, trials per second and steps per trial. Run it
//! under `valgrind --tool=callgrind` for instruction counts, which do not
//! depend on what else the machine is doing.

use std::time::Instant;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("numbers"))
        .collect();
    let [states, links, horizon, trials, ..] = args[..] else {
        eprintln!("usage: scale STATES LINKS HORIZON TRIALS [THREADS]");
        std::process::exit(2);
    };
    let threads = args.get(4).map(|&t| t as usize);
    let scenario =
        casus_core::testing::synthetic(states as usize, links as usize, horizon as u32, 1);
    let start = Instant::now();
    let summary = casus_runner::run::run_range(&scenario, 7, 0..trials, threads, &|_| ());
    let secs = start.elapsed().as_secs_f64();
    let (steps, _) = summary.duration.sums();
    println!(
        "states={states} links={links} horizon={horizon} trials={trials} seconds={secs:.3} trials_per_s={:.0} steps_per_trial={:.1} us_per_step={:.3}",
        trials as f64 / secs,
        steps / trials as f64,
        secs * 1e6 / steps
    );
}
