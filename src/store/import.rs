//! Writing many new files at once, all or nothing: an import into the backlog (under the
//! writer lock) and an export into a new folder. No existing file is ever replaced, except a
//! ranking.txt that ranks nothing yet.

use super::transaction::{Step, Transaction};
use super::{Refused, Store};
use crate::{text, write};
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

/// What an import writes: item files into items/, ranking.txt, and the ID mapping beside
/// backlog.toml.
pub struct ImportFiles<'a> {
    /// File name in items/ and content.
    pub items: &'a [(String, String)],
    pub ranking: Option<&'a str>,
    /// File name beside backlog.toml and content.
    pub mapping: Option<(&'a str, &'a str)>,
    /// backlog.toml before and after, when the import sets its prefix.
    pub config: Option<(&'a str, &'a str)>,
}

/// What an import wrote.
#[derive(Debug, Default)]
pub struct Imported {
    pub created: Vec<PathBuf>,
    /// Files that were there already with exactly the planned bytes.
    pub already: usize,
    /// False when ranking.txt was left as it was (nothing ranked, or already as planned).
    pub ranking_written: bool,
}

impl Store {
    /// Writes an import: the item files, backlog.toml's prefix, ranking.txt, and the ID mapping
    /// last. A file already there with exactly the planned bytes was written by an earlier run
    /// of the same import (interrupted, or finished) and is kept, so running an import again
    /// completes it. Refuses, writing nothing, when a file is there with other bytes or
    /// ranking.txt already ranks other items; a failure half-way removes what this run created
    /// and puts backlog.toml back.
    pub fn import(&self, files: &ImportFiles) -> Result<Imported> {
        let location = &self.location;
        let dir = location.items_dir();
        let mut done = Imported::default();
        let mut items: Vec<(String, &str)> = Vec::new();
        for (name, content) in files.items {
            if self.already(&dir.join(name), content)? {
                done.already += 1;
            } else {
                items.push((name.clone(), content.as_str()));
            }
        }
        let mapping = match files.mapping {
            Some((name, content)) if !self.already(&location.root.join(name), content)? => {
                Some((location.root.join(name), content))
            }
            _ => None,
        };
        let ranking_path = location.ranking_path();
        let old_ranking = match files.ranking {
            Some(text) => self.unranked_ranking(&ranking_path, text)?,
            None => Keep::Same,
        };
        // backlog.toml is set only while it still holds what the plan was made from; an
        // I/O error reading it stops the import (exit 2), it is not taken for "changed".
        let config_path = location.config_path();
        let config = match files.config {
            Some((before, after)) => {
                let now = std::fs::read(&config_path).with_context(|| {
                    format!(
                        "cannot read {}; nothing was written",
                        location.display(&config_path)
                    )
                })?;
                (now == before.as_bytes()).then_some((before, after))
            }
            None => None,
        };
        write::create_dir(&dir)?;
        // One transaction: the item files, backlog.toml, ranking.txt, the mapping last.
        let mut steps: Vec<Step> = items
            .iter()
            .map(|(name, content)| Step::create(dir.join(name), (*content).to_owned()))
            .collect();
        if let Some((before, after)) = config {
            steps.push(Step::replace(
                config_path,
                before.to_owned(),
                after.to_owned(),
            ));
        }
        if let Some(text) = files.ranking {
            match old_ranking {
                Keep::Same => {}
                Keep::Replace(old) => {
                    steps.push(Step::replace(ranking_path, old, text.to_owned()));
                    done.ranking_written = true;
                }
                Keep::Create => {
                    steps.push(Step::create(ranking_path, text.to_owned()));
                    done.ranking_written = true;
                }
            }
        }
        if let Some((path, content)) = &mapping {
            steps.push(Step::create(path.clone(), (*content).to_owned()));
        }
        self.commit(&Transaction {
            verb: "import",
            what: "import".into(),
            steps,
        })?;
        done.created
            .extend(items.iter().map(|(name, _)| dir.join(name)));
        if let Some((path, _)) = mapping {
            done.created.push(path);
        }
        Ok(done)
    }

    /// True when `path` holds exactly `content`; false when there is nothing there; a refusal
    /// when something else is.
    fn already(&self, path: &Path, content: &str) -> Result<bool> {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            self.no_symlinks(path)?;
            return Ok(false);
        };
        if meta.is_file() {
            let now = std::fs::read(path).with_context(|| {
                format!(
                    "cannot read {}; nothing was written",
                    self.location.display(path)
                )
            })?;
            if now == content.as_bytes() {
                return Ok(true);
            }
        }
        Err(Refused(format!(
            "{} already exists; an import never replaces a file, so nothing was written",
            self.location.display(path)
        ))
        .into())
    }

    /// What to do with ranking.txt: nothing when it already is `planned`, replace it when it
    /// ranks nothing yet, create it when it is missing; a refusal when it ranks other items,
    /// since an import cannot merge two priority orders.
    fn unranked_ranking(&self, path: &Path, planned: &str) -> Result<Keep> {
        let display = self.location.display(path);
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(Keep::Create);
        }
        let source = match text::read_checked_up_to(path, text::MAX_RANKING_BYTES) {
            Ok(source) => source,
            // The environment's failure, not the file's content: exit 2.
            Err((text::ReadProblem::Io(e), _)) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("cannot read {display}; nothing was written")));
            }
            Err((problem, _)) => {
                return Err(Refused(format!(
                    "{display}: cannot be read ({}); nothing was written",
                    problem.code()
                ))
                .into());
            }
        };
        let text = source.text.clone();
        if text == planned {
            return Ok(Keep::Same);
        }
        let ranking = super::read::ranking_from(&text);
        if !ranking.entries.is_empty() {
            return Err(Refused(format!(
                "{display} already ranks {} items; an import does not merge two priority orders, so nothing was written\nhint: import into a new backlog (`backlog init`), or use --no-rank and rank the imported items yourself",
                ranking.entries.len()
            ))
            .into());
        }
        Ok(Keep::Replace(text))
    }
}

enum Keep {
    Same,
    Replace(String),
    Create,
}

/// Writes `files` (paths relative to `dir`, with `/`) as new files, all or nothing; refuses
/// when any of them exists. For `export`, whose folder is outside the backlog.
pub fn create_tree(dir: &Path, files: &[(String, String)]) -> Result<()> {
    for (rel, _) in files {
        let path = dir.join(rel);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Refused(format!(
                "{} already exists; an export never replaces a file, so nothing was written",
                path.display()
            ))
            .into());
        }
    }
    let mut created: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        for (rel, content) in files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                write::create_dir(parent)?;
            }
            write::create_new(&path, content.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            created.push(path);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for path in created.iter().rev() {
            let _ = std::fs::remove_file(path);
        }
        return Err(e.context("the export was undone: no file was left behind"));
    }
    Ok(())
}
