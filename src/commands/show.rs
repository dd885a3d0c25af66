//! `backlog show ID`: one item, its rank and reason, its readiness and what it lacks.
//!
//! Reads only what it needs (the config, the ranking, this item, its dependencies and the
//! items ranked above it) so it stays fast on large backlogs.

use super::{Context, Outcome, TextFormat};
use crate::load;
use crate::{ready, render, sanitize, store};
use anyhow::{Result, bail};
use serde::Serialize;

/// Show one item: rank and reason, readiness, what it lacks.
///
/// Show one item: its fields, rank and reason, readiness and what it lacks, then its body.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's ID, such as MS-12 (letter case ignored).
    id: String,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
}

#[derive(Serialize)]
struct Gap {
    rule: &'static str,
    label: String,
    message: String,
    help: Option<String>,
}

#[derive(Serialize)]
struct Dependency {
    id: String,
    state: Option<String>,
}

#[derive(Serialize)]
struct Shown<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    state: &'a str,
    owner: Option<&'a str>,
    estimate: Option<i64>,
    rank: Option<usize>,
    reason: Option<&'a str>,
    ready: bool,
    /// Why Ready is required of it now, or null.
    ready_required: Option<String>,
    missing: Vec<Gap>,
    criteria: Criteria,
    depends_on: Vec<Dependency>,
    break_even_weeks: Option<f64>,
    /// True for done or dropped items: readiness no longer applies.
    closed: bool,
    path: &'a str,
    /// Problems in the file itself (syntax, types); `backlog lint` shows them in full.
    problems: Vec<String>,
}

#[derive(Serialize)]
struct Criteria {
    total: usize,
    ticked: usize,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    if !crate::id::is_valid_id(&args.id) {
        bail!(
            "`{}` is not an item ID (expected PREFIX-NUMBER, such as MS-12)",
            sanitize::line(&args.id)
        );
    }
    let location = ctx.location()?;
    let mut problems = Vec::new();
    let config = store::read::config(&location, &mut problems).unwrap_or_default();
    let index = load::index(&location)?;
    let ranking = store::read::ranking(&location, &mut problems);
    let Some((id, abs)) = store::read::item_file(&index, &args.id) else {
        bail!(
            "no item {} in {}",
            sanitize::line(&args.id),
            location.display(&location.items_dir())
        );
    };
    let mut reader = load::LazyItems::new(&location, &index);
    let mut item_problems = Vec::new();
    let item = load::read_item(&id, abs, location.display(abs), &mut item_problems);
    let rank = ranking.as_ref().and_then(|r| r.rank(&item.id));
    let position =
        rank.and_then(|_| load::open_position(&item, &config, ranking.as_ref(), &mut reader));
    let trigger = ready::trigger(&item, &config, position);
    let gaps = ready::gaps(&item, &config);
    let f = &item.parsed.fields;
    let criteria: Vec<_> = item.parsed.criteria_in(&config.criteria_section).collect();
    let shown = Shown {
        id: &item.id,
        title: item.title(),
        kind: item.kind(),
        state: item.state(),
        owner: f
            .owner
            .as_ref()
            .map(|o| o.value.as_str())
            .filter(|o| !o.trim().is_empty()),
        estimate: f.estimate.as_ref().map(|e| e.value),
        rank,
        reason: ranking.as_ref().and_then(|r| {
            r.ranked()
                .find(|e| e.id.eq_ignore_ascii_case(&item.id))
                .and_then(|e| e.reason.as_deref())
        }),
        ready: item.is_readable() && config.kinds.contains_key(item.kind()) && gaps.is_empty(),
        ready_required: trigger.map(|t| t.to_string()),
        missing: gaps
            .into_iter()
            .map(|g| Gap {
                rule: g.diagnostic.rule,
                label: g.label,
                message: g.diagnostic.message,
                help: g.diagnostic.help,
            })
            .collect(),
        criteria: Criteria {
            total: criteria.len(),
            ticked: criteria.iter().filter(|c| c.checked).count(),
        },
        depends_on: f
            .depends_on
            .iter()
            .map(|d| Dependency {
                id: d.value.clone(),
                state: reader.get(&d.value).map(|i| i.state().to_owned()),
            })
            .collect(),
        break_even_weeks: ready::break_even_weeks(&item),
        closed: config.is_closed(item.state()),
        path: &item.path,
        problems: item_problems
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{}: {}[{}]: {}",
                    d.path,
                    d.line,
                    d.column,
                    d.severity.as_str(),
                    d.rule,
                    d.message
                )
            })
            .collect(),
    };
    match args.format {
        TextFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                version: u32,
                item: Shown<'a>,
            }
            render::print(
                ctx.color,
                &render::json::document(&Doc {
                    version: 1,
                    item: shown,
                }),
            )?;
        }
        TextFormat::Text => {
            let body = item
                .parsed
                .layout
                .as_ref()
                .zip(item.source.as_ref())
                .map_or("", |(l, s)| &s.text[l.body.clone()]);
            let total = ranking.as_ref().map_or(0, |r| r.len());
            render::print(ctx.color, &text(&shown, total, body))?;
        }
    }
    Ok(Outcome::Clean)
}

fn text(s: &Shown, ranked: usize, body: &str) -> String {
    let l = |t: &str| sanitize::line(t).into_owned();
    let mut out = format!("{}  {}\n", l(s.id), l(s.title));
    let mut field = |name: &str, value: String| out.push_str(&format!("  {name:<10} {value}\n"));
    field("path", l(s.path));
    field("kind", l(s.kind));
    field("state", l(s.state));
    field(
        "rank",
        match (s.rank, s.reason) {
            (Some(r), Some(why)) => format!("#{r} of {ranked}: {}", l(why)),
            (Some(r), None) => format!("#{r} of {ranked} (no reason given)"),
            (None, _) if s.closed => "not ranked".into(),
            (None, _) => "untriaged (not in ranking.txt)".into(),
        },
    );
    if let Some(owner) = s.owner {
        field("owner", l(owner));
    }
    if let Some(estimate) = s.estimate {
        field("estimate", estimate.to_string());
    }
    if !s.depends_on.is_empty() {
        let deps: Vec<String> = s
            .depends_on
            .iter()
            .map(|d| {
                format!(
                    "{} ({})",
                    l(&d.id),
                    d.state.as_deref().map_or("missing".into(), l)
                )
            })
            .collect();
        field("depends on", deps.join(", "));
    }
    field(
        "criteria",
        format!("{} of {} ticked", s.criteria.ticked, s.criteria.total),
    );
    if let Some(weeks) = s.break_even_weeks {
        field(
            "break-even",
            format!("{weeks:.1} weeks: fixing it pays for itself after that"),
        );
    }
    let required = match &s.ready_required {
        Some(why) => format!(" (Ready is required: {why})"),
        None => " (not required yet: only items in a ready state or near the top must be Ready)"
            .to_owned(),
    };
    if s.closed {
        field("ready", format!("- (the item is {})", l(s.state)));
    } else if !s.problems.is_empty() {
        field("ready", "no: the file has problems".into());
        for p in &s.problems {
            out.push_str(&format!("    - {}\n", l(p)));
        }
    } else if s.ready {
        field("ready", format!("yes{required}"));
    } else {
        field("ready", format!("no{required}"));
        for gap in &s.missing {
            out.push_str(&format!("    - {}\n", l(&gap.message)));
            if let Some(help) = &gap.help {
                out.push_str(&format!("      help: {}\n", l(help)));
            }
        }
    }
    if !body.trim().is_empty() {
        out.push('\n');
        out.push_str(&sanitize::block(body.trim()));
        out.push('\n');
    }
    out
}
