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
    /// Per entry: the 1-based rank of its ID when it is the ID's first line, 0 for a repeat.
    /// Plain numbers rather than a map of lowercased strings: a 1M-line ranking stays a few
    /// megabytes beyond its text (issue 19).
    ranks: Vec<u32>,
    /// Per entry: the index of the first entry with the same ID (itself for a first line).
    firsts: Vec<u32>,
    /// Entry indices sorted by lowercased ID, then by index: the lookup by ID.
    sorted: Vec<u32>,
    /// How many distinct IDs are ranked.
    distinct: usize,
    /// Byte range of the first unresolved conflict's opening marker, if any.
    pub conflict: Option<Range<usize>>,
}

impl Ranking {
    /// The 1-based rank of an ID (case ignored), or `None` when it is untriaged.
    pub fn rank(&self, id: &str) -> Option<usize> {
        self.first_index(id).map(|i| self.ranks[i] as usize)
    }

    /// The index in `entries` of the first line ranking `id` (case ignored).
    pub fn first_index(&self, id: &str) -> Option<usize> {
        let at = self
            .sorted
            .partition_point(|&i| caseless(&self.entries[i as usize].id, id).is_lt());
        let i = *self.sorted.get(at)? as usize;
        self.entries[i].id.eq_ignore_ascii_case(id).then_some(i)
    }

    /// The index of the first entry with the same ID as entry `index` (itself when it is the
    /// first line of its ID).
    pub fn first_of(&self, index: usize) -> usize {
        self.firsts[index] as usize
    }

    /// How many distinct IDs are ranked.
    pub fn len(&self) -> usize {
        self.distinct
    }

    pub fn is_empty(&self) -> bool {
        self.distinct == 0
    }

    /// The first entry of each ranked ID, in rank order.
    pub fn ranked(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .zip(&self.ranks)
            .filter(|(_, r)| **r != 0)
            .map(|(e, _)| e)
    }
}

/// Orders IDs as their lowercase spellings order, allocating nothing.
fn caseless(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The lookup tables of [`Ranking`] for `entries`: per-entry ranks and first lines, the sorted
/// index and the count of distinct IDs.
fn tables(entries: &[Entry]) -> (Vec<u32>, Vec<u32>, Vec<u32>, usize) {
    let mut sorted: Vec<u32> = (0..entries.len() as u32).collect();
    sorted.sort_unstable_by(|&a, &b| {
        caseless(&entries[a as usize].id, &entries[b as usize].id).then(a.cmp(&b))
    });
    let mut firsts: Vec<u32> = (0..entries.len() as u32).collect();
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0] as usize, pair[1] as usize);
        if entries[a].id.eq_ignore_ascii_case(&entries[b].id) {
            firsts[b] = firsts[a];
        }
    }
    let mut ranks = vec![0u32; entries.len()];
    let mut next = 0u32;
    for (i, first) in firsts.iter().enumerate() {
        if *first as usize == i {
            next += 1;
            ranks[i] = next;
        }
    }
    // Only first lines are looked up: drop the repeats from the sorted index.
    sorted.retain(|&i| firsts[i as usize] == i);
    (ranks, firsts, sorted, next as usize)
}

/// The text `init` writes.
pub const INITIAL: &str = "# Most important first: one item ID per line.\n# The text after '#' on an ID's line says why the item stands where it does.\n# Items not listed here are untriaged: they come after the ranked ones.\n";
