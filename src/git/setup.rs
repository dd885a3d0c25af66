//! What `backlog` keeps in git: the ranking merge driver's config and the cache directory.

use super::Repo;
use anyhow::{Result, anyhow};
use std::path::PathBuf;

/// The merge driver's name in git config and .gitattributes.
pub const MERGE_DRIVER: &str = "backlog-ranking";

impl Repo {
    /// Where `backlog` keeps caches: `backlog/` in the common git directory, shared by linked
    /// worktrees (its contents are keyed by commit ids) and never in the work tree.
    pub fn cache_dir(&self) -> PathBuf {
        self.repo.commondir().join("backlog")
    }

    /// Whether this clone's config names a command for the ranking merge driver.
    pub fn has_merge_driver(&self) -> bool {
        self.repo
            .config()
            .and_then(|c| c.get_string(&format!("merge.{MERGE_DRIVER}.driver")))
            .is_ok_and(|d| !d.trim().is_empty())
    }

    /// Registers the ranking merge driver in the repository's local config (never the user's
    /// global config: a driver is a program git runs, so only this clone opts in).
    pub fn register_merge_driver(&self) -> Result<()> {
        let mut config = self
            .repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .map_err(|e| anyhow!("cannot open the repository's git config: {}", e.message()))?;
        let set = |config: &mut git2::Config, key: &str, value: &str| {
            config.set_str(key, value).map_err(|e| {
                anyhow!(
                    "cannot set {key} in the repository's git config: {}",
                    e.message()
                )
            })
        };
        set(
            &mut config,
            &format!("merge.{MERGE_DRIVER}.name"),
            "backlog: merge concurrent changes to ranking.txt",
        )?;
        set(
            &mut config,
            &format!("merge.{MERGE_DRIVER}.driver"),
            "backlog merge-driver %O %A %B %P",
        )?;
        Ok(())
    }
}
