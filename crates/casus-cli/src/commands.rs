//! The commands: each reads its inputs, calls the libraries, writes output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use casus_report::{Report, ScenarioRef};
use casus_runner::run::{MAX_TRIALS, run_range};
use casus_scenario::{Document, limits};
use sha2::{Digest, Sha256};

use crate::Failure;
use crate::cli::{Cli, Command, RunArgs, TraceArgs, TraceFormat};

pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Check { files } => check(&files),
        Command::Trace(args) => trace(args),
    }
}

/// A scenario file read and validated.
struct Loaded {
    path: String,
    sha256: String,
    doc: Document,
}

/// Reads `path` within the size limit, then parses and validates it.
fn load(path: &Path) -> Result<Loaded, Failure> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::Input(format!("casus: cannot read {shown}: {e}")))?;
    if meta.len() > limits::MAX_FILE_BYTES as u64 {
        return Err(Failure::Input(format!(
            "casus: {shown} is {} bytes, over the limit MAX_FILE_BYTES = {} bytes; a scenario this large is almost certainly not a scenario",
            meta.len(),
            limits::MAX_FILE_BYTES
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Input(format!("casus: cannot read {shown}: {e}")))?;
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let src = String::from_utf8(bytes).map_err(|e| {
        Failure::Input(format!(
            "casus: {shown} is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let doc = casus_scenario::parse(&src)
        .map_err(|problems| Failure::Input(casus_scenario::render(&shown, &src, &problems)))?;
    Ok(Loaded {
        path: shown,
        sha256,
        doc,
    })
}

fn check(files: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut bad = Vec::new();
    for f in files {
        match load(f) {
            Ok(l) => {
                let names: Vec<&str> = l.doc.variants.iter().map(|v| v.name.as_str()).collect();
                println!(
                    "{}: ok ({} variant{}: {})",
                    l.path,
                    names.len(),
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                );
            }
            Err(Failure::Input(msg)) => bad.push(msg),
            Err(other) => return Err(other),
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(bad.join("\n")))
    }
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    let trials = args.trials.or(doc.meta.trials).unwrap_or(10_000);
    if trials == 0 || trials > MAX_TRIALS {
        return Err(Failure::Usage(format!(
            "--trials must be between 1 and {MAX_TRIALS}, got {trials}"
        )));
    }
    let seed = args.seed.or(doc.meta.seed).unwrap_or(0);
    let level = args.level.or(doc.meta.level).unwrap_or(0.95);
    if !(level > 0.0 && level < 1.0) {
        return Err(Failure::Usage(format!(
            "--level must be strictly between 0 and 1, got {level}"
        )));
    }
    if args.threads == Some(0) {
        return Err(Failure::Usage("--threads must be at least 1".into()));
    }
    let chosen: Vec<&casus_scenario::Variant> = if args.variants.is_empty() {
        doc.variants.iter().collect()
    } else {
        args.variants
            .iter()
            .map(|name| doc.variant(name))
            .collect::<Result<_, _>>()
            .map_err(|p| {
                Failure::Usage(
                    p.message.clone() + &p.help.map(|h| format!(" ({h})")).unwrap_or_default(),
                )
            })?
    };

    let progress = Progress::new(trials * chosen.len() as u64);
    let mut figures = Vec::with_capacity(chosen.len());
    for v in &chosen {
        let summary = run_range(&v.scenario, seed, 0..trials, args.threads, &|n| {
            progress.inc(n)
        });
        figures.push(casus_runner::estimate::figures(
            &v.name,
            &v.scenario,
            &summary,
            level,
        ));
    }
    progress.finish();

    let scenario = ScenarioRef {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
    };
    let report = Report::new(scenario, seed, level, figures);
    emit(&report.render(args.format.into()), args.out.as_deref())
}

fn emit(text: &str, out: Option<&Path>) -> Result<(), Failure> {
    match out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure::Input(format!("casus: cannot write {}: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(()),
                // A closed pipe (`casus run … | head`) is the reader's choice.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Failure::Internal(format!("cannot write the report: {e}"))),
            }
        }
    }
}

fn trace(args: TraceArgs) -> Result<(), Failure> {
    let loaded = load(&args.file)?;
    let doc = &loaded.doc;
    if args.trial >= MAX_TRIALS {
        return Err(Failure::Usage(format!(
            "--trial must be below {MAX_TRIALS}"
        )));
    }
    let variant = doc.variant(&args.variant).map_err(|p| {
        Failure::Usage(p.message.clone() + &p.help.map(|h| format!(" ({h})")).unwrap_or_default())
    })?;
    let seed = args.seed.or(doc.meta.seed).unwrap_or(0);
    let mut trial = Trial::new(&variant.scenario);
    let mut notes = Vec::new();
    trial.play(TrialRng::new(seed, args.trial as u32), &mut notes);
    let text = match args.format {
        TraceFormat::Text => {
            casus_report::trace::narrative(trial.world(), &notes, seed, args.trial, &variant.name)
        }
        TraceFormat::Json => {
            casus_report::trace::json(trial.world(), &notes, seed, args.trial, &variant.name)
        }
    };
    emit(&text, None)
}

/// A progress bar on a terminal; nothing when output is piped or `CI` is set.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(total: u64) -> Self {
        let show =
            std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && total >= 200_000;
        Progress(show.then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} trials · {per_sec} · {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }
    fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
