//! The warm cache of a full timeline in the git directory: the only file history writes.

use super::{Event, Timeline, timeline};
use serde::{Deserialize, Serialize};

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
    /// Merges that kept one parent's version of an item (blame follows that parent).
    #[serde(default)]
    kept: Vec<super::Kept>,
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
    let (mut events, mut boundary, base, mut kept) = match cached {
        Some(c) if c.head == head => {
            return Ok(Timeline {
                events: c.events,
                shallow_boundary: c.shallow_boundary,
                kept: c.kept,
            });
        }
        Some(c) if repo.is_ancestor(&c.head, head) => {
            (c.events, c.shallow_boundary, Some(c.head), c.kept)
        }
        _ => (Vec::new(), None, None, Vec::new()),
    };
    let more = timeline(repo, path, head, base.as_deref())?;
    events.extend(more.events);
    kept.extend(more.kept);
    boundary = more.shallow_boundary.or(boundary);
    let cache = Cache {
        version: CACHE_VERSION,
        path: path.to_owned(),
        mailmap,
        head: head.to_owned(),
        shallow_boundary: boundary,
        events,
        kept,
    };
    if let Ok(bytes) = serde_json::to_vec(&cache) {
        // Best effort: a cache that cannot be written is only a slower next run.
        let _ = std::fs::create_dir_all(repo.cache_dir())
            .map(|()| crate::write::overwrite(&file, &bytes));
    }
    Ok(Timeline {
        events: cache.events,
        shallow_boundary: cache.shallow_boundary,
        kept: cache.kept,
    })
}
