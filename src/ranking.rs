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
            let (head, reason) = match line.find('#') {
                Some(i) => (&line[..i], Some(line[i + 1..].trim())),
                None => (line, None),
            };
            let token = head.trim();
            if token.is_empty() {
                continue;
            }
            if conflict.is_some() && is_marker(line) {
                continue;
            }
            let id_start = start + (head.len() - head.trim_start().len());
            let id_span = id_start..id_start + token.len();
            if token.split_whitespace().count() > 1 || !crate::item::is_valid_id(token) {
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
                reason: reason.filter(|r| !r.is_empty()).map(str::to_owned),
                line: start..range.end,
                id_span,
            });
        }
        let mut ranks = HashMap::with_capacity(entries.len());
        let mut next = 1;
        for entry in &entries {
            if !ranks.contains_key(&entry.id.to_ascii_lowercase()) {
                ranks.insert(entry.id.to_ascii_lowercase(), next);
                next += 1;
            }
        }
        Ranking {
            source,
            entries,
            ranks,
        }
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
}
