//! `backlog import` and `backlog export`, through the real binary, on hand-written fixtures
//! for each source and on a snapshot of Backlog.md's own backlog.

mod backlog_md;
mod export;
mod fit;
mod github;
mod jira;
mod real_data;
mod refusals;

use crate::support::TestRepo;
use std::path::PathBuf;

/// A fixture under tests/fixtures/.
pub fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

/// ranking.txt's IDs, in order.
pub fn ranked(repo: &TestRepo) -> Vec<String> {
    repo.read("backlog/ranking.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The text of the one item file whose name starts with `ID-`.
pub fn item(repo: &TestRepo, id: &str) -> String {
    let dir = repo.path().join("backlog/items");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
    let names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{id}-")))
        .collect();
    assert_eq!(names.len(), 1, "one file for {id}: {names:?}");
    repo.read(&format!("backlog/items/{}", names[0]))
}

/// Every item file's name.
pub fn item_names(repo: &TestRepo) -> Vec<String> {
    let dir = repo.path().join("backlog/items");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
