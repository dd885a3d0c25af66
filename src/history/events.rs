//! Events from successive rankings (ranked, unranked, moved, reason changed); merge attribution.

use super::evidence;
use super::reasons::{Trailers, subject};
use super::snapshot::{Snapshot, key_of};
use crate::git::CommitInfo;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How one item's place differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Lowercased ID.
    pub key: String,
    /// The ID as written in the newer version (or the older, when unranked).
    pub id: String,
    pub from: Option<usize>,
    pub to: Option<usize>,
    /// Newly ranked, unranked, or moved outside the longest common subsequence.
    pub moved: bool,
    /// The text after `#` differs (including: a reason appeared).
    pub reason_changed: bool,
    /// When this move rests on git's diff or the tie-break (`evidence`): the other reading's
    /// moves.
    pub other: Option<Vec<Move>>,
    /// The interned ID, for evidence across parents.
    pub(super) interned: u32,
}

/// One item's move in a reading of an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub id: String,
    pub from: usize,
    pub to: usize,
}

/// The changes from `before` to `after`: items newly ranked, unranked, moved, or whose reason
/// changed. Items that only shifted because others moved are not changes. Which items moved
/// is decided by the evidence the two texts hold (`evidence`: changed lines, git's diff).
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    changes_with(before, after, &Trailers::default())
}

/// [`changes`], with the commit's trailers as evidence of which items moved.
pub(super) fn changes_with(
    before: &Snapshot,
    after: &Snapshot,
    trailers: &Trailers,
) -> Vec<Change> {
    changes_named(before, after, &named(after, trailers))
}

/// The interned IDs of `after` that a `Reason(ID):` trailer names.
fn named(after: &Snapshot, trailers: &Trailers) -> HashSet<u32> {
    if !trailers.names_any() {
        return HashSet::new();
    }
    // From the trailers' side: a handful of IDs, not every line of the ranking.
    trailers
        .named_keys()
        .filter_map(super::snapshot::interned)
        .filter(|&n| after.position(n).is_some())
        .collect()
}

/// [`changes`], where `named` holds the items the evidence names as movers.
fn changes_named(before: &Snapshot, after: &Snapshot, named: &HashSet<u32>) -> Vec<Change> {
    let reading = evidence::read(before, after, named);
    let kept = &reading.kept;
    let other = reading.other.as_ref().map(|other| {
        after
            .order
            .iter()
            .enumerate()
            .filter(|&(i, _)| !other[i])
            .filter_map(|(i, &n)| {
                before.position(n).map(|p| Move {
                    id: after.slice(after.written[i]).to_owned(),
                    from: p + 1,
                    to: i + 1,
                })
            })
            .collect::<Vec<_>>()
    });
    let mut out = Vec::new();
    for (i, &n) in after.order.iter().enumerate() {
        let old = before.position(n);
        let new_reason = after.reasons[i].map(|r| after.slice(r));
        let reason_changed =
            old.is_some_and(|p| before.reasons[p].map(|r| before.slice(r)) != new_reason);
        if !kept[i] || reason_changed {
            out.push(Change {
                key: key_of(n),
                id: after.slice(after.written[i]).to_owned(),
                from: old.map(|p| p + 1),
                to: Some(i + 1),
                moved: !kept[i],
                reason_changed: reason_changed || (old.is_none() && new_reason.is_some()),
                other: other.clone().filter(|_| !kept[i] && old.is_some()),
                interned: n,
            });
        }
    }
    for (p, &n) in before.order.iter().enumerate() {
        if after.position(n).is_none() {
            out.push(Change {
                key: key_of(n),
                id: before.slice(before.written[p]).to_owned(),
                from: Some(p + 1),
                to: None,
                moved: true,
                reason_changed: false,
                other: None,
                interned: n,
            });
        }
    }
    out
}

/// One change of an item's place, owned by one commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(flatten)]
    pub commit: CommitInfo,
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub reason: Option<String>,
    /// Where the reason came from: `line`, `trailer` or `subject`.
    pub reason_source: String,
    /// The ranking reads two ways and only git's diff or the tie-break chose this one
    /// (README, "How history decides"). Required, so a cache written before it is rebuilt.
    pub ambiguous: bool,
    /// With `ambiguous`: the moves of the other reading.
    #[serde(default)]
    pub other_reading: Option<Vec<Move>>,
    /// When an item left the ranking: `done` or `dropped` (its state at that commit), else
    /// `unranked` (it is still open). Null while it is ranked.
    #[serde(default)]
    pub left_as: Option<String>,
    /// When a renumber gave the item this ID: the ID it had before.
    #[serde(default)]
    pub renamed_from: Option<String>,
    /// The commit stated a reason for this change (a new `#` text or a `Reason:` trailer), as
    /// the policy requires of moves up; the subject alone is not one.
    #[serde(skip)]
    pub explicit: bool,
    #[serde(skip)]
    pub moved: bool,
    /// How many items the ranking holds after the commit, to tell "ranked at the bottom".
    #[serde(skip)]
    pub ranked_total: usize,
    /// Where the item's ID starts in the commit's ranking.txt (without a BOM): the line a
    /// policy finding points at.
    #[serde(skip)]
    pub offset: Option<usize>,
}

/// The events a commit owns. `parents` holds the ranking of each parent (an empty snapshot
/// where the file did not exist). A merge owns an event for an item only when its result
/// differs from every parent for that item: otherwise a commit on the branch made it.
pub fn events(commit: &CommitInfo, parents: &[&Snapshot], after: &Snapshot) -> Vec<Event> {
    let empty = Snapshot::default();
    let first = parents.first().copied().unwrap_or(&empty);
    let trailers = Trailers::parse(&commit.message);
    let named = named(after, &trailers);
    let mut found = changes_named(first, after, &named);
    // Against the other parents, an ambiguous edit is read the way the first parent's reading
    // moved things, so that "moved against every parent" does not depend on a tie-break.
    let mut movers = named.clone();
    movers.extend(found.iter().filter(|c| c.moved).map(|c| c.interned));
    for other in parents.iter().skip(1) {
        let theirs: HashSet<String> = changes_named(other, after, &movers)
            .into_iter()
            .map(|c| c.key)
            .collect();
        found.retain(|c| theirs.contains(&c.key));
    }
    found
        .into_iter()
        .map(|change| {
            let line_reason = after.reason(&change.key).map(str::to_owned);
            let trailer = trailers.for_item(&change.id);
            let (reason, source, explicit) = match (&line_reason, change.reason_changed, trailer) {
                (Some(line), true, _) => (Some(line.clone()), "line", true),
                (_, _, Some(t)) => (Some(t.to_owned()), "trailer", true),
                (Some(line), false, None) => (Some(line.clone()), "line", false),
                (None, _, None) => (subject(&commit.message), "subject", false),
            };
            Event {
                id: change.id,
                commit: commit.clone(),
                from: change.from,
                to: change.to,
                reason,
                reason_source: source.to_owned(),
                ambiguous: change.other.is_some(),
                other_reading: change.other,
                left_as: change.to.is_none().then(|| "unranked".to_owned()),
                renamed_from: None,
                explicit,
                moved: change.moved,
                ranked_total: after.len(),
                offset: change.to.map(|t| after.written[t - 1].0 as usize),
            }
        })
        .collect()
}
