//! "Did you mean …?": the nearest known name to a misspelt one.

use crate::limits::MAX_SUGGESTION_WORK;

/// The known name closest to `word`, if any is close enough to be a likely
/// typo. Case is ignored (`pak` finds `PAK`).
pub(crate) fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest_within(word, candidates, &mut MAX_SUGGESTION_WORK.clone())
}

/// [`nearest`], comparing at most `budget` candidates and deducting them.
///
/// Two measures, because they fail differently: the normalised optimal
/// string alignment similarity (Damerau–Levenshtein without repeated edits
/// of one substring; no allocation per character, unlike strsim's full
/// Damerau–Levenshtein) catches one or two edits in short ids (`PKA` →
/// `PAK`), Jaro–Winkler catches truncations of long keys (`defensive` →
/// `defensive_only`).
pub(crate) fn nearest_within<'a, I>(
    word: &str,
    candidates: I,
    budget: &mut usize,
) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // Ids are at most 64 bytes; anything much longer is not a typo of one.
    if word.len() > 128 {
        return None;
    }
    let word_l = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        if *budget == 0 {
            break;
        }
        // Names whose lengths differ by more than half cannot be close by
        // either measure's threshold; skipping them is free.
        let (lw, lc) = (word.len(), cand.len());
        if cand == word || lc > 128 || lw.abs_diff(lc) * 2 > lw.max(lc) {
            continue;
        }
        *budget -= 1;
        let cand_l = cand.to_lowercase();
        let score = if cand_l == word_l {
            2.0
        } else {
            let longest = word_l.chars().count().max(cand_l.chars().count()).max(1);
            let osa = 1.0 - strsim::osa_distance(&word_l, &cand_l) as f64 / longest as f64;
            let jw = strsim::jaro_winkler(&word_l, &cand_l);
            if osa < 0.5 && jw < 0.85 {
                continue;
            }
            osa + jw
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// "`a`, `b` or `c`", for messages that list the accepted values.
pub(crate) fn one_of(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A short list of known names for a help line: all of them when few,
/// else the first ones and a count. Touches only the names it shows, since
/// it may run once per unknown id of a file with 100 000 ids.
pub(crate) fn listing<S: AsRef<str>>(names: &[S]) -> String {
    const SHOWN: usize = 12;
    let shown: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    let mut s = shown.join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let ids = ["PAK", "IND", "SAU", "TUR"];
        assert_eq!(nearest("PKA", ids), Some("PAK"));
        assert_eq!(nearest("pak", ids), Some("PAK"));
        assert_eq!(nearest("TRU", ids), Some("TUR"));
        assert_eq!(nearest("USA", ids), None);
        let keys = ["power", "position", "defensive_only", "reliability"];
        assert_eq!(nearest("powr", keys), Some("power"));
        assert_eq!(nearest("defensive", keys), Some("defensive_only"));
        assert_eq!(nearest("relability", keys), Some("reliability"));
        assert_eq!(nearest("zzz", keys), None);
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(one_of(&["a"]), "`a`");
        let many: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        assert!(listing(&many).ends_with("and 8 more"));
    }
}
