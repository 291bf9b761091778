//! Problems found in a scenario file, and their human rendering.

use std::fmt;
use std::ops::Range;

use crate::limits::{MAX_MESSAGE_BYTES, MAX_PROBLEMS, MAX_SUGGESTION_WORK};
use crate::suggest;

/// One thing wrong with a scenario file, located by a byte range of the
/// source.
///
/// [`crate::parse`] returns every problem of a file at once; [`render`]
/// prints them with their line, column and source line.
///
/// ```
/// let src = "[scenario]\nnmae = \"x\"\n";
/// let problems = casus_scenario::parse(src).unwrap_err();
/// let p = problems.iter().find(|p| p.message.contains("nmae")).unwrap();
/// assert_eq!(p.line_col(src), (2, 1));
/// assert_eq!(p.help.as_deref(), Some("did you mean `name`?"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte range of the offending text in the source (empty for a place
    /// between characters, e.g. the end of the file).
    pub span: Range<usize>,
    /// What is wrong, e.g. "unknown state `PKA`".
    pub message: String,
    /// What was expected there, shown under the caret (may be empty).
    pub label: String,
    /// How to fix it, e.g. "did you mean `PAK`?".
    pub help: Option<String>,
    /// Further context, e.g. "in variant `no-tur`".
    pub notes: Vec<String>,
    /// Other places that explain the problem, e.g. where an id was first
    /// defined.
    pub related: Vec<Label>,
    /// The problem concerns the file as a whole (e.g. a missing `[crisis]`)
    /// or no place in it; `span` is then `0..0` and no source line is shown.
    pub whole_file: bool,
}

/// A secondary place in the source, with what it has to do with a
/// [`Problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// Why this place matters, e.g. "first defined here".
    pub message: String,
}

impl Problem {
    /// A problem at `span`.
    ///
    /// ```
    /// let p = casus_scenario::Problem::at(4..7, "unknown state `PKA`")
    ///     .label("not a state of this file")
    ///     .help("did you mean `PAK`?");
    /// assert_eq!(p.span, 4..7);
    /// ```
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem {
            span,
            message: message.into(),
            label: String::new(),
            help: None,
            notes: Vec::new(),
            related: Vec::new(),
            whole_file: false,
        }
    }

    /// A problem about the file as a whole, not a place in it.
    pub fn whole_file(message: impl Into<String>) -> Self {
        Problem {
            whole_file: true,
            ..Problem::at(0..0, message)
        }
    }

    /// Sets the text shown under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line when there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds a related place.
    pub fn related(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// The 1-based line and column (in characters) where the problem starts.
    ///
    /// ```
    /// let p = casus_scenario::Problem::at(8..9, "x");
    /// assert_eq!(p.line_col("ab\ncdé\nfg"), (3, 1));
    /// ```
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.span.start)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// The largest char boundary of `src` at or before `at`.
fn floor_boundary(src: &str, at: usize) -> usize {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// 1-based line and column (in characters) of byte `at` in `src`.
fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = floor_boundary(src, at);
    let before = &src[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, src[line_start..at].chars().count() + 1)
}

/// Cuts `s` to [`MAX_MESSAGE_BYTES`], at a character boundary.
fn clip(s: &mut String) {
    if s.len() > MAX_MESSAGE_BYTES {
        let cut = floor_boundary(s, MAX_MESSAGE_BYTES - 3);
        s.truncate(cut);
        s.push('…');
    }
}

/// Collects problems while a file is read, and rations the "did you mean"
/// searches (see [`crate::limits::MAX_SUGGESTION_WORK`]).
#[derive(Debug)]
pub(crate) struct Sink {
    pub(crate) problems: Vec<Problem>,
    /// Comparisons left for "did you mean".
    work: usize,
}

impl Sink {
    pub(crate) fn new() -> Self {
        Sink {
            problems: Vec::new(),
            work: MAX_SUGGESTION_WORK,
        }
    }

    pub(crate) fn push(&mut self, mut p: Problem) {
        clip(&mut p.message);
        clip(&mut p.label);
        if let Some(h) = &mut p.help {
            clip(h);
        }
        p.notes.iter_mut().for_each(clip);
        p.related.iter_mut().for_each(|l| clip(&mut l.message));
        self.problems.push(p);
    }

    pub(crate) fn len(&self) -> usize {
        self.problems.len()
    }

    /// An empty sink that shares this one's suggestion budget; give the
    /// budget back with [`Sink::join`].
    pub(crate) fn fork(&self) -> Sink {
        Sink {
            problems: Vec::new(),
            work: self.work,
        }
    }

    /// Takes over the suggestion budget a [`Sink::fork`] has used.
    pub(crate) fn join(&mut self, fork: &Sink) {
        self.work = self.work.min(fork.work);
    }

    /// "did you mean `X`?" for the candidate nearest to `word`, while the
    /// budget lasts.
    pub(crate) fn did_you_mean<'a, I>(&mut self, word: &str, candidates: I) -> Option<String>
    where
        I: IntoIterator<Item = &'a str>,
    {
        suggest::nearest_within(word, candidates, &mut self.work)
            .map(|c| format!("did you mean `{c}`?"))
    }

    /// The problems in source order, duplicates dropped, at most
    /// [`MAX_PROBLEMS`] of them.
    pub(crate) fn finish(self) -> Vec<Problem> {
        let mut ps = self.problems;
        // Stable: problems at one place keep the order they were found in.
        ps.sort_by_key(|p| (!p.whole_file, p.span.start, p.span.end));
        let mut out: Vec<Problem> = Vec::with_capacity(ps.len().min(MAX_PROBLEMS + 1));
        let mut dropped = 0usize;
        for p in ps {
            if out
                .iter()
                .rev()
                .take_while(|q| q.span == p.span)
                .any(|q| *q == p)
            {
                continue;
            }
            if out.len() < MAX_PROBLEMS {
                out.push(p);
            } else {
                dropped += 1;
            }
        }
        if dropped > 0 {
            out.push(Problem::whole_file(format!(
                "{dropped} more problems not shown (limit MAX_PROBLEMS = {MAX_PROBLEMS})"
            )));
        }
        out
    }
}

/// Renders problems for people, without colour.
///
/// Each problem shows `file:line:column` (1-based), the source line with a
/// caret under the offending text and what was expected there, then its help
/// and notes, in the style of rustc.
///
/// ```
/// let src = "[[state]]\nid = \"pak\"\n";
/// let problems = casus_scenario::parse(src).unwrap_err();
/// let out = casus_scenario::render("demo.toml", src, &problems);
/// assert!(out.contains("--> demo.toml:2:6"), "{out}");
/// assert!(out.contains("2 | id = \"pak\""), "{out}");
/// ```
pub fn render(file_name: &str, src: &str, problems: &[Problem]) -> String {
    let lines = Lines::new(src);
    let mut out = String::new();
    for p in problems {
        render_one(&mut out, file_name, &lines, p);
        out.push('\n');
    }
    match problems.len() {
        0 => {}
        1 => out.push_str(&format!("error: {file_name}: 1 problem\n")),
        n => out.push_str(&format!("error: {file_name}: {n} problems\n")),
    }
    out
}

/// Where each line starts, so that placing a thousand problems in an 8 MB
/// file does not rescan it a thousand times.
struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { src, starts }
    }

    /// 1-based line and column of byte `at`, and the line's byte range
    /// (without its newline).
    fn locate(&self, at: usize) -> (usize, usize, Range<usize>) {
        let at = floor_boundary(self.src, at);
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(self.src.len(), |&s| s - 1);
        (line, self.src[start..at].chars().count() + 1, start..end)
    }
}

fn render_one(out: &mut String, file: &str, lines: &Lines<'_>, p: &Problem) {
    out.push_str(&format!("error: {}\n", p.message));
    let gutter = if p.whole_file {
        out.push_str(&format!(" --> {file}\n"));
        1
    } else {
        let (line, col, _) = lines.locate(p.span.start);
        let last = p
            .related
            .iter()
            .map(|l| lines.locate(l.span.start).0)
            .chain([line])
            .max()
            .unwrap_or(line);
        let width = last.to_string().len();
        out.push_str(&format!("{:width$}--> {file}:{line}:{col}\n", ""));
        out.push_str(&format!("{:width$} |\n", ""));
        snippet(out, lines, &p.span, '^', &p.label, width);
        for l in &p.related {
            let (line, col, _) = lines.locate(l.span.start);
            out.push_str(&format!("{:width$}::: {file}:{line}:{col}\n", ""));
            snippet(out, lines, &l.span, '-', &l.message, width);
        }
        width
    };
    if (p.help.is_some() || !p.notes.is_empty()) && !p.whole_file {
        out.push_str(&format!("{:gutter$} |\n", ""));
    }
    if let Some(help) = &p.help {
        out.push_str(&format!("{:gutter$} = help: {help}\n", ""));
    }
    for note in &p.notes {
        out.push_str(&format!("{:gutter$} = note: {note}\n", ""));
    }
}

/// Characters of a source line shown before the marked text; a longer line
/// is cut around the marker (a whole 8 MB line, once per problem, would
/// bury the message).
const BEFORE: usize = 60;
/// Characters of a source line shown from the marked text on.
const AFTER: usize = 100;

/// One source line with a marker under `span` (its first line only).
fn snippet(
    out: &mut String,
    lines: &Lines<'_>,
    span: &Range<usize>,
    mark: char,
    label: &str,
    width: usize,
) {
    let src = lines.src;
    let (line, _, range) = lines.locate(span.start);
    let start = floor_boundary(src, span.start).clamp(range.start, range.end);
    let end = floor_boundary(src, span.end).clamp(start, range.end);
    let before = &src[range.start..start];
    let (cut_before, shown_before) = match before.char_indices().rev().nth(BEFORE) {
        Some((i, c)) => (true, &before[i + c.len_utf8()..]),
        None => (false, before),
    };
    let after = &src[start..range.end];
    let (cut_after, shown_after) = match after.char_indices().nth(AFTER) {
        Some((i, _)) => (true, &after[..i]),
        None => (false, after),
    };
    let text = format!(
        "{}{shown_before}{shown_after}{}",
        if cut_before { "…" } else { "" },
        if cut_after { "…" } else { "" }
    );
    out.push_str(&format!(
        "{line:>width$} | {}\n",
        text.trim_end_matches('\r')
    ));
    // Keep tabs in the padding so the marker lines up under tabbed text.
    let lead = if cut_before { " " } else { "" };
    let pad: String = shown_before
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let marked = src[start..end].chars().take(AFTER).count().max(1);
    let marks: String = std::iter::repeat_n(mark, marked).collect();
    let sep = if label.is_empty() { "" } else { " " };
    out.push_str(&format!("{:width$} | {lead}{pad}{marks}{sep}{label}\n", ""));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_survives_bad_offsets() {
        let src = "é = 1\n  x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (1, 2)); // after the 2-byte é
        assert_eq!(line_col(src, 1), (1, 1)); // inside é: floored
        assert_eq!(line_col(src, 9), (2, 3));
        assert_eq!(line_col(src, 1000), (2, 4));
    }

    #[test]
    fn render_marks_the_span() {
        let src = "a = 1\nbad = [1, 2]\n";
        let p = Problem::at(12..18, "wrong")
            .label("expected a number")
            .help("try harder")
            .related(0..1, "see here");
        let out = render("f.toml", src, &[p]);
        assert_eq!(
            out,
            "error: wrong\n --> f.toml:2:7\n  |\n2 | bad = [1, 2]\n  |       ^^^^^^ expected a number\n ::: f.toml:1:1\n1 | a = 1\n  | - see here\n  |\n  = help: try harder\n\nerror: f.toml: 1 problem\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let src = format!("{}x = 1{}", "a".repeat(1000), "b".repeat(1000));
        let out = render("f", &src, &[Problem::at(1000..1001, "here").label("x")]);
        let shown: Vec<&str> = out.lines().collect();
        assert_eq!(shown[1], " --> f:1:1001");
        assert_eq!(
            shown[3],
            format!("1 | …{}x = 1{}…", "a".repeat(BEFORE), "b".repeat(AFTER - 5))
        );
        assert_eq!(shown[4], format!("  |  {}^ x", " ".repeat(BEFORE)));
    }

    #[test]
    fn huge_quotes_are_clipped() {
        let mut s = Sink::new();
        s.push(Problem::at(0..1, "é".repeat(10_000)).help("x".repeat(10_000)));
        let p = &s.problems[0];
        assert!(p.message.len() <= MAX_MESSAGE_BYTES && p.message.ends_with('…'));
        assert!(p.help.as_ref().unwrap().len() <= MAX_MESSAGE_BYTES);
    }

    #[test]
    fn finish_sorts_dedups_and_caps() {
        let mut s = Sink::new();
        s.push(Problem::at(5..6, "b"));
        s.push(Problem::at(1..2, "a"));
        s.push(Problem::at(5..6, "b"));
        s.push(Problem::whole_file("w"));
        let out = s.finish();
        let msgs: Vec<&str> = out.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(msgs, ["w", "a", "b"]);

        let mut s = Sink::new();
        for i in 0..MAX_PROBLEMS + 5 {
            s.push(Problem::at(i..i + 1, "x"));
        }
        let out = s.finish();
        assert_eq!(out.len(), MAX_PROBLEMS + 1);
        assert!(out[MAX_PROBLEMS].message.contains("MAX_PROBLEMS"));
    }
}
