//! Reading trees and blobs at a commit, and a directory's file names on every branch.

use super::Repo;
use super::repo::oid;
use anyhow::{Result, anyhow};
use std::collections::{HashMap, HashSet};
use std::path::Path;

impl Repo {
    /// File names under `dir` (a path relative to the work tree top, with `/`) in the tree of
    /// every local branch and remote-tracking branch, subdirectories included. Trees shared by
    /// several branches are read once.
    pub fn names_on_branches(&self, dir: &str) -> Result<Vec<String>> {
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        let refs = self
            .repo
            .references()
            .map_err(|e| anyhow!("cannot list branches: {}", e.message()))?;
        for reference in refs {
            let Ok(reference) = reference else { continue };
            if !(reference.is_branch() || reference.is_remote()) {
                continue;
            }
            // A dangling or non-commit ref says nothing about IDs; skip it rather than fail.
            let Ok(tree) = reference.peel_to_tree() else {
                continue;
            };
            let Ok(entry) = tree.get_path(Path::new(dir)) else {
                continue;
            };
            if !seen.insert(entry.id()) {
                continue;
            }
            let Ok(object) = entry.to_object(&self.repo) else {
                continue;
            };
            let Some(sub) = object.as_tree() else {
                continue;
            };
            sub.walk(git2::TreeWalkMode::PreOrder, |_, e| {
                if e.kind() == Some(git2::ObjectType::Blob)
                    && let Some(name) = e.name()
                {
                    names.push(name.to_owned());
                }
                git2::TreeWalkResult::Ok
            })
            .map_err(|e| {
                anyhow!(
                    "cannot read the tree of {}: {}",
                    reference.shorthand().unwrap_or("?"),
                    e.message()
                )
            })?;
        }
        Ok(names)
    }

    /// The text of a blob.
    pub fn blob_text(&self, id: &str) -> Result<String> {
        String::from_utf8(self.blob_bytes(id)?).map_err(|_| anyhow!("blob {id} is not UTF-8 text"))
    }

    /// The bytes of a blob, for readers that judge the encoding themselves. A blob over the
    /// ranking cap (16 MiB) is refused before it is loaded, as the work tree's file would be.
    pub fn blob_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let size = self.blob_size(id)?;
        let cap = crate::text::MAX_RANKING_BYTES;
        if size > cap {
            return Err(anyhow!(
                "blob {id} is {size} bytes, over the {} MiB cap: not read",
                cap / (1024 * 1024)
            ));
        }
        let blob = self.repo.find_blob(oid(id)?).map_err(|e| self.missing(e))?;
        Ok(blob.content().to_vec())
    }

    /// `read` applied to the bytes of a blob, without copying them (history reads thousands of
    /// versions). The caller checks the size first ([`Repo::blob_size`]).
    pub fn with_blob<T>(&self, id: &str, read: impl FnOnce(&[u8]) -> T) -> Result<T> {
        let blob = self.repo.find_blob(oid(id)?).map_err(|e| self.missing(e))?;
        Ok(read(blob.content()))
    }

    /// The size of a blob from the object header, without inflating its content.
    pub fn blob_size(&self, id: &str) -> Result<u64> {
        let odb = self.repo.odb().map_err(|e| self.missing(e))?;
        let (size, _) = odb.read_header(oid(id)?).map_err(|e| self.missing(e))?;
        Ok(size as u64)
    }

    /// The text of `path` at `commit`, or `None` when it does not exist there.
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<String>> {
        match self.blob_id_at(commit, path)? {
            Some(id) => self.blob_text(&id).map(Some),
            None => Ok(None),
        }
    }

    /// The bytes of `path` at `commit`, or `None` when it does not exist there.
    pub fn file_bytes_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>> {
        match self.blob_id_at(commit, path)? {
            Some(id) => self.blob_bytes(&id).map(Some),
            None => Ok(None),
        }
    }

    /// The blob id of `path` at `commit`, or `None` when it does not exist there.
    pub fn blob_id_at(&self, commit: &str, path: &str) -> Result<Option<String>> {
        let tree = self.tree_of(oid(commit)?)?;
        Ok(tree
            .get_path(Path::new(path))
            .ok()
            .map(|e| e.id().to_string()))
    }

    /// Every blob under `dir` at `commit`: (path below `dir`, blob id), subdirectories included
    /// (`sub/MS-3-x.md`).
    pub fn files_at(&self, commit: &str, dir: &str) -> Result<Vec<(String, String)>> {
        self.files_named(commit, dir, |_| true)
    }

    /// [`Repo::files_at`], only the files whose name passes `keep`, in the same order (the
    /// others are not formatted: history asks for a few items among thousands).
    pub fn files_named(
        &self,
        commit: &str,
        dir: &str,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Vec<(String, String)>> {
        let tree = self.tree_of(oid(commit)?)?;
        let Ok(entry) = tree.get_path(Path::new(dir)) else {
            return Ok(Vec::new());
        };
        let object = entry.to_object(&self.repo).map_err(|e| self.missing(e))?;
        let Some(sub) = object.as_tree() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        sub.walk(git2::TreeWalkMode::PreOrder, |parent, e| {
            if e.kind() == Some(git2::ObjectType::Blob)
                && let Some(name) = e.name()
                && keep(name)
            {
                out.push((format!("{parent}{name}"), e.id().to_string()));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(|e| anyhow!("cannot read {dir}: {}", e.message()))?;
        Ok(out)
    }
}

/// Finds a file's blob in many trees, each subtree read once (a directory unchanged between
/// commits is one lookup), and where a file was before its directory was renamed.
pub(super) struct PathFinder<'r> {
    repo: &'r Repo,
    /// (tree, remaining path) → the blob there.
    /// Looked up without allocating: by tree, then by path.
    memo: HashMap<git2::Oid, HashMap<String, Option<git2::Oid>>>,
    /// (parent tree, child tree, child path) → the parent's path.
    renames: HashMap<(git2::Oid, git2::Oid, String), String>,
}

impl<'r> PathFinder<'r> {
    pub fn new(repo: &'r Repo) -> Self {
        PathFinder {
            repo,
            memo: HashMap::new(),
            renames: HashMap::new(),
        }
    }

    /// The blob at `path` (with `/`) in `tree`, `None` when absent or not a file.
    pub fn blob(&mut self, tree: git2::Oid, path: &str) -> Result<Option<git2::Oid>> {
        if let Some(known) = self.memo.get(&tree).and_then(|m| m.get(path)) {
            return Ok(*known);
        }
        let (first, rest) = match path.split_once('/') {
            Some((first, rest)) => (first, Some(rest)),
            None => (path, None),
        };
        let found = {
            let object = self
                .repo
                .repo
                .find_tree(tree)
                .map_err(|e| self.repo.missing(e))?;
            object
                .get_name(first)
                .map(|e| (e.kind(), e.id(), e.filemode()))
        };
        let blob = match (found, rest) {
            // A regular file (not a symlink or submodule).
            (Some((Some(git2::ObjectType::Blob), id, mode)), None) if mode != 0o120_000 => Some(id),
            (Some((Some(git2::ObjectType::Tree), id, _)), Some(rest)) => self.blob(id, rest)?,
            _ => None,
        };
        self.memo
            .entry(tree)
            .or_default()
            .insert(path.to_owned(), blob);
        Ok(blob)
    }

    /// Where the file at `path` in `child` was in `parent`: the same path, or the old path when
    /// the child renamed it (or a directory above it) and the parent has no file there.
    pub fn parent_path(
        &mut self,
        parent: git2::Oid,
        child: git2::Oid,
        path: &str,
    ) -> Result<String> {
        if self.blob(parent, path)?.is_some() || self.blob(child, path)?.is_none() {
            return Ok(path.to_owned());
        }
        let key = (parent, child, path.to_owned());
        if let Some(known) = self.renames.get(&key) {
            return Ok(known.clone());
        }
        let found = self.rename_source(parent, child, path).unwrap_or(None);
        let old = match found {
            Some(old) if self.blob(parent, &old)?.is_some() => old,
            _ => path.to_owned(),
        };
        self.renames.insert(key, old.clone());
        Ok(old)
    }

    fn rename_source(
        &self,
        parent: git2::Oid,
        child: git2::Oid,
        path: &str,
    ) -> std::result::Result<Option<String>, git2::Error> {
        let repo = &self.repo.repo;
        let (old, new) = (repo.find_tree(parent)?, repo.find_tree(child)?);
        let mut diff = repo.diff_tree_to_tree(Some(&old), Some(&new), None)?;
        let mut find = git2::DiffFindOptions::new();
        find.renames(true);
        diff.find_similar(Some(&mut find))?;
        Ok(diff.deltas().find_map(|d| {
            (d.status() == git2::Delta::Renamed && d.new_file().path() == Some(Path::new(path)))
                .then(|| {
                    d.old_file()
                        .path()
                        .map(|p| p.to_string_lossy().into_owned())
                })
                .flatten()
        }))
    }
}
