//! Priority history: the events of each item's place, derived from successive versions of
//! ranking.txt, and who made them and why.
//!
//! Pure over plain values: `git` hands over commits and ranking texts; this module decides what
//! counts as an event (newly ranked, unranked, moved outside the longest common subsequence, or
//! a reason changed in place), attributes merge results the way `git blame` would, and picks the
//! reason. It reads git only through `git`'s plain values and never prints.

use crate::git::CommitInfo;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// IDs as small integers: history parses thousands of versions of the same lines, and
/// interning keeps that from allocating and hashing strings per line. One table per thread.
#[derive(Default)]
struct Interner {
    by_key: HashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    written: Vec<Box<str>>,
}

thread_local! {
    static IDS: std::cell::RefCell<Interner> = std::cell::RefCell::new(Interner::default());
}

fn intern(written: &str) -> u32 {
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        let lower;
        let key = if written.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = written.to_ascii_lowercase();
            lower.as_str()
        } else {
            written
        };
        if let Some(&n) = ids.by_key.get(key) {
            return n;
        }
        let n = ids.keys.len() as u32;
        ids.by_key.insert(key.into(), n);
        ids.keys.push(key.into());
        ids.written.push(written.into());
        n
    })
}

fn lookup(id: &str) -> Option<u32> {
    IDS.with(|ids| {
        ids.borrow()
            .by_key
            .get(id.to_ascii_lowercase().as_str())
            .copied()
    })
}

fn key_of(n: u32) -> String {
    IDS.with(|ids| {
        ids.borrow()
            .keys
            .get(n as usize)
            .map_or_else(String::new, |k| k.to_string())
    })
}

/// One version of ranking.txt, reduced to what history compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    text: std::rc::Rc<str>,
    /// Interned IDs in rank order, each once.
    order: Vec<u32>,
    /// How each ID is written here, and its reason, as byte ranges of `text`, by position.
    written: Vec<(u32, u32)>,
    reasons: Vec<Option<(u32, u32)>>,
    /// Interned ID → 1-based rank, 0 when not ranked (dense: IDs are small integers).
    ranks: Vec<u32>,
}

impl Snapshot {
    /// Reads the well-formed lines only, like `Ranking::parse` but without positions or
    /// diagnostics.
    pub fn parse(text: &str) -> Snapshot {
        let text: std::rc::Rc<str> = text.strip_prefix('\u{feff}').unwrap_or(text).into();
        let mut snapshot = Snapshot {
            text: text.clone(),
            ..Snapshot::default()
        };
        let base = text.as_ptr() as usize;
        let range = |s: &str| {
            let start = s.as_ptr() as usize - base;
            (start as u32, (start + s.len()) as u32)
        };
        for line in text.lines() {
            let Some((id, _, reason, true)) = crate::ranking::parse_line(line) else {
                continue;
            };
            let n = intern(id);
            let slot = n as usize;
            if slot >= snapshot.ranks.len() {
                snapshot.ranks.resize(slot + 1, 0);
            }
            if snapshot.ranks[slot] != 0 {
                continue;
            }
            snapshot.order.push(n);
            snapshot.ranks[slot] = snapshot.order.len() as u32;
            snapshot.written.push(range(id));
            snapshot.reasons.push(reason.map(range));
        }
        snapshot
    }

    fn slice(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    fn position(&self, n: u32) -> Option<usize> {
        match self.ranks.get(n as usize) {
            Some(&r) if r > 0 => Some(r as usize - 1),
            _ => None,
        }
    }

    pub fn rank(&self, id: &str) -> Option<usize> {
        lookup(id).and_then(|n| self.position(n)).map(|p| p + 1)
    }

    pub fn reason(&self, id: &str) -> Option<&str> {
        let p = lookup(id).and_then(|n| self.position(n))?;
        self.reasons[p].map(|r| self.slice(r))
    }

    /// How the ID is written in this version (its key when it is not here).
    pub fn written(&self, id: &str) -> String {
        match lookup(id).and_then(|n| self.position(n)) {
            Some(p) => self.slice(self.written[p]).to_owned(),
            None => id.to_owned(),
        }
    }

    /// The lowercased IDs in rank order.
    pub fn keys(&self) -> Vec<String> {
        self.order.iter().map(|&n| key_of(n)).collect()
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

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

/// Every event in the history of a ranking file, oldest first.
#[derive(Debug, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    /// Where a shallow clone's history stops, if the walk reached it.
    pub shallow_boundary: Option<String>,
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
    for step in &history.steps {
        let after = snapshot(&step.after)?;
        let parents = step
            .parents
            .iter()
            .map(&mut snapshot)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let parents: Vec<&Snapshot> = parents.iter().map(|p| p.as_ref()).collect();
        events.extend(self::events(&step.info, &parents, &after));
    }
    Ok(Timeline {
        events,
        shallow_boundary: history.shallow_boundary,
    })
}

/// The cache of a full timeline, kept in the git directory.
#[derive(Serialize, Deserialize)]
struct Cache {
    version: u32,
    /// The ranking's path and the .mailmap it was mapped with: either changing voids the cache.
    path: String,
    mailmap: String,
    head: String,
    shallow_boundary: Option<String>,
    events: Vec<Event>,
}

const CACHE_VERSION: u32 = 1;

/// [`timeline`] from `head` with a cache in the git directory, for `history` and `blame`.
/// Keyed by commit ids, so it stays right after new commits (only they are walked), rebases
/// and force-pushes (rebuilt: the cached head is no longer an ancestor). Deleting it is always
/// safe, and failing to write it (a read-only file system) changes nothing but speed. The
/// events it holds lack what only `lint --since` needs, which therefore never uses it.
pub fn timeline_cached(
    repo: &crate::git::Repo,
    path: &str,
    head: &str,
) -> anyhow::Result<Timeline> {
    let file = repo.cache_dir().join("history.json");
    let mailmap = repo.mailmap_key();
    let cached: Option<Cache> = std::fs::read(&file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|c: &Cache| c.version == CACHE_VERSION && c.path == path && c.mailmap == mailmap);
    let (mut events, mut boundary, base) = match cached {
        Some(c) if c.head == head => {
            return Ok(Timeline {
                events: c.events,
                shallow_boundary: c.shallow_boundary,
            });
        }
        Some(c) if repo.is_ancestor(&c.head, head) => (c.events, c.shallow_boundary, Some(c.head)),
        _ => (Vec::new(), None, None),
    };
    let more = timeline(repo, path, head, base.as_deref())?;
    events.extend(more.events);
    boundary = more.shallow_boundary.or(boundary);
    let cache = Cache {
        version: CACHE_VERSION,
        path: path.to_owned(),
        mailmap,
        head: head.to_owned(),
        shallow_boundary: boundary,
        events,
    };
    if let Ok(bytes) = serde_json::to_vec(&cache) {
        // Best effort: a cache that cannot be written is only a slower next run.
        let _ = std::fs::create_dir_all(repo.cache_dir())
            .map(|()| crate::write::overwrite(&file, &bytes));
    }
    Ok(Timeline {
        events: cache.events,
        shallow_boundary: cache.shallow_boundary,
    })
}

/// The first line of a commit message.
pub fn subject(message: &str) -> Option<String> {
    message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

/// `Reason:` and `Reason(MS-12):` trailers of a commit message (its last paragraph).
#[derive(Debug, Default)]
pub struct Trailers {
    general: Option<String>,
    by_item: HashMap<String, String>,
}

impl Trailers {
    pub fn parse(message: &str) -> Trailers {
        let mut trailers = Trailers::default();
        let paragraphs: Vec<&str> = message.trim_end().split("\n\n").collect();
        // The subject is never a trailer block, even when it looks like one.
        if paragraphs.len() < 2 {
            return trailers;
        }
        let Some(last) = paragraphs.last() else {
            return trailers;
        };
        for line in last.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            if value.is_empty() {
                continue;
            }
            if key.eq_ignore_ascii_case("reason") {
                trailers.general.get_or_insert_with(|| value.to_owned());
            } else if let Some(id) = key
                .strip_suffix(')')
                .and_then(|k| k.split_once('('))
                .filter(|(word, _)| word.trim().eq_ignore_ascii_case("reason"))
                .map(|(_, id)| id.trim())
            {
                trailers
                    .by_item
                    .entry(id.to_ascii_lowercase())
                    .or_insert_with(|| value.to_owned());
            }
        }
        trailers
    }

    /// The reason the trailers give for `id`: its own trailer, else the general one.
    pub fn for_item(&self, id: &str) -> Option<&str> {
        self.by_item
            .get(&id.to_ascii_lowercase())
            .or(self.general.as_ref())
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str) -> Snapshot {
        Snapshot::parse(text)
    }

    fn commit(message: &str) -> CommitInfo {
        CommitInfo {
            commit: "c0ffee".into(),
            author: "Dana".into(),
            email: "dana@example.com".into(),
            time: "2026-11-21T08:00:00+00:00".into(),
            message: message.into(),
        }
    }

    type Summary = (
        String,
        Option<usize>,
        Option<usize>,
        Option<String>,
        &'static str,
    );

    fn reason_source(s: &str) -> &'static str {
        match s {
            "line" => "line",
            "trailer" => "trailer",
            _ => "subject",
        }
    }

    fn summary(events: &[Event]) -> Vec<Summary> {
        events
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.from,
                    e.to,
                    e.reason.clone(),
                    reason_source(&e.reason_source),
                )
            })
            .collect()
    }

    #[test]
    fn moves_ranks_unranks_and_reason_edits() {
        let before = snap("MS-1 # a\nMS-2\nMS-3\nMS-4\n");
        let after = snap("MS-3 # now first\nMS-1 # a\nMS-2\nMS-5\n");
        let got = summary(&events(
            &commit("Reorder\n\nReason: Chicago"),
            &[&before],
            &after,
        ));
        assert_eq!(
            got,
            [
                (
                    "MS-3".into(),
                    Some(3),
                    Some(1),
                    Some("now first".into()),
                    "line"
                ),
                (
                    "MS-5".into(),
                    None,
                    Some(4),
                    Some("Chicago".into()),
                    "trailer"
                ),
                (
                    "MS-4".into(),
                    Some(4),
                    None,
                    Some("Chicago".into()),
                    "trailer"
                ),
            ]
        );
        // A reason-only edit is an event with from == to.
        let after = snap("MS-1 # b\nMS-2\nMS-3\nMS-4\n");
        let got = summary(&events(&commit("Why"), &[&before], &after));
        assert_eq!(
            got,
            [("MS-1".into(), Some(1), Some(1), Some("b".into()), "line")]
        );
    }

    #[test]
    fn shifting_is_not_an_event_and_subject_is_the_last_resort() {
        let before = snap("MS-1\nMS-2\n");
        let after = snap("MS-9\nMS-1\nMS-2\n");
        let got = summary(&events(&commit("Add MS-9 on top"), &[&before], &after));
        assert_eq!(
            got,
            [(
                "MS-9".into(),
                None,
                Some(1),
                Some("Add MS-9 on top".into()),
                "subject"
            )]
        );
    }

    #[test]
    fn merges_own_only_what_differs_from_every_parent() {
        let base = snap("MS-1\nMS-2\nMS-3\nMS-4\n");
        let ours = snap("MS-2\nMS-1\nMS-3\nMS-4\n"); // main moved MS-2 up
        let theirs = snap("MS-1\nMS-2\nMS-4\nMS-3\n"); // the branch moved MS-4 up
        // The resolution put MS-4 on top: neither side did that, so the merge owns it; MS-2's
        // place came from main, so its event stays with main's commit.
        let merged = snap("MS-4\nMS-2\nMS-1\nMS-3\n");
        let got = summary(&events(&commit("Merge"), &[&ours, &theirs], &merged));
        assert_eq!(
            got,
            [(
                "MS-4".into(),
                Some(4),
                Some(1),
                Some("Merge".into()),
                "subject"
            )]
        );
        // A clean merge that takes each side's moves owns nothing.
        let clean = snap("MS-2\nMS-1\nMS-4\nMS-3\n");
        assert!(events(&commit("Merge"), &[&ours, &theirs], &clean).is_empty());
        let _ = base;
        assert!(events(&commit("Merge"), &[&ours, &theirs], &ours).is_empty());
    }

    #[test]
    fn trailers() {
        let t = Trailers::parse(
            "Move things\n\nBody text.\n\nReason(MS-12): launch\nReason: general\nSigned-off-by: x",
        );
        assert_eq!(t.for_item("ms-12"), Some("launch"));
        assert_eq!(t.for_item("MS-1"), Some("general"));
        assert_eq!(
            Trailers::parse("Reason: in the subject").for_item("MS-1"),
            None
        );
    }
}
