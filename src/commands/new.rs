//! `backlog new KIND TITLE`: create an item from its template with the next free ID.

use super::{Context, Outcome, Refused};
use crate::config::Config;
use crate::load::{self, Location};
use crate::lock::Lock;
use crate::ranking::Position;
use crate::{git, item, numbering, render, templates, text, write};
use anyhow::{Context as _, Result, bail};
use std::time::Duration;

/// Create an item from its template with the next free ID.
///
/// Create an item from its kind's template with the next free ID (free in the work tree, in
/// every local and remote-tracking branch, and in the ranking), and print its path.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The kind of item, as named in backlog.toml (story, bug, spike, debt, epic by default).
    kind: String,
    /// A short title; the file name's slug is made from it.
    title: String,
    /// Rank the new item at once: `top`, `bottom`, or a 1-based position. Without it the
    /// item is untriaged.
    #[arg(long, value_name = "WHERE", value_parser = parse_rank)]
    rank: Option<Position>,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

fn parse_rank(text: &str) -> Result<Position, String> {
    match text {
        "top" => Ok(Position::Top),
        "bottom" => Ok(Position::Bottom),
        n => match n.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Position::To(n)),
            _ => Err("expected top, bottom or a position from 1".into()),
        },
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let config = read_config(&location)?;
    let title = args.title.trim();
    if title.is_empty() {
        bail!("the title is empty; give a short summary of the item");
    }
    if title.chars().any(|c| c.is_control()) {
        bail!(
            "the title contains control characters (newlines, tabs, escapes); give it on one line"
        );
    }
    let Some(kind) = config.kinds.get(&args.kind) else {
        let kinds: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
        bail!(
            "unknown kind `{}`; backlog.toml defines: {}",
            args.kind,
            kinds.join(", ")
        );
    };
    let repo = git::Repo::discover(&location.root)?;
    let _lock = Lock::acquire(
        repo.as_ref().map(|r| r.git_dir()).as_deref(),
        &location.config_path(),
        Duration::from_secs_f64(args.wait.clamp(0.0, 3600.0)),
    )?;
    let id = numbering::next_id(&location, &config, repo.as_ref())?;
    let template = match &kind.template {
        Some(rel) => {
            let path = location.root.join(rel);
            match text::read_checked(&path) {
                Ok(source) => source.text,
                Err((text::ReadProblem::Io(e), _)) if e.kind() == std::io::ErrorKind::NotFound => {
                    templates::builtin(&args.kind)
                }
                Err((problem, _)) => bail!(
                    "cannot use the template {}: {}",
                    path.display(),
                    problem.code()
                ),
            }
        }
        None => templates::builtin(&args.kind),
    };
    let content = templates::fill(&template, title, &args.kind, config.first_state())
        .with_context(|| format!("cannot fill in the template of `{}`", args.kind))?;
    // Refuse to write what we could not read back.
    let mut problems = Vec::new();
    let source = text::Source::new(content.clone());
    let parsed = item::parse(&source, "new item", &mut problems);
    if parsed.layout.is_none() || !problems.is_empty() {
        let first = problems
            .first()
            .map_or(String::new(), |d| format!(": {}", d.message));
        return Err(Refused(format!(
            "the template of `{}` gives an invalid item{first}",
            args.kind
        ))
        .into());
    }
    let dir = location.items_dir();
    write::create_dir(&dir)?;
    let path = dir.join(numbering::file_name(&id, title));
    write::check_no_symlinks(&location.root, &path)?;
    // Check the rank before creating anything, so a bad position leaves no orphan file.
    if let Some(position) = &args.rank {
        check_rank(&location, &id, position)?;
    }
    write::create_new(&path, content.as_bytes())?;
    if let Some(position) = &args.rank {
        let rank = match super::rank::rank_new(&location, &id, position) {
            Ok(rank) => rank,
            Err(e) => {
                // All or nothing: take back the item we just created.
                return Err(match std::fs::remove_file(&path) {
                    Ok(()) => e.context(format!(
                        "{id} could not be ranked, so it was not created either"
                    )),
                    Err(_) => e.context(format!(
                        "{id} was created but could not be ranked; rank it with `backlog rank {id}`"
                    )),
                });
            }
        };
        render::note(ctx.color, &format!("{id}: ranked #{rank}\n"));
    }
    render::print(
        ctx.color,
        &format!("{}\n", crate::sanitize::line(&location.display(&path))),
    )?;
    Ok(Outcome::Clean)
}

/// Refuses a `--rank` that the ranking cannot take (a position out of range, a conflict).
fn check_rank(location: &Location, id: &str, position: &Position) -> Result<()> {
    let path = location.ranking_path();
    let display = location.display(&path);
    let mut problems = Vec::new();
    let Some(source) = load::read_ranking(&path, &display, &mut problems) else {
        bail!("cannot read {display}; create it (an empty file will do)");
    };
    let ranking = crate::ranking::Ranking::parse(source, &display, &mut problems);
    ranking
        .moved(id, position, &crate::ranking::Reason::Keep)
        .map(|_| ())
        .map_err(|e| Refused(format!("{display}: {e}; nothing was created")).into())
}

fn read_config(location: &Location) -> Result<Config> {
    let path = location.config_path();
    let display = location.display(&path);
    let mut problems = Vec::new();
    let config = load::read(&path, &display, &mut problems)
        .map(|source| Config::parse(&source, &display, &mut problems));
    match (config, problems.first()) {
        (Some(config), None) => Ok(config),
        (_, Some(d)) => Err(Refused(format!(
            "{}:{}:{}: {} (run `backlog lint` for details)",
            d.path, d.line, d.column, d.message
        ))
        .into()),
        (None, None) => bail!("cannot read {display}"),
    }
}
