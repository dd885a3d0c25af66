//! The warm cache of a full timeline in the git directory: the only file history writes.
//!
//! It cannot lie: the file names its format version and carries a SHA-1 of its body, checked
//! on every read; it is keyed on everything the answer depends on (HEAD, the ranking's path,
//! the repository it was written for, the shallow boundary, grafts, every mailmap source and
//! this program's version); it is opened only when it is a regular file, never following a
//! symlink and never blocking on a FIFO. Anything else is a damaged cache: rebuilt from
//! scratch with a one-line note, never trusted, never an error. It is written like
//! ranking.txt (temporary file, fsync, rename), so a reader sees the old or the new file.

use super::{Keyed, Skipped, Timeline, queue, walk};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The cache's file name in `backlog/` of the common git directory.
pub const CACHE_FILE: &str = "history.json";

const MAGIC: &str = "backlog history cache";
const CACHE_VERSION: u32 = 2;
/// A cache larger than this is not read (a history of millions of events is still far below).
const MAX_CACHE_BYTES: u64 = 512 * 1024 * 1024;

/// What the cached answer depends on besides HEAD: any difference voids the cache.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug)]
struct Key {
    /// This program's version: what an event means may change between releases.
    program: String,
    /// The common git directory it was written for.
    repository: String,
    path: String,
    /// The shallow boundary, grafts and every mailmap source, hashed.
    attribution: String,
}

#[derive(Serialize, Deserialize)]
struct Body {
    key: Key,
    head: String,
    shallow_boundary: Option<String>,
    notes: Vec<String>,
    skipped: Vec<Skipped>,
    steps: Vec<Keyed>,
}

/// Why a cache was not used.
enum Miss {
    /// No cache yet, or written for other inputs: rebuilt silently.
    Absent,
    Stale,
    /// Not a cache we wrote, or not intact: rebuilt with a note.
    Damaged(String),
}

/// [`super::timeline`] from `head` with a cache in the git directory, for `history`, `blame`
/// and the board. Keyed by commit ids, so it stays right after new commits (only they are
/// walked, and merged in by the walk's order key) and rewrites (rebuilt: the cached head is no
/// longer an ancestor). Deleting it is always safe, and failing to write it (a read-only file
/// system) changes nothing but speed.
pub fn timeline_cached(
    repo: &crate::git::Repo,
    path: &str,
    head: &str,
) -> anyhow::Result<Timeline> {
    let dir = repo.cache_dir();
    let file = dir.join(CACHE_FILE);
    let key = Key {
        program: env!("CARGO_PKG_VERSION").to_owned(),
        repository: std::fs::canonicalize(repo.common_dir())
            .unwrap_or_else(|_| repo.common_dir())
            .to_string_lossy()
            .into_owned(),
        path: path.to_owned(),
        attribution: repo.history_key(),
    };
    let mut notes = Vec::new();
    let cached = match read(&file, &key) {
        Ok(body) => Some(body),
        Err(Miss::Damaged(why)) => {
            notes.push(format!(
                "the history cache {} {why}: not used, rebuilt",
                file.display()
            ));
            None
        }
        Err(Miss::Absent | Miss::Stale) => None,
    };
    let body = match cached {
        Some(body) if body.head == head => body,
        // A skipped version's stand-in lives only in a full walk: extend only without one.
        Some(mut body) if body.skipped.is_empty() && repo.is_ancestor(&body.head, head) => {
            let (more, rest) = walk(repo, path, head, Some(&body.head))?;
            body.steps.extend(more);
            // The walk's key is a total order that depends only on the graph: sorting the
            // cached and the new steps together gives exactly the order of a cold walk.
            body.steps.sort_by(|a, b| a.key.cmp(&b.key));
            body.head = head.to_owned();
            body.shallow_boundary = rest.shallow_boundary.or(body.shallow_boundary);
            for note in rest.notes {
                if !body.notes.contains(&note) {
                    body.notes.push(note);
                }
            }
            body.skipped.extend(rest.skipped);
            write(&dir, &file, &body);
            body
        }
        _ => {
            let (steps, rest) = walk(repo, path, head, None)?;
            let body = Body {
                key,
                head: head.to_owned(),
                shallow_boundary: rest.shallow_boundary,
                notes: rest.notes,
                skipped: rest.skipped,
                steps,
            };
            write(&dir, &file, &body);
            body
        }
    };
    notes.extend(body.notes.iter().cloned());
    queue(&notes);
    let mut timeline = Timeline {
        shallow_boundary: body.shallow_boundary,
        notes,
        skipped: body.skipped,
        ..Timeline::default()
    };
    super::flatten(body.steps, &mut timeline);
    Ok(timeline)
}

/// The cache at `file` when it is intact and written for `key`.
fn read(file: &Path, key: &Key) -> Result<Body, Miss> {
    let bytes = open_regular(file)?;
    let damaged = |why: &str| Miss::Damaged(why.to_owned());
    let text = std::str::from_utf8(&bytes).map_err(|_| damaged("is not text"))?;
    let mut lines = text.splitn(4, '\n');
    if lines.next() != Some(MAGIC) {
        return Err(damaged("is not a history cache"));
    }
    let version = lines
        .next()
        .and_then(|l| l.strip_prefix("version "))
        .and_then(|v| v.parse::<u32>().ok())
        .ok_or_else(|| damaged("has no format version"))?;
    if version != CACHE_VERSION {
        // Another release's format: not damage, only another shape.
        return Err(Miss::Stale);
    }
    let sum = lines
        .next()
        .and_then(|l| l.strip_prefix("sha1 "))
        .ok_or_else(|| damaged("has no checksum"))?;
    let body = lines.next().unwrap_or("");
    if crate::git::hash_bytes(body.as_bytes()) != sum {
        return Err(damaged("does not match its checksum (truncated or edited)"));
    }
    let body: Body = serde_json::from_str(body).map_err(|_| damaged("cannot be parsed"))?;
    if body.key.repository != key.repository {
        return Err(damaged("was written for another repository"));
    }
    if &body.key != key {
        return Err(Miss::Stale);
    }
    Ok(body)
}

/// The bytes of `file` through [`crate::write::read_regular`], as a cache miss when absent or
/// not to be trusted.
fn open_regular(file: &Path) -> Result<Vec<u8>, Miss> {
    match crate::write::read_regular(file, MAX_CACHE_BYTES) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Miss::Absent),
        Err(why) => Err(Miss::Damaged(why)),
    }
}

/// Best effort: a cache that cannot be written is only a slower next run. An empty directory
/// squatting on the name is removed (it is ours); anything else is replaced by the rename.
fn write(dir: &Path, file: &Path, body: &Body) {
    let Ok(json) = serde_json::to_string(body) else {
        return;
    };
    let text = format!(
        "{MAGIC}\nversion {CACHE_VERSION}\nsha1 {}\n{json}",
        crate::git::hash_bytes(json.as_bytes())
    );
    if std::fs::symlink_metadata(file).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir(file);
    }
    let _ = std::fs::create_dir_all(dir).map(|()| crate::write::overwrite(file, text.as_bytes()));
}
