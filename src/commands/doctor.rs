//! `backlog doctor [--fix]`: the state around the backlog that `lint` does not judge: temp files
//! a killed `backlog` left behind, and whether this clone has the ranking merge driver.

use super::{Context, Outcome};
use crate::render::{self, setup::DoctorView, setup::DriverState, setup::Leftover};
use crate::store::{self, Store};
use crate::{git, sanitize};
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
    // Taking the lock completes an interrupted renumbering (store's journal; feat-safety).
    if args.fix
        && let Some(done) = Store::lock(&location, 5.0)?.completed()
    {
        render::note(ctx.color, &done.note());
    }
    // init also writes .gitattributes at the repository top.
    let found = store::leftovers(&location, repo.as_ref().and_then(|r| r.workdir()))?;
    let store = if args.fix && !found.is_empty() {
        Some(Store::lock(&location, 5.0)?)
    } else {
        None
    };
    let mut leftovers = Vec::new();
    for path in &found {
        let shown = location.display(path);
        if let Some(store) = &store {
            store.remove_leftover(path, &sanitize::line(&shown))?;
        }
        leftovers.push(Leftover {
            path: shown,
            removed: store.is_some(),
        });
    }
    let driver = repo.as_ref().map(|repo| {
        let attributes = repo
            .workdir()
            .map(|top| top.join(".gitattributes"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let wants_driver = attributes.contains(&format!("merge={}", git::MERGE_DRIVER));
        if !wants_driver {
            DriverState::NotSetUp
        } else if repo.has_merge_driver() {
            DriverState::Registered
        } else {
            DriverState::Missing
        }
    });
    let view = DoctorView { leftovers, driver };
    render::print(ctx.color, &render::setup::doctor(&view))?;
    Ok(if view.problems() > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
