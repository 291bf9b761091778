//! `casus data` on the real datasets in `../shared/data` (CI has them beside
//! the repository; they are never part of it). Skipped, with a message, where
//! the directory is absent.

use std::path::PathBuf;

use crate::util::{TempFile, casus, fails, ok, root, temp_scenario};

fn data_dir() -> Option<PathBuf> {
    let d = root().join("../shared/data");
    if d.join("peacesciencer/cow_nmc.csv").is_file() {
        Some(d)
    } else {
        eprintln!("skipped: {} not found (CI has it)", d.display());
        None
    }
}

fn file(d: &std::path::Path, rel: &str) -> String {
    d.join(rel).display().to_string()
}

/// The dataset flags, all files.
fn all_sources(d: &std::path::Path) -> Vec<String> {
    vec![
        "--nmc".into(),
        file(d, "peacesciencer/cow_nmc.csv"),
        "--capitals".into(),
        file(d, "peacesciencer/cow_capitals.csv"),
        "--atop".into(),
        file(d, "atop_v4/atop-member-level.csv"),
        "--atop".into(),
        file(d, "peacesciencer/atop_alliance.csv"),
        "--sipri".into(),
        file(d, "sipri/sipri-exports-processed.csv"),
    ]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A GDP file in the long form `casus data` reads (World Bank WDI 2023
/// figures as quoted in the bundled scenarios; the test only needs numbers).
fn gdp_file() -> TempFile {
    temp_scenario(
        "gdp.csv",
        "iso3,year,gdp_usd_bn\nIND,2022,3550\nPAK,2022,338\nCHN,2022,17795\nSAU,2022,1068\nTUR,2022,1108\nUSA,2022,27361\n",
    )
}

const CRISIS: &str =
    "\n[crisis]\nchallenger = \"IND\"\ntarget = \"PAK\"\ntheatre = [32.5, 74.5]\nstakes = 0.5\n";

#[test]
fn the_output_is_a_valid_scenario_fragment() {
    let Some(d) = data_dir() else { return };
    let mut a = all_sources(&d);
    let gdp = gdp_file();
    a.extend(
        [
            "--gdp",
            &gdp.display().to_string(),
            "--year",
            "2022",
            "--states",
            "IND,PAK,CHN,SAU,TUR,USA",
        ]
        .map(String::from),
    );
    let toml = ok(&["data"].into_iter().chain(args(&a)).collect::<Vec<_>>());
    // Cited figures the bundled scenarios rely on.
    assert!(toml.contains("power = 17.684"), "{toml}");
    assert!(toml.contains("CINC = 0.01768378"), "{toml}");
    assert!(toml.contains("position = [33.6938, 73.0652]"), "{toml}");
    assert!(toml.contains("id = \"atop-3355\""), "{toml}");
    assert!(toml.contains("id = \"CHN-PAK-arms\""), "{toml}");
    assert!(toml.contains("CHN 5,985 of PAK's 8,618 = 69.4%"), "{toml}");
    assert!(toml.contains("Where the data stop: NMC 2022"), "{toml}");
    // Assembled with a [crisis], it passes `casus check` and runs.
    let src = format!("[scenario]\nname = \"from-data\"\n{toml}{CRISIS}");
    let p = temp_scenario("from-data.toml", &src);
    let p = p.to_str().expect("utf-8 path");
    ok(&["check", p]);
    ok(&["run", p, "--trials", "500"]);
}

#[test]
fn without_gdp_the_economy_is_left_to_the_author() {
    let Some(d) = data_dir() else { return };
    let mut a = all_sources(&d);
    a.extend(["--year", "2022", "--states", "IND,PAK"].map(String::from));
    let toml = ok(&["data"].into_iter().chain(args(&a)).collect::<Vec<_>>());
    assert!(toml.contains("# economy = ?"), "{toml}");
    assert!(toml.contains("NMC has no GDP"), "{toml}");
    // Assembled as is, `casus check` asks for it.
    let src = format!("[scenario]\nname = \"no-gdp\"\n{toml}{CRISIS}");
    let p = temp_scenario("no-gdp.toml", &src);
    let err = fails(&["check", p.to_str().unwrap()], 1);
    assert!(err.contains("economy"), "{err}");
}

#[test]
fn sipri_confirms_china_s_38_percent() {
    // CSSPR 2021 (seeds/002), citing SIPRI: Pakistan took 38% of China's arms
    // exports in 2016-2020. From Pakistan's side: China 2,896 TIV of 4,027.
    let Some(d) = data_dir() else { return };
    let a = [
        "data",
        "--nmc",
        &file(&d, "peacesciencer/cow_nmc.csv"),
        "--capitals",
        &file(&d, "peacesciencer/cow_capitals.csv"),
        "--sipri",
        &file(&d, "sipri/sipri-exports-processed.csv"),
        "--year",
        "2022",
        "--states",
        "PAK,CHN",
        "--sipri-years",
        "2016-2020",
    ]
    .map(String::from);
    let toml = ok(&args(&a));
    assert!(toml.contains("CHN 2,896 of PAK's 4,027 = 71.9%"), "{toml}");
}

#[test]
fn bad_input_is_exit_1_with_a_clear_message() {
    let Some(d) = data_dir() else { return };
    let nmc = file(&d, "peacesciencer/cow_nmc.csv");
    let caps = file(&d, "peacesciencer/cow_capitals.csv");
    // An unknown state, with the nearest suggestion.
    let err = fails(
        &[
            "data",
            "--nmc",
            &nmc,
            "--capitals",
            &caps,
            "--year",
            "2022",
            "--states",
            "IND,PAKK",
        ],
        1,
    );
    assert!(
        err.contains("unknown state `PAKK`") && err.contains("did you mean `PAK`"),
        "{err}"
    );
    // A year outside the data.
    let err = fails(
        &[
            "data",
            "--nmc",
            &nmc,
            "--capitals",
            &caps,
            "--year",
            "2024",
            "--states",
            "IND",
        ],
        1,
    );
    assert!(
        err.contains("year 2024 is out of range") && err.contains("1816-2022"),
        "{err}"
    );
    // The wrong file: capitals given as NMC.
    let err = fails(
        &[
            "data",
            "--nmc",
            &caps,
            "--capitals",
            &caps,
            "--year",
            "2022",
            "--states",
            "IND",
        ],
        1,
    );
    assert!(
        err.contains("missing column `year`") || err.contains("missing column `cinc`"),
        "{err}"
    );
    // SIPRI years beyond the data.
    let sipri = file(&d, "sipri/sipri-exports-processed.csv");
    let err = fails(
        &[
            "data",
            "--nmc",
            &nmc,
            "--capitals",
            &caps,
            "--sipri",
            &sipri,
            "--year",
            "2022",
            "--states",
            "IND,PAK",
            "--sipri-years",
            "2015-2024",
        ],
        1,
    );
    assert!(
        err.contains("out of range") && err.contains("1950-2021"),
        "{err}"
    );
    // A file that is not there.
    let err = fails(
        &[
            "data",
            "--nmc",
            "no/such.csv",
            "--capitals",
            &caps,
            "--year",
            "2022",
            "--states",
            "IND",
        ],
        1,
    );
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn a_malformed_span_of_years_is_a_command_line_error() {
    // Needs no data: the span is read before any file.
    let out = casus(&[
        "data",
        "--nmc",
        "x.csv",
        "--capitals",
        "y.csv",
        "--year",
        "2022",
        "--states",
        "IND",
        "--sipri-years",
        "recent",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
