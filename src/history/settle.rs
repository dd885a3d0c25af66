//! What the item files of a commit say about its ranking events: an item that left the
//! ranking because it was finished reads `→ done` / `→ dropped` (its state at that commit),
//! one that left while still open `→ unranked`; and a renumber (the item file renamed, and the
//! ranking line's ID changed with it) is one rename event, not an unrank plus a new ranking.
//!
//! Only commits with an item leaving the ranking read any item file, so the walk stays cheap.

use super::Event;
use crate::git::{Repo, Step};
use std::collections::{HashMap, HashSet};

/// The item files of one commit whose lowercased ID is in `wanted`: lowercased ID → blob id.
fn items_at(
    repo: &Repo,
    commit: &str,
    dir: &str,
    wanted: &HashSet<String>,
) -> HashMap<String, String> {
    // A cheap test on the name first: most of thousands of files are not wanted.
    let keep = |name: &str| {
        wanted.iter().any(|k| {
            name.get(..k.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(k))
                && crate::id::id_from_file_name(name).is_some_and(|id| id.len() == k.len())
        })
    };
    repo.files_named(commit, dir, keep)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(path, blob)| {
            let name = path.rsplit('/').next().unwrap_or(&path);
            crate::id::id_from_file_name(name).map(|id| (id.to_ascii_lowercase(), blob))
        })
        .collect()
}

/// Fills `left_as` and folds renumbers in the events `step` owns. `ranking` is ranking.txt's
/// path from the work tree top; the items are in `items/` beside it.
pub fn settle(repo: &Repo, ranking: &str, step: &Step, events: &mut Vec<Event>) {
    if !events.iter().any(|e| e.to.is_none()) {
        return;
    }
    let root = ranking.rsplit_once('/').map_or("", |(dir, _)| dir);
    let join = |name: &str| {
        if root.is_empty() {
            name.to_owned()
        } else {
            format!("{root}/{name}")
        }
    };
    let dir = join(crate::load::ITEMS_DIR);
    // Only the files of the items these events name are looked at.
    let wanted: HashSet<String> = events.iter().map(|e| e.id.to_ascii_lowercase()).collect();
    let now = items_at(repo, &step.info.commit, &dir, &wanted);
    // The parent's files only matter to a renumber: an item that left with its file gone, and
    // one that entered with a file. Without both, nothing is folded and they are not read.
    let has = |e: &Event| now.contains_key(&e.id.to_ascii_lowercase());
    let renumber = events.iter().any(|e| e.to.is_none() && !has(e))
        && events.iter().any(|e| e.from.is_none() && has(e));
    let before = step
        .parent_commits
        .first()
        .filter(|_| renumber)
        .map(|p| items_at(repo, p, &dir, &wanted))
        .unwrap_or_default();
    fold_renames(events, &now, &before);
    let closed = closed_states(repo, &step.info.commit, &join(crate::load::CONFIG_FILE));
    for event in events.iter_mut().filter(|e| e.to.is_none()) {
        let state = now
            .get(&event.id.to_ascii_lowercase())
            .and_then(|blob| state_of(repo, blob))
            .filter(|s| closed.iter().any(|c| c == s));
        event.left_as = Some(state.unwrap_or_else(|| "unranked".to_owned()));
    }
}

/// A renumber: X left the ranking and Y entered it in the same commit, X's item file is gone
/// and Y's is new. The two events become Y's, from X's place to Y's, `renamed_from` X.
fn fold_renames(
    events: &mut Vec<Event>,
    now: &HashMap<String, String>,
    before: &HashMap<String, String>,
) {
    let gone: Vec<usize> = (0..events.len())
        .filter(|&i| {
            let key = events[i].id.to_ascii_lowercase();
            events[i].to.is_none() && before.contains_key(&key) && !now.contains_key(&key)
        })
        .collect();
    let new: Vec<usize> = (0..events.len())
        .filter(|&i| {
            let key = events[i].id.to_ascii_lowercase();
            events[i].from.is_none() && now.contains_key(&key) && !before.contains_key(&key)
        })
        .collect();
    // Only a commit that renumbers one item pairs them: with more, which is which is a guess.
    if gone.len() != 1 || new.len() != 1 {
        return;
    }
    let mut drop = Vec::new();
    for (&old, &fresh) in gone.iter().zip(&new) {
        let (from, old_id) = (events[old].from, events[old].id.clone());
        let e = &mut events[fresh];
        e.from = from;
        e.renamed_from = Some(old_id);
        // The place is the old one unless the commit also moved it.
        e.moved = e.from != e.to;
        drop.push(old);
    }
    drop.sort_unstable();
    for i in drop.into_iter().rev() {
        events.remove(i);
    }
}

/// The `state` an item file's frontmatter gives.
fn state_of(repo: &Repo, blob: &str) -> Option<String> {
    let bytes = repo.blob_bytes(blob).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let source = crate::text::Source::new(text);
    let parsed = crate::item::parse(&source, "", &mut Vec::new());
    parsed.fields.state.map(|f| f.value)
}

/// The closed states of the backlog.toml at `commit` (the default when there is none).
/// Parsed once per version of the file (a blob id names its content).
fn closed_states(repo: &Repo, commit: &str, path: &str) -> Vec<String> {
    thread_local! {
        static PARSED: std::cell::RefCell<HashMap<(String, String), Vec<String>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    let Some(blob) = repo.blob_id_at(commit, path).ok().flatten() else {
        return crate::config::Config::default().closed;
    };
    let key = (blob, path.to_owned());
    if let Some(known) = PARSED.with(|p| p.borrow().get(&key).cloned()) {
        return known;
    }
    let closed = match repo.blob_text(&key.0) {
        Ok(text) => {
            let source = crate::text::Source::new(text);
            crate::config::Config::parse(&source, path, &mut Vec::new()).closed
        }
        Err(_) => crate::config::Config::default().closed,
    };
    PARSED.with(|p| p.borrow_mut().insert(key, closed.clone()));
    closed
}
