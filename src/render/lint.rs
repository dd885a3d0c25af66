//! `lint`'s findings in each `--format`: human (source snippets, at most a page per file),
//! JSON (the stable contract, everything), GitHub annotations (capped like human), SARIF
//! (everything), the closing count for stderr and the job summary's Markdown.

use crate::diagnostic::Diagnostic;
use crate::text::Source;
use serde::Serialize;
use std::collections::HashMap;

/// What `lint` found.
#[derive(Debug, Clone)]
pub struct LintView {
    pub diagnostics: Vec<Diagnostic>,
    /// How many items were checked.
    pub items: usize,
}

/// Source snippets under each finding; `source_of` finds the text of a path.
pub fn human<'a>(view: &LintView, source_of: impl Fn(&str) -> Option<&'a Source>) -> String {
    // People read at most a page per file; JSON and SARIF carry everything.
    let (shown, hidden) = cap_per_file(&view.diagnostics, PER_FILE);
    let mut text = super::human::diagnostics(&shown, source_of);
    for (path, count) in &hidden {
        text.push_str(&format!(
            "note: {count} more findings in {} (all of them: --format json)\n\n",
            crate::sanitize::line(path)
        ));
    }
    text
}

/// GitHub Actions annotations.
pub fn github(view: &LintView) -> String {
    let (shown, hidden) = cap_per_file(&view.diagnostics, PER_FILE);
    let mut text = super::github::annotations(&shown);
    for (path, count) in &hidden {
        text.push_str(&format!(
            "::warning file={}::{count} more findings in this file; run backlog lint for all of them\n",
            crate::sanitize::github_property(path)
        ));
    }
    text
}

pub fn json(view: &LintView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        diagnostics: &'a [Diagnostic],
    }
    super::json::document(&Doc {
        version: 1,
        diagnostics: &view.diagnostics,
    })
}

pub fn sarif<'a>(view: &LintView, source_of: impl Fn(&str) -> Option<&'a Source>) -> String {
    super::sarif::document(&view.diagnostics, source_of)
}

/// The closing line for stderr: how many items, errors and warnings.
pub fn closing(view: &LintView) -> String {
    super::human::summary(&view.diagnostics, view.items)
}

/// The job summary's Markdown: counts by rule and the findings.
pub fn summary(view: &LintView) -> String {
    super::summary::lint(&view.diagnostics, view.items)
}

/// Findings listed per file in human and GitHub output; the rest are counted.
const PER_FILE: usize = 50;

/// The first `limit` findings of each file, and how many more each file has.
fn cap_per_file(
    diagnostics: &[Diagnostic],
    limit: usize,
) -> (Vec<Diagnostic>, Vec<(String, usize)>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut shown = Vec::with_capacity(diagnostics.len().min(limit * 8));
    for d in diagnostics {
        let n = seen.entry(&d.path).or_default();
        *n += 1;
        if *n <= limit {
            shown.push(d.clone());
        }
    }
    let mut hidden: Vec<(String, usize)> = seen
        .into_iter()
        .filter(|(_, n)| *n > limit)
        .map(|(p, n)| (p.to_owned(), n - limit))
        .collect();
    hidden.sort();
    (shown, hidden)
}
