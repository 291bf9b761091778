//! Inputs that must not crash, hang or exhaust memory: every one gets clean
//! problems.

use proptest::prelude::*;

use super::{FULL, MINIMAL, problems};
use crate::limits::{MAX_FILE_BYTES, MAX_STATES, MAX_VARIANTS};
use crate::{parse, render};

/// Parses and renders: neither may panic.
fn survive(src: &str) {
    if let Err(ps) = parse(src) {
        assert!(!ps.is_empty());
        let out = render("fuzz.toml", src, &ps);
        assert!(out.contains("error: "));
        for p in &ps {
            let _ = p.line_col(src);
        }
    }
}

#[test]
fn a_million_open_brackets() {
    let src = format!("a = {}", "[".repeat(1_000_000));
    let ps = problems(&src);
    assert_eq!(ps.len(), 1);
    assert!(
        ps[0].message.contains("limit MAX_NESTING_DEPTH = 32"),
        "{}",
        ps[0].message
    );
    let headers = "[".repeat(1_000_000);
    assert!(problems(&headers)[0].message.contains("MAX_NESTING_DEPTH"));
}

#[test]
fn deeply_nested_inline_tables_and_dotted_keys() {
    let deep = format!("a = {}1{}", "{ b = ".repeat(100_000), " }".repeat(100_000));
    assert!(problems(&deep)[0].message.contains("MAX_NESTING_DEPTH"));
    let dotted = format!("{} = 1", vec!["a"; 100_000].join("."));
    assert!(problems(&dotted)[0].message.contains("MAX_NESTING_DEPTH"));
    // Just under the limit: parsed, and rejected for what it says.
    let ok_depth = format!(
        "{MINIMAL}[model]\nx = {}1{}\n",
        "{ b = ".repeat(20),
        " }".repeat(20)
    );
    let ps = problems(&ok_depth);
    assert!(ps[0].message.contains("unknown key `x`"), "{:?}", ps[0]);
    // Nested arrays inside a distribution.
    let arrays = format!(
        "{MINIMAL}horizon = {{ normal = {}1{} }}\n",
        "[".repeat(25),
        "]".repeat(25)
    );
    survive(&arrays);
}

#[test]
fn a_huge_file_is_refused_before_parsing() {
    let src = format!("# {}\n", "x".repeat(MAX_FILE_BYTES));
    let ps = problems(&src);
    assert_eq!(ps.len(), 1);
    assert!(ps[0].whole_file);
    assert!(ps[0].message.contains("limit MAX_FILE_BYTES = 8388608"));
}

#[test]
fn too_many_states() {
    let mut src = String::from(MINIMAL);
    for i in 0..MAX_STATES {
        src.push_str(&format!(
            "[[state]]\nid = \"S{i}\"\npower = 1\neconomy = 1\nposition = [0, 0]\n"
        ));
    }
    let ps = problems(&src);
    assert_eq!(ps.len(), 1, "{:?}", &ps[..ps.len().min(3)]);
    assert_eq!(
        ps[0].message,
        format!("too many `state` entries: {}", MAX_STATES + 2)
    );
    assert_eq!(ps[0].label, "limit MAX_STATES = 2000");
}

#[test]
fn too_many_variants() {
    let mut src = String::from(MINIMAL);
    for i in 0..=MAX_VARIANTS {
        src.push_str(&format!("[[variant]]\nname = \"v{i}\"\n"));
    }
    let ps = problems(&src);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].label, "limit MAX_VARIANTS = 100");
}

#[test]
fn many_variants_of_a_big_world_hit_the_memory_budget() {
    let mut src = String::from(MINIMAL);
    for i in 0..MAX_STATES - 2 {
        src.push_str(&format!(
            "[[state]]\nid = \"S{i}\"\npower = 1\neconomy = 1\nposition = [0, 0]\n"
        ));
    }
    for i in 0..9 {
        src.push_str(&format!("[[variant]]\nname = \"v{i}\"\n"));
    }
    let ps = problems(&src);
    assert_eq!(ps.len(), 1, "{}", render("t", &src, &ps[..ps.len().min(3)]));
    assert_eq!(
        ps[0].message,
        "variant `v7` makes the file too large to hold in memory"
    );
    assert!(
        ps[0]
            .help
            .as_deref()
            .unwrap()
            .contains("MAX_TOTAL_AFFINITY_CELLS = 33554432")
    );
}

#[test]
fn many_typos_stay_fast() {
    // 10 000 misspelt references to 20 000 links: "did you mean" would
    // compare 2e8 pairs; the budget stops it.
    let mut src = String::from(MINIMAL);
    for i in 0..20_000 {
        src.push_str(&format!("[[supply]]\nid = \"link-{i:05}\"\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"arms\"\nshare = 0\n"));
    }
    for i in 0..10_000 {
        src.push_str(&format!(
            "[[event]]\nat = 1\nkind = \"lift\"\nlink = \"lnk-{i:05}\"\n"
        ));
    }
    let start = std::time::Instant::now();
    let ps = problems(&src);
    assert_eq!(ps.len(), crate::limits::MAX_PROBLEMS + 1);
    assert!(ps.last().unwrap().message.contains("limit MAX_PROBLEMS"));
    // Seconds in a debug build; without the budget, hours.
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    assert_eq!(ps[0].help.as_deref(), Some("did you mean `link-00000`?"));
}

#[test]
fn odd_but_harmless_inputs() {
    for src in [
        "",
        "\u{feff}",
        "\0",
        "[",
        "]]]]",
        "a = \"\u{1F600}\"\n[[state]]\nid = \"\u{1F600}\"",
        "[[state]]\n[[state]]\n[[state]]\n",
        "state = 3",
        "state = [1, 2]",
        "crisis = []",
        "[[variant]]\nset = { \"state.X.power\" = 1 }",
        "[[variant]]\nname = \"v\"\nset = { \"state.X.position[99999999999]\" = 1 }",
        "[[variant]]\nname = \"v\"\nremove = { relation = [\"nohyphen\"] }",
        "[[variant]]\nname = \"v\"\nadd = 3\nremove = []\nset = []",
        "[scenario]\nseed = 0xFFFFFFFFFFFFFFFF\nlevel = nan",
        "[[event]]\nat = inf\nkind = \"ceasefire-offer\"\nstrength = -inf",
        "[crisis]\ntheatre = [{ normal = [1e308, 1e308] }, { lognormal = [1, 20] }]\nhorizon = { normal = [1e300, 1] }",
        "é = 1\n\t[x]\n\tb = 'ü",
        "a = \"\"\"\nunterminated",
        // Relations but no states: placeholder indices must never reach
        // the affinity matrix.
        "[[relation]]\na = \"X\"\nb = \"Y\"\naffinity = 0.1\n",
        "[[relation]]\na = 1\nb = 2\naffinity = 0.1\n[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"A\", \"B\"]\n[[supply]]\nfrom = \"A\"\nto = \"B\"\nkind = \"arms\"\nshare = 2\n[[event]]\nat = 1\nkind = \"exit\"\nstate = \"A\"\npact = \"q\"\n",
    ] {
        survive(src);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_arbitrary_strings(src in ".{0,400}") {
        survive(&src);
    }

    #[test]
    fn parse_never_panics_on_toml_like_strings(src in "[\\[\\]{}=\".,a-z0-9 \\n#'-]{0,300}") {
        survive(&src);
    }

    #[test]
    fn parse_never_panics_on_mutations_of_a_valid_file(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8)
    ) {
        let mut bytes = FULL.as_bytes().to_vec();
        for (at, op, b) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, b),
            }
        }
        let src = String::from_utf8_lossy(&bytes);
        survive(&src);
    }
}
