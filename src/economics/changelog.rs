//! The items finished in a period, who worked on them (the authors, through .mailmap, of the
//! commits that touched each item file up to its entry into a done state), grouped by the
//! first release tag that contains the finishing commit, or by week (Monday first).

use super::states::States;
use crate::git::{self, Tag};
use crate::load::Backlog;
use std::collections::HashSet;

/// One finished item.
#[derive(Debug, Clone)]
pub struct Finished {
    pub id: String,
    /// When it entered a done state, seconds since the epoch, and in which commit.
    pub time: i64,
    pub commit: String,
    /// (name, email), in the order they first touched the file.
    pub authors: Vec<(String, String)>,
}

/// Which finished items a changelog covers.
pub enum Since {
    All,
    /// Finished at or after this time.
    Time(i64),
    /// Finished in commits not reachable from this revision.
    Commits(HashSet<String>),
}

/// Items whose last entry into a done state falls in the period, oldest first.
pub fn finished(backlog: &Backlog, states: &States, since: &Since) -> Vec<Finished> {
    let mut out = Vec::new();
    let items = super::by_id(backlog);
    for (key, history) in &states.items {
        let Some(entered) = history.entered(&backlog.config.done.states) else {
            continue;
        };
        let commit = &states.commits[entered.commit];
        let inside = match since {
            Since::All => true,
            Since::Time(t) => entered.time >= *t,
            Since::Commits(old) => !old.contains(&commit.id),
        };
        if !inside {
            continue;
        }
        let mut authors: Vec<(String, String)> = Vec::new();
        for &c in history.commits.iter().filter(|&&c| c <= entered.commit) {
            let who = &states.commits[c];
            if !authors
                .iter()
                .any(|(_, e)| e.eq_ignore_ascii_case(&who.email))
            {
                authors.push((who.author.clone(), who.email.clone()));
            }
        }
        let id = items
            .get(key)
            .map_or_else(|| key.to_ascii_uppercase(), |i| i.id.clone());
        out.push(Finished {
            id,
            time: entered.time,
            commit: commit.id.clone(),
            authors,
        });
    }
    out.sort_by(|a, b| {
        (a.time, crate::id::id_number(&a.id)).cmp(&(b.time, crate::id::id_number(&b.id)))
    });
    out
}

/// A group of finished items: a release tag, "unreleased", or a week.
#[derive(Debug, Clone)]
pub struct Group {
    pub label: String,
    /// "tag", "unreleased" or "week".
    pub kind: &'static str,
    pub items: Vec<Finished>,
}

/// Groups by the oldest tag containing each finishing commit when the repository has tags,
/// else by the week (Monday to Sunday, UTC) it was finished in. Groups come newest first.
pub fn group(repo: &git::Repo, finished: Vec<Finished>, tags: &[Tag]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for f in finished {
        let (label, kind) = if tags.is_empty() {
            (format!("week of {}", super::date(monday(f.time))), "week")
        } else {
            match tags.iter().find(|t| repo.is_ancestor(&f.commit, &t.commit)) {
                Some(tag) => (tag.name.clone(), "tag"),
                None => ("unreleased".to_owned(), "unreleased"),
            }
        };
        match groups
            .iter_mut()
            .find(|g| g.label == label && g.kind == kind)
        {
            Some(g) => g.items.push(f),
            None => groups.push(Group {
                label,
                kind,
                items: vec![f],
            }),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.items.iter().map(|f| f.time).max()));
    groups
}

/// Midnight UTC of the Monday of the week holding `seconds`.
pub fn monday(seconds: i64) -> i64 {
    let days = seconds.div_euclid(86_400);
    // 1970-01-01 was a Thursday: three days after a Monday.
    (days - (days + 3).rem_euclid(7)) * 86_400
}
