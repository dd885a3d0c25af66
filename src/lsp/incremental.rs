//! Lint after a keystroke without judging 10,000 unchanged items again, giving exactly what
//! `lint::run` gives on the whole backlog.
//!
//! What lint says about one item on its own (the rules of `lint::items`, `ready`, and the
//! unknown dependencies of `lint::deps`) depends only on that item, the config, the set of IDs
//! and, through the top-N trigger, the item's open position when it is within the top N. So
//! after a change those findings are kept for every item whose text and top-N position stayed
//! the same, and `lint::run` runs once over the backlog with those items' texts set aside: it
//! skips them for the per-item rules and still judges every rule across items (IDs, the
//! ranking, ranked above a dependency) for all. The state falls back to a full run when the
//! config or the set of items changed, and whenever a dependency cycle is involved (its
//! finding points into each member's text). The tests run every incremental lint against a
//! full one (`BACKLOG_LSP_VERIFY=1`).

use super::state::Root;
use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use std::collections::{BTreeSet, HashMap};

/// The rules judged per item (by name) that are kept for unchanged items: those of
/// `lint::items` and `ready`, and unknown dependencies.
const PER_ITEM: &[&str] = &[
    "invisible-characters",
    "unknown-kind",
    "unknown-state",
    "missing-title",
    "id-mismatch",
    "foreign-prefix",
    "missing-field",
    "missing-section",
    "too-few-criteria",
    "estimate-too-large",
    "spike-timebox",
    "debt-economics",
    "unticked-criterion",
    "unknown-dependency",
];

fn is(code: &str, names: &[&str]) -> bool {
    crate::rules::find_rule(code).is_some_and(|r| names.contains(&r.name))
}

/// Lowercase ID → index in `backlog.items`.
pub(super) fn index(backlog: &Backlog) -> HashMap<String, usize> {
    backlog
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.to_ascii_lowercase(), i))
        .collect()
}

/// The open ranked items within the top N, as (item index, open position): the walk that
/// `ready::open_positions` makes, stopped at N.
pub(super) fn top(backlog: &Backlog, index: &HashMap<String, usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let Some(ranking) = &backlog.ranking else {
        return out;
    };
    let limit = backlog.config.ready.top;
    let mut seen = std::collections::HashSet::new();
    for entry in &ranking.entries {
        if out.len() >= limit {
            break;
        }
        let key = entry.id.to_ascii_lowercase();
        let Some(&i) = index.get(&key) else {
            continue;
        };
        if !seen.insert(key) || backlog.config.is_closed(backlog.items[i].state()) {
            continue;
        }
        out.push((i, out.len() + 1));
    }
    out
}

pub(super) fn lint(root: &mut Root, touched: &BTreeSet<String>) -> Vec<Diagnostic> {
    let items = &root.backlog.items;
    // Items are sorted by path: a changed file is found by binary search, and the loops below
    // test a flag per item rather than compare paths.
    let at = |path: &str| {
        let i = items.partition_point(|item| item.path.as_str() < path);
        (i < items.len() && items[i].path == path).then_some(i)
    };
    let mut changed = vec![false; items.len()];
    for i in touched.iter().filter_map(|p| at(p)) {
        changed[i] = true;
    }
    let top = top(&root.backlog, &root.index);
    // An item that entered, left or moved within the top N is judged again.
    for (i, _) in top
        .iter()
        .chain(&root.top)
        .filter(|e| !top.contains(e) || !root.top.contains(e))
    {
        changed[*i] = true;
    }
    root.top = top;
    // A cycle's finding points into every member's text: a cycle before, or one that a
    // changed item's dependencies close now, means a full run.
    let cycle_before = root
        .findings
        .values()
        .flatten()
        .any(|d| is(d.rule, &["dependency-cycle"]));
    if cycle_before || closes_cycle(&root.backlog, &root.index, touched) {
        return crate::lint::run(&root.backlog);
    }
    // The per-item findings of unchanged items, from the last lint.
    let mut kept = Vec::new();
    for (path, list) in &root.findings {
        if at(path).is_some_and(|i| !changed[i]) {
            kept.extend(list.iter().filter(|d| is(d.rule, PER_ITEM)).cloned());
        }
    }
    // Set the unchanged items' texts aside, lint, and put them back.
    let mut aside = Vec::new();
    for (i, item) in root.backlog.items.iter_mut().enumerate() {
        if !changed[i]
            && let Some(source) = item.source.take()
        {
            aside.push((i, source));
        }
    }
    let mut all = crate::lint::run(&root.backlog);
    for (i, source) in aside {
        root.backlog.items[i].source = Some(source);
    }
    all.extend(kept);
    let all = crate::lint::finish(&root.backlog.config, all);
    if root.verify {
        let full = crate::lint::run(&root.backlog);
        let key = |d: &Diagnostic| {
            format!(
                "{}:{}:{}:{}:{}",
                d.path, d.line, d.column, d.rule, d.message
            )
        };
        let a: Vec<String> = all.iter().map(key).collect();
        let b: Vec<String> = full.iter().map(key).collect();
        assert_eq!(a, b, "the incremental lint differs from the full one");
    }
    all
}

/// Whether one of the `touched` items can reach itself through `depends_on`: with no cycle
/// before, a new one must pass through an item whose dependencies changed.
fn closes_cycle(
    backlog: &Backlog,
    index: &HashMap<String, usize>,
    touched: &BTreeSet<String>,
) -> bool {
    let targets = |i: usize| {
        backlog.items[i]
            .parsed
            .fields
            .depends_on
            .iter()
            .filter_map(|d| index.get(&d.value.to_ascii_lowercase()).copied())
            .collect::<Vec<usize>>()
    };
    for (start, _) in backlog
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| touched.contains(&item.path))
    {
        let mut seen = vec![false; backlog.items.len()];
        let mut stack = targets(start);
        while let Some(node) = stack.pop() {
            if node == start {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(targets(node));
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kept_rule_is_registered() {
        for name in super::PER_ITEM.iter().chain(&["dependency-cycle"]) {
            assert!(crate::rules::find_rule(name).is_some(), "{name}");
        }
    }
}
