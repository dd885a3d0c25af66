//! Blame: for each line of the current ranking, the event that last placed it, or none when
//! its place or reason differs from HEAD's (git blame's "Not Committed Yet").

use super::{Event, Snapshot, Timeline, changes};
use std::collections::{HashMap, HashSet};

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
