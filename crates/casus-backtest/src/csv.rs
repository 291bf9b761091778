//! The CSV files of the datasets, read into memory through
//! [`casus_data::csv::records`] (the `csv` crate, with the line each record
//! starts on), as tables whose every message names the file, the line and
//! the column.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// A problem reading an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// What went wrong, with the file and line.
    pub message: String,
}

impl DataError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        DataError {
            message: message.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DataError {}

/// A CSV table: a header and its records, all fields as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Where it came from (for messages).
    pub source: String,
    /// Column names.
    pub header: Vec<String>,
    /// Records; each has as many fields as the header.
    pub rows: Vec<Vec<String>>,
    /// The 1-based line on which each record starts.
    pub lines: Vec<usize>,
    index: HashMap<String, usize>,
}

impl Table {
    /// Reads a file.
    pub fn read(path: &Path) -> Result<Table, DataError> {
        let shown = path.display().to_string();
        let bytes =
            std::fs::read(path).map_err(|e| DataError::new(format!("cannot read {shown}: {e}")))?;
        Table::parse(&shown, &casus_data::csv::decode(bytes))
    }

    /// Parses CSV text; `source` names it in messages.
    ///
    /// ```
    /// let t = casus_backtest::csv::Table::parse("x.csv", "a,b\n1,\"x, y\"\n").unwrap();
    /// assert_eq!(t.rows[0][1], "x, y");
    /// assert_eq!(t.column("b").unwrap(), 1);
    /// ```
    pub fn parse(source: &str, text: &str) -> Result<Table, DataError> {
        let (mut lines, mut records) =
            casus_data::csv::records(source, text).map_err(DataError::new)?;
        if records.is_empty() {
            return Err(DataError::new(format!("{source}: the file is empty")));
        }
        let header: Vec<String> = records
            .remove(0)
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        lines.remove(0);
        for (r, &l) in records.iter().zip(&lines) {
            if r.len() != header.len() {
                return Err(DataError::new(format!(
                    "{source}:{l}: {} fields, but the header has {}",
                    r.len(),
                    header.len()
                )));
            }
        }
        let index = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        Ok(Table {
            source: source.to_string(),
            header,
            rows: records,
            lines,
            index,
        })
    }

    /// Whether the header has this column.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The position of a column, or an error naming the file and the columns
    /// it does have.
    pub fn column(&self, name: &str) -> Result<usize, DataError> {
        self.index.get(name).copied().ok_or_else(|| {
            DataError::new(format!(
                "{}: no column `{name}` (the header is: {})",
                self.source,
                self.header.join(",")
            ))
        })
    }

    /// Field `col` of record `row` as a number; `None` when empty, `NA` or a
    /// COW missing code (negative codes −9, −8, −7 where the column says so is
    /// left to the caller).
    pub fn number(&self, row: usize, col: usize) -> Result<Option<f64>, DataError> {
        let s = self.rows[row][col].trim();
        if s.is_empty() || s.eq_ignore_ascii_case("na") || s.eq_ignore_ascii_case("nan") {
            return Ok(None);
        }
        s.parse::<f64>().map(Some).map_err(|_| {
            DataError::new(format!(
                "{}:{}: column `{}` should be a number, found `{s}`",
                self.source, self.lines[row], self.header[col]
            ))
        })
    }

    /// Field `col` of record `row` as a whole number (`2.0` reads as 2).
    pub fn int(&self, row: usize, col: usize) -> Result<Option<i64>, DataError> {
        match self.number(row, col)? {
            None => Ok(None),
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => Ok(Some(x as i64)),
            Some(x) => Err(DataError::new(format!(
                "{}:{}: column `{}` should be a whole number, found {x}",
                self.source, self.lines[row], self.header[col]
            ))),
        }
    }

    /// Like [`Table::int`], but a missing value is an error.
    pub fn req_int(&self, row: usize, col: usize) -> Result<i64, DataError> {
        self.int(row, col)?.ok_or_else(|| {
            DataError::new(format!(
                "{}:{}: column `{}` is empty",
                self.source, self.lines[row], self.header[col]
            ))
        })
    }

    /// The message prefix `file:line` of record `row`.
    pub fn at(&self, row: usize) -> String {
        format!("{}:{}", self.source, self.lines[row])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_crlf_and_escapes() {
        let t = Table::parse("t", "a,b,c\r\n\"x\"\"y\",2.0,\r\n3,\"4\n5\",6\n").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][0], "x\"y");
        assert_eq!(t.int(0, 1).unwrap(), Some(2));
        assert_eq!(t.number(0, 2).unwrap(), None);
        assert_eq!(t.rows[1][1], "4\n5");
        assert_eq!(t.lines, vec![2, 3]);
    }

    #[test]
    fn lines_count_blank_lines_and_an_open_quote_is_an_error() {
        let t = Table::parse("t", "a,b\n\n1,\"x\ny\"\n\n\n2,3\n").unwrap();
        assert_eq!(t.lines, vec![3, 7]);
        let e = Table::parse("t", "a,b\n1,2\n3,\"4\n5,6\n").unwrap_err();
        assert_eq!(e.message, "t:3: a quoted field is never closed");
    }

    #[test]
    fn ragged_rows_and_unknown_columns_are_errors() {
        assert!(Table::parse("t", "a,b\n1\n").is_err());
        let t = Table::parse("t", "a,b\n1,2").unwrap();
        assert!(t.column("c").unwrap_err().message.contains("a,b"));
        assert!(t.int(0, 0).is_ok());
        let bad = Table::parse("t", "a\n1.5\n").unwrap();
        assert!(bad.int(0, 0).is_err());
    }
}
