//! Root discovery and the display paths of a backlog's files.

use super::{CONFIG_FILE, ITEMS_DIR, RANKING_FILE};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Where the backlog is and how to name its files.
#[derive(Debug, Clone)]
pub struct Location {
    /// The backlog directory, holding backlog.toml.
    pub root: PathBuf,
    /// Paths are shown relative to this: the repository's top level, else the current directory.
    pub base: PathBuf,
}

impl Location {
    /// Finds the backlog: `--root` (the backlog directory, or a directory holding `backlog/`),
    /// else the nearest directory at or above `cwd` that has `backlog.toml` or `backlog/backlog.toml`.
    pub fn find(cwd: &Path, explicit: Option<&Path>) -> Result<Location> {
        let root = match explicit {
            Some(dir) => {
                let dir = cwd.join(dir);
                if dir.join(CONFIG_FILE).is_file() {
                    dir
                } else if dir.join("backlog").join(CONFIG_FILE).is_file() {
                    dir.join("backlog")
                } else {
                    bail!(
                        "not a backlog: {} has no {CONFIG_FILE} (nor backlog/{CONFIG_FILE})\nhint: create one with `backlog init`",
                        dir.display()
                    );
                }
            }
            None => cwd
                .ancestors()
                .find_map(|dir| {
                    if dir.join(CONFIG_FILE).is_file() {
                        Some(dir.to_path_buf())
                    } else if dir.join("backlog").join(CONFIG_FILE).is_file() {
                        Some(dir.join("backlog"))
                    } else {
                        None
                    }
                })
                .with_context(|| {
                    format!(
                        "not a backlog: no {CONFIG_FILE} in {} or any parent directory\nhint: create one with `backlog init`, or point at it with --root DIR",
                        cwd.display()
                    )
                })?,
        };
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", root.display()))?;
        Ok(Location {
            base: display_base(&root, cwd),
            root,
        })
    }

    /// Path of `abs` as shown to the user: relative to the base, with `/`.
    pub fn display(&self, abs: &Path) -> String {
        // Fast path for the common case of UTF-8 paths below the base: plain string slicing.
        #[cfg(unix)]
        if let (Some(a), Some(b)) = (abs.to_str(), self.base.to_str())
            && let Some(rest) = a.strip_prefix(b)
            && (rest.starts_with('/') || b.ends_with('/'))
        {
            return rest.trim_start_matches('/').to_owned();
        }
        let rel = abs.strip_prefix(&self.base).unwrap_or(abs);
        let mut out = String::new();
        for (i, part) in rel.components().enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(&part.as_os_str().to_string_lossy());
        }
        out
    }

    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    pub fn ranking_path(&self) -> PathBuf {
        self.root.join(RANKING_FILE)
    }

    pub fn items_dir(&self) -> PathBuf {
        self.root.join(ITEMS_DIR)
    }
}

/// The top of the git work tree holding `root` (found by looking for `.git`, without opening
/// the repository), else `cwd` when the backlog is below it, else the file-system root.
pub fn display_base(root: &Path, cwd: &Path) -> PathBuf {
    if let Some(top) = root.ancestors().find(|dir| dir.join(".git").exists()) {
        return top.to_path_buf();
    }
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    if root.starts_with(&cwd) {
        cwd
    } else {
        PathBuf::from("/")
    }
}
