//! `backlog show ID`: one item, its rank and reason, its readiness and what it lacks.
//!
//! Reads only what it needs (the config, the ranking, this item, its dependencies and the
//! items ranked above it) so it stays fast on large backlogs.

use super::{Context, Outcome, TextFormat};
use crate::economics::{self, timebox};
use crate::load;
use crate::render::show::TimeboxUsed;
use crate::render::{self, show::Criteria, show::Dependency, show::Gap, show::ShowView};
use crate::{ready, store};
use anyhow::Result;

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

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let mut problems = Vec::new();
    let config = store::read::config(&location, &mut problems).unwrap_or_default();
    // The file names from the work-tree index when no directory under items/ changed since.
    let listing = crate::index::names::index_all(&location, !ctx.no_cache)?;
    let index = listing.first;
    let ranking = store::read::ranking(&location, &mut problems);
    let (id, abs) = store::resolve::item(&location, &index, &args.id)?;
    let abs = &abs;
    let mut reader = load::LazyItems::new(&location, &index);
    let mut item_problems = Vec::new();
    let item = load::read_item(&id, abs, location.display(abs), &mut item_problems);
    // Issue 17: a second file with this ID is shown, with lint's ID001 finding (exit 1).
    let also: Vec<String> = listing
        .others
        .get(&id.to_ascii_lowercase())
        .map_or(Vec::new(), |paths| {
            paths.iter().map(|p| location.display(p)).collect()
        });
    if !also.is_empty() {
        item_problems.push(crate::lint::duplicate_id(&item.id, &item.path, &also));
    }
    let item_problems = crate::lint::finish(&config, item_problems);
    let rank = ranking.as_ref().and_then(|r| r.rank(&item.id));
    let position =
        rank.and_then(|_| load::open_position(&item, &config, ranking.as_ref(), &mut reader));
    let trigger = ready::trigger(&item, &config, position);
    let gaps = ready::gaps(&item, &config);
    let f = &item.parsed.fields;
    let criteria: Vec<_> = item.parsed.criteria_in(&config.criteria_section).collect();
    let view = ShowView {
        id: item.id.clone(),
        title: item.title().to_owned(),
        kind: item.kind().to_owned(),
        state: item.state().to_owned(),
        owner: item.owner().map(str::to_owned),
        estimate: f.estimate.as_ref().map(|e| e.value),
        rank,
        reason: ranking.as_ref().and_then(|r| {
            r.ranked()
                .find(|e| e.id.eq_ignore_ascii_case(&item.id))
                .and_then(|e| e.reason.clone())
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
        break_even_weeks: economics::break_even_weeks(&item, &config.economics),
        timebox_used: timebox_used(&item, &config, &location),
        closed: config.is_closed(item.state()),
        path: item.path.clone(),
        also,
        problems: item_problems,
        ranked: ranking.as_ref().map_or(0, |r| r.len()),
        body: item
            .parsed
            .layout
            .as_ref()
            .zip(item.source.as_ref())
            .map_or(String::new(), |(l, s)| s.text[l.body.clone()].to_owned()),
    };
    let out = match args.format {
        TextFormat::Json => render::show::json(&view),
        TextFormat::Text => render::show::text(&view),
    };
    render::print(ctx.color, &out)?;
    // The duplicate's finding, unless the team turned it off (then `finish` dropped it).
    let duplicate = !view.also.is_empty()
        && view
            .problems
            .iter()
            .any(|p| p.severity == crate::diagnostic::Severity::Error);
    Ok(if duplicate {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// How much of a running spike's timebox git history says is used; `None` when no clock runs.
fn timebox_used(
    item: &load::Item,
    config: &crate::config::Config,
    location: &load::Location,
) -> Option<TimeboxUsed> {
    if !timebox::is_timed(item, config) {
        return None;
    }
    let states = timebox::history_of(location)?;
    let used = timebox::used(
        item,
        &states,
        &config.economics.clock_states,
        economics::now(),
    )?;
    let round = |n: f64| (n * 10.0).round() / 10.0;
    Some(TimeboxUsed {
        since: economics::date(used.since),
        state: used.state,
        elapsed_days: round(used.elapsed_days),
        timebox_days: round(used.timebox_days),
        percent: used.percent.round(),
    })
}
