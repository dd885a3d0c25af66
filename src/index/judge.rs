//! Lint and list over a backlog loaded through the index, giving exactly what they give on a
//! backlog read whole.
//!
//! What lint says of one item on its own (the rules of `lint::items`, `ready`, DOR007 and
//! ECO001) depends only on the item, the config and the templates, as long as the item is
//! not within the top N of the ranking. Those findings are computed for the items read this
//! run by a lint over them alone (no ranking, so no top N), kept in the index, and used for
//! the items whose text is set aside. Every rule across items runs on the whole backlog each
//! time. Items for which a finding across items points into their own text (an unknown
//! dependency, a cycle, debt paying back soon, a running spike's clock) or whose per-item
//! findings depend on their place (the top N) are read: a handful of files.

use super::WorkIndex;
use crate::diagnostic::Diagnostic;
use crate::load::{Backlog, Item, Location};
use crate::{lint, ready};
use std::collections::{HashMap, HashSet};

/// The rules (by name) lint judges of an item on its own; the rest look across items.
pub const PER_ITEM: &[&str] = &[
    "unticked-criterion",
    "missing-field",
    "missing-section",
    "too-few-criteria",
    "estimate-too-large",
    "spike-timebox",
    "debt-economics",
    "template-placeholder",
    "economics-invalid",
    "unknown-kind",
    "unknown-state",
    "missing-title",
    "id-mismatch",
    "foreign-prefix",
    "invisible-characters",
];

/// Whether the rule `code` is one of `names`.
pub(super) fn is(code: &str, names: &[&str]) -> bool {
    crate::rules::find_rule(code).is_some_and(|r| names.contains(&r.name))
}

/// How `list` names an item's gaps (`commands::filter::row`), handed in from the verb.
pub type Gaps<'a> = &'a dyn Fn(&Backlog, &Item) -> Vec<String>;

/// Loads the backlog through `index` and lints it: the findings are those of `lint::run` on
/// the backlog read whole. Items keep their text only when a finding points into it.
pub fn lint(index: &mut WorkIndex, location: Location, gaps: Gaps) -> anyhow::Result<Linted> {
    if !index.is_on() {
        let backlog = Backlog::load(location)?;
        let findings = lint::run(&backlog);
        return Ok(Linted { backlog, findings });
    }
    let mut backlog = index.load(location)?;
    let mut need = needs_text(&backlog);
    for (i, item) in backlog.items.iter().enumerate() {
        if index.was_reused(&item.path) && index.findings(&item.path).is_none() {
            need[i] = true;
        }
    }
    reread(&mut backlog, &need);
    // What lint makes of each item read this run, on its own.
    let solo = solo_findings(&mut backlog, &need);
    for item in &backlog.items {
        if item.source.is_some() {
            index.learn(
                &item.path,
                solo.get(&item.path).cloned(),
                Some(gaps(&backlog, item)),
            );
        }
    }
    // Judge across items with the texts set aside, except where a finding needs one.
    let mut aside = Vec::new();
    for (i, item) in backlog.items.iter_mut().enumerate() {
        if !need[i]
            && let Some(source) = item.source.take()
        {
            aside.push((i, source));
        }
    }
    let mut findings = lint::run(&backlog);
    for (i, item) in backlog.items.iter().enumerate() {
        if need[i] {
            continue;
        }
        let kept = if index.was_reused(&item.path) {
            index.findings(&item.path).map(<[Diagnostic]>::to_vec)
        } else {
            solo.get(&item.path).cloned()
        };
        findings.extend(kept.unwrap_or_default());
    }
    let findings = lint::finish(&backlog.config, findings);
    // Texts go back only where a finding is drawn from them; the rest are read on demand.
    let shown: HashSet<&str> = findings.iter().map(|d| d.path.as_str()).collect();
    for (i, source) in aside {
        if shown.contains(backlog.items[i].path.as_str()) {
            backlog.items[i].source = Some(source);
        }
    }
    Ok(Linted { backlog, findings })
}

/// Reads the text of each item a finding points into that has none (known to the index), so
/// a renderer can draw the snippet.
pub fn read_shown(backlog: &mut Backlog, findings: &[Diagnostic]) {
    let shown: HashSet<&str> = findings.iter().map(|d| d.path.as_str()).collect();
    let need: Vec<bool> = (backlog.items.iter())
        .map(|item| item.source.is_none() && shown.contains(item.path.as_str()))
        .collect();
    reread(backlog, &need);
}

/// A backlog and lint's findings on it.
pub struct Linted {
    pub backlog: Backlog,
    pub findings: Vec<Diagnostic>,
}

/// Loads the backlog for `list` through `index`, with each item's gaps: items whose gaps the
/// index does not know are read. Returns the gaps by path for the items without text.
pub fn list(
    index: &mut WorkIndex,
    location: Location,
    gaps: Gaps,
) -> anyhow::Result<(Backlog, HashMap<String, Vec<String>>)> {
    let mut backlog = index.load(location)?;
    let need: Vec<bool> = (backlog.items.iter())
        .map(|item| index.was_reused(&item.path) && index.missing(&item.path).is_none())
        .collect();
    reread(&mut backlog, &need);
    let mut known = HashMap::new();
    for item in &backlog.items {
        if item.source.is_some() {
            index.learn(&item.path, None, Some(gaps(&backlog, item)));
        } else if let Some(missing) = index.missing(&item.path) {
            known.insert(item.path.clone(), missing.to_vec());
        }
    }
    Ok((backlog, known))
}

/// Reads again the set-aside items at `need` (the index vouched for them: the parse is the
/// same, and what reading found is already in the backlog's diagnostics).
fn reread(backlog: &mut Backlog, need: &[bool]) {
    for (i, _) in need.iter().enumerate().filter(|(_, n)| **n) {
        let item = &backlog.items[i];
        if item.source.is_some() {
            continue;
        }
        let fresh = crate::load::read_item(&item.id, &item.abs, item.path.clone(), &mut Vec::new());
        if fresh.source.is_some() {
            backlog.items[i].source = fresh.source;
            backlog.items[i].parsed = fresh.parsed;
        }
    }
}

/// The per-item findings of the items that have their text: lint over those items alone,
/// with no ranking, keeping the per-item rules. The items are lent to that lint and put back.
fn solo_findings(backlog: &mut Backlog, need: &[bool]) -> HashMap<String, Vec<Diagnostic>> {
    let config = &backlog.config;
    let mut out: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    let mut lent = Vec::new();
    let mut items = Vec::new();
    for (i, item) in std::mem::take(&mut backlog.items).into_iter().enumerate() {
        // A running spike's clock reads git: such items are always read, never cached.
        let timed = need[i] && crate::economics::timebox::is_timed(&item, config);
        if item.source.is_some() && !timed {
            out.insert(item.path.clone(), Vec::new());
            lent.push(true);
        } else {
            lent.push(false);
        }
        items.push(item);
    }
    type Placed = Vec<(usize, Item)>;
    let (alone, rest): (Placed, Placed) =
        items.into_iter().enumerate().partition(|(i, _)| lent[*i]);
    let alone = Backlog {
        location: backlog.location.clone(),
        config: backlog.config.clone(),
        config_source: None,
        items: alone.into_iter().map(|(_, item)| item).collect(),
        ranking: None,
        diagnostics: Vec::new(),
    };
    if !alone.items.is_empty() {
        for d in lint::run(&alone) {
            if is(d.rule, PER_ITEM)
                && let Some(list) = out.get_mut(&d.path)
            {
                list.push(d);
            }
        }
    }
    // Back in their places, in path order.
    let mut back = alone.items.into_iter();
    let mut rest = rest.into_iter().peekable();
    for (i, was_lent) in lent.iter().enumerate() {
        let item = if *was_lent {
            back.next()
        } else {
            rest.next_if(|(j, _)| *j == i).map(|(_, item)| item)
        };
        backlog.items.extend(item);
    }
    out
}

/// The items whose text lint needs this run whatever the index knows: within the top N, with
/// an unknown dependency or in a cycle, debt that may pay back soon, a running spike.
fn needs_text(backlog: &Backlog) -> Vec<bool> {
    let config = &backlog.config;
    let mut need = vec![false; backlog.items.len()];
    let ids: HashMap<String, usize> = backlog
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.to_ascii_lowercase(), i))
        .collect();
    for (key, position) in ready::open_positions(backlog) {
        if position <= config.ready.top
            && let Some(&i) = ids.get(&key)
        {
            need[i] = true;
        }
    }
    let economics = &config.economics;
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); backlog.items.len()];
    for (i, item) in backlog.items.iter().enumerate() {
        for dep in &item.parsed.fields.depends_on {
            match ids.get(&dep.value.to_ascii_lowercase()) {
                Some(&j) => edges[i].push(j),
                None => need[i] = true,
            }
        }
        let debt = item.kind() == "debt"
            && !config.is_closed(item.state())
            && crate::economics::break_even_weeks(item, economics)
                .is_some_and(|w| w < economics.break_even_weeks);
        if debt || crate::economics::timebox::is_timed(item, config) {
            need[i] = true;
        }
    }
    for i in in_cycles(&edges) {
        need[i] = true;
    }
    need
}

/// The nodes on a cycle (strongly connected components of two or more, and self-loops):
/// Tarjan's algorithm, iterative.
fn in_cycles(edges: &[Vec<usize>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low) = (vec![NONE; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if order[root] != NONE {
            continue;
        }
        let mut calls = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut e)) = calls.last_mut() {
            if *e == 0 {
                order[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*e) {
                *e += 1;
                if order[w] == NONE {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || edges[v].contains(&v) {
                    out.extend(component);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_and_self_loops_are_found_and_chains_are_not() {
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        let mut found = in_cycles(&edges);
        found.sort_unstable();
        assert_eq!(found, [0, 1, 2, 3]);
    }

    #[test]
    fn every_per_item_rule_is_registered() {
        for name in PER_ITEM.iter().chain(super::super::UNREADABLE) {
            assert!(crate::rules::find_rule(name).is_some(), "{name}");
        }
    }
}
