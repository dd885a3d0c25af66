//! Item files: any bytes → `text::decode` → `item::parse` (and `Config::parse`, which reads
//! the same kind of TOML), then the rewrite round trip.
//!
//! Properties (RELIABILITY.md §0 invariants 2 and 4, §4 group A, §7 R2/R3):
//! * nothing panics, whatever the bytes;
//! * a decode error names a byte that really is the NUL / the first bad UTF-8 byte;
//! * every diagnostic's line and column lie inside the file, and its span is a char-boundary
//!   range of the file (renderers slice the text with it);
//! * the human renderer draws every diagnostic without panicking and prints no control
//!   character of the file (only its own SGR colour sequences);
//! * a parse with valid frontmatter round-trips: `edit_frontmatter` that sets nothing returns
//!   the identical text (BOM, line endings, comments, key order, body); it may refuse only
//!   frontmatter the parse reported an error in;
//! * `set_string(id)` on such a file yields a file that parses, says the new ID, and keeps the
//!   body, the BOM and every other frontmatter line byte for byte.
#![no_main]

use backlog::diagnostic::{Diagnostic, Severity};
use backlog::item;
use backlog::text::{self, ReadProblem, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = match text::decode(data.to_vec()) {
        Ok(source) => source,
        Err((problem, bytes)) => {
            check_decode_error(&problem, &bytes);
            return;
        }
    };
    let mut out = Vec::new();
    let parsed = item::parse(&source, "items/MS-1-x.md", &mut out);
    check_diagnostics(&source, &out);
    check_rendering(&source, &out);

    let mut config_out = Vec::new();
    let _ = backlog::config::Config::parse(&source, "backlog.toml", &mut config_out);
    check_diagnostics(&source, &config_out);

    if parsed.frontmatter_ok {
        check_round_trip(&source, &parsed, &out);
    }
});

fn check_decode_error(problem: &ReadProblem, bytes: &[u8]) {
    match *problem {
        ReadProblem::Nul(pos) => {
            assert_eq!(bytes.get(pos), Some(&0), "NUL offset {pos} is not a NUL");
            assert!(
                !bytes[..pos].contains(&0),
                "NUL offset {pos} is not the first"
            );
        }
        ReadProblem::InvalidUtf8(pos) => {
            assert!(pos < bytes.len(), "bad UTF-8 offset {pos} past the end");
            assert!(std::str::from_utf8(&bytes[..pos]).is_ok());
        }
        ref other => panic!("decode cannot fail with {other:?}"),
    }
    let pos = match *problem {
        ReadProblem::Nul(p) | ReadProblem::InvalidUtf8(p) => p,
        _ => 0,
    };
    let (line, column) = text::raw_position(bytes, pos);
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    assert!((1..=lines).contains(&line), "line {line} of {lines}");
    assert!(column >= 1 && column <= bytes.len() + 1);
}

/// Line, column and span of every diagnostic point into `source`.
fn check_diagnostics(source: &Source, out: &[Diagnostic]) {
    let text = &source.text;
    let line_count = source.lines.line_count();
    for d in out {
        assert!(
            (1..=line_count).contains(&d.line),
            "{} at line {} of a {line_count}-line file: {d:?}",
            d.rule,
            d.line
        );
        let start = source.lines.line_start(d.line);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let width = text[start..end].chars().count();
        assert!(
            d.column >= 1 && d.column <= width + 1,
            "{} at {}:{} but the line has {width} chars: {d:?}",
            d.rule,
            d.line,
            d.column
        );
        if let Some(span) = &d.span {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{} span {span:?} outside a {}-byte file",
                d.rule,
                text.len()
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{} span {span:?} splits a character",
                d.rule
            );
        }
    }
}

/// The human renderer copes with every diagnostic, and nothing but its own colour codes
/// reaches the terminal.
fn check_rendering(source: &Source, out: &[Diagnostic]) {
    let rendered = backlog::render::human::diagnostics(out, |_| Some(source));
    let plain = strip_sgr(&rendered);
    if let Some(c) = plain
        .chars()
        .find(|&c| forbidden_on_terminal(c) && c != '\n')
    {
        panic!("rendered output contains {c:?}: {plain:?}");
    }
    let annotations = backlog::render::github::annotations(out);
    for line in annotations.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line:?}"
        );
        assert!(!line.contains('\r'));
    }
}

/// Removes `ESC [ params m` sequences (our renderer's colours); any other ESC stays.
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push('\u{1b}');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn forbidden_on_terminal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || text::is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

fn check_round_trip(source: &Source, parsed: &item::Parsed, out: &[Diagnostic]) {
    let original = &source.text;
    let same = match item::edit_frontmatter(original, |_| {}) {
        Ok(same) => same,
        // The parse may accept TOML the editor refuses (numbers beyond 64 bits), as long as it
        // reports it: lint then fails on the file instead of calling it clean.
        Err(_) if out.iter().any(|d| d.severity == Severity::Error) => return,
        Err(e) => panic!(
            "frontmatter the parse finds nothing wrong with refused by the rewrite: {e}\n{original:?}"
        ),
    };
    assert_eq!(&same, original, "no-op rewrite changed the file");

    let edited = match item::edit_frontmatter(original, |doc| item::set_string(doc, "id", "ZZ-7")) {
        Ok(edited) => edited,
        Err(e) => panic!("set_string failed: {e}"),
    };
    let reparsed_source = Source::new(edited.clone());
    let mut out = Vec::new();
    let reparsed = item::parse(&reparsed_source, "items/ZZ-7-x.md", &mut out);
    assert!(
        reparsed.frontmatter_ok,
        "setting `id` broke the frontmatter: {out:?}\n{edited:?}"
    );
    assert_eq!(
        reparsed.fields.id.as_ref().map(|f| f.value.as_str()),
        Some("ZZ-7"),
        "{edited:?}"
    );
    let (Some(before), Some(after)) = (&parsed.layout, &reparsed.layout) else {
        panic!("layout lost: {edited:?}");
    };
    assert_eq!(
        &original[before.body.clone()],
        &edited[after.body.clone()],
        "setting `id` changed the body"
    );
    assert_eq!(
        &original[..source.bom],
        &edited[..reparsed_source.bom],
        "BOM lost"
    );
    // Every frontmatter line but the `id` line survives byte for byte, terminator included.
    let id_is_a_string = parsed.fields.id.is_some() || parsed.fields.key("id").is_none();
    let id_on_one_line = parsed
        .fields
        .id
        .as_ref()
        .is_none_or(|f| !original[f.span.clone()].contains('\n'));
    if id_is_a_string && id_on_one_line {
        if let (Some(old), Some(new)) = (
            other_lines(&original[before.frontmatter.clone()]),
            other_lines(&edited[after.frontmatter.clone()]),
        ) {
            // Every other line, BOM and line ending included, is unchanged (F4, F5 fixed).
            {
                assert_eq!(
                    old, new,
                    "setting `id` changed other lines\n{original:?}\n{edited:?}"
                );
            }
        }
    }
}

/// The lines of a frontmatter, terminators included, but the `id` line; `None` when it has a
/// table header (the editor may put a new key elsewhere).
fn other_lines(front: &str) -> Option<Vec<&str>> {
    if front.lines().any(|l| l.trim_start().starts_with('[')) {
        return None;
    }
    let is_id = |l: &str| {
        let t = l.trim_start_matches([' ', '\t']);
        ["id", "\"id\"", "'id'"].iter().any(|k| {
            t.strip_prefix(k)
                .is_some_and(|r| r.trim_start_matches([' ', '\t']).starts_with('='))
        })
    };
    Some(front.split_inclusive('\n').filter(|l| !is_id(l)).collect())
}
