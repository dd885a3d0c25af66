//! When each item entered each state: the `state` field of every version of every item file,
//! from one walk over the git history of the items directory (`git::Repo::dir_changes`).

use crate::git::{self, ChangeCommit};
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One change of an item's `state` in one commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Transition {
    pub time: i64,
    /// Index into [`States::commits`].
    pub commit: usize,
    /// `None` when the file was added (or its state could not be read).
    pub from: Option<String>,
    /// `None` when the file was deleted.
    pub to: Option<String>,
}

/// What git says about one item file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ItemHistory {
    pub transitions: Vec<Transition>,
    /// Every commit that changed the file, oldest first (indexes into [`States::commits`]).
    pub commits: Vec<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct States {
    /// By lowercase item ID.
    pub items: HashMap<String, ItemHistory>,
    pub commits: Vec<ChangeCommit>,
    /// When the commit the history was read from was made.
    pub head_time: i64,
    pub shallow: bool,
}

/// The cached state history of one head, in the git directory beside the history cache.
#[derive(Serialize, Deserialize)]
struct Cache {
    version: u32,
    dir: String,
    mailmap: String,
    head: String,
    states: States,
}

const CACHE_VERSION: u32 = 1;

impl States {
    /// [`States::read`] through a cache in the git directory (`backlog/states.json`), valid
    /// for one head, items directory and .mailmap. Deleting it is always safe; failing to
    /// write it changes nothing but the speed of the next run.
    pub fn read_cached(repo: &git::Repo, items_dir: &str, head: &str) -> Result<States> {
        let file = repo.cache_dir().join("states.json");
        let mailmap = repo.mailmap_key();
        let cached: Option<Cache> = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        if let Some(c) = cached
            && c.version == CACHE_VERSION
            && c.dir == items_dir
            && c.mailmap == mailmap
            && c.head == head
        {
            return Ok(c.states);
        }
        let states = States::read(repo, items_dir, head)?;
        let cache = Cache {
            version: CACHE_VERSION,
            dir: items_dir.to_owned(),
            mailmap,
            head: head.to_owned(),
            states,
        };
        if let Ok(bytes) = serde_json::to_vec(&cache) {
            let _ = std::fs::create_dir_all(repo.cache_dir())
                .map(|()| crate::write::overwrite(&file, &bytes));
        }
        Ok(cache.states)
    }

    /// Reads the history of the item files under `items_dir` (from the top of the work tree)
    /// reachable from `head`.
    pub fn read(repo: &git::Repo, items_dir: &str, head: &str) -> Result<States> {
        let changes = repo.dir_changes(items_dir, head)?;
        let mut states: HashMap<String, Option<String>> = HashMap::new();
        let mut state_of_blob = |blob: &Option<String>| -> Option<String> {
            let blob = blob.as_ref()?;
            if let Some(known) = states.get(blob) {
                return known.clone();
            }
            let state = repo.blob_text(blob).ok().and_then(|t| state_of(&t));
            states.insert(blob.clone(), state.clone());
            state
        };
        let mut items: HashMap<String, ItemHistory> = HashMap::new();
        for change in &changes.changes {
            let name = change.path.rsplit('/').next().unwrap_or(&change.path);
            if !name.ends_with(".md") {
                continue;
            }
            let Some(id) = crate::id::id_from_file_name(name) else {
                continue;
            };
            let entry = items.entry(id.to_ascii_lowercase()).or_default();
            if entry.commits.last() != Some(&change.commit) {
                entry.commits.push(change.commit);
            }
            let from = state_of_blob(&change.before);
            let to = state_of_blob(&change.after);
            if from != to {
                entry.transitions.push(Transition {
                    time: changes.commits[change.commit].time,
                    commit: change.commit,
                    from,
                    to,
                });
            }
        }
        Ok(States {
            items,
            commits: changes.commits,
            head_time: changes.head_time,
            shallow: changes.shallow,
        })
    }

    pub fn item(&self, id: &str) -> Option<&ItemHistory> {
        self.items.get(&id.to_ascii_lowercase())
    }
}

impl ItemHistory {
    /// The last transition into one of `states` from outside them, if the item is still in
    /// one of them after it (a reopened item has not entered `done` for good).
    pub fn entered<'a>(&'a self, states: &[String]) -> Option<&'a Transition> {
        let inside = |s: &Option<String>| s.as_ref().is_some_and(|s| states.contains(s));
        let last = self.transitions.last()?;
        if !inside(&last.to) {
            return None;
        }
        self.transitions
            .iter()
            .rev()
            .find(|t| inside(&t.to) && !inside(&t.from))
    }
}

/// The `state` of an item file's frontmatter, read with a line scan (fast on every version
/// of every file); `None` when the file has no `+++` frontmatter or no plain `state` line.
pub fn state_of(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "+++" {
        return None;
    }
    for line in lines {
        let line = line.trim();
        if line == "+++" {
            break;
        }
        let Some(rest) = line.strip_prefix("state") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let inner = &value[1..];
        let end = inner.find(quote)?;
        return Some(inner[..end].to_owned());
    }
    None
}
