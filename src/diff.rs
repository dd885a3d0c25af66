//! The priority diff as a noun: two sides (the ranking and each item's ID, title and
//! readiness, at a revision or in the work tree) and the changes from one to the other: what
//! moved and by how much, what was ranked or unranked, added or removed, and which open items
//! became or stopped being Ready, each side judged by its own backlog.toml (an item closed on
//! the newer side has no readiness row: its `→ done` or `→ dropped` says it all).
//!
//! A side at a revision is read from git objects, never from the work tree. Nothing here
//! prints; `render::diff` draws a comparison. `policy` builds on this module (the items a pull
//! request adds), and the words for a change of place (`movement`) live here for both.

use crate::history::{self, Snapshot};
use crate::load::{Backlog, CONFIG_FILE, ITEMS_DIR, Location, RANKING_FILE};
use crate::{git, ready};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// One side of the diff: the ranking and each item's readiness.
pub struct Side {
    pub label: String,
    pub ranking: Snapshot,
    /// Lowercased ID → the item's ID as written, title and readiness.
    pub items: HashMap<String, SideItem>,
}

#[derive(Clone)]
pub struct SideItem {
    pub id: String,
    pub title: String,
    pub ready: bool,
    /// The item's state when it is one of the closed states (`done`, `dropped`), else `None`.
    pub closed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    /// moved, ranked, unranked, renamed, became_ready, lost_ready, added, removed. An item
    /// added and ranked is one `added` change with its rank in `to`.
    pub change: &'static str,
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub title: String,
    /// The text after `#` on the item's line on the newer side, if any.
    pub reason: Option<String>,
    /// For an item that left the ranking: `done` or `dropped` (its state on the newer side),
    /// else `unranked`. Only present then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_as: Option<String>,
    /// For `renamed` (a renumber): the ID the item had on the older side. Only present then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// The backlog as the work tree has it, uncommitted edits included.
pub fn work_tree(location: &Location) -> Result<Side> {
    Ok(side_of(&Backlog::load(location.clone())?))
}

/// A loaded backlog as one side of the diff. Its ranking was read by the checked reader, so a
/// symlinked ranking.txt is never followed.
pub fn side_of(backlog: &Backlog) -> Side {
    let ranking = backlog
        .ranking
        .as_ref()
        .map(|r| Snapshot::parse(&r.source.text))
        .unwrap_or_default();
    let items = backlog
        .items
        .iter()
        .map(|i| {
            (
                i.id.to_ascii_lowercase(),
                SideItem {
                    id: i.id.clone(),
                    title: i.title().to_owned(),
                    ready: ready::is_ready(i, &backlog.config),
                    closed: Some(i.state().to_owned())
                        .filter(|s| backlog.config.closed.iter().any(|c| c == s)),
                },
            )
        })
        .collect();
    Side {
        label: "the work tree".into(),
        ranking,
        items,
    }
}

/// The backlog as `commit` has it, read from git objects (the work tree is not touched).
pub fn side_at(repo: &git::Repo, commit: &str, label: &str, root: &str) -> Result<Side> {
    let mut side = side_of(&backlog_at(repo, commit, root)?);
    side.label = if label.len() == 40 {
        short(label).to_owned()
    } else {
        label.to_owned()
    };
    Ok(side)
}

/// The backlog in the directory `root` (relative to the work tree top) as `commit` has it,
/// gathered by the same code as the work tree's, so both sides are judged alike.
pub fn backlog_at(repo: &git::Repo, commit: &str, root: &str) -> Result<Backlog> {
    let mut files = Vec::new();
    for name in [CONFIG_FILE, RANKING_FILE] {
        if let Some(bytes) = repo.file_bytes_at(commit, &join(root, name))? {
            files.push((name.to_owned(), bytes));
        }
    }
    for (path, blob) in repo.files_at(commit, &join(root, ITEMS_DIR))? {
        files.push((format!("{ITEMS_DIR}/{path}"), repo.blob_bytes(&blob)?));
    }
    // Nothing is read from disk: the location only names the files in findings.
    let location = Location {
        root: PathBuf::from(root),
        base: PathBuf::new(),
    };
    Ok(Backlog::from_sources(location, files))
}

/// Every change from `base` to `new`, ranked changes first by their new rank.
pub fn compare(base: &Side, new: &Side) -> Vec<Change> {
    let mut out = Vec::new();
    let title = |key: &str| {
        new.items
            .get(key)
            .or_else(|| base.items.get(key))
            .map_or(String::new(), |i| i.title.clone())
    };
    for c in history::changes(&base.ranking, &new.ranking) {
        // A reason edited in place is not a priority change, and neither is a line that left
        // the common order but kept its rank number: reviewers read ranks.
        if !c.moved || c.from == c.to {
            continue;
        }
        let change = match (c.from, c.to) {
            (None, Some(_)) => "ranked",
            (Some(_), None) => "unranked",
            _ => "moved",
        };
        let left_as = c.to.is_none().then(|| {
            new.items
                .get(&c.key)
                .and_then(|i| i.closed.clone())
                .unwrap_or_else(|| "unranked".to_owned())
        });
        out.push(Change {
            title: title(&c.key),
            reason: new.ranking.reason(&c.key).map(str::to_owned),
            id: c.id,
            change,
            from: c.from,
            to: c.to,
            left_as,
            renamed_from: None,
        });
    }
    out.sort_by_key(|c| (c.to.unwrap_or(usize::MAX), c.from.unwrap_or(usize::MAX)));
    let keys: BTreeMap<&String, ()> = base
        .items
        .keys()
        .chain(new.items.keys())
        .map(|k| (k, ()))
        .collect();
    let mut items = Vec::new();
    for key in keys.keys() {
        let (change, item) = match (base.items.get(*key), new.items.get(*key)) {
            (None, Some(n)) => ("added", n),
            (Some(b), None) => ("removed", b),
            // Readiness matters for open work only: an item closed on the newer side shows
            // as `→ done` or `→ dropped`, never also as becoming or losing Ready.
            (Some(b), Some(n)) if n.closed.is_none() && !b.ready && n.ready => ("became_ready", n),
            (Some(b), Some(n)) if n.closed.is_none() && b.ready && !n.ready => ("lost_ready", n),
            _ => continue,
        };
        items.push(Change {
            id: item.id.clone(),
            change,
            from: base.ranking.rank(key),
            to: new.ranking.rank(key),
            title: item.title.clone(),
            reason: None,
            left_as: None,
            renamed_from: None,
        });
    }
    one_row_per_item(&mut out, &mut items, base, new);
    items.sort_by_key(|c| {
        (
            crate::id::id_number(&c.id).unwrap_or(u64::MAX),
            c.id.clone(),
        )
    });
    out.extend(items);
    out
}

/// Folds the rows that describe one change of one item twice: an item added and ranked is one
/// `added` row at its rank; an item renumbered (one removed and one added with the same
/// title, the old ID leaving the ranking and the new entering it) is one `renamed` row.
fn one_row_per_item(ranked: &mut Vec<Change>, items: &mut Vec<Change>, base: &Side, new: &Side) {
    let removed: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].change == "removed")
        .collect();
    let added: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].change == "added")
        .collect();
    let mut gone = Vec::new();
    for &r in &removed {
        let twins: Vec<usize> = added
            .iter()
            .copied()
            .filter(|&a| items[a].title == items[r].title && !gone.contains(&a))
            .collect();
        let &[a] = twins.as_slice() else { continue };
        let (old, fresh) = (items[r].id.clone(), items[a].id.clone());
        let (from, to) = (base.ranking.rank(&old), new.ranking.rank(&fresh));
        ranked.retain(|c| !c.id.eq_ignore_ascii_case(&old) && !c.id.eq_ignore_ascii_case(&fresh));
        ranked.push(Change {
            change: "renamed",
            from,
            to,
            reason: new.ranking.reason(&fresh).map(str::to_owned),
            renamed_from: Some(old),
            ..items[a].clone()
        });
        gone.extend([r, a]);
    }
    for (i, item) in items.iter().enumerate() {
        if item.change != "added" || gone.contains(&i) {
            continue;
        }
        if let Some(row) = ranked
            .iter_mut()
            .find(|c| c.change == "ranked" && c.id.eq_ignore_ascii_case(&item.id))
        {
            row.change = "added";
            gone.push(i);
        }
    }
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
    ranked.sort_by_key(|c| (c.to.unwrap_or(usize::MAX), c.from.unwrap_or(usize::MAX)));
}

impl Side {
    /// The side before the first commit: no ranking, no items.
    pub fn nothing() -> Side {
        Side {
            label: "nothing".into(),
            ranking: Snapshot::default(),
            items: HashMap::new(),
        }
    }
}

/// The side `diff` compares with by default: the merge-base of HEAD and its upstream (else
/// origin/HEAD, else main or master), else HEAD, else nothing before the first commit.
pub fn default_base(repo: &git::Repo, head: Option<&str>, root: &str) -> Result<Side> {
    match repo.default_base()? {
        Some((commit, label)) => side_at(
            repo,
            &commit,
            &format!("{label} (merge-base {})", short(&commit)),
            root,
        ),
        None => match head {
            Some(head) => side_at(repo, head, "HEAD", root),
            None => Ok(Side::nothing()),
        },
    }
}

/// The IDs (lowercased) of the item files `commit` has in the backlog directory `root`.
pub fn ids_at(repo: &git::Repo, commit: &str, root: &str) -> Result<HashSet<String>> {
    Ok(repo
        .files_at(commit, &join(root, crate::load::ITEMS_DIR))?
        .into_iter()
        .filter_map(|(path, _)| {
            let name = path.rsplit('/').next().unwrap_or(&path);
            crate::id::id_from_file_name(name).map(str::to_ascii_lowercase)
        })
        .collect())
}

/// `name` inside the backlog directory `root` (relative to the work tree top; may be empty).
fn join(root: &str, name: &str) -> String {
    if root.is_empty() {
        name.to_owned()
    } else {
        format!("{root}/{name}")
    }
}

/// `#5 → #2 (up 3)`, `untriaged → #4`, `#3 → unranked`, `#2 (reason)`.
pub fn movement(from: Option<usize>, to: Option<usize>) -> String {
    match (from, to) {
        (Some(f), Some(t)) if f == t => format!("#{t} (reason)"),
        (Some(f), Some(t)) if t < f => format!("#{f} → #{t} (up {})", f - t),
        (Some(f), Some(t)) => format!("#{f} → #{t} (down {})", t - f),
        (None, Some(t)) => format!("untriaged → #{t}"),
        (Some(f), None) => format!("#{f} → unranked"),
        (None, None) => String::new(),
    }
}

/// A commit ID cut to the eight characters people read.
pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(8)]
}

#[cfg(test)]
mod tests;
