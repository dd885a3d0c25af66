//! Reading single backlog files through `load`'s checked reader, for verbs that must stay
//! fast on large backlogs (`show`, the warning after `rank`) or must refuse to write on a
//! config they cannot trust (`new`).

use super::Refused;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Location};
use crate::ranking::Ranking;
use crate::text::{self, Source};
use anyhow::{Result, bail};
use std::collections::HashMap;
use std::path::PathBuf;

/// backlog.toml as far as it parses, its problems in `out`; `None` when it cannot be read.
pub fn config(location: &Location, out: &mut Vec<Diagnostic>) -> Option<Config> {
    let path = location.config_path();
    load::read(&path, &location.display(&path), out).map(|s| Config::parse(&s, "backlog.toml", out))
}

/// backlog.toml for a verb about to write: any problem in it refuses the write (exit 1); an
/// I/O error reading it is the environment's failure (exit 2).
pub fn trusted_config(location: &Location) -> Result<Config> {
    let path = location.config_path();
    let display = location.display(&path);
    let mut problems = Vec::new();
    let config = match text::read_checked(&path) {
        Ok(source) => Some(Config::parse(&source, &display, &mut problems)),
        Err((text::ReadProblem::Io(e), _)) => {
            return Err(anyhow::Error::new(e)
                .context(format!("cannot read {display}; nothing was changed")));
        }
        // The content's problem, as `load` words it (path:line:col).
        Err(_) => load::read(&path, &display, &mut problems)
            .map(|source| Config::parse(&source, &display, &mut problems)),
    };
    match (config, problems.first()) {
        (Some(config), None) => Ok(config),
        (_, Some(d)) => Err(Refused(format!(
            "{}:{}:{}: {} (run `backlog lint` for details)",
            d.path, d.line, d.column, d.message
        ))
        .into()),
        (None, None) => bail!("cannot read {display}"),
    }
}

/// ranking.txt as far as it parses, its problems in `out`; `None` when it cannot be read.
/// A symlinked ranking.txt is never followed.
pub fn ranking(location: &Location, out: &mut Vec<Diagnostic>) -> Option<Ranking> {
    let path = location.ranking_path();
    load::read_ranking(&path, &location.display(&path), out)
        .map(|s| Ranking::parse(s, "ranking.txt", out))
}

/// A ranking from text already in hand, such as the one an edit just wrote.
pub fn ranking_from(text: &str) -> Ranking {
    Ranking::parse(Source::new(text.to_owned()), "ranking.txt", &mut Vec::new())
}

/// The item file of `id` (any letter case) in `index`, and the ID as its file name spells it.
pub fn item_file<'a>(
    index: &'a HashMap<String, PathBuf>,
    id: &str,
) -> Option<(String, &'a PathBuf)> {
    let path = index.get(&id.to_ascii_lowercase())?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spelled = crate::id::id_from_file_name(&name).unwrap_or(id).to_owned();
    Some((spelled, path))
}

/// The template of the kind `kind`: the file `rel` (relative to the backlog directory), or
/// the built-in one when the kind names none or its file is missing.
pub fn template(location: &Location, kind: &str, rel: Option<&str>) -> Result<String> {
    let Some(rel) = rel else {
        return Ok(crate::templates::builtin(kind));
    };
    let path = location.root.join(rel);
    // A template is copied into a new item: one reached through a symlinked directory, or
    // by `..`, could copy a file from outside the backlog into items/ (issue 19).
    let outside = || {
        let root = location.root.canonicalize().ok()?;
        let real = path.canonicalize().ok()?;
        Some(!real.starts_with(&root))
    };
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(&location.root) && *d != location.root) {
        if std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "cannot use the template {}: {} is a symbolic link (PATH010); nothing was changed",
                location.display(&path),
                location.display(d)
            );
        }
        dir = d.parent();
    }
    if outside() == Some(true) {
        bail!(
            "cannot use the template {}: it is outside the backlog directory; nothing was changed",
            location.display(&path)
        );
    }
    match text::read_checked(&path) {
        Ok(source) => Ok(source.text),
        Err((text::ReadProblem::Io(e), _)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(crate::templates::builtin(kind))
        }
        Err((problem, _)) => bail!(
            "cannot use the template {}: {}",
            path.display(),
            problem.code()
        ),
    }
}
