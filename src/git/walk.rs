//! The walk over the commits that changed one file: blob ids first, shallow boundary detected.

use super::Repo;
use super::commit::{CommitInfo, info};
use super::repo::oid;
use anyhow::{Result, anyhow};
use std::path::Path;

/// One commit that may have changed a file: who and when, the file's blob after it, and the
/// file's blob in each parent.
#[derive(Debug, Clone)]
pub struct Step {
    pub info: CommitInfo,
    /// The file's blob id after the commit; `None` when the path does not exist there.
    pub after: Option<String>,
    /// The file's blob id in each parent, in parent order.
    pub parents: Vec<Option<String>>,
    /// The parents' commit ids, in parent order (what renames and blame compare with).
    pub parent_commits: Vec<String>,
}

/// The commits of a walk whose version of a file differs from some parent's, oldest first.
#[derive(Debug, Clone, Default)]
pub struct FileHistory {
    pub steps: Vec<Step>,
    /// The commit at which a shallow clone's history stops, if the walk reached it.
    pub shallow_boundary: Option<String>,
}

impl Repo {
    /// The commits reachable from `to` (not from `hide`) whose version of `path` differs from a
    /// parent's, oldest first. Blob ids are compared before any content is read.
    pub fn file_history(&self, path: &str, to: &str, hide: Option<&str>) -> Result<FileHistory> {
        let mut walk = self
            .repo
            .revwalk()
            .map_err(|e| anyhow!("cannot walk history: {}", e.message()))?;
        // Oldest first: parents before children, and by date where the graph leaves a choice.
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME | git2::Sort::REVERSE)
            .map_err(|e| anyhow!("cannot walk history: {}", e.message()))?;
        walk.push(oid(to)?)
            .map_err(|e| anyhow!("cannot walk from {to}: {}", e.message()))?;
        if let Some(hide) = hide {
            walk.hide(oid(hide)?)
                .map_err(|e| anyhow!("cannot hide {hide}: {}", e.message()))?;
        }
        let mailmap = self.repo.mailmap().ok();
        let path = Path::new(path);
        let mut blobs: std::collections::HashMap<git2::Oid, Option<git2::Oid>> =
            std::collections::HashMap::new();
        let mut history = FileHistory::default();
        let shallow = self.shallow_commits();
        for id in walk {
            let id = id.map_err(|e| self.missing(e))?;
            let commit = self.repo.find_commit(id).map_err(|e| self.missing(e))?;
            let after = self.blob_at(&commit, path, &mut blobs)?;
            let mut parents = Vec::with_capacity(commit.parent_count());
            let mut boundary = false;
            for i in 0..commit.parent_count() {
                match commit.parent(i) {
                    Ok(parent) => parents.push(self.blob_at(&parent, path, &mut blobs)?),
                    // A shallow clone's boundary commit names parents it does not have.
                    Err(_) => boundary = true,
                }
            }
            // libgit2 shows a shallow clone's boundary commits as parentless: without this
            // check each would look like the first commit and "rank" every item anew.
            if boundary || shallow.contains(&id) {
                history.shallow_boundary = Some(id.to_string());
                continue;
            }
            // A merge that kept one parent's version while another parent's differed is kept
            // too: it owns no event, but blame follows the parent whose version it kept.
            let unchanged = match parents.as_slice() {
                [] => after.is_none(),
                [one] => *one == after,
                many => many.iter().all(|p| *p == after),
            };
            if unchanged {
                continue;
            }
            history.steps.push(Step {
                parent_commits: commit.parent_ids().map(|p| p.to_string()).collect(),
                info: info(&commit, mailmap.as_ref()),
                after: after.map(|o| o.to_string()),
                parents: parents
                    .into_iter()
                    .map(|p| p.map(|o| o.to_string()))
                    .collect(),
            });
        }
        Ok(history)
    }

    fn blob_at(
        &self,
        commit: &git2::Commit<'_>,
        path: &Path,
        cache: &mut std::collections::HashMap<git2::Oid, Option<git2::Oid>>,
    ) -> Result<Option<git2::Oid>> {
        if let Some(known) = cache.get(&commit.id()) {
            return Ok(*known);
        }
        let tree = commit.tree().map_err(|e| self.missing(e))?;
        let blob = tree
            .get_path(path)
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| e.id());
        cache.insert(commit.id(), blob);
        Ok(blob)
    }

    /// The commits at which a shallow clone's history stops: `shallow` in the common git
    /// directory lists them (git2 has no API for it). Empty for a full clone.
    pub(super) fn shallow_commits(&self) -> std::collections::HashSet<git2::Oid> {
        std::fs::read_to_string(self.repo.commondir().join("shallow"))
            .map(|text| {
                text.lines()
                    .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}
