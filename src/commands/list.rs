//! `backlog list`: the backlog in priority order with readiness at a glance, filtered.

use super::filter::Filters;
use super::{Context, Outcome};
use crate::index::{WorkIndex, judge};
use crate::load::{Backlog, Item};
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
    let mut index = WorkIndex::open(&location, !ctx.no_cache);
    if let Some(note) = &index.note {
        render::note(ctx.color, &format!("note: {note}\n"));
    }
    let gaps = |b: &Backlog, i: &Item| super::filter::row(b, i).missing;
    let (backlog, known) = judge::list(&mut index, location, &gaps)?;
    if let Some(stats) = index.stats() {
        render::note(ctx.color, &stats);
    }
    index.save(&backlog);
    // Readiness of an item without its text comes from the index: filter on it after.
    let mut filters = args.filters.clone();
    filters.ready = false;
    filters.not_ready = false;
    let selected = filters.select(&backlog, false)?;
    let limit = args.filters.limit.unwrap_or(usize::MAX);
    let rows = selected.into_iter().map(|s| {
        let mut row = s.row;
        if let Some(missing) = known.get(&row.path) {
            row.ready = row.valid && missing.is_empty();
            row.missing = missing.clone();
        }
        row
    });
    let view = ListView {
        items: rows
            .filter(|r| !args.filters.ready || r.ready)
            .filter(|r| !args.filters.not_ready || !r.ready)
            .take(limit)
            .collect(),
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
