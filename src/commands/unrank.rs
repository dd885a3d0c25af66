//! `backlog unrank`: take an item out of ranking.txt; it becomes untriaged.

use super::{Context, Outcome, checked_id};
use crate::render::{self, edit::UnrankView};
use crate::store::Store;
use anyhow::Result;

/// Take an item out of the ranking (it becomes untriaged).
///
/// Take an item out of ranking.txt; it becomes untriaged.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item to unrank, such as MS-12.
    id: String,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let id = checked_id(&args.id)?.to_owned();
    let change = Store::lock(&location, args.wait)?.edit_ranking(|r| r.unranked(&id))?;
    let view = UnrankView {
        id,
        from: change.from,
    };
    render::print(ctx.color, &render::edit::unranked(&view))?;
    Ok(Outcome::Clean)
}
