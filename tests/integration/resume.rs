//! Long runs lose nothing: `--checkpoint` / `--resume` after SIGKILL or
//! Ctrl-C give the uninterrupted report byte for byte, and `--trials-out`
//! streams the same records whatever the thread count or interruptions.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use casus_core::model::{LinkKind, PactKind, Scenario};
use casus_core::testing;
use casus_runner::part::Part;
use casus_runner::records::{Format, Records};
use casus_runner::run::{Window, Windowed, run_windows};
use casus_runner::summary::Summary;
use proptest::prelude::*;

use crate::util::{fails, ok, root, scratch};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .current_dir(root())
        .env("CI", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start casus")
}

/// Waits until the checkpoint at `ck` exists with more than `beyond` trials
/// done, and returns them; panics if `child` ends first or after two minutes.
fn wait_for_checkpoint(child: &mut Child, ck: &Path, beyond: u64) -> u64 {
    let t0 = Instant::now();
    loop {
        if let Ok(p) = Part::read(ck)
            && p.done() > beyond
        {
            return p.done();
        }
        if let Some(status) = child.try_wait().expect("poll casus") {
            panic!(
                "casus ended ({status}) before its checkpoint passed {beyond} trials; make the run longer"
            );
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "no checkpoint after 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The run every test here interrupts: long enough to be caught mid-way
/// on a fast machine, short enough for CI.
const TRIALS: &str = "120000";

fn uninterrupted(dir: &Path, records: &str) -> (String, Vec<u8>) {
    let out = dir.join(records);
    let report = ok(&[
        "run",
        SMDA,
        "--trials",
        TRIALS,
        "--variant",
        "base",
        "--variant",
        "trilateral",
        "--format",
        "json",
        "--trials-out",
        s(&out),
    ]);
    (report, std::fs::read(&out).unwrap())
}

#[test]
fn killed_twice_with_sigkill_and_resumed_gives_the_same_report_and_records() {
    let tmp = scratch("resume-kill");
    let dir = tmp.path();
    let ck = dir.join("run.ck");
    let csv = dir.join("trials.csv");
    let mut first = spawn(&[
        "run",
        SMDA,
        "--trials",
        TRIALS,
        "--variant",
        "base",
        "--variant",
        "trilateral",
        "--threads",
        "1",
        "--format",
        "json",
        "--checkpoint",
        s(&ck),
        "--checkpoint-every",
        "0.01",
        "--trials-out",
        s(&csv),
    ]);
    let seen = wait_for_checkpoint(&mut first, &ck, 0);
    first.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix.
    first.wait().unwrap();
    let at_kill = Part::read(&ck).expect("the checkpoint survives SIGKILL");
    assert!(
        at_kill.done() >= seen && !at_kill.is_complete(),
        "killed too late"
    );

    // Resumed with no flags but the file (the rest comes from the
    // checkpoint), on another thread count, and killed again.
    let mut second = spawn(&[
        "run",
        SMDA,
        "--resume",
        s(&ck),
        "--threads",
        "2",
        "--checkpoint-every",
        "0.01",
        "--trials-out",
        s(&csv),
    ]);
    wait_for_checkpoint(&mut second, &ck, at_kill.done());
    second.kill().expect("SIGKILL");
    second.wait().unwrap();
    let again = Part::read(&ck).unwrap();
    assert!(again.done() > at_kill.done());

    let resumed = ok(&[
        "run",
        SMDA,
        "--resume",
        s(&ck),
        "--format",
        "json",
        "--trials-out",
        s(&csv),
    ]);
    let (report, records) = uninterrupted(dir, "full.csv");
    assert!(resumed == report, "resumed report differs");
    assert!(
        std::fs::read(&csv).unwrap() == records,
        "resumed records differ"
    );
    // The final checkpoint is a finished part: merged alone, it is the report.
    assert!(Part::read(&ck).unwrap().is_complete());
    assert_eq!(ok(&["merge", s(&ck), "--format", "json"]), report);
}

#[test]
fn ctrl_c_stops_cleanly_writes_the_checkpoint_and_resumes() {
    let tmp = scratch("resume-sigint");
    let dir = tmp.path();
    let ck = dir.join("run.ck");
    let jsonl = dir.join("trials.jsonl");
    let mut child = spawn(&[
        "run",
        SMDA,
        "--trials",
        TRIALS,
        "--variant",
        "base",
        "--variant",
        "trilateral",
        "--threads",
        "1",
        "--checkpoint",
        s(&ck),
        "--checkpoint-every",
        "3600",
        "--trials-out",
        s(&jsonl),
    ]);
    // Wait until trials are being written, then press Ctrl-C.
    let t0 = Instant::now();
    while std::fs::metadata(&jsonl).map_or(0, |m| m.len()) == 0 {
        assert!(child.try_wait().unwrap().is_none(), "finished too soon");
        assert!(t0.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted after") && err.contains(&format!("--resume {}", ck.display())),
        "{err}"
    );
    let part = Part::read(&ck).expect("Ctrl-C writes the checkpoint");
    assert!(part.done() > 0 && !part.is_complete());
    let mark = part.records.as_ref().expect("the records are marked");
    assert_eq!(std::fs::metadata(&jsonl).unwrap().len(), mark.bytes);

    let resumed = ok(&[
        "run",
        SMDA,
        "--resume",
        s(&ck),
        "--format",
        "json",
        "--trials-out",
        s(&jsonl),
    ]);
    let (report, records) = uninterrupted(dir, "full.jsonl");
    assert!(resumed == report, "resumed report differs");
    assert!(std::fs::read(&jsonl).unwrap() == records, "records differ");
}

#[test]
fn resume_refuses_a_checkpoint_of_another_run_or_a_damaged_one() {
    let tmp = scratch("resume-refuse");
    let dir = tmp.path();
    let ck = dir.join("run.ck");
    let args = ["run", SMDA, "--trials", "3000", "--variant", "base"];
    let mut first = args.to_vec();
    first.extend(["--checkpoint", s(&ck), "--format", "json"]);
    let report = ok(&first);
    // Starting afresh over a checkpoint is refused: it would lose its trials.
    let err = fails(&first, 1);
    assert!(
        err.contains("already exists") && err.contains(&format!("--resume {}", ck.display())),
        "{err}"
    );
    // A finished checkpoint resumes to the same report at once.
    assert_eq!(
        ok(&["run", SMDA, "--resume", s(&ck), "--format", "json"]),
        report
    );

    let err = fails(&["run", SMDA, "--resume", s(&ck), "--seed", "1"], 1);
    assert!(
        err.contains("another run") && err.contains("its seed is 20250917, this run's is 1"),
        "{err}"
    );
    let err = fails(
        &["run", SMDA, "--resume", s(&ck), "--variant", "trilateral"],
        1,
    );
    assert!(
        err.contains("its variant set is base, this run's is trilateral"),
        "{err}"
    );
    let err = fails(
        &[
            "run",
            SMDA,
            "--resume",
            s(&ck),
            "--shard",
            "0/2",
            "--out",
            "x",
        ],
        1,
    );
    assert!(err.contains("shard count is 1, this run's is 2"), "{err}");
    let other = dir.join("other.toml");
    let src = std::fs::read_to_string(crate::util::path(SMDA)).unwrap();
    std::fs::write(&other, format!("{src}\n# changed\n")).unwrap();
    let err = fails(&["run", s(&other), "--resume", s(&ck)], 1);
    assert!(err.contains("scenario file (SHA-256)"), "{err}");

    let bytes = std::fs::read(&ck).unwrap();
    std::fs::write(&ck, &bytes[..bytes.len() - 30]).unwrap();
    let err = fails(&["run", SMDA, "--resume", s(&ck)], 1);
    assert!(err.contains("is truncated"), "{err}");
    let err = fails(&["run", SMDA, "--resume", s(&dir.join("none.ck"))], 1);
    assert!(err.contains("cannot be read"), "{err}");

    // Records cannot be resumed if the checkpoint did not track them.
    let ck2 = dir.join("partial.ck");
    let mut p = Part::read(&{
        let mut a = args.to_vec();
        let c = dir.join("full.ck");
        a.extend(["--checkpoint", s(&c)]);
        ok(&a);
        c
    })
    .unwrap();
    p.variants[0].done = 0;
    p.variants[0].summary = Summary::default();
    p.write(&ck2).unwrap();
    let err = fails(&["run", SMDA, "--resume", s(&ck2)], 1);
    assert!(err.contains("inconsistent"), "{err}");
    let err = fails(
        &["run", SMDA, "--resume", s(&ck), "--trials-out", "x.txt"],
        1,
    );
    assert!(err.contains("truncated"), "{err}");
}

#[test]
fn trials_out_is_the_same_for_any_thread_count() {
    let tmp = scratch("trials-out");
    let dir = tmp.path();
    for ext in ["csv", "jsonl"] {
        let mut files = Vec::new();
        for threads in ["1", "2", "3"] {
            let f = dir.join(format!("t{threads}.{ext}"));
            ok(&[
                "run",
                SMDA,
                "--trials",
                "9000",
                "--threads",
                threads,
                "--trials-out",
                s(&f),
            ]);
            files.push(std::fs::read(&f).unwrap());
        }
        assert!(files[0] == files[1] && files[1] == files[2], "{ext}");
        let text = String::from_utf8(files.remove(0)).unwrap();
        let variants = 6;
        let header = usize::from(ext == "csv");
        assert_eq!(text.lines().count(), 9000 * variants + header, "{ext}");
        if ext == "jsonl" {
            let mut last = None;
            for line in text.lines().take(9001) {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let k = v["trial"].as_u64().unwrap();
                if v["variant"] == "base" {
                    assert_eq!(last.map_or(0, |l| l + 1), k);
                    last = Some(k);
                }
            }
        } else {
            let cols = text.lines().next().unwrap().split(',').count();
            assert!(text.lines().all(|l| l.split(',').count() == cols));
        }
    }
    let err = fails(&["run", SMDA, "--trials-out", "trials.txt"], 2);
    assert!(err.contains("must end in .csv or .jsonl"), "{err}");
}

/// A small random world, built directly (not from TOML).
fn world() -> impl Strategy<Value = Scenario> {
    (2usize..7).prop_flat_map(|n| {
        (
            prop::collection::vec((0.5f64..50.0, -50.0f64..50.0, -150.0f64..150.0), n),
            prop::collection::vec((0..n, 0..n, -1.0f64..1.0), 0..8),
            prop::collection::vec((0u8..5, 0..n, 0..n, 0.0f64..1.0), 0..4),
            prop::collection::vec((0..n, 0..n, 0.0f64..0.3), 0..4),
        )
            .prop_map(|(states, relations, pacts, links)| {
                let ids = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG"];
                let st = states
                    .iter()
                    .enumerate()
                    .map(|(i, &(p, lat, lon))| testing::state(ids[i], p, [lat, lon]))
                    .collect();
                let mut s = testing::scenario(st);
                for (a, b, aff) in relations {
                    if a != b
                        && !s
                            .relations
                            .iter()
                            .any(|r| (r.a, r.b) == (a, b) || (r.b, r.a) == (a, b))
                    {
                        testing::relate(&mut s, a, b, aff);
                    }
                }
                for (i, (kind, a, b, rel)) in pacts.into_iter().enumerate() {
                    if a != b {
                        let mut p = testing::pact(
                            &format!("p{i}"),
                            PactKind::ALL[usize::from(kind)],
                            &[a.min(b), a.max(b)],
                        );
                        p.reliability = rel;
                        s.pacts.push(p);
                    }
                }
                let mut share = vec![0.0; s.states.len()];
                for (from, to, x) in links {
                    if from != to
                        && share[to] + x <= 1.0
                        && !s.links.iter().any(|l| l.from == from && l.to == to)
                    {
                        share[to] += x;
                        let l = testing::link(from, to, LinkKind::Arms, x, &s);
                        s.links.push(l);
                    }
                }
                s.prepare();
                s
            })
    })
}

fn records(s: &Scenario, format: Format, threads: usize, trials: u64) -> (Summary, Vec<u8>) {
    let r = Records::new(format, &[("base", s)]);
    let rec =
        |k: u64, o: &casus_core::record::TrialOutcome, buf: &mut Vec<u8>| r.write(0, k, o, buf);
    let cfg = Windowed {
        seed: 5,
        threads: Some(threads),
        recorder: Some(&rec),
        progress: &|_| (),
    };
    let mut out = r.header();
    let (sum, _) = run_windows(
        s,
        &cfg,
        0..trials,
        Summary::for_scenario(s),
        &mut |w: Window<'_>| {
            for b in w.records {
                out.extend_from_slice(b);
            }
            std::ops::ControlFlow::Continue(())
        },
    );
    (sum, out)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Over generated worlds, the per-trial records (and the summary) do
    /// not depend on the thread count, and there is one line per trial.
    #[test]
    fn trial_records_are_thread_independent(s in world(), csv in any::<bool>()) {
        let format = if csv { Format::Csv } else { Format::Jsonl };
        let (sum1, one) = records(&s, format, 1, 20_000);
        let (sum3, three) = records(&s, format, 3, 20_000);
        prop_assert_eq!(&sum1, &sum3);
        prop_assert!(one == three);
        let lines = one.iter().filter(|&&b| b == b'\n').count();
        prop_assert_eq!(lines, 20_000 + usize::from(csv));
    }
}
