//! Helpers shared by the integration tests.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// A path relative to the repository root.
pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// Runs `casus` with `args` from the repository root.
pub fn casus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .current_dir(root())
        .env("CI", "1")
        .output()
        .expect("run casus")
}

/// Standard output as text, asserting success.
pub fn ok(args: &[&str]) -> String {
    let out = casus(args);
    assert!(
        out.status.success(),
        "casus {args:?} failed with {:?}:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Standard error as text, asserting the exit code.
pub fn fails(args: &[&str], code: i32) -> String {
    let out = casus(args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "casus {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).expect("utf-8 output")
}

/// A fresh, empty scratch folder for one test, removed with all it holds
/// when dropped, also when the test fails: a test run leaves nothing behind
/// (a resumed run's records alone are hundreds of MB).
pub fn scratch(name: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("casus-{name}-"))
        .tempdir()
        .expect("scratch folder")
}

/// A file in a scratch folder of its own, removed when dropped.
pub struct TempFile {
    path: PathBuf,
    _dir: TempDir,
}

impl Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// A path named `name`, not yet written, in a scratch folder of its own.
pub fn temp_file(folder: &str, name: &str) -> TempFile {
    let dir = scratch(folder);
    let path = dir.path().join(name);
    TempFile { path, _dir: dir }
}

/// Writes `src` to a fresh temporary file named `name`, removed when the
/// returned value is dropped.
pub fn temp_scenario(name: &str, src: &str) -> TempFile {
    let file = temp_file("test", name);
    std::fs::write(&file, src).expect("write scenario");
    file
}

/// The JSON report of a run.
pub fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).expect("valid JSON")
}

/// Every `{p, lo, hi}` object in a JSON value, with its path.
pub fn proportions(v: &serde_json::Value, at: &str, out: &mut Vec<(String, f64, f64, f64)>) {
    match v {
        serde_json::Value::Object(m) => {
            let num = |k: &str| m.get(k).and_then(serde_json::Value::as_f64);
            if let (Some(p), Some(lo), Some(hi)) = (num("p"), num("lo"), num("hi")) {
                out.push((at.to_string(), p, lo, hi));
            }
            for (k, x) in m {
                proportions(x, &format!("{at}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                proportions(x, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}
