//! A real Slurm cluster runs a sharded casus run: a 4-task job array
//! (`contrib/slurm/casus-array.sbatch`) and the merge job after it
//! (`contrib/slurm/casus-merge.sbatch`, `--dependency=afterok`); the merged
//! report must equal a single-process run's byte for byte.
//!
//! The test uses the cluster that `sinfo` reaches (`.ci/run` starts a
//! one-node cluster with `contrib/slurm/one-node.sh` and exports
//! `SLURM_CONF`). With none, it starts its own one-node cluster when Slurm is
//! installed, and stops it at the end. Without Slurm it FAILS, unless
//! `CASUS_SKIP_SLURM=1` says to skip it: it never passes silently.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{path, root, scratch};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

/// A one-node cluster this test started, stopped when dropped; its folder
/// goes after it (fields drop after `drop`).
struct OwnCluster {
    dir: tempfile::TempDir,
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = Command::new(path("contrib/slurm/one-node.sh"))
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}

fn tool(name: &str, conf: Option<&Path>) -> Command {
    let mut c = Command::new(name);
    if let Some(conf) = conf {
        c.env("SLURM_CONF", conf);
    }
    c
}

/// Whether `sinfo` reaches a cluster with a usable node.
fn cluster_up(conf: Option<&Path>) -> bool {
    tool("sinfo", conf)
        .args(["-h", "-o", "%T"])
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| matches!(l.trim(), "idle" | "mixed" | "allocated" | "completing"))
        })
}

fn installed(bin: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {bin}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The cluster to use: `(SLURM_CONF to set, own cluster to stop)`, or
/// `None` when the test is to be skipped.
fn cluster() -> Option<(Option<PathBuf>, Option<OwnCluster>)> {
    if cluster_up(None) {
        return Some((None, None));
    }
    let skip = std::env::var("CASUS_SKIP_SLURM").is_ok_and(|v| v == "1");
    if !installed("slurmctld") || !installed("sbatch") {
        if skip {
            eprintln!("slurm test SKIPPED (CASUS_SKIP_SLURM=1): Slurm is not installed");
            return None;
        }
        panic!(
            "Slurm is not available: no cluster answers `sinfo`, and slurmctld/sbatch are not installed.\n\
             Install it (`apt-get install -y slurm-wlm munge`, as .ci/run does) and start a one-node \
             cluster (`contrib/slurm/one-node.sh start DIR`), or set CASUS_SKIP_SLURM=1 to skip this test."
        );
    }
    let own = OwnCluster {
        dir: scratch("slurm-cluster"),
    };
    let started = Command::new(path("contrib/slurm/one-node.sh"))
        .arg("start")
        .arg(own.dir.path())
        .output()
        .expect("run one-node.sh");
    let conf = own.dir.path().join("slurm.conf");
    if !started.status.success() || !cluster_up(Some(&conf)) {
        // Another test run may have started one meanwhile.
        if cluster_up(None) {
            return Some((None, None));
        }
        if skip {
            eprintln!("slurm test SKIPPED (CASUS_SKIP_SLURM=1): could not start a cluster");
            return None;
        }
        panic!(
            "Slurm is installed but no cluster could be started with contrib/slurm/one-node.sh:\n{}{}\
             (set CASUS_SKIP_SLURM=1 to skip this test)",
            String::from_utf8_lossy(&started.stdout),
            String::from_utf8_lossy(&started.stderr)
        );
    }
    Some((Some(conf), Some(own)))
}

/// `sbatch --parsable ARGS` with `CASUS=casus`: the job id.
fn sbatch(conf: Option<&Path>, casus: &Path, args: &[&str]) -> String {
    let out = tool("sbatch", conf)
        .arg("--parsable")
        .args(args)
        .env("CASUS", casus)
        .current_dir(root())
        .output()
        .expect("run sbatch");
    assert!(
        out.status.success(),
        "sbatch {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8(out.stdout).unwrap();
    id.trim().split(';').next().unwrap().to_string()
}

/// The job's state, from `scontrol show job`.
fn job_state(conf: Option<&Path>, id: &str) -> String {
    let out = tool("scontrol", conf)
        .args(["show", "job", id])
        .output()
        .expect("run scontrol");
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .find_map(|w| w.strip_prefix("JobState="))
        .unwrap_or("UNKNOWN")
        .to_string()
}

/// Every log in `dir`, for a failure message.
fn logs(dir: &Path) -> String {
    let mut out = String::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "out"))
        {
            out += &format!(
                "--- {}\n{}\n",
                p.display(),
                std::fs::read_to_string(&p).unwrap_or_default()
            );
        }
    }
    out
}

#[test]
fn a_slurm_job_array_and_its_merge_job_give_the_single_process_report() {
    let Some((conf, _own)) = cluster() else {
        return;
    };
    let conf = conf.as_deref();
    let tmp = scratch("slurm-run");
    let dir = tmp.path();
    let out = dir.to_str().unwrap();
    // The jobs and the single run use a copy of the binary: in a shared
    // work tree, a concurrent build may relink target/ under their feet.
    let casus = dir.join("casus");
    std::fs::copy(env!("CARGO_BIN_EXE_casus"), &casus).expect("copy casus");
    let scenario = path(SMDA);
    let scenario = scenario.to_str().unwrap();
    let array = sbatch(
        conf,
        &casus,
        &[
            "--array=0-3",
            &format!("--output={out}/shard-%a.out"),
            "contrib/slurm/casus-array.sbatch",
            scenario,
            out,
            "--trials",
            "8000",
            "--seed",
            "42",
        ],
    );
    let report = dir.join("report.json");
    let merge = sbatch(
        conf,
        &casus,
        &[
            &format!("--dependency=afterok:{array}"),
            "--kill-on-invalid-dep=yes",
            &format!("--output={out}/merge.out"),
            "contrib/slurm/casus-merge.sbatch",
            out,
            "4",
            "--format",
            "json",
            "--out",
            report.to_str().unwrap(),
        ],
    );
    let t0 = Instant::now();
    let state = loop {
        let s = job_state(conf, &merge);
        if !matches!(
            s.as_str(),
            "PENDING" | "CONFIGURING" | "RUNNING" | "COMPLETING" | "SUSPENDED" | "REQUEUED"
        ) {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(300),
            "the merge job {merge} is still {s} after 5 minutes\n{}",
            logs(dir)
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    assert_eq!(
        state,
        "COMPLETED",
        "merge job {merge} (after array {array}) ended {state}\n{}",
        logs(dir)
    );
    let merged = std::fs::read_to_string(&report).expect("the merge job wrote the report");
    let single = Command::new(&casus)
        .args([
            "run", scenario, "--trials", "8000", "--seed", "42", "--format", "json",
        ])
        .env("CI", "1")
        .output()
        .expect("run casus");
    assert!(single.status.success());
    let single = String::from_utf8(single.stdout).unwrap();
    assert!(
        merged == single,
        "the Slurm report differs from the single-process run"
    );
    for i in 0..4 {
        assert!(dir.join(format!("part-{i}.part")).exists());
    }
}
