//! `casus run`: the trials of one or more variants, and their report.
//!
//! Besides the plain run, the long-run flags ([`LongRun`]): `--shard I/N
//! --out PART` runs one contiguous share of the trials and writes it as a
//! part for `casus merge`; `--checkpoint FILE` saves the mergeable state
//! every so often (and on Ctrl-C or SIGTERM), and `--resume FILE` goes on
//! from it; `--trials-out FILE.csv|.jsonl` streams every trial's record.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use casus_report::{Report, ScenarioRef};
use casus_runner::part::{Part, Provenance, RecordsMark, Shard};
use casus_runner::records::{self, Records};
use casus_runner::run::{Window, Windowed, run_range, run_windows};
use casus_runner::summary::Summary;

use super::{Loaded, Progress, Settings, emit, load, pick_variants};
use crate::Failure;
use crate::cli::RunArgs;

/// The flags of long and distributed runs (flattened into `casus run`).
#[derive(clap::Args, Debug, Default)]
pub struct LongRun {
    /// Run only shard I of N (I from 0 to N−1, like SLURM_ARRAY_TASK_ID):
    /// the trials are split into N contiguous ranges by index. Writes a part
    /// to --out for `casus merge` instead of a report.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Save the mergeable state to FILE every --checkpoint-every seconds, on
    /// Ctrl-C or SIGTERM, and at the end (atomically: a crash leaves the old
    /// or the new file).
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// Seconds between checkpoints.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub checkpoint_every: f64,
    /// Go on from a checkpoint (and keep saving to it unless --checkpoint
    /// names another file). The report is byte-identical to an
    /// uninterrupted run's. Flags left out are taken from the checkpoint.
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
    /// Write every trial's record to FILE.csv or FILE.jsonl, in trial order
    /// (variant by variant), as the trials are played.
    #[arg(long, value_name = "FILE")]
    pub trials_out: Option<PathBuf>,
}

impl LongRun {
    fn is_plain(&self) -> bool {
        self.shard.is_none()
            && self.checkpoint.is_none()
            && self.resume.is_none()
            && self.trials_out.is_none()
    }
}

pub(crate) fn run(args: RunArgs) -> Result<(), Failure> {
    if args.precision.is_some() && !args.long.is_plain() {
        return Err(Failure::Usage(
            "--precision adds trials until the intervals are narrow enough; it cannot be combined with \
             --shard, --checkpoint, --resume or --trials-out, which fix the trials in advance"
                .into(),
        ));
    }
    let loaded = load(&args.file)?;
    if !args.long.is_plain() {
        return long_run(&args, &loaded);
    }
    let doc = &loaded.doc;
    let s = Settings::of(&loaded, &args.run, args.precision)?;
    let chosen = pick_variants(doc, args.variants.iter().map(String::as_str))?;

    let progress = Progress::new(s.trials * chosen.len() as u64);
    let mut figures = Vec::with_capacity(chosen.len());
    for v in &chosen {
        let figure = match s.precision {
            None => {
                let summary = run_range(&v.scenario, s.seed, 0..s.trials, s.threads, &|n| {
                    progress.inc(n)
                });
                casus_runner::estimate::figures(&v.name, &v.scenario, &summary, s.level)
            }
            Some(h) => {
                let f = until_precise(v, s.seed, s.trials, s.threads, s.level, h, &progress);
                eprintln!(
                    "casus: variant `{}`: {} trials for half-widths ≤ {h}",
                    v.name, f.trials
                );
                f
            }
        };
        figures.push(figure);
    }
    progress.finish();

    let scenario = ScenarioRef {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
    };
    let report = Report::new(scenario, s.seed, s.level, figures);
    emit(
        &report.render(args.output.format.into()),
        args.output.out.as_deref(),
    )
}

/// Runs `variant` in doubling rounds of contiguous trial indices, from
/// [`super::PRECISION_FIRST_ROUND`], until every headline proportion's
/// interval half-width is at most `h` or `budget` trials are spent. The
/// result is that of one run of the final size.
fn until_precise(
    variant: &casus_scenario::Variant,
    seed: u64,
    budget: u64,
    threads: Option<usize>,
    level: f64,
    h: f64,
    progress: &Progress,
) -> casus_runner::estimate::VariantFigures {
    let s = &variant.scenario;
    let mut done = 0;
    let mut total = budget.min(super::PRECISION_FIRST_ROUND);
    let mut summary = run_range(s, seed, 0..0, threads, &|_| ());
    loop {
        summary.merge(&run_range(s, seed, done..total, threads, &|n| {
            progress.inc(n)
        }));
        done = total;
        let f = casus_runner::estimate::figures(&variant.name, s, &summary, level);
        let e = &f.escalation;
        let widest = f
            .outcomes
            .0
            .iter()
            .map(|(_, p)| p)
            .chain([&e.ge1, &e.ge2, &e.ge3, &e.nuclear])
            .filter_map(|p| Some((p.hi? - p.lo?) / 2.0))
            .fold(0.0, f64::max);
        if widest <= h || done >= budget {
            return f;
        }
        total = (done * 2).min(budget);
    }
}

/// Set by Ctrl-C or SIGTERM: stop after the current window of batches.
static STOP: AtomicBool = AtomicBool::new(false);

fn input(msg: String) -> Failure {
    Failure::Input(format!("casus: {msg}"))
}

/// The checkpoint to resume from, read and checked.
fn read_checkpoint(path: &Path) -> Result<Part, Failure> {
    let part = Part::read(path).map_err(|e| {
        input(format!(
            "cannot resume: the checkpoint `{}` {e}",
            path.display()
        ))
    })?;
    if part.shard.count == 0 || part.shard.index >= part.shard.count {
        return Err(input(format!(
            "cannot resume: the checkpoint `{}` is inconsistent: its shard {} is impossible",
            path.display(),
            part.shard
        )));
    }
    Ok(part)
}

/// The per-trial records file being written, and how many bytes it holds.
struct RecordsOut {
    path: PathBuf,
    shown: String,
    format: records::Format,
    file: std::io::BufWriter<std::fs::File>,
    bytes: u64,
}

impl RecordsOut {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.file.write_all(bytes).map_err(|e| self.failed(e))?;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Flushes to disk, so that a checkpoint never counts bytes that a
    /// crash could lose.
    fn sync(&mut self) -> Result<(), Failure> {
        self.file.flush().map_err(|e| self.failed(e))?;
        self.file.get_ref().sync_data().map_err(|e| self.failed(e))
    }

    fn failed(&self, e: std::io::Error) -> Failure {
        input(format!("cannot write {}: {e}", self.path.display()))
    }

    fn mark(&self) -> RecordsMark {
        RecordsMark {
            path: self.shown.clone(),
            format: self.format.as_str().to_string(),
            bytes: self.bytes,
        }
    }
}

/// Writes the checkpoint, after flushing the records it counts.
fn save(path: Option<&Path>, part: &mut Part, out: Option<&mut RecordsOut>) -> Result<(), Failure> {
    let Some(path) = path else {
        return Ok(());
    };
    if let Some(o) = out {
        o.sync()?;
        part.records = Some(o.mark());
    }
    part.write(path).map_err(|e| {
        input(format!(
            "cannot write the checkpoint {}: {e}",
            path.display()
        ))
    })
}

fn long_run(args: &RunArgs, loaded: &Loaded) -> Result<(), Failure> {
    let long = &args.long;
    let doc = &loaded.doc;
    if !(long.checkpoint_every > 0.0 && long.checkpoint_every.is_finite()) {
        return Err(Failure::Usage(format!(
            "--checkpoint-every must be a positive number of seconds, got {}",
            long.checkpoint_every
        )));
    }
    if long.shard.is_some() && args.output.out.is_none() {
        return Err(Failure::Usage(
            "--shard needs --out PART: the file to write the part to (merge the parts with `casus merge`)".into(),
        ));
    }
    // Starting afresh over a checkpoint would throw its trials away.
    if let (Some(ck), None) = (&long.checkpoint, &long.resume)
        && ck.exists()
    {
        return Err(input(format!(
            "the checkpoint {} already exists: go on with it with --resume {}, or delete it to start afresh",
            ck.display(),
            ck.display()
        )));
    }
    let resumed = long.resume.as_deref().map(read_checkpoint).transpose()?;

    // A flag left out is taken from the checkpoint, whose settings were
    // checked when it was written; only then from the file.
    let s = Settings::resolve(
        loaded,
        args.run.trials.or(resumed.as_ref().map(|p| p.trials)),
        args.run.seed.or(resumed.as_ref().map(|p| p.seed)),
        args.run.level.or(resumed.as_ref().map(|p| p.level)),
        args.run.threads,
        None,
    )?;
    let shard = long
        .shard
        .or(resumed.as_ref().map(|p| p.shard))
        .unwrap_or(Shard::WHOLE);
    let names: Vec<String> = match (&resumed, args.variants.is_empty()) {
        (Some(p), true) => p.variants.iter().map(|v| v.name.clone()).collect(),
        _ => args.variants.clone(),
    };
    let chosen = pick_variants(doc, names.iter().map(String::as_str))?;

    let provenance = Provenance {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
        // The part carries the file's text, so that `merge` needs only parts.
        source: loaded.source.clone(),
    };
    let mut part = Part::new(
        provenance,
        s.seed,
        s.trials,
        s.level,
        shard,
        chosen
            .iter()
            .map(|v| (v.name.clone(), 0, Summary::for_scenario(&v.scenario)))
            .collect(),
    );
    let range = shard.range(s.trials);

    if let (Some(ck), Some(path)) = (&resumed, &long.resume) {
        let diffs = ck.differences(&part);
        if !diffs.is_empty() {
            let list: Vec<String> = diffs
                .iter()
                .map(|(what, theirs, ours)| format!("its {what} is {theirs}, this run's is {ours}"))
                .collect();
            return Err(input(format!(
                "cannot resume from `{}`: it is the checkpoint of another run: {}; resume with the same file and flags, or start afresh without --resume",
                path.display(),
                list.join("; ")
            )));
        }
        if ck.shard != shard {
            return Err(input(format!(
                "cannot resume from `{}`: it is of shard {}, this run is of shard {shard}",
                path.display(),
                ck.shard
            )));
        }
        let shape = |name: &str| {
            doc.variant(name)
                .ok()
                .map(|v| Summary::for_scenario(&v.scenario))
        };
        ck.check(&shape).map_err(|why| {
            input(format!(
                "cannot resume: the checkpoint `{}` is inconsistent: {why}",
                path.display()
            ))
        })?;
        part.variants = ck.variants.clone();
    }

    let (format, mut out) = match &long.trials_out {
        None => (None, None),
        Some(path) => {
            let (f, o) = open_records(path, &chosen, resumed.as_ref(), long.resume.as_deref())?;
            (Some(f), Some(o))
        }
    };
    let checkpoint = long.checkpoint.clone().or(long.resume.clone());
    if checkpoint.is_some() {
        // A second Ctrl-C stops at once, as usual.
        let _ = ctrlc::set_handler(|| {
            if STOP.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }

    let remaining: u64 = part.variants.iter().map(|v| part.len() - v.done).sum();
    let progress = Progress::new(remaining);
    let every = Duration::from_secs_f64(long.checkpoint_every.min(1e9));
    let mut last_save = Instant::now();
    let plain = checkpoint.is_none() && out.is_none();
    let mut stopped = false;
    for (i, v) in chosen.iter().enumerate() {
        let done = part.variants[i].done;
        if done == part.len() {
            continue;
        }
        let todo = range.start + done..range.end;
        if plain {
            let summary = run_range(&v.scenario, s.seed, todo, s.threads, &|n| progress.inc(n));
            part.variants[i].summary.merge(&summary);
            part.variants[i].done = part.len();
            continue;
        }
        let recorder = |k: u64, rec: &casus_core::record::TrialOutcome, buf: &mut Vec<u8>| {
            if let Some(f) = &format {
                f.write(i, k, rec, buf);
            }
        };
        let cfg = Windowed {
            seed: s.seed,
            threads: s.threads,
            recorder: format.as_ref().map(|_| &recorder as _),
            progress: &|n| progress.inc(n),
        };
        let start = std::mem::take(&mut part.variants[i].summary);
        let mut failed = None;
        let mut after = |w: Window<'_>| {
            let result = (|| {
                if let Some(o) = out.as_mut() {
                    for b in w.records {
                        o.write(b)?;
                    }
                }
                let stop = STOP.load(Ordering::SeqCst);
                if stop || last_save.elapsed() >= every {
                    part.variants[i].summary = w.summary.clone();
                    part.variants[i].done = w.reached - range.start;
                    save(checkpoint.as_deref(), &mut part, out.as_mut())?;
                    last_save = Instant::now();
                }
                Ok(stop)
            })();
            match result {
                Ok(false) => ControlFlow::Continue(()),
                Ok(true) => ControlFlow::Break(()),
                Err(e) => {
                    failed = Some(e);
                    ControlFlow::Break(())
                }
            }
        };
        let (summary, reached) = run_windows(&v.scenario, &cfg, todo, start, &mut after);
        if let Some(e) = failed {
            progress.finish();
            return Err(e);
        }
        part.variants[i].summary = summary;
        part.variants[i].done = reached - range.start;
        if reached < range.end {
            stopped = true;
            break;
        }
    }
    progress.finish();
    save(checkpoint.as_deref(), &mut part, out.as_mut())?;
    if let Some(o) = out.as_mut() {
        o.sync()?;
    }
    if stopped {
        let ck = checkpoint
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        eprintln!(
            "casus: interrupted after {} of {} trials; saved to {ck}. Go on with: casus run {} --resume {ck}",
            part.done(),
            part.len() * part.variants.len() as u64,
            loaded.path
        );
        std::process::exit(130);
    }

    if let Some(shard) = long.shard {
        let path = args.output.out.as_deref().unwrap_or(Path::new("part"));
        part.records = None;
        part.write(path)
            .map_err(|e| input(format!("cannot write {}: {e}", path.display())))?;
        eprintln!(
            "casus: wrote shard {shard} (trials {}..{} of {} variant{}) to {}",
            range.start,
            range.end,
            chosen.len(),
            if chosen.len() == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(());
    }
    let figures = chosen
        .iter()
        .zip(&part.variants)
        .map(|(v, pv)| casus_runner::estimate::figures(&v.name, &v.scenario, &pv.summary, s.level))
        .collect();
    let scenario = ScenarioRef {
        name: doc.meta.name.clone(),
        file: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
    };
    let report = Report::new(scenario, s.seed, s.level, figures);
    emit(
        &report.render(args.output.format.into()),
        args.output.out.as_deref(),
    )
}

/// Opens the `--trials-out` file: afresh with its header, or, when resuming
/// a checkpoint, cut back to the bytes the checkpoint counted.
fn open_records(
    path: &Path,
    chosen: &[&casus_scenario::Variant],
    resumed: Option<&Part>,
    resume_path: Option<&Path>,
) -> Result<(Records, RecordsOut), Failure> {
    let Some(format) = records::Format::from_path(path) else {
        return Err(Failure::Usage(format!(
            "--trials-out {}: the file name must end in .csv or .jsonl",
            path.display()
        )));
    };
    let variants: Vec<(&str, &casus_core::model::Scenario)> = chosen
        .iter()
        .map(|v| (v.name.as_str(), &v.scenario))
        .collect();
    let records = Records::new(format, &variants);
    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| input(format!("cannot write {shown}: {e}"));
    let resume_from = resumed.filter(|p| p.done() > 0);
    let (file, bytes) = match resume_from {
        None => {
            let mut f = std::fs::File::create(path).map_err(cannot)?;
            let header = records.header();
            f.write_all(&header).map_err(cannot)?;
            (f, header.len() as u64)
        }
        Some(ck) => {
            let ck_path = resume_path
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let Some(mark) = &ck.records else {
                return Err(input(format!(
                    "cannot resume with --trials-out: the checkpoint `{ck_path}` was taken without it, so the records of the {} trials already done are lost; run afresh, or resume without --trials-out",
                    ck.done()
                )));
            };
            if mark.path != shown || mark.format != format.as_str() {
                return Err(input(format!(
                    "cannot resume with --trials-out {shown}: the checkpoint `{ck_path}` was writing its records to {}; give that file",
                    mark.path
                )));
            }
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .map_err(|e| input(format!("cannot reopen {shown} to resume it: {e}")))?;
            let len = f.metadata().map_err(cannot)?.len();
            if len < mark.bytes {
                return Err(input(format!(
                    "cannot resume with --trials-out {shown}: it has {len} bytes, but the checkpoint counted {} written; it was truncated or replaced",
                    mark.bytes
                )));
            }
            // Records written after the checkpoint are written again.
            f.set_len(mark.bytes).map_err(cannot)?;
            let mut f = f;
            std::io::Seek::seek(&mut f, std::io::SeekFrom::End(0)).map_err(cannot)?;
            (f, mark.bytes)
        }
    };
    let out = RecordsOut {
        path: path.to_path_buf(),
        shown,
        format,
        file: std::io::BufWriter::with_capacity(1 << 20, file),
        bytes,
    };
    Ok((records, out))
}
