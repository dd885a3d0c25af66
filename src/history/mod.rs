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

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

pub use crate::git::StepKey;

/// Every event in the history of a ranking file, in the walk's order (see `git::walk`:
/// generation, committer time, commit id), the same warm and cold.
#[derive(Debug, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    /// Where a shallow clone's history stops, if the walk reached it.
    pub shallow_boundary: Option<String>,
    /// Merges that kept one parent's version of an item while another parent's differed.
    pub kept: Vec<Kept>,
    /// One line each: versions skipped (over the cap, not UTF-8), commits read with a
    /// placeholder, renames followed, a damaged cache rebuilt. Also queued for stderr.
    pub notes: Vec<String>,
    /// The ranking versions that could not be read, and the commits whose events span them.
    pub skipped: Vec<Skipped>,
}

/// A merge kept `parent`'s version of item `id` and discarded another parent's: events of
/// that item only on the discarded side do not explain the merge's line (blame).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Kept {
    pub merge: String,
    pub id: String,
    pub parent: String,
}

/// A ranking version history could not read: it is skipped as if the commit had not changed
/// the ranking, and the next readable version's events include what it changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub commit: String,
    pub why: String,
    /// Commits whose events were read across the skipped version (they may include changes
    /// the skipped commit made).
    pub spanned_by: Vec<String>,
}

/// The events of one step, and the merges' kept sides, with the step's place in the order.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Keyed {
    pub key: StepKey,
    pub events: Vec<Event>,
    pub kept: Vec<Kept>,
}

/// The longest reason history keeps from a historical ranking line; longer ones are cut.
pub const MAX_REASON_BYTES: usize = 4096;

thread_local! {
    static NOTES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The notes history made since the last call (skipped versions, placeholders, a rebuilt
/// cache), for the front end to print on stderr once.
pub fn take_notes() -> Vec<String> {
    NOTES.with(|n| std::mem::take(&mut *n.borrow_mut()))
}

fn queue(notes: &[String]) {
    NOTES.with(|n| {
        let mut queued = n.borrow_mut();
        for note in notes {
            if !queued.contains(note) {
                queued.push(note.clone());
            }
        }
    });
}

/// The events and kept sides of `steps`, in order.
fn flatten(steps: Vec<Keyed>, timeline: &mut Timeline) {
    for step in steps {
        timeline.events.extend(step.events);
        timeline.kept.extend(step.kept);
    }
}

/// Reads the history of the ranking file at `path` (relative to the work tree top) from the
/// commits reachable from `to` and not from `hide`. Each distinct blob is parsed once.
pub fn timeline(
    repo: &crate::git::Repo,
    path: &str,
    to: &str,
    hide: Option<&str>,
) -> anyhow::Result<Timeline> {
    let (steps, mut timeline) = walk(repo, path, to, hide)?;
    flatten(steps, &mut timeline);
    queue(&timeline.notes);
    Ok(timeline)
}

/// The walk behind [`timeline`]: events per step with their keys (the cache keeps those), and
/// a timeline with everything but the events.
pub(crate) fn walk(
    repo: &crate::git::Repo,
    path: &str,
    to: &str,
    hide: Option<&str>,
) -> anyhow::Result<(Vec<Keyed>, Timeline)> {
    let history = repo.file_history(path, to, hide)?;
    let mut out = Timeline {
        shallow_boundary: history.shallow_boundary,
        notes: history.notes,
        ..Timeline::default()
    };
    let mut versions = Versions::new(repo);
    let mut steps = Vec::with_capacity(history.steps.len());
    for step in &history.steps {
        let parents = step
            .parents
            .iter()
            .map(|b| versions.get(b, None))
            .collect::<anyhow::Result<Vec<_>>>()?;
        // Parsed against the first parent's version: only the lines that differ are read.
        let base = match parents.first() {
            Some(Read::Ok(s)) => Some(s.clone()),
            _ => None,
        };
        let after = match versions.get(&step.after, base.as_deref())? {
            Read::Ok(s) => s,
            Read::Bad(why) => {
                // As if this commit had not changed the ranking: its first parent's version
                // stands in, and whoever builds on it is marked.
                let stand_in = parents.first().map_or_else(
                    || versions.empty.clone(),
                    |p| match p {
                        Read::Ok(s) => s.clone(),
                        Read::Bad(_) => versions.empty.clone(),
                    },
                );
                if let Some(blob) = &step.after {
                    versions.stand_in(blob, stand_in, &step.info.commit);
                }
                let short = &step.info.commit[..7.min(step.info.commit.len())];
                out.notes.push(format!(
                    "{path} at commit {short} {why}: that version is skipped, and the next readable one shows its changes"
                ));
                out.skipped.push(Skipped {
                    commit: step.info.commit.clone(),
                    why,
                    spanned_by: Vec::new(),
                });
                steps.push(Keyed {
                    key: step.key.clone(),
                    events: Vec::new(),
                    kept: Vec::new(),
                });
                continue;
            }
        };
        let mut parent_snapshots = Vec::with_capacity(parents.len());
        for (parent, blob) in parents.iter().zip(&step.parents) {
            match parent {
                Read::Ok(s) => {
                    if let Some(blob) = blob
                        && versions.stood_in.contains(blob)
                    {
                        mark(&mut out.skipped, &versions, blob, &step.info.commit);
                    }
                    parent_snapshots.push(s.clone());
                }
                Read::Bad(_) => parent_snapshots.push(versions.empty.clone()),
            }
        }
        let parents: Vec<&Snapshot> = parent_snapshots.iter().map(|p| p.as_ref()).collect();
        steps.push(judge(repo, path, step, &parents, &after, &mut out.notes));
    }
    Ok((steps, out))
}

/// The events and kept sides of one step whose versions were read: the same whichever way
/// the walk goes (oldest first for the timeline, newest first for blame).
fn judge(
    repo: &crate::git::Repo,
    path: &str,
    step: &crate::git::Step,
    parents: &[&Snapshot],
    after: &Snapshot,
    notes: &mut Vec<String>,
) -> Keyed {
    if after.clipped {
        let short = &step.info.commit[..7.min(step.info.commit.len())];
        notes.push(format!(
            "{path} at commit {short} has a reason over {MAX_REASON_BYTES} bytes: it is cut there"
        ));
    }
    let mut found = self::events(&step.info, parents, after);
    settle::settle(repo, path, step, &mut found);
    Keyed {
        key: step.key.clone(),
        events: found,
        kept: blame::kept(step, parents, after),
    }
}

/// Records that `commit` read its parent's version across the skipped one standing in `blob`.
fn mark(skipped: &mut [Skipped], versions: &Versions, blob: &str, commit: &str) {
    if let Some(origin) = versions.origin.get(blob)
        && let Some(s) = skipped.iter_mut().find(|s| &s.commit == origin)
        && !s.spanned_by.iter().any(|c| c == commit)
    {
        s.spanned_by.push(commit.to_owned());
    }
}

enum Read {
    Ok(Rc<Snapshot>),
    Bad(String),
}

/// Parsed ranking versions by blob id. Oldest first, a commit's parents are nearly always
/// among the last versions read, so a small cache bounded by count and bytes keeps memory
/// flat (keeping every version cost gigabytes), and a miss only re-reads one blob.
struct Versions<'r> {
    repo: &'r crate::git::Repo,
    parsed: HashMap<String, Rc<Snapshot>>,
    arrival: std::collections::VecDeque<(String, usize)>,
    bytes: usize,
    /// Unreadable versions: why, and the version standing in for each.
    bad: HashMap<String, String>,
    stand_ins: HashMap<String, Rc<Snapshot>>,
    stood_in: HashSet<String>,
    /// Which skipped commit each stand-in belongs to.
    origin: HashMap<String, String>,
    empty: Rc<Snapshot>,
}

impl<'r> Versions<'r> {
    const KEEP: usize = 64;
    const KEEP_BYTES: usize = 64 * 1024 * 1024;

    fn new(repo: &'r crate::git::Repo) -> Self {
        Versions {
            repo,
            parsed: HashMap::new(),
            arrival: std::collections::VecDeque::new(),
            bytes: 0,
            bad: HashMap::new(),
            stand_ins: HashMap::new(),
            stood_in: HashSet::new(),
            origin: HashMap::new(),
            empty: Rc::new(Snapshot::default()),
        }
    }

    fn stand_in(&mut self, blob: &str, snapshot: Rc<Snapshot>, commit: &str) {
        self.stand_ins.insert(blob.to_owned(), snapshot);
        self.origin.insert(blob.to_owned(), commit.to_owned());
    }

    /// The version `blob`, parsed against `base` (any version: the lines they share are not
    /// parsed again) when it is not known yet.
    fn get(&mut self, blob: &Option<String>, base: Option<&Snapshot>) -> anyhow::Result<Read> {
        let Some(blob) = blob else {
            return Ok(Read::Ok(self.empty.clone()));
        };
        if let Some(s) = self.stand_ins.get(blob) {
            self.stood_in.insert(blob.clone());
            return Ok(Read::Ok(s.clone()));
        }
        if let Some(s) = self.parsed.get(blob) {
            return Ok(Read::Ok(s.clone()));
        }
        if let Some(why) = self.bad.get(blob) {
            return Ok(Read::Bad(why.clone()));
        }
        let cap = crate::text::MAX_RANKING_BYTES;
        let size = self.repo.blob_size(blob)?;
        let why = if size > cap {
            Some(format!(
                "is {size} bytes, over the {} MiB cap",
                cap / (1024 * 1024)
            ))
        } else {
            // Read in place: checked for NUL and UTF-8 as `text::decode` checks a file, and
            // parsed against `base`, without copying the blob first.
            let read = self.repo.with_blob(blob, |bytes| {
                if bytes.contains(&0) {
                    let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
                    let (line, col) = crate::text::raw_position(bytes, at);
                    return Err(format!("has a NUL byte at {line}:{col}"));
                }
                match std::str::from_utf8(bytes) {
                    Ok(text) => Ok(Rc::new(match base {
                        Some(base) => Snapshot::parse_after(base, text),
                        None => Snapshot::parse(text),
                    })),
                    Err(e) => {
                        let (line, col) = crate::text::raw_position(bytes, e.valid_up_to());
                        Err(format!("is not UTF-8 text (at {line}:{col})"))
                    }
                }
            })?;
            match read {
                Ok(parsed) => {
                    self.keep(blob, parsed.clone(), size as usize);
                    return Ok(Read::Ok(parsed));
                }
                Err(why) => Some(why),
            }
        };
        let why = why.unwrap_or_default();
        self.bad.insert(blob.clone(), why.clone());
        Ok(Read::Bad(why))
    }

    fn keep(&mut self, blob: &str, parsed: Rc<Snapshot>, size: usize) {
        while !self.arrival.is_empty()
            && (self.arrival.len() >= Self::KEEP || self.bytes + size > Self::KEEP_BYTES)
        {
            if let Some((old, n)) = self.arrival.pop_front() {
                self.parsed.remove(&old);
                self.bytes -= n;
            }
        }
        self.arrival.push_back((blob.to_owned(), size));
        self.bytes += size;
        self.parsed.insert(blob.to_owned(), parsed);
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod equivalence;
