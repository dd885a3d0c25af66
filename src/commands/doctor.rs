//! `backlog doctor [--fix]`: the state around the backlog that `lint` does not judge: temp files
//! a killed `backlog` left behind, whether this clone has the ranking merge driver and git can
//! run it (a trial merge through the configured command), and backlog files left unmerged.

use super::{Context, Outcome};
use crate::render::{self, setup::DoctorView, setup::DriverState, setup::Leftover};
use crate::store::{self, Store};
use crate::{git, load, merge, sanitize};
use anyhow::Result;

/// Check the state around the backlog: leftover temp files from an interrupted write, whether
/// git can run this clone's ranking merge driver, and files a merge left unmerged.
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
    // Taking the lock completes an interrupted multi-file write (store's journal).
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
        match repo.merge_driver_command() {
            _ if !wants_driver => DriverState::NotSetUp,
            None => DriverState::Missing,
            Some(command) => trial(repo, &command, &location),
        }
    });
    let unmerged = repo
        .as_ref()
        .map(|r| r.unmerged_under(&location.root))
        .unwrap_or_default()
        .iter()
        .map(|p| location.display(p))
        .collect();
    let view = DoctorView {
        leftovers,
        driver,
        unmerged,
    };
    render::print(ctx.color, &render::setup::doctor(&view))?;
    Ok(if view.problems() > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Runs the configured driver command as git would, on three small rankings where each side
/// moved a different item, and compares its result with the merge `backlog` itself computes.
fn trial(repo: &git::Repo, command: &str, location: &load::Location) -> DriverState {
    const BASE: &str = "DOC-1\nDOC-2\nDOC-3\nDOC-4\n";
    const OURS: &str = "DOC-2\nDOC-1\nDOC-3\nDOC-4\n";
    const THEIRS: &str = "DOC-1\nDOC-2\nDOC-4\nDOC-3\n";
    let name = location.display(&location.ranking_path());
    let broken = |why: String| DriverState::Broken(command.to_owned(), why);
    let run = match repo.try_merge_driver(command, (BASE, OURS, THEIRS), &name) {
        Ok(run) => run,
        Err(e) => return broken(format!("{e:#}")),
    };
    let said = if run.output.is_empty() {
        String::new()
    } else {
        format!(" ({})", run.output.lines().last().unwrap_or_default())
    };
    match run.code {
        Some(0) => {}
        Some(code) => return broken(format!("a trial merge exited {code}{said}")),
        None => return broken(format!("a trial merge was killed or hung{said}")),
    }
    let expected = merge::merge(BASE, OURS, THEIRS).text;
    if run.result != expected.as_bytes() {
        return broken("a trial merge gave a different result than `backlog merge-driver`".into());
    }
    DriverState::Registered
}
