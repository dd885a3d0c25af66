//! ranking.txt: the priority order, most important first.
//!
//! Owns the grammar (one ID per line, an optional `# reason` after it, `#` comment lines and
//! blank lines ignored) and keeps the byte range of every line so problems point at the file
//! and later edits can touch single lines. It knows nothing about items or git.

use crate::diagnostic::Diagnostic;
use crate::text::{self, Source};
use std::collections::HashMap;
use std::ops::Range;

/// One ranked line.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// The text after `#`, trimmed; `None` when the line has no reason.
    pub reason: Option<String>,
    /// Byte range of the whole line, without its terminator.
    pub line: Range<usize>,
    /// Byte range of the ID.
    pub id_span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Ranking {
    pub source: Source,
    /// Every well-formed ID line in file order, duplicates included (lint reports them).
    pub entries: Vec<Entry>,
    /// Lowercased ID → 1-based rank of its first line.
    ranks: HashMap<String, usize>,
    /// Byte range of the first unresolved conflict's opening marker, if any.
    pub conflict: Option<Range<usize>>,
}

/// Where `rank` puts an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    Top,
    Bottom,
    /// 1-based rank.
    To(usize),
    Above(String),
    Below(String),
}

/// What happens to the reason on the moved line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Keep the old reason (none for a newly ranked item).
    Keep,
    Set(String),
    Clear,
}

/// A move that can be written: the new text and the item's rank before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub text: String,
    pub from: Option<usize>,
    pub to: usize,
}

/// Why a move was refused; nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    Conflict(usize),
    Duplicate(String),
    UnknownAnchor(String),
    SelfAnchor(String),
    OutOfRange { to: usize, max: usize },
    NotRanked(String),
    BadReason,
}

impl std::fmt::Display for MoveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MoveError::Conflict(line) => write!(
                f,
                "ranking.txt has an unresolved merge conflict at line {line}; resolve it first"
            ),
            MoveError::Duplicate(id) => write!(
                f,
                "{id} is ranked more than once; remove the extra line first"
            ),
            MoveError::UnknownAnchor(id) => {
                write!(f, "{id} is not ranked, so nothing can be placed next to it")
            }
            MoveError::SelfAnchor(id) => write!(f, "cannot place {id} relative to itself"),
            MoveError::OutOfRange { to, max } => {
                write!(f, "position {to} is out of range: use 1 to {max}")
            }
            MoveError::NotRanked(id) => write!(f, "{id} is not ranked"),
            MoveError::BadReason => write!(
                f,
                "a reason must be one line of text without control characters"
            ),
        }
    }
}

impl Ranking {
    /// Parses ranking.txt. Malformed lines and conflict markers become diagnostics on `path`;
    /// the well-formed lines are still read so the rest of the backlog can be checked.
    pub fn parse(source: Source, path: &str, out: &mut Vec<Diagnostic>) -> Ranking {
        let mut entries = Vec::new();
        let conflict = text::find_conflict(&source.text);
        if let Some(span) = &conflict {
            out.push(
                Diagnostic::new("GIT001", path, "unresolved merge conflict in the ranking")
                    .at(&source, span.clone())
                    .help("resolve the conflict: keep each ID once, in the agreed order, and remove the marker lines"),
            );
        }
        for (range, _) in text::lines_with_ranges(&source.text) {
            let start = range.start + if range.start == 0 { source.bom } else { 0 };
            let line = &source.text[start..range.end];
            let parsed = parse_line(line);
            let Some((token, offset, reason, valid)) = parsed else {
                continue;
            };
            if conflict.is_some() && is_marker(line) {
                continue;
            }
            let id_start = start + offset;
            let id_span = id_start..id_start + token.len();
            if !valid {
                out.push(
                    Diagnostic::new("ORD005", path, format!("`{token}` is not an item ID"))
                        .at(&source, id_span)
                        .help(
                            "write one ID per line, like MS-12, optionally followed by `# reason`",
                        ),
                );
                continue;
            }
            entries.push(Entry {
                id: token.to_owned(),
                reason: reason.map(str::to_owned),
                line: start..range.end,
                id_span,
            });
        }
        let mut ranks = HashMap::with_capacity(entries.len());
        let mut next = 1;
        for entry in &entries {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                ranks.entry(entry.id.to_ascii_lowercase())
            {
                slot.insert(next);
                next += 1;
            }
        }
        Ranking {
            source,
            entries,
            ranks,
            conflict,
        }
    }

    /// The text with `id` moved (or newly ranked) to `position`: its line is taken out and put
    /// back at the new place, and every other byte stays as it was.
    pub fn moved(&self, id: &str, position: &Position, reason: &Reason) -> Result<Move, MoveError> {
        self.check_editable(id)?;
        if let Reason::Set(text) = reason
            && (text.chars().any(char::is_control) || text.trim().is_empty())
        {
            return Err(MoveError::BadReason);
        }
        let ranked: Vec<&Entry> = self.ranked().collect();
        let current = ranked.iter().position(|e| e.id.eq_ignore_ascii_case(id));
        let others: Vec<&Entry> = ranked
            .iter()
            .copied()
            .filter(|e| !e.id.eq_ignore_ascii_case(id))
            .collect();
        let anchor = |other: &str| -> Result<usize, MoveError> {
            if other.eq_ignore_ascii_case(id) {
                return Err(MoveError::SelfAnchor(other.to_owned()));
            }
            others
                .iter()
                .position(|e| e.id.eq_ignore_ascii_case(other))
                .ok_or_else(|| MoveError::UnknownAnchor(other.to_owned()))
        };
        let index = match position {
            Position::Top => 0,
            Position::Bottom => others.len(),
            Position::To(n) if (1..=others.len() + 1).contains(n) => n - 1,
            Position::To(n) => {
                return Err(MoveError::OutOfRange {
                    to: *n,
                    max: others.len() + 1,
                });
            }
            Position::Above(other) => anchor(other)?,
            Position::Below(other) => anchor(other)? + 1,
        };
        let text = &self.source.text;
        let eol = if text::line_endings(text) == text::LineEndings::CrLf {
            "\r\n"
        } else {
            "\n"
        };
        let old = current.map(|i| ranked[i]);
        let id = old.map_or(id, |e| e.id.as_str());
        let line = match (reason, old) {
            (Reason::Keep, Some(entry)) => text[entry.line.clone()].to_owned(),
            (Reason::Keep | Reason::Clear, _) => id.to_owned(),
            (Reason::Set(why), _) => format!("{id:<7} # {}", why.trim()),
        };
        // Nothing to do: same place, same line.
        if current == Some(index) && old.is_some_and(|e| text[e.line.clone()] == *line) {
            return Ok(Move {
                text: text.clone(),
                from: current.map(|i| i + 1),
                to: index + 1,
            });
        }
        let removal = old.map(|e| e.line.start..line_end(text, e.line.end));
        let insert_at = match others.get(index) {
            Some(next) => next.line.start,
            None => match (others.last(), old) {
                (Some(last), _) => line_end(text, last.line.end),
                // No other ranked line: where the old line was, or after the header comments.
                (None, Some(e)) => e.line.start,
                (None, None) => text.len(),
            },
        };
        let mut new_line = line;
        if insert_at == text.len() && !text.is_empty() && !text.ends_with('\n') {
            // Keep the file's no-final-newline state: the terminator goes before our line.
            new_line.insert_str(0, eol);
        } else {
            new_line.push_str(eol);
        }
        let mut out = String::with_capacity(text.len() + new_line.len());
        match removal {
            Some(r) if r.start < insert_at => {
                out.push_str(&text[..r.start]);
                out.push_str(&text[r.end..insert_at]);
                out.push_str(&new_line);
                out.push_str(&text[insert_at..]);
            }
            Some(r) => {
                out.push_str(&text[..insert_at]);
                out.push_str(&new_line);
                out.push_str(&text[insert_at..r.start]);
                out.push_str(&text[r.end..]);
            }
            None => {
                out.push_str(&text[..insert_at]);
                out.push_str(&new_line);
                out.push_str(&text[insert_at..]);
            }
        }
        keep_final_newline_state(text, &mut out, self.source.bom);
        Ok(Move {
            text: out,
            from: current.map(|i| i + 1),
            to: index + 1,
        })
    }

    /// The text with `old` renamed to `new` on its line, reason and spacing kept; `None` when
    /// `old` is not ranked.
    pub fn renamed(&self, old: &str, new: &str) -> Result<Option<String>, MoveError> {
        self.check_editable(old)?;
        let Some(entry) = self.entries.iter().find(|e| e.id.eq_ignore_ascii_case(old)) else {
            return Ok(None);
        };
        let text = &self.source.text;
        Ok(Some(format!(
            "{}{new}{}",
            &text[..entry.id_span.start],
            &text[entry.id_span.end..]
        )))
    }

    /// The text without `id`'s line.
    pub fn unranked(&self, id: &str) -> Result<Move, MoveError> {
        self.check_editable(id)?;
        let Some(entry) = self.ranked().find(|e| e.id.eq_ignore_ascii_case(id)) else {
            return Err(MoveError::NotRanked(id.to_owned()));
        };
        let text = &self.source.text;
        let end = line_end(text, entry.line.end);
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..entry.line.start]);
        out.push_str(&text[end..]);
        keep_final_newline_state(text, &mut out, self.source.bom);
        Ok(Move {
            text: out,
            from: self.rank(id),
            to: 0,
        })
    }

    fn check_editable(&self, id: &str) -> Result<(), MoveError> {
        if let Some(conflict) = &self.conflict {
            return Err(MoveError::Conflict(self.source.lines.line(conflict.start)));
        }
        if self
            .entries
            .iter()
            .filter(|e| e.id.eq_ignore_ascii_case(id))
            .count()
            > 1
        {
            return Err(MoveError::Duplicate(id.to_owned()));
        }
        Ok(())
    }

    /// The 1-based rank of an ID (case ignored), or `None` when it is untriaged.
    pub fn rank(&self, id: &str) -> Option<usize> {
        self.ranks.get(&id.to_ascii_lowercase()).copied()
    }

    /// How many distinct IDs are ranked.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }

    /// The first entry of each ranked ID, in rank order.
    pub fn ranked(&self) -> impl Iterator<Item = &Entry> {
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .filter(move |e| seen.insert(e.id.to_ascii_lowercase()))
    }
}

/// One line of the grammar: `None` for a blank or comment line, else the token before any
/// `#` (with its offset in the line), the reason after it (trimmed, `None` when empty), and
/// whether the token is a well-formed ID. The one definition both parsers share.
pub fn parse_line(line: &str) -> Option<(&str, usize, Option<&str>, bool)> {
    let (head, reason) = match line.find('#') {
        Some(i) => (
            &line[..i],
            Some(line[i + 1..].trim()).filter(|r| !r.is_empty()),
        ),
        None => (line, None),
    };
    let token = head.trim();
    if token.is_empty() {
        return None;
    }
    let offset = head.len() - head.trim_start().len();
    let valid = !token.contains(char::is_whitespace) && crate::id::is_valid_id(token);
    Some((token, offset, reason, valid))
}

/// The offset just past the terminator of the line that ends at `line_end`.
fn line_end(text: &str, line_end: usize) -> usize {
    match text[line_end..].find('\n') {
        Some(i) => line_end + i + 1,
        None => text.len(),
    }
}

/// A file that did not end with a newline still does not after an edit that took its last
/// line away (the line before it keeps its terminator otherwise).
fn keep_final_newline_state(original: &str, out: &mut String, bom: usize) {
    if !original.is_empty() && !original.ends_with('\n') && out.ends_with('\n') {
        // Blank lines cannot end a file without a final newline, so they go with it.
        while out.len() > bom && out.ends_with('\n') {
            let cut = if out.ends_with("\r\n") { 2 } else { 1 };
            out.truncate(out.len() - cut);
        }
    }
}

fn is_marker(line: &str) -> bool {
    ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
        .iter()
        .any(|m| line.starts_with(m))
}

/// The text `init` writes.
pub const INITIAL: &str = "# Most important first: one item ID per line.\n# The text after '#' on an ID's line says why the item stands where it does.\n# Items not listed here are untriaged: they come after the ranked ones.\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Ranking, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let r = Ranking::parse(Source::new(text.to_owned()), "ranking.txt", &mut out);
        (r, out)
    }

    #[test]
    fn grammar() {
        let (r, out) =
            parse("\u{feff}# header\nMS-12   # Chicago blocker\r\n\n  MS-7#spike first\nMS-3\n");
        assert!(out.is_empty(), "{out:?}");
        let got: Vec<_> = r
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e.reason.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("MS-12", Some("Chicago blocker")),
                ("MS-7", Some("spike first")),
                ("MS-3", None)
            ]
        );
        assert_eq!(r.rank("ms-7"), Some(2));
        assert_eq!(r.rank("MS-4"), None);
    }

    #[test]
    fn malformed_lines_are_located() {
        let (r, out) = parse("MS-1\n../etc # x\nMS 2\n");
        assert_eq!(r.entries.len(), 1);
        let got: Vec<_> = out.iter().map(|d| (d.rule, d.line, d.column)).collect();
        assert_eq!(got, [("ORD005", 2, 1), ("ORD005", 3, 1)]);
    }

    #[test]
    fn conflicts_are_reported_and_sides_still_read() {
        let (r, out) = parse("MS-1\n<<<<<<< HEAD\nMS-2\n=======\nMS-3\n>>>>>>> b\n");
        assert_eq!(
            out.iter().map(|d| (d.rule, d.line)).collect::<Vec<_>>(),
            [("GIT001", 2)]
        );
        assert_eq!(r.entries.len(), 3);
    }

    #[test]
    fn duplicates_keep_the_first_rank() {
        let (r, _) = parse("MS-1\nMS-2\nMS-1\nMS-3\n");
        assert_eq!(r.rank("MS-3"), Some(3));
        assert_eq!(r.len(), 3);
    }

    fn ids(text: &str) -> Vec<String> {
        parse(text).0.ranked().map(|e| e.id.clone()).collect()
    }

    fn mv(text: &str, id: &str, to: Position, reason: Reason) -> Result<Move, MoveError> {
        parse(text).0.moved(id, &to, &reason)
    }

    #[test]
    fn a_move_is_one_line_out_and_one_line_in() {
        let text = "# header\nMS-1   # first\n\n# section\nMS-2\nMS-3 # third\n";
        let m = mv(text, "MS-3", Position::Top, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.text,
            "# header\nMS-3 # third\nMS-1   # first\n\n# section\nMS-2\n"
        );
        assert_eq!((m.from, m.to), (Some(3), 1));
        let m = mv(
            text,
            "MS-1",
            Position::Bottom,
            Reason::Set("why not".into()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.text,
            "# header\n\n# section\nMS-2\nMS-3 # third\nMS-1    # why not\n"
        );
        let m = mv(text, "MS-2", Position::Above("MS-1".into()), Reason::Clear)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.text,
            "# header\nMS-2\nMS-1   # first\n\n# section\nMS-3 # third\n"
        );
        let m = mv(text, "MS-9", Position::To(2), Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ids(&m.text), ["MS-1", "MS-9", "MS-2", "MS-3"]);
        assert_eq!((m.from, m.to), (None, 2));
    }

    #[test]
    fn line_endings_bom_and_final_newline_are_kept() {
        let m = mv(
            "\u{feff}MS-1\r\nMS-2\r\n",
            "MS-2",
            Position::Top,
            Reason::Keep,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, "\u{feff}MS-2\r\nMS-1\r\n");
        let m = mv("MS-1\nMS-2", "MS-1", Position::Bottom, Reason::Keep)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, "MS-2\nMS-1");
        let m = mv("MS-1\nMS-2", "MS-3", Position::Bottom, Reason::Keep)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, "MS-1\nMS-2\nMS-3");
        let m = mv("# only a header", "MS-3", Position::Top, Reason::Keep)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, "# only a header\nMS-3");
        let m = mv("", "MS-3", Position::Top, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, "MS-3\n");
        let m = parse("MS-1\nMS-2")
            .0
            .unranked("MS-2")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, "MS-1");
    }

    #[test]
    fn bad_moves_are_refused() {
        let text = "MS-1\nMS-2\n";
        assert_eq!(
            mv(text, "MS-1", Position::To(4), Reason::Keep),
            Err(MoveError::OutOfRange { to: 4, max: 2 })
        );
        assert_eq!(
            mv(text, "MS-3", Position::To(0), Reason::Keep),
            Err(MoveError::OutOfRange { to: 0, max: 3 })
        );
        assert_eq!(
            mv(text, "MS-1", Position::Above("ms-1".into()), Reason::Keep),
            Err(MoveError::SelfAnchor("ms-1".into()))
        );
        assert_eq!(
            mv(text, "MS-1", Position::Below("MS-7".into()), Reason::Keep),
            Err(MoveError::UnknownAnchor("MS-7".into()))
        );
        assert_eq!(
            mv("MS-1\nMS-1\n", "MS-1", Position::Top, Reason::Keep),
            Err(MoveError::Duplicate("MS-1".into()))
        );
        assert_eq!(
            mv(text, "MS-1", Position::Top, Reason::Set("a\nb".into())),
            Err(MoveError::BadReason)
        );
        let conflicted = "MS-1\n<<<<<<< ours\nMS-2\n=======\nMS-3\n>>>>>>> theirs\n";
        assert_eq!(
            mv(conflicted, "MS-1", Position::Bottom, Reason::Keep),
            Err(MoveError::Conflict(2))
        );
        assert_eq!(
            parse(text).0.unranked("MS-5"),
            Err(MoveError::NotRanked("MS-5".into()))
        );
    }

    #[test]
    fn moving_to_the_same_place_changes_nothing() {
        let text = "MS-1 # a\nMS-2\n";
        let m = mv(text, "MS-1", Position::Top, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.text, text);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A ranking text: IDs MS-1..MS-n in a random order, some with reasons, comments and
        /// blank lines between them, LF or CRLF, with or without a final newline.
        fn ranking() -> impl Strategy<Value = (String, Vec<String>)> {
            (1usize..30, any::<u64>(), any::<bool>(), any::<bool>()).prop_map(
                |(n, seed, crlf, final_newline)| {
                    let mut ids: Vec<String> = (1..=n).map(|i| format!("MS-{i}")).collect();
                    let mut state = seed | 1;
                    let mut next = move || {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        state
                    };
                    for i in (1..ids.len()).rev() {
                        ids.swap(i, (next() % (i as u64 + 1)) as usize);
                    }
                    let mut lines = vec!["# header".to_owned()];
                    for id in &ids {
                        match next() % 5 {
                            0 => lines.push("# a comment".into()),
                            1 => lines.push(String::new()),
                            _ => {}
                        }
                        if next() % 2 == 0 {
                            lines.push(format!("{id}   # reason for {id} $1 \\"));
                        } else {
                            lines.push(id.clone());
                        }
                    }
                    let eol = if crlf { "\r\n" } else { "\n" };
                    let mut text = lines.join(eol);
                    if final_newline {
                        text.push_str(eol);
                    }
                    (text, ids)
                },
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn reorder_is_a_permutation_that_keeps_everything_else(
                (text, ids) in ranking(),
                pick in any::<prop::sample::Index>(),
                pos_seed in any::<u64>(),
                new_item in any::<bool>(),
            ) {
                let id = if new_item { "MS-99".to_owned() } else { ids[pick.index(ids.len())].clone() };
                let positions: Vec<Position> = {
                    let n = ids.len();
                    vec![Position::Top, Position::Bottom, Position::To((pos_seed as usize % (n + 1)) + 1),
                         Position::Above(format!("MS-{}", pos_seed as usize % n + 1)),
                         Position::Below(format!("MS-{}", pos_seed as usize % n + 1))]
                };
                for to in positions {
                    let result = mv(&text, &id, to.clone(), Reason::Keep);
                    let Ok(m) = result else {
                        // Only anchoring on itself, or one past the end for an already-ranked
                        // item, may fail here.
                        let allowed = match &result {
                            Err(MoveError::SelfAnchor(_)) => true,
                            Err(MoveError::OutOfRange { to, .. }) => !new_item && *to == ids.len() + 1,
                            _ => false,
                        };
                        prop_assert!(allowed, "{result:?}");
                        continue;
                    };
                    let after = ids_of(&m.text);
                    // A permutation of the old IDs (plus the newly ranked one)...
                    let mut expected_set = ids.clone();
                    if new_item { expected_set.push(id.clone()); }
                    let mut sorted_after = after.clone();
                    sorted_after.sort();
                    expected_set.sort();
                    prop_assert_eq!(&sorted_after, &expected_set);
                    // ...that puts the item at its reported rank...
                    prop_assert_eq!(after.iter().position(|x| *x == id).map(|p| p + 1), Some(m.to));
                    // ...keeps the relative order of all the others...
                    let others_before: Vec<_> = ids.iter().filter(|x| **x != id).cloned().collect();
                    let others_after: Vec<_> = after.iter().filter(|x| **x != id).cloned().collect();
                    prop_assert_eq!(others_before, others_after);
                    // ...and leaves every other line byte-identical, in the same order.
                    let strip = |t: &str| -> Vec<String> {
                        let mut lines: Vec<String> = t.split_inclusive('\n')
                            .map(|l| l.trim_end_matches('\n').trim_end_matches('\r').to_owned())
                            .filter(|l| !l.starts_with(&format!("{id} ")) && *l != id)
                            .collect();
                        // A blank last line cannot exist in a file without a final newline, so
                        // taking the last line out of such a file may take a blank line with it.
                        while lines.last().is_some_and(String::is_empty) {
                            lines.pop();
                        }
                        lines
                    };
                    prop_assert_eq!(strip(&text), strip(&m.text));
                    // Line endings and the final-newline state survive.
                    prop_assert_eq!(text.ends_with('\n'), m.text.ends_with('\n'));
                    prop_assert_eq!(text.contains("\r\n"), m.text.contains("\r\n") || !m.text.contains('\n'));
                }
            }
        }

        fn ids_of(text: &str) -> Vec<String> {
            super::ids(text)
        }
    }
}
