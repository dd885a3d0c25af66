//! `backlog blame`: the current ranking, each line with who last placed it, when and why.

use super::{Context, Outcome, TextFormat};
use crate::history::{self, Event, Snapshot, Timeline};
use crate::render::{self, history::BlameEntry, history::BlameView};
use anyhow::Result;
use std::collections::{HashMap, HashSet};

/// The current ranking with who last placed each item, and why.
///
/// The current ranking, each line with who last placed it, when, and why.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let repo = ctx.repo()?;
    // Through the checked reader: a symlinked ranking.txt is never followed.
    let current = crate::load::read_ranking(&repo.location.ranking_path(), "", &mut Vec::new())
        .map(|s| Snapshot::parse(&s.text))
        .unwrap_or_default();
    let (timeline, committed) = match &repo.head {
        Some(head) => {
            let timeline = history::timeline_cached(&repo.git, &repo.ranking, head)?;
            let committed = repo
                .git
                .file_at(head, &repo.ranking)?
                .map(|t| Snapshot::parse(&t))
                .unwrap_or_default();
            (timeline, committed)
        }
        None => (Timeline::default(), Snapshot::default()),
    };
    if let Some(at) = &timeline.shallow_boundary {
        render::note(ctx.color, &render::history::shallow_note(at));
    }
    // Lines whose place or reason differs from HEAD have no commit yet, as in `git blame`.
    let uncommitted: HashSet<String> = history::changes(&committed, &current)
        .into_iter()
        .map(|c| c.key)
        .collect();
    let mut latest: HashMap<String, &Event> = HashMap::new();
    for event in &timeline.events {
        latest.insert(event.id.to_ascii_lowercase(), event);
    }
    let entries = current
        .keys()
        .into_iter()
        .enumerate()
        .map(|(i, key)| {
            let fresh = uncommitted.contains(&key);
            let event = latest.get(&key).filter(|_| !fresh);
            let field = |f: fn(&Event) -> &str| event.map(|e| f(e).to_owned());
            BlameEntry {
                id: current.written(&key),
                rank: i + 1,
                commit: field(|e| &e.commit.commit),
                author: field(|e| &e.commit.author),
                email: field(|e| &e.commit.email),
                time: field(|e| &e.commit.time),
                reason: if fresh {
                    current.reason(&key).map(str::to_owned)
                } else {
                    event.and_then(|e| e.reason.clone())
                },
                uncommitted: fresh,
            }
        })
        .collect();
    let view = BlameView {
        entries,
        shallow_boundary: timeline.shallow_boundary,
    };
    let out = match args.format {
        TextFormat::Json => render::history::blame_json(&view),
        TextFormat::Text => render::history::blame_text(&view),
    };
    render::print(ctx.color, &out)?;
    Ok(Outcome::Clean)
}
