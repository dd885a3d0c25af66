//! The walk over the commits that changed one file: blob ids first, shallow boundary detected,
//! the file followed across renames of its directory, and a defined order.
//!
//! The order of the steps is total and depends only on the commit graph, never on how the walk
//! was cut: by generation (1 for a root, else one more than the highest parent, so parents
//! always come first), then by committer time, then by commit id. A walk from a cached head
//! plus the walk of what is new, merged by that key, is exactly the walk from scratch.

use super::Repo;
use super::commit::{CommitInfo, Node};
use super::repo::oid;
use anyhow::{Result, anyhow};
use std::collections::{HashMap, HashSet};

/// One commit that may have changed a file: who and when, the file's blob after it, and the
/// file's blob in each parent.
#[derive(Debug, Clone)]
pub struct Step {
    pub info: CommitInfo,
    /// The file's blob id after the commit; `None` when the path does not exist there.
    pub after: Option<String>,
    /// The file's blob id in each parent, in parent order (at the parent's own path when the
    /// directory was renamed in this commit).
    pub parents: Vec<Option<String>>,
    /// The parents' commit ids, in parent order (what renames and blame compare with).
    pub parent_commits: Vec<String>,
    /// Where this step sorts: (generation, committer time, commit id). See the module docs.
    pub key: StepKey,
}

/// The total order of steps: generation, then committer time, then commit id.
pub type StepKey = (u32, i64, String);

/// The commits of a walk whose version of a file differs from some parent's, oldest first.
#[derive(Debug, Clone, Default)]
pub struct FileHistory {
    pub steps: Vec<Step>,
    /// The commit at which a shallow clone's history stops, if the walk reached it.
    pub shallow_boundary: Option<String>,
    /// What was read with a placeholder (a malformed author, a time git cannot represent), or
    /// followed (a renamed directory): one line each.
    pub notes: Vec<String>,
}

/// The commit graph as far as a walk needs it, each commit read once.
struct Graph<'r> {
    repo: &'r Repo,
    /// Opened once: every commit's parents are checked for presence (the shallow boundary).
    odb: git2::Odb<'r>,
    shallow: HashSet<git2::Oid>,
    nodes: HashMap<git2::Oid, Node>,
    generations: HashMap<git2::Oid, u32>,
    notes: Vec<String>,
}

impl<'r> Graph<'r> {
    fn node(&mut self, id: git2::Oid) -> Result<&Node> {
        if !self.nodes.contains_key(&id) {
            let mut node = self.repo.node_in(&self.odb, id, &mut self.notes)?;
            if self.shallow.contains(&id) {
                node.boundary = true;
            }
            if node.boundary {
                // git treats a shallow commit as a root: so does the order.
                node.parents.clear();
            }
            self.nodes.insert(id, node);
        }
        self.nodes
            .get(&id)
            .ok_or_else(|| anyhow!("commit {id} vanished"))
    }

    fn parents(&mut self, id: git2::Oid) -> Result<Vec<git2::Oid>> {
        Ok(self.node(id)?.parents.clone())
    }

    /// Every commit reachable from `from` (itself included) that is not in `stop`.
    fn reach(&mut self, from: git2::Oid, stop: &HashSet<git2::Oid>) -> Result<Vec<git2::Oid>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if stop.contains(&id) || !seen.insert(id) {
                continue;
            }
            out.push(id);
            stack.extend(self.parents(id)?);
        }
        Ok(out)
    }

    /// 1 for a root (or a shallow boundary), else one more than the highest parent.
    fn generation(&mut self, id: git2::Oid) -> Result<u32> {
        let mut stack = vec![(id, false)];
        while let Some((at, expanded)) = stack.pop() {
            if self.generations.contains_key(&at) {
                continue;
            }
            let parents = self.parents(at)?;
            if expanded {
                let g = parents
                    .iter()
                    .map(|p| self.generations.get(p).copied().unwrap_or(0))
                    .max()
                    .unwrap_or(0);
                self.generations.insert(at, g + 1);
            } else {
                stack.push((at, true));
                stack.extend(
                    parents
                        .into_iter()
                        .filter(|p| !self.generations.contains_key(p))
                        .map(|p| (p, false)),
                );
            }
        }
        Ok(self.generations.get(&id).copied().unwrap_or(1))
    }
}

impl Repo {
    /// The commits reachable from `to` (not from `hide`) whose version of `path` differs from a
    /// parent's, in the order the module docs define. Blob ids are compared before any content
    /// is read. Where a commit moved the file's directory (`git mv backlog docs/backlog`), the
    /// parents' versions are read at the old path, so the move is no change.
    pub fn file_history(&self, path: &str, to: &str, hide: Option<&str>) -> Result<FileHistory> {
        let mut graph = Graph {
            repo: self,
            odb: self.repo.odb().map_err(|e| self.missing(e))?,
            shallow: self.shallow_commits(),
            nodes: HashMap::new(),
            generations: HashMap::new(),
            notes: Vec::new(),
        };
        let hidden = match hide {
            Some(hide) => graph
                .reach(oid(hide)?, &HashSet::new())?
                .into_iter()
                .collect(),
            None => HashSet::new(),
        };
        let walked = graph.reach(oid(to)?, &hidden)?;
        let mut keyed = Vec::with_capacity(walked.len());
        for id in walked {
            let generation = graph.generation(id)?;
            keyed.push(((generation, graph.node(id)?.time, id.to_string()), id));
        }
        keyed.sort_unstable();
        let mut files = super::tree::PathFinder::new(self);
        let mut paths: HashMap<git2::Oid, String> = HashMap::new();
        paths.insert(oid(to)?, path.to_owned());
        // Newest first, so every commit's path is known before its parents': a parent takes
        // the path its child had, or the old path when the child renamed the directory.
        for (_, id) in keyed.iter().rev() {
            let here = paths.get(id).cloned().unwrap_or_else(|| path.to_owned());
            let node = graph.node(*id)?;
            let (tree, parents) = (node.tree, node.parents.clone());
            for parent in parents {
                if paths.contains_key(&parent) {
                    continue;
                }
                let ptree = graph.node(parent)?.tree;
                let found = files.parent_path(ptree, tree, &here)?;
                if found != here {
                    let short = id.to_string();
                    graph.notes.push(format!(
                        "{found} became {here} in commit {}: history follows the rename",
                        &short[..7]
                    ));
                }
                paths.insert(parent, found);
            }
        }
        let mailmap = self.repo.mailmap().ok();
        let mut history = FileHistory::default();
        for (key, id) in keyed {
            let node = graph.node(id)?;
            if node.boundary {
                history.shallow_boundary = Some(id.to_string());
                continue;
            }
            let (tree, parent_ids) = (node.tree, node.parents.clone());
            let here = paths.get(&id).cloned().unwrap_or_else(|| path.to_owned());
            let after = files.blob(tree, &here)?;
            let mut parents = Vec::with_capacity(parent_ids.len());
            for parent in &parent_ids {
                let ptree = graph.node(*parent)?.tree;
                let there = files.parent_path(ptree, tree, &here)?;
                parents.push(files.blob(ptree, &there)?);
            }
            // A merge that kept one parent's version while another parent's differed is kept
            // too: it owns no event, but blame follows the parent whose version it kept.
            let unchanged = if parents.is_empty() {
                after.is_none()
            } else {
                parents.iter().all(|p| *p == after)
            };
            if unchanged {
                continue;
            }
            history.steps.push(Step {
                parent_commits: parent_ids.iter().map(|p| p.to_string()).collect(),
                info: self.step_info(id, mailmap.as_ref(), &mut history.notes)?,
                after: after.map(|o| o.to_string()),
                parents: parents
                    .into_iter()
                    .map(|p| p.map(|o| o.to_string()))
                    .collect(),
                key,
            });
        }
        let mut notes = graph.notes;
        notes.append(&mut history.notes);
        let mut seen = HashSet::new();
        notes.retain(|n| seen.insert(n.clone()));
        history.notes = notes;
        Ok(history)
    }

    /// The commits at which a shallow clone's history stops: `shallow` in the common git
    /// directory lists them (git2 has no API for it). Empty for a full clone.
    pub(super) fn shallow_commits(&self) -> HashSet<git2::Oid> {
        std::fs::read_to_string(self.repo.commondir().join("shallow"))
            .map(|text| {
                text.lines()
                    .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}
