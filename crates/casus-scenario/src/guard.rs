//! Checks that run before the TOML parser sees the file, so that no input
//! can make parsing or any later recursive walk crash, hang or exhaust
//! memory.

use crate::diagnostic::Problem;
use crate::limits::{MAX_FILE_BYTES, MAX_NESTING_DEPTH};

/// The file's size, then its nesting depth: the problem, if any.
pub(crate) fn check(src: &str) -> Option<Problem> {
    if src.len() > MAX_FILE_BYTES {
        return Some(Problem::whole_file(format!(
            "the file is {} bytes long (limit MAX_FILE_BYTES = {MAX_FILE_BYTES}); \
             a scenario is a few kilobytes",
            src.len()
        )));
    }
    nesting_overflow(src.as_bytes()).map(|at| {
        Problem::at(
            at..at + 1,
            format!(
                "tables, arrays or dotted keys nest more than {MAX_NESTING_DEPTH} levels deep \
                 (limit MAX_NESTING_DEPTH = {MAX_NESTING_DEPTH})"
            ),
        )
        .label("too deep here")
        .help("a scenario nests a few levels at most; check for unbalanced `[` or `{`")
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Lex {
    Code,
    Comment,
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
}

/// Byte offset where the nesting first exceeds [`MAX_NESTING_DEPTH`], if it
/// does.
///
/// A single linear pass that skips strings and comments and counts, as
/// depth, each open `[` or `{` plus each `.` since the last `,` at that
/// bracket level (dotted keys nest tables too, and so would a `[a.b.c…]`
/// header). Dots in numbers are counted as well; that overestimates by at
/// most one level per bracket, which the limit's margin absorbs. Header and
/// key depths are counted separately, so the true depth is at most twice
/// what the scan allows: still far from the stack's end.
fn nesting_overflow(s: &[u8]) -> Option<usize> {
    let mut lex = Lex::Code;
    // Depth at each open bracket; bounded by the limit, since the scan
    // stops as soon as the depth passes it.
    let mut opened: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match lex {
            Lex::Comment => {
                if c == b'\n' {
                    lex = Lex::Code;
                    if opened.is_empty() {
                        depth = 0;
                    }
                }
            }
            Lex::Basic => match c {
                b'\\' => i += 1,
                b'"' | b'\n' => lex = Lex::Code,
                _ => {}
            },
            Lex::Literal => {
                if c == b'\'' || c == b'\n' {
                    lex = Lex::Code;
                }
            }
            Lex::MultiBasic => match c {
                b'\\' => i += 1,
                b'"' if s[i..].starts_with(b"\"\"\"") => {
                    lex = Lex::Code;
                    i += 2;
                }
                _ => {}
            },
            Lex::MultiLiteral => {
                if s[i..].starts_with(b"'''") {
                    lex = Lex::Code;
                    i += 2;
                }
            }
            Lex::Code => match c {
                b'#' => lex = Lex::Comment,
                b'"' if s[i..].starts_with(b"\"\"\"") => {
                    lex = Lex::MultiBasic;
                    i += 2;
                }
                b'"' => lex = Lex::Basic,
                b'\'' if s[i..].starts_with(b"'''") => {
                    lex = Lex::MultiLiteral;
                    i += 2;
                }
                b'\'' => lex = Lex::Literal,
                b'[' | b'{' => {
                    opened.push(depth);
                    depth += 1;
                    if depth > MAX_NESTING_DEPTH {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = opened.pop().unwrap_or(0),
                b',' => depth = opened.last().map_or(0, |d| d + 1),
                b'.' => {
                    depth += 1;
                    if depth > MAX_NESTING_DEPTH {
                        return Some(i);
                    }
                }
                b'\n' if opened.is_empty() => depth = 0,
                _ => {}
            },
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_files_pass() {
        let src = r#"
[[variant]]
name = "x"
add = { pact = [ { id = "p", members = ["A", "B"], contributions = { A = "arms" }, reliability = { pert = [0.1, 0.2, 0.3] } } ] }
set = { "state.PAK.position[0]" = 33.5, "a.b.c" = "[[[[{{{{" }
s = """ [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ """
t = '''[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['''
# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
x = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5]
"#;
        assert!(check(src).is_none());
    }

    #[test]
    fn deep_brackets_braces_and_dotted_keys_are_caught() {
        let deep = "a = ".to_owned() + &"[".repeat(1_000_000);
        let p = check(&deep).unwrap();
        assert!(
            p.message.contains("MAX_NESTING_DEPTH = 32"),
            "{}",
            p.message
        );
        assert_eq!(p.span.start, 4 + MAX_NESTING_DEPTH);

        let braces = "a = ".to_owned() + &"{ b = ".repeat(100);
        assert!(check(&braces).is_some());

        let dotted = "a".to_owned() + &".a".repeat(100) + " = 1\n";
        assert!(check(&dotted).is_some());

        let header = "[a".to_owned() + &".a".repeat(100) + "]\n";
        assert!(check(&header).is_some());
    }

    #[test]
    fn depth_resets_between_lines_and_elements() {
        let many_lines = "a.b.c.d.e = 1\n".repeat(1000);
        assert!(check(&many_lines).is_none());
        let many_elements = format!("a = [{}]", "{ b.c.d = 1 }, ".repeat(1000));
        assert!(check(&many_elements).is_none());
    }

    #[test]
    fn huge_files_are_refused_before_parsing() {
        let big = " ".repeat(MAX_FILE_BYTES + 1);
        let p = check(&big).unwrap();
        assert!(p.whole_file);
        assert!(
            p.message.contains("MAX_FILE_BYTES = 8388608"),
            "{}",
            p.message
        );
    }
}
