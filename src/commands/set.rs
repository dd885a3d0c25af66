//! `backlog set ID KEY=VALUE...`: change frontmatter values in place, typed as the schema
//! says, keeping every other byte; a change of state is judged by the order of the states.

use super::{Context, Outcome};
use crate::item::{self, Change};
use crate::render;
use crate::store::{self, Edit, Intent};
use anyhow::{Result, bail};

/// Change frontmatter fields of an item, keeping every other byte.
///
/// Set frontmatter fields: `KEY=VALUE` sets a value (typed as the item schema says:
/// `estimate=5` is a number), `KEY+=VALUE` and `KEY-=VALUE` add to or take from a list
/// (`tags+=ux`, `depends_on+=MS-7`; several at once with commas). Comments, key order,
/// quoting and line endings stay as they were. An unknown state or kind, a value of the wrong
/// type, or a dependency on a missing item or one that makes a circle is refused (exit 1,
/// nothing written); a malformed KEY=VALUE or an unknown ID exits 2. Moving into a state that
/// needs Ready (or Done) warns with what the item lacks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item, such as MS-12 (letter case ignored).
    id: String,
    /// KEY=VALUE, KEY+=VALUE or KEY-=VALUE, applied in order.
    #[arg(value_name = "KEY=VALUE")]
    assignments: Vec<String>,
    /// Remove KEY from the frontmatter (may be given more than once).
    #[arg(long, value_name = "KEY")]
    unset: Vec<String>,
    /// Refuse, rather than warn, a state whose requirements the item does not meet.
    #[arg(long)]
    strict: bool,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    if args.assignments.is_empty() && args.unset.is_empty() {
        bail!("say what to change: KEY=VALUE, KEY+=VALUE, KEY-=VALUE or --unset KEY");
    }
    let mut edits = Vec::new();
    for arg in &args.assignments {
        match item::parse_assignment(arg) {
            Ok(a) => edits.push(Edit::Assign(a)),
            Err(e) => bail!("`{}`: {e}", crate::sanitize::line(arg)),
        }
    }
    for key in &args.unset {
        if let Err(e) = item::check_key(key) {
            bail!("--unset {}: {e}", crate::sanitize::line(key));
        }
        edits.push(Edit::Change(Change::Unset(key.clone())));
    }
    let location = ctx.location()?;
    let held = store::resolve::held(&location, args.wait, &args.id)?;
    if let Some(done) = held.store.completed() {
        render::note(ctx.color, &done.note());
    }
    let target = held.target(args.strict);
    let report = held.store.change_item(&target, |_| {
        Ok(Intent {
            edits,
            require_done: false,
        })
    })?;
    render::print(ctx.color, &render::lifecycle::changed(&report))?;
    render::note(ctx.color, &render::lifecycle::warnings(&report));
    Ok(Outcome::Clean)
}
