//! `backlog lint --fix` (and `--fix --dry-run`): the part of `lint` that applies the
//! mechanical fixes of `crate::fix`, each file through the store's locked compare-and-swap.
//! `lint` then lints again and reports what remains.

use super::{Context, Outcome};
use crate::fix::{self, Fix};
use crate::lint;
use crate::load::{Backlog, Location};
use crate::render::{
    self,
    fix::{FileFixes, FixLine, FixView},
};
use crate::store::{Refused, Step, Store, Transaction};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Plans the fixes (of the files in `filters`, all when empty) and applies them (or, with
/// `dry_run`, prints their diff). `to_stdout`
/// says whether the report may go to stdout (human output) or must go to stderr (the
/// machine formats keep stdout for the findings). Returns `Some(outcome)` when lint should
/// stop here (a dry run), `None` when it should lint again.
pub fn run(
    ctx: &Context,
    location: &Location,
    filters: &[String],
    dry_run: bool,
    wait: f64,
    to_stdout: bool,
) -> Result<Option<Outcome>> {
    let (mut backlog, mut fixes) = planned(location, filters)?;
    // The fixes written are computed under the lock, from the files as they are then.
    let store = if dry_run || fixes.is_empty() {
        None
    } else {
        let store = Store::lock(location, wait)?;
        if let Some(done) = store.completed() {
            render::note(ctx.color, &done.note());
        }
        let unreadable = |b: &Backlog| -> Vec<(String, String)> {
            b.diagnostics
                .iter()
                .filter(|d| d.rule == "FS001")
                .map(|d| (d.path.clone(), d.message.clone()))
                .collect()
        };
        let before = unreadable(&backlog);
        (backlog, fixes) = planned(location, filters)?;
        // A file that could be read a moment ago and not now is the environment failing
        // (EIO, EACCES), not a finding: stop before writing anything.
        if let Some((path, why)) = unreadable(&backlog)
            .into_iter()
            .find(|u| !before.contains(u))
        {
            anyhow::bail!("{path} {why}; nothing was changed");
        }
        Some(store)
    };
    let mut by_file: BTreeMap<(String, PathBuf), Vec<&Fix>> = BTreeMap::new();
    for f in &fixes {
        by_file
            .entry((f.path.clone(), f.abs.clone()))
            .or_default()
            .push(f);
    }
    let mut view = FixView {
        files: Vec::new(),
        dry_run,
        skipped: Vec::new(),
    };
    let mut steps = Vec::new();
    let ranking_path = backlog.ranking_path();
    for ((path, abs), file_fixes) in by_file {
        let Some(before) = text_of(&backlog, &path) else {
            continue;
        };
        let is_ranking = path == ranking_path;
        let (after, taken, removals) = match (&backlog.ranking, is_ranking) {
            (Some(ranking), true) => {
                let entries: Vec<usize> = file_fixes.iter().filter_map(|f| f.entry).collect();
                let steps = fix::ranking_without(ranking, &entries);
                let after = steps.last().cloned().unwrap_or_else(|| before.to_owned());
                let taken = file_fixes[..steps.len().min(file_fixes.len())].to_vec();
                (after, taken, steps)
            }
            _ => {
                let edits: Vec<&fix::Edit> = file_fixes.iter().map(|f| &f.edit).collect();
                let (after, taken) = fix::apply(before, &edits);
                let taken: Vec<&Fix> = taken.iter().map(|&i| file_fixes[i]).collect();
                (after, taken, Vec::new())
            }
        };
        if let Some(store) = &store {
            let planned = if is_ranking {
                ranking_step(location, before, &after, removals.len())
            } else {
                item_step(store, &abs, before, &after)
            };
            match planned {
                Ok(step) => steps.push(step),
                Err(e) if e.is::<Refused>() => {
                    view.skipped.push((path.clone(), e.to_string()));
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        view.files.push(FileFixes {
            fixes: taken
                .iter()
                .map(|f| FixLine {
                    path: f.path.clone(),
                    line: f.line,
                    column: f.column,
                    rule: f.rule,
                    title: f.title.clone(),
                })
                .collect(),
            path,
            before: before.to_owned(),
            after,
        });
    }
    // Every file at once, or none (one transaction).
    if let Some(store) = &store {
        store.commit(&Transaction {
            verb: "lint-fix",
            what: "`lint --fix`".into(),
            steps,
        })?;
    }
    let mut report = String::new();
    if dry_run {
        report.push_str(&render::fix::diff(&view));
    }
    report.push_str(&render::fix::human(&view));
    if to_stdout || dry_run {
        render::print(ctx.color, &report)?;
    } else {
        render::note(ctx.color, report.trim_end());
    }
    Ok(dry_run.then_some(if view.files.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }))
}

fn text_of<'a>(backlog: &'a Backlog, path: &str) -> Option<&'a str> {
    if path == backlog.ranking_path() {
        return backlog.ranking.as_ref().map(|r| r.source.text.as_str());
    }
    let item = backlog.items.iter().find(|i| i.path == path)?;
    item.source.as_ref().map(|s| s.text.as_str())
}

/// The backlog as it is now and the fixes for it (of the files in `filters`, all when empty).
fn planned(location: &Location, filters: &[String]) -> Result<(Backlog, Vec<Fix>)> {
    let backlog = Backlog::load(location.clone())?;
    let diagnostics = lint::run(&backlog);
    let templates = |kind: &str| fix::template_for(&backlog, kind);
    let mut fixes = fix::plan(&backlog, &diagnostics, &templates);
    // `lint --fix PATH...` fixes only those files, as it reports only their findings.
    if !filters.is_empty() {
        fixes.retain(|f| {
            filters
                .iter()
                .any(|p| f.path == *p || f.path.starts_with(&format!("{p}/")) || p.is_empty())
        });
    }
    Ok((backlog, fixes))
}

/// The write of an item's fixes, checked by the store to read back (same ID, no new error).
fn item_step(store: &Store, abs: &std::path::Path, before: &str, after: &str) -> Result<Step> {
    let edit = store.plan_item(abs, |now| {
        if now == before {
            Ok(after.to_owned())
        } else {
            Err(Refused("the file changed since it was read; nothing was changed".into()).into())
        }
    })?;
    Ok(Step::replace(edit.path, edit.before, edit.after))
}

/// The write of the ranking's fixes: `removals` lines out, checked to read back with exactly
/// that many entries fewer (the transaction's compare-and-swap checks the file still holds
/// `before`).
fn ranking_step(location: &Location, before: &str, after: &str, removals: usize) -> Result<Step> {
    let entries = |text: &str| crate::store::read::ranking_from(text).entries.len();
    if entries(after) + removals != entries(before) {
        anyhow::bail!(
            "internal error: the fixed ranking would not read back correctly; nothing was changed"
        );
    }
    Ok(Step::replace(
        location.ranking_path(),
        before.to_owned(),
        after.to_owned(),
    ))
}
