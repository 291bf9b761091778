//! `casus data`: cited `[[state]]`, `[[pact]]` and `[[supply]]` blocks from
//! the datasets at the paths the user gives (see the casus-data crate).

use std::path::PathBuf;

use clap::Args;

use crate::Failure;

#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  casus data --nmc cow_nmc.csv --capitals cow_capitals.csv \\\n    --atop atop-member-level.csv --atop atop_alliance.csv \\\n    --sipri sipri-exports-processed.csv --year 2022 --states IND,PAK,CHN \\\n    --sipri-years 2012-2021\n\nStates: ISO-3 codes (PAK), COW abbreviations (UAE), COW numbers (696) or names;\nID=CODE gives your own id (TWN=713). The output is TOML to paste into a\nscenario; every number carries a comment naming its dataset, year and figure."
)]
pub struct DataArgs {
    /// COW National Material Capabilities CSV (ccode, year, cinc, …).
    #[arg(long, value_name = "PATH")]
    pub nmc: PathBuf,
    /// COW capitals CSV (ccode, capital, stdate, enddate, lat, lng).
    #[arg(long, value_name = "PATH")]
    pub capitals: PathBuf,
    /// ATOP member-level and/or dyad-year CSV (repeatable; one of each).
    #[arg(long, value_name = "PATH")]
    pub atop: Vec<PathBuf>,
    /// SIPRI arms transfers, long form (supplier, recipient, year, value, supplier_cown, recipient_cown).
    #[arg(long, value_name = "PATH")]
    pub sipri: Option<PathBuf>,
    /// GDP: a World Bank WDI CSV download, or long form (iso3|ccode, year, gdp_usd|gdp_usd_bn).
    #[arg(long, value_name = "PATH")]
    pub gdp: Option<PathBuf>,
    /// Year of power, capitals and pacts in force.
    #[arg(long)]
    pub year: i32,
    /// Comma-separated states, e.g. IND,PAK,CHN.
    #[arg(long, value_delimiter = ',', required = true, num_args = 1..)]
    pub states: Vec<String>,
    /// SIPRI years for supply shares, FIRST-LAST [default: the ten years to --year].
    #[arg(long, value_name = "FIRST-LAST")]
    pub sipri_years: Option<String>,
    /// Year of the GDP figures [default: --year].
    #[arg(long)]
    pub gdp_year: Option<i32>,
    /// Multiply every SIPRI import share by this import-dependence factor (0, 1].
    #[arg(long, default_value_t = 1.0)]
    pub dependence: f64,
    /// Leave out supply links whose import share is below this.
    #[arg(long, default_value_t = 0.01)]
    pub min_share: f64,
    /// Write the TOML here instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

fn input(e: casus_data::Error) -> Failure {
    Failure::Input(format!("casus data: {e}"))
}

pub fn data(args: DataArgs) -> Result<(), Failure> {
    let sipri_years = match &args.sipri_years {
        Some(s) => Some(casus_data::parse_years(s).map_err(|e| Failure::Usage(e.to_string()))?),
        None => None,
    };
    let mut req = casus_data::Request::new(args.year, args.states.clone());
    req.sipri_years = sipri_years;
    req.dependence = args.dependence;
    req.min_share = args.min_share;
    req.gdp_year = args.gdp_year;
    req.command = Some(command_line(&args));
    let load = |p: &PathBuf| casus_data::load(p).map_err(input);
    let inputs = casus_data::Inputs {
        nmc: load(&args.nmc)?,
        capitals: load(&args.capitals)?,
        atop: args.atop.iter().map(load).collect::<Result<_, _>>()?,
        sipri: args.sipri.as_ref().map(load).transpose()?,
        gdp: args.gdp.as_ref().map(load).transpose()?,
    };
    let out = casus_data::generate(&req, &inputs).map_err(input)?;
    for n in &out.notes {
        eprintln!("casus data: note: {n}");
    }
    super::emit(&out.toml, args.out.as_deref())
}

/// The command, with file names only (paths are the user's business), so
/// that the header says how to redo the output.
fn command_line(a: &DataArgs) -> String {
    let f = |p: &PathBuf| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let mut s = format!(
        "casus data --nmc {} --capitals {}",
        f(&a.nmc),
        f(&a.capitals)
    );
    for p in &a.atop {
        s.push_str(&format!(" --atop {}", f(p)));
    }
    if let Some(p) = &a.sipri {
        s.push_str(&format!(" --sipri {}", f(p)));
    }
    if let Some(p) = &a.gdp {
        s.push_str(&format!(" --gdp {}", f(p)));
    }
    s.push_str(&format!(
        " --year {} --states {}",
        a.year,
        a.states.join(",")
    ));
    if let Some(y) = &a.sipri_years {
        s.push_str(&format!(" --sipri-years {y}"));
    }
    if let Some(y) = a.gdp_year {
        s.push_str(&format!(" --gdp-year {y}"));
    }
    if a.dependence != 1.0 {
        s.push_str(&format!(" --dependence {}", a.dependence));
    }
    if a.min_share != 0.01 {
        s.push_str(&format!(" --min-share {}", a.min_share));
    }
    s
}
