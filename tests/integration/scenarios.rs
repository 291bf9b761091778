//! Every bundled scenario, run with a fixed seed, against a stored snapshot
//! of its headline figures, so that a change in the model's behaviour shows
//! up in review (`cargo insta review` after an intended change).
//!
//! The engine is deterministic for (file, seed, trials), so the figures are
//! exact: proportions are counts over TRIALS, means are printed to 6 decimal
//! places (far beyond their Monte-Carlo error, but stable to the bit).

use std::fmt::Write as _;

use crate::util::{json, path, root};

/// Trials per variant: enough for the figures to mean something, small
/// enough that all the files together stay quick.
const TRIALS: &str = "20000";
/// Fixed here rather than taken from each file, so that editing a file's
/// `seed` is not mistaken for a change in the model.
const SEED: &str = "1";

/// Every `.toml` file in `scenarios/`, sorted.
fn bundled() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(path("scenarios"))
        .expect("scenarios/")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.ends_with(".toml").then_some(name)
        })
        .collect();
    files.sort();
    files
}

fn p(v: &serde_json::Value, at: &[&str]) -> f64 {
    let mut x = v;
    for k in at {
        x = &x[*k];
    }
    x["p"]
        .as_f64()
        .unwrap_or_else(|| panic!("{at:?} is not a proportion"))
}

fn mean(v: &serde_json::Value, key: &str) -> String {
    v[key]["mean"]
        .as_f64()
        .map_or_else(|| "-".to_string(), |m| format!("{m:.6}"))
}

/// The headline table of one scenario: a row per variant.
fn headline(file: &str) -> String {
    let rel = format!("scenarios/{file}");
    let report = json(&["run", &rel, "--trials", TRIALS, "--seed", SEED]);
    let mut out = format!("{file}: seed {SEED}, {TRIALS} trials per variant\n");
    let _ = writeln!(
        out,
        "{:<22} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10}",
        "variant",
        "deterred",
        "war",
        "esc>=3",
        "nuclear",
        "chal-win",
        "targ-win",
        "ceasefir",
        "war size",
        "duration"
    );
    for v in report["variants"].as_array().expect("variants") {
        let _ = writeln!(
            out,
            "{:<22} {:>8.5} {:>8.5} {:>8.5} {:>8.5} {:>8.5} {:>8.5} {:>8.5} {:>10} {:>10}",
            v["name"].as_str().expect("name"),
            p(v, &["outcomes", "deterred"]),
            p(v, &["escalation", "ge1"]),
            p(v, &["escalation", "ge3"]),
            p(v, &["escalation", "nuclear"]),
            p(v, &["outcomes", "challenger-victory"]),
            p(v, &["outcomes", "target-victory"]),
            p(v, &["outcomes", "ceasefire"]),
            mean(v, "war_size"),
            mean(v, "duration"),
        );
    }
    out
}

#[test]
fn every_bundled_scenario_matches_its_headline_snapshot() {
    let files = bundled();
    assert!(
        files.len() >= 6,
        "expected the scenario library, found {files:?}"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("tests/integration/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for file in &files {
            let table = headline(file);
            let name = format!("scenario-{}", file.trim_end_matches(".toml"));
            insta::assert_snapshot!(name, table);
        }
    });
}

#[test]
fn every_bundled_scenario_has_a_war_that_is_neither_certain_nor_impossible() {
    for file in bundled() {
        let rel = format!("scenarios/{file}");
        let report = json(&[
            "run",
            &rel,
            "--variant",
            "base",
            "--trials",
            "4000",
            "--seed",
            SEED,
        ]);
        let war = p(&report["variants"][0], &["escalation", "ge1"]);
        assert!(
            war > 0.0 && war < 1.0,
            "{file}: P(war) = {war} in the base variant; a library scenario should leave the question open"
        );
        // And every file says what question it answers and where its numbers come from.
        let src = std::fs::read_to_string(path(&rel)).expect("read scenario");
        assert!(
            src.contains("QUESTION"),
            "{file}: no QUESTION in the header"
        );
        assert!(
            src.contains("WHERE THE DATA STOP"),
            "{file}: the header does not say where the data stop"
        );
    }
}
