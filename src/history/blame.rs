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

/// The timeline `blame` needs for `current` (the work tree's ranking; `committed` is HEAD's).
/// With a cache in the git directory (intact or not) it is [`super::timeline_cached`]'s. Without
/// one, the steps are read newest first and the walk stops once every committed line of
/// `current` has its last event: what blame shows is exactly the full timeline's answer, and
/// older versions are never read (nor noted). A version that cannot be read falls back to the
/// full walk, whose stand-ins need the versions before it.
pub fn blame_timeline(
    repo: &Repo,
    path: &str,
    head: &str,
    current: &Snapshot,
    committed: &Snapshot,
) -> anyhow::Result<Timeline> {
    if !super::cache::present(repo) {
        let fresh: HashSet<String> = changes(committed, current)
            .into_iter()
            .map(|c| c.key)
            .collect();
        let pending = current
            .keys()
            .into_iter()
            .filter(|k| !fresh.contains(k))
            .collect();
        if let Some(timeline) = recent(repo, path, head, pending)? {
            return Ok(timeline);
        }
    }
    super::timeline_cached(repo, path, head)
}

/// The newest steps of the history of `path`, up to the one that gives the last item of
/// `pending` its last event not discarded by a merge; `None` at a version that cannot be read.
fn recent(
    repo: &Repo,
    path: &str,
    head: &str,
    mut pending: HashSet<String>,
) -> anyhow::Result<Option<Timeline>> {
    let history = repo.file_history(path, head, None)?;
    let mut out = Timeline {
        shallow_boundary: history.shallow_boundary,
        notes: history.notes,
        ..Timeline::default()
    };
    let mut versions = super::Versions::new(repo);
    let mut steps = Vec::new();
    let mut kept: HashMap<String, Vec<Kept>> = HashMap::new();
    for step in history.steps.iter().rev() {
        if pending.is_empty() {
            break;
        }
        // Newest first, the version after the step is known (the parent of the step read just
        // before), and the parents are parsed against it: any base gives the same snapshot.
        let after = match versions.get(&step.after, None)? {
            super::Read::Ok(s) => s,
            super::Read::Bad(_) => return Ok(None),
        };
        let mut parents = Vec::with_capacity(step.parents.len());
        for blob in &step.parents {
            match versions.get(blob, Some(&after))? {
                super::Read::Ok(s) => parents.push(s),
                super::Read::Bad(_) => return Ok(None),
            }
        }
        let refs: Vec<&Snapshot> = parents.iter().map(|p| p.as_ref()).collect();
        let keyed = super::judge(repo, path, step, &refs, &after, &mut out.notes);
        for k in &keyed.kept {
            kept.entry(k.id.to_ascii_lowercase())
                .or_default()
                .push(k.clone());
        }
        // Merges newer than an event have all been read by now, and older ones cannot discard
        // it (they are not its descendants): whether it is discarded is already known.
        for event in keyed.events.iter().rev() {
            let key = event.id.to_ascii_lowercase();
            if pending.contains(&key) && !discarded(repo, event, kept.get(&key)) {
                pending.remove(&key);
            }
        }
        steps.push(keyed);
    }
    steps.reverse();
    super::flatten(steps, &mut out);
    super::queue(&out.notes);
    Ok(Some(out))
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
