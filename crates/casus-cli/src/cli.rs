//! The command line of INTERFACE.md.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// casus: who joins, how far it escalates, how it ends — with intervals.
#[derive(Parser, Debug)]
#[command(name = "casus", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the trials of a scenario and print or write the report.
    Run(RunArgs),
    /// Validate scenario files; print every problem with file:line:column.
    Check {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Tell, step by step, what happened in one trial.
    Trace(TraceArgs),
    /// Compare variants on the same trials: paired differences, tests, findings.
    Compare(crate::commands::compare::CompareArgs),
    /// Run the scenario over a grid of one or two parameters (common random numbers).
    Sweep(crate::commands::sweep::SweepArgs),
    /// Which uncertain inputs drive a figure: tornado and Sobol indices.
    Sensitivity(crate::commands::sensitivity::SensitivityArgs),
    /// Print cited [[state]], [[pact]] and [[supply]] blocks from datasets (COW NMC, capitals, ATOP, SIPRI).
    Data(crate::commands::data::DataArgs),
    /// Score the model against history: P(an ally joins a war) vs what allies did (ATOP, NMC, MID).
    Backtest(crate::commands::backtest::BacktestArgs),
    /// Merge the parts of a sharded run (`run --shard I/N --out PART`) into its report.
    Merge(crate::commands::merge::MergeArgs),
}

/// The options every command that plays trials takes; each falls back on
/// the file's `[scenario]` table, then on the defaults of INTERFACE.md.
#[derive(Args, Debug)]
pub struct RunOptions {
    /// Trials per variant (per point for `sweep`) [default: the file's `[scenario] trials`, else 10000].
    #[arg(long)]
    pub trials: Option<u64>,
    /// Master seed [default: the file's `[scenario] seed`, else 0]; every variant and point plays the same trials.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Confidence level of every interval [default: the file's, else 0.95].
    #[arg(long)]
    pub level: Option<f64>,
}

/// Where and how a report is written.
#[derive(Args, Debug)]
pub struct OutputOptions {
    /// Report format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// Run only this variant (repeatable); default: every variant, `base` first.
    #[arg(long = "variant", value_name = "NAME")]
    pub variants: Vec<String>,
    /// Trials, seed, threads and level.
    #[command(flatten)]
    pub run: RunOptions,
    /// Add trials in doubling rounds until every headline proportion's
    /// interval half-width (outcomes, escalation) is at most H, or
    /// `--trials` is spent; the report says how many each variant took.
    #[arg(long, value_name = "H")]
    pub precision: Option<f64>,
    /// Format and destination of the report; with --shard, --out is the part.
    #[command(flatten)]
    pub output: OutputOptions,
    #[command(flatten)]
    pub long: crate::commands::run::LongRun,
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// The trial index to replay.
    #[arg(long)]
    pub trial: u64,
    /// The variant to play.
    #[arg(long, default_value = "base")]
    pub variant: String,
    /// Master seed [default: the file's, else 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Narrative text, or the same as JSON.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    pub format: TraceFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    Text,
    Json,
    Csv,
    Markdown,
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceFormat {
    Text,
    Json,
}

impl From<FormatArg> for casus_report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => casus_report::Format::Text,
            FormatArg::Json => casus_report::Format::Json,
            FormatArg::Csv => casus_report::Format::Csv,
            FormatArg::Markdown => casus_report::Format::Markdown,
            FormatArg::Html => casus_report::Format::Html,
        }
    }
}
