//! The write-ahead journal that makes every multi-file write all or nothing.
//!
//! Before its first change, a transaction (`transaction`) writes its whole plan (every file's
//! bytes before and after) to `backlog-journal/<verb>.json` in the git directory (beside the
//! worktree's lock; `.backlog-journal/` in the backlog without git), with the atomic recipe of
//! `write`: a magic line, a format version and the SHA-1 of the body, so a damaged or foreign
//! file is reported and never applied. It removes the journal after its last change. A run
//! that was killed (SIGKILL, SIGINT, a power cut) leaves the journal behind, and the next
//! writer to take the lock (any writing verb, `doctor --fix`) completes it before doing
//! anything else: a file still holding its old bytes gets its new ones, one that already has
//! them is left, and one that holds neither (someone edited it since) is left as it is and
//! named. Completing rather than rolling back is always possible (the journal holds every new
//! byte) and is what the user asked for. A file is removed (renumber's old name) only once
//! every new file of the plan holds its bytes, so no text is ever lost.

use super::Store;
use super::transaction::{Step, Transaction};
use crate::load::Location;
use crate::write;
use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The first line of a journal, and its format version.
const MAGIC: &str = "backlog-journal";
const FORMAT: u32 = 2;
/// The journal of renumber as releases before format 2 wrote it (plain JSON, `format: 1`).
const LEGACY: &str = "renumber.json";

#[derive(Serialize, Deserialize)]
struct Body {
    /// What the transaction does, for the note ("renumbering to MS-40").
    what: String,
    steps: Vec<Entry>,
}

/// One file of the plan, its path relative to the backlog directory. `before: None` is a new
/// file, `after: None` a removed one; `like` names the file whose mode a new file takes.
#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    before: Option<String>,
    after: Option<String>,
    like: Option<String>,
}

#[derive(Deserialize)]
struct Legacy {
    format: u32,
    id: String,
    edits: Vec<LegacyEdit>,
    from: String,
    from_content: String,
    to: String,
    content: String,
}

#[derive(Deserialize)]
struct LegacyEdit {
    path: String,
    before: String,
    after: String,
}

impl From<Legacy> for Body {
    fn from(old: Legacy) -> Body {
        let mut steps: Vec<Entry> = old
            .edits
            .into_iter()
            .map(|e| Entry {
                path: e.path,
                before: Some(e.before),
                after: Some(e.after),
                like: None,
            })
            .collect();
        steps.push(Entry {
            path: old.to,
            before: None,
            after: Some(old.content),
            like: Some(old.from.clone()),
        });
        steps.push(Entry {
            path: old.from,
            before: Some(old.from_content),
            after: None,
            like: None,
        });
        Body {
            what: format!("renumbering to {}", old.id),
            steps,
        }
    }
}

/// What the completion of an interrupted transaction did: a note for the user.
#[derive(Debug, Clone)]
pub struct Completed {
    /// What it was ("renumbering to MS-40", "`done MS-5`").
    pub what: String,
    pub files: usize,
    /// Files that held neither their old nor their new bytes, left as they were.
    pub skipped: Vec<String>,
}

impl Completed {
    /// The one-line note a verb prints on stderr.
    pub fn note(&self) -> String {
        let mut note = format!(
            "note: completed an interrupted {} ({} file(s) brought up to date)",
            crate::sanitize::line(&self.what),
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

/// The journal's bytes: magic, version, checksum of the body, the body.
fn encode(body: &Body) -> Result<Vec<u8>> {
    let json = serde_json::to_string(body)?;
    let sum = crate::git::hash_bytes(json.as_bytes());
    Ok(format!("{MAGIC}\nversion {FORMAT}\nsha1 {sum}\n{json}").into_bytes())
}

/// The body of a journal, or why it is not one this version may apply.
fn decode(bytes: &[u8], legacy: bool) -> Result<Body, &'static str> {
    if legacy && bytes.first() == Some(&b'{') {
        return match serde_json::from_slice::<Legacy>(bytes) {
            Ok(old) if old.format == 1 => Ok(old.into()),
            _ => Err("cannot be parsed"),
        };
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "is not text")?;
    let mut parts = text.splitn(4, '\n');
    if parts.next() != Some(MAGIC) {
        return Err("does not start as a journal does");
    }
    match parts.next().and_then(|l| l.strip_prefix("version ")) {
        Some(v) if v == FORMAT.to_string() => {}
        Some(_) => return Err("was written in another format (by another version of backlog)"),
        None => return Err("has no format version"),
    }
    let sum = parts
        .next()
        .and_then(|l| l.strip_prefix("sha1 "))
        .ok_or("has no checksum")?;
    let json = parts.next().unwrap_or_default();
    if crate::git::hash_bytes(json.as_bytes()) != sum {
        return Err("does not match its checksum (truncated or edited)");
    }
    serde_json::from_str(json).map_err(|_| "cannot be parsed")
}

impl Store {
    fn journal_dir(&self) -> PathBuf {
        let git_dir = self.repo().map(crate::git::Repo::git_dir);
        dir(&self.location, git_dir.as_deref())
    }

    /// Writes the journal of `tx`, durably, before its first change.
    pub(super) fn begin(&self, tx: &Transaction, steps: &[&Step]) -> Result<PathBuf> {
        let location = &self.location;
        let rel = |p: &Option<PathBuf>| p.as_deref().map(|p| relative(location, p)).transpose();
        let body = Body {
            what: tx.what.clone(),
            steps: steps
                .iter()
                .map(|s| {
                    Ok(Entry {
                        path: relative(location, &s.path)?,
                        before: s.before.clone(),
                        after: s.after.clone(),
                        like: rel(&s.like)?,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let dir = self.journal_dir();
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}; nothing was changed", dir.display()))?;
        let path = dir.join(format!("{}.json", tx.verb));
        write::overwrite(&path, &encode(&body)?).with_context(|| {
            format!(
                "cannot write the journal of the {}; nothing was changed",
                tx.what
            )
        })?;
        Ok(path)
    }

    /// Completes the transactions an earlier run left unfinished, if their journals are
    /// there. Called by `Store::lock`, under the lock, before any other write.
    pub(super) fn complete_interrupted(&self) -> Result<Option<Completed>> {
        let dir = self.journal_dir();
        let mut journals = Vec::new();
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(write::TEMP_PREFIX) {
                // A killed journal write (ours alone: every writer holds the lock).
                let _ = std::fs::remove_file(entry.path());
            } else if name.ends_with(".json") {
                journals.push(entry.path());
            }
        }
        journals.sort();
        let mut all: Option<Completed> = None;
        for path in journals {
            let done = self.complete(&path)?;
            all = Some(match all {
                None => done,
                Some(mut all) => {
                    all.what = format!("{} and {}", all.what, done.what);
                    all.files += done.files;
                    all.skipped.extend(done.skipped);
                    all
                }
            });
        }
        Ok(all)
    }

    fn complete(&self, path: &Path) -> Result<Completed> {
        let bytes = std::fs::read(path).with_context(|| {
            format!(
                "cannot read the journal of an interrupted write, {}; nothing was changed",
                path.display()
            )
        })?;
        let legacy = path.file_name().is_some_and(|n| n == LEGACY);
        let body = match decode(&bytes, legacy) {
            Ok(body) => body,
            Err(why) => bail!(
                "{} is not a journal this version can read ({why}); nothing was changed\nhint: look at `git status`, then remove it",
                path.display()
            ),
        };
        let root = &self.location.root;
        let mut files = 0;
        let mut skipped = Vec::new();
        // What a file holds now (`None`: it is not there); an I/O error stops the completion.
        let read = |file: &Path| -> Result<Option<Vec<u8>>> {
            match std::fs::read(file) {
                Ok(now) => Ok(Some(now)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(anyhow::Error::new(e).context(format!(
                    "cannot read {} to complete the {}; nothing more was changed",
                    self.location.display(file),
                    body.what
                ))),
            }
        };
        let holds = |file: &Path, bytes: &Option<String>| -> Result<bool> {
            Ok(read(file)?.as_deref() == bytes.as_ref().map(String::as_bytes))
        };
        // A file is removed only when every new file holds its bytes (nothing is lost); a
        // renamed file is created only while its old name still holds the text it had.
        let source_intact = |like: &str| -> Result<bool> {
            match body
                .steps
                .iter()
                .find(|s| s.path == like && s.after.is_none())
            {
                Some(s) => holds(&root.join(like), &s.before),
                None => Ok(true),
            }
        };
        for step in body.steps.iter().filter(|s| s.after.is_some()) {
            let file = root.join(&step.path);
            if holds(&file, &step.after)? {
                continue;
            }
            let intact = match step.like.as_deref() {
                Some(like) => source_intact(like)?,
                None => true,
            };
            if !holds(&file, &step.before)? || !intact {
                skipped.push(step.path.clone());
                continue;
            }
            self.no_symlinks(&file)?;
            let like = step.like.as_ref().map(|l| root.join(l));
            let step = Step {
                path: file,
                before: step.before.clone(),
                after: step.after.clone(),
                like,
            };
            super::transaction::apply(&step)
                .with_context(|| format!("cannot complete the {}", body.what))?;
            files += 1;
        }
        let mut created = true;
        for step in body.steps.iter().filter(|s| s.before.is_none()) {
            created &= holds(&root.join(&step.path), &step.after)?;
        }
        for step in body.steps.iter().filter(|s| s.after.is_none()) {
            let file = root.join(&step.path);
            if holds(&file, &None)? {
                continue;
            }
            if !created || !holds(&file, &step.before)? {
                skipped.push(step.path.clone());
                continue;
            }
            remove(&file)
                .with_context(|| format!("cannot complete the {}: {}", body.what, step.path))?;
            files += 1;
        }
        remove(path).with_context(|| format!("cannot remove {}", path.display()))?;
        Ok(Completed {
            what: body.what,
            files,
            skipped,
        })
    }

    /// Removes the journal after the last change (or after a rollback). Retried once: the
    /// transaction is complete, and a journal left behind would only be completed again.
    pub(super) fn end(&self, path: &Path) {
        let _ = remove(path).or_else(|_| remove(path));
    }
}

/// Removes a file; one that is already gone is fine.
pub(super) fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
