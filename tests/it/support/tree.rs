//! Snapshots of a directory tree, for "nothing changed" and "no file left behind" assertions.
//! One walker serves them all; it never follows a symbolic link.

use super::TestRepo;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

/// The prefix of the temp files `backlog` writes next to a file it replaces.
pub const TEMP_PREFIX: &str = ".backlog-tmp-";

/// One regular file of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub bytes: Vec<u8>,
    pub mtime: Option<SystemTime>,
}

/// Every regular file below a directory, by path relative to it.
pub type Snapshot = BTreeMap<String, FileState>;

/// The bytes of every regular file below a directory, by path relative to it.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Every entry below `root` (directories too, `root` itself not), sorted, with its path
/// relative to `root`; `.git` is left out unless `with_git`.
fn entries(root: &Path, with_git: bool) -> Vec<(String, walkdir::DirEntry)> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| with_git || e.depth() != 1 || e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .into_owned();
            Some((rel, e))
        })
        .collect()
}

/// Records every regular file below `root`, `.git` included: its path, bytes and mtime.
pub fn snapshot(root: &Path) -> Snapshot {
    entries(root, true)
        .into_iter()
        .filter(|(_, e)| e.file_type().is_file())
        .filter(|(rel, _)| !is_work_tree_index(rel))
        .map(|(rel, e)| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            let mtime = e.metadata().ok().and_then(|m| m.modified().ok());
            (rel, FileState { bytes, mtime })
        })
        .collect()
}

/// The work-tree index in a git directory (`backlog/items-index`, `backlog/items-names`):
/// the one cache `lint`, `list`, `show` and `rank` may write; tests/it/index checks it.
pub fn is_work_tree_index(rel: &str) -> bool {
    rel.starts_with(".git")
        && (rel.ends_with("backlog/items-index") || rel.ends_with("backlog/items-names"))
}

/// The path and bytes of every regular file below `root`, `.git` included.
pub fn files(root: &Path) -> Files {
    snapshot(root)
        .into_iter()
        .map(|(rel, file)| (rel, file.bytes))
        .collect()
}

/// Paths whose bytes differ between `a` and `b` (present in one only, or different bytes),
/// except those in `ignore`.
pub fn differing(a: &Files, b: &Files, ignore: &[&str]) -> Vec<String> {
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|p| !ignore.contains(&p.as_str()) && a.get(*p) != b.get(*p))
        .cloned()
        .collect()
}

/// Whether the file at this relative path is one of our temp files.
pub fn is_temp(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with(TEMP_PREFIX))
}

/// Our temp files anywhere below `root`, by path relative to it.
pub fn temps_in(root: &Path) -> Vec<String> {
    entries(root, true)
        .into_iter()
        .filter(|(rel, e)| e.file_type().is_file() && is_temp(rel))
        .map(|(rel, _)| rel)
        .collect()
}

/// Copies the tree below `from` into `to` (which exists): its directories and regular files.
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, e) in entries(from, true) {
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("mkdir {target:?}: {e}"));
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &target).unwrap_or_else(|e| panic!("copy to {target:?}: {e}"));
        }
    }
}

impl TestRepo {
    /// Every file below the top, `.git` included, with its bytes and mtime: for checks that a
    /// command wrote nothing at all.
    pub fn snapshot(&self) -> Snapshot {
        snapshot(self.path())
    }

    /// Every file of the work tree (`.git` excluded) with its bytes, for "nothing changed"
    /// checks on commands that may create the lock file inside `.git`.
    pub fn work_tree_files(&self) -> Files {
        entries(self.path(), false)
            .into_iter()
            .filter(|(_, e)| e.file_type().is_file())
            .map(|(rel, e)| (rel, std::fs::read(e.path()).unwrap_or_default()))
            .collect()
    }

    /// Every path below the top (relative), directories included, `.git` excluded.
    pub fn tree(&self) -> Vec<String> {
        entries(self.path(), false)
            .into_iter()
            .map(|(rel, _)| rel)
            .collect()
    }
}
