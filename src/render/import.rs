//! The import report: counts, new numbers, what was not mapped, what lint will say.

use crate::exchange::{Note, Report};
use crate::sanitize;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Lines of each list shown in text before "and N more" (JSON has them all).
const SHOWN: usize = 20;

#[derive(Debug, Serialize)]
pub struct ImportView {
    #[serde(flatten)]
    pub report: Report,
    pub dry_run: bool,
    /// Item files written.
    pub written: usize,
    /// Files that an earlier run of this import had already written, byte for byte.
    pub already: usize,
    pub ranking_written: bool,
    pub mapping_file: String,
    /// The prefix set in backlog.toml, when the import set it.
    pub prefix_set: Option<String>,
}

pub fn text(v: &ImportView) -> String {
    let r = &v.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} read, {} items, {} ranked",
        r.source, r.read, r.items, r.ranked
    );
    let _ = writeln!(out, "  by kind:  {}", counts(&r.by_kind));
    let _ = writeln!(out, "  by state: {}", counts(&r.by_state));
    if !r.renumbered.is_empty() {
        let _ = writeln!(out, "new numbers ({}):", r.renumbered.len());
        for m in r.renumbered.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "  {} ({}) → {} ({})",
                sanitize::line(&m.from),
                sanitize::line(&m.origin),
                sanitize::line(&m.to),
                m.why
            );
        }
        more(&mut out, r.renumbered.len());
    }
    section(&mut out, "skipped", &r.skipped);
    section(&mut out, "mapped another way or kept as it was", &r.notes);
    fit(&mut out, v);
    if r.lint.is_empty() {
        let _ = writeln!(out, "lint after the import: no errors");
    } else {
        let _ = writeln!(
            out,
            "lint after the import: {} in {} ({})",
            plural(r.lint_codes.values().sum::<usize>(), "error"),
            plural(r.lint.len(), "file"),
            counts(&r.lint_codes)
        );
        for n in r.lint.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "  {}: {}",
                sanitize::line(&n.what),
                sanitize::line(&n.note)
            );
        }
        more(&mut out, r.lint.len());
    }
    if v.dry_run {
        let _ = writeln!(out, "dry run: nothing was written");
    } else if v.written == 0 && !v.ranking_written {
        let _ = writeln!(
            out,
            "nothing to write: this import is already in place, byte for byte"
        );
    } else {
        if v.already > 0 {
            let _ = writeln!(
                out,
                "{} files were already in place from an earlier run of this import",
                v.already
            );
        }
        let ranking = if v.ranking_written {
            ", ranking.txt"
        } else {
            ""
        };
        let prefix = v.prefix_set.as_ref().map_or(String::new(), |p| {
            format!(", prefix = \"{p}\" in backlog.toml")
        });
        let _ = writeln!(
            out,
            "wrote {} items{ranking}{prefix} and the ID mapping {}",
            v.written,
            sanitize::line(&v.mapping_file)
        );
    }
    out
}

/// The Ready requirements the imported items do not carry: taken out of backlog.toml, or
/// proposed when the backlog already had items (its team's agreement is theirs to change).
fn fit(out: &mut String, v: &ImportView) {
    let r = &v.report;
    if r.config_fit.is_empty() {
        return;
    }
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for relaxed in &r.config_fit {
        by_kind.entry(&relaxed.kind).or_default().push(format!(
            "{} ({} of {} open)",
            relaxed.label(),
            relaxed.have,
            relaxed.of
        ));
    }
    let head = if r.config_fit_written && !v.dry_run {
        "backlog.toml: taken out of Ready, since the imported items do not have them (a comment there says so):"
    } else if r.config_fit_written {
        "backlog.toml: would take out of Ready, since the imported items do not have them:"
    } else {
        "backlog.toml left as it is (the backlog has items of its own, or --keep-config); Ready asks for what few imported items have:"
    };
    let _ = writeln!(out, "{head}");
    for (kind, parts) in by_kind {
        let _ = writeln!(out, "  {}: {}", sanitize::line(kind), parts.join(", "));
    }
}

pub fn json(v: &ImportView) -> String {
    #[derive(Serialize)]
    struct Versioned<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a ImportView,
    }
    let mut text = serde_json::to_string_pretty(&Versioned {
        version: 1,
        view: v,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

fn counts(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(k, n)| format!("{} {n}", sanitize::line(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn section(out: &mut String, title: &str, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}):", notes.len());
    for n in notes.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "  {}: {}",
            sanitize::line(&n.what),
            sanitize::line(&n.note)
        );
    }
    more(out, notes.len());
}

fn more(out: &mut String, total: usize) {
    if total > SHOWN {
        let _ = writeln!(
            out,
            "  … and {} more (--format json lists all)",
            total - SHOWN
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
