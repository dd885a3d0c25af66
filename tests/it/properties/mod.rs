//! Reliability tests: properties.
//!
//! The fuzz targets' properties (fuzz/fuzz_targets/) as proptest tests, so `cargo test` keeps
//! them where cargo-fuzz cannot run (RELIABILITY.md §5 "Stable fallback"; §7 R2, R3), R7's
//! hostile-string property over every sanitiser and the renderers that use them, and every
//! finding of the fuzz runs as a fixed regression (fuzz/regressions/, fuzz/README.md).
//!
//! These call the library directly: the point is many thousand inputs in a few seconds.
//!
//! By fuzz target: item_files, ranking, merge and sanitisers, then fuzz_findings (the
//! regressions); this file holds the shared oracles.

use backlog::diagnostic::{Diagnostic, Severity};
use backlog::item::{self, Parsed};
use backlog::merge::{Merged, merge};
use backlog::ranking::{Position, Ranking, Reason};
use backlog::render;
use backlog::sanitize;
use backlog::text::{self, Source};
use proptest::prelude::*;
use std::collections::HashSet;

mod fuzz_findings;
mod importers;
mod item_files;
mod lsp_sessions;
mod merge;
mod ranking;
mod sanitisers;

/// `cases` cases, and no failure file written into the source tree: a failure prints its
/// minimal input, which becomes a named test below.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Shared oracles
// ---------------------------------------------------------------------------------------------

/// Characters that must never reach a terminal raw: C0, DEL, C1, bidi controls, zero-width
/// characters, U+2028/2029 (RELIABILITY.md §3.7).
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Every diagnostic's line and column lie inside `source`, and its span is a char-boundary
/// range of the file (renderers slice the text with it).
fn assert_located(source: &Source, out: &[Diagnostic]) {
    let text = &source.text;
    for d in out {
        let lines = source.lines.line_count();
        assert!(
            (1..=lines).contains(&d.line),
            "{} at line {} of {lines}: {text:?}",
            d.rule,
            d.line
        );
        let start = source.lines.line_start(d.line);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let width = text[start..end].chars().count();
        assert!(
            d.column >= 1 && d.column <= width + 1,
            "{} at {}:{} on a {width}-char line: {text:?}",
            d.rule,
            d.line,
            d.column
        );
        if let Some(span) = &d.span {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{} span {span:?}: {text:?}",
                d.rule
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{} span {span:?} splits a character: {text:?}",
                d.rule
            );
        }
    }
}

/// Removes `ESC [ params m` (the human renderer's own colours); any other ESC stays.
pub(crate) fn strip_sgr(text: &str) -> String {
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

/// The human renderer prints nothing of the file but inert text, and no output line starts
/// with `::`; every GitHub annotation line is a command of our own.
fn assert_rendered_inert(source: &Source, out: &[Diagnostic]) {
    let human = strip_sgr(&render::human::diagnostics(out, |_| Some(source)));
    if let Some(c) = human.chars().find(|&c| forbidden(c) && c != '\n') {
        panic!("human output holds {c:?}: {human:?}");
    }
    for line in human.lines() {
        assert!(!line.starts_with("::"), "{line:?}");
    }
    let github = render::github::annotations(out);
    assert_eq!(github.lines().count(), out.len(), "{github:?}");
    for line in github.lines() {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line:?}"
        );
        assert!(!line.chars().any(|c| forbidden(c) && c != '\t'), "{line:?}");
    }
}
