//! `casus compare`: paired differences on the same trials.

use crate::util::{fails, json, ok, path, temp_scenario};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

fn p(v: &serde_json::Value, variant: usize, path: &[&str]) -> f64 {
    path.iter().fold(&v["variants"][variant], |n, k| &n[*k])["p"]
        .as_f64()
        .unwrap()
}

#[test]
fn compare_answers_the_accession_question_with_paired_intervals() {
    let r = json(&[
        "compare",
        SMDA,
        "--variants",
        "base,trilateral",
        "--trials",
        "20000",
    ]);
    assert_eq!(r["variants"][0]["name"], "base");
    assert_eq!(r["variants"][1]["name"], "trilateral");
    let cmp = r["comparisons"].as_array().unwrap();
    let deterred = cmp
        .iter()
        .find(|c| c["metric"] == "outcomes.deterred")
        .expect("P(deterred) compared");
    assert_eq!(deterred["a"], "base");
    assert_eq!(deterred["b"], "trilateral");
    // diff is b − a of the two variants' own estimates, exactly.
    let diff = p(&r, 1, &["outcomes", "deterred"]) - p(&r, 0, &["outcomes", "deterred"]);
    assert!((deterred["diff"].as_f64().unwrap() - diff).abs() < 1e-12);
    let (lo, hi) = (
        deterred["lo"].as_f64().unwrap(),
        deterred["hi"].as_f64().unwrap(),
    );
    assert!(lo <= diff && diff <= hi);
    assert!(deterred["test"].as_str().unwrap().starts_with("mcnemar"));
    // Pairing: the interval is much narrower than two independent runs' would be.
    let u = deterred["unpaired"].as_array().unwrap();
    let unpaired = u[1].as_f64().unwrap() - u[0].as_f64().unwrap();
    assert!(
        hi - lo < 0.5 * unpaired,
        "paired {} vs unpaired {unpaired}",
        hi - lo
    );
    // Findings lead with the themes of alliance theory.
    let findings = r["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["theme"] == "deterrence"));
    // Conditional figures are compared unpaired (Welch).
    let size = cmp.iter().find(|c| c["metric"] == "war_size").unwrap();
    assert_eq!(size["test"], "welch-z");
}

#[test]
fn compare_is_thread_independent() {
    let one = ok(&[
        "compare",
        SMDA,
        "--variants",
        "base,no-pact",
        "--trials",
        "8000",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    let two = ok(&[
        "compare",
        SMDA,
        "--variants",
        "base,no-pact",
        "--trials",
        "8000",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(one, two);
}

#[test]
fn compare_figures_equal_those_of_separate_runs() {
    let c = json(&[
        "compare",
        SMDA,
        "--variants",
        "base,trilateral",
        "--trials",
        "5000",
    ]);
    let r = json(&["run", SMDA, "--variant", "trilateral", "--trials", "5000"]);
    assert_eq!(c["variants"][1], r["variants"][0]);
}

#[test]
fn every_format_carries_the_differences() {
    let text = ok(&[
        "compare",
        SMDA,
        "--variants",
        "base,trilateral",
        "--trials",
        "3000",
    ]);
    assert!(
        text.contains("What changed") && text.contains("Paired differences"),
        "{text}"
    );
    let md = ok(&[
        "compare",
        SMDA,
        "--variants",
        "base,trilateral",
        "--trials",
        "3000",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("## Paired differences"));
    let csv = ok(&[
        "compare",
        SMDA,
        "--variants",
        "base,trilateral",
        "--trials",
        "3000",
        "--format",
        "csv",
    ]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("base→trilateral,diff,outcomes.deterred,")),
        "{csv}"
    );
}

#[test]
fn precision_stops_when_the_headline_intervals_are_narrow_enough() {
    let r = json(&[
        "compare",
        SMDA,
        "--variants",
        "base,trilateral",
        "--trials",
        "2000000",
        "--precision",
        "0.01",
    ]);
    let trials = r["trials"].as_u64().unwrap();
    assert!(trials < 2_000_000, "stopped early at {trials}");
    for c in r["comparisons"].as_array().unwrap() {
        let m = c["metric"].as_str().unwrap();
        if m.starts_with("outcomes.") || m.starts_with("escalation.") {
            assert!(
                (c["hi"].as_f64().unwrap() - c["lo"].as_f64().unwrap()) / 2.0 <= 0.01,
                "{m}"
            );
        }
    }
}

#[test]
fn compare_needs_two_variants() {
    let err = fails(&["compare", SMDA, "--variants", "base"], 2);
    assert!(err.contains("at least two variants"), "{err}");
    let err = fails(&["compare", SMDA, "--variants", "base,trilaterl"], 2);
    assert!(err.contains("trilateral"), "{err}");
}

#[test]
fn a_file_trials_over_the_limit_is_shown_at_its_line() {
    let src = std::fs::read_to_string(path(SMDA)).unwrap();
    let line = 1 + src
        .lines()
        .position(|l| l.starts_with("trials = "))
        .expect("SMDA sets its trials");
    // The old value is left behind as a comment.
    let src = src.replacen("\ntrials = ", "\ntrials = 5000000000 #", 1);
    let p = temp_scenario("compare-trials.toml", &src);
    let p = p.to_str().unwrap();
    for args in [
        vec!["compare", p, "--trials", "10"],
        vec!["sweep", p, "--set", "crisis.stakes=0:1:2"],
    ] {
        let err = fails(&args, 1);
        assert!(
            err.contains(&format!("compare-trials.toml:{line}:10"))
                && err.contains("`trials` must be between 1 and 4294967295"),
            "{err}"
        );
    }
}
