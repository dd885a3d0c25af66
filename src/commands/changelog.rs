//! `backlog changelog`: the items finished in a period, with who worked on them and the value
//! they bring, grouped by release tag or week: the team's joint wins for a sprint review.

use super::{Context, DiffFormat, Outcome};
use crate::economics::changelog::{Since, finished, group};
use crate::economics::states::States;
use crate::economics::{date, parse_date};
use crate::load::{Backlog, ITEMS_DIR};
use crate::render::{self, changelog::*};
use crate::sanitize;
use anyhow::{Result, bail};

/// List the items finished in a period and who worked on them.
///
/// An item is finished when a commit moves its file into a done state. Its people are the
/// authors (through .mailmap) of the commits that touched the file until then. Groups are the
/// first release tag containing the finishing commit, or the week when there are no tags.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only items finished on or after this date (YYYY-MM-DD) or after this revision.
    #[arg(long, value_name = "DATE|REV")]
    since: Option<String>,
    /// `markdown` to paste into a review, `text` for a terminal, `json` for scripts.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let repo = ctx.repo()?;
    let Some(head) = repo.head.clone() else {
        bail!("the repository has no commits yet: the changelog comes from git history");
    };
    let since = match &args.since {
        None => Since::All,
        Some(text) => match parse_date(text).filter(|_| text.contains('-') && text.len() == 10) {
            Some(t) => Since::Time(t),
            None => match repo.git.resolve(text) {
                Ok(rev) => Since::Commits(repo.git.reachable(&rev)?),
                Err(_) => bail!(
                    "--since {}: neither a date (YYYY-MM-DD) nor a revision of this repository",
                    sanitize::line(text)
                ),
            },
        },
    };
    let backlog = Backlog::load(repo.location.clone())?;
    let dir = match repo.backlog_dir() {
        d if d.is_empty() => ITEMS_DIR.to_owned(),
        d => format!("{d}/{ITEMS_DIR}"),
    };
    let states = States::read_cached(&repo.git, &dir, &head)?;
    let done = finished(&backlog, &states, &since);
    let tags = repo.git.tags()?;
    let items = crate::economics::by_id(&backlog);
    let groups = group(&repo.git, done, &tags)
        .into_iter()
        .map(|g| GroupView {
            label: g.label,
            kind: g.kind,
            items: g
                .items
                .into_iter()
                .map(|f| {
                    let item = items.get(&f.id.to_ascii_lowercase()).copied();
                    EntryView {
                        title: item.map(|i| i.title().to_owned()),
                        value: item
                            .and_then(|i| i.parsed.fields.value.as_ref())
                            .map(|v| v.value.trim().to_owned())
                            .filter(|v| !v.is_empty()),
                        id: f.id,
                        finished: date(f.time),
                        commit: f.commit,
                        authors: f
                            .authors
                            .into_iter()
                            .map(|(name, email)| Author { name, email })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let view = ChangelogView {
        since: args.since.clone(),
        groups,
    };
    let out = match args.format {
        DiffFormat::Markdown => render::changelog::markdown(&view),
        DiffFormat::Text => render::changelog::text(&view),
        DiffFormat::Json => render::changelog::json(&view),
    };
    render::print(ctx.color, &out)?;
    Ok(Outcome::Clean)
}
