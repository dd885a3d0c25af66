//! Writing many new files at once, all or nothing: an import into the backlog (under the
//! writer lock) and an export into a new folder. No existing file is ever replaced, except a
//! ranking.txt that ranks nothing yet.

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

impl Store {
    /// Writes an import. Refuses (nothing written) when an item file or the mapping file is
    /// already there, or when ranking.txt already ranks an item; a failure half-way removes
    /// what was created and puts ranking.txt back.
    pub fn import(&self, files: &ImportFiles) -> Result<Vec<PathBuf>> {
        let location = &self.location;
        let dir = location.items_dir();
        let mut targets: Vec<(PathBuf, &str)> = files
            .items
            .iter()
            .map(|(name, content)| (dir.join(name), content.as_str()))
            .collect();
        if let Some((name, content)) = files.mapping {
            targets.push((location.root.join(name), content));
        }
        for (path, _) in &targets {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Refused(format!(
                    "{} already exists; an import never replaces a file, so nothing was written",
                    location.display(path)
                ))
                .into());
            }
            write::check_no_symlinks(&location.root, path)?;
        }
        let ranking_path = location.ranking_path();
        let old_ranking = match files.ranking {
            Some(_) => self.unranked_ranking(&ranking_path)?,
            None => None,
        };
        write::create_dir(&dir)?;
        let mut created: Vec<PathBuf> = Vec::new();
        let mut config_changed = false;
        let result = (|| -> Result<()> {
            let batch: Vec<(String, &[u8])> = files
                .items
                .iter()
                .map(|(name, content)| (name.clone(), content.as_bytes()))
                .collect();
            write::create_many(&dir, &batch)?;
            created.extend(targets[..files.items.len()].iter().map(|(p, _)| p.clone()));
            for (path, content) in &targets[files.items.len()..] {
                write::create_new(path, content.as_bytes())?;
                created.push(path.clone());
            }
            if let Some((before, after)) = files.config {
                write::replace(&location.config_path(), before.as_bytes(), after.as_bytes())?;
                config_changed = true;
            }
            if let Some(text) = files.ranking {
                match &old_ranking {
                    Some(old) => write::replace(&ranking_path, old.as_bytes(), text.as_bytes())?,
                    None => write::create_new(&ranking_path, text.as_bytes())?,
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            let mut left: Vec<String> = Vec::new();
            if let Some((before, after)) = files.config.filter(|_| config_changed)
                && write::replace(&location.config_path(), after.as_bytes(), before.as_bytes())
                    .is_err()
            {
                left.push(location.display(&location.config_path()));
            }
            left.extend(
                created
                    .iter()
                    .filter(|p| std::fs::remove_file(p).is_err())
                    .map(|p| location.display(p)),
            );
            return Err(if left.is_empty() {
                e.context("the import was undone: nothing was written")
            } else {
                e.context(format!(
                    "the import failed and these files could not be restored or removed: {}",
                    left.join(", ")
                ))
            });
        }
        Ok(created)
    }

    /// ranking.txt's text when it ranks nothing yet (`None` when it is missing); a refusal
    /// when it already ranks items, since an import cannot merge two priority orders.
    fn unranked_ranking(&self, path: &Path) -> Result<Option<String>> {
        let display = self.location.display(path);
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(None);
        }
        let source =
            text::read_checked_up_to(path, text::MAX_RANKING_BYTES).map_err(|(problem, _)| {
                Refused(format!(
                    "{display}: cannot be read ({}); nothing was written",
                    problem.code()
                ))
            })?;
        let text = source.text.clone();
        let ranking = super::read::ranking_from(&text);
        if !ranking.entries.is_empty() {
            return Err(Refused(format!(
                "{display} already ranks {} items; an import does not merge two priority orders, so nothing was written\nhint: import into a new backlog (`backlog init`), or use --no-rank and rank the imported items yourself",
                ranking.entries.len()
            ))
            .into());
        }
        Ok(Some(text))
    }
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
