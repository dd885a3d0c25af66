//! Laying out a new backlog (`init`) and the `.gitattributes` line that points git at the
//! ranking merge driver. Files are created with `write::create_new`, so an existing file is
//! never clobbered; `.gitattributes` is extended with a compare-and-swap.

use crate::write;
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

/// What `lay_out` did with each file.
pub struct LaidOut {
    /// Created, the agreement first.
    pub created: Vec<PathBuf>,
    /// Already there, so left alone.
    pub kept: Vec<PathBuf>,
}

/// What became of the merge driver's line in `.gitattributes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attributes {
    /// The line was already there.
    Kept,
    /// The line was appended.
    Updated,
    /// The file was created with the line.
    Created,
}

/// Creates the backlog directory `root` with items/ and templates/, and returns its
/// canonical path.
pub fn make_dirs(root: &Path, items: &str) -> Result<PathBuf> {
    write::create_dir(&root.join(items))?;
    write::create_dir(&root.join("templates"))?;
    Ok(root.canonicalize()?)
}

/// Creates each of `files` that does not exist yet, then the agreement `config`: until it
/// exists the directory is not a backlog, so a failed init can simply be run again.
pub fn lay_out(files: &[(PathBuf, String)], config: (&Path, &str)) -> Result<LaidOut> {
    let mut created = Vec::new();
    let mut kept = Vec::new();
    for (path, text) in files {
        if path.exists() {
            kept.push(path.clone());
            continue;
        }
        write::create_new(path, text.as_bytes())?;
        created.push(path.clone());
    }
    write::create_new(config.0, config.1.as_bytes())?;
    created.insert(0, config.0.to_path_buf());
    Ok(LaidOut { created, kept })
}

/// Makes sure the `.gitattributes` at the work tree top `top` holds `line`.
pub fn gitattributes_line(top: &Path, line: &str) -> Result<Attributes> {
    let attributes = top.join(".gitattributes");
    match std::fs::read(&attributes) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            if text.lines().any(|l| l.trim() == line) {
                return Ok(Attributes::Kept);
            }
            let mut updated = bytes.clone();
            if !updated.is_empty() && !updated.ends_with(b"\n") {
                updated.push(b'\n');
            }
            updated.extend_from_slice(line.as_bytes());
            updated.push(b'\n');
            write::replace(&attributes, &bytes, &updated)?;
            Ok(Attributes::Updated)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write::create_new(&attributes, format!("{line}\n").as_bytes())?;
            Ok(Attributes::Created)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", attributes.display())),
    }
}

/// Creates the pointer file `path` naming the backlog directory `rel` (relative to the file's
/// directory), unless one is there. Returns `path` when it was created.
pub fn pointer_file(path: &Path, rel: &str) -> Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(None);
    }
    let text = format!(
        "# Where this repository's backlog is, so that `backlog` run anywhere in the repository\n# (and the pre-commit hook, and the Action) finds it. Written by `backlog init`.\n[backlog]\nroot = {}\n",
        toml::Value::String(rel.to_owned())
    );
    write::create_new(path, text.as_bytes())?;
    Ok(Some(path.to_path_buf()))
}
