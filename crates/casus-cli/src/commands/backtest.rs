//! `casus backtest`: the model scored against history (docs/validation.md).

use std::path::PathBuf;

use casus_backtest::report::InputNames;
use casus_backtest::{CaseSource, Config, Inputs};
use clap::{ArgGroup, Args, ValueEnum};

use super::emit;
use crate::Failure;

/// The arguments of `casus backtest`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("source").required(true).args(["mid", "cases"])))]
pub struct BacktestArgs {
    /// ATOP directed dyad-years CSV (ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul).
    #[arg(long, value_name = "PATH")]
    pub atop: PathBuf,
    /// COW National Material Capabilities CSV (ccode, year, cinc).
    #[arg(long, value_name = "PATH")]
    pub nmc: PathBuf,
    /// Capitals CSV (ccode, statenme, capital, stdate, enddate, lat, lng).
    #[arg(long, value_name = "PATH")]
    pub capitals: PathBuf,
    /// MID participants: COW MIDB or GML gml_part (cases from every war-level dispute).
    #[arg(long, value_name = "PATH")]
    pub mid: Option<PathBuf>,
    /// Cases CSV: case_id,year,target,attackers,partner,observed (COW codes; attackers `;`-separated).
    #[arg(long, value_name = "PATH")]
    pub cases: Option<PathBuf>,
    /// Strategic rivalries CSV (ccode1, ccode2, styear, endyear), e.g. td_rivalries.csv.
    #[arg(long, value_name = "PATH")]
    pub rivalries: Option<PathBuf>,
    /// Fit the constants on the wars before the cut-off; score the wars after it.
    #[arg(long)]
    pub fit: bool,
    /// Wars before this year train, the others test [default with --fit: 1980].
    #[arg(long, value_name = "YEAR")]
    pub cutoff: Option<i32>,
    /// Trials per war.
    #[arg(long, default_value_t = 1000)]
    pub trials: u64,
    /// Master seed (trials and bootstrap).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Bootstrap resamples for the skill intervals.
    #[arg(long, default_value_t = 2000)]
    pub bootstrap: usize,
    /// Coverage of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Report format.
    #[arg(long, value_enum, default_value_t = BacktestFormat::Text)]
    pub format: BacktestFormat,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// The forms of a back-test report.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BacktestFormat {
    /// Scores, fitted constants, calibration table and largest misses.
    Text,
    /// Everything, every case included.
    Json,
    /// One row per case with its forecasts.
    Csv,
    /// A self-contained page: scores, calibration plot, fitted constants, every case.
    Html,
}

pub(crate) fn backtest(args: BacktestArgs) -> Result<(), Failure> {
    if args.trials == 0 || args.trials > u64::from(u32::MAX) {
        return Err(Failure::Usage(format!(
            "--trials must be between 1 and {}, got {}",
            u32::MAX,
            args.trials
        )));
    }
    if args.threads == Some(0) {
        return Err(Failure::Usage("--threads must be at least 1".into()));
    }
    if !(args.level > 0.0 && args.level < 1.0) {
        return Err(Failure::Usage(format!(
            "--level must be strictly between 0 and 1, got {}",
            args.level
        )));
    }
    let cases = match (args.mid, args.cases) {
        (Some(m), None) => CaseSource::Mid(m),
        (None, Some(c)) => CaseSource::Cases(c),
        _ => return Err(Failure::Usage("give one of --mid and --cases".into())),
    };
    let inputs = Inputs {
        atop: args.atop,
        nmc: args.nmc,
        capitals: args.capitals,
        cases,
        rivalries: args.rivalries,
    };
    let (data, set) =
        casus_backtest::load(&inputs).map_err(|e| Failure::Input(format!("casus: {e}")))?;
    if set.cases.is_empty() {
        return Err(Failure::Input(
            "casus: the case source gives no case to score".into(),
        ));
    }
    let cfg = Config {
        trials: args.trials,
        seed: args.seed,
        threads: args.threads,
        cutoff: args.cutoff,
        fit: args.fit,
        bootstrap: args.bootstrap,
        level: args.level,
    };
    let mut report = casus_backtest::run(&data, set, &cfg);
    report.inputs = Some(InputNames::from(&inputs));
    let text = match args.format {
        BacktestFormat::Text => report.to_text(),
        BacktestFormat::Json => report.to_json(),
        BacktestFormat::Csv => report.to_csv(),
        BacktestFormat::Html => report.to_html(),
    };
    emit(&text, args.out.as_deref())
}
