//! Root discovery and the display paths of a backlog's files.

use super::{CONFIG_FILE, ITEMS_DIR, RANKING_FILE};
use anyhow::{Context, Result, anyhow, bail};
use std::path::{Component, Path, PathBuf};

/// Where the backlog is and how to name its files.
#[derive(Debug, Clone)]
pub struct Location {
    /// The backlog directory, holding backlog.toml.
    pub root: PathBuf,
    /// Paths are shown relative to this: the repository's top level, else the current directory.
    pub base: PathBuf,
}

/// The small file at a repository's top that says where its backlog is, for a backlog at a
/// place discovery would not look (`backlog --root docs init` writes it): `[backlog] root`.
pub const POINTER_FILE: &str = ".backlog.toml";

/// The environment variable naming the backlog directory, as `--root` does.
pub const ROOT_ENV: &str = "BACKLOG_ROOT";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Pointer {
    backlog: PointerTable,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PointerTable {
    root: String,
}

impl Location {
    /// Finds the backlog: `--root` (the backlog directory, or a directory holding `backlog/`),
    /// else the nearest directory at or above `cwd` that has `backlog.toml`, a
    /// [`POINTER_FILE`] or `backlog/backlog.toml` (in that order). The backlog directory must
    /// not be a symlink out of the work tree (or of the directory where it was found).
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
            None => discover(cwd)?,
        };
        check_inside(&root)?;
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

/// The walk up from `cwd`; see [`Location::find`].
fn discover(cwd: &Path) -> Result<PathBuf> {
    for dir in cwd.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        if std::fs::symlink_metadata(dir.join(POINTER_FILE)).is_ok() {
            return follow_pointer(dir);
        }
        if dir.join("backlog").join(CONFIG_FILE).is_file() {
            return Ok(dir.join("backlog"));
        }
    }
    bail!(
        "not a backlog: no {CONFIG_FILE} in {} or any parent directory\nhint: create one with `backlog init`, or point at it with --root DIR or {ROOT_ENV}",
        cwd.display()
    )
}

/// The backlog directory the pointer file in `dir` names: relative, below `dir`, holding
/// backlog.toml.
fn follow_pointer(dir: &Path) -> Result<PathBuf> {
    let path = dir.join(POINTER_FILE);
    let shown = path.display();
    let text = match crate::text::read_checked_up_to(&path, 64 * 1024) {
        Ok(source) => source.text,
        Err((problem, _)) => bail!("{shown}: cannot read it ({})", problem.code()),
    };
    let pointer: Pointer = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        anyhow!(
            "{shown}:{line}: {}\nhint: it holds one table, `[backlog]` with `root = \"DIR\"`",
            e.message()
        )
    })?;
    let rel = Path::new(&pointer.backlog.root);
    if pointer.backlog.root.trim().is_empty()
        || rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        bail!(
            "{shown}: root = {:?} must be a directory below the one holding {POINTER_FILE}, without `..`",
            pointer.backlog.root
        );
    }
    let root = dir.join(rel);
    if !root.join(CONFIG_FILE).is_file() {
        bail!(
            "not a backlog: {shown} points at {}, which has no {CONFIG_FILE}\nhint: fix `root` there, or create the backlog with `backlog --root {} init`",
            root.display(),
            pointer.backlog.root
        );
    }
    Ok(root)
}

/// Refuses a backlog directory that resolves (through a symlink on the way) outside the git
/// work tree holding it, or outside the directory it sits in when no work tree does: reads
/// and writes would leave the repository (PATH010). A directory that does not exist yet
/// passes.
pub fn check_inside(root: &Path) -> Result<()> {
    let Ok(real) = root.canonicalize() else {
        return Ok(());
    };
    let lexical = absolute_lexical(root);
    let container = lexical
        .ancestors()
        .skip(1)
        .find(|d| d.join(".git").exists())
        .or_else(|| lexical.parent())
        .unwrap_or(&lexical);
    let Ok(container_real) = container.canonicalize() else {
        return Ok(());
    };
    if !real.starts_with(&container_real) {
        bail!(
            "{} leads to {}, outside {} (a symlink on the way; PATH010): backlog never reads or writes through it\nhint: replace the link with the real directory",
            root.display(),
            real.display(),
            container.display()
        );
    }
    Ok(())
}

/// `path` made absolute with `.` and `..` resolved by name (no symlink followed).
fn absolute_lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
