//! What `board` and `serve` both read before drawing: the backlog (as `list` loads it), its
//! lint findings, the ranking's history from git when there is one, and with `--since REV`
//! the side at REV. The one place in `board` that reads files and opens git, so the two front
//! ends show the same page for the same tree.

use super::{BoardView, Inputs, gather::BODY_BUDGET};
use crate::git::{self, Head};
use crate::load::{Backlog, Location};
use crate::{diff, history, lint};
use anyhow::{Result, bail};

/// The view and what a live page adds to it.
pub struct Collected {
    pub view: BoardView,
    /// ranking.txt as read (empty when missing): what the page's version stands for.
    pub ranking_text: String,
    /// The repository, ranking.txt's path from its work tree top, and HEAD, when in git.
    pub git: Option<GitPlace>,
}

pub struct GitPlace {
    pub repo: git::Repo,
    pub ranking: String,
    pub head: Option<String>,
}

pub fn collect(location: &Location, since: Option<&str>) -> Result<Collected> {
    let backlog = Backlog::load(location.clone())?;
    // Lint (single-threaded) runs beside the rest: the history, the side at REV, the cards.
    let (place, mut view, findings) = std::thread::scope(|scope| -> Result<_> {
        let lint = scope.spawn(|| lint::run(&backlog));
        let place = git_place(location)?;
        let events = match &place {
            Some(GitPlace {
                repo,
                ranking,
                head: Some(head),
            }) => Some(history::timeline_cached(repo, ranking, head)?.events),
            _ => None,
        };
        let side = match (since, &place) {
            (None, _) => None,
            (Some(rev), None) => {
                bail!(
                    "--since {rev}: {} is not in a git repository",
                    location.root.display()
                )
            }
            (Some(rev), Some(p)) => {
                let commit = p.repo.resolve(rev)?;
                let root = p
                    .ranking
                    .trim_end_matches(crate::load::RANKING_FILE)
                    .trim_end_matches('/');
                Some(diff::side_at(&p.repo, &commit, rev, root)?)
            }
        };
        let view = super::gather(Inputs {
            backlog: &backlog,
            events: events.as_deref(),
            since: side,
            live: None,
            body_budget: BODY_BUDGET,
        });
        let findings = lint
            .join()
            .map_err(|_| anyhow::anyhow!("internal error: lint failed"))?;
        Ok((place, view, findings))
    })?;
    super::gather::attach_findings(&mut view, &findings);
    let ranking_text = backlog
        .ranking
        .as_ref()
        .map(|r| r.source.text.clone())
        .unwrap_or_default();
    Ok(Collected {
        view,
        ranking_text,
        git: place,
    })
}

/// The repository holding the backlog, if it has a work tree holding ranking.txt.
fn git_place(location: &Location) -> Result<Option<GitPlace>> {
    let Some(repo) = git::Repo::discover(&location.root)? else {
        return Ok(None);
    };
    let Some(top) = repo.workdir().and_then(|t| t.canonicalize().ok()) else {
        return Ok(None);
    };
    let Ok(rel) = location
        .ranking_path()
        .strip_prefix(&top)
        .map(|r| r.to_owned())
    else {
        return Ok(None);
    };
    let head = match repo.head()? {
        Head::Commit(id) => Some(id),
        Head::Unborn => None,
    };
    Ok(Some(GitPlace {
        ranking: rel.to_string_lossy().replace('\\', "/"),
        repo,
        head,
    }))
}
