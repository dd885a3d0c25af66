//! Edits under the writer lock. Each one reads the file, computes the new bytes, checks they
//! read back with the same meaning, and swaps them in only if the file still holds what was
//! read (`write::replace`); multi-file edits roll back what they did when a later step fails.

use super::Refused;
use super::transaction::{Step, Transaction};
use crate::diagnostic::Severity;
use crate::git;
use crate::load::Location;
use crate::lock::Lock;
use crate::ranking::{Move, MoveError, Position, Ranking, Reason};
use crate::{item, text, write};
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A writer's hold on a backlog: the kernel lock, for as long as the value lives.
pub struct Store {
    pub(super) location: Location,
    repo: Option<git::Repo>,
    /// An interrupted renumbering this lock's taking completed (see `journal`).
    completed: Option<super::journal::Completed>,
    _lock: Lock,
}

/// What a ranking edit did.
pub struct RankingEdit {
    pub from: Option<usize>,
    pub to: usize,
    /// ranking.txt as it is now.
    pub text: String,
    /// False when the edit left the bytes as they were (nothing was written).
    pub changed: bool,
}

/// A new item file, and its rank when it was ranked at once.
pub struct Created {
    pub path: PathBuf,
    pub rank: Option<usize>,
}

/// One file's bytes before and after an edit.
pub struct FileEdit {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
}

/// An item's new ID, computed in full before the first write: the edits of the files that
/// name it, then its file written under the new name and the old one removed.
pub struct Renumbering {
    /// The new ID.
    pub id: String,
    pub edits: Vec<FileEdit>,
    pub from: PathBuf,
    /// `from` as messages show it.
    pub from_display: String,
    pub to: PathBuf,
    pub content: String,
    /// The bytes of `from` as read: the journal removes only a file that still holds them.
    pub from_content: String,
}

/// Why a write is refused while `shown` is unmerged in the git index.
pub fn unmerged_message(shown: &str) -> String {
    format!(
        "{} is unmerged in the git index (a merge conflict is in progress); nothing was changed\nhint: resolve it (`backlog lint` shows what is wrong), `git add` it, then run this again",
        shown
    )
}

impl Store {
    /// Takes the writer lock (in the git directory, else on backlog.toml), waiting up to
    /// `wait` seconds for another `backlog` process to finish.
    pub fn lock(location: &Location, wait: f64) -> Result<Store> {
        // The command line parses `--wait` strictly; this keeps every other caller (the
        // server, a future verb) from panicking in `Duration::from_secs_f64` on NaN.
        if !wait.is_finite() || wait < 0.0 {
            bail!("`--wait {wait}` is not a wait: give seconds from 0 to one day");
        }
        let repo = git::Repo::discover(&location.root)?;
        // Checked before the lock, which would be a new file in the bare git directory.
        if repo.as_ref().is_some_and(|r| r.workdir().is_none()) {
            bail!(
                "{} is in a bare repository, which has no work tree (GIT101); nothing was changed\nhint: edit the backlog in a checkout (`git clone`, or `git worktree add`)",
                location.display(&location.root)
            );
        }
        let lock = Lock::acquire(
            repo.as_ref().map(git::Repo::git_dir).as_deref(),
            &location.config_path(),
            Duration::from_secs_f64(wait.min(86_400.0)),
        )?;
        // Checked under the lock: a merge in progress leaves the backlog's files unmerged in
        // the index (with or without markers: a driver git could not run leaves ours as is).
        if let Some(first) = repo
            .as_ref()
            .and_then(|r| r.unmerged_under(&location.root).into_iter().next())
        {
            return Err(Refused(unmerged_message(&location.display(&first))).into());
        }
        // A merge (rebase, cherry-pick) stopped on conflicts elsewhere in the repository: the
        // backlog's files are fine, but a write now would be folded into the half-done merge.
        // Once every conflict is resolved (`git add`), writes go ahead before the commit.
        if let Some(r) = &repo
            && let Some((what, verb)) = in_progress(&r.git_dir())
            && let Some(first) = r
                .workdir()
                .and_then(|top| r.unmerged_under(top).into_iter().next())
        {
            bail!(
                "a {what} is in progress with unresolved conflicts ({}; GIT130 {what} in progress); nothing was changed\nhint: resolve and `git add` them, or `git {verb} --abort`, then run this again",
                location.display(&first)
            );
        }
        let mut store = Store {
            location: location.clone(),
            repo,
            completed: None,
            _lock: lock,
        };
        // A renumbering killed midway is completed before anything else is written.
        store.completed = store.complete_interrupted()?;
        Ok(store)
    }

    /// The interrupted renumbering that taking the lock completed, if any: verbs print its
    /// note.
    pub fn completed(&self) -> Option<&super::journal::Completed> {
        self.completed.as_ref()
    }

    /// The repository holding the backlog, if any.
    pub fn repo(&self) -> Option<&git::Repo> {
        self.repo.as_ref()
    }

    /// Applies `op` to ranking.txt: reads it, checks the result reads back, and writes it
    /// with a compare-and-swap.
    pub fn edit_ranking(
        &self,
        op: impl FnOnce(&Ranking) -> Result<Move, MoveError>,
    ) -> Result<RankingEdit> {
        let (edit, step) = self.plan_ranking(op)?;
        if let Some(step) = step {
            self.commit(&Transaction {
                verb: "rank",
                what: "ranking edit".into(),
                steps: vec![step],
            })?;
        }
        Ok(edit)
    }

    /// What `op` would make of ranking.txt, checked to read back, and the step that writes it
    /// (`None` when the bytes stay as they are); nothing is written.
    pub fn plan_ranking(
        &self,
        op: impl FnOnce(&Ranking) -> Result<Move, MoveError>,
    ) -> Result<(RankingEdit, Option<Step>)> {
        let location = &self.location;
        let path = location.ranking_path();
        let display = location.display(&path);
        if std::fs::symlink_metadata(&path).is_err() {
            bail!("{display} is missing; create it (an empty file will do) or run `backlog init`")
        }
        let source = read_for_edit(&path, &display, text::MAX_RANKING_BYTES)?;
        let original = source.text.clone();
        let ranking = Ranking::parse(source, &display, &mut Vec::new());
        let change =
            op(&ranking).map_err(|e| Refused(format!("{display}: {e}; nothing was changed")))?;
        let changed = change.text != original;
        let mut step = None;
        if changed {
            // Refuse to write what we could not read back with the same meaning.
            let mut problems = Vec::new();
            let check = Ranking::parse(
                text::Source::new(change.text.clone()),
                &display,
                &mut problems,
            );
            let before = ranking.entries.len() + usize::from(change.from.is_none())
                - usize::from(change.to == 0);
            if check.entries.len() != before {
                bail!(
                    "internal error: the edited ranking would not read back correctly; nothing was changed"
                );
            }
            self.no_symlinks(&path)?;
            step = Some(Step::replace(path, original, change.text.clone()));
        }
        let edit = RankingEdit {
            from: change.from,
            to: change.to,
            text: change.text,
            changed,
        };
        Ok((edit, step))
    }

    /// Creates the item `id` as `file_name` in items/ and, with `rank`, ranks it there: all
    /// or nothing (one transaction). A position the ranking cannot take is refused before any
    /// file is created.
    pub fn create_item(
        &self,
        id: &str,
        file_name: &str,
        content: &str,
        rank: Option<&Position>,
    ) -> Result<Created> {
        let location = &self.location;
        let dir = location.items_dir();
        write::create_dir(&dir)?;
        let path = dir.join(file_name);
        self.no_symlinks(&path)?;
        let mut steps = vec![Step::create(path.clone(), content.to_owned())];
        let mut ranked = None;
        if let Some(position) = rank {
            let ranking = location.ranking_path();
            if std::fs::symlink_metadata(&ranking).is_err() {
                bail!(
                    "cannot read {}; create it (an empty file will do)",
                    location.display(&ranking)
                );
            }
            let (edit, step) = self.plan_ranking(|r| r.moved(id, position, &Reason::Keep))?;
            steps.extend(step);
            ranked = Some(edit.to);
        }
        self.commit(&Transaction {
            verb: "new",
            what: format!("creation of {id}"),
            steps,
        })?;
        Ok(Created { path, rank: ranked })
    }

    /// Carries out a renumbering, all or nothing, as one transaction: references are
    /// rewritten, the file under its new name created, and the old one removed last. An error
    /// rolls back what was done, so exit 2 keeps its promise that nothing changed; a kill
    /// leaves the journal, from which the next writer completes the renumbering.
    pub fn renumber(&self, plan: &Renumbering) -> Result<()> {
        for edit in &plan.edits {
            check_reads_back(&edit.path, &edit.after)?;
        }
        let mut steps: Vec<Step> = plan
            .edits
            .iter()
            .map(|e| Step::replace(e.path.clone(), e.before.clone(), e.after.clone()))
            .collect();
        steps.push(Step {
            like: Some(plan.from.clone()),
            ..Step::create(plan.to.clone(), plan.content.clone())
        });
        steps.push(Step::remove(plan.from.clone(), plan.from_content.clone()));
        self.commit(&Transaction {
            verb: "renumber",
            what: format!("renumbering to {}", plan.id),
            steps,
        })
    }

    /// Edits one item file: reads it (safely, under the size cap), applies `edit` to its text,
    /// checks the result still reads back as an item with the same ID and no new errors, and
    /// swaps it in with a compare-and-swap. Every writing front end (the CLI's `set`, `start`,
    /// `done`, `lint --fix`, `serve`, the language server's fixes) goes through here.
    pub fn edit_item(
        &self,
        path: &Path,
        edit: impl FnOnce(&str) -> Result<String>,
    ) -> Result<FileEdit> {
        let planned = self.plan_item(path, edit)?;
        self.commit(&Transaction {
            verb: "edit",
            what: "item edit".into(),
            steps: vec![Step::replace(
                planned.path.clone(),
                planned.before.clone(),
                planned.after.clone(),
            )],
        })?;
        Ok(planned)
    }

    /// [`Store::edit_item`] without the write: the checked new text of the file.
    pub fn plan_item(
        &self,
        path: &Path,
        edit: impl FnOnce(&str) -> Result<String>,
    ) -> Result<FileEdit> {
        let display = self.location.display(path);
        let before = read_for_edit(path, &display, text::MAX_FILE_BYTES)?.text;
        let after = edit(&before)?;
        if after != before {
            let id_of = |text: &str| {
                let mut problems = Vec::new();
                let parsed = item::parse(&text::Source::new(text.to_owned()), "", &mut problems);
                let errors = problems
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                (parsed.fields.id.map(|f| f.value), errors)
            };
            let (old_id, old_errors) = id_of(&before);
            let (new_id, new_errors) = id_of(&after);
            if new_id != old_id || new_errors > old_errors {
                bail!(
                    "internal error: the edit of {display} would not read back; nothing was changed"
                );
            }
            self.no_symlinks(path)?;
        }
        Ok(FileEdit {
            path: path.to_owned(),
            before,
            after,
        })
    }

    /// Removes a temp file an interrupted write left behind (see [`leftovers`]).
    pub fn remove_leftover(&self, path: &Path, shown: &str) -> Result<()> {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {shown}"))
    }
}

/// The operation git has under way in this worktree's git directory, by the files git keeps
/// for it (the same ones `git status` reads), and the command that aborts it.
fn in_progress(git_dir: &Path) -> Option<(&'static str, &'static str)> {
    [
        ("MERGE_HEAD", "merge", "merge"),
        ("rebase-merge", "rebase", "rebase"),
        ("rebase-apply", "rebase", "rebase"),
        ("CHERRY_PICK_HEAD", "cherry-pick", "cherry-pick"),
        ("REVERT_HEAD", "revert", "revert"),
    ]
    .into_iter()
    .find(|(file, _, _)| git_dir.join(file).exists())
    .map(|(_, what, verb)| (what, verb))
}

/// The text of a file about to be edited, read safely (no links, size cap, UTF-8, no NUL). An
/// I/O error is the environment's (exit 2); content we cannot edit is refused (exit 1).
fn read_for_edit(path: &Path, display: &str, limit: u64) -> Result<text::Source> {
    match text::read_checked_up_to(path, limit) {
        Ok(source) => Ok(source),
        Err((text::ReadProblem::Io(e), _)) => {
            Err(anyhow::Error::new(e)
                .context(format!("cannot read {display}; nothing was changed")))
        }
        Err((problem, _)) => Err(Refused(format!(
            "{display}: cannot be edited ({}); run `backlog lint` for details",
            problem.code()
        ))
        .into()),
    }
}

/// Refuses an edit whose result would not read back without errors.
fn check_reads_back(path: &Path, text: &str) -> Result<()> {
    let source = text::Source::new(text.to_owned());
    let mut problems = Vec::new();
    if path.extension().is_some_and(|e| e == "md") {
        item::parse(&source, "", &mut problems);
    } else {
        Ranking::parse(source, "", &mut problems);
    }
    if problems.iter().any(|d| d.severity == Severity::Error) {
        bail!(
            "internal error: the edit of {} would not read back; nothing was changed",
            path.display()
        );
    }
    Ok(())
}

/// Our temp files (`.backlog-tmp-*`) anywhere under the backlog directory and, since init
/// also writes .gitattributes there, at the top of the work tree `top`.
pub fn leftovers(location: &Location, top: Option<&Path>) -> Result<Vec<PathBuf>> {
    let is_ours = |name: &std::ffi::OsStr| {
        name.to_str()
            .is_some_and(|n| n.starts_with(write::TEMP_PREFIX))
    };
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&location.root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot read {}", location.root.display()))?;
        if entry.file_type().is_file() && is_ours(entry.file_name()) {
            found.push(entry.into_path());
        }
    }
    if let Some(top) = top {
        for entry in std::fs::read_dir(top).into_iter().flatten().flatten() {
            if is_ours(&entry.file_name()) && entry.file_type().is_ok_and(|t| t.is_file()) {
                found.push(entry.path());
            }
        }
    }
    Ok(found)
}
