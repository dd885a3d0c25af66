//! The body mentions of an old ID that `renumber` leaves as they are: prose, not references.
//!
//! After the rename, every item's body (the renamed item's too) is scanned for whole-word
//! mentions of OLD, letter case ignored as IDs are everywhere: `ms-3` is MS-3, but the MS-3
//! in `MS-30` or `XMS-3` is part of another word. They are reported, never rewritten: with
//! two files that shared OLD, a mention may well mean the file that keeps it.

use crate::sanitize;
use crate::text::{self, Source};
use serde::Serialize;

/// One mention of the old ID: 1-based line and column (columns count characters), and the
/// line's text without its line ending.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub text: String,
}

/// The mentions of `old` in the body of `content` (the whole file when it has no
/// frontmatter to skip), in order, shown with `path`.
pub fn find(content: &str, path: &str, old: &str) -> Vec<Mention> {
    // Most files never name OLD: look before splitting and indexing the file.
    if !content
        .as_bytes()
        .windows(old.len().max(1))
        .any(|w| w.eq_ignore_ascii_case(old.as_bytes()))
    {
        return Vec::new();
    }
    let source = Source::new(content.to_owned());
    let body = crate::item::split(&source, path, &mut Vec::new())
        .map_or(source.bom..source.text.len(), |layout| layout.body);
    let mut out = Vec::new();
    for (range, line) in text::lines_with_ranges(&source.text) {
        if range.start < body.start {
            continue;
        }
        for at in matches(line, old) {
            let (number, column) = source.lines.position(&source.text, range.start + at);
            out.push(Mention {
                path: path.to_owned(),
                line: number,
                column,
                text: line.to_owned(),
            });
        }
    }
    out
}

/// Byte offsets in `line` where `old` stands as a word of its own, ignoring ASCII case.
fn matches<'a>(line: &'a str, old: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = line.as_bytes();
    let len = old.len();
    (0..(bytes.len() + 1).saturating_sub(len))
        .filter(move |&at| bytes[at..at + len].eq_ignore_ascii_case(old.as_bytes()))
        .filter(move |&at| at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
        .filter(move |&at| {
            bytes
                .get(at + len)
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        })
}

/// The text report for stderr: a note, then one `path:line:col: text` line per mention.
pub fn note(old: &str, mentions: &[Mention]) -> Option<String> {
    if mentions.is_empty() {
        return None;
    }
    let count = match mentions.len() {
        1 => "1 mention".to_owned(),
        n => format!("{n} mentions"),
    };
    let mut out = format!(
        "note: {count} of {old} in item bodies left as written (prose is not rewritten); check them:\n"
    );
    for m in mentions {
        out.push_str(&format!(
            "  {}:{}:{}: {}\n",
            sanitize::line(&m.path),
            m.line,
            m.column,
            sanitize::line(&m.text)
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only_ignoring_case() {
        let found: Vec<usize> =
            matches("MS-3 ms-3, MS-30 XMS-3 `MS-3` MS-3a MS-3-x", "MS-3").collect();
        assert_eq!(found, vec![0, 5, 24, 36]);
        assert_eq!(matches("MS", "MS-3").count(), 0);
        assert_eq!(matches("", "MS-3").count(), 0);
    }

    #[test]
    fn only_the_body_counts_and_positions_are_characters() {
        let file = "+++\ntitle = \"MS-3\"\n+++\n\nÄ MS-3\r\nMS-3\n";
        let found = find(file, "p.md", "MS-3");
        let at: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|m| (m.line, m.column, m.text.as_str()))
            .collect();
        assert_eq!(at, vec![(5, 3, "Ä MS-3"), (6, 1, "MS-3")]);
    }
}
