//! Bringing a backlog in from the tools teams use today, and taking it out again.
//!
//! Every source reads its own format into [`Foreign`] items (one module per source behind the
//! small [`Source`] trait); [`plan`] turns them into our item files and ranking.txt, with the
//! ID mapping and a [`Report`] of what could not be mapped. Nothing here touches the disk: the
//! importers are given the files' bytes, and the plan is written by `store`, all or nothing.
//! `export` goes the other way, from a loaded backlog to JSON, CSV or a Backlog.md folder.

pub mod backlog_md;
mod body;
pub mod export;
pub mod fit;
pub mod github;
pub mod jira;
pub mod plan;
mod yaml;

#[cfg(test)]
mod tests;

use crate::config::Config;
use serde::Serialize;
use std::collections::BTreeMap;

pub use plan::{Plan, PlannedItem, plan};

/// One input file of a source: its path as the report shows it, and its bytes.
pub struct InputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A tracker's export, read into items. Adding a tracker is one module implementing this.
pub trait Source {
    /// The name the report uses (`Backlog.md`, `GitHub issues`, `Jira CSV`).
    fn name(&self) -> &'static str;
    /// Reads the export into items in the order the tracker shows them; everything it could
    /// not map goes into `report`.
    fn read(&self, files: &[InputFile], config: &Config, report: &mut Report) -> Vec<Foreign>;
}

/// An item as a source gave it, already mapped to our vocabulary where a mapping exists.
#[derive(Debug, Clone, Default)]
pub struct Foreign {
    /// Where it came from, as the report names it (a path, or `#42`).
    pub origin: String,
    /// The source's own ID as it wrote it (`BACK-12`, `task-12.1`, `#42`, `PROJ-7`).
    pub source_id: String,
    /// What references to it are matched by (Backlog.md's `12.1` for `task-12.1` or
    /// `BACK-12.1`), compared ignoring case.
    pub key: String,
    /// The number to keep, when the source ID is one plain number.
    pub number: Option<u64>,
    pub title: String,
    pub kind: String,
    pub state: String,
    pub owner: Option<String>,
    pub estimate: Option<u32>,
    pub tags: Vec<String>,
    /// Resolved through the ID mapping by `plan`.
    pub depends_on: Vec<Reference>,
    /// Kept as the `parent` field through the mapping.
    pub parent: Option<Reference>,
    /// Other fields, kept as they are (our format allows unknown keys).
    pub extra: Vec<(String, toml_edit::Value)>,
    pub body: String,
    /// Its place in the ranking, when it is open and ranked (lower is higher priority).
    pub rank: Option<usize>,
}

/// What an import did and did not map, for the person who runs it.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub source: String,
    /// Files or records read.
    pub read: usize,
    /// Items that will be written.
    pub items: usize,
    pub ranked: usize,
    pub by_kind: BTreeMap<String, usize>,
    pub by_state: BTreeMap<String, usize>,
    /// Source IDs that got a new number (`task-12.1` → `MS-160`).
    pub renumbered: Vec<Renumbered>,
    /// Source IDs whose number an existing item already has (they got new numbers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub taken: Vec<Renumbered>,
    /// Records skipped entirely, and why.
    pub skipped: Vec<Note>,
    /// Fields or constructs mapped another way, or kept as they were.
    pub notes: Vec<Note>,
    /// Items that `backlog lint` will report after the import, and the first reason.
    pub lint: Vec<Note>,
    /// Findings `lint` will report, by rule code.
    pub lint_codes: BTreeMap<String, usize>,
    /// Ready requirements the imported items do not carry (`fit`), and whether the import
    /// took them out of backlog.toml (it does only in a backlog that had no items).
    pub config_fit: Vec<fit::Relaxed>,
    pub config_fit_written: bool,
}

/// A reference to another item of the same source: the key it is found by, and the text as
/// written (kept when it names nothing in the import).
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Renumbered {
    /// The source's ID.
    pub from: String,
    /// Where it came from (a path, a row).
    pub origin: String,
    pub to: String,
    /// Why the source number could not be kept; empty in the full mapping.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// One line of the report: what it is about and what happened.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub what: String,
    pub note: String,
}

impl Report {
    pub fn note(&mut self, what: impl Into<String>, note: impl Into<String>) {
        self.notes.push(Note {
            what: what.into(),
            note: note.into(),
        });
    }

    /// Folds notes that say the same thing about many records into one line, so the report
    /// stays readable (`--format json` still says which, in `what`).
    pub fn fold_repeats(&mut self) {
        let mut order: Vec<String> = Vec::new();
        let mut by_note: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for n in self.notes.drain(..) {
            if !by_note.contains_key(&n.note) {
                order.push(n.note.clone());
            }
            by_note.entry(n.note).or_default().push(n.what);
        }
        for note in order {
            let whats = by_note.remove(&note).unwrap_or_default();
            let what = match whats.len() {
                0..=3 => {
                    for what in whats {
                        self.notes.push(Note {
                            what,
                            note: note.clone(),
                        });
                    }
                    continue;
                }
                n => format!("{n} files ({}, …)", whats[..2].join(", ")),
            };
            self.notes.push(Note { what, note });
        }
    }

    pub fn skip(&mut self, what: impl Into<String>, note: impl Into<String>) {
        self.skipped.push(Note {
            what: what.into(),
            note: note.into(),
        });
    }
}

/// `From=to` pairs given on the command line (`--map-state "In Progress=doing"`), keyed by the
/// source's value folded to lower case with single spaces.
pub fn parse_map(pairs: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for pair in pairs {
        let Some((from, to)) = pair.rsplit_once('=') else {
            return Err(format!("`{pair}` is not FROM=TO"));
        };
        let (from, to) = (fold(from), to.trim());
        if from.is_empty() || to.is_empty() {
            return Err(format!("`{pair}` is not FROM=TO"));
        }
        map.insert(from, to.to_owned());
    }
    Ok(map)
}

/// A label or status as the mappings compare it: lower case, words joined by one space,
/// `-` and `_` read as spaces (`In-Progress`, `in progress` and `IN_PROGRESS` are one status).
pub fn fold(text: &str) -> String {
    text.replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Our state for a tracker's status: an explicit mapping, else a state of the same name,
/// else by meaning (finished, started, abandoned), else the first state.
pub fn map_state(status: &str, config: &Config, explicit: &BTreeMap<String, String>) -> String {
    let folded = fold(status);
    if let Some(to) = explicit.get(&folded) {
        return to.clone();
    }
    if let Some(same) = config.states.iter().find(|s| fold(s) == folded) {
        return same.clone();
    }
    let has = |s: &str| config.states.iter().any(|x| x == s).then(|| s.to_owned());
    let done = || config.done.states.first().cloned().or_else(|| has("done"));
    let dropped = || {
        config
            .closed
            .iter()
            .find(|s| !config.done.states.contains(s))
            .cloned()
    };
    let words = |list: &[&str]| list.iter().any(|w| folded.contains(w));
    let by_meaning = if words(&["won't", "wont", "cancel", "reject", "obsolete", "duplicate"]) {
        dropped()
    } else if words(&[
        "done", "complete", "closed", "resolved", "finished", "fixed",
    ]) {
        done()
    } else if words(&["ready", "selected"]) {
        // Jira's "Selected for Development": chosen, not started.
        has("ready")
    } else if words(&[
        "progress", "doing", "review", "started", "develop", "testing",
    ]) {
        has("doing")
    } else {
        None
    };
    by_meaning.unwrap_or_else(|| config.first_state().to_owned())
}

/// Our kind for a tracker's labels or type: an explicit mapping first, then the usual words,
/// and only kinds backlog.toml defines; `story` (or the first kind) otherwise.
pub fn map_kind(labels: &[String], config: &Config, explicit: &BTreeMap<String, String>) -> String {
    let defined = |k: &str| config.kinds.contains_key(k).then(|| k.to_owned());
    for label in labels {
        if let Some(kind) = explicit.get(&fold(label)).and_then(|k| defined(k)) {
            return kind;
        }
    }
    for label in labels {
        let folded = fold(label);
        let guess = match folded.as_str() {
            "bug" | "defect" | "regression" => "bug",
            "spike" | "research" | "investigation" | "question" => "spike",
            "debt" | "tech debt" | "technical debt" | "refactor" | "refactoring" | "chore" => {
                "debt"
            }
            "epic" | "initiative" => "epic",
            "story" | "user story" | "feature" | "enhancement" => "story",
            other => other,
        };
        if let Some(kind) = defined(guess) {
            return kind;
        }
    }
    defined("story")
        .or_else(|| config.kinds.keys().next().cloned())
        .unwrap_or_else(|| "story".to_owned())
}
