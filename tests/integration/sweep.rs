//! `casus sweep` and `casus sensitivity`.

use crate::util::{fails, json, ok};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

#[test]
fn a_one_parameter_sweep_has_one_point_per_value_with_intervals() {
    let r = json(&[
        "sweep",
        SMDA,
        "--set",
        "pact.smda.reliability=0:1:3",
        "--trials",
        "5000",
    ]);
    let sweep = &r["sweep"];
    assert_eq!(sweep["parameters"][0], "pact.smda.reliability");
    assert_eq!(sweep["points"], serde_json::json!([[0.0], [0.5], [1.0]]));
    let v = r["variants"].as_array().unwrap();
    assert_eq!(v.len(), 3);
    let deterred: Vec<f64> = v
        .iter()
        .map(|x| x["outcomes"]["deterred"]["p"].as_f64().unwrap())
        .collect();
    // Common random numbers: a more reliable pact never deters less, trial by trial.
    assert!(
        deterred[0] <= deterred[1] && deterred[1] <= deterred[2],
        "{deterred:?}"
    );
}

#[test]
fn a_sweep_point_equals_the_scenario_run_at_that_value() {
    // Setting the SMDA's reliability to its base value reproduces the base run.
    let base = json(&["run", SMDA, "--variant", "base", "--trials", "3000"]);
    let file = std::fs::read_to_string(crate::util::path(SMDA)).unwrap();
    let at = file.find("id = \"smda\"").unwrap();
    let rel: f64 = file[at..]
        .lines()
        .find(|l| l.starts_with("reliability"))
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let point = json(&[
        "sweep",
        SMDA,
        "--set",
        &format!("pact.smda.reliability={rel}:{rel}:1"),
        "--trials",
        "3000",
    ]);
    assert_eq!(
        base["variants"][0]["outcomes"],
        point["variants"][0]["outcomes"]
    );
    assert_eq!(
        base["variants"][0]["states"],
        point["variants"][0]["states"]
    );
}

#[test]
fn a_two_parameter_sweep_is_a_grid_and_thread_independent() {
    let args = [
        "sweep",
        SMDA,
        "--set",
        "pact.smda.reliability=0:1:2",
        "--set",
        "crisis.stakes=0.4:0.8:3",
        "--trials",
        "2000",
        "--format",
        "json",
    ];
    let one = ok(&[&args[..], &["--threads", "1"]].concat());
    let two = ok(&[&args[..], &["--threads", "2"]].concat());
    assert_eq!(one, two);
    let r: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(r["variants"].as_array().unwrap().len(), 6);
    let csv = ok(&[
        "sweep",
        SMDA,
        "--set",
        "crisis.stakes=0.4:0.8:2",
        "--trials",
        "1000",
        "--format",
        "csv",
    ]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("crisis.stakes=0.4,outcome,deterred,")),
        "{csv}"
    );
}

#[test]
fn bad_sweeps_are_refused_clearly() {
    let err = fails(&["sweep", SMDA, "--set", "pact.smda.reliabilty=0:1:3"], 1);
    assert!(err.contains("reliability"), "suggests the field: {err}");
    let err = fails(&["sweep", SMDA, "--set", "pact.smda.reliability=0:1"], 2);
    assert!(err.contains("PATH=LO:HI:N"), "{err}");
    let err = fails(
        &[
            "sweep",
            SMDA,
            "--set",
            "crisis.stakes=0:1:200",
            "--set",
            "pact.smda.reliability=0:1:200",
        ],
        2,
    );
    assert!(err.contains("MAX_SWEEP_POINTS"), "{err}");
    let err = fails(&["sweep", SMDA, "--set", "pact.smda.reliability=0:2:3"], 1);
    assert!(err.contains("between 0 and 1"), "{err}");
}

#[test]
fn sensitivity_ranks_the_inputs_and_is_thread_independent() {
    let args = [
        "sensitivity",
        SMDA,
        "--variant",
        "uncertain-trigger",
        "--trials",
        "300",
        "--samples",
        "16",
        "--resamples",
        "50",
        "--format",
        "json",
    ];
    let one = ok(&[&args[..], &["--threads", "1"]].concat());
    let two = ok(&[&args[..], &["--threads", "2"]].concat());
    assert_eq!(one, two);
    let r: serde_json::Value = serde_json::from_str(&one).unwrap();
    let tornado = r["tornado"].as_array().unwrap();
    let sobol = r["sobol"].as_array().unwrap();
    assert_eq!(tornado.len(), sobol.len());
    assert!(
        tornado
            .iter()
            .any(|b| b["input"] == "pact.smda.reliability")
    );
    let swings: Vec<f64> = tornado
        .iter()
        .map(|b| b["swing"].as_f64().unwrap().abs())
        .collect();
    assert!(
        swings.windows(2).all(|w| w[0] >= w[1]),
        "widest first: {swings:?}"
    );
    // The stakes decide whether India attacks: they lead the tornado.
    assert_eq!(tornado[0]["input"], "crisis.stakes");
}

#[test]
fn sensitivity_needs_uncertain_inputs_and_a_known_figure() {
    let err = fails(
        &[
            "sensitivity",
            SMDA,
            "--metric",
            "outcomes.detered",
            "--trials",
            "100",
            "--samples",
            "4",
        ],
        2,
    );
    assert!(err.contains("no figure `outcomes.detered`"), "{err}");
}
