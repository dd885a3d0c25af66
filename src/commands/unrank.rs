//! `backlog unrank`: take an item out of ranking.txt; it becomes untriaged.

use super::{Context, Outcome, checked_id};
use crate::render::{self, edit::UnrankView};
use crate::store::{self, Store};
use anyhow::Result;

/// Take an item out of the ranking (it becomes untriaged).
///
/// Take an item out of ranking.txt; it becomes untriaged.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item to unrank, such as MS-12.
    id: String,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    checked_id(&args.id)?;
    let store = Store::lock(&location, args.wait)?;
    if let Some(done) = store.completed() {
        render::note(ctx.color, &done.note());
    }
    let id = known_id(&location, &args.id)?;
    let change = store.edit_ranking(|r| r.unranked(&id))?;
    let view = UnrankView {
        id,
        from: change.from,
    };
    render::print(ctx.color, &render::edit::unranked(&view))?;
    let placed = crate::lint::placement::after_unrank(&location, &view.id, view.from, &change.text);
    render::note(ctx.color, &render::placement::warnings(&placed));
    Ok(Outcome::Clean)
}

/// The ID as ranking.txt or the item's file spells it; unknown to both is exit 2 with the
/// nearest IDs. A ranked line whose item is gone can still be unranked.
fn known_id(location: &crate::load::Location, typed: &str) -> Result<String> {
    let ranking = store::read::ranking(location, &mut Vec::new());
    let ranked: Vec<String> = ranking
        .iter()
        .flat_map(|r| r.ranked().map(|e| e.id.clone()))
        .collect();
    if let Some(id) = ranked.iter().find(|r| r.eq_ignore_ascii_case(typed)) {
        return Ok(id.clone());
    }
    let index = crate::load::index(location)?;
    if let Some((spelled, _)) = store::read::item_file(&index, typed) {
        return Ok(spelled);
    }
    let mut known = store::resolve::ids(&index);
    known.extend(ranked);
    Err(store::resolve::unknown(location, typed, known))
}
