//! Blame: for each line of the current ranking, the event that last placed it, or none when
//! its place or reason differs from HEAD's (git blame's "Not Committed Yet").

use super::{Event, Kept, Snapshot, Timeline, changes};
use crate::git::{Repo, Step};
use std::collections::{HashMap, HashSet};

/// The items of a merge `step` whose result agrees with one parent's version and not with
/// another's: the merge kept that parent's (the first such, as git blame follows).
pub(super) fn kept(step: &Step, parents: &[&Snapshot], after: &Snapshot) -> Vec<Kept> {
    if parents.len() < 2 {
        return Vec::new();
    }
    let differs: Vec<HashSet<String>> = parents
        .iter()
        .map(|p| changes(p, after).into_iter().map(|c| c.key).collect())
        .collect();
    let mut out = Vec::new();
    for key in after.keys() {
        let agree = differs.iter().position(|d| !d.contains(&key));
        let disagree = differs.iter().any(|d| d.contains(&key));
        if let (Some(k), true) = (agree, disagree)
            && let Some(parent) = step.parent_commits.get(k)
        {
            out.push(Kept {
                merge: step.info.commit.clone(),
                id: after.written(&key),
                parent: parent.clone(),
            });
        }
    }
    out
}

/// [`blame`], following the parent a merge kept: an event only on the side a merge discarded
/// (an ancestor of the merge, not of the kept parent) does not explain the line.
pub fn blame_in<'a>(
    repo: &Repo,
    current: &Snapshot,
    committed: &Snapshot,
    timeline: &'a Timeline,
) -> Vec<Placement<'a>> {
    let mut placements = blame(current, committed, timeline);
    if timeline.kept.is_empty() {
        return placements;
    }
    for p in placements.iter_mut().filter(|p| p.event.is_some()) {
        let merges: Vec<&Kept> = timeline
            .kept
            .iter()
            .filter(|k| k.id.eq_ignore_ascii_case(&p.id))
            .collect();
        if merges.is_empty() {
            continue;
        }
        let merges: Vec<Kept> = merges.into_iter().cloned().collect();
        let found = timeline
            .events
            .iter()
            .rev()
            .filter(|e| e.id.eq_ignore_ascii_case(&p.id))
            .find(|e| !discarded(repo, e, Some(&merges)));
        p.event = found;
        if !p.uncommitted {
            p.reason = found.and_then(|e| e.reason.clone());
        }
    }
    placements
}

/// One line of the current ranking and what last placed it there.
#[derive(Debug)]
pub struct Placement<'a> {
    /// The ID as the current ranking writes it.
    pub id: String,
    /// 1-based.
    pub rank: usize,
    /// The latest event of this item; `None` when uncommitted or never placed by a commit.
    pub event: Option<&'a Event>,
    /// The uncommitted line's own reason, else the event's.
    pub reason: Option<String>,
    pub uncommitted: bool,
}

/// Each line of `current` (the work tree's ranking) with the last event of `timeline` that
/// placed it; lines that differ from `committed` (HEAD's) have no event yet.
pub fn blame<'a>(
    current: &Snapshot,
    committed: &Snapshot,
    timeline: &'a Timeline,
) -> Vec<Placement<'a>> {
    let uncommitted: HashSet<String> = changes(committed, current)
        .into_iter()
        .map(|c| c.key)
        .collect();
    let mut latest: HashMap<String, &Event> = HashMap::new();
    for event in &timeline.events {
        latest.insert(event.id.to_ascii_lowercase(), event);
    }
    current
        .keys()
        .into_iter()
        .enumerate()
        .map(|(i, key)| {
            let fresh = uncommitted.contains(&key);
            let event = latest.get(&key).copied().filter(|_| !fresh);
            Placement {
                id: current.written(&key),
                rank: i + 1,
                event,
                reason: if fresh {
                    current.reason(&key).map(str::to_owned)
                } else {
                    event.and_then(|e| e.reason.clone())
                },
                uncommitted: fresh,
            }
        })
        .collect()
}

/// An event only on the side a merge discarded: an ancestor of the merge, not of the parent
/// whose version the merge kept.
fn discarded(repo: &Repo, e: &Event, merges: Option<&Vec<Kept>>) -> bool {
    merges.is_some_and(|merges| {
        merges.iter().any(|k| {
            e.commit.commit != k.merge
                && repo.is_ancestor(&e.commit.commit, &k.merge)
                && !repo.is_ancestor(&e.commit.commit, &k.parent)
        })
    })
}
