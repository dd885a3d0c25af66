//! The journal that makes `renumber` all or nothing across its files.
//!
//! Before its first change, renumber writes its whole plan (every file's bytes before and
//! after, the old and new file of the item) to `backlog-journal/renumber.json` in the git
//! directory (beside the worktree's lock; `.backlog-journal/` in the backlog without git),
//! with the atomic recipe of `write`. It removes the journal after its last change. A run that
//! was killed (SIGKILL, SIGINT, a power cut) leaves the journal behind, and the next writer to
//! take the lock (any writing verb, `doctor --fix`) completes the renumbering from it before
//! doing anything else: a file still holding its old bytes gets its new ones, one that already
//! has them is left, and one that holds neither (someone edited it since) is left as it is and
//! named. Completing rather than rolling back is always possible (the journal holds every new
//! byte) and is what the user asked for.

use super::{Renumbering, Store};
use crate::load::Location;
use crate::write;
use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The journal's format version.
const FORMAT: u32 = 1;
const FILE: &str = "renumber.json";

#[derive(Serialize, Deserialize)]
struct Journal {
    format: u32,
    /// The new ID (the old one is in `from`'s name).
    id: String,
    /// Paths relative to the backlog directory.
    edits: Vec<Step>,
    from: String,
    from_content: String,
    to: String,
    content: String,
}

#[derive(Serialize, Deserialize)]
struct Step {
    path: String,
    before: String,
    after: String,
}

/// What the completion of an interrupted renumbering did: a note for the user.
#[derive(Debug, Clone)]
pub struct Completed {
    pub id: String,
    pub files: usize,
    /// Files that held neither their old nor their new bytes, left as they were.
    pub skipped: Vec<String>,
}

impl Completed {
    /// The one-line note a verb prints on stderr.
    pub fn note(&self) -> String {
        let mut note = format!(
            "note: completed an interrupted renumbering to {} ({} file(s) brought up to date)",
            crate::sanitize::line(&self.id),
            self.files
        );
        if !self.skipped.is_empty() {
            note.push_str(&format!(
                "; changed since, left as they are: {}",
                self.skipped.join(", ")
            ));
        }
        note.push('\n');
        note
    }
}

/// The journal's directory for this worktree.
pub(super) fn dir(location: &Location, git_dir: Option<&Path>) -> PathBuf {
    match git_dir {
        Some(git_dir) => git_dir.join("backlog-journal"),
        None => location.root.join(".backlog-journal"),
    }
}

fn relative(location: &Location, path: &Path) -> Result<String> {
    let rel = path
        .strip_prefix(&location.root)
        .with_context(|| format!("{} is outside the backlog", path.display()))?;
    Ok(rel.to_string_lossy().into_owned())
}

impl Store {
    fn journal_path(&self) -> PathBuf {
        let git_dir = self.repo().map(crate::git::Repo::git_dir);
        dir(&self.location, git_dir.as_deref()).join(FILE)
    }

    /// Writes the journal of `plan`, durably, before its first change.
    pub(super) fn begin(&self, plan: &Renumbering) -> Result<PathBuf> {
        let location = &self.location;
        let journal = Journal {
            format: FORMAT,
            id: plan.id.clone(),
            edits: plan
                .edits
                .iter()
                .map(|e| {
                    Ok(Step {
                        path: relative(location, &e.path)?,
                        before: e.before.clone(),
                        after: e.after.clone(),
                    })
                })
                .collect::<Result<_>>()?,
            from: relative(location, &plan.from)?,
            from_content: plan.from_content.clone(),
            to: relative(location, &plan.to)?,
            content: plan.content.clone(),
        };
        let path = self.journal_path();
        let parent = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}; nothing was changed", parent.display()))?;
        let bytes = serde_json::to_vec(&journal)?;
        write::overwrite(&path, &bytes)
            .with_context(|| "cannot write the renumbering's journal; nothing was changed")?;
        Ok(path)
    }

    /// Completes a renumbering an earlier run left unfinished, if its journal is there.
    /// Called by `Store::lock`, under the lock, before any other write.
    pub(super) fn complete_interrupted(&self) -> Result<Option<Completed>> {
        let path = self.journal_path();
        self.remove_journal_temps(&path);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot read the journal of an interrupted renumbering, {}; nothing was changed",
                    path.display()
                )));
            }
        };
        let journal: Journal = match serde_json::from_slice(&bytes) {
            Ok(j) if matches!(&j, Journal { format: FORMAT, .. }) => j,
            _ => bail!(
                "{} is not a journal this version can read; nothing was changed\nhint: look at `git status`, then remove it",
                path.display()
            ),
        };
        let root = &self.location.root;
        let mut done = 0;
        let mut skipped = Vec::new();
        for step in &journal.edits {
            let file = root.join(&step.path);
            match std::fs::read(&file) {
                Ok(now) if now == step.after.as_bytes() => {}
                Ok(now) if now == step.before.as_bytes() => {
                    write::check_no_symlinks(root, &file)?;
                    write::replace(&file, step.before.as_bytes(), step.after.as_bytes())
                        .with_context(|| {
                            format!("cannot complete the renumbering: {}", step.path)
                        })?;
                    done += 1;
                }
                _ => skipped.push(step.path.clone()),
            }
        }
        let (from, to) = (root.join(&journal.from), root.join(&journal.to));
        match std::fs::read(&to) {
            Ok(now) if now == journal.content.as_bytes() => {}
            Ok(_) => skipped.push(journal.to.clone()),
            Err(_) if std::fs::read(&from).is_ok_and(|b| b == journal.from_content.as_bytes()) => {
                write::check_no_symlinks(root, &to)?;
                write::create_new_like(&to, journal.content.as_bytes(), &from)
                    .with_context(|| format!("cannot complete the renumbering: {}", journal.to))?;
                done += 1;
            }
            Err(_) => skipped.push(journal.to.clone()),
        }
        if std::fs::read(&to).is_ok_and(|b| b == journal.content.as_bytes()) {
            match std::fs::read(&from) {
                Ok(now) if now == journal.from_content.as_bytes() => {
                    remove(&from).with_context(|| {
                        format!("cannot complete the renumbering: {}", journal.from)
                    })?;
                    done += 1;
                }
                Ok(_) => skipped.push(journal.from.clone()),
                Err(_) => {}
            }
        }
        remove(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        Ok(Some(Completed {
            id: journal.id,
            files: done,
            skipped,
        }))
    }

    /// Removes the journal after the last change (or after a rollback). Retried once: the
    /// renumbering is complete, and a journal left behind would only be completed again.
    pub(super) fn end(&self, path: &Path) {
        let _ = remove(path).or_else(|_| remove(path));
    }

    /// Temp files a killed journal write left in the journal's directory (ours alone: every
    /// writer holds the lock).
    fn remove_journal_temps(&self, path: &Path) {
        let Some(dir) = path.parent() else { return };
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(write::TEMP_PREFIX))
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Removes a file; one that is already gone is fine.
fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
