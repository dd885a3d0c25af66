//! `forecast`: when the open ranked items will be done, from the throughput git measured.

use crate::economics::measure::number;
use crate::sanitize;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ForecastView {
    /// The date of the last commit: weeks are counted back from it and forward from it.
    pub as_of: String,
    /// "items" or "points".
    pub unit: &'static str,
    pub runs: u32,
    pub seed: u64,
    pub history: HistoryView,
    /// Why there is no forecast (history too short, nothing finished); null when there is one.
    pub no_forecast: Option<String>,
    pub items: Vec<ForecastRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// Weeks of throughput measured, and the fewest the team asks for.
    pub weeks: usize,
    pub min_weeks: usize,
    /// Finished per week, oldest week first.
    pub per_week: Vec<f64>,
    pub mean_per_week: Option<f64>,
    /// True when a shallow clone cut the history short.
    pub shallow: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastRow {
    /// Place among the open ranked items (1 is the next to do).
    pub open_rank: usize,
    pub id: String,
    pub title: String,
    /// Open spikes ranked above it (or it, if it is one): each widens the range.
    pub spikes_above: usize,
    pub p50: Option<When>,
    pub p85: Option<When>,
    pub p95: Option<When>,
}

/// Done by this date in that share of the runs; null beyond the simulated horizon.
#[derive(Debug, Clone, Serialize)]
pub struct When {
    pub weeks: u32,
    pub date: String,
}

pub fn json(view: &ForecastView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a ForecastView,
    }
    super::json::document(&Doc { version: 1, view })
}

fn when(w: &Option<When>) -> String {
    w.as_ref().map_or("not in sight".into(), |w| {
        format!("{} ({} w)", w.date, w.weeks)
    })
}

fn head_lines(v: &ForecastView) -> Vec<String> {
    let h = &v.history;
    let mut out = vec![format!(
        "Throughput as of {} (the last commit): {} of history, {} {} a week on average.",
        v.as_of,
        super::plural(h.weeks, "week"),
        h.mean_per_week.map_or("-".into(), number),
        v.unit
    )];
    if h.shallow {
        out.push("The clone is shallow: older history is missing.".into());
    }
    if v.no_forecast.is_none() {
        out.push(format!(
            "{} runs, seed {} (`--seed {}` repeats them).",
            v.runs, v.seed, v.seed
        ));
    }
    out
}

const HEADER: [&str; 7] = ["OPEN", "ID", "P50", "P85", "P95", "SPIKES", "TITLE"];

fn cells(v: &ForecastView) -> Vec<Vec<String>> {
    v.items
        .iter()
        .map(|r| {
            vec![
                r.open_rank.to_string(),
                r.id.clone(),
                when(&r.p50),
                when(&r.p85),
                when(&r.p95),
                r.spikes_above.to_string(),
                r.title.clone(),
            ]
        })
        .collect()
}

pub fn text(v: &ForecastView) -> String {
    let mut out = String::new();
    for line in head_lines(v) {
        out.push_str(&format!("{}\n", sanitize::line(&line)));
    }
    if let Some(why) = &v.no_forecast {
        out.push_str(&format!("No forecast: {}\n", sanitize::line(why)));
        return out;
    }
    out.push('\n');
    out.push_str(&super::table::render(&HEADER, &cells(v)));
    out
}

pub fn markdown(v: &ForecastView) -> String {
    let mut out = String::from("### Forecast\n\n");
    for line in head_lines(v) {
        out.push_str(&format!("{}\n", sanitize::markdown(&line)));
    }
    out.push('\n');
    if let Some(why) = &v.no_forecast {
        out.push_str(&format!("No forecast: {}\n", sanitize::markdown(why)));
        return out;
    }
    out.push_str(&super::value::markdown_table(&HEADER, &cells(v)));
    out
}
