//! The economics computed from the files and git history: cost of delay and WSJF against the
//! ranking (`value`), debt break-even (`measure`), the state history of item files (`states`),
//! spike timeboxes in time (`timebox`, rule ECO003), the Monte Carlo forecast (`forecast`,
//! seeded by `rng`) and the finished work of a period (`changelog`).
//!
//! Everything here is a pure computation over a `Backlog` and plain values from `git`; nothing
//! prints, and no output can hold NaN or infinity: every division checks its divisor.

pub mod changelog;
pub mod forecast;
pub mod measure;
pub mod rng;
pub mod states;
#[cfg(test)]
mod tests;
pub mod timebox;
pub mod value;

pub use measure::{break_even_weeks, cost_of_delay, size, wsjf};

/// The items by lowercase ID: `Backlog::item` is a linear search, too slow in a loop over
/// a large ranking.
pub fn by_id(
    backlog: &crate::load::Backlog,
) -> std::collections::HashMap<String, &crate::load::Item> {
    backlog
        .items
        .iter()
        .map(|i| (i.id.to_ascii_lowercase(), i))
        .collect()
}

/// Seconds in a week.
pub const WEEK: i64 = 7 * 86_400;

/// A calendar date (`2026-11-21`) of seconds since the epoch, in UTC.
pub fn date(seconds: i64) -> String {
    crate::git::rfc3339(seconds, 0)[..10].to_owned()
}

/// "now" for the clock of timeboxes: the system time, or `BACKLOG_NOW` (seconds since the
/// epoch, or a date `YYYY-MM-DD`), which exists so tests do not depend on today's date.
pub fn now() -> i64 {
    if let Some(text) = std::env::var_os("BACKLOG_NOW").and_then(|v| v.into_string().ok())
        && let Some(seconds) = parse_date(&text)
    {
        return seconds;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Seconds since the epoch of `YYYY-MM-DD` (midnight UTC) or of a plain number of seconds.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let mut parts = text.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1970..=9999).contains(&year) {
        return None;
    }
    Some(crate::date::days_from_civil(year, month, day) * 86_400)
}

/// A finite number or `None`: the one gate every ratio passes before it reaches a view.
pub fn finite(n: f64) -> Option<f64> {
    n.is_finite().then_some(n)
}
