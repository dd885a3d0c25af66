//! One walk over every commit for the files under a directory (the item files), with blob ids
//! before and after: the raw material of the item state history. Plain values out.

use super::Repo;
use super::repo::oid;
use anyhow::{Result, anyhow};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One file under the directory that one commit changed.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Index into [`DirChanges::commits`].
    pub commit: usize,
    /// The path below the directory (`MS-3-x.md`, `sub/MS-3-x.md`).
    pub path: String,
    /// The blob before the commit (in its first parent), `None` when the file was added.
    pub before: Option<String>,
    /// The blob after it, `None` when the file was deleted.
    pub after: Option<String>,
}

/// A commit of the walk: who (through .mailmap) and when (author time, seconds).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ChangeCommit {
    pub id: String,
    pub author: String,
    pub email: String,
    pub time: i64,
}

/// Every change to the files under a directory reachable from a commit, oldest first.
#[derive(Debug, Clone, Default)]
pub struct DirChanges {
    pub commits: Vec<ChangeCommit>,
    pub changes: Vec<FileChange>,
    /// The time of the commit the walk started from.
    pub head_time: i64,
    /// True when the walk met a shallow clone's boundary: older history is missing.
    pub shallow: bool,
}

/// A tag that points (directly or through an annotated tag) at a commit.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub commit: String,
    pub time: i64,
}

impl Repo {
    /// The non-merge commits reachable from `to` that change files under `dir`, each compared
    /// with its first parent (a merge brings changes already counted on their branch). Trees
    /// whose `dir` subtree is unchanged are skipped by id, without reading the files.
    pub fn dir_changes(&self, dir: &str, to: &str) -> Result<DirChanges> {
        let walk_err = |e: git2::Error| anyhow!("cannot walk history: {}", e.message());
        let mut walk = self.repo.revwalk().map_err(walk_err)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME | git2::Sort::REVERSE)
            .map_err(walk_err)?;
        let start = oid(to)?;
        walk.push(start).map_err(walk_err)?;
        let mailmap = self.repo.mailmap().ok();
        let dir = Path::new(dir);
        let shallow = self.shallow_commits();
        let mut subtrees: HashMap<git2::Oid, Option<git2::Oid>> = HashMap::new();
        let head_time = self
            .repo
            .find_commit(start)
            .map_err(|e| self.missing(e))?
            .author()
            .when()
            .seconds();
        let mut out = DirChanges {
            head_time,
            ..DirChanges::default()
        };
        for id in walk {
            let id = id.map_err(|e| self.missing(e))?;
            let commit = self.repo.find_commit(id).map_err(|e| self.missing(e))?;
            if commit.parent_count() > 1 {
                continue;
            }
            let parent = if shallow.contains(&id) {
                out.shallow = true;
                None
            } else {
                match commit.parent_count() {
                    0 => None,
                    _ => match commit.parent(0) {
                        Ok(p) => Some(p),
                        Err(_) => {
                            out.shallow = true;
                            None
                        }
                    },
                }
            };
            let after = self.subtree(&commit, dir, &mut subtrees)?;
            let before = match &parent {
                Some(p) => self.subtree(p, dir, &mut subtrees)?,
                None => None,
            };
            if after == before || (out.shallow && parent.is_none()) {
                continue;
            }
            let find = |t: Option<git2::Oid>| -> Result<Option<git2::Tree<'_>>> {
                t.map(|t| self.repo.find_tree(t).map_err(|e| self.missing(e)))
                    .transpose()
            };
            let (old, new) = (find(before)?, find(after)?);
            let diff = self
                .repo
                .diff_tree_to_tree(old.as_ref(), new.as_ref(), None)
                .map_err(|e| anyhow!("cannot compare trees: {}", e.message()))?;
            let index = out.commits.len();
            let blob = |f: git2::DiffFile<'_>| (!f.id().is_zero()).then(|| f.id().to_string());
            let mut any = false;
            for delta in diff.deltas() {
                let Some(path) = delta.new_file().path().or(delta.old_file().path()) else {
                    continue;
                };
                any = true;
                out.changes.push(FileChange {
                    commit: index,
                    path: path.to_string_lossy().replace('\\', "/"),
                    before: blob(delta.old_file()),
                    after: blob(delta.new_file()),
                });
            }
            if any {
                let author = mailmap
                    .as_ref()
                    .and_then(|m| commit.author_with_mailmap(m).ok())
                    .unwrap_or_else(|| commit.author().to_owned());
                out.commits.push(ChangeCommit {
                    id: id.to_string(),
                    author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                    email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                    time: commit.author().when().seconds(),
                });
            }
        }
        Ok(out)
    }

    /// The tags of the repository that point at commits, oldest commit first.
    pub fn tags(&self) -> Result<Vec<Tag>> {
        let names = self
            .repo
            .tag_names(None)
            .map_err(|e| anyhow!("cannot list tags: {}", e.message()))?;
        let mut tags = Vec::new();
        for name in names.iter().flatten() {
            let Ok(object) = self.repo.revparse_single(&format!("refs/tags/{name}")) else {
                continue;
            };
            let Ok(commit) = object.peel_to_commit() else {
                continue;
            };
            tags.push(Tag {
                name: name.to_owned(),
                commit: commit.id().to_string(),
                time: commit.committer().when().seconds(),
            });
        }
        tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
        Ok(tags)
    }

    /// Every commit reachable from `rev` (itself included), as hex ids.
    pub fn reachable(&self, rev: &str) -> Result<HashSet<String>> {
        let walk_err = |e: git2::Error| anyhow!("cannot walk history: {}", e.message());
        let mut walk = self.repo.revwalk().map_err(walk_err)?;
        walk.push(oid(rev)?).map_err(walk_err)?;
        let mut out = HashSet::new();
        for id in walk {
            out.insert(id.map_err(|e| self.missing(e))?.to_string());
        }
        Ok(out)
    }

    fn subtree(
        &self,
        commit: &git2::Commit<'_>,
        dir: &Path,
        cache: &mut HashMap<git2::Oid, Option<git2::Oid>>,
    ) -> Result<Option<git2::Oid>> {
        if let Some(known) = cache.get(&commit.id()) {
            return Ok(*known);
        }
        let tree = commit.tree().map_err(|e| self.missing(e))?;
        let sub = if dir.as_os_str().is_empty() {
            Some(tree.id())
        } else {
            tree.get_path(dir)
                .ok()
                .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
                .map(|e| e.id())
        };
        cache.insert(commit.id(), sub);
        Ok(sub)
    }
}
