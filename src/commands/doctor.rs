//! `backlog doctor [--fix]`: the state around the backlog that `lint` does not judge: temp files
//! a killed `backlog` left behind, and whether this clone has the ranking merge driver.

use super::{Context, Outcome};
use crate::load::Location;
use crate::lock::Lock;
use crate::{git, render, sanitize, write};
use anyhow::{Context as _, Result};
use std::time::Duration;

/// Check the state around the backlog: leftover temp files from an interrupted write, and
/// whether this clone runs the ranking merge driver.
///
/// Exit 0 when all is well, 1 when something needs attention; `--fix` removes leftover temp
/// files (under the lock, so no running `backlog` loses its own).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remove leftover temp files.
    #[arg(long)]
    fix: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let repo = git::Repo::discover(&location.root)?;
    let mut problems = 0;
    let mut out = String::new();
    let mut leftovers = leftovers(&location)?;
    // init also writes .gitattributes at the repository top.
    if let Some(top) = repo.as_ref().and_then(|r| r.workdir()) {
        for entry in std::fs::read_dir(top).into_iter().flatten().flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(write::TEMP_PREFIX))
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                leftovers.push(entry.path());
            }
        }
    }
    if !leftovers.is_empty() {
        let _lock = if args.fix {
            Some(Lock::acquire(
                repo.as_ref().map(git::Repo::git_dir).as_deref(),
                &location.config_path(),
                Duration::from_secs(5),
            )?)
        } else {
            None
        };
        for path in &leftovers {
            let shown = sanitize::line(&location.display(path)).into_owned();
            if args.fix {
                std::fs::remove_file(path).with_context(|| format!("cannot remove {shown}"))?;
                out.push_str(&format!("removed {shown} (left by an interrupted write)\n"));
            } else {
                problems += 1;
                out.push_str(&format!("leftover {shown}: a temp file from an interrupted write; `backlog doctor --fix` removes it\n"));
            }
        }
    }
    if let Some(repo) = &repo {
        let attributes = repo
            .workdir()
            .map(|top| top.join(".gitattributes"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let wants_driver = attributes.contains(&format!("merge={}", git::MERGE_DRIVER));
        if wants_driver && !repo.has_merge_driver() {
            problems += 1;
            out.push_str("merge driver: .gitattributes asks for it but this clone has not registered it; run `backlog init --merge-driver`\n");
        } else if !wants_driver {
            out.push_str("merge driver: not set up (ranking.txt merges line by line); `backlog init --merge-driver` sets it up\n");
        }
    }
    if problems == 0 {
        out.push_str("all good\n");
    }
    render::print(ctx.color, &out)?;
    Ok(if problems > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Our temp files (`.backlog-tmp-*`) anywhere under the backlog directory.
fn leftovers(location: &Location) -> Result<Vec<std::path::PathBuf>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&location.root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot read {}", location.root.display()))?;
        if entry.file_type().is_file()
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(write::TEMP_PREFIX))
        {
            found.push(entry.into_path());
        }
    }
    Ok(found)
}
