//! Lint after a keystroke without judging 10,000 unchanged items again, giving exactly what
//! `lint::run` gives on the whole backlog.
//!
//! What lint says about one item on its own (the rules of `lint::items`, `ready`, and the
//! unknown dependencies of `lint::deps`) depends only on that item, the config, the set of IDs
//! and, through the top-N trigger, the item's open position in the ranking. So after a change
//! those findings are kept for every item whose text and trigger stayed the same, and
//! `lint::run` runs once over the backlog with those items' texts set aside: it skips them
//! for the per-item rules and still judges every rule across items (IDs, the ranking, ranked
//! above a dependency) for all. The state falls back to a full run when the config or the set
//! of items changed, and whenever a dependency cycle is involved (its finding points into
//! each member's text).

use super::state::Root;
use crate::diagnostic::Diagnostic;
use crate::ready;
use std::collections::BTreeSet;

/// The rules judged per item that are kept for unchanged items.
const PER_ITEM: &[&str] = &[
    "TXT001", "FM008", "FM009", "FM012", "ID002", "ID004", "DOR001", "DOR002", "DOR003", "DOR004",
    "DOR005", "DOR006", "DONE001", "DEP001",
];

pub(super) fn lint(root: &mut Root, touched: &BTreeSet<String>) -> Vec<Diagnostic> {
    let t0 = std::time::Instant::now();
    #[allow(clippy::print_stderr)]
    let tr = |what: &str| eprintln!("TRACE   {what} {:?}", t0.elapsed());
    let positions = ready::open_positions(&root.backlog);
    tr("positions");
    let config = &root.backlog.config;
    let trigger = |item: &crate::load::Item, map: &std::collections::HashMap<String, usize>| {
        ready::trigger(
            item,
            config,
            map.get(&item.id.to_ascii_lowercase()).copied(),
        )
    };
    let mut changed: BTreeSet<String> = touched.clone();
    for item in &root.backlog.items {
        if trigger(item, &root.positions) != trigger(item, &positions) {
            changed.insert(item.path.clone());
        }
    }
    // A cycle's finding points into every member's text: a cycle before, or one that a
    // changed item's dependencies close now, means a full run.
    let cycle_before = root.findings.values().flatten().any(|d| d.rule == "DEP002");
    if cycle_before || closes_cycle(&root.backlog, touched) {
        root.positions = positions;
        return crate::lint::run(&root.backlog);
    }
    tr("cycle");
    // Set the unchanged items' texts aside, lint, and put them back.
    let mut aside = Vec::new();
    for (i, item) in root.backlog.items.iter_mut().enumerate() {
        if !changed.contains(&item.path)
            && let Some(source) = item.source.take()
        {
            aside.push((i, source));
        }
    }
    tr("aside");
    let fresh = crate::lint::run(&root.backlog);
    tr("run");
    for (i, source) in aside {
        root.backlog.items[i].source = Some(source);
    }
    root.positions = positions;
    let mut all = fresh;
    for item in &root.backlog.items {
        if changed.contains(&item.path) {
            continue;
        }
        if let Some(kept) = root.findings.get(&item.path) {
            all.extend(kept.iter().filter(|d| PER_ITEM.contains(&d.rule)).cloned());
        }
    }
    tr("kept");
    let all = crate::lint::finish(&root.backlog.config, all);
    tr("finish");
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
fn closes_cycle(backlog: &crate::load::Backlog, touched: &BTreeSet<String>) -> bool {
    let index: std::collections::HashMap<String, usize> = backlog
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.to_ascii_lowercase(), i))
        .collect();
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
