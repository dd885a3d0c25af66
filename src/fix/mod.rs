//! The mechanical fixes the rules describe, as plain text edits: never a write.
//!
//! [`plan`] looks at a backlog and the findings lint gave for it and returns, for each finding
//! that has a safe mechanical fix, one [`Fix`]: the file, a byte range of its text, the
//! replacement and a title. `backlog lint --fix` applies them through the store's safe write;
//! the language server offers the same values as quick fixes. Frontmatter edits go through
//! `item::edit_frontmatter` (every other byte kept), ranking edits through `ranking`'s
//! byte-preserving line removal. A fix whose result would not read back with no new syntax
//! error is dropped, never offered.

mod items;
mod ranking;
#[cfg(test)]
mod tests;

use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use crate::ranking::Ranking;
use std::ops::Range;
use std::path::PathBuf;

/// The rules that have a mechanical fix here, by name (the registry holds their codes, and
/// each one's `fix` text says that `backlog lint --fix` applies it).
pub const FIXABLE: &[&str] = &[
    "missing-field",
    "missing-section",
    "misspelled-field",
    "unknown-ranked-id",
    "duplicate-rank",
];

/// The name of the rule with this code ("" for none).
pub fn name_of(code: &str) -> &'static str {
    crate::rules::find_rule(code).map_or("", |r| r.name)
}

/// Whether findings of this rule code have a mechanical fix.
pub fn is_fixable(code: &str) -> bool {
    FIXABLE.contains(&name_of(code))
}

/// One replacement of a byte range of a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// The fix of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The rule of the finding it fixes.
    pub rule: &'static str,
    /// The file's path as findings show it.
    pub path: String,
    pub abs: PathBuf,
    /// Line and column of the finding (1-based, as lint prints them).
    pub line: usize,
    pub column: usize,
    /// What it does, in a few words: "add `owner = \"\"`".
    pub title: String,
    pub edit: Edit,
    /// For a ranking fix: the index in `Ranking::entries` of the line it removes, so that
    /// several removals can be made one after the other (see [`ranking_without`]).
    pub entry: Option<usize>,
}

/// Where a fix gets a kind's template: the text `backlog new` would start from.
pub type Templates<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The fixes for `diagnostics` (lint's findings on `backlog`), in the findings' order. A
/// finding without a safe fix gets none.
pub fn plan(backlog: &Backlog, diagnostics: &[Diagnostic], templates: Templates<'_>) -> Vec<Fix> {
    let mut out = Vec::new();
    for d in diagnostics.iter().filter(|d| is_fixable(d.rule)) {
        let fix = match name_of(d.rule) {
            "unknown-ranked-id" | "duplicate-rank" => ranking::fix(backlog, d),
            _ => items::fix(backlog, d, templates),
        };
        out.extend(fix);
    }
    out
}

/// The template of `kind` as `backlog new` reads it (the kind's file, else the built-in one).
pub fn template_for(backlog: &Backlog, kind: &str) -> Option<String> {
    let rel = backlog.config.kinds.get(kind)?.template.as_deref();
    crate::store::read::template(&backlog.location, kind, rel).ok()
}

/// The ranking's text without the lines of `entries` (indices into `Ranking::entries`), each
/// taken out by the ranking's own byte-preserving removal, the last first; every step is
/// returned, so a writer can make one checked write per line.
pub fn ranking_without(ranking: &Ranking, entries: &[usize]) -> Vec<String> {
    let mut order = entries.to_vec();
    order.sort_unstable_by(|a, b| b.cmp(a));
    order.dedup();
    let mut steps = Vec::new();
    let mut current = ranking.clone();
    for index in order {
        let Some(text) = current.without_entry(index) else {
            break;
        };
        let path = "ranking.txt";
        current = Ranking::parse(
            crate::text::Source::new(text.clone()),
            path,
            &mut Vec::new(),
        );
        steps.push(text);
    }
    steps
}

/// `text` with `edits` applied. Edits are applied in order of their start; one that overlaps
/// an edit already taken is left out (run the fixes again). Returns the text and how many
/// edits were applied.
pub fn apply(text: &str, edits: &[&Edit]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].range.start, edits[i].range.end));
    let mut taken = Vec::new();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for i in order {
        let e = edits[i];
        if e.range.start < at || e.range.end > text.len() || !text.is_char_boundary(e.range.start) {
            continue;
        }
        if !text.is_char_boundary(e.range.end) {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
        taken.push(i);
    }
    out.push_str(&text[at..]);
    taken.sort_unstable();
    (out, taken)
}

/// The one edit that turns `old` into `new`: what lies between their common prefix and
/// suffix, both taken back to whole lines so that line insertions stay whole lines.
pub fn edit_between(old: &str, new: &str) -> Edit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // Back to the start of a line (and a character boundary).
    while prefix > 0 && old.as_bytes()[prefix - 1] != b'\n' {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    // Forward to just after a line end, so the suffix starts a line (or is empty).
    while suffix > 0 && old.as_bytes()[old.len() - suffix - 1] != b'\n' {
        suffix -= 1;
    }
    Edit {
        range: prefix..old.len() - suffix,
        replacement: new[prefix..new.len() - suffix].to_owned(),
    }
}

/// The line ending a file uses (CRLF when it does throughout, else LF).
pub(crate) fn eol(text: &str) -> &'static str {
    if crate::text::line_endings(text) == crate::text::LineEndings::CrLf {
        "\r\n"
    } else {
        "\n"
    }
}
