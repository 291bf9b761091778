//! `--format html` as a person sees it: the reports of the bundled scenario
//! (from `run`, `compare` and `sweep`, and a `sensitivity` page) loaded in
//! headless Chromium.
//!
//! Each page is loaded twice — `--dump-dom` to check that the charts are in
//! the rendered page, `--screenshot` to check that something was drawn —
//! with Chromium's console on stderr (any console message fails: the page
//! has no script, so a message can only be an error or a blocked request)
//! and a network log (any request made on behalf of the page fails). A
//! control page that does reach out checks that these detectors still work
//! on the installed Chromium.
//!
//! Chromium is required: CI installs Debian's `chromium` (`.ci/run`). Without
//! it these tests fail, saying so, unless `CASUS_SKIP_BROWSER=1` is set (then
//! only the checks that need no browser run). `CASUS_CHROMIUM=PATH` picks
//! another binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{TempFile, casus, scratch, temp_file};

const SMDA: &str = "scenarios/smda-india-pakistan.toml";

/// The Chromium to use, `None` when the browser checks are skipped, and a
/// failure (not a silent pass) when it is missing.
fn browser() -> Option<PathBuf> {
    if std::env::var("CASUS_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("CASUS_SKIP_BROWSER=1: skipping the headless-Chromium checks");
        return None;
    }
    if let Some(p) = std::env::var_os("CASUS_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    for name in ["chromium", "chromium-browser"] {
        let fixed = Path::new("/usr/bin").join(name);
        if fixed.is_file() {
            return Some(fixed);
        }
        if let Some(p) = on_path.iter().map(|d| d.join(name)).find(|p| p.is_file()) {
            return Some(p);
        }
    }
    panic!(
        "the HTML report tests need headless Chromium, which is not installed.\n\
         Install it (CI's .ci/run does): \
         sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium\n\
         or point CASUS_CHROMIUM at a Chromium binary, \
         or set CASUS_SKIP_BROWSER=1 to skip the browser checks."
    );
}

/// What one page load left behind.
struct Load {
    /// Standard output (the DOM with `--dump-dom`).
    stdout: String,
    /// Lines of Chromium's log that are console messages of the page.
    console: Vec<String>,
    /// http(s) URLs requested on behalf of the page (from the net log).
    requests: Vec<String>,
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display()).replace(' ', "%20")
}

/// Loads `page` in headless Chromium with the flags of
/// `../shared/notes/chromium-headless.md` plus `mode`.
fn load(chromium: &Path, page: &Path, mode: &[String]) -> Load {
    let tmp = scratch("browser");
    let dir = tmp.path();
    let profile = dir.join("profile");
    std::fs::create_dir_all(&profile).expect("profile dir");
    let netlog = dir.join("netlog.json");
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(mode)
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for chromium") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 180 s on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&out).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    assert!(
        status.success(),
        "chromium failed ({status}) on {}:\n{stderr}",
        page.display()
    );
    let console = stderr
        .lines()
        .filter(|l| l.contains("INFO:CONSOLE") || l.contains(":CONSOLE("))
        .map(str::to_string)
        .collect();
    let requests = page_requests(&std::fs::read_to_string(&netlog).unwrap_or_default());
    Load {
        stdout,
        console,
        requests,
    }
}

/// The http(s) URLs of a Chromium net log requested on behalf of a page
/// opened from a file: their network isolation key names `file://`. (The
/// browser's own background requests, which these flags reduce but do not
/// stop, have another key and are not the page's.)
fn page_requests(netlog: &str) -> Vec<String> {
    let parsed: serde_json::Value = serde_json::from_str(netlog)
        .or_else(|_| {
            serde_json::from_str(&format!("{}]}}", netlog.trim_end().trim_end_matches(',')))
        })
        .unwrap_or_else(|e| panic!("the Chromium net log is not JSON ({e})"));
    let events = parsed["events"]
        .as_array()
        .expect("net log has events")
        .iter();
    let mut urls: Vec<String> = events
        .filter_map(|e| {
            let p = &e["params"];
            let key = p["network_isolation_key"].as_str()?;
            let url = p["url"].as_str()?;
            (key.starts_with("file://")
                && (url.starts_with("http://") || url.starts_with("https://")))
            .then(|| url.to_string())
        })
        .collect();
    urls.dedup();
    urls
}

/// Width and height from a PNG's header, asserting it is a PNG.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(
        bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "not a PNG"
    );
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

/// Writes the HTML report of `casus COMMAND SMDA --trials 5000 --format html`
/// and returns its path.
fn report(command: &str, name: &str) -> TempFile {
    report_of(&[command, SMDA, "--trials", "5000"], name)
}

/// Writes the HTML report of `casus ARGS --format html` and returns its path.
fn report_of(args: &[&str], name: &str) -> TempFile {
    let out = temp_file(name, "report.html");
    let out_s = out.display().to_string();
    let mut all = args.to_vec();
    all.extend(["--format", "html", "--out", &out_s]);
    let run = casus(&all);
    assert!(
        run.status.success(),
        "casus {all:?} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Checks that need no browser: the file is one self-contained page.
fn self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "not an HTML page");
    for bad in [
        "<script",
        "<link",
        "<iframe",
        "<img",
        "@import",
        "url(",
        " src=",
        "href=\"http",
    ] {
        assert!(!html.contains(bad), "the page contains `{bad}`");
    }
    let urls = html.matches("http://").count() + html.matches("https://").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, namespaces, "a URL other than the SVG namespace");
    assert!(
        html.contains("default-src 'none'"),
        "no Content-Security-Policy"
    );
}

/// Loads a report in the browser and checks what it rendered; returns the DOM.
fn renders(chromium: &Path, page: &Path, expected_titles: &[&str]) -> String {
    let dom = load(chromium, page, &["--dump-dom".to_string()]);
    assert!(
        dom.console.is_empty(),
        "console messages:\n{}",
        dom.console.join("\n")
    );
    assert!(
        dom.requests.is_empty(),
        "requests left the file: {:?}",
        dom.requests
    );
    let d = &dom.stdout;
    let svgs = d.matches("<svg").count();
    assert!(svgs >= expected_titles.len(), "{svgs} charts in the DOM");
    assert_eq!(
        d.matches("role=\"img\"").count(),
        svgs,
        "a chart without role=img"
    );
    assert_eq!(
        d.matches("</title><desc").count(),
        svgs,
        "a chart without title and desc"
    );
    for t in expected_titles {
        assert!(
            d.contains(&format!(">{t}</title>")),
            "no chart titled `{t}`"
        );
    }
    for s in ["src=\"http", "href=\"http", "src=\"//"] {
        assert!(!d.contains(s), "the rendered page refers to `{s}`");
    }

    // A screenshot, compared with one of an empty page of the same size.
    let tmp = scratch("shot");
    let dir = tmp.path();
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").expect("blank page");
    let shot = |p: &Path, png: &Path| {
        let l = load(
            chromium,
            p,
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=1280,2000".to_string(),
            ],
        );
        assert!(
            l.console.is_empty(),
            "console messages:\n{}",
            l.console.join("\n")
        );
        assert!(
            l.requests.is_empty(),
            "requests left the file: {:?}",
            l.requests
        );
        std::fs::read(png).expect("chromium wrote no screenshot")
    };
    let (png, empty) = (
        shot(page, &dir.join("report.png")),
        shot(&blank, &dir.join("blank.png")),
    );
    assert_eq!(png_size(&png), (1280, 2000));
    assert!(
        png.len() > 30_000 && png.len() > 5 * empty.len(),
        "the screenshot looks empty: {} bytes (an empty page: {} bytes)",
        png.len(),
        empty.len()
    );
    dom.stdout
}

#[test]
fn the_run_report_is_one_self_contained_page() {
    let page = report("run", "run-static");
    let html = std::fs::read_to_string(&page).expect("report written");
    self_contained(&html);
    assert!(html.contains("Outcome probabilities"));
}

#[test]
fn the_run_report_renders_in_headless_chromium() {
    let Some(chromium) = browser() else { return };
    let page = report("run", "run");
    let dom = renders(
        &chromium,
        &page,
        &[
            "Outcome probabilities",
            "Escalation ladder",
            "Duration of the war",
            "Size of the war",
            "Who fights, by side: variant base",
            "Pacts invoked, honoured, declined, conflicted: variant base",
            "Supply links cut: variant base",
            "Who fights, by side: variant trilateral",
        ],
    );
    // Labels from the scenario, and the provenance footer.
    for label in [
        "PAK",
        "IND",
        "smda",
        "CHN-PAK-arms",
        "trilateral",
        "smda-india-pakistan",
    ] {
        assert!(dom.contains(label), "no `{label}` in the page");
    }
    let sha = crate::util::json(&["run", SMDA, "--trials", "10"])["scenario"]["sha256"]
        .as_str()
        .expect("sha256")
        .to_string();
    assert!(dom.contains(&sha), "the file's sha256 is not in the footer");
    assert!(dom.contains("20250917"), "the seed is not in the footer");
}

#[test]
fn the_compare_report_renders_in_headless_chromium() {
    let Some(chromium) = browser() else { return };
    let page = report("compare", "compare");
    let html = std::fs::read_to_string(&page).expect("report written");
    self_contained(&html);
    let dom = renders(
        &chromium,
        &page,
        &[
            "Outcome probabilities",
            "Escalation ladder",
            "Paired differences: Outcomes and escalation",
            "Paired differences: Who fights",
        ],
    );
    assert!(dom.contains("trilateral (vs base)"));
}

#[test]
fn the_sweep_report_renders_in_headless_chromium() {
    let Some(chromium) = browser() else { return };
    let page = report_of(
        &[
            "sweep",
            SMDA,
            "--set",
            "pact.smda.reliability=0:1:5",
            "--trials",
            "1000",
        ],
        "sweep",
    );
    self_contained(&std::fs::read_to_string(&page).expect("report written"));
    let dom = renders(
        &chromium,
        &page,
        &[
            "Outcome probabilities against pact.smda.reliability",
            "Escalation ladder against pact.smda.reliability",
            "Who fights against pact.smda.reliability",
            "Pacts honoured against pact.smda.reliability",
            "Duration of the war against pact.smda.reliability",
        ],
    );
    assert!(dom.contains("--set pact.smda.reliability=0:1:5"));
}

#[test]
fn the_sensitivity_report_renders_in_headless_chromium() {
    use casus_report::ScenarioRef;
    use casus_report::sensitivity::{SensitivityReport, SobolRow, TornadoBar};
    let Some(chromium) = browser() else { return };
    // The page `casus sensitivity --format html` writes, from a report of
    // the shape the command computes.
    let inputs = [
        "state.PAK.nuclear.threshold",
        "crisis.stakes",
        "event.us-mediation.strength",
    ];
    let report = SensitivityReport {
        casus_version: "0.0.0".into(),
        scenario: ScenarioRef {
            name: "smda-india-pakistan".into(),
            file: SMDA.into(),
            sha256: "ab".repeat(32),
        },
        variant: "base".into(),
        metric: "outcomes.deterred".into(),
        seed: 1,
        trials_per_point: 1000,
        samples: 256,
        level: 0.95,
        at_medians: 0.17,
        tornado: inputs
            .iter()
            .enumerate()
            .map(|(i, input)| TornadoBar {
                input: input.to_string(),
                low: 0.2,
                high: 0.6,
                figure_low: 0.17 - 0.1 / (i + 1) as f64,
                figure_high: 0.17 + 0.05 / (i + 1) as f64,
                swing: 0.15 / (i + 1) as f64,
            })
            .collect(),
        sobol: inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let f = 0.6 / (i + 1) as f64;
                SobolRow {
                    input: input.to_string(),
                    first: f,
                    first_ci: [f - 0.05, f + 0.05],
                    total: f + 0.1,
                    total_ci: [f + 0.04, f + 0.16],
                }
            })
            .collect(),
    };
    let page = temp_file("sensitivity", "report.html");
    std::fs::write(&page, report.to_html()).expect("write the page");
    self_contained(&std::fs::read_to_string(&page).expect("report written"));
    renders(
        &chromium,
        &page,
        &[
            "Tornado: outcomes.deterred",
            "Sobol indices: outcomes.deterred",
        ],
    );
}

#[test]
fn the_browser_checks_catch_a_page_that_reaches_out() {
    let Some(chromium) = browser() else { return };
    let tmp = scratch("control");
    let dir = tmp.path();
    // Without a policy the request goes out (and fails): the net log shows it.
    let open = dir.join("open.html");
    std::fs::write(
        &open,
        "<!DOCTYPE html><html><body><img src=\"http://casus.invalid/x.png\" alt=\"\"></body></html>",
    )
    .expect("control page");
    let l = load(&chromium, &open, &["--dump-dom".to_string()]);
    assert!(
        l.requests.iter().any(|u| u.contains("casus.invalid")),
        "the net-log check no longer sees a page's requests on this Chromium"
    );
    // With the report's policy it is blocked, and the console says so.
    let closed = dir.join("closed.html");
    std::fs::write(
        &closed,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>\
         <body><img src=\"http://casus.invalid/x.png\" alt=\"\"></body></html>",
    )
    .expect("control page");
    let l = load(&chromium, &closed, &["--dump-dom".to_string()]);
    assert!(
        !l.console.is_empty(),
        "the console check no longer sees messages on this Chromium"
    );
    assert!(l.requests.is_empty(), "{:?}", l.requests);
}
