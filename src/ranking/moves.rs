//! Byte-preserving edits of ranking.txt: move a line, take it out, rename its ID.

use super::{Entry, Ranking};
use crate::text;

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
    OutOfRange {
        to: usize,
        max: usize,
    },
    NotRanked(String),
    BadReason,
    /// The file is not what the edit was computed from (it changed since it was read).
    Changed,
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
            MoveError::Changed => write!(f, "the file changed since it was read"),
        }
    }
}

impl Ranking {
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

    /// The text without the `index`-th entry's line (duplicates included, so the later line of
    /// a doubly ranked ID can go), every other byte kept; `None` when there is no such entry or
    /// the file holds a merge conflict.
    pub fn without_entry(&self, index: usize) -> Option<String> {
        if self.conflict.is_some() {
            return None;
        }
        let entry = self.entries.get(index)?;
        let text = &self.source.text;
        let end = line_end(text, entry.line.end);
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..entry.line.start]);
        out.push_str(&text[end..]);
        keep_final_newline_state(text, &mut out, self.source.bom);
        Some(out)
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
