//! The index's view of a merge in progress: which paths are unmerged (held at stage 1, 2 or
//! 3), whatever their work-tree text says. A merge driver git could not run leaves ranking.txt
//! unmerged with our side's text and no markers; only the index tells.

use super::Repo;
use std::path::{Path, PathBuf};

impl Repo {
    /// The unmerged paths of the index at or below `dir` (absolute), as absolute paths, sorted.
    /// Empty for a bare repository, an unreadable index or a clean one: a writer must not be
    /// stopped by what it cannot read, and lint reports only what it saw.
    pub fn unmerged_under(&self, dir: &Path) -> Vec<PathBuf> {
        let Some(top) = self.repo.workdir() else {
            return Vec::new();
        };
        let top = top.canonicalize().unwrap_or_else(|_| top.to_path_buf());
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let Ok(index) = self.repo.index() else {
            return Vec::new();
        };
        if !index.has_conflicts() {
            return Vec::new();
        }
        let Ok(conflicts) = index.conflicts() else {
            return Vec::new();
        };
        let mut out: Vec<PathBuf> = conflicts
            .flatten()
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .filter_map(|entry| String::from_utf8(entry.path).ok())
            .map(|rel| top.join(rel))
            .filter(|path| path.starts_with(&dir))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
