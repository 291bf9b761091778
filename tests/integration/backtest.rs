//! `casus backtest` on the real datasets, read from `../shared/data/` (next
//! to the repository; CI has them there, and they are never committed).

use serde_json::Value;

use crate::util::{casus, fails, ok, root, temp_scenario};

/// A dataset file under `../shared/data/`.
fn data(rel: &str) -> String {
    root()
        .join("../shared/data")
        .join(rel)
        .display()
        .to_string()
}

/// The dataset flags, MID cases from COW MIDB 5.0; `None` (the test is
/// skipped, with a message) when the datasets are absent, except under CI,
/// which always has them: there a missing dataset fails the test.
fn inputs() -> Option<Vec<String>> {
    let files = [
        ("--atop", "peacesciencer/atop_alliance.csv"),
        ("--nmc", "peacesciencer/cow_nmc.csv"),
        ("--capitals", "peacesciencer/cow_capitals.csv"),
        ("--mid", "cow_mid5/MIDB 5.0.csv"),
    ];
    if let Some((_, missing)) = files
        .iter()
        .find(|(_, rel)| !root().join("../shared/data").join(rel).is_file())
    {
        let msg = format!(
            "{} is missing: the back-test tests read the datasets from ../shared/data/ (see docs/validation.md)",
            data(missing)
        );
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipped: {msg}");
        return None;
    }
    let mut args = vec!["backtest".to_string()];
    for (flag, rel) in files {
        args.push(flag.into());
        args.push(data(rel));
    }
    Some(args)
}

fn run_with(mut args: Vec<String>, extra: &[&str]) -> String {
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&refs)
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Every score of an evaluation is in its range and the calibration table
/// accounts for every case.
fn check_scores(e: &Value) {
    let s = &e["scores"];
    let n = s["n"].as_u64().unwrap();
    let label = format!("{} fitted={}", e["split"], e["fitted"]);
    assert!(n > 0, "{label}: no case scored");
    let brier = f(&s["brier"]);
    assert!((0.0..=1.0).contains(&brier), "{label}: Brier {brier}");
    let auc = f(&s["auc"]);
    assert!((0.0..=1.0).contains(&auc), "{label}: AUC {auc}");
    assert!(f(&s["log_score"]) >= 0.0);
    let rate = f(&s["base_rate"]);
    assert_eq!(
        rate,
        s["positives"].as_u64().unwrap() as f64 / n as f64,
        "{label}"
    );
    // skill = 1 − Brier / Brier(base rate)
    let skill = f(&s["skill"]);
    let want = 1.0 - brier / (rate * (1.0 - rate));
    assert!(
        (skill - want).abs() < 1e-9,
        "{label}: skill {skill} vs {want}"
    );
    for key in ["skill_interval", "skill_interval_wars"] {
        let i = &s[key];
        assert!(f(&i["lo"]) <= f(&i["hi"]), "{label}: {key} {i}");
    }
    let bins = s["calibration"].as_array().unwrap();
    assert_eq!(bins.len(), 10);
    let counted: u64 = bins.iter().map(|b| b["n"].as_u64().unwrap()).sum();
    assert_eq!(counted, n, "{label}: calibration counts");
    let positives: u64 = bins.iter().map(|b| b["positives"].as_u64().unwrap()).sum();
    assert_eq!(positives, s["positives"].as_u64().unwrap());
}

#[test]
fn mid_cases_are_scored_and_the_report_does_not_depend_on_threads() {
    let Some(args) = inputs() else { return };
    let extra = [
        "--trials",
        "200",
        "--bootstrap",
        "300",
        "--cutoff",
        "1980",
        "--format",
        "json",
    ];
    let one = run_with(args.clone(), &[&extra[..], &["--threads", "1"]].concat());
    let two = run_with(args, &[&extra[..], &["--threads", "2"]].concat());
    assert_eq!(one, two, "the report changed with the thread count");
    let r: Value = serde_json::from_str(&one).expect("valid JSON");
    let cases = r["cases"].as_u64().unwrap();
    assert!(cases >= 100, "only {cases} MID cases");
    assert!(r["wars_played"].as_u64().unwrap() >= 30);
    assert_eq!(r["cutoff"], 1980);
    let preds = r["predictions"].as_array().unwrap();
    assert_eq!(preds.len() as u64, cases);
    for p in preds {
        let x = f(&p["forecast"]);
        assert!((0.0..=1.0).contains(&x), "{p}");
        assert!(p["observed"].is_boolean());
    }
    let evals = r["evaluations"].as_array().unwrap();
    assert_eq!(evals.len(), 2);
    assert_eq!(evals[0]["split"], "train");
    assert_eq!(evals[1]["split"], "test");
    let scored: u64 = evals
        .iter()
        .map(|e| e["scores"]["n"].as_u64().unwrap())
        .sum();
    assert_eq!(scored, cases);
    for e in evals {
        check_scores(e);
    }
    // the out-of-sample set is compared with the training base rate too
    assert!(evals[1]["scores"]["skill_vs_training_rate"].is_number());
}

#[test]
fn fit_reports_out_of_sample_skill_and_csv_has_a_row_per_case() {
    let Some(args) = inputs() else { return };
    let text = run_with(
        args.clone(),
        &["--fit", "--trials", "25", "--bootstrap", "200"],
    );
    for want in [
        "cut-off 1980",
        "test, fitted",
        "fitted on the training cases",
        "reliability.defense.from_1945",
        "calibration (test, fitted)",
        "largest misses",
    ] {
        assert!(text.contains(want), "no `{want}` in:\n{text}");
    }
    let csv = run_with(
        args,
        &["--trials", "25", "--bootstrap", "10", "--format", "csv"],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "case_id,year,target,target_name,attackers,partner,partner_name,observed,split,forecast,forecast_fitted"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() >= 100);
    assert!(
        rows.iter()
            .any(|r| r.starts_with("3957-690-670,1990,690,Kuwait,645,670,Saudi Arabia,1,all,"))
    );
}

#[test]
fn a_case_list_is_scored_and_unknown_outcomes_are_forecast_only() {
    let cases = temp_scenario(
        "backtest-cases.csv",
        "case_id,year,target,attackers,partner,observed\n\
         gulf-sau,1990,690,645,670,1\n\
         gulf-egy,1990,690,645,651,1\n\
         gulf-jor,1990,690,645,663,0\n\
         ogaden-ken,1977,530,520,501,\n",
    );
    let Some(mut args) = inputs() else { return };
    args.truncate(7);
    args.extend(
        [
            "--cases",
            cases.to_str().unwrap(),
            "--trials",
            "100",
            "--format",
            "json",
        ]
        .map(String::from),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r: Value = serde_json::from_str(&ok(&refs)).unwrap();
    assert_eq!(r["cases"], 4);
    assert_eq!(r["wars"], 2);
    let s = &r["evaluations"][0]["scores"];
    assert_eq!(s["n"], 3, "the case without an outcome is not scored");
    let p = &r["predictions"][3];
    assert_eq!(p["partner_name"], "Kenya");
    assert!(p["observed"].is_null());
    assert!(f(&p["forecast"]) <= 1.0);
    // the same as a self-contained page with the calibration plot
    let n = args.len();
    args[n - 1] = "html".into();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let page = ok(&refs);
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<svg") && page.contains("Kenya"));
}

#[test]
fn bad_inputs_are_reported() {
    let Some(inputs) = inputs() else { return };
    // both case sources: a command-line error
    let mut args = inputs.clone();
    args.extend(["--cases".into(), "x.csv".into()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    fails(&refs, 2);
    // a file without the columns it needs: an input error naming the column
    let bad = temp_scenario("backtest-bad.csv", "a,b\n1,2\n");
    let mut args = inputs;
    args[2] = bad.display().to_string();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = fails(&refs, 1);
    assert!(err.contains("ccode1"), "{err}");
    let out = casus(&["backtest", "--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--cutoff"));
}
