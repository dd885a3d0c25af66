//! `backlog list`: the backlog in priority order with readiness at a glance.

use super::{Context, DataFormat, Outcome};
use crate::load::Backlog;
use crate::ready;
use crate::render::{self, list::ListView, list::Row};
use anyhow::Result;

/// List items in priority order, with readiness at a glance.
///
/// List items in priority order: ranked ones by rank, then untriaged ones. The READY column
/// says what each item still lacks against its kind's Definition of Ready.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only items in this state.
    #[arg(long, value_name = "STATE")]
    state: Option<String>,
    /// Only items of this kind.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// `table` for people, `json` for scripts (see README for the JSON contract).
    #[arg(long, value_enum, default_value_t = DataFormat::Table)]
    format: DataFormat,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let backlog = Backlog::load(location)?;
    let config = &backlog.config;
    for (flag, value, known) in [
        (
            "--state",
            &args.state,
            config.states.iter().collect::<Vec<_>>(),
        ),
        ("--kind", &args.kind, config.kinds.keys().collect()),
    ] {
        if let Some(v) = value
            && !known.contains(&v)
        {
            let names: Vec<&str> = known.iter().map(|s| s.as_str()).collect();
            anyhow::bail!(
                "{flag} `{v}` is not defined in backlog.toml; use one of: {}",
                names.join(", ")
            );
        }
    }
    let items: Vec<Row> = backlog
        .in_priority_order()
        .into_iter()
        .filter(|i| args.state.as_ref().is_none_or(|s| i.state() == s))
        .filter(|i| args.kind.as_ref().is_none_or(|k| i.kind() == k))
        .map(|item| {
            let valid = item.is_readable();
            let mut missing: Vec<String> = ready::gaps(item, config)
                .into_iter()
                .map(|g| g.label)
                .collect();
            if valid && !config.kinds.contains_key(item.kind()) {
                missing.insert(0, "kind".into());
            }
            Row {
                id: item.id.clone(),
                title: item.title().to_owned(),
                kind: item.kind().to_owned(),
                state: item.state().to_owned(),
                rank: backlog.rank(&item.id),
                ready: valid && missing.is_empty(),
                path: item.path.clone(),
                missing,
                valid,
                closed: config.is_closed(item.state()),
            }
        })
        .collect();
    let view = ListView { items };
    let out = match args.format {
        DataFormat::Json => render::list::json(&view),
        DataFormat::Table => render::list::table(&view),
    };
    render::print(ctx.color, &out)?;
    if let Some(note) = render::list::problems_note(backlog.diagnostics.len()) {
        render::note(ctx.color, &note);
    }
    Ok(Outcome::Clean)
}
