//! `backlog value`: WSJF beside the ranking, the inversions and the half-effort check. It
//! never re-ranks: `--suggest` prints the `backlog rank` commands, the Product Owner decides.

use super::Context;
use super::{Outcome, ReportFormat};
use crate::economics::value::{Place, suggestions, weigh};
use crate::economics::{break_even_weeks, measure::number};
use crate::load::Backlog;
use crate::render::{self, value::*};
use anyhow::Result;

/// Weigh the open ranked items by WSJF (cost of delay ÷ size) against the ranking.
///
/// Every open ranked item with its WSJF and the rank WSJF would give it, the inversions (a
/// lower WSJF ranked above a higher one) by the delay cost they cause, and the share of the
/// cost of delay delivered in the first half of the effort, in ranking order and in WSJF order.
/// It changes nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `table` for people, `json` for scripts, `markdown` for a pull request or a review.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Also print the `backlog rank` commands that would put the ranking in WSJF order.
    #[arg(long)]
    suggest: bool,
    /// Show at most N inversions (the count covers them all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
}

/// Two decimals are all a WSJF argument needs, and they keep the JSON stable.
fn round(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let backlog = Backlog::load(ctx.location()?)?;
    let weighed = weigh(&backlog, args.limit);
    let economics = &backlog.config.economics;
    let items: Vec<ValueRow> = weighed
        .items
        .iter()
        .map(|w| ValueRow {
            rank: w.rank,
            id: w.item.id.clone(),
            title: w.item.title().to_owned(),
            kind: w.item.kind().to_owned(),
            cost_of_delay: w.cost_of_delay.map(round),
            size: w.size,
            wsjf: w.wsjf.map(round),
            wsjf_rank: w.wsjf_rank,
            break_even_weeks: break_even_weeks(w.item, economics).map(round),
        })
        .collect();
    let inversions = weighed
        .inversions
        .iter()
        .map(|i| {
            let (a, b) = (&weighed.items[i.above], &weighed.items[i.below]);
            InversionRow {
                above: a.item.id.clone(),
                above_rank: a.rank,
                above_wsjf: round(a.wsjf.unwrap_or(0.0)),
                below: b.item.id.clone(),
                below_rank: b.rank,
                below_wsjf: round(b.wsjf.unwrap_or(0.0)),
                delay_cost: round(i.delay_cost),
            }
        })
        .collect();
    let suggestions = if args.suggest {
        suggestions(&weighed)
            .into_iter()
            .map(|(i, place)| {
                let w = &weighed.items[i];
                let place = match place {
                    Place::Above(id) => format!("--above {id}"),
                    Place::Below(id) => format!("--below {id}"),
                };
                format!(
                    "backlog rank {} {place} --reason \"WSJF {}\"",
                    w.item.id,
                    number(round(w.wsjf.unwrap_or(0.0)))
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let view = ValueView {
        unweighed: weighed.items.iter().filter(|w| w.wsjf.is_none()).count(),
        items,
        inversions,
        inversion_count: weighed.inversion_count,
        half_effort: weighed.half_effort.map(|h| HalfEffortView {
            total_effort: round(h.total_effort),
            total_cost_of_delay: round(h.total_value),
            ranking_percent: round(h.ranking),
            wsjf_percent: round(h.wsjf),
        }),
        suggestions,
    };
    let out = match args.format {
        ReportFormat::Table => render::value::table(&view),
        ReportFormat::Json => render::value::json(&view),
        ReportFormat::Markdown => render::value::markdown(&view),
    };
    render::print(ctx.color, &out)?;
    Ok(Outcome::Clean)
}
