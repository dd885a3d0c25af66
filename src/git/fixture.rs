//! Throwaway repositories for unit tests, built through libgit2 alone: no hooks, signing or GIT_DIR.

use super::Repo;
use std::fmt::Display;

/// The value, or a panic naming what failed: tests have nothing better to do with an error.
pub(crate) fn must<T, E: Display>(result: Result<T, E>, what: &str) -> T {
    result.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// A fresh repository in a temporary directory, removed when dropped.
pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
    repo: git2::Repository,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = must(tempfile::tempdir(), "temp dir");
        let repo = must(git2::Repository::init(dir.path()), "git init");
        Fixture { dir, repo }
    }

    /// The repository as the product opens it (without discovery, so GIT_DIR cannot redirect it).
    pub fn repo(&self) -> Repo {
        Repo {
            repo: must(git2::Repository::open(self.dir.path()), "open"),
        }
    }

    /// Commits the first parent's tree with `files` applied (`Some(text)` writes the path,
    /// `None` removes it), authored by Dana at `seconds` with `offset_minutes`. Moves no ref.
    pub fn commit(
        &self,
        parents: &[&str],
        files: &[(&str, Option<&str>)],
        message: &str,
        (seconds, offset_minutes): (i64, i32),
    ) -> String {
        let parents: Vec<git2::Commit<'_>> = parents
            .iter()
            .map(|id| {
                let oid = must(git2::Oid::from_str(id), "parent id");
                must(self.repo.find_commit(oid), "parent")
            })
            .collect();
        let mut index = must(git2::Index::new(), "index");
        if let Some(first) = parents.first() {
            must(index.read_tree(&must(first.tree(), "tree")), "read tree");
        }
        for (path, text) in files {
            match text {
                Some(text) => {
                    let id = must(self.repo.blob(text.as_bytes()), "blob");
                    let entry = git2::IndexEntry {
                        ctime: git2::IndexTime::new(0, 0),
                        mtime: git2::IndexTime::new(0, 0),
                        dev: 0,
                        ino: 0,
                        mode: 0o100_644,
                        uid: 0,
                        gid: 0,
                        file_size: text.len() as u32,
                        id,
                        flags: 0,
                        flags_extended: 0,
                        path: path.as_bytes().to_vec(),
                    };
                    must(index.add(&entry), "index add");
                }
                None => must(
                    index.remove_path(std::path::Path::new(path)),
                    "index remove",
                ),
            }
        }
        let tree = must(index.write_tree_to(&self.repo), "write tree");
        let tree = must(self.repo.find_tree(tree), "find tree");
        let time = git2::Time::new(seconds, offset_minutes);
        let who = must(
            git2::Signature::new("Dana", "dana@example.com", &time),
            "signature",
        );
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = must(
            self.repo.commit(None, &who, &who, message, &tree, &parents),
            "commit",
        );
        id.to_string()
    }
}
