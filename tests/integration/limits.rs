//! Hostile and oversized input: every limit is refused with a message that
//! names the limit and its value and points at file:line:column, and no
//! input crashes the reader (reproducers of what fuzzing found live here).

use std::path::Path;

use crate::util::{fails, temp_scenario};

const BASE: &str = r#"[scenario]
name = "limits"

[[state]]
id = "AAA"
power = 10
economy = 100
position = [30.0, 70.0]

[[state]]
id = "BBB"
power = 10
economy = 100
position = [30.0, 76.0]

[crisis]
challenger = "AAA"
target = "BBB"
theatre = [30.0, 76.0]
stakes = 0.5
"#;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `casus check` on `src` fails; its message must contain every needle.
fn refused(name: &str, src: &str, needles: &[&str]) -> String {
    let p = temp_scenario(name, src);
    let err = fails(&["check", s(&p)], 1);
    for n in needles {
        assert!(err.contains(n), "{name}: missing `{n}` in:\n{err}");
    }
    err
}

/// `file:line:column` of the `n`-th (from 1) line that is exactly `line`.
fn at(file: &str, src: &str, line: &str, n: usize, col: usize) -> String {
    let no = src
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == line)
        .nth(n - 1)
        .map(|(i, _)| i + 1)
        .expect("line in source");
    format!("{file}:{no}:{col}")
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let src = format!("{BASE}#{}\n", "x".repeat(8 * 1024 * 1024));
    let p = temp_scenario("huge.toml", &src);
    for cmd in ["check", "run"] {
        let err = fails(&[cmd, s(&p)], 1);
        assert!(
            err.contains("MAX_FILE_BYTES = 8388608") && err.contains("huge.toml"),
            "{err}"
        );
    }
}

#[test]
fn too_many_states_pacts_and_links() {
    let states: String = (0..2001)
        .map(|i| {
            format!("\n[[state]]\nid = \"S{i}\"\npower = 1\neconomy = 1\nposition = [0.0, 0.0]\n")
        })
        .collect();
    let src = format!("{BASE}{states}");
    // Two states in BASE, so the 1999th added one is the 2001st.
    let loc = at("states.toml", &src, "[[state]]", 2001, 1);
    refused(
        "states.toml",
        &src,
        &["too many `state` entries", "limit MAX_STATES = 2000", &loc],
    );

    let pacts: String = (0..10_001)
        .map(|i| {
            format!("\n[[pact]]\nid = \"p{i}\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\n")
        })
        .collect();
    let src = format!("{BASE}{pacts}");
    let loc = at("pacts.toml", &src, "[[pact]]", 10_001, 1);
    refused(
        "pacts.toml",
        &src,
        &["too many `pact` entries", "limit MAX_PACTS = 10000", &loc],
    );

    let links: String = (0..100_001)
        .map(|i| format!("\n[[supply]]\nid = \"l{i}\"\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"arms\"\nshare = 0.000001\n"))
        .collect();
    let src = format!("{BASE}{links}");
    let loc = at("links.toml", &src, "[[supply]]", 100_001, 1);
    refused(
        "links.toml",
        &src,
        &[
            "too many `supply` entries",
            "limit MAX_LINKS = 100000",
            &loc,
        ],
    );
}

#[test]
fn horizon_over_its_limit() {
    let src = BASE.replace("stakes = 0.5", "stakes = 0.5\nhorizon = 20000");
    refused(
        "horizon.toml",
        &src,
        &[
            "`horizon` must be a whole number between 1 and 10000, got 20000",
            "horizon.toml:21:11",
        ],
    );
}

#[test]
fn trials_out_of_range_on_the_command_line_and_in_the_file() {
    let p = temp_scenario("trials.toml", BASE);
    for bad in ["0", "4294967296"] {
        let err = fails(&["run", s(&p), "--trials", bad], 2);
        assert!(
            err.contains(&format!(
                "--trials must be between 1 and 4294967295, got {bad}"
            )),
            "{err}"
        );
    }
    let src = BASE.replace(
        "name = \"limits\"",
        "name = \"limits\"\ntrials = 5000000000",
    );
    let p = temp_scenario("trials-file.toml", &src);
    // Out of range in the file, it is a problem of the file, at its span, for
    // every command (as `trials = 0` is): `check` finds it too.
    for args in [vec!["check", s(&p)], vec!["run", s(&p), "--trials", "10"]] {
        let err = fails(&args, 1);
        assert!(
            err.contains("trials-file.toml:3:10")
                && err.contains(
                    "`trials` must be between 1 and 4294967295 (a trial's index keys its \
                     random streams in 32 bits), got 5000000000"
                ),
            "{err}"
        );
    }
}

#[test]
fn sweep_points_over_their_limit() {
    let p = temp_scenario("sweep.toml", BASE);
    let err = fails(
        &["sweep", s(&p), "--set", "crisis.stakes=0.1:0.9:100000000"],
        2,
    );
    assert!(err.contains("MAX_SWEEP_POINTS = 10000"), "{err}");
    // Two axes of 101 points: 10201 in all.
    let err = fails(
        &[
            "sweep",
            s(&p),
            "--set",
            "crisis.stakes=0.1:0.9:101",
            "--set",
            "state.AAA.power=1:20:101",
        ],
        2,
    );
    assert!(
        err.contains("10201 points, over MAX_SWEEP_POINTS = 10000"),
        "{err}"
    );
}

#[test]
fn distribution_parameters_nan_infinite_negative_sigma_and_reversed_bounds() {
    let with = |value: &str| BASE.replacen("power = 10", &format!("power = {value}"), 1);
    for (name, value, needle) in [
        (
            "nan.toml",
            "nan",
            "`power` must be a finite number, got NaN",
        ),
        (
            "nan-normal.toml",
            "{ normal = [nan, 1] }",
            "normal parameters must be finite numbers",
        ),
        (
            "inf.toml",
            "{ uniform = [1, inf] }",
            "uniform bounds must be finite numbers",
        ),
        (
            "ninf.toml",
            "{ normal = [-inf, 1] }",
            "normal parameters must be finite numbers",
        ),
        (
            "sigma.toml",
            "{ normal = [10, -2] }",
            "normal sd must be ≥ 0, got -2",
        ),
        (
            "lohi.toml",
            "{ uniform = [12, 8] }",
            "uniform needs lo ≤ hi, got [12, 8]",
        ),
    ] {
        refused(name, &with(value), &[needle, &format!("{name}:6:9")]);
    }
}

#[test]
fn nesting_deeper_than_the_limit() {
    let deep = format!("{BASE}x = {}{}\n", "[".repeat(40), "]".repeat(40));
    refused(
        "deep.toml",
        &deep,
        &[
            "nest more than 32 levels deep",
            "limit MAX_NESTING_DEPTH = 32",
            "deep.toml:21:37",
        ],
    );
    // A million brackets cost one linear scan, not a stack overflow.
    let deeper = format!("{BASE}x = {}\n", "{ a = ".repeat(1_000_000));
    refused("deeper.toml", &deeper, &["limit MAX_NESTING_DEPTH = 32"]);
}
