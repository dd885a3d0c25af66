//! `backlog history ID`: who changed an item's place, when and why.

use super::{Context, Outcome, TextFormat};
use crate::history::{self, Event};
use crate::render::{self, history::HistoryView};
use crate::sanitize;
use anyhow::{Result, bail};

/// Who changed an item's place, when, and why.
///
/// Every change of an item's place in ranking.txt, oldest first: when, who, from → to, why.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item, such as MS-12.
    id: String,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
    /// Show only the N most recent changes.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    if !crate::id::is_valid_id(&args.id) {
        bail!(
            "`{}` is not an item ID (expected PREFIX-NUMBER, such as MS-12)",
            sanitize::line(&args.id)
        );
    }
    let repo = ctx.repo()?;
    let Some(head) = &repo.head else {
        render::note(ctx.color, render::history::NO_COMMITS);
        let view = HistoryView {
            id: args.id,
            events: Vec::new(),
            shallow_boundary: None,
        };
        return print(ctx, args.format, &view);
    };
    let timeline = history::timeline_cached(&repo.git, &repo.ranking, head)?;
    if let Some(at) = &timeline.shallow_boundary {
        render::note(ctx.color, &render::history::shallow_note(at));
    }
    let mut events = with_renames(&timeline.events, &args.id);
    // An ID with no history must still be an item; else the nearest IDs there are.
    let index = crate::load::index(&repo.location)?;
    let id = match crate::store::read::item_file(&index, &args.id) {
        Some((spelled, _)) => spelled,
        None => match events.last() {
            Some(e) => {
                render::note(
                    ctx.color,
                    &format!(
                        "note: {} is not an item now; this is the history it had\n",
                        sanitize::line(&e.id)
                    ),
                );
                e.id.clone()
            }
            None => {
                let mut known = crate::store::resolve::ids(&index);
                known.extend(timeline.events.iter().map(|e| e.id.clone()));
                return Err(crate::store::resolve::unknown(
                    &repo.location,
                    &args.id,
                    known,
                ));
            }
        },
    };
    if let Some(limit) = args.limit {
        let skip = events.len().saturating_sub(limit);
        events.drain(..skip);
    }
    let view = HistoryView {
        id,
        events,
        shallow_boundary: timeline.shallow_boundary,
    };
    print(ctx, args.format, &view)
}

/// The events of `id`, and, where a renumber gave the item this ID, the events of the ID it
/// had before (and so on back), oldest first.
fn with_renames(all: &[Event], id: &str) -> Vec<Event> {
    let mut names = vec![id.to_ascii_lowercase()];
    // Walk back: each rename into a name we follow adds the older name, for events before it.
    let mut until: Vec<usize> = vec![all.len()];
    for (i, e) in all.iter().enumerate().rev() {
        let Some(old) = &e.renamed_from else { continue };
        if let Some(k) = names.iter().position(|n| n.eq_ignore_ascii_case(&e.id))
            && i < until[k]
            && !names.iter().any(|n| n.eq_ignore_ascii_case(old))
        {
            names.push(old.to_ascii_lowercase());
            until.push(i);
        }
    }
    all.iter()
        .enumerate()
        .filter(|(i, e)| {
            names
                .iter()
                .zip(&until)
                .any(|(n, &u)| e.id.eq_ignore_ascii_case(n) && (*i < u || n == &names[0]))
        })
        .map(|(_, e)| e.clone())
        .collect()
}

fn print(ctx: &Context, format: TextFormat, view: &HistoryView) -> Result<Outcome> {
    let out = match format {
        TextFormat::Json => render::history::history_json(view),
        TextFormat::Text => render::history::history_text(view),
    };
    render::print(ctx.color, &out)?;
    Ok(Outcome::Clean)
}
