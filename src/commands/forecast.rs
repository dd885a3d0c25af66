//! `backlog forecast`: a Monte Carlo forecast of when open ranked items will be done, from
//! the throughput measured in git; honest about a history too short to tell.

use super::{Context, Outcome, ReportFormat};
use crate::config::ForecastUnit;
use crate::economics::forecast::{MAX_WEEKS, mean, simulate, step, throughput};
use crate::economics::states::States;
use crate::economics::{WEEK, date};
use crate::load::{Backlog, ITEMS_DIR};
use crate::render::{self, forecast::*};
use crate::sanitize;
use anyhow::{Result, bail};

/// Forecast when items will be done, from the throughput measured in git.
///
/// Counts the items that entered a done state in each week of the history of the item files,
/// then simulates the weeks ahead many times, drawing a past week at random each time, until
/// the work ranked above an item (and the item) is done. Gives the dates by which it was done
/// in 50, 85 and 95 of 100 runs. Open spikes above an item widen its range; `estimate_low` and
/// `estimate_high` are sampled when `[economics] forecast_unit = "points"`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").args(["id", "top"])))]
pub struct Args {
    /// Forecast this open ranked item (everything ranked above it, plus itself).
    id: Option<String>,
    /// Forecast each of the first N open ranked items (the default is 10).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// How many simulated futures.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    runs: u32,
    /// Seed of the random draws: the same seed gives the same forecast.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// `table` for people, `json` for scripts, `markdown` for a pull request or a review.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let repo = ctx.repo()?;
    let Some(head) = repo.head.clone() else {
        bail!("the repository has no commits yet: the forecast comes from git history");
    };
    let backlog = Backlog::load(repo.location.clone())?;
    let config = &backlog.config;
    let dir = match repo.backlog_dir() {
        d if d.is_empty() => ITEMS_DIR.to_owned(),
        d => format!("{d}/{ITEMS_DIR}"),
    };
    let states = States::read_cached(&repo.git, &dir, &head)?;
    let items = crate::economics::by_id(&backlog);
    let open: Vec<&crate::load::Item> = backlog
        .ranking
        .iter()
        .flat_map(|r| r.ranked())
        .filter_map(|e| items.get(&e.id.to_ascii_lowercase()).copied())
        .filter(|i| !config.is_closed(i.state()))
        .collect();
    let targets: Vec<usize> = match &args.id {
        Some(id) => match open.iter().position(|i| i.id.eq_ignore_ascii_case(id)) {
            Some(p) => vec![p],
            None => bail!(
                "{} is not an open ranked item: the forecast follows the ranking (see `backlog list`)",
                sanitize::line(id)
            ),
        },
        None => (0..args.top.unwrap_or(10).min(open.len())).collect(),
    };
    let sizes: Vec<f64> = open
        .iter()
        .filter_map(|i| crate::economics::size(i))
        .collect();
    let typical = median(&sizes).unwrap_or(1.0);
    let last = targets.last().map_or(0, |t| t + 1);
    let steps: Vec<_> = open[..last]
        .iter()
        .map(|i| step(i, config, typical))
        .collect();
    let measured = throughput(&backlog, &states);
    let economics = &config.economics;
    let mut per_week = measured.weeks.clone();
    per_week.reverse();
    let no_forecast = if measured.weeks.len() < economics.min_history_weeks
        || measured.finished == 0
    {
        Some(format!(
            "the history is too short: {} of throughput in git, and the team asks for at least {} (`[economics] min_history_weeks`)",
            render::plural(
                if measured.finished == 0 {
                    0
                } else {
                    measured.weeks.len()
                },
                "week"
            ),
            economics.min_history_weeks
        ))
    } else if measured.weeks.iter().all(|w| *w <= 0.0) {
        Some("nothing was finished in the weeks measured".into())
    } else {
        None
    };
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let results = if no_forecast.is_none() {
        simulate(
            &steps,
            &targets,
            &measured.weeks,
            economics.spike_widening,
            args.runs,
            seed,
        )
    } else {
        Vec::new()
    };
    let at = |weeks: Option<u32>| {
        weeks.filter(|w| *w <= MAX_WEEKS).map(|w| When {
            weeks: w,
            date: date(measured.end + i64::from(w) * WEEK),
        })
    };
    let items = results
        .iter()
        .zip(&targets)
        .map(|(p, &t)| ForecastRow {
            open_rank: t + 1,
            id: open[t].id.clone(),
            title: open[t].title().to_owned(),
            spikes_above: steps[..=t].iter().filter(|s| s.spike).count(),
            p50: at(p[0]),
            p85: at(p[1]),
            p95: at(p[2]),
        })
        .collect();
    let view = ForecastView {
        as_of: date(measured.end),
        unit: match economics.forecast_unit {
            ForecastUnit::Items => "items",
            ForecastUnit::Points => "points",
        },
        runs: args.runs,
        seed,
        history: HistoryView {
            weeks: if measured.finished == 0 {
                0
            } else {
                measured.weeks.len()
            },
            min_weeks: economics.min_history_weeks,
            mean_per_week: mean(&measured.weeks).map(|m| (m * 100.0).round() / 100.0),
            per_week,
            shallow: states.shallow,
        },
        no_forecast,
        items,
    };
    let out = match args.format {
        ReportFormat::Table => render::forecast::text(&view),
        ReportFormat::Json => render::forecast::json(&view),
        ReportFormat::Markdown => render::forecast::markdown(&view),
    };
    render::print(ctx.color, &out)?;
    Ok(Outcome::Clean)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}
