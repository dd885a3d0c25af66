//! A cheap line scanner for the body's sections and criteria, exact where it answers.
//!
//! Most item bodies are headings, plain paragraphs, block quotes and one level of bullet lists.
//! For those the scanner finds the same headings and task-list items as pulldown-cmark, line
//! by line and without building its event stream. Anything whose meaning depends on more than
//! that (setext underlines, thematic breaks, HTML blocks, ordered or nested lists, indented
//! content inside a list, a lazy continuation of a list item, inline markup in a heading or a
//! criterion beyond plain code spans, a lone carriage return) makes it answer `None`, and the
//! caller parses the body with pulldown-cmark. Fenced code (``` and ~~~, info strings, longer
//! closing fences, up to three spaces of indentation) and indented code are skipped exactly.
//! The equivalence is checked by a property test against pulldown-cmark.

use super::body::{Criterion, Section};

/// The sections and criteria of `text` (the body, starting at byte `base` of the file), or
/// `None` when only the full parse can be sure.
pub(super) fn scan(text: &str, base: usize) -> Option<(Vec<Section>, Vec<Criterion>)> {
    if has_lone_cr_or_odd_space(text) {
        return None;
    }
    let mut sections = Vec::new();
    let mut criteria = Vec::new();
    // The open fence: its character, length and indentation.
    let mut fence: Option<(u8, usize)> = None;
    // A bullet list is open (until a block at column 0 that is not a list item closes it).
    let mut in_list = false;
    // The previous line was a list item's line: only a blank line, another item or a heading
    // may follow without the meaning depending on lazy continuation.
    let mut after_item = false;
    // A block quote is open, or its paragraph goes on lazily: an indented line may still be
    // the quote's (a `>` after a tab, say), so it is left to the full parse.
    let mut in_quote = false;
    // The previous line was a paragraph's (or a quote's), so a paragraph is open.
    let mut prev_para = false;
    let mut start = 0;
    while start < text.len() {
        let (line, next) = match text.as_bytes()[start..].iter().position(|&b| b == b'\n') {
            Some(i) => (&text[start..start + i], start + i + 1),
            None => (&text[start..], text.len()),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line_start = start;
        start = next;
        if let Some((ch, len)) = fence {
            if closes_fence(line, ch, len) {
                fence = None;
            }
            continue;
        }
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            after_item = false;
            in_quote = false;
            prev_para = false;
            continue;
        }
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let lead_tab = line.as_bytes().get(indent) == Some(&b'\t');
        if in_quote && (indent > 0 || lead_tab) {
            return None;
        }
        if indent >= 4 || lead_tab {
            // Indented code or a paragraph's continuation: neither holds a heading or a task,
            // but inside a list it may be the item's own content.
            if in_list {
                return None;
            }
            continue;
        }
        if indent > 0 && in_list {
            return None;
        }
        let rest = &line[indent..];
        let first = rest.as_bytes()[0];
        let marker = list_marker(rest);
        if after_item && !(indent == 0 && marker.is_some()) && first != b'#' {
            return None;
        }
        if let Some(width) = marker {
            // An ordered item may not start a list in a paragraph unless it is `1.`: that
            // case is left to the full parse.
            if indent > 0 || (prev_para && first != b'-' && first != b'*' && first != b'+') {
                return None;
            }
            let content = &rest[width..];
            if content.trim_matches([' ', '\t']).is_empty()
                || content.starts_with([' ', '\t'])
                || starts_block(content)
            {
                return None;
            }
            if let Some(checked) = task_marker(content) {
                let text = inline(&content[4..])?;
                if text.trim().is_empty() {
                    return None;
                }
                criteria.push(Criterion {
                    checked,
                    text: text.trim().to_owned(),
                    span: base + line_start + width..base + line_start + line.len(),
                    section: sections.len().checked_sub(1),
                });
            } else if ["[ ]", "[x]", "[X]"].iter().any(|m| content.starts_with(m)) {
                return None;
            }
            in_list = true;
            after_item = true;
            in_quote = false;
            prev_para = false;
            continue;
        }
        match first {
            b'#' => {
                if let Some((level, title)) = atx_heading(rest) {
                    let title = inline(title)?;
                    sections.push(Section {
                        title: title.trim().to_owned(),
                        level,
                        span: base + line_start + indent..base + next,
                    });
                    in_list = false;
                    in_quote = false;
                    after_item = false;
                    prev_para = false;
                    continue;
                }
                if after_item {
                    return None;
                }
            }
            b'>' => {
                let content = rest[1..].strip_prefix(' ').unwrap_or(&rest[1..]);
                if content.starts_with([' ', '\t']) || starts_block(content) {
                    return None;
                }
                in_quote = true;
            }
            b'-' | b'*' | b'+' if rest.as_bytes().get(1) == Some(&b'\t') => return None,
            b'-' | b'*' | b'+' | b'_' | b'=' if only_of(rest, first) => return None,
            b'`' | b'~' => {
                let run = rest.bytes().take_while(|&b| b == first).count();
                if run >= 3 {
                    if first == b'`' && rest[run..].contains('`') {
                        return None;
                    }
                    fence = Some((first, run));
                    in_list = false;
                    in_quote = false;
                    prev_para = false;
                    continue;
                }
            }
            b'<' => return None,
            b'0'..=b'9' if ordered_marker(rest) => return None,
            _ => {}
        }
        // A paragraph line (or a block quote's): it closes an open list.
        in_list = false;
        prev_para = true;
    }
    Some((sections, criteria))
}

/// A carriage return not followed by a line feed ends a line for Markdown but not for us; a
/// vertical tab or form feed may count as space. Leave both to the full parse.
fn has_lone_cr_or_odd_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) || b == 0x0b || b == 0x0c)
}

/// A list item's marker and its one space (`- `, `* `, `+ `, `1. `, `12) `): its width.
fn list_marker(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return Some(2);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0
        && digits <= 9
        && matches!(b.get(digits), Some(b'.' | b')'))
        && b.get(digits + 1) == Some(&b' '))
    .then_some(digits + 2)
}

/// The line is one character repeated, with spaces or tabs: a thematic break or a setext
/// underline, or close enough to one to leave to the full parse.
fn only_of(rest: &str, ch: u8) -> bool {
    rest.bytes().all(|b| b == ch || b == b' ' || b == b'\t')
}

/// `1.` or `1)` and a space, a tab or the end: an ordered list item.
fn ordered_marker(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let b = rest.as_bytes();
    digits <= 9
        && matches!(b.get(digits), Some(b'.' | b')'))
        && matches!(b.get(digits + 1), None | Some(b' ' | b'\t'))
}

/// Content that may start a block of its own (a heading, a quote, a list, a fence, HTML,
/// indented code): inside a quote or a list item that is left to the full parse.
fn starts_block(content: &str) -> bool {
    let Some(&first) = content.as_bytes().first() else {
        return false;
    };
    match first {
        b'#' | b'>' | b'-' | b'*' | b'+' | b'=' | b'_' | b'<' | b' ' | b'\t' => true,
        b'`' | b'~' => content.bytes().take_while(|&b| b == first).count() >= 3,
        b'0'..=b'9' => ordered_marker(content),
        _ => false,
    }
}

/// `[ ] `, `[x] ` or `[X] ` at the start of an item's content: whether it is ticked.
fn task_marker(content: &str) -> Option<bool> {
    let b = content.as_bytes();
    if b.len() < 4 || b[0] != b'[' || b[2] != b']' || b[3] != b' ' {
        return None;
    }
    match b[1] {
        b' ' => Some(false),
        b'x' | b'X' => Some(true),
        _ => None,
    }
}

/// An ATX heading (`#` to `######`, then a space, a tab or the end): its level and its raw
/// content without the optional closing `#`s.
fn atx_heading(rest: &str) -> Option<(u8, &str)> {
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if level > 6 {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let mut content = after.trim_matches([' ', '\t']);
    let hashes = content.bytes().rev().take_while(|&b| b == b'#').count();
    if hashes == content.len() {
        content = "";
    } else if hashes > 0 {
        let before = &content[..content.len() - hashes];
        if before.ends_with([' ', '\t']) {
            content = before.trim_end_matches([' ', '\t']);
        }
    }
    Some((level as u8, content))
}

/// The text pulldown-cmark's inline pass gives for `s`, when `s` is plain text and code spans
/// of single backticks; `None` for any other inline markup (emphasis, links, HTML, entities,
/// escapes, longer backtick runs).
fn inline(s: &str) -> Option<String> {
    if s.bytes()
        .any(|b| matches!(b, b'\\' | b'&' | b'*' | b'_' | b'[' | b']' | b'<' | b'\t'))
    {
        return None;
    }
    if !s.contains('`') {
        return Some(s.to_owned());
    }
    let b = s.as_bytes();
    if b.windows(2).any(|w| w == b"``") || s.matches('`').count() % 2 == 1 {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else {
            let stripped = part
                .strip_prefix(' ')
                .and_then(|p| p.strip_suffix(' '))
                .filter(|_| !part.bytes().all(|c| c == b' '));
            out.push_str(stripped.unwrap_or(part));
        }
    }
    Some(out)
}

/// A closing fence for a fence of `len` characters `ch`: up to three spaces, at least as many
/// of the same character, then only spaces or tabs.
fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let run = rest.bytes().take_while(|&b| b == ch).count();
    run >= len && rest[run..].bytes().all(|b| b == b' ' || b == b'\t')
}
