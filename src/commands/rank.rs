//! `backlog rank` and `backlog unrank`: move an item in ranking.txt, or take it out.
//!
//! Both change one file, under the lock, with a compare-and-swap write, and refuse (exit 1,
//! nothing written) when the move makes no sense.

use super::{Context, Outcome, Refused};
use crate::config::Config;
use crate::load::{self, Location};
use crate::lock::Lock;
use crate::ranking::{MoveError, Position, Ranking, Reason};
use crate::{git, ready, render, sanitize, text, write};
use anyhow::{Context as _, Result, bail};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Move an item in the ranking, with the reason on its line.
///
/// Move an item to a new place in ranking.txt (ranking it if it was untriaged). The move is one
/// line out and one line in; `--reason` becomes the text after `#` on the moved line, and
/// without it the line keeps its old reason.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["top", "bottom", "to", "above", "below"])))]
pub struct Args {
    /// The item to move, such as MS-12.
    id: String,
    /// Make it the most important item.
    #[arg(long)]
    top: bool,
    /// Make it the least important ranked item.
    #[arg(long)]
    bottom: bool,
    /// Put it at rank N (1 is the top).
    #[arg(long, value_name = "N")]
    to: Option<usize>,
    /// Put it directly above this item.
    #[arg(long, value_name = "ID")]
    above: Option<String>,
    /// Put it directly below this item.
    #[arg(long, value_name = "ID")]
    below: Option<String>,
    /// Why the item belongs at its new place; written after `#` on its line.
    #[arg(long, value_name = "TEXT", conflicts_with = "clear_reason")]
    reason: Option<String>,
    /// Drop the old reason from the line.
    #[arg(long)]
    clear_reason: bool,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

/// Take an item out of the ranking (it becomes untriaged).
///
/// Take an item out of ranking.txt; it becomes untriaged.
#[derive(Debug, clap::Args)]
pub struct UnrankArgs {
    /// The item to unrank, such as MS-12.
    id: String,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let position = if args.top {
        Position::Top
    } else if args.bottom {
        Position::Bottom
    } else if let Some(n) = args.to {
        Position::To(n)
    } else if let Some(other) = &args.above {
        Position::Above(checked_id(other)?.to_owned())
    } else if let Some(other) = &args.below {
        Position::Below(checked_id(other)?.to_owned())
    } else {
        bail!("say where to: --top, --bottom, --to N, --above ID or --below ID");
    };
    let reason = match (&args.reason, args.clear_reason) {
        (Some(text), _) => Reason::Set(text.clone()),
        (None, true) => Reason::Clear,
        (None, false) => Reason::Keep,
    };
    let location = ctx.location()?;
    let (id, index) = existing_item(&location, &args.id)?;
    let change = edit(&location, args.wait, |ranking| {
        ranking.moved(&id, &position, &reason)
    })?;
    let message = match change.from {
        Some(from) if from == change.to && !change.changed => {
            format!("{id} stays at #{}: nothing to change\n", change.to)
        }
        Some(from) if from == change.to => {
            format!("{id} stays at #{}; reason updated\n", change.to)
        }
        Some(from) => format!("{id}: #{from} → #{}\n", change.to),
        None => format!("{id}: untriaged → #{}\n", change.to),
    };
    render::print(ctx.color, &message)?;
    warn_if_unready(ctx, &location, &index, &id, &change.text);
    Ok(Outcome::Clean)
}

pub fn run_unrank(ctx: &Context, args: UnrankArgs) -> Result<Outcome> {
    let location = ctx.location()?;
    let id = checked_id(&args.id)?.to_owned();
    let change = edit(&location, args.wait, |ranking| ranking.unranked(&id))?;
    let from = change.from.map_or(String::new(), |r| format!("#{r}"));
    render::print(
        ctx.color,
        &format!("{}: {from} → untriaged\n", sanitize::line(&id)),
    )?;
    Ok(Outcome::Clean)
}

/// Ranks a freshly created item (for `new --rank`); the caller already holds the lock.
pub fn rank_new(location: &Location, id: &str, position: &Position) -> Result<usize> {
    let change = apply(location, |ranking| {
        ranking.moved(id, position, &Reason::Keep)
    })?;
    Ok(change.to)
}

fn checked_id(id: &str) -> Result<&str> {
    if crate::id::is_valid_id(id) {
        Ok(id)
    } else {
        Err(Refused(format!(
            "`{}` is not an item ID (expected PREFIX-NUMBER, such as MS-12); nothing was changed",
            sanitize::line(id)
        ))
        .into())
    }
}

/// The item's ID as its file name spells it; refuses IDs with no item file.
/// The item's ID as its file is named, and the index of item files (listed once: on a large
/// backlog, listing the directory is most of `rank`'s work).
fn existing_item(location: &Location, id: &str) -> Result<(String, HashMap<String, PathBuf>)> {
    checked_id(id)?;
    let index = load::index(location)?;
    let Some(path) = index.get(&id.to_ascii_lowercase()) else {
        return Err(Refused(format!(
            "no item {} in {}; nothing was changed",
            sanitize::line(id),
            location.display(&location.items_dir())
        ))
        .into());
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = crate::id::id_from_file_name(&name).unwrap_or(id).to_owned();
    Ok((id, index))
}

struct Change {
    from: Option<usize>,
    to: usize,
    text: String,
    changed: bool,
}

/// Takes the lock, then applies `op` to ranking.txt.
fn edit(
    location: &Location,
    wait: f64,
    op: impl FnOnce(&Ranking) -> Result<crate::ranking::Move, MoveError>,
) -> Result<Change> {
    let repo = git::Repo::discover(&location.root)?;
    let _lock = Lock::acquire(
        repo.as_ref().map(git::Repo::git_dir).as_deref(),
        &location.config_path(),
        Duration::from_secs_f64(wait.clamp(0.0, 3600.0)),
    )?;
    apply(location, op)
}

/// Reads ranking.txt, applies `op`, checks the result reads back, and writes it with a
/// compare-and-swap. The caller holds the lock.
fn apply(
    location: &Location,
    op: impl FnOnce(&Ranking) -> Result<crate::ranking::Move, MoveError>,
) -> Result<Change> {
    let path = location.ranking_path();
    let display = location.display(&path);
    let source = match text::read_checked_up_to(&path, text::MAX_RANKING_BYTES) {
        Ok(source) => source,
        Err((text::ReadProblem::Io(e), _)) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("{display} is missing; create it (an empty file will do) or run `backlog init`")
        }
        // An I/O error is the environment's, not the content's: exit 2.
        Err((text::ReadProblem::Io(e), _)) => {
            return Err(anyhow::Error::new(e)
                .context(format!("cannot read {display}; nothing was changed")));
        }
        Err((problem, _)) => {
            return Err(Refused(format!(
                "{display}: cannot be edited ({}); run `backlog lint` for details",
                problem.code()
            ))
            .into());
        }
    };
    let original = source.text.clone();
    let ranking = Ranking::parse(source, &display, &mut Vec::new());
    let change =
        op(&ranking).map_err(|e| Refused(format!("{display}: {e}; nothing was changed")))?;
    let changed = change.text != original;
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
        write::check_no_symlinks(&location.root, &path)?;
        write::replace(&path, original.as_bytes(), change.text.as_bytes())
            .with_context(|| format!("cannot update {display}"))?;
    }
    Ok(Change {
        from: change.from,
        to: change.to,
        text: change.text,
        changed,
    })
}

/// PRODUCT: a rank that lifts an unready item into the top N succeeds, and warns. Reads only
/// the config, the item and the items ranked above it.
fn warn_if_unready(
    ctx: &Context,
    location: &Location,
    index: &HashMap<String, PathBuf>,
    id: &str,
    ranking_text: &str,
) {
    let mut problems = Vec::new();
    let Some(config) = load::read(&location.config_path(), "backlog.toml", &mut problems)
        .map(|s| Config::parse(&s, "backlog.toml", &mut problems))
    else {
        return;
    };
    let ranking = Ranking::parse(
        text::Source::new(ranking_text.to_owned()),
        "ranking.txt",
        &mut Vec::new(),
    );
    let mut items = load::LazyItems::new(location, index);
    let Some(item) = items.get(id).cloned() else {
        return;
    };
    let position = load::open_position(&item, &config, Some(&ranking), &mut items);
    let Some(ready::Trigger::Top { position, top }) = ready::trigger(&item, &config, position)
    else {
        return;
    };
    let gaps = ready::gaps(&item, &config);
    if !gaps.is_empty() {
        let labels: Vec<String> = gaps.iter().map(|g| g.label.clone()).collect();
        render::note(
            ctx.color,
            &format!(
                "warning: {id} is now #{position} of the open items, in the top {top} that must be Ready, but it lacks: {}\nhint: `backlog show {id}` says how to fix it; `backlog lint` fails until then\n",
                sanitize::line(&labels.join(", "))
            ),
        );
    }
}
