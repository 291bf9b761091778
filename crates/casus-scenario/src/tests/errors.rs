//! One test per class of problem: its message, and its exact place.
//!
//! Most cases append text to [`MINIMAL`] (17 lines), so the appended text
//! starts on line 18.

use super::{MINIMAL, problems, the};
use crate::render;

/// A third valid state, lines 18–22 when appended to [`MINIMAL`].
const CCC: &str = "[[state]]\nid = \"CCC\"\npower = 1\neconomy = 1\nposition = [0, 0]\n";

/// [`MINIMAL`] + `extra`; asserts the one problem containing `needle` is
/// at `line:col` and returns its help.
#[track_caller]
fn case(extra: &str, needle: &str, line: usize, col: usize) -> Option<String> {
    let src = format!("{MINIMAL}{extra}");
    let (p, at) = the(&src, needle);
    assert_eq!(
        at,
        (line, col),
        "{needle}:\n{}",
        render("t.toml", &src, std::slice::from_ref(&p))
    );
    p.help
}

#[test]
fn toml_syntax_error_is_one_problem_at_its_place() {
    let src = format!("{MINIMAL}x = [1,\ny = 2\n");
    let ps = problems(&src);
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert!(
        ps[0].message.starts_with("TOML syntax: "),
        "{}",
        ps[0].message
    );
    assert_eq!(ps[0].line_col(&src), (19, 3));

    let dup = format!("{MINIMAL}stakes = 0.6\n");
    let (p, at) = the(&dup, "TOML syntax: duplicate key");
    assert_eq!(at, (18, 1));
    assert_eq!(p.label, "this key is already defined in this table");
}

#[test]
fn unknown_keys_get_the_nearest_known_key() {
    let help = case("[stat]\n", "unknown key `stat` in a scenario file", 18, 2);
    assert_eq!(help.as_deref(), Some("did you mean `state`?"));
    let help = case(
        &format!("{CCC}powr = 3\n"),
        "unknown key `powr` in a state",
        23,
        1,
    );
    assert_eq!(help.as_deref(), Some("did you mean `power`?"));
    let help = case(
        "stakess = 1\n",
        "unknown key `stakess` in `[crisis]`",
        18,
        1,
    );
    assert_eq!(help.as_deref(), Some("did you mean `stakes`?"));
    let help = case(
        "[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\ndefensive = false\n",
        "unknown key `defensive`",
        22,
        1,
    );
    assert_eq!(help.as_deref(), Some("did you mean `defensive_only`?"));
    // Far from anything: the known keys are listed instead.
    let help = case(
        "[model]\nzzz = 1\n",
        "unknown key `zzz` in `[model]`",
        19,
        1,
    )
    .unwrap();
    assert!(
        help.contains("`attrition`") && help.contains("`intensity`"),
        "{help}"
    );
}

#[test]
fn unknown_keys_in_sub_tables() {
    let src = format!(
        "{MINIMAL}[[supply]]\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"arms\"\nshare = 0.1\nembargo = {{ wen = \"never\" }}\n"
    );
    let (p, at) = the(&src, "unknown key `wen` in `embargo`");
    assert_eq!(at, (23, 13));
    assert_eq!(p.help.as_deref(), Some("did you mean `when`?"));
    let src = format!("{CCC}nuclear = {{ warheads = 1, treshold = 0.5 }}\n");
    let help = case(&src, "unknown key `treshold` in `nuclear`", 23, 27);
    assert_eq!(help.as_deref(), Some("did you mean `threshold`?"));
}

#[test]
fn wrong_types_say_what_was_expected() {
    case(
        &format!("{CCC}reach = \"far\"\n"),
        "expected a number or a distribution for `reach`, found a string",
        23,
        9,
    );
    case(
        &format!("{CCC}name = 3\n"),
        "expected a string for `name`, found an integer",
        23,
        8,
    );
    case(
        "assume_attack = \"yes\"\n",
        "expected `true` or `false` for `assume_attack`, found a string",
        18,
        17,
    );
    case(
        &format!("{CCC}reach = 1979-05-27\n"),
        "found a date-time",
        23,
        9,
    );
    case(
        &format!("{CCC}nuclear = 3\n"),
        "expected a table `{ warheads = N, threshold = 0..1 }` for `nuclear`",
        23,
        11,
    );
    case(
        "[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = \"AAA\"\n",
        "expected an array of state ids for `members`, found a string",
        21,
        11,
    );
}

#[test]
fn missing_required_fields_are_reported_at_the_table() {
    case(
        "[[state]]\nid = \"CCC\"\npower = 1\nposition = [0, 0]\n",
        "missing `economy` in a state",
        18,
        1,
    );
    let src = MINIMAL.replace("stakes = 0.5\n", "");
    let (p, at) = the(&src, "missing `stakes` in `[crisis]`");
    assert_eq!(at, (13, 1));
    assert_eq!(p.label, "`[crisis]` needs `stakes`");
    case(
        "[[relation]]\na = \"AAA\"\nb = \"BBB\"\n",
        "missing `affinity` in a relation",
        18,
        1,
    );
    case(
        "[[pact]]\nid = \"p\"\nmembers = [\"AAA\", \"BBB\"]\n",
        "missing `kind` in a pact",
        18,
        1,
    );
    case(
        "[[supply]]\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"arms\"\n",
        "missing `share` in a supply link",
        18,
        1,
    );
    case(
        "[[chokepoint]]\nid = \"x\"\n",
        "missing `controller` in a chokepoint",
        18,
        1,
    );
    case(
        &format!("{CCC}nuclear = {{ warheads = 5 }}\n"),
        "missing `threshold` in `nuclear`",
        23,
        11,
    );
}

#[test]
fn numbers_out_of_range() {
    case(
        &format!("{CCC}resolve = 1.5\n"),
        "`resolve` must be between 0 and 1, got 1.5",
        23,
        11,
    );
    let src = CCC.replace("power = 1", "power = 0");
    case(&src, "`power` must be > 0, got 0", 20, 9);
    case(
        &format!("{CCC}stockpile = -1\n"),
        "`stockpile` must be ≥ 0, got -1",
        23,
        13,
    );
    case(
        &format!("{CCC}reach = inf\n"),
        "`reach` must be a finite number, got inf",
        23,
        9,
    );
    case(
        &format!("{CCC}reach = nan\n"),
        "`reach` must be a finite number, got NaN",
        23,
        9,
    );
    let src = CCC.replace("[0, 0]", "[91, 0]");
    case(
        &src,
        "`position[0]` must be between -90 and 90, got 91",
        22,
        13,
    );
    case(
        &format!("{CCC}nuclear = {{ warheads = 2.5, threshold = 0.5 }}\n"),
        "`warheads` must be a whole number ≥ 0, got 2.5",
        23,
        24,
    );
    case(
        "horizon = 52.5\n",
        "`horizon` must be a whole number between 1 and 10000, got 52.5",
        18,
        11,
    );
    case(
        "horizon = 20000\n",
        "`horizon` must be a whole number between 1 and 10000, got 20000",
        18,
        11,
    );
    case(
        "[[relation]]\na = \"AAA\"\nb = \"BBB\"\naffinity = -1.2\n",
        "`affinity` must be between -1 and 1, got -1.2",
        21,
        12,
    );
    case(
        "[model]\ncollapse = 2\n",
        "`collapse` must be between 0 and 1, got 2",
        19,
        12,
    );
    case(
        "[model]\nentry_lag_p = 0\n",
        "`entry_lag_p` must be > 0 and ≤ 1, got 0",
        19,
        15,
    );
    case(
        "[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\nreliability = 1.1\n",
        "`reliability` must be between 0 and 1",
        22,
        15,
    );
    case(
        &format!("{CCC}reach = 99999999999999999999999\n"),
        "integer `99999999999999999999999` is out of range",
        23,
        9,
    );
}

#[test]
fn distributions_are_checked() {
    let help = case(
        "horizon = { nromal = [50, 5] }\n",
        "unknown distribution `nromal`",
        18,
        13,
    );
    assert_eq!(help.as_deref(), Some("did you mean `normal`?"));
    case(
        "horizon = { normal = [50, 5], uniform = [1, 2] }\n",
        "a distribution has exactly one key, found 2",
        18,
        11,
    );
    case(
        "horizon = {}\n",
        "a distribution has exactly one key, found 0",
        18,
        11,
    );
    case(
        "horizon = { normal = \"50\" }\n",
        "`normal` takes an array of numbers",
        18,
        22,
    );
    case(
        "horizon = { normal = [50, \"5\"] }\n",
        "`normal` takes an array of numbers",
        18,
        22,
    );
    case(
        "horizon = { uniform = [60, 40] }\n",
        "invalid distribution: uniform needs lo ≤ hi, got [60, 40]",
        18,
        11,
    );
    case(
        "horizon = { normal = [nan, 1] }\n",
        "invalid distribution: normal parameters must be finite",
        18,
        11,
    );
    case(
        "horizon = { normal = [50, -1] }\n",
        "invalid distribution: normal sd must be ≥ 0",
        18,
        11,
    );
    case(
        "horizon = { pert = [1, 2] }\n",
        "invalid distribution: `pert` takes 3 numbers, got 2",
        18,
        11,
    );
    case(
        "horizon = { beta = [0, 1] }\n",
        "invalid distribution: beta shapes must be > 0",
        18,
        11,
    );
    case(
        "horizon = { lognormal = [-1, 1] }\n",
        "invalid distribution: lognormal median must be > 0",
        18,
        11,
    );
    // Distributions on whole-number fields are fine (rounded per trial).
    assert!(
        crate::parse(&format!(
            "{MINIMAL}horizon = {{ uniform = [40.5, 60.5] }}\n"
        ))
        .is_ok()
    );
}

#[test]
fn non_numeric_fields_cannot_be_distributions() {
    let src = format!("{MINIMAL}step = {{ normal = [1, 2] }}\n");
    let (p, at) = the(&src, "`step` cannot be a distribution");
    assert_eq!(at, (18, 8));
    assert_eq!(
        p.help.as_deref(),
        Some("only numeric fields may be drawn per trial")
    );
    case(
        "assume_attack = { uniform = [0, 1] }\n",
        "`assume_attack` cannot be a distribution",
        18,
        17,
    );
    let src = MINIMAL.replace("target = \"BBB\"", "target = { uniform = [0, 1] }");
    let (_, at) = the(&src, "`target` cannot be a distribution");
    assert_eq!(at, (15, 10));
    let src = format!("[scenario]\ntrials = {{ uniform = [1, 2] }}\n{MINIMAL}");
    let (p, at) = the(&src, "`trials` cannot be a distribution");
    assert_eq!(at, (2, 10));
    assert!(p.help.unwrap().contains("run settings"));
}

#[test]
fn misspelt_ids_name_the_nearest_id() {
    let src = MINIMAL.replace("target = \"BBB\"", "target = \"BBC\"");
    let (p, at) = the(&src, "unknown state `BBC`");
    assert_eq!(at, (15, 10));
    assert_eq!(p.help.as_deref(), Some("did you mean `BBB`?"));
    assert_eq!(p.label, "not a state of this file");

    let pact = "[[pact]]\nid = \"smda\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\n";
    let help = case(
        &format!("{pact}[[event]]\nat = 1\nkind = \"exit\"\nstate = \"AAA\"\npact = \"smdaa\"\n"),
        "unknown pact `smdaa`",
        26,
        8,
    );
    assert_eq!(help.as_deref(), Some("did you mean `smda`?"));

    let link = "[[supply]]\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"arms\"\nshare = 0.5\n";
    let help = case(
        &format!("{link}[[event]]\np = 0.1\nkind = \"embargo\"\nlink = \"AAA-BBB-arm\"\n"),
        "unknown supply link `AAA-BBB-arm`",
        26,
        8,
    );
    assert_eq!(help.as_deref(), Some("did you mean `AAA-BBB-arms`?"));

    let help = case(
        "[[chokepoint]]\nid = \"straits\"\ncontroller = \"AAA\"\n[[supply]]\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"energy\"\nshare = 0.5\nvia = \"strait\"\n",
        "unknown chokepoint `strait`",
        26,
        7,
    );
    assert_eq!(help.as_deref(), Some("did you mean `straits`?"));

    // Nothing close: the known ids are listed.
    let src = MINIMAL.replace("target = \"BBB\"", "target = \"ZZZ\"");
    let (p, _) = the(&src, "unknown state `ZZZ`");
    assert_eq!(p.help.as_deref(), Some("the states are `AAA`, `BBB`"));
}

#[test]
fn duplicate_ids() {
    let src =
        format!("{MINIMAL}[[state]]\nid = \"AAA\"\npower = 1\neconomy = 1\nposition = [0, 0]\n");
    let (p, at) = the(&src, "duplicate state id `AAA`");
    assert_eq!(at, (19, 6));
    assert_eq!(p.related[0].message, "first defined here");
    assert_eq!(p.related[0].span, 15..20);

    let pact = "[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\n";
    case(&format!("{pact}{pact}"), "duplicate pact id `p`", 23, 6);

    let link = "[[supply]]\nfrom = \"AAA\"\nto = \"BBB\"\nkind = \"arms\"\nshare = 0.1\n";
    let help = case(
        &format!("{link}{link}"),
        "two supply links have the same default id `AAA-BBB-arms`",
        23,
        1,
    );
    assert_eq!(
        help.as_deref(),
        Some("give each an explicit `id` (MODEL.md §5.18)")
    );
    let src = format!("{link}id = \"x\"\n{link}id = \"x\"\n");
    case(&src, "duplicate supply link id `x`", 29, 6);

    let ev = "[[event]]\nid = \"e\"\nat = 1\nkind = \"ceasefire-offer\"\nstrength = 1\n";
    case(&format!("{ev}{ev}"), "duplicate event id `e`", 24, 6);
}

#[test]
fn relations() {
    let rel =
        |a: &str, b: &str| format!("[[relation]]\na = \"{a}\"\nb = \"{b}\"\naffinity = 0.1\n");
    let src = format!("{}{}", rel("AAA", "BBB"), rel("BBB", "AAA"));
    let help = case(
        &src,
        "the relation of `BBB` and `AAA` is listed twice",
        22,
        1,
    );
    assert!(help.unwrap().contains("either order"));
    let help = case(&rel("AAA", "AAA"), "a relation of `AAA` with itself", 20, 5);
    assert_eq!(
        help.as_deref(),
        Some("a state's affinity with itself is always 1")
    );
}

#[test]
fn pacts() {
    let pact = |members: &str, more: &str| {
        format!("[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = {members}\n{more}")
    };
    case(
        &pact("[\"AAA\"]", ""),
        "a pact needs at least 2 members, found 1",
        21,
        11,
    );
    let (p, at) = {
        let src = format!("{MINIMAL}{}", pact("[\"AAA\", \"BBB\", \"AAA\"]", ""));
        the(&src, "`AAA` is listed twice in `members`")
    };
    assert_eq!(at, (21, 26));
    assert_eq!(p.related[0].message, "first listed here");
    case(
        &pact("[\"AAA\", \"BBB\"]", "adversaries = [\"AAA\", \"AAA\"]\n"),
        "`AAA` is listed twice in `adversaries`",
        22,
        23,
    );
    let src = format!(
        "{CCC}{}",
        pact("[\"AAA\", \"BBB\"]", "contributions = { CCC = \"arms\" }\n")
    );
    let help = case(&src, "`CCC` is not a member of pact `p`", 27, 19);
    assert_eq!(
        help.as_deref(),
        Some("add `CCC` to `members`, or remove it here")
    );
    case(
        &pact(
            "[\"AAA\", \"BBB\"]",
            "contributions = { AAA = \"money\" }\n",
        ),
        "unknown support `money`",
        22,
        25,
    );
}

#[test]
fn supply_links() {
    let link = |from: &str, to: &str, share: &str, id: &str| {
        format!(
            "[[supply]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nkind = \"arms\"\nshare = {share}\n"
        )
    };
    case(
        &link("AAA", "AAA", "0.1", "x"),
        "a supply link from `AAA` to itself",
        21,
        6,
    );
    let src = format!(
        "{}{}",
        link("AAA", "BBB", "0.6", "x"),
        link("AAA", "BBB", "{ uniform = [0.4, 0.6] }", "y")
    );
    let (p, at) = the(
        &format!("{MINIMAL}{src}"),
        "the supply shares of `BBB` sum to 1.1, more than 1",
    );
    assert_eq!(at, (29, 9));
    assert_eq!(p.related.len(), 1);
    assert!(p.help.unwrap().contains("mean"));
    // Exactly 1 is fine, floating-point noise included.
    let ok = format!(
        "{MINIMAL}{}{}{}",
        link("AAA", "BBB", "0.1", "x"),
        link("AAA", "BBB", "0.2", "y"),
        link("AAA", "BBB", "0.7", "z")
    );
    assert!(crate::parse(&ok).is_ok());
}

#[test]
fn id_syntax() {
    let src =
        format!("{MINIMAL}[[state]]\nid = \"ccc\"\npower = 1\neconomy = 1\nposition = [0, 0]\n");
    let (p, at) = the(&src, "invalid state id `ccc`");
    assert_eq!(at, (19, 6));
    assert_eq!(p.help.as_deref(), Some("did you mean `CCC`?"));
    let src =
        format!("{MINIMAL}[[state]]\nid = \"C\"\npower = 1\neconomy = 1\nposition = [0, 0]\n");
    let (p, _) = the(&src, "invalid state id `C`");
    assert!(p.help.unwrap().contains("1 to 15"));
    let help = case(
        "[[pact]]\nid = \"smda.v2\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\n",
        "invalid id `smda.v2`",
        19,
        6,
    );
    assert!(help.unwrap().contains("no dots"));
    case(
        "[[event]]\nid = \"my event\"\nat = 1\nkind = \"ceasefire-offer\"\nstrength = 1\n",
        "invalid id `my event`",
        19,
        6,
    );
}

#[test]
fn the_crisis() {
    let src = MINIMAL.replace("target = \"BBB\"", "target = \"AAA\"");
    let (_, at) = the(&src, "`AAA` is both challenger and target");
    assert_eq!(at, (15, 10));

    let src = MINIMAL.split("[crisis]").next().unwrap().to_owned();
    let (p, at) = the(&src, "missing `[crisis]`");
    assert!(p.whole_file);
    assert_eq!(at, (1, 1));
    assert!(render("t.toml", &src, &[p]).contains(" --> t.toml\n"));

    let src = "[crisis]\nchallenger = \"AAA\"\ntarget = \"BBB\"\ntheatre = [0, 0]\nstakes = 0.5\n";
    let (p, _) = the(src, "no states");
    assert!(p.whole_file);
    assert_eq!(problems(src).len(), 3); // no states; AAA and BBB unknown

    let src = MINIMAL.replace("[crisis]", "[[crisis]]");
    let (p, at) = the(&src, "`crisis` must be a single table");
    assert_eq!(at, (13, 1));
    assert!(p.help.unwrap().contains("single brackets"));
    let src = "[state]\nid = \"AAA\"\n";
    let (p, at) = the(src, "`state` must be an array of tables");
    assert_eq!(at, (1, 1));
    assert_eq!(
        p.help.as_deref(),
        Some("write `[[state]]` (double brackets) for each state")
    );
}

#[test]
fn enums_list_the_accepted_values() {
    let src = format!(
        "{MINIMAL}[[pact]]\nid = \"p\"\nkind = \"defence\"\nmembers = [\"AAA\", \"BBB\"]\n"
    );
    let (p, at) = the(&src, "unknown pact kind `defence`");
    assert_eq!(at, (20, 8));
    assert_eq!(
        p.message,
        "unknown pact kind `defence`, expected one of `defense`, `offense`, `neutrality`, \
         `nonaggression` or `consultation`"
    );
    assert_eq!(p.label, "not a pact kind");
    assert_eq!(p.help.as_deref(), Some("did you mean `defense`?"));

    let pact = "[[pact]]\nid = \"p\"\nkind = \"defense\"\nmembers = [\"AAA\", \"BBB\"]\n";
    let link = "[[supply]]\nfrom = \"AAA\"\nto = \"BBB\"\nshare = 0.1\n";
    for (extra, message, line, col) in [
        (
            format!("{pact}support = \"money\"\n"),
            "unknown support `money`, expected one of `full`, `arms` or `finance`",
            22,
            11,
        ),
        (
            format!("{link}kind = \"oil\"\n"),
            "unknown supply kind `oil`, expected one of `arms`, `munitions`, `components`, \
             `energy` or `finance`",
            22,
            8,
        ),
        (
            format!("{link}kind = \"arms\"\nembargo = {{ when = \"hostile\" }}\n"),
            "unknown embargo rule `hostile`, expected one of `never`, `if-initiator`, \
             `if-belligerent` or `if-hostile`",
            23,
            20,
        ),
        (
            "[[chokepoint]]\nid = \"x\"\ncontroller = \"AAA\"\nregime = \"suez\"\n".to_owned(),
            "unknown chokepoint regime `suez`, expected one of `montreux`",
            21,
            10,
        ),
        (
            "step = \"fortnight\"\n".to_owned(),
            "unknown step `fortnight`, expected one of `day`, `week`, `month` or `year`",
            18,
            8,
        ),
        (
            "[[event]]\nat = 1\nkind = \"peace\"\n".to_owned(),
            "unknown event kind `peace`, expected one of `embargo`, `lift`, `accession`, `exit` \
             or `ceasefire-offer`",
            20,
            8,
        ),
    ] {
        let src = format!("{MINIMAL}{extra}");
        let (p, at) = the(&src, message);
        assert_eq!((at, p.message.as_str()), ((line, col), message));
    }
    let help = case(
        &format!("{link}kind = \"arms\"\nembargo = {{ when = \"hostile\" }}\n"),
        "`hostile`",
        23,
        20,
    );
    assert_eq!(help.as_deref(), Some("did you mean `if-hostile`?"));
}

#[test]
fn a_field_set_twice_by_a_variant() {
    let src = format!(
        "{MINIMAL}[[relation]]\na = \"AAA\"\nb = \"BBB\"\naffinity = 0.1\n\
         [[variant]]\nname = \"v\"\nset = {{ \"relation.AAA-BBB.affinity\" = 0.2, \"relation.BBB-AAA.affinity\" = 0.3 }}\n"
    );
    let (p, at) = the(
        &src,
        "`relation.BBB-AAA.affinity` is set twice in this variant",
    );
    assert_eq!(at, (24, 44));
    assert_eq!(p.related[0].message, "first set here");
}

#[test]
fn events() {
    let help = case(
        "[[event]]\nat = 3\np = 0.1\nkind = \"ceasefire-offer\"\nstrength = 1\n",
        "an event has `at` or `p`, not both",
        20,
        1,
    );
    assert!(help.unwrap().contains("fires at random"));
    case(
        "[[event]]\nkind = \"ceasefire-offer\"\nstrength = 1\n",
        "missing `at` or `p` in an event",
        18,
        1,
    );
    case(
        "[[event]]\nat = 1\nkind = \"embargo\"\n",
        "missing `link` in an `embargo` event",
        18,
        1,
    );
    case(
        "[[event]]\nat = 1\nkind = \"accession\"\nstate = \"AAA\"\n",
        "missing `pact` in an `accession` event",
        18,
        1,
    );
    let help = case(
        "[[event]]\nat = 1\nkind = \"ceasefire-offer\"\nstrength = 1\nlink = \"x\"\n",
        "`link` does not apply to a `ceasefire-offer` event",
        22,
        1,
    );
    assert_eq!(
        help.as_deref(),
        Some("a `ceasefire-offer` event takes `strength`")
    );
    case(
        "[[event]]\nat = 0\nkind = \"ceasefire-offer\"\nstrength = 1\n",
        "`at` must be a whole number between 1 and 10000, got 0",
        19,
        6,
    );
    case(
        "[[event]]\nat = 2.5\nkind = \"ceasefire-offer\"\nstrength = 1\n",
        "`at` must be a whole number",
        19,
        6,
    );
    case(
        "[[event]]\np = 2\nkind = \"ceasefire-offer\"\nstrength = 1\n",
        "`p` must be between 0 and 1, got 2",
        19,
        5,
    );
    case(
        "[[event]]\np = 0.1\nkind = \"ceasefire-offer\"\nstrength = -1\n",
        "`strength` must be ≥ 0, got -1",
        21,
        12,
    );
    case(
        "[[event]]\np = 0.1\nkind = \"ceasefire-offer\"\nstrength = 1\nwhen = 3\n",
        "unknown key `when` in an event",
        22,
        1,
    );
}

#[test]
fn model_constants() {
    let help = case(
        "[model]\natrition = 0.1\n",
        "unknown key `atrition` in `[model]`",
        19,
        1,
    );
    assert_eq!(help.as_deref(), Some("did you mean `attrition`?"));
    case(
        "[model]\nintensity = [0.2, 1]\n",
        "`intensity` has 2 elements, expected 3",
        19,
        13,
    );
    case(
        "[model]\nintensity = [0.2, 1, -2]\n",
        "`intensity[2]` must be ≥ 0, got -2",
        19,
        22,
    );
    case(
        "[model]\n\"intensity[1]\" = 2\n",
        "unknown key `intensity[1]` in `[model]`",
        19,
        1,
    );
    // Every constant of MODEL.md §3 is accepted by name.
    let all: String = casus_core::uncertain::CONSTANTS
        .iter()
        .filter(|(n, _)| !n.contains('['))
        .map(|(n, _)| format!("{n} = 0.5\n"))
        .collect();
    let src = format!("{MINIMAL}[model]\n{all}intensity = [1, 2, 3]\n");
    let doc = crate::parse(&src).unwrap_or_else(|ps| panic!("{}", render("t", &src, &ps)));
    let c = &doc.variants[0].scenario.constants;
    assert_eq!(
        (c.csf_exponent, c.exhaustion, c.intensity),
        (0.5, 0.5, [1.0, 2.0, 3.0])
    );
}

const TRIALS_RANGE: &str = "`trials` must be between 1 and 4294967295 (a trial's index keys its random streams in 32 bits), got ";

#[test]
fn run_settings() {
    let with = |s: &str| format!("[scenario]\n{s}\n{MINIMAL}");
    let (p, at) = the(
        &with("level = 1"),
        "`level` must be strictly between 0 and 1, got 1",
    );
    assert_eq!(at, (2, 9));
    assert_eq!(p.label, "expected e.g. 0.95");
    for bad in ["0", "4294967296"] {
        let message = format!("{TRIALS_RANGE}{bad}");
        let (_, at) = the(&with(&format!("trials = {bad}")), &message);
        assert_eq!(at, (2, 10));
    }
    let (_, at) = the(
        &with("seed = -1"),
        "`seed` must be a whole number ≥ 0, got -1",
    );
    assert_eq!(at, (2, 8));
    let (_, at) = the(
        &with("trials = 1.5"),
        "expected an integer for `trials`, found a float",
    );
    assert_eq!(at, (2, 10));
    let (p, at) = the(&with("nmae = \"x\""), "unknown key `nmae` in `[scenario]`");
    assert_eq!(at, (2, 1));
    assert_eq!(p.help.as_deref(), Some("did you mean `name`?"));
    let long = "x".repeat(crate::limits::MAX_NAME_BYTES + 1);
    let (p, _) = the(
        &with(&format!("name = \"{long}\"")),
        "`name` is 257 bytes long",
    );
    assert_eq!(p.label, "limit MAX_NAME_BYTES = 256");
}

/// One file, eight different mistakes: every one is reported, in source
/// order, at its place.
#[test]
fn every_problem_of_a_file_at_once() {
    let src = r#"[scenario]
trials = 0

[[state]]
id = "PAK"
power = -1
economy = 338
position = [33.7, 73.1]
reech = 1000

[[state]]
id = "IND"
power = 99
economy = 3550
position = [28.6, 77.2]

[[pact]]
id = "smda"
kind = "defence"
members = ["PAK", "SAU"]

[crisis]
challenger = "IND"
target = "PKA"
theatre = [32.5, 74.5]
stakes = { uniform = [0.9, 0.1] }
horizon = 52.5

[model]
atrition = 0.1
"#;
    let ps = problems(src);
    let got: Vec<((usize, usize), &str)> = ps
        .iter()
        .map(|p| (p.line_col(src), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ((2, 10), &*format!("{TRIALS_RANGE}0")),
            ((6, 9), "`power` must be > 0, got -1"),
            ((9, 1), "unknown key `reech` in a state"),
            (
                (19, 8),
                "unknown pact kind `defence`, expected one of `defense`, `offense`, \
                 `neutrality`, `nonaggression` or `consultation`"
            ),
            ((20, 19), "unknown state `SAU`"),
            ((24, 10), "unknown state `PKA`"),
            (
                (26, 10),
                "invalid distribution: uniform needs lo ≤ hi, got [0.9, 0.1]"
            ),
            (
                (27, 11),
                "`horizon` must be a whole number between 1 and 10000, got 52.5"
            ),
            ((30, 1), "unknown key `atrition` in `[model]`"),
        ],
        "{}",
        render("t.toml", src, &ps)
    );
    assert_eq!(ps[2].help.as_deref(), Some("did you mean `reach`?"));
    assert_eq!(ps[5].help.as_deref(), Some("did you mean `PAK`?"));
}
