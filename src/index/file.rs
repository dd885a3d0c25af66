//! Where the index lives and how its file is read and written: found without opening git
//! (`load` never does), opened only as a regular file (no link followed, no FIFO waited on),
//! checked for its magic, format version and checksum, written atomically.

use super::codec::checksum;
use crate::load::Location;
use std::path::{Path, PathBuf};

/// An index larger than this is not read.
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Why an index file was not used.
pub enum Miss {
    /// None yet: built silently.
    Absent,
    /// Another format version, program version or config: rebuilt silently.
    Stale,
    /// Not an index we wrote, or not intact: rebuilt with a note.
    Damaged(String),
}

/// The per-worktree git directory holding the backlog: `$GIT_DIR` when set, else the first
/// `.git` above the backlog (a directory, or a linked worktree's `gitdir:` file).
pub fn git_dir(location: &Location) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GIT_DIR").filter(|d| !d.is_empty()) {
        return std::env::current_dir().ok().map(|cwd| cwd.join(dir));
    }
    for dir in location.root.ancestors() {
        let dot = dir.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&dot) else {
            continue;
        };
        if meta.is_dir() {
            return Some(dot);
        }
        if meta.is_file() && meta.len() < 4096 {
            let text = std::fs::read_to_string(&dot).ok()?;
            let target = text.strip_prefix("gitdir:")?.trim();
            return Some(dir.join(target));
        }
        return None;
    }
    None
}

/// What the index was written for: the git directory, the backlog and where paths are shown
/// from. Another value means another repository's (or place's) index.
pub fn identity(git_dir: &Path, location: &Location) -> String {
    let git = std::fs::canonicalize(git_dir).unwrap_or_else(|_| git_dir.to_path_buf());
    format!(
        "{}\n{}\n{}",
        git.display(),
        location.root.display(),
        location.base.display()
    )
}

/// A hash of what the rules read besides the items: backlog.toml and each kind's template.
pub fn config_hash(location: &Location, backlog: &crate::load::Backlog) -> u64 {
    let mut bytes = Vec::new();
    if let Some(source) = &backlog.config_source {
        bytes.extend_from_slice(source.text.as_bytes());
    }
    for (kind, spec) in &backlog.config.kinds {
        bytes.extend_from_slice(b"\0kind\0");
        bytes.extend_from_slice(kind.as_bytes());
        bytes.push(0);
        let template = crate::store::read::template(location, kind, spec.template.as_deref());
        match template {
            Ok(text) => bytes.extend_from_slice(text.as_bytes()),
            Err(e) => bytes.extend_from_slice(e.to_string().as_bytes()),
        }
    }
    checksum(&bytes)
}

/// The body of an index file after its magic, version and checksum.
pub fn body<'a>(bytes: &'a [u8], magic: &[u8], version: u32) -> Result<&'a [u8], Miss> {
    let damaged = |why: &str| Miss::Damaged(why.to_owned());
    let rest = bytes
        .strip_prefix(magic)
        .ok_or_else(|| damaged("is not a work-tree index"))?;
    if rest.len() < 12 {
        return Err(damaged("is truncated"));
    }
    let (head, body) = rest.split_at(12);
    let found = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    if found != version {
        // Another release's format: not damage, only another shape.
        return Err(Miss::Stale);
    }
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&head[4..12]);
    if u64::from_le_bytes(sum) != checksum(body) {
        return Err(damaged("does not match its checksum (truncated or edited)"));
    }
    Ok(body)
}

/// Writes `body` behind its header, atomically; best effort. An empty directory squatting on
/// the name is removed (it is ours); anything else is replaced by the rename.
pub fn write(file: &Path, magic: &[u8], version: u32, body: &[u8]) {
    let mut bytes = Vec::with_capacity(magic.len() + 12 + body.len());
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(&version.to_le_bytes());
    bytes.extend_from_slice(&checksum(body).to_le_bytes());
    bytes.extend_from_slice(body);
    if std::fs::symlink_metadata(file).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir(file);
    }
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir).map(|()| crate::write::overwrite(file, &bytes));
    }
}

/// The bytes of `file` through [`crate::write::read_regular`], as a cache miss when absent or
/// not to be trusted.
pub fn open_regular(file: &Path) -> Result<Vec<u8>, Miss> {
    match crate::write::read_regular(file, MAX_BYTES) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Miss::Absent),
        Err(why) => Err(Miss::Damaged(why)),
    }
}
