//! `backlog list`: the backlog in priority order with readiness at a glance.

use super::{Context, DataFormat, Outcome};
use crate::load::Backlog;
use crate::{ready, render};
use anyhow::Result;
use serde::Serialize;

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

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    state: &'a str,
    rank: Option<usize>,
    ready: bool,
    path: &'a str,
    /// What the item lacks, in short labels; empty when Ready.
    missing: Vec<String>,
    /// False when the file has a syntax problem; `backlog lint` says which.
    valid: bool,
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
    let rows: Vec<Row> = backlog
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
                id: &item.id,
                title: item.title(),
                kind: item.kind(),
                state: item.state(),
                rank: backlog.rank(&item.id),
                ready: valid && missing.is_empty(),
                path: &item.path,
                missing,
                valid,
            }
        })
        .collect();
    match args.format {
        DataFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                version: u32,
                items: Vec<Row<'a>>,
            }
            render::print(
                ctx.color,
                &render::json::document(&Doc {
                    version: 1,
                    items: rows,
                }),
            )?;
        }
        DataFormat::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.rank.map_or("-".into(), |n| n.to_string()),
                        r.id.to_owned(),
                        r.kind.to_owned(),
                        r.state.to_owned(),
                        if !r.valid {
                            "invalid (see lint)".into()
                        } else if config.is_closed(r.state) {
                            "-".into()
                        } else if r.ready {
                            "ready".into()
                        } else {
                            format!("no: {}", r.missing.join(", "))
                        },
                        r.title.to_owned(),
                    ]
                })
                .collect();
            render::print(
                ctx.color,
                &render::table::render(&["RANK", "ID", "KIND", "STATE", "READY", "TITLE"], &cells),
            )?;
        }
    }
    let problems = backlog.diagnostics.len();
    if problems > 0 {
        render::note(
            ctx.color,
            &format!(
                "note: {problems} file problem(s) found while reading; run `backlog lint` for details\n"
            ),
        );
    }
    Ok(Outcome::Clean)
}
