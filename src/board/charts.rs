//! The charts drawn here as SVG: ranking moves per week across the backlog (priority churn).
//! An item's rank over time is drawn by the page's script from the item's events.

use super::Week;
use super::html::escape;
use crate::history::Event;
use std::collections::BTreeMap;

/// At most this many weeks are shown (the most recent).
const MAX_WEEKS: usize = 104;

/// Moves per week (events that changed an item's place, not reason edits), every week from
/// the first to the last with an event, the last [`MAX_WEEKS`] of them.
pub fn weeks(events: &[Event]) -> Vec<Week> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for e in events.iter().filter(|e| e.from != e.to) {
        if let Some(day) = day_number(&e.commit.time) {
            // 1970-01-01 was a Thursday: Monday of its week is day -3.
            let monday = day - (day + 3).rem_euclid(7);
            *counts.entry(monday).or_default() += 1;
        }
    }
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let first = first.max(last - 7 * (MAX_WEEKS as i64 - 1));
    (0..)
        .map(|w| first + 7 * w)
        .take_while(|d| *d <= last)
        .map(|d| Week {
            start: date_of(d),
            moves: counts.get(&d).copied().unwrap_or(0),
        })
        .collect()
}

/// The bar chart of [`weeks`] as inline SVG; empty when there is nothing to draw.
pub fn weeks_svg(weeks: &[Week]) -> String {
    if weeks.is_empty() {
        return String::new();
    }
    let max = weeks.iter().map(|w| w.moves).max().unwrap_or(0).max(1);
    let (bar, gap, height) = (8usize, 2usize, 80usize);
    let width = weeks.len() * (bar + gap) + 40;
    let mut svg = format!(
        r#"<svg class="chart" role="img" aria-labelledby="churn-title" viewBox="0 0 {width} {h}" width="{width}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="churn-title">Ranking moves per week, at most {max} in a week</title><text x="0" y="10" class="axis">{max}</text><text x="0" y="{height}" class="axis">0</text>"#,
        h = height + 16,
    );
    for (i, w) in weeks.iter().enumerate() {
        let h = w.moves * (height - 12) / max;
        let x = 30 + i * (bar + gap);
        svg.push_str(&format!(
            r#"<rect x="{x}" y="{y}" width="{bar}" height="{h}" class="bar"><title>week of {start}: {moves} move(s)</title></rect>"#,
            y = height - h,
            start = escape(&w.start),
            moves = w.moves,
        ));
    }
    let last = weeks.last().map_or("", |w| w.start.as_str());
    svg.push_str(&format!(
        r#"<text x="30" y="{y}" class="axis">{first}</text><text x="{x}" y="{y}" class="axis" text-anchor="end">{last}</text></svg>"#,
        y = height + 14,
        first = escape(&weeks[0].start),
        x = width,
        last = escape(last),
    ));
    svg
}

/// Days since 1970-01-01 of an RFC 3339 time's date (the author's local date).
pub fn day_number(time: &str) -> Option<i64> {
    let date = time.get(..10)?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(crate::date::days_from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day number (the inverse of [`day_number`]).
pub fn date_of(days: i64) -> String {
    let (y, m, d) = crate::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}
