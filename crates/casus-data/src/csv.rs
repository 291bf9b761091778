//! A small RFC 4180 reader: quoted fields (with `""` escapes, commas and
//! line breaks inside), CRLF or LF, an optional UTF-8 byte-order mark.
//! The datasets casus reads are plain comma-separated files, so this is all
//! that is needed, and it keeps the crate free of dependencies.

use crate::Error;

/// A CSV file read into memory: a header row and data rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// How the file is named in messages and citations (its file name).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Parses `text`; the first record is the header.
    pub fn parse(name: &str, text: &str) -> Result<Table, Error> {
        let mut records = records(name, text)?;
        if records.is_empty() {
            return Err(Error::new(format!("{name}: the file is empty")));
        }
        let headers = records
            .remove(0)
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(Table {
            name: name.to_string(),
            headers,
            rows: records,
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

/// Every record of `text`. Blank lines are kept as one empty field (so that
/// record numbers match data lines), except a final empty line.
fn records(name: &str, text: &str) -> Result<Vec<Vec<String>>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut quote_line = 0usize;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                quote_line = line;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                row.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(Error::new(format!(
            "{name}:{quote_line}: a quoted field is never closed"
        )));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        out.push(row);
    }
    Ok(out)
}
