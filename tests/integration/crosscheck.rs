//! casus against an independent implementation of MODEL.md.
//!
//! `tools/reference/casus_ref.py` was written from MODEL.md alone, without
//! reading casus's code; `tools/reference/results/` holds its reports
//! (20,000 trials per variant; regenerate with `tools/reference/regenerate.sh`
//! after a deliberate change to the model). Every figure casus reports for
//! the same file and variant must agree with it within |z| ≤ 4 — the
//! criterion `tools/reference/zcompare.py` applies to each proportion and
//! mean, with standard errors from both reports.

use std::process::Command;

use crate::util::{ok, path, root, temp_file};

#[test]
fn every_figure_agrees_with_the_reference_implementation() {
    let dir = path("tools/reference/results");
    let mut compared = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for reference in entries {
        let name = reference.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let (file, variant) = stem
            .split_once('.')
            .expect("results are named FILE.VARIANT.json");
        let scenario = ["tests/scenarios/xcheck", "scenarios"]
            .iter()
            .map(|d| format!("{d}/{file}.toml"))
            .find(|p| path(p).exists())
            .unwrap_or_else(|| panic!("no scenario for {name}"));
        let refjson: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&reference).unwrap()).unwrap();
        let seed = refjson["seed"].as_u64().expect("seed").to_string();
        let trials = refjson["trials"].as_u64().expect("trials").to_string();
        let out = temp_file("xcheck", &name);
        ok(&[
            "run",
            &scenario,
            "--variant",
            variant,
            "--seed",
            &seed,
            "--trials",
            &trials,
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ]);
        let z = Command::new("python3")
            .arg("tools/reference/zcompare.py")
            .arg(&*out)
            .arg(&reference)
            .arg("--quiet")
            .current_dir(root())
            .output()
            .expect("python3 runs (CI installs it)");
        compared += 1;
        if !z.status.success() {
            failures.push(format!("{stem}:\n{}", String::from_utf8_lossy(&z.stdout)));
        }
    }
    assert!(
        compared >= 6,
        "expected reference results for every cross-check scenario, found {compared}"
    );
    assert!(
        failures.is_empty(),
        "figures disagree beyond |z| = 4:\n{}",
        failures.join("\n")
    );
}
