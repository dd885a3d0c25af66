//! `backlog rank`: move an item in ranking.txt.
//!
//! It changes one file, under the lock, with a compare-and-swap write (`store`), and refuses
//! (exit 1, nothing written) when the move makes no sense.

use super::{Context, Outcome, Refused, checked_id};
use crate::load::{self, Location};
use crate::ranking::{Position, Reason};
use crate::ready;
use crate::render::{self, edit::RankView, edit::UnreadyView};
use crate::store::{self, Store};
use anyhow::{Result, bail};
use std::collections::HashMap;
use std::path::PathBuf;

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
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
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
    // A reason is shown in reviews and terminals: a bidi control or zero-width character
    // could make it read as something else (TXT001 for items), so it is refused.
    if let Some(c) = args
        .reason
        .as_deref()
        .and_then(|r| r.chars().find(|&c| crate::text::is_invisible(c)))
    {
        return Err(Refused(format!(
            "the reason contains the invisible character U+{:04X}, which can hide what it says; nothing was changed",
            c as u32
        ))
        .into());
    }
    let reason = match (&args.reason, args.clear_reason) {
        (Some(text), _) => Reason::Set(text.clone()),
        (None, true) => Reason::Clear,
        (None, false) => Reason::Keep,
    };
    let location = ctx.location()?;
    // IDs are resolved under the lock, so no other writer renames the item in between.
    let store = Store::lock(&location, args.wait)?;
    if let Some(done) = store.completed() {
        render::note(ctx.color, &done.note());
    }
    let (id, index) = existing_item(&location, &args.id, !ctx.no_cache)?;
    let position = match position {
        Position::Above(other) => Position::Above(anchor(&location, &index, &other)?),
        Position::Below(other) => Position::Below(anchor(&location, &index, &other)?),
        other => other,
    };
    let change = store.move_item(&id, &position, &reason, store::MoveCheck::default())?;
    let view = RankView {
        id,
        from: change.from,
        to: change.to,
        changed: change.changed,
    };
    render::print(ctx.color, &render::edit::ranked(&view))?;
    if let Some(warning) = unready(&location, &index, &view.id, &change.text) {
        render::note(ctx.color, &render::edit::unready(&warning));
    }
    let placed =
        crate::lint::placement::after_rank(&location, &index, &view.id, view.from, &change.text);
    render::note(ctx.color, &render::placement::warnings(&placed));
    Ok(Outcome::Clean)
}

/// The item's ID as its file is named, and the index of item files (listed once: on a large
/// backlog, listing the directory is most of `rank`'s work).
/// The names come from the work-tree index when no directory under items/ changed since.
fn existing_item(
    location: &Location,
    id: &str,
    cached: bool,
) -> Result<(String, HashMap<String, PathBuf>)> {
    checked_id(id)?;
    let index = crate::index::names::index(location, cached)?;
    let (id, _) = store::resolve::item(location, &index, id)?;
    Ok((id, index))
}

/// An anchor as its item's file spells it; one that names no item but is ranked (a line
/// `lint` reports) stays as typed, and one that is neither is unknown (exit 2).
fn anchor(location: &Location, index: &HashMap<String, PathBuf>, id: &str) -> Result<String> {
    if let Some((spelled, _)) = store::read::item_file(index, id) {
        return Ok(spelled);
    }
    let ranking = store::read::ranking(location, &mut Vec::new());
    let ranked: Vec<String> = ranking
        .iter()
        .flat_map(|r| r.ranked().map(|e| e.id.clone()))
        .collect();
    if ranked.iter().any(|r| r.eq_ignore_ascii_case(id)) {
        return Ok(id.to_owned());
    }
    let mut known = store::resolve::ids(index);
    known.extend(ranked);
    Err(store::resolve::unknown(location, id, known))
}

/// PRODUCT: a rank that lifts an unready item into the top N succeeds, and warns. Reads only
/// the config, the item and the items ranked above it.
fn unready(
    location: &Location,
    index: &HashMap<String, PathBuf>,
    id: &str,
    ranking_text: &str,
) -> Option<UnreadyView> {
    let config = store::read::config(location, &mut Vec::new())?;
    let ranking = store::read::ranking_from(ranking_text);
    let mut items = load::LazyItems::new(location, index);
    let item = items.get(id).cloned()?;
    let position = load::open_position(&item, &config, Some(&ranking), &mut items);
    let Some(ready::Trigger::Top { position, top }) = ready::trigger(&item, &config, position)
    else {
        return None;
    };
    let lacks: Vec<String> = ready::gaps(&item, &config)
        .into_iter()
        .map(|g| g.label)
        .collect();
    (!lacks.is_empty()).then(|| UnreadyView {
        id: id.to_owned(),
        position,
        top,
        lacks,
    })
}
