//! The ranking.txt grammar: ID lines with optional reasons, comments, conflict markers.

use super::{Entry, Ranking};
use crate::diagnostic::Diagnostic;
use crate::text::{self, Source};

/// Malformed lines reported one by one; the rest are counted in one finding.
const MAX_MALFORMED: usize = 10_000;

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
        // Bounded like lint's findings on the ranking: past the cap, one finding counts the rest.
        let mut malformed = 0usize;
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
                malformed += 1;
                if malformed > MAX_MALFORMED {
                    continue;
                }
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
        if malformed > MAX_MALFORMED {
            out.push(
                Diagnostic::new(
                    "ORD005",
                    path,
                    format!(
                        "{} more lines like the {MAX_MALFORMED} above are not listed",
                        malformed - MAX_MALFORMED
                    ),
                )
                .help("fix the lines listed, then lint again to see the rest"),
            );
        }
        let (ranks, firsts, sorted, distinct) = super::tables(&entries);
        Ranking {
            source,
            entries,
            ranks,
            firsts,
            sorted,
            distinct,
            conflict,
        }
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

fn is_marker(line: &str) -> bool {
    ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
        .iter()
        .any(|m| line.starts_with(m))
}
