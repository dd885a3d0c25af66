//! `backlog drop ID --reason TEXT`: the item will not be done; why is recorded in it.

use super::{Context, Outcome};
use crate::item::Change;
use crate::render;
use crate::store::{self, Edit, Intent, Refused};
use anyhow::Result;

/// The frontmatter key that records why an item was dropped.
pub const REASON_KEY: &str = "drop_reason";

/// Drop an item, recording why.
///
/// Move the item to `dropped` (backlog.toml's closed state that is not done) and record the
/// reason in its frontmatter as `drop_reason`. With `unrank_closed = true` (the default) the
/// item leaves ranking.txt in the same edit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item, such as MS-12 (letter case ignored).
    id: String,
    /// Why it will not be done; one line, kept in the item as `drop_reason`.
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let reason = args.reason.trim();
    if reason.is_empty() || reason.chars().any(char::is_control) {
        return Err(Refused(
            "--reason must be one line of text without control characters; nothing was changed"
                .into(),
        )
        .into());
    }
    let location = ctx.location()?;
    let held = store::resolve::held(&location, args.wait, &args.id)?;
    if let Some(done) = held.store.completed() {
        render::note(ctx.color, &done.note());
    }
    let state = store::drop_state(&held.config)?;
    let target = held.target(false);
    let report = held.store.change_item(&target, |_| {
        Ok(Intent {
            edits: vec![
                Edit::Change(Change::Set("state".into(), state.into())),
                Edit::Change(Change::Set(REASON_KEY.into(), reason.into())),
            ],
            require_done: false,
        })
    })?;
    render::print(ctx.color, &render::lifecycle::changed(&report))?;
    render::note(ctx.color, &render::lifecycle::warnings(&report));
    Ok(Outcome::Clean)
}
