//! One transaction for every write that changes more than one file (`renumber`, an item that
//! closes and leaves the ranking, `new --rank`, `lint --fix`, `import`): the whole plan is
//! computed and checked first, written to the journal (`journal`), then each file is written
//! with `write`'s recipe (temp, fsync, rename, directory fsync; a compare-and-swap against the
//! bytes read), and the journal removed. An error rolls back what was written, so exit 2 means
//! nothing changed; a kill leaves the journal, from which the next writer completes the plan.
//! A plan that changes one file is the plain safe write, without a journal.

use super::Store;
use crate::write;
use anyhow::{Context as _, Result};
use std::path::PathBuf;

/// One file's change: `before: None` creates it (never replacing a file), `after: None`
/// removes it (only while it holds `before`), both replace it (compare-and-swap).
#[derive(Debug, Clone)]
pub struct Step {
    pub path: PathBuf,
    pub before: Option<String>,
    pub after: Option<String>,
    /// A new file takes this file's mode (a renamed item keeps its mode).
    pub like: Option<PathBuf>,
}

impl Step {
    pub fn replace(path: PathBuf, before: String, after: String) -> Step {
        Step {
            path,
            before: Some(before),
            after: Some(after),
            like: None,
        }
    }

    pub fn create(path: PathBuf, after: String) -> Step {
        Step {
            path,
            before: None,
            after: Some(after),
            like: None,
        }
    }

    pub fn remove(path: PathBuf, before: String) -> Step {
        Step {
            path,
            before: Some(before),
            after: None,
            like: None,
        }
    }

    /// The step that undoes this one.
    fn undo(&self) -> Step {
        Step {
            path: self.path.clone(),
            before: self.after.clone(),
            after: self.before.clone(),
            like: None,
        }
    }
}

/// A multi-file write, planned in full before the first change.
pub struct Transaction {
    /// The journal's name (`<verb>.json`): the verb that writes it.
    pub verb: &'static str,
    /// What it does, for messages: "renumbering to MS-40".
    pub what: String,
    /// In the order they are written.
    pub steps: Vec<Step>,
}

/// Writes one step with the safe recipe.
pub(super) fn apply(step: &Step) -> Result<()> {
    match (&step.before, &step.after) {
        (None, Some(after)) => match step.like.as_ref().filter(|l| l.exists()) {
            Some(like) => write::create_new_like(&step.path, after.as_bytes(), like),
            None => write::create_new(&step.path, after.as_bytes()),
        },
        (Some(before), Some(after)) => {
            write::replace(&step.path, before.as_bytes(), after.as_bytes())
        }
        (Some(before), None) => {
            let now = std::fs::read(&step.path)
                .with_context(|| format!("cannot read {}", step.path.display()))?;
            if now != before.as_bytes() {
                return Err(crate::lock::Contention(format!(
                    "{} changed on disk while backlog was working; nothing was changed\nhint: run the command again",
                    step.path.display()
                ))
                .into());
            }
            super::journal::remove(&step.path)
                .with_context(|| format!("cannot remove {}", step.path.display()))
        }
        (None, None) => Ok(()),
    }
}

impl Store {
    /// Carries out `tx`, all or nothing (see the module's doc). Steps that change nothing
    /// are left out; symlinked targets are refused before anything is written.
    pub fn commit(&self, tx: &Transaction) -> Result<()> {
        let steps: Vec<&Step> = tx.steps.iter().filter(|s| s.before != s.after).collect();
        for step in &steps {
            self.no_symlinks(&step.path)?;
            // Named as the user sees paths; `write` would say the same with the full path.
            if step.before.is_none() && std::fs::symlink_metadata(&step.path).is_ok() {
                anyhow::bail!(
                    "{} already exists; nothing was changed",
                    self.location.display(&step.path)
                );
            }
        }
        if let [one] = steps.as_slice() {
            return apply(one)
                .with_context(|| format!("cannot update {}", self.location.display(&one.path)));
        }
        if steps.is_empty() {
            return Ok(());
        }
        let journal = self.begin(tx, &steps)?;
        let mut done: Vec<&Step> = Vec::new();
        let result = self.apply_all(&steps, &mut done);
        let Err(e) = result else {
            self.end(&journal);
            return Ok(());
        };
        let mut left = Vec::new();
        for step in done.into_iter().rev() {
            if apply(&step.undo()).is_err() {
                left.push(self.location.display(&step.path));
            }
        }
        if left.is_empty() {
            self.end(&journal);
            return Err(e.context("nothing was changed (the files already written were put back)"));
        }
        Err(e.context(format!(
            "the {} stopped half-way and these files could not be put back: {}; the next backlog write (or `backlog doctor --fix`) completes it from its journal",
            tx.what,
            left.join(", ")
        )))
    }

    /// Writes `steps` in order, recording in `done` each one written. New files side by side
    /// in one directory (an import's items) are written as one batch (`write::create_many`:
    /// their syncs run in parallel, and the batch is all or nothing by itself).
    fn apply_all<'a>(&self, steps: &[&'a Step], done: &mut Vec<&'a Step>) -> Result<()> {
        let mut i = 0;
        while i < steps.len() {
            let batch = steps[i..]
                .iter()
                .take_while(|s| is_plain_create(s) && s.path.parent() == steps[i].path.parent())
                .count();
            if batch > 1 {
                let dir = steps[i].path.parent().unwrap_or(std::path::Path::new("."));
                let files: Vec<(String, &[u8])> = steps[i..i + batch]
                    .iter()
                    .map(|s| {
                        let name = s.path.file_name().map(|n| n.to_string_lossy().into_owned());
                        (
                            name.unwrap_or_default(),
                            s.after.as_deref().unwrap_or("").as_bytes(),
                        )
                    })
                    .collect();
                write::create_many(dir, &files)?;
                done.extend_from_slice(&steps[i..i + batch]);
                i += batch;
            } else {
                let step = steps[i];
                apply(step).with_context(|| {
                    format!("cannot update {}", self.location.display(&step.path))
                })?;
                done.push(step);
                i += 1;
            }
        }
        Ok(())
    }
}

impl Store {
    /// Refuses a target reached through a symbolic link (`write::check_no_symlinks`).
    pub(super) fn no_symlinks(&self, path: &std::path::Path) -> Result<()> {
        write::check_no_symlinks(&self.location.root, path, |p| self.location.display(p))
    }
}

fn is_plain_create(step: &Step) -> bool {
    step.before.is_none() && step.after.is_some() && step.like.is_none()
}
