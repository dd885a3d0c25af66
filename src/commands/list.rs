//! `backlog list`: the backlog in priority order with readiness at a glance, filtered.

use super::filter::Filters;
use super::{Context, Outcome};
use crate::load::Backlog;
use crate::render::{self, list::ListView};
use anyhow::Result;
use clap::ValueEnum;

/// List items in priority order, with readiness at a glance.
///
/// List items in priority order: ranked ones by rank, then untriaged ones. The READY column
/// says what each item still lacks against its kind's Definition of Ready. Closed items (done,
/// dropped) are hidden unless --all; filters combine, an item must pass each one given.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    filters: Filters,
    /// `table` for people, `json` for scripts (see README for the JSON contract), `csv` for
    /// spreadsheets (RFC 4180; a cell starting with = + - @ gets a leading `'` so a
    /// spreadsheet never runs it as a formula).
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let backlog = Backlog::load(location)?;
    let selected = args.filters.select(&backlog, false)?;
    let limit = args.filters.limit.unwrap_or(usize::MAX);
    let view = ListView {
        items: selected.into_iter().take(limit).map(|s| s.row).collect(),
    };
    let out = match args.format {
        ListFormat::Json => render::list::json(&view),
        ListFormat::Table => render::list::table(&view, render::stdout_width()),
        ListFormat::Csv => render::list::csv(&view),
    };
    render::print(ctx.color, &out)?;
    if let Some(note) = render::list::problems_note(backlog.diagnostics.len()) {
        render::note(ctx.color, &note);
    }
    Ok(Outcome::Clean)
}
