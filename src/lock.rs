//! One kernel lock that serialises `backlog` processes that write.
//!
//! The lock file lives in the per-worktree git directory (never in the work tree); outside git
//! the backlog's own backlog.toml is locked, so no file is created at all. Kernel locks die with
//! their process: no PID files, no stale locks. Read-only commands never take it.

use anyhow::{Context, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Another `backlog` process holds the lock: exit code 3, nothing changed.
#[derive(Debug)]
pub struct Contention(pub String);

impl std::fmt::Display for Contention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Contention {}

pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock, waiting up to `wait` (default: not at all).
    pub fn acquire(git_dir: Option<&Path>, config: &Path, wait: Duration) -> Result<Lock> {
        let (path, file): (PathBuf, File) = match git_dir {
            Some(dir) => {
                let path = dir.join("backlog.lock");
                let file = OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
                    .with_context(|| format!("cannot open the lock file {}", path.display()))?;
                (path, file)
            }
            None => {
                let file = File::open(config)
                    .with_context(|| format!("cannot open {} to lock it", config.display()))?;
                (config.to_path_buf(), file)
            }
        };
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Contention(format!(
                        "another backlog process is writing (lock {} is held); nothing was changed\nhint: try again, or pass --wait SECS",
                        path.display()
                    ))
                    .into());
                }
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
        }
    }
}
