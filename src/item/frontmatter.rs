//! The `+++` split: where the frontmatter and body lie, in bytes of the whole file.

use crate::diagnostic::Diagnostic;
use crate::text::{self, Source};
use std::ops::Range;

/// Where the parts of an item file lie, in bytes of the whole file.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The TOML between the delimiter lines.
    pub frontmatter: Range<usize>,
    /// Everything after the closing delimiter line.
    pub body: Range<usize>,
}

/// "duplicate key `title` (first set on line 2)": the second key is where TOML stops; the
/// first is found by looking for the same key at the start of an earlier frontmatter line.
pub(super) fn duplicate_message(source: &Source, front_start: usize, span: Range<usize>) -> String {
    let key = source.text.get(span.clone()).unwrap_or("").trim();
    let first =
        text::lines_with_ranges(&source.text[front_start..span.start]).find_map(|(range, line)| {
            let rest = line.trim_start().strip_prefix(key)?;
            rest.trim_start()
                .starts_with('=')
                .then(|| source.lines.line(front_start + range.start))
        });
    match first {
        Some(line) => format!("duplicate key `{key}` (first set on line {line})"),
        None => format!("duplicate key `{key}`"),
    }
}

fn is_delimiter(line: &str, delimiter: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == delimiter
}

/// Finds the frontmatter and body. Line 1 (after a BOM) must be `+++`; the first later `+++`
/// line closes the block, so `+++` inside the body's code fences is left alone.
pub fn split(source: &Source, path: &str, out: &mut Vec<Diagnostic>) -> Option<Layout> {
    let content = source.content();
    let base = source.bom;
    let mut lines = text::lines_with_ranges(content);
    let Some((first_range, first)) = lines.next() else {
        out.push(
            Diagnostic::new("FM001", path, "the item file is empty").help(
                "start the file with a +++ line, the TOML frontmatter, and a closing +++ line",
            ),
        );
        return None;
    };
    let first_span = base + first_range.start..base + first_range.end;
    if !is_delimiter(first, "+++") {
        let (rule, message, help) = if is_delimiter(first, "---") {
            (
                "FM002",
                "YAML frontmatter (---) is not supported",
                "write the frontmatter as TOML between +++ lines, e.g. title = \"...\"",
            )
        } else {
            (
                "FM001",
                "expected '+++' on line 1 to open the frontmatter",
                "start the file with a +++ line, the TOML frontmatter, and a closing +++ line",
            )
        };
        out.push(
            Diagnostic::new(rule, path, message)
                .at(source, first_span)
                .help(help),
        );
        return None;
    }
    let front_start = base + next_line_start(content, first_range.end);
    for (range, line) in lines {
        if is_delimiter(line, "+++") {
            let body_start = base + next_line_start(content, range.end);
            return Some(Layout {
                frontmatter: front_start..base + range.start,
                body: body_start..source.text.len(),
            });
        }
    }
    out.push(
        Diagnostic::new("FM005", path, "the frontmatter opened here is never closed")
            .at(source, first_span)
            .help("add a line with only +++ after the last frontmatter key"),
    );
    None
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    match text[line_end..].find('\n') {
        Some(i) => line_end + i + 1,
        None => text.len(),
    }
}
