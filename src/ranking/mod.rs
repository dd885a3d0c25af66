//! ranking.txt: the priority order, most important first.
//!
//! Owns the grammar (one ID per line, an optional `# reason` after it, `#` comment lines and
//! blank lines ignored) and keeps the byte range of every line so problems point at the file
//! and later edits can touch single lines. It knows nothing about items or git.
//!
//! `grammar` reads the file into a [`Ranking`]; `moves` computes the byte-preserving edits
//! (move, unrank, rename); this file holds the parsed ranking and its queries.

mod grammar;
mod moves;
#[cfg(test)]
mod tests;

pub use grammar::parse_line;
pub use moves::{Move, MoveError, Position, Reason};

use crate::text::Source;
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

impl Ranking {
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

/// The text `init` writes.
pub const INITIAL: &str = "# Most important first: one item ID per line.\n# The text after '#' on an ID's line says why the item stands where it does.\n# Items not listed here are untriaged: they come after the ranked ones.\n";
