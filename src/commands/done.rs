//! `backlog done ID`: the item is done when the Definition of Done holds (every acceptance
//! criterion ticked); otherwise refused with the unticked criteria, unless `--force`.

use super::{Context, Outcome};
use crate::item::Change;
use crate::render;
use crate::store::{self, Edit, Intent};
use anyhow::Result;

/// Mark an item done, checking the Definition of Done.
///
/// Move the item to `done` (the first of backlog.toml's `done.states`). Refused (exit 1,
/// nothing written) while an acceptance criterion is unticked, listing them, unless --force.
/// With `unrank_closed = true` (the default) the item leaves ranking.txt in the same edit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item, such as MS-12 (letter case ignored).
    id: String,
    /// Mark it done even with criteria unticked (they are listed as a warning).
    #[arg(long)]
    force: bool,
    /// Refuse, rather than warn, when the item does not meet Ready either.
    #[arg(long)]
    strict: bool,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let held = store::resolve::held(&location, args.wait, &args.id)?;
    if let Some(done) = held.store.completed() {
        render::note(ctx.color, &done.note());
    }
    let state = store::done_state(&held.config)?;
    let target = held.target(args.strict && !args.force);
    let mut pending = Vec::new();
    let result = held.store.change_item(&target, |item| {
        pending = store::unticked(item, &held.config);
        Ok(Intent {
            edits: vec![Edit::Change(Change::Set("state".into(), state.into()))],
            require_done: !args.force,
        })
    });
    if result.is_err() && !pending.is_empty() && !args.force {
        let path = location.display(&held.path);
        render::note(ctx.color, &render::lifecycle::unticked(&path, &pending));
    }
    let report = result?;
    render::print(ctx.color, &render::lifecycle::changed(&report))?;
    render::note(ctx.color, &render::lifecycle::warnings(&report));
    Ok(Outcome::Clean)
}
