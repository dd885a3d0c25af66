//! `backlog new KIND TITLE`: create an item from its template with the next free ID.

use super::{Context, Outcome, Refused};
use crate::ranking::Position;
use crate::render::{self, edit::CreatedView};
use crate::store::{self, Store};
use crate::{numbering, templates};
use anyhow::{Context as _, Result, bail};

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
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
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
    let config = store::read::trusted_config(&location)?;
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
    let store = Store::lock(&location, args.wait)?;
    if let Some(done) = store.completed() {
        render::note(ctx.color, &done.note());
    }
    let id = numbering::next_id(&location, &config, store.repo())?;
    let template = store::read::template(&location, &args.kind, kind.template.as_deref())?;
    let content = templates::fill(&template, title, &args.kind, config.first_state())
        .with_context(|| format!("cannot fill in the template of `{}`", args.kind))?;
    let identity = store
        .repo()
        .filter(|_| config.owner_from_git)
        .map(|r| r.identity());
    let content = match identity.as_ref().and_then(|i| i.owner()) {
        Some(owner) => templates::fill_owner(&content, owner)
            .with_context(|| format!("cannot fill in the owner of `{}`", args.kind))?,
        None => content,
    };
    // Refuse to write what we could not read back.
    if let Some(why) = templates::unreadable(&content) {
        let why = if why.is_empty() {
            why
        } else {
            format!(": {why}")
        };
        return Err(Refused(format!(
            "the template of `{}` gives an invalid item{why}",
            args.kind
        ))
        .into());
    }
    let created = store.create_item(
        &id,
        &numbering::file_name(&id, title),
        &content,
        args.rank.as_ref(),
    )?;
    let view = CreatedView {
        path: location.display(&created.path),
        rank: created.rank,
        id,
    };
    if let Some(note) = render::edit::created_rank(&view) {
        render::note(ctx.color, &note);
    }
    render::print(ctx.color, &render::edit::created(&view))?;
    Ok(Outcome::Clean)
}
