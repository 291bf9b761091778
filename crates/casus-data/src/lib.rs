//! `casus data`: from public datasets to cited scenario blocks.
//!
//! A scenario author names a year and a list of states; this crate reads the
//! datasets from the paths the author gives (they are never part of casus)
//! and writes TOML blocks ready to paste into a scenario, each number with a
//! comment that says where it comes from:
//!
//! * `[[state]]`: `power` = COW NMC CINC × 1000 for the year; `position` =
//!   the capital valid at the end of the year (COW capitals); `economy` from a
//!   GDP file if one is given, else left for the author (NMC has no GDP).
//! * `[[pact]]`: ATOP alliances in force among the states, with the ATOP id,
//!   the years, the strongest obligation as `kind`, and the ATOP conditions
//!   (named threats, geographic limits) as comments or `adversaries`.
//! * `[[supply]]`: SIPRI arms-transfer (TIV) shares of each recipient's
//!   imports over a span of years, optionally scaled by an import-dependence
//!   factor that the author states.
//!
//! Everything is a function of the files and the request: the same inputs
//! print the same bytes.

pub mod codes;
pub mod csv;
mod emit;
mod sources;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::Path;

pub use crate::csv::Table;
pub use emit::generate;

/// A problem with the input: a file, a column, a state, a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
    /// A hint: the nearest known name, the range the data cover, …
    pub help: Option<String>,
}

impl Error {
    pub fn new(message: String) -> Error {
        Error {
            message,
            help: None,
        }
    }
    pub(crate) fn with_help(mut self, help: String) -> Error {
        self.help = Some(help);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Reads a CSV file from `path`; messages name it by its file name.
pub fn load(path: &Path) -> Result<Table, Error> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    Table::parse(&name, &csv::decode(bytes))
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Request {
    /// The year of power and position (and of pacts in force, up to the
    /// last year ATOP codes).
    pub year: i32,
    /// States as the user named them (see [`codes::resolve`]).
    pub states: Vec<String>,
    /// SIPRI years, inclusive; default: the ten years to `year` (or to the
    /// last year of the file, if earlier).
    pub sipri_years: Option<(i32, i32)>,
    /// Multiplies every SIPRI import share (the recipient's dependence on
    /// imports for sustainment, a judgment); 1 = the raw share.
    pub dependence: f64,
    /// Supply links whose raw import share is below this are left out.
    pub min_share: f64,
    /// Year of the GDP figures; default `year`.
    pub gdp_year: Option<i32>,
    /// The command line, echoed in the header so the output can be redone.
    pub command: Option<String>,
}

impl Request {
    pub fn new(year: i32, states: Vec<String>) -> Request {
        Request {
            year,
            states,
            sipri_years: None,
            dependence: 1.0,
            min_share: 0.01,
            gdp_year: None,
            command: None,
        }
    }
}

/// The datasets, read.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// COW National Material Capabilities (ccode, year, cinc, …).
    pub nmc: Table,
    /// COW capitals with coordinates (ccode, capital, stdate, enddate, lat, lng).
    pub capitals: Table,
    /// ATOP files: member level (atopid, member, …) and/or directed dyad-years
    /// (ccode1, ccode2, year, atop_defense, …).
    pub atop: Vec<Table>,
    /// SIPRI arms transfers, supplier → recipient → year (supplier, recipient,
    /// year, value, supplier_cown, recipient_cown).
    pub sipri: Option<Table>,
    /// GDP: World Bank WDI wide CSV, or long (code, year, gdp_usd | gdp_usd_bn).
    pub gdp: Option<Table>,
}

/// The generated TOML, and notes for the user (printed on standard error).
#[derive(Debug, Clone)]
pub struct Output {
    pub toml: String,
    pub notes: Vec<String>,
}

/// `"2023-24"` or `"2012-2021"` → (first, last).
pub fn parse_years(s: &str) -> Result<(i32, i32), Error> {
    let bad = || {
        Error::new(format!("`{s}` is not a span of years"))
            .with_help("write FIRST-LAST, e.g. 2012-2021, or one year, e.g. 2021".to_string())
    };
    let (a, b) = match s.split_once(['-', ':']) {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (s.trim(), s.trim()),
    };
    let a: i32 = a.parse().map_err(|_| bad())?;
    let b: i32 = b.parse().map_err(|_| bad())?;
    if a > b {
        return Err(Error::new(format!(
            "the span of years `{s}` runs backwards"
        )));
    }
    Ok((a, b))
}
