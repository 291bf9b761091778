//! `casus run … --shard I/N --out PART` and `casus merge`: any split of a
//! run, merged, is the single run byte for byte; and merge refuses, with a
//! message naming the part and the difference, parts that do not make up
//! one run.

use std::path::{Path, PathBuf};

use casus_runner::part::Part;

use crate::util::{casus, fails, ok, path, scratch};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Writes shard `i` of `n` of `args` (`run FILE …`) to `dir/p{i}-{n}.part`.
fn shard(dir: &Path, args: &[&str], i: u64, n: u64) -> PathBuf {
    let out = dir.join(format!("p{i}-{n}.part"));
    let spec = format!("{i}/{n}");
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    all.extend(["--shard", &spec, "--out", s(&out)]);
    ok(&all);
    out
}

fn merge(parts: &[PathBuf], format: &str) -> String {
    let mut all = vec!["merge"];
    all.extend(parts.iter().map(|p| s(p)));
    all.extend(["--format", format]);
    ok(&all)
}

#[test]
fn any_number_of_shards_merges_to_the_single_run_byte_for_byte() {
    let tmp = scratch("shards");
    let dir = tmp.path();
    let args = [SMDA, "--trials", "5003", "--seed", "11"];
    let single_json = ok(&[
        "run", SMDA, "--trials", "5003", "--seed", "11", "--format", "json",
    ]);
    let single_text = ok(&["run", SMDA, "--trials", "5003", "--seed", "11"]);
    for n in [1u64, 2, 3, 7] {
        // Any order of parts on the command line.
        let parts: Vec<PathBuf> = (0..n).rev().map(|i| shard(dir, &args, i, n)).collect();
        assert_eq!(merge(&parts, "json"), single_json, "N = {n}, json");
        assert_eq!(merge(&parts, "text"), single_text, "N = {n}, text");
    }
    // --out writes the same bytes as standard output.
    let parts: Vec<PathBuf> = (0..2).map(|i| shard(dir, &args, i, 2)).collect();
    let report = dir.join("report.json");
    let mut all = vec!["merge"];
    all.extend(parts.iter().map(|p| s(p)));
    all.extend(["--format", "json", "--out", s(&report)]);
    ok(&all);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), single_json);
}

#[test]
fn chosen_variants_csv_and_more_shards_than_trials() {
    let tmp = scratch("shards-variants");
    let dir = tmp.path();
    let args = [
        SMDA,
        "--trials",
        "5",
        "--variant",
        "trilateral",
        "--variant",
        "base",
        "--level",
        "0.9",
    ];
    let mut single = vec!["run"];
    single.extend_from_slice(&args);
    single.extend(["--format", "csv"]);
    let single = ok(&single);
    // Seven shards of five trials: two are empty, and that is fine.
    let parts: Vec<PathBuf> = (0..7).map(|i| shard(dir, &args, i, 7)).collect();
    assert_eq!(merge(&parts, "csv"), single);
    assert!(single.contains("trilateral"));
}

/// The message of a refused merge, asserting exit code 1.
fn refused(parts: &[&Path]) -> String {
    let mut all = vec!["merge"];
    all.extend(parts.iter().map(|p| s(p)));
    let err = fails(&all, 1);
    assert!(err.starts_with("casus: cannot merge: "), "{err}");
    err
}

#[test]
fn merge_refuses_parts_of_other_runs_naming_the_part_and_the_difference() {
    let tmp = scratch("shards-refuse");
    let dir = tmp.path();
    let args = [SMDA, "--trials", "2000", "--variant", "base"];
    let p0 = shard(dir, &args, 0, 2);
    let p1 = shard(dir, &args, 1, 2);
    let name = |p: &Path| format!("`{}`", p.display());
    let other = |sub: &str, extra: &[&str]| {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).unwrap();
        let mut a = vec![SMDA, "--variant", "base"];
        if !extra.contains(&"--trials") {
            a.extend(["--trials", "2000"]);
        }
        a.extend_from_slice(extra);
        shard(&d, &a, 1, 2)
    };

    // Another seed, trial count, level, variant set.
    for (sub, extra, what, theirs, ours) in [
        ("seed", vec!["--seed", "5"], "seed", "5", "20250917"),
        ("trials", vec!["--trials", "3000"], "trials", "3000", "2000"),
        ("level", vec!["--level", "0.9"], "level", "0.9", "0.95"),
        (
            "variants",
            vec!["--variant", "trilateral"],
            "variant set",
            "base, trilateral",
            "base",
        ),
    ] {
        let p = other(sub, &extra);
        let err = refused(&[&p0, &p]);
        assert!(
            err.contains(&name(&p))
                && err.contains(&format!("its {what} is {theirs} but"))
                && err.contains(&format!("{}'s is {ours}", name(&p0))),
            "{sub}: {err}"
        );
    }

    // Another file: the same scenario with one more comment.
    let src = std::fs::read_to_string(path(SMDA)).unwrap();
    let edited = dir.join("edited.toml");
    std::fs::write(&edited, format!("# edited\n{src}")).unwrap();
    let mut a = args.to_vec();
    a[0] = s(&edited);
    std::fs::create_dir_all(dir.join("file")).unwrap();
    let p = shard(&dir.join("file"), &a, 1, 2);
    let err = refused(&[&p0, &p]);
    assert!(
        err.contains(&name(&p)) && err.contains("scenario file (SHA-256)"),
        "{err}"
    );

    // Another shard count.
    let p = other("count", &[]);
    let p3 = shard(&dir.join("count"), &args, 2, 3);
    let err = refused(&[&p0, &p, &p3]);
    assert!(
        err.contains(&name(&p3)) && err.contains("shard count is 3 but"),
        "{err}"
    );

    // Another casus version.
    let mut part = Part::read(&p1).unwrap();
    part.casus_version = "0.0.9".into();
    let old = dir.join("old.part");
    part.write(&old).unwrap();
    let err = refused(&[&p0, &old]);
    assert!(
        err.contains(&name(&old)) && err.contains("written by casus 0.0.9"),
        "{err}"
    );

    // A missing shard; a shard given twice.
    let err = refused(&[&p0]);
    assert!(err.contains("shard 1/2 missing"), "{err}");
    let err = refused(&[&p1, &p1]);
    assert!(err.contains("shard 1/2 is given twice"), "{err}");

    // A truncated part, a corrupt one, and something else entirely.
    let bytes = std::fs::read(&p1).unwrap();
    let cut = dir.join("cut.part");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let err = refused(&[&p0, &cut]);
    assert!(
        err.contains(&format!("{} is truncated", name(&cut))),
        "{err}"
    );
    let mut flipped = bytes.clone();
    let at = bytes.len() / 2;
    flipped[at] = if flipped[at] == b'1' { b'2' } else { b'1' };
    let bad = dir.join("bad.part");
    std::fs::write(&bad, &flipped).unwrap();
    let err = refused(&[&p0, &bad]);
    assert!(err.contains(&format!("{} is corrupt", name(&bad))), "{err}");
    let err = refused(&[&p0, &path(SMDA)]);
    assert!(err.contains("is not a casus part"), "{err}");
    let err = refused(&[&p0, &dir.join("nowhere.part")]);
    assert!(err.contains("cannot be read"), "{err}");

    // And the good pair still merges.
    ok(&["merge", s(&p0), s(&p1)]);
}

#[test]
fn shard_flags_are_checked() {
    let err = fails(&["run", SMDA, "--shard", "2/2", "--out", "x.part"], 2);
    assert!(err.contains("from 0 to 1"), "{err}");
    let err = fails(&["run", SMDA, "--shard", "0/0", "--out", "x.part"], 2);
    assert!(err.contains("at least 1"), "{err}");
    let err = fails(&["run", SMDA, "--shard", "1/2"], 2);
    assert!(err.contains("--shard needs --out"), "{err}");
    let out = casus(&["merge"]);
    assert_eq!(out.status.code(), Some(2));
}
