//! `backlog blame`: the current ranking, each line with who last placed it, when and why.

use super::{Context, Outcome, TextFormat};
use crate::history::{self, Snapshot, Timeline};
use crate::render::{self, history::BlameEntry, history::BlameView};
use anyhow::{Result, bail};

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
    // Through the checked reader: a symlinked ranking.txt is never followed. A ranking that
    // cannot be read is an error naming the path (as lint's finding does), never an empty blame.
    let abs = repo.location.ranking_path();
    let shown = repo.location.display(&abs);
    let mut problems = Vec::new();
    let current = match crate::load::read_ranking(&abs, &shown, &mut problems) {
        Some(source) => Snapshot::parse(&source.text),
        None => match problems.first() {
            Some(d) => bail!("{}: {}", d.path, d.message),
            None => bail!("{shown}: cannot be read"),
        },
    };
    let (timeline, committed) = match &repo.head {
        Some(head) => {
            let committed = repo
                .git
                .file_at(head, &repo.ranking)
                .map(|t| t.map(|t| Snapshot::parse(&t)).unwrap_or_default());
            // The full walk first: its notes and errors come before a failure to read HEAD's.
            let timeline = history::timeline_cached(&repo.git, &repo.ranking, head)?;
            let committed = committed?;
            (timeline, committed)
        }
        None => (Timeline::default(), Snapshot::default()),
    };
    if let Some(at) = &timeline.shallow_boundary {
        render::note(ctx.color, &render::history::shallow_note(at));
    }
    let entries = history::blame_in(&repo.git, &current, &committed, &timeline)
        .into_iter()
        .map(BlameEntry::from)
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
