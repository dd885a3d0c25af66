//! `backlog history ID` and `backlog blame`: who changed an item's place, when and why.

use super::{Context, Outcome, TextFormat};
use crate::history::{self, Event, Snapshot, Timeline};
use crate::{render, sanitize};
use anyhow::{Result, bail};
use serde::Serialize;

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

/// The current ranking with who last placed each item, and why.
///
/// The current ranking, each line with who last placed it, when, and why.
#[derive(Debug, clap::Args)]
pub struct BlameArgs {
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
}

fn shallow_note(ctx: &Context, timeline: &Timeline) {
    if let Some(at) = &timeline.shallow_boundary {
        render::note(
            ctx.color,
            &format!(
                "note: this is a shallow clone; history stops at commit {}\nhint: `git fetch --unshallow` for the whole history\n",
                short(at)
            ),
        );
    }
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
        render::note(ctx.color, "no commits yet: the ranking has no history\n");
        return print_history(ctx, &args, &[], None);
    };
    let timeline = history::timeline_cached(&repo.git, &repo.ranking, head)?;
    shallow_note(ctx, &timeline);
    let mut events: Vec<&Event> = timeline
        .events
        .iter()
        .filter(|e| e.id.eq_ignore_ascii_case(&args.id))
        .collect();
    if let Some(limit) = args.limit {
        let skip = events.len().saturating_sub(limit);
        events.drain(..skip);
    }
    print_history(ctx, &args, &events, timeline.shallow_boundary.as_deref())
}

fn print_history(
    ctx: &Context,
    args: &Args,
    events: &[&Event],
    boundary: Option<&str>,
) -> Result<Outcome> {
    match args.format {
        TextFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                version: u32,
                id: &'a str,
                events: &'a [&'a Event],
                /// The commit where a shallow clone's history stops, or null.
                shallow_boundary: Option<&'a str>,
            }
            let doc = Doc {
                version: 1,
                id: &args.id,
                events,
                shallow_boundary: boundary,
            };
            render::print(ctx.color, &render::json::document(&doc))?;
        }
        TextFormat::Text => {
            let mut out = String::new();
            if events.is_empty() {
                out.push_str(&format!(
                    "{}: no priority changes\n",
                    sanitize::line(&args.id)
                ));
            }
            for e in events {
                out.push_str(&format!(
                    "{}  {:<8}  {:<20}  {:<16}  {}\n",
                    date(&e.commit.time),
                    short(&e.commit.commit),
                    sanitize::line(&e.commit.author),
                    movement(e.from, e.to),
                    sanitize::line(e.reason.as_deref().unwrap_or("")),
                ));
            }
            render::print(ctx.color, &out)?;
        }
    }
    Ok(Outcome::Clean)
}

#[derive(Serialize)]
struct BlameEntry<'a> {
    id: &'a str,
    rank: usize,
    /// Null when the line's current place is not committed yet.
    commit: Option<&'a str>,
    author: Option<&'a str>,
    email: Option<&'a str>,
    time: Option<&'a str>,
    reason: Option<&'a str>,
    #[serde(skip)]
    uncommitted: bool,
}

pub fn run_blame(ctx: &Context, args: BlameArgs) -> Result<Outcome> {
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
    shallow_note(ctx, &timeline);
    // Lines whose place or reason differs from HEAD have no commit yet, as in `git blame`.
    let uncommitted: std::collections::HashSet<String> = history::changes(&committed, &current)
        .into_iter()
        .map(|c| c.key)
        .collect();
    let mut latest: std::collections::HashMap<String, &Event> = std::collections::HashMap::new();
    for event in &timeline.events {
        latest.insert(event.id.to_ascii_lowercase(), event);
    }
    let keys: Vec<(String, String)> = current
        .keys()
        .into_iter()
        .map(|key| {
            let written = current.written(&key);
            (key, written)
        })
        .collect();
    let entries: Vec<BlameEntry> = keys
        .iter()
        .enumerate()
        .map(|(i, (key, written))| {
            let event = latest.get(key).filter(|_| !uncommitted.contains(key));
            BlameEntry {
                id: written,
                rank: i + 1,
                commit: event.map(|e| e.commit.commit.as_str()),
                author: event.map(|e| e.commit.author.as_str()),
                email: event.map(|e| e.commit.email.as_str()),
                time: event.map(|e| e.commit.time.as_str()),
                reason: if uncommitted.contains(key) {
                    current.reason(key)
                } else {
                    event.and_then(|e| e.reason.as_deref())
                },
                uncommitted: uncommitted.contains(key),
            }
        })
        .collect();
    match args.format {
        TextFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                version: u32,
                entries: &'a [BlameEntry<'a>],
                shallow_boundary: Option<&'a str>,
            }
            let doc = Doc {
                version: 1,
                entries: &entries,
                shallow_boundary: timeline.shallow_boundary.as_deref(),
            };
            render::print(ctx.color, &render::json::document(&doc))?;
        }
        TextFormat::Text => {
            let mut out = String::new();
            for e in &entries {
                let who = match (e.commit, e.author, e.time) {
                    (Some(c), Some(a), Some(t)) => {
                        format!("{}  {:<8}  {:<20}", date(t), short(c), sanitize::line(a))
                    }
                    _ if e.uncommitted => {
                        format!("{:<10}  {:<8}  {:<20}", "-", "-", "not committed yet")
                    }
                    // Placed before a shallow clone's boundary.
                    _ => format!("{:<10}  {:<8}  {:<20}", "-", "-", "(before history)"),
                };
                out.push_str(&format!(
                    "{:>4}  {:<8}  {who}  {}\n",
                    e.rank,
                    sanitize::line(e.id),
                    sanitize::line(e.reason.unwrap_or(""))
                ));
            }
            render::print(ctx.color, &out)?;
        }
    }
    Ok(Outcome::Clean)
}

/// `#5 → #2 (up 3)`, `untriaged → #4`, `#3 → untriaged`, `#2 (reason)`.
pub fn movement(from: Option<usize>, to: Option<usize>) -> String {
    match (from, to) {
        (Some(f), Some(t)) if f == t => format!("#{t} (reason)"),
        (Some(f), Some(t)) if t < f => format!("#{f} → #{t} (up {})", f - t),
        (Some(f), Some(t)) => format!("#{f} → #{t} (down {})", t - f),
        (None, Some(t)) => format!("untriaged → #{t}"),
        (Some(f), None) => format!("#{f} → untriaged"),
        (None, None) => String::new(),
    }
}

pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(8)]
}

fn date(time: &str) -> &str {
    &time[..time.len().min(10)]
}
