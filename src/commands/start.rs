//! `backlog start ID`: the item moves to `doing`, owned by the git identity unless it has an
//! owner.

use super::{Context, Outcome};
use crate::item::Change;
use crate::render;
use crate::store::{self, Edit, Intent};
use anyhow::Result;

/// Start working on an item: state → doing, owner → you unless it has one.
///
/// Move the item to `doing` (backlog.toml's state for work in progress) and, when it has no
/// owner, make the git identity (user.email, else user.name) its owner. Starting an item that
/// is not Ready warns with what it lacks; --strict refuses.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item, such as MS-12 (letter case ignored).
    id: String,
    /// Refuse, rather than warn, when the item does not meet Ready.
    #[arg(long)]
    strict: bool,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let held = store::resolve::held(&location, args.wait, &args.id)?;
    let state = store::start_state(&held.config)?;
    let me = held
        .store
        .repo()
        .and_then(|r| r.identity().owner().map(str::to_owned));
    let target = held.target(args.strict);
    let mut unowned = false;
    let report = held.store.change_item(&target, |item| {
        let mut edits = vec![Edit::Change(Change::Set("state".into(), state.into()))];
        let owned = item.owner().is_some();
        match (&me, owned) {
            (_, true) => {}
            (Some(me), false) => edits.push(Edit::Change(Change::Set(
                "owner".into(),
                me.as_str().into(),
            ))),
            (None, false) => unowned = true,
        }
        Ok(Intent {
            edits,
            require_done: false,
        })
    })?;
    render::print(ctx.color, &render::lifecycle::changed(&report))?;
    render::note(ctx.color, &render::lifecycle::warnings(&report));
    if unowned {
        render::note(ctx.color, &render::lifecycle::no_identity(&report.id));
    }
    Ok(Outcome::Clean)
}
