//! What the writing verbs report: the move `rank` made, what `unrank` took out, the file
//! `new` created, what `renumber` rewrote, and the warning when a move lifts an item that is
//! not Ready into the top N.

use crate::sanitize;

/// What `rank` did.
#[derive(Debug, Clone)]
pub struct RankView {
    /// The ID as the item's file name spells it.
    pub id: String,
    /// The rank before; `None` when the item was untriaged.
    pub from: Option<usize>,
    pub to: usize,
    /// False when ranking.txt was left as it was.
    pub changed: bool,
}

pub fn ranked(v: &RankView) -> String {
    let (id, to) = (&v.id, v.to);
    match v.from {
        Some(from) if from == to && !v.changed => {
            format!("{id} stays at #{to}: nothing to change\n")
        }
        Some(from) if from == to => format!("{id} stays at #{to}; reason updated\n"),
        Some(from) => format!("{id}: #{from} → #{to}\n"),
        None => format!("{id}: untriaged → #{to}\n"),
    }
}

/// What `unrank` did.
#[derive(Debug, Clone)]
pub struct UnrankView {
    pub id: String,
    /// The rank before; `None` when the item was not ranked.
    pub from: Option<usize>,
}

pub fn unranked(v: &UnrankView) -> String {
    let from = v.from.map_or(String::new(), |r| format!("#{r}"));
    format!("{}: {from} → untriaged\n", sanitize::line(&v.id))
}

/// A move that put an item lacking parts of its Definition of Ready into the top N.
#[derive(Debug, Clone)]
pub struct UnreadyView {
    pub id: String,
    /// Its place among the open items.
    pub position: usize,
    /// How many of the top open items must be Ready.
    pub top: usize,
    /// What it lacks, in short labels.
    pub lacks: Vec<String>,
}

/// The warning for stderr.
pub fn unready(v: &UnreadyView) -> String {
    let (id, position, top) = (&v.id, v.position, v.top);
    format!(
        "warning: {id} is now #{position} of the open items, in the top {top} that must be Ready, but it lacks: {}\nhint: `backlog show {id}` says how to fix it; `backlog lint` fails until then\n",
        sanitize::line(&v.lacks.join(", "))
    )
}

/// What `new` created.
#[derive(Debug, Clone)]
pub struct CreatedView {
    pub id: String,
    /// The new file, as paths are shown.
    pub path: String,
    /// Its rank with `--rank`.
    pub rank: Option<usize>,
}

/// The new file's path, for stdout (so `$EDITOR "$(backlog new ...)"` works).
pub fn created(v: &CreatedView) -> String {
    format!("{}\n", sanitize::line(&v.path))
}

/// The note for stderr when the item was ranked at once.
pub fn created_rank(v: &CreatedView) -> Option<String> {
    v.rank.map(|rank| format!("{}: ranked #{rank}\n", v.id))
}

/// What `renumber` did.
#[derive(Debug, Clone)]
pub struct RenumberView {
    pub old: String,
    pub new: String,
    /// The item's file under its new name, as paths are shown.
    pub path: String,
    /// The other files rewritten, as paths are shown.
    pub updated: Vec<String>,
    /// Several files had the old ID, so references were left alone.
    pub duplicates: bool,
}

pub fn renumbered(v: &RenumberView) -> String {
    let mut out = format!("{} → {}: {}\n", v.old, v.new, sanitize::line(&v.path));
    for path in &v.updated {
        out.push_str(&format!("  updated {}\n", sanitize::line(path)));
    }
    out
}

/// The note for stderr when references were left alone.
pub fn renumber_note(v: &RenumberView) -> Option<String> {
    v.duplicates.then(|| {
        format!(
            "note: {} was the ID of several files, so references to it were left as they are; check them\n",
            v.old
        )
    })
}
