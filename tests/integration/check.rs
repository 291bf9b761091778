//! `casus check` and the messages a user sees for a broken file.

use crate::util::{fails, ok, path, temp_scenario};

fn check_fails(rel: &str) -> String {
    fails(&["check", rel], 1)
}

#[test]
fn bundled_and_cross_check_scenarios_are_valid() {
    let mut files = vec!["scenarios/smda-india-pakistan.toml".to_string()];
    for e in std::fs::read_dir(path("tests/scenarios/xcheck")).unwrap() {
        files.push(format!(
            "tests/scenarios/xcheck/{}",
            e.unwrap().file_name().to_string_lossy()
        ));
    }
    let args: Vec<&str> = std::iter::once("check")
        .chain(files.iter().map(String::as_str))
        .collect();
    let out = ok(&args);
    assert_eq!(
        out.lines().filter(|l| l.contains(": ok (")).count(),
        files.len(),
        "{out}"
    );
}

#[test]
fn every_problem_is_reported_at_once_with_line_column_and_hint() {
    let err = check_fails("tests/scenarios/broken/many-problems.toml");
    for (needle, at) in [
        ("unknown key `trails`", "many-problems.toml:3:1"),
        ("`power` must be > 0, got -3", "many-problems.toml:7:9"),
        ("normal sd must be ≥ 0", "many-problems.toml:16:11"),
        ("unknown pact kind `defence`", "many-problems.toml:20:8"),
        ("unknown state `PAKK`", "many-problems.toml:21:12"),
        ("unknown key `reliabilty`", "many-problems.toml:22:1"),
        (
            "`reliability` must be between 0 and 1, got 2",
            "many-problems.toml:32:35",
        ),
        ("no state `TUR`", "many-problems.toml:32:38"),
    ] {
        let i = err
            .find(needle)
            .unwrap_or_else(|| panic!("missing `{needle}` in:\n{err}"));
        let after = &err[i..];
        let line = after.lines().nth(1).unwrap_or_default();
        assert!(
            line.contains(at),
            "`{needle}` should point at {at}, got {line:?}\n{err}"
        );
    }
    for hint in [
        "did you mean `trials`?",
        "did you mean `defense`?",
        "did you mean `PAK`?",
        "did you mean `reliability`?",
    ] {
        assert!(err.contains(hint), "missing hint {hint}:\n{err}");
    }
    assert!(err.contains("8 problems"), "{err}");
}

#[test]
fn a_syntax_error_points_at_its_place() {
    let err = check_fails("tests/scenarios/broken/syntax.toml");
    assert!(err.contains("syntax.toml:7:"), "{err}");
}

#[test]
fn references_and_cross_field_rules_are_checked() {
    let err = check_fails("tests/scenarios/broken/references.toml");
    for needle in ["hormuz", "`IND`", "base"] {
        assert!(err.contains(needle), "missing {needle}:\n{err}");
    }
    // duplicate relation (either order), challenger == target, shares > 1, reserved variant name
    assert!(err.matches("error:").count() >= 5, "{err}");
}

#[test]
fn check_takes_many_files_and_fails_if_any_is_bad() {
    let err = fails(
        &[
            "check",
            "scenarios/smda-india-pakistan.toml",
            "tests/scenarios/broken/syntax.toml",
        ],
        1,
    );
    assert!(err.contains("syntax.toml"), "{err}");
}

#[test]
fn the_readme_example_is_a_valid_scenario_fragment() {
    // The tour in README.md must stay true: its TOML block, completed with the
    // states it mentions, validates.
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml block") + 8;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let extra = ["IND", "SAU", "TUR", "CHN"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                "[[state]]\nid = \"{id}\"\npower = 10\neconomy = 100\nposition = [{}, 60]\n\n",
                20 + i
            )
        })
        .collect::<String>();
    let file = temp_scenario("readme.toml", &format!("{extra}{block}"));
    let out = ok(&["check", file.to_str().unwrap()]);
    assert!(out.contains("ok (2 variants: base, trilateral)"), "{out}");
}

#[test]
fn binary_garbage_is_refused_cleanly() {
    let file = temp_scenario("garbage.toml", "\u{0}\u{1}[[[[[[[[[[\"\u{7f}");
    let err = fails(&["check", file.to_str().unwrap()], 1);
    assert!(err.contains("garbage.toml"), "{err}");
}

#[test]
fn deep_nesting_is_refused_with_the_limit_named() {
    let src = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let file = temp_scenario("deep.toml", &src);
    let err = fails(&["check", file.to_str().unwrap()], 1);
    assert!(err.contains("MAX_NESTING_DEPTH"), "{err}");
    assert!(
        err.contains("raise the constant and rebuild"),
        "says how to raise it: {err}"
    );
}
