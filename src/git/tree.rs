//! Reading trees and blobs at a commit, and a directory's file names on every branch.

use super::Repo;
use super::repo::oid;
use anyhow::{Result, anyhow};
use std::collections::HashSet;
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

    /// The bytes of a blob, for readers that judge the encoding themselves.
    pub fn blob_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let blob = self.repo.find_blob(oid(id)?).map_err(|e| self.missing(e))?;
        Ok(blob.content().to_vec())
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

    fn blob_id_at(&self, commit: &str, path: &str) -> Result<Option<String>> {
        let commit = self
            .repo
            .find_commit(oid(commit)?)
            .map_err(|e| self.missing(e))?;
        let tree = commit.tree().map_err(|e| self.missing(e))?;
        Ok(tree
            .get_path(Path::new(path))
            .ok()
            .map(|e| e.id().to_string()))
    }

    /// Every blob under `dir` at `commit`: (path below `dir`, blob id), subdirectories included
    /// (`sub/MS-3-x.md`).
    pub fn files_at(&self, commit: &str, dir: &str) -> Result<Vec<(String, String)>> {
        let commit = self
            .repo
            .find_commit(oid(commit)?)
            .map_err(|e| self.missing(e))?;
        let tree = commit.tree().map_err(|e| self.missing(e))?;
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
            {
                out.push((format!("{parent}{name}"), e.id().to_string()));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(|e| anyhow!("cannot read {dir}: {}", e.message()))?;
        Ok(out)
    }
}
