//! `casus trace`: one trial, step by step.

use crate::util::ok;

#[test]
fn a_trace_tells_the_story_of_a_trial() {
    // Find a trial that is a war, then check its story has the parts a reader needs.
    for k in 0..50 {
        let text = ok(&[
            "trace",
            "scenarios/smda-india-pakistan.toml",
            "--trial",
            &k.to_string(),
        ]);
        assert!(text.contains("weighs attacking"), "{text}");
        assert!(text.contains("the trial ends"), "{text}");
        if text.contains("it attacks") {
            assert!(
                text.contains("step 1:") && text.contains("combat:"),
                "{text}"
            );
            return;
        }
    }
    panic!("no war in 50 trials of the bundled scenario");
}

#[test]
fn a_trace_as_json_has_one_line_per_event() {
    let out = ok(&[
        "trace",
        "scenarios/smda-india-pakistan.toml",
        "--trial",
        "3",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["trial"], 3);
    let lines = v["lines"].as_array().unwrap();
    assert!(lines.iter().any(|l| l["kind"] == "deterrence"));
    assert_eq!(lines.last().unwrap()["kind"], "end");
}

#[test]
fn a_trace_agrees_with_the_run() {
    // Trial K in `trace` is trial K of `run`: a one-trial run and the trace
    // of trial 0 end the same way.
    let story = ok(&[
        "trace",
        "scenarios/smda-india-pakistan.toml",
        "--trial",
        "0",
        "--seed",
        "5",
    ]);
    let run = crate::util::json(&[
        "run",
        "scenarios/smda-india-pakistan.toml",
        "--trials",
        "1",
        "--seed",
        "5",
        "--variant",
        "base",
    ]);
    let outcomes = run["variants"][0]["outcomes"].as_object().unwrap();
    let (name, _) = outcomes
        .iter()
        .find(|(_, p)| p["p"].as_f64() == Some(1.0))
        .expect("one outcome");
    assert!(
        story.contains(&format!("the trial ends: {name}")),
        "{story}"
    );
}
