//! Priority history: the events of each item's place, derived from successive versions of
//! ranking.txt, and who made them and why.
//!
//! `git` hands over commits and ranking blobs as plain values; this module decides what counts
//! as an event (newly ranked, unranked, moved outside the longest common subsequence, or a
//! reason changed in place), attributes merge results the way `git blame` would, and picks the
//! reason. It reads git only through `git::Repo` and its plain values, and never prints.
//!
//! Deriving events is pure. The one write is the warm cache (`cache`): `history.json` in
//! `backlog/` of the common git directory, never the work tree, and best effort: when it cannot
//! be written the next run is only slower.

mod blame;
mod cache;
mod events;
mod evidence;
mod reasons;
mod settle;
mod snapshot;

pub use blame::{Placement, blame, blame_in};
pub use cache::timeline_cached;
pub use events::{Change, Event, changes, events};
pub use reasons::{Trailers, subject};
pub use snapshot::Snapshot;

use std::collections::HashMap;

/// Every event in the history of a ranking file, oldest first.
#[derive(Debug, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    /// Where a shallow clone's history stops, if the walk reached it.
    pub shallow_boundary: Option<String>,
    /// Merges that kept one parent's version of an item while another parent's differed.
    pub kept: Vec<Kept>,
}

/// A merge kept `parent`'s version of item `id` and discarded another parent's: events of
/// that item only on the discarded side do not explain the merge's line (blame).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Kept {
    pub merge: String,
    pub id: String,
    pub parent: String,
}

/// Reads the history of the ranking file at `path` (relative to the work tree top) from the
/// commits reachable from `to` and not from `hide`. Each distinct blob is parsed once.
pub fn timeline(
    repo: &crate::git::Repo,
    path: &str,
    to: &str,
    hide: Option<&str>,
) -> anyhow::Result<Timeline> {
    let history = repo.file_history(path, to, hide)?;
    // Oldest first, so a commit's parents are nearly always among the last few versions read:
    // a small cache bounds memory (keeping every version cost gigabytes on large histories),
    // and a miss only re-reads one blob.
    const KEEP: usize = 64;
    let mut snapshots: HashMap<String, std::rc::Rc<Snapshot>> = HashMap::new();
    let mut arrival: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    let empty = std::rc::Rc::new(Snapshot::default());
    let mut snapshot = |blob: &Option<String>| -> anyhow::Result<std::rc::Rc<Snapshot>> {
        let Some(blob) = blob else {
            return Ok(empty.clone());
        };
        if let Some(s) = snapshots.get(blob) {
            return Ok(s.clone());
        }
        let parsed = std::rc::Rc::new(Snapshot::parse(&repo.blob_text(blob)?));
        if arrival.len() == KEEP
            && let Some(old) = arrival.pop_front()
        {
            snapshots.remove(&old);
        }
        arrival.push_back(blob.clone());
        snapshots.insert(blob.clone(), parsed.clone());
        Ok(parsed)
    };
    let mut events = Vec::new();
    let mut kept = Vec::new();
    for step in &history.steps {
        let after = snapshot(&step.after)?;
        let parents = step
            .parents
            .iter()
            .map(&mut snapshot)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let parents: Vec<&Snapshot> = parents.iter().map(|p| p.as_ref()).collect();
        let mut found = self::events(&step.info, &parents, &after);
        settle::settle(repo, path, step, &mut found);
        events.extend(found);
        kept.extend(blame::kept(step, &parents, &after));
    }
    Ok(Timeline {
        events,
        shallow_boundary: history.shallow_boundary,
        kept,
    })
}

#[cfg(test)]
mod tests;
