//! The commands: each reads its inputs, calls the libraries, writes output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use casus_runner::run::MAX_TRIALS;
use casus_scenario::{Document, limits};
use sha2::{Digest, Sha256};

use crate::Failure;
use crate::cli::{Cli, Command};

pub(crate) mod backtest;
mod check;
pub(crate) mod compare;
pub(crate) mod data;
pub(crate) mod merge;
pub(crate) mod run;
pub(crate) mod sensitivity;
pub(crate) mod sweep;
mod trace;

pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Check { files } => check::check(&files),
        Command::Compare(args) => compare::compare(args),
        Command::Sweep(args) => sweep::sweep(args),
        Command::Sensitivity(args) => sensitivity::sensitivity(args),
        Command::Trace(args) => trace::trace(args),
        Command::Data(args) => data::data(args),
        Command::Backtest(args) => backtest::backtest(args),
        Command::Merge(args) => merge::merge(args),
    }
}

/// The size of the first round of a `--precision` run; later rounds double it.
pub(crate) const PRECISION_FIRST_ROUND: u64 = 10_000;

/// The run settings shared by `run`, `compare` and `sweep`: the command
/// line, else the file's `[scenario]` table, else the defaults of INTERFACE.md.
pub(crate) struct Settings {
    pub trials: u64,
    pub seed: u64,
    pub level: f64,
    pub threads: Option<usize>,
    pub precision: Option<f64>,
}

impl Settings {
    /// The settings of `run`, `compare` and `sweep`, from their shared flags.
    pub(crate) fn of(
        loaded: &Loaded,
        run: &crate::cli::RunOptions,
        precision: Option<f64>,
    ) -> Result<Settings, Failure> {
        Self::resolve(
            loaded,
            run.trials,
            run.seed,
            run.level,
            run.threads,
            precision,
        )
    }

    /// Each setting from its flag (`None` when left out), else `loaded`'s
    /// `[scenario]` table, else the default. The file's values were checked
    /// when it was read, so only a flag can be out of range (a usage error).
    pub(crate) fn resolve(
        loaded: &Loaded,
        trials: Option<u64>,
        seed: Option<u64>,
        level: Option<f64>,
        threads: Option<usize>,
        precision: Option<f64>,
    ) -> Result<Settings, Failure> {
        let doc = &loaded.doc;
        let trials = trials.or(doc.meta.trials).unwrap_or(10_000);
        if !(1..=MAX_TRIALS).contains(&trials) {
            return Err(Failure::Usage(format!(
                "--trials must be between 1 and {MAX_TRIALS}, got {trials}"
            )));
        }
        let level = level.or(doc.meta.level).unwrap_or(0.95);
        if !(level > 0.0 && level < 1.0) {
            return Err(Failure::Usage(format!(
                "--level must be strictly between 0 and 1, got {level}"
            )));
        }
        if threads == Some(0) {
            return Err(Failure::Usage("--threads must be at least 1".into()));
        }
        if let Some(h) = precision
            && !(h > 0.0 && h < 1.0)
        {
            return Err(Failure::Usage(format!(
                "--precision must be strictly between 0 and 1, got {h}"
            )));
        }
        Ok(Settings {
            trials,
            seed: seed.or(doc.meta.seed).unwrap_or(0),
            level,
            threads,
            precision,
        })
    }
}

/// The variants `names` of `doc`, in that order, or every variant of the
/// file when none is named.
pub(crate) fn pick_variants<'d, 'n>(
    doc: &'d Document,
    names: impl ExactSizeIterator<Item = &'n str>,
) -> Result<Vec<&'d casus_scenario::Variant>, Failure> {
    if names.len() == 0 {
        return Ok(doc.variants.iter().collect());
    }
    names.map(|name| pick_variant(doc, name)).collect()
}

/// The variant `name` of `doc`, or a usage error that names the nearest one.
pub(crate) fn pick_variant<'d>(
    doc: &'d Document,
    name: &str,
) -> Result<&'d casus_scenario::Variant, Failure> {
    doc.variant(name).map_err(|p| {
        let help = p
            .help
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        Failure::Usage(format!("{}{help}", p.message))
    })
}

/// A scenario file read and validated.
pub(crate) struct Loaded {
    pub path: String,
    pub sha256: String,
    /// The file's text: exactly the bytes hashed.
    pub source: String,
    pub doc: Document,
}

/// Reads `path` within the size limit, then parses and validates it.
pub(crate) fn load(path: &Path) -> Result<Loaded, Failure> {
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
        source: src,
        doc,
    })
}

pub(crate) fn emit(text: &str, out: Option<&Path>) -> Result<(), Failure> {
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

/// A progress bar on a terminal (INTERFACE.md): none when standard output or
/// error is piped, or `CI` is set.
pub(crate) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub(crate) fn new(total: u64) -> Self {
        let show =
            // INTERFACE.md: none when output is piped or `CI` is set.
            std::io::stderr().is_terminal()
                && std::io::stdout().is_terminal()
                && std::env::var_os("CI").is_none()
                && total >= 200_000;
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
    pub(crate) fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
