//! `casus run` on the bundled scenario.

use crate::util::{casus, fails, json, ok, proportions, temp_file};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

#[test]
fn the_bundled_scenario_runs_and_its_report_is_coherent() {
    let report = json(&["run", SMDA, "--trials", "4000"]);
    assert_eq!(report["trials"], 4000);
    assert_eq!(report["scenario"]["file"], SMDA);
    assert_eq!(
        report["scenario"]["sha256"].as_str().map(str::len),
        Some(64)
    );
    let variants = report["variants"].as_array().expect("variants");
    assert_eq!(variants[0]["name"], "base");
    assert!(variants.iter().any(|v| v["name"] == "trilateral"));
    for v in variants {
        let total: f64 = v["outcomes"]
            .as_object()
            .unwrap()
            .values()
            .map(|o| o["p"].as_f64().unwrap())
            .sum();
        assert!(
            (total - 1.0).abs() < 1e-12,
            "{}: outcomes sum to {total}",
            v["name"]
        );
        assert!(v["states"]["PAK"]["fights"]["p"].as_f64().unwrap() > 0.0);
    }
    let mut props = Vec::new();
    proportions(&report, "", &mut props);
    assert!(props.len() > 100);
    for (at, p, lo, hi) in props {
        assert!(
            (0.0..=1.0).contains(&p)
                && lo <= p + 1e-12
                && p <= hi + 1e-12
                && lo >= 0.0
                && hi <= 1.0,
            "{at}: {p} [{lo}, {hi}]"
        );
    }
}

#[test]
fn one_variant_runs_alone() {
    let report = json(&["run", SMDA, "--variant", "trilateral", "--trials", "2000"]);
    let variants = report["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 1);
    assert_eq!(variants[0]["name"], "trilateral");
    assert!(variants[0]["pacts"]["smda"].is_object());
}

#[test]
fn thread_count_does_not_change_the_report_by_a_byte() {
    let one = ok(&[
        "run",
        SMDA,
        "--trials",
        "20000",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    let two = ok(&[
        "run",
        SMDA,
        "--trials",
        "20000",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    let five = ok(&[
        "run",
        SMDA,
        "--trials",
        "20000",
        "--threads",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(one, two);
    assert_eq!(one, five);
}

#[test]
fn the_same_seed_gives_the_same_report_and_another_seed_another() {
    let a = ok(&[
        "run", SMDA, "--trials", "3000", "--seed", "7", "--format", "json",
    ]);
    let b = ok(&[
        "run", SMDA, "--trials", "3000", "--seed", "7", "--format", "json",
    ]);
    let c = ok(&[
        "run", SMDA, "--trials", "3000", "--seed", "8", "--format", "json",
    ]);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn variants_share_their_trials() {
    // Common random numbers: trial K of two variants draws the same numbers
    // for the same decision, e.g. the challenger's misperception.
    let epsilon = |variant: &str, k: &str| {
        let story = ok(&["trace", SMDA, "--trial", k, "--variant", variant]);
        let at = story.find("misperception ε = ").expect("a deterrence line")
            + "misperception ε = ".len();
        story[at..].split_whitespace().next().unwrap().to_string()
    };
    for k in ["0", "1", "2"] {
        assert_eq!(epsilon("base", k), epsilon("trilateral", k));
        assert_eq!(epsilon("base", k), epsilon("no-pact", k));
    }
    assert_ne!(epsilon("base", "0"), epsilon("base", "1"));
}

#[test]
fn every_format_renders() {
    let text = ok(&["run", SMDA, "--trials", "1000"]);
    assert!(text.contains("Outcomes") && text.contains("deterred") && text.contains("smda"));
    let md = ok(&["run", SMDA, "--trials", "1000", "--format", "markdown"]);
    assert!(md.contains("| outcome | probability [interval] |"));
    let csv = ok(&["run", SMDA, "--trials", "1000", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("variant,metric,key,estimate,lo,hi,n"));
    assert!(
        lines.all(|l| l.split(',').count() == 7),
        "tidy CSV has seven fields per row"
    );
}

#[test]
fn the_report_can_go_to_a_file() {
    let out = temp_file("out", "report.json");
    let o = out.to_str().unwrap();
    ok(&[
        "run", SMDA, "--trials", "500", "--format", "json", "--out", o,
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["trials"], 500);
}

#[test]
fn a_wrong_command_line_exits_2() {
    fails(&["run", SMDA, "--trials", "many"], 2);
    fails(&["run", SMDA, "--trials", "0"], 2);
    fails(&["run", SMDA, "--level", "1.5"], 2);
    fails(&["run", SMDA, "--format", "pdf"], 2);
    let err = fails(&["run", SMDA, "--variant", "trilaterl"], 2);
    assert!(
        err.contains("trilateral"),
        "suggests the nearest variant: {err}"
    );
    fails(&["frobnicate"], 2);
}

#[test]
fn a_missing_file_exits_1_and_says_which() {
    let err = fails(&["run", "scenarios/nope.toml"], 1);
    assert!(err.contains("scenarios/nope.toml"), "{err}");
}

#[test]
fn help_and_version_work() {
    assert!(casus(&["--help"]).status.success());
    assert!(ok(&["--version"]).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn precision_adds_trials_until_the_intervals_are_narrow_enough() {
    let r = json(&[
        "run",
        SMDA,
        "--variant",
        "base",
        "--trials",
        "1000000",
        "--precision",
        "0.004",
    ]);
    let v = &r["variants"][0];
    let n = v["trials"].as_u64().unwrap();
    assert!(n < 1_000_000, "stopped at {n}");
    for (name, p) in v["outcomes"].as_object().unwrap() {
        let half = (p["hi"].as_f64().unwrap() - p["lo"].as_f64().unwrap()) / 2.0;
        assert!(half <= 0.004, "{name}: {half}");
    }
    // The rounds are contiguous trial ranges: the same figures as one run of that size.
    let plain = json(&["run", SMDA, "--variant", "base", "--trials", &n.to_string()]);
    assert_eq!(v, &plain["variants"][0]);
    fails(
        &[
            "run",
            SMDA,
            "--precision",
            "0.01",
            "--trials-out",
            "/tmp/x.csv",
        ],
        2,
    );
    fails(&["run", SMDA, "--precision", "2"], 2);
}
