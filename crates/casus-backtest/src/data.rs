//! Readers for the datasets a back-test needs, in the layouts of
//! `../shared/data/` (the peacesciencer conversions and the raw COW files).
//!
//! * [`Atop`]: ATOP 5.1 directed dyad-years (`ccode1, ccode2, year,
//!   atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul`);
//!   `atop_defense = 1` on (A, B) means A promised to defend B.
//! * [`Nmc`]: COW National Material Capabilities (`ccode, year, cinc`).
//! * [`Capitals`]: capitals with coordinates (`ccode, statenme, capital,
//!   stdate, enddate, lat, lng`).
//! * [`Rivalries`]: strategic rivalries (`ccode1, ccode2, styear, endyear`),
//!   Thompson & Dreyer 2012.
//!
//! COW state codes are `u32`; years are `i32`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::csv::{DataError, Table};

/// A COW state code.
pub type Ccode = u32;

/// The ATOP obligation types of one directed dyad-year, as bit flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Obligations(pub u8);

impl Obligations {
    /// A promise to defend.
    pub const DEFENSE: u8 = 1;
    /// A promise to join an attack.
    pub const OFFENSE: u8 = 2;
    /// A promise of neutrality.
    pub const NEUTRAL: u8 = 4;
    /// A promise not to attack.
    pub const NONAGG: u8 = 8;
    /// A promise to consult.
    pub const CONSUL: u8 = 16;

    /// Whether every flag in `bits` is set.
    pub fn has(self, bits: u8) -> bool {
        self.0 & bits == bits && bits != 0
    }

    /// Whether there is any obligation.
    pub fn any(self) -> bool {
        self.0 != 0
    }

    /// The Signorino–Ritter ordinal level of this tie: 3 for defense or
    /// offense, 2 for neutrality or nonaggression, 1 for consultation (an
    /// entente), 0 for none.
    ///
    /// ```
    /// use casus_backtest::data::Obligations;
    /// assert_eq!(Obligations(Obligations::DEFENSE | Obligations::CONSUL).level(), 3);
    /// assert_eq!(Obligations(Obligations::NONAGG).level(), 2);
    /// assert_eq!(Obligations(0).level(), 0);
    /// ```
    pub fn level(self) -> u8 {
        if self.0 & (Self::DEFENSE | Self::OFFENSE) != 0 {
            3
        } else if self.0 & (Self::NEUTRAL | Self::NONAGG) != 0 {
            2
        } else if self.0 & Self::CONSUL != 0 {
            1
        } else {
            0
        }
    }
}

/// One year of ATOP.
#[derive(Clone, Debug, Default)]
pub struct AtopYear {
    /// Directed obligations: `(a, b)` = what a promised b.
    pub directed: HashMap<(Ccode, Ccode), Obligations>,
    /// Undirected ties: for each state, every state it has an obligation with
    /// in either direction, and the union of the obligations.
    pub ties: BTreeMap<Ccode, BTreeMap<Ccode, Obligations>>,
}

/// ATOP directed dyad-years.
#[derive(Clone, Debug, Default)]
pub struct Atop {
    /// Per year.
    pub years: HashMap<i32, AtopYear>,
}

static EMPTY_TIES: BTreeMap<Ccode, Obligations> = BTreeMap::new();

impl Atop {
    /// Reads the peacesciencer `atop_alliance.csv` layout.
    pub fn read(path: &Path) -> Result<Atop, DataError> {
        Atop::from_table(&Table::read(path)?)
    }

    /// Builds from a parsed table.
    pub fn from_table(t: &Table) -> Result<Atop, DataError> {
        let c1 = t.column("ccode1")?;
        let c2 = t.column("ccode2")?;
        let yr = t.column("year")?;
        let kinds = [
            (t.column("atop_defense")?, Obligations::DEFENSE),
            (t.column("atop_offense")?, Obligations::OFFENSE),
            (t.column("atop_neutral")?, Obligations::NEUTRAL),
            (t.column("atop_nonagg")?, Obligations::NONAGG),
            (t.column("atop_consul")?, Obligations::CONSUL),
        ];
        let mut atop = Atop::default();
        for r in 0..t.rows.len() {
            let a = ccode(t, r, c1)?;
            let b = ccode(t, r, c2)?;
            let year = t.req_int(r, yr)? as i32;
            let mut bits = 0u8;
            for &(col, bit) in &kinds {
                if t.number(r, col)?.is_some_and(|x| x > 0.0) {
                    bits |= bit;
                }
            }
            if bits == 0 || a == b {
                continue;
            }
            atop.add(year, a, b, Obligations(bits));
        }
        Ok(atop)
    }

    /// Records that `a` promised `b` the obligations `o` in `year`.
    pub fn add(&mut self, year: i32, a: Ccode, b: Ccode, o: Obligations) {
        let y = self.years.entry(year).or_default();
        y.directed.entry((a, b)).or_default().0 |= o.0;
        y.ties.entry(a).or_default().entry(b).or_default().0 |= o.0;
        y.ties.entry(b).or_default().entry(a).or_default().0 |= o.0;
    }

    /// What `a` promised `b` in `year`.
    pub fn directed(&self, year: i32, a: Ccode, b: Ccode) -> Obligations {
        self.years
            .get(&year)
            .and_then(|y| y.directed.get(&(a, b)))
            .copied()
            .unwrap_or_default()
    }

    /// The obligations between `a` and `b` in either direction.
    pub fn tie(&self, year: i32, a: Ccode, b: Ccode) -> Obligations {
        self.ties(year, a).get(&b).copied().unwrap_or_default()
    }

    /// Every state `a` has an obligation with in `year`, either direction.
    pub fn ties(&self, year: i32, a: Ccode) -> &BTreeMap<Ccode, Obligations> {
        self.years
            .get(&year)
            .and_then(|y| y.ties.get(&a))
            .unwrap_or(&EMPTY_TIES)
    }

    /// The states that promised to defend `target` in `year` (its ATOP
    /// defense partners), in code order.
    pub fn defenders(&self, year: i32, target: Ccode) -> Vec<Ccode> {
        self.ties(year, target)
            .keys()
            .copied()
            .filter(|&j| self.directed(year, j, target).has(Obligations::DEFENSE))
            .collect()
    }

    /// The states with any obligation in `year`.
    pub fn members(&self, year: i32) -> BTreeSet<Ccode> {
        self.years
            .get(&year)
            .map(|y| y.ties.keys().copied().collect())
            .unwrap_or_default()
    }
}

/// COW National Material Capabilities: CINC per state-year.
#[derive(Clone, Debug, Default)]
pub struct Nmc {
    /// Per state, `(year, cinc)` sorted by year (`None` when missing).
    pub series: HashMap<Ccode, Vec<(i32, Option<f64>)>>,
    /// Per year, the states with a record (the state system).
    pub system: HashMap<i32, BTreeSet<Ccode>>,
}

impl Nmc {
    /// Reads the peacesciencer `cow_nmc.csv` layout (or COW's own, which has
    /// the same `ccode, year, cinc` columns).
    pub fn read(path: &Path) -> Result<Nmc, DataError> {
        Nmc::from_table(&Table::read(path)?)
    }

    /// Builds from a parsed table. Negative CINC (a COW missing code) counts
    /// as missing.
    pub fn from_table(t: &Table) -> Result<Nmc, DataError> {
        let cc = t.column("ccode")?;
        let yr = t.column("year")?;
        let ci = t.column("cinc")?;
        let mut nmc = Nmc::default();
        for r in 0..t.rows.len() {
            let c = ccode(t, r, cc)?;
            let y = t.req_int(r, yr)? as i32;
            let v = t.number(r, ci)?.filter(|x| *x >= 0.0);
            nmc.series.entry(c).or_default().push((y, v));
            nmc.system.entry(y).or_default().insert(c);
        }
        for s in nmc.series.values_mut() {
            s.sort_by_key(|&(y, _)| y);
        }
        Ok(nmc)
    }

    /// CINC of `c` in `year`; when that year is missing, the nearest earlier
    /// year with a value, else the nearest later one. `None` if the state has
    /// no value at all.
    pub fn cinc(&self, c: Ccode, year: i32) -> Option<f64> {
        let s = self.series.get(&c)?;
        let before = s
            .iter()
            .rev()
            .filter(|&&(y, v)| y <= year && v.is_some())
            .map(|&(_, v)| v)
            .next()
            .flatten();
        before.or_else(|| {
            s.iter()
                .find(|&&(y, v)| y > year && v.is_some())
                .and_then(|&(_, v)| v)
        })
    }

    /// The states in the system in `year` (those with an NMC record).
    pub fn system(&self, year: i32) -> BTreeSet<Ccode> {
        self.system.get(&year).cloned().unwrap_or_default()
    }
}

/// A capital.
#[derive(Clone, Debug, PartialEq)]
pub struct Capital {
    /// The state's name.
    pub state: String,
    /// The capital's name.
    pub city: String,
    /// First year it was the capital.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

/// Capitals with coordinates, per state and period.
#[derive(Clone, Debug, Default)]
pub struct Capitals {
    /// Per state, its capitals in date order.
    pub by_state: HashMap<Ccode, Vec<Capital>>,
}

impl Capitals {
    /// Reads the peacesciencer `cow_capitals.csv` layout.
    pub fn read(path: &Path) -> Result<Capitals, DataError> {
        Capitals::from_table(&Table::read(path)?)
    }

    /// Builds from a parsed table.
    pub fn from_table(t: &Table) -> Result<Capitals, DataError> {
        let cc = t.column("ccode")?;
        let name = t.column("statenme")?;
        let city = t.column("capital")?;
        let st = t.column("stdate")?;
        let en = t.column("enddate")?;
        let lat = t.column("lat")?;
        let lng = t.column("lng")?;
        let mut caps = Capitals::default();
        for r in 0..t.rows.len() {
            let c = ccode(t, r, cc)?;
            let year_of = |col: usize| -> Result<i32, DataError> {
                let s = t.rows[r][col].trim();
                s.get(..4)
                    .and_then(|y| y.parse::<i32>().ok())
                    .ok_or_else(|| {
                        DataError::new(format!(
                            "{}: column `{}` should be a date YYYY-MM-DD, found `{s}`",
                            t.at(r),
                            t.header[col]
                        ))
                    })
            };
            let (Some(la), Some(lo)) = (t.number(r, lat)?, t.number(r, lng)?) else {
                continue;
            };
            if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
                return Err(DataError::new(format!(
                    "{}: coordinates [{la}, {lo}] are out of range",
                    t.at(r)
                )));
            }
            caps.by_state.entry(c).or_default().push(Capital {
                state: t.rows[r][name].trim().to_string(),
                city: t.rows[r][city].trim().to_string(),
                from: year_of(st)?,
                to: year_of(en)?,
                lat: la,
                lon: lo,
            });
        }
        for v in caps.by_state.values_mut() {
            v.sort_by_key(|c| c.from);
        }
        Ok(caps)
    }

    /// The capital of `c` in `year`: the one whose period holds the year (the
    /// later one when two do, as in a year of a move), else the nearest period.
    pub fn at(&self, c: Ccode, year: i32) -> Option<&Capital> {
        let v = self.by_state.get(&c)?;
        v.iter()
            .rev()
            .find(|k| k.from <= year && year <= k.to)
            .or_else(|| {
                v.iter()
                    .min_by_key(|k| (k.from - year).abs().min((k.to - year).abs()))
            })
    }
}

/// Strategic rivalries (Thompson & Dreyer 2012): pairs and their years.
#[derive(Clone, Debug, Default)]
pub struct Rivalries {
    /// `(a, b, first year, last year)` with `a < b`.
    pub pairs: Vec<(Ccode, Ccode, i32, i32)>,
}

impl Rivalries {
    /// Reads the peacesciencer `td_rivalries.csv` layout (`tss_rivalries.csv`
    /// has the same columns). A missing end year means ongoing.
    pub fn read(path: &Path) -> Result<Rivalries, DataError> {
        Rivalries::from_table(&Table::read(path)?)
    }

    /// Builds from a parsed table.
    pub fn from_table(t: &Table) -> Result<Rivalries, DataError> {
        let c1 = t.column("ccode1")?;
        let c2 = t.column("ccode2")?;
        let st = t.column("styear")?;
        let en = t.column("endyear")?;
        let mut out = Rivalries::default();
        for r in 0..t.rows.len() {
            let (a, b) = (ccode(t, r, c1)?, ccode(t, r, c2)?);
            let from = t.req_int(r, st)? as i32;
            let to = t.int(r, en)?.map_or(i32::MAX, |y| y as i32);
            out.pairs.push((a.min(b), a.max(b), from, to));
        }
        Ok(out)
    }

    /// Whether `a` and `b` are rivals in `year`.
    pub fn rivals(&self, year: i32, a: Ccode, b: Ccode) -> bool {
        let (a, b) = (a.min(b), a.max(b));
        self.pairs
            .iter()
            .any(|&(x, y, f, t)| x == a && y == b && f <= year && year <= t)
    }
}

/// Field `col` of record `r` as a COW code.
pub(crate) fn ccode(t: &Table, r: usize, col: usize) -> Result<Ccode, DataError> {
    let v = t.req_int(r, col)?;
    u32::try_from(v).map_err(|_| {
        DataError::new(format!(
            "{}: column `{}` should be a COW state code, found {v}",
            t.at(r),
            t.header[col]
        ))
    })
}

/// Everything a scenario is built from.
#[derive(Clone, Debug, Default)]
pub struct Datasets {
    /// Alliance obligations.
    pub atop: Atop,
    /// Material capabilities.
    pub nmc: Nmc,
    /// Capitals.
    pub capitals: Capitals,
    /// Rivalries (empty when not given).
    pub rivalries: Rivalries,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atop_reads_directed_obligations() {
        let t = Table::parse(
            "a",
            "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n\
             2.0,20.0,1950.0,1.0,0.0,0.0,0.0,1.0\n20.0,2.0,1950.0,0.0,0.0,0.0,0.0,1.0\n",
        )
        .unwrap();
        let a = Atop::from_table(&t).unwrap();
        assert!(a.directed(1950, 2, 20).has(Obligations::DEFENSE));
        assert!(!a.directed(1950, 20, 2).has(Obligations::DEFENSE));
        assert_eq!(a.defenders(1950, 20), vec![2]);
        assert!(a.defenders(1950, 2).is_empty());
        assert_eq!(a.tie(1950, 20, 2).level(), 3);
        assert_eq!(a.tie(1951, 20, 2).level(), 0);
    }

    #[test]
    fn nmc_falls_back_to_the_nearest_year() {
        let t = Table::parse(
            "n",
            "ccode,year,cinc\n2,1900,0.1\n2,1901,\n2,1902,0.3\n3,1905,0.2\n",
        )
        .unwrap();
        let n = Nmc::from_table(&t).unwrap();
        assert_eq!(n.cinc(2, 1901), Some(0.1));
        assert_eq!(n.cinc(2, 1950), Some(0.3));
        assert_eq!(n.cinc(3, 1900), Some(0.2));
        assert_eq!(n.cinc(4, 1900), None);
        assert_eq!(n.system(1901).len(), 1);
    }

    #[test]
    fn capitals_by_period() {
        let t = Table::parse(
            "c",
            "ccode,statenme,capital,stdate,enddate,lat,lng\n\
             365,Russia,Saint Petersburg,1816-01-01,1918-03-11,59.96,30.16\n\
             365,Russia,Moscow,1918-03-12,2024-12-31,55.63,37.61\n",
        )
        .unwrap();
        let c = Capitals::from_table(&t).unwrap();
        assert_eq!(c.at(365, 1900).unwrap().city, "Saint Petersburg");
        assert_eq!(c.at(365, 1918).unwrap().city, "Moscow");
        assert_eq!(c.at(365, 1700).unwrap().city, "Saint Petersburg");
        assert!(c.at(2, 1900).is_none());
    }

    #[test]
    fn rivalries_by_year() {
        let t = Table::parse(
            "r",
            "rivalryno,ccode1,ccode2,styear,endyear\n1,300,220,1494,1918\n2,2,365,1945,\n",
        )
        .unwrap();
        let r = Rivalries::from_table(&t).unwrap();
        assert!(r.rivals(1900, 220, 300));
        assert!(!r.rivals(1919, 220, 300));
        assert!(r.rivals(2020, 365, 2));
    }
}
