//! CSV files read into memory. The `csv` crate does the parsing (RFC 4180
//! quoting, CRLF or LF); this module adds what the datasets need around it:
//! a header that may come after a preamble ([`Table::reheader`]), ragged
//! rows, the line each row starts on for messages, and an error for a quote
//! that is never closed, which the `csv` crate would read as a field running
//! to the end of the file.

use crate::Error;

/// A CSV file read into memory: a header row and data rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// How the file is named in messages and citations (its file name).
    pub name: String,
    pub headers: Vec<String>,
    /// Rows as written: ragged rows are kept (see [`cell`]).
    pub rows: Vec<Vec<String>>,
    /// The 1-based line on which each row starts.
    pub lines: Vec<usize>,
}

impl Table {
    /// Parses `text`; the first record is the header. Blank lines are
    /// skipped.
    pub fn parse(name: &str, text: &str) -> Result<Table, Error> {
        let (mut lines, mut rows) = records(name, text).map_err(Error::new)?;
        if rows.is_empty() {
            return Err(Error::new(format!("{name}: the file is empty")));
        }
        lines.remove(0);
        let headers = rows
            .remove(0)
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(Table {
            name: name.to_string(),
            headers,
            rows,
            lines,
        })
    }

    /// Re-reads the table with record `i` (0 = the current header) as the
    /// header, dropping everything before it (files with a preamble).
    pub fn reheader(mut self, i: usize) -> Table {
        if i == 0 {
            return self;
        }
        let mut all = Vec::with_capacity(self.rows.len() + 1);
        all.push(std::mem::take(&mut self.headers));
        all.append(&mut self.rows);
        let mut rest = all.split_off(i);
        let headers = rest
            .remove(0)
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        Table {
            name: self.name,
            headers,
            rows: rest,
            lines: self.lines.split_off(i),
        }
    }

    /// The index of column `col`, if present (exact match after trimming).
    pub fn find(&self, col: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == col)
    }

    /// The index of column `col`, or an error naming the file, the columns it
    /// has, and the nearest one.
    pub fn column(&self, col: &str, what: &str) -> Result<usize, Error> {
        self.find(col).ok_or_else(|| {
            let near = crate::codes::nearest(col, self.headers.iter().map(String::as_str));
            let mut e = Error::new(format!(
                "{}: missing column `{col}` ({what}); is this the right file?",
                self.name
            ));
            let shown: Vec<&str> = self.headers.iter().take(12).map(String::as_str).collect();
            let more = if self.headers.len() > 12 {
                format!(", … ({} in all)", self.headers.len())
            } else {
                String::new()
            };
            e.help = Some(match near {
                Some(n) => format!(
                    "did you mean `{n}`? its columns: {}{more}",
                    shown.join(", ")
                ),
                None => format!("its columns: {}{more}", shown.join(", ")),
            });
            e
        })
    }

    /// The first of `cols` that the table has, or an error listing them.
    pub fn any_column(&self, cols: &[&str], what: &str) -> Result<usize, Error> {
        if let Some(i) = cols.iter().find_map(|c| self.find(c)) {
            return Ok(i);
        }
        let quoted: Vec<String> = cols.iter().map(|c| format!("`{c}`")).collect();
        let mut e = Error::new(format!(
            "{}: missing column: none of {} ({what}); is this the right file?",
            self.name,
            quoted.join(", ")
        ));
        let shown: Vec<&str> = self.headers.iter().take(12).map(String::as_str).collect();
        e.help = Some(format!("its columns: {}", shown.join(", ")));
        Err(e)
    }
}

/// Field `i` of `row`, or "" when the row is short (ragged files).
pub fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", |s| s.trim())
}

/// A data file's bytes as text: UTF-8, or else Latin-1, which some
/// providers ship (every byte is then one character), so that no name is
/// mangled into replacement characters.
///
/// ```
/// assert_eq!(casus_data::csv::decode(b"C\xf4te".to_vec()), "Côte");
/// assert_eq!(casus_data::csv::decode("Côte".as_bytes().to_vec()), "Côte");
/// ```
pub fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    }
}

/// Every record of `text` and the line it starts on; blank lines are
/// skipped. A problem is told as `name:line: what`. casus-backtest reads
/// its files through this too.
///
/// ```
/// let (lines, rows) = casus_data::csv::records("t.csv", "a,b\n\n\"x\ny\",2\n").unwrap();
/// assert_eq!(lines, [1, 3]);
/// assert_eq!(rows[1], ["x\ny", "2"]);
/// let e = casus_data::csv::records("t.csv", "a,b\n\"x,2\n").unwrap_err();
/// assert_eq!(e, "t.csv:2: a quoted field is never closed");
/// ```
pub fn records(name: &str, text: &str) -> Result<(Vec<usize>, Vec<Vec<String>>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let (mut lines, mut rows) = (Vec::new(), Vec::new());
    let mut last = 0;
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("{name}:{}: {e}", p.line()),
            None => format!("{name}: {e}"),
        })?;
        let at = record.position().expect("a record read has a position");
        last = at.byte() as usize;
        lines.push(start_line(&text.as_bytes()[last..], at.line() as usize));
        rows.push(record.iter().map(String::from).collect());
    }
    if let Some(line) = lines.last()
        && ends_in_quotes(&text.as_bytes()[last..])
    {
        return Err(format!("{name}:{line}: a quoted field is never closed"));
    }
    Ok((lines, rows))
}

/// The line on which the record in `tail` starts, given the line of its
/// position: the csv crate places a record where the previous one ended,
/// before the blank lines it skips.
fn start_line(tail: &[u8], line: usize) -> usize {
    let blank = tail
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count();
    line + blank
}

/// Whether `tail`, the text from the start of the last record, ends inside a
/// quoted field. Given two more line breaks, a record that is closed ends at
/// the first of them at the latest; one inside quotes takes both in.
fn ends_in_quotes(tail: &[u8]) -> bool {
    let padded = [tail, b"\n\n"].concat();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(padded.as_slice());
    let mut record = ::csv::ByteRecord::new();
    matches!(reader.read_byte_record(&mut record), Ok(true))
        && reader.position().byte() == padded.len() as u64
}
