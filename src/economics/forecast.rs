//! The Monte Carlo forecast: weeks drawn from the throughput git measured, until the work
//! ranked above an item (and the item) is done; p50/p85/p95 of many runs.

use super::rng::Rng;
use super::states::States;
use super::{WEEK, finite};
use crate::config::{Config, ForecastUnit};
use crate::load::{Backlog, Item};

/// Runs stop after this many simulated weeks (about 20 years): beyond is "not in sight".
pub const MAX_WEEKS: u32 = 1040;

/// Throughput per week, newest week first, measured back from the history's last commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Throughput {
    pub weeks: Vec<f64>,
    /// Seconds since the epoch of the commit the weeks are counted back from.
    pub end: i64,
    /// Items that entered a done state inside the weeks.
    pub finished: usize,
}

/// Items finished per week (or their points), from each item's last entry into a done state.
pub fn throughput(backlog: &Backlog, states: &States) -> Throughput {
    let config = &backlog.config;
    let end = states.head_time;
    let mut done: Vec<(i64, f64)> = Vec::new();
    let items = super::by_id(backlog);
    for (id, history) in &states.items {
        let Some(entered) = history.entered(&config.done.states) else {
            continue;
        };
        let weight = match config.economics.forecast_unit {
            ForecastUnit::Items => 1.0,
            ForecastUnit::Points => items.get(id).and_then(|i| super::size(i)).unwrap_or(0.0),
        };
        if entered.time <= end {
            done.push((entered.time, weight));
        }
    }
    let Some(first) = done.iter().map(|d| d.0).min() else {
        return Throughput {
            weeks: Vec::new(),
            end,
            finished: 0,
        };
    };
    let span = end - first;
    let count = usize::try_from(span.div_euclid(WEEK) + 1)
        .unwrap_or(1)
        .max(1);
    let mut weeks = vec![0.0; count];
    for (time, weight) in &done {
        // Week 0 is (end − 1 week, end]; the first finished item falls in the last week.
        let back = usize::try_from((end - time).max(0) / WEEK).unwrap_or(0);
        let back = back.min(count - 1);
        weeks[back] += weight;
    }
    Throughput {
        weeks,
        end,
        finished: done.len(),
    }
}

/// The size one item adds to the remaining work, as a range to sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub low: f64,
    pub high: f64,
}

/// One open ranked item on the way to the target.
#[derive(Debug, Clone)]
pub struct Step {
    pub size: Size,
    /// An open spike: what it finds may widen the work ranked below it.
    pub spike: bool,
}

/// What an item adds in the unit the throughput counts.
pub fn step(item: &Item, config: &Config, typical: f64) -> Step {
    let f = &item.parsed.fields;
    let size = match config.economics.forecast_unit {
        ForecastUnit::Items => Size {
            low: 1.0,
            high: 1.0,
        },
        ForecastUnit::Points => match (&f.estimate_low, &f.estimate_high) {
            (Some(l), Some(h)) if l.value <= h.value => Size {
                low: l.value,
                high: h.value,
            },
            _ => {
                let n = super::size(item).unwrap_or(typical);
                Size { low: n, high: n }
            }
        },
    };
    Step {
        size,
        spike: item.kind() == "spike",
    }
}

/// Weeks to finish each prefix of `steps` (percentiles 50, 85, 95 for every index in
/// `targets`), or `None` for a percentile beyond [`MAX_WEEKS`].
pub type Percentiles = [Option<u32>; 3];

pub fn simulate(
    steps: &[Step],
    targets: &[usize],
    weeks: &[f64],
    widening: f64,
    runs: u32,
    seed: u64,
) -> Vec<Percentiles> {
    let mut rng = Rng::new(seed);
    let mut results: Vec<Vec<u32>> = vec![Vec::with_capacity(runs as usize); targets.len()];
    let mut work = vec![0.0; steps.len()];
    let positive = weeks.iter().any(|w| *w > 0.0);
    for _ in 0..runs {
        // The work to finish each prefix: sampled sizes, widened by the open spikes above.
        let (mut total, mut factor) = (0.0, 1.0);
        for (i, s) in steps.iter().enumerate() {
            total += rng.between(s.size.low, s.size.high);
            work[i] = total * factor;
            if s.spike && widening > 0.0 {
                factor *= rng.between(1.0, 1.0 + widening);
            }
        }
        let (mut done, mut week) = (0.0, 0u32);
        for (slot, &t) in targets.iter().enumerate() {
            while done + 1e-9 < work[t] && week < MAX_WEEKS && positive {
                week += 1;
                done += weeks[rng.below(weeks.len())];
            }
            let finished = done + 1e-9 >= work[t];
            results[slot].push(if finished { week } else { u32::MAX });
        }
    }
    results
        .into_iter()
        .map(|mut r| {
            r.sort_unstable();
            [50, 85, 95].map(|p| {
                let n = r.len();
                let at = (n * p)
                    .div_ceil(100)
                    .saturating_sub(1)
                    .min(n.saturating_sub(1));
                r.get(at).copied().filter(|w| *w != u32::MAX)
            })
        })
        .collect()
}

/// The mean of the weekly throughput, for the summary line; `None` without weeks.
pub fn mean(weeks: &[f64]) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    let n = weeks.len() as f64;
    finite(weeks.iter().sum::<f64>() / n)
}
