//! The only module that names git2. Callers get plain values (paths, ID lists), never git2
//! types, and every libgit2 error becomes a message that says what to do.

use anyhow::{Result, anyhow};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub struct Repo {
    repo: git2::Repository,
}

impl Repo {
    /// Opens the repository holding `path`, or `None` when there is none. Ownership checks stay
    /// on: a repository owned by someone else is refused with the fix, as git does.
    pub fn discover(path: &Path) -> Result<Option<Repo>> {
        match git2::Repository::discover(path) {
            Ok(repo) => Ok(Some(Repo { repo })),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(explain(e, path)),
        }
    }

    /// The top of the work tree, if the repository has one.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// The per-worktree git directory (`.git` or `.git/worktrees/NAME`), where locks live.
    pub fn git_dir(&self) -> PathBuf {
        self.repo.path().to_path_buf()
    }

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
}

/// Turns a libgit2 error into a message with the fix.
fn explain(e: git2::Error, path: &Path) -> anyhow::Error {
    match e.code() {
        git2::ErrorCode::Owner => anyhow!(
            "the repository at {} is owned by another user: {}\nhint: if you trust it, run `git config --global --add safe.directory {}`",
            path.display(),
            e.message(),
            path.display()
        ),
        _ if e.message().contains("extension") || e.message().contains("object format") => anyhow!(
            "the repository at {} uses a format libgit2 cannot read: {}\nhint: `backlog lint` works without git; history commands need a files-backend SHA-1 repository",
            path.display(),
            e.message()
        ),
        _ => anyhow!(
            "cannot open the git repository at {}: {}",
            path.display(),
            e.message()
        ),
    }
}
