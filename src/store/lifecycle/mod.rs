//! Changing an item's frontmatter under the writer lock, the noun `set`, `start`, `done` and
//! `drop` share: each edit typed and checked against backlog.toml (states, kinds, IDs that
//! exist, no circle of dependencies), the state transition judged by the order of the states
//! (Ready and Done gates: warnings, or refusals with `--strict`), and, when the item closes
//! and `unrank_closed` says so, its line taken out of ranking.txt, all or nothing.

mod checks;
mod judge;

use super::transaction::{Step, Transaction};
use super::{Refused, Store};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::item::{self, Assignment, Change};
use crate::load::Item;
use crate::{sanitize, text};
use anyhow::Result;
use checks::{check_dependencies, checked};
use judge::judge;
pub use judge::unticked;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// An item read from text, and the problems found in it.
pub(super) type Parsed = (Item, Vec<crate::diagnostic::Diagnostic>);

/// One edit a verb asks for: an argument to type against the file, or a change already typed.
#[derive(Debug, Clone)]
pub enum Edit {
    Assign(Assignment),
    Change(Change),
}

/// What a verb wants done to the item, decided from the item as it is read under the lock.
pub struct Intent {
    pub edits: Vec<Edit>,
    /// Refuse (rather than warn) when the item would be done with criteria unticked.
    pub require_done: bool,
}

/// The item a change is for, and what judges it.
pub struct Target<'a> {
    pub id: &'a str,
    pub path: &'a Path,
    pub config: &'a Config,
    pub index: &'a HashMap<String, PathBuf>,
    /// Refuse what would otherwise be a warning (Ready and Done gaps).
    pub strict: bool,
}

/// One key's value before and after, as TOML text (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub key: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A change of state, read against the order of `states`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: String,
    pub to: String,
    /// The states between the two, passed over on the way forward.
    pub skipped: Vec<String>,
    /// A move back to an earlier state.
    pub back: bool,
}

/// An unticked acceptance criterion: its line and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unticked {
    pub line: usize,
    pub text: String,
}

/// What the change did and what the item still lacks.
#[derive(Debug, Clone, Default)]
pub struct Changed {
    pub id: String,
    /// The item file, as paths are shown.
    pub path: String,
    pub fields: Vec<FieldChange>,
    pub transition: Option<Transition>,
    /// What the Ready (or state) requirements of the new state find missing.
    pub lacks: Vec<String>,
    /// The state whose requirements `lacks` are.
    pub needs: Option<String>,
    /// Criteria left unticked in a Done state.
    pub unticked: Vec<Unticked>,
    /// The rank the item had when the change took it out of the ranking.
    pub unranked: Option<usize>,
}

impl Store {
    /// Reads the item under the lock, asks `decide` what to change, checks and writes it
    /// (compare-and-swap), and unranks it when it closes: on a failed ranking edit the item
    /// edit is undone, so the two files change together or not at all.
    pub fn change_item(
        &self,
        target: &Target,
        decide: impl FnOnce(&Item) -> Result<Intent>,
    ) -> Result<Changed> {
        let display = self.location.display(target.path);
        let mut report = Changed {
            id: target.id.to_owned(),
            path: display.clone(),
            ..Changed::default()
        };
        let edit = self.plan_item(target.path, |text| {
            let before = parse(target, &display, text);
            if let Some(problem) = first_error(&before) {
                return Err(Refused(format!(
                    "{problem}; fix the file first (`backlog edit {}`); nothing was changed",
                    target.id
                ))
                .into());
            }
            let intent = decide(&before.0)?;
            let mut fields = Vec::new();
            let mut failure = None;
            let after_text = item::edit_frontmatter(text, |doc| {
                let original = doc.clone();
                let mut keys: Vec<String> = Vec::new();
                for edit in &intent.edits {
                    let key = match edit {
                        Edit::Assign(a) => a.key.as_str(),
                        Edit::Change(c) => c.key(),
                    };
                    let change = match edit {
                        Edit::Assign(a) => a.change(doc),
                        Edit::Change(c) => Ok(c.clone()),
                    }
                    .and_then(|c| checked(c, target));
                    match change.and_then(|c| item::apply(doc, &c).map(|()| c)) {
                        Ok(c) if !keys.iter().any(|k| k == c.key()) => keys.push(c.key().into()),
                        Ok(_) => {}
                        Err(e) => {
                            failure = Some((key.to_owned(), e));
                            return;
                        }
                    }
                }
                // The value alone, without the comment or spacing around it.
                let shown = |d: &toml_edit::DocumentMut, k: &str| {
                    d.get(k).map(|i| match i.as_value() {
                        Some(v) => {
                            let mut v = v.clone();
                            v.decor_mut().clear();
                            v.to_string()
                        }
                        None => i.to_string().trim().to_owned(),
                    })
                };
                fields = keys
                    .iter()
                    .map(|k| FieldChange {
                        key: k.clone(),
                        from: shown(&original, k),
                        to: shown(doc, k),
                    })
                    .filter(|f| f.from != f.to)
                    .collect();
            })
            .map_err(|e| Refused(format!("{display}: {e}; nothing was changed")))?;
            if let Some((key, e)) = failure {
                return Err(Refused(format!(
                    "{}: {}; nothing was changed",
                    at_key(&before.0, key.as_str()),
                    sanitize::line(&e)
                ))
                .into());
            }
            let after = parse(target, &display, &after_text);
            refuse_new_errors(&before, &after)?;
            check_dependencies(target, &self.location, &before, &after)?;
            report.fields = fields;
            judge(target, &before, &after, intent.require_done, &mut report)?;
            Ok(after_text)
        })?;
        let mut steps = vec![Step::replace(
            edit.path.clone(),
            edit.before.clone(),
            edit.after.clone(),
        )];
        if closes(&report, target.config) && edit.before != edit.after {
            steps.extend(self.plan_unrank(target.id, &mut report)?);
        }
        self.commit(&Transaction {
            verb: "lifecycle",
            what: format!("change of {}", target.id),
            steps,
        })?;
        Ok(report)
    }
}

impl Store {
    /// The ranking without the line of `id`, which closes: nothing when ranking.txt is not
    /// there or does not rank it; a refusal when its line cannot be taken out (conflict
    /// markers, a duplicated line); an I/O error reading it exits 2.
    fn plan_unrank(&self, id: &str, report: &mut Changed) -> Result<Option<Step>> {
        if std::fs::symlink_metadata(self.location.ranking_path()).is_err() {
            return Ok(None);
        }
        match self.plan_ranking(|r| r.unranked(id)) {
            Ok((change, step)) => {
                report.unranked = change.from;
                Ok(step)
            }
            Err(e) if e.is::<Refused>() && !self.ranks(id) => Ok(None),
            Err(e) => Err(match e.downcast::<Refused>() {
                Ok(Refused(why)) => Refused(format!(
                    "{}; {id} would leave it as it closes, so nothing was changed",
                    why.trim_end_matches("; nothing was changed")
                ))
                .into(),
                Err(e) => e,
            }),
        }
    }

    /// Whether ranking.txt ranks `id` (or holds conflict markers, which may hide it).
    fn ranks(&self, id: &str) -> bool {
        super::read::ranking(&self.location, &mut Vec::new())
            .is_none_or(|r| r.rank(id).is_some() || r.conflict.is_some())
    }
}

/// `path:line` of `key` in the item as read, or the path alone when the key is not there.
pub(super) fn at_key(item: &Item, key: &str) -> String {
    let line = item
        .parsed
        .fields
        .key(key)
        .zip(item.source.as_ref())
        .map(|(k, source)| source.lines.line(k.key.start));
    match line {
        Some(line) => format!("{}:{line}", item.path),
        None => item.path.clone(),
    }
}

/// Whether the change closes the item and closed items leave the ranking.
fn closes(report: &Changed, config: &Config) -> bool {
    config.unrank_closed
        && report
            .transition
            .as_ref()
            .is_some_and(|t| config.is_closed(&t.to))
}

fn parse(target: &Target, display: &str, text: &str) -> Parsed {
    let source = text::Source::new(text.to_owned());
    let mut problems = Vec::new();
    let parsed = item::parse(&source, display, &mut problems);
    let item = Item {
        id: target.id.to_owned(),
        path: display.to_owned(),
        abs: target.path.to_owned(),
        source: Some(source),
        parsed,
    };
    (item, problems)
}

/// The first error of a parsed item as `path:line:col: message`.
fn first_error(parsed: &Parsed) -> Option<String> {
    let (item, problems) = parsed;
    problems
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.path,
                d.line,
                d.column,
                sanitize::line(&d.message)
            )
        })
        .or_else(|| {
            (!item.parsed.frontmatter_ok)
                .then(|| format!("{}: the frontmatter cannot be read", item.path))
        })
}

/// Refuses an edit whose result has an error the file did not have (too many tags, say).
fn refuse_new_errors(before: &Parsed, after: &Parsed) -> Result<()> {
    let old: HashSet<(&str, &str)> = before
        .1
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.rule, d.message.as_str()))
        .collect();
    match after
        .1
        .iter()
        .find(|d| d.severity == Severity::Error && !old.contains(&(d.rule, d.message.as_str())))
    {
        Some(d) => Err(Refused(format!(
            "{}:{}:{}: the change would leave an error: {} ({}); nothing was changed",
            d.path,
            d.line,
            d.column,
            sanitize::line(&d.message),
            d.rule
        ))
        .into()),
        None => Ok(()),
    }
}

/// The state `start` moves an item to: `doing` when backlog.toml has it, else the last of
/// the states that need Ready.
pub fn start_state(config: &Config) -> Result<String> {
    let state = if config.is_state("doing") {
        Some("doing")
    } else {
        config.ready.states.last().map(String::as_str)
    };
    state.map(str::to_owned).ok_or_else(|| {
        Refused(
            "backlog.toml has no state `doing` to start an item in; use `backlog set ID state=...`"
                .into(),
        )
        .into()
    })
}

/// The state `done` moves an item to: the first of `done.states`.
pub fn done_state(config: &Config) -> Result<String> {
    config.done.states.first().cloned().ok_or_else(|| {
        Refused("backlog.toml lists no `done.states`; use `backlog set ID state=...`".into()).into()
    })
}

/// The state `drop` moves an item to: the first closed state that is not a Done state.
pub fn drop_state(config: &Config) -> Result<String> {
    let done = |s: &String| config.done.states.contains(s);
    config.closed.iter().find(|s| !done(s)).cloned().ok_or_else(|| {
        Refused("backlog.toml has no closed state that is not done (such as `dropped`); use `backlog set ID state=...`".into()).into()
    })
}
