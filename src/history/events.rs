//! Events from successive rankings (ranked, unranked, moved, reason changed); merge attribution.

use super::reasons::{Trailers, subject};
use super::snapshot::{Snapshot, key_of};
use crate::git::CommitInfo;
use serde::{Deserialize, Serialize};

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
}

/// The changes from `before` to `after`: items newly ranked, unranked, moved, or whose reason
/// changed. Items that only shifted because others moved are not changes.
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    let kept = crate::order::kept_dense(&before.order, &after.order);
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
    /// The commit stated a reason for this change (a new `#` text or a `Reason:` trailer), as
    /// the policy requires of moves up; the subject alone is not one.
    #[serde(skip)]
    pub explicit: bool,
    #[serde(skip)]
    pub moved: bool,
    /// How many items the ranking holds after the commit, to tell "ranked at the bottom".
    #[serde(skip)]
    pub ranked_total: usize,
}

/// The events a commit owns. `parents` holds the ranking of each parent (an empty snapshot
/// where the file did not exist). A merge owns an event for an item only when its result
/// differs from every parent for that item: otherwise a commit on the branch made it.
pub fn events(commit: &CommitInfo, parents: &[&Snapshot], after: &Snapshot) -> Vec<Event> {
    let empty = Snapshot::default();
    let first = parents.first().copied().unwrap_or(&empty);
    let mut found = changes(first, after);
    for other in parents.iter().skip(1) {
        let theirs: std::collections::HashSet<String> =
            changes(other, after).into_iter().map(|c| c.key).collect();
        found.retain(|c| theirs.contains(&c.key));
    }
    let trailers = Trailers::parse(&commit.message);
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
                explicit,
                moved: change.moved,
                ranked_total: after.len(),
            }
        })
        .collect()
}
