//! `backlog doctor [--fix]`: the state around the backlog that `lint` does not judge: temp files
//! a killed `backlog` left behind, and whether this clone has the ranking merge driver.

use super::{Context, Outcome};
use crate::store::{self, Store};
use crate::{git, render, sanitize};
use anyhow::Result;

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
    // init also writes .gitattributes at the repository top.
    let leftovers = store::leftovers(&location, repo.as_ref().and_then(|r| r.workdir()))?;
    if !leftovers.is_empty() {
        let store = if args.fix {
            Some(Store::lock(&location, 5.0)?)
        } else {
            None
        };
        for path in &leftovers {
            let shown = sanitize::line(&location.display(path)).into_owned();
            if let Some(store) = &store {
                store.remove_leftover(path, &shown)?;
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
