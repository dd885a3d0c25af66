//! A spike's timebox in time: when git says it entered a clock state (`[economics]
//! clock_states`, default `doing`), how much of its timebox is used, and rule ECO003 for a
//! spike past it. Outside git, or before the state change is committed, the clock has not
//! started and nothing is reported.

use super::states::States;
use crate::diagnostic::Diagnostic;
use crate::git::{self, Head};
use crate::load::{Backlog, Item, Location};

/// A timebox is working time (a week is 40 hours: `ready::timebox_hours`); the clock runs on
/// the calendar, where a 40-hour week is 168 hours.
const CALENDAR_PER_WORKING_HOUR: f64 = 168.0 / 40.0;

/// How much of a spike's timebox the calendar has used.
#[derive(Debug, Clone, PartialEq)]
pub struct Used {
    /// When the spike entered the clock state, seconds since the epoch.
    pub since: i64,
    pub state: String,
    /// Calendar days since then, and the timebox in calendar days.
    pub elapsed_days: f64,
    pub timebox_days: f64,
    /// Elapsed over timebox, in percent (may exceed 100).
    pub percent: f64,
}

/// True for a spike in a clock state with a valid timebox: one whose clock may be running.
pub fn is_timed(item: &Item, backlog_config: &crate::config::Config) -> bool {
    item.kind() == "spike"
        && backlog_config
            .economics
            .clock_states
            .iter()
            .any(|s| s == item.state())
        && timebox_days(item).is_some()
}

/// The timebox in calendar days.
pub fn timebox_days(item: &Item) -> Option<f64> {
    let text = &item.parsed.fields.timebox.as_ref()?.value;
    let hours = crate::ready::timebox_hours(text)?;
    super::finite(hours * CALENDAR_PER_WORKING_HOUR / 24.0).filter(|d| *d > 0.0)
}

/// The clock of one timed spike, from the state history, at `now`.
pub fn used(item: &Item, states: &States, clock_states: &[String], now: i64) -> Option<Used> {
    let timebox_days = timebox_days(item)?;
    let entered = states.item(&item.id)?.entered(clock_states)?;
    #[allow(clippy::cast_precision_loss)]
    let elapsed_days = (now - entered.time).max(0) as f64 / 86_400.0;
    Some(Used {
        since: entered.time,
        state: entered.to.clone().unwrap_or_default(),
        elapsed_days,
        timebox_days,
        percent: super::finite(100.0 * elapsed_days / timebox_days)?,
    })
}

/// The state history of the repository holding the backlog, when there is one with commits.
pub fn history_of(location: &Location) -> Option<States> {
    let repo = git::Repo::discover(&location.root).ok()??;
    let top = repo.workdir()?.canonicalize().ok()?;
    let items = location.items_dir().canonicalize().ok()?;
    let rel = items
        .strip_prefix(&top)
        .ok()?
        .to_string_lossy()
        .replace('\\', "/");
    let Head::Commit(head) = repo.head().ok()? else {
        return None;
    };
    States::read_cached(&repo, &rel, &head).ok()
}

/// Rule ECO003: spikes whose clock has run past their timebox. Reads git only when some spike
/// is timed, so a backlog without running spikes costs nothing.
pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let config = &backlog.config;
    let timed: Vec<&Item> = backlog
        .items
        .iter()
        .filter(|i| i.is_readable() && is_timed(i, config))
        .collect();
    if timed.is_empty() {
        return;
    }
    let Some(states) = history_of(&backlog.location) else {
        return;
    };
    let now = super::now();
    for item in timed {
        let Some(used) = used(item, &states, &config.economics.clock_states, now) else {
            continue;
        };
        if used.percent <= 100.0 {
            continue;
        }
        let (Some(source), Some(field)) = (&item.source, &item.parsed.fields.timebox) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                "ECO003",
                &item.path,
                format!(
                    "{} has been `{}` for {:.1} days (since {}), past its timebox of {} ({:.1} days)",
                    item.id,
                    used.state,
                    used.elapsed_days,
                    super::date(used.since),
                    field.value,
                    used.timebox_days
                ),
            )
            .at(source, field.span.clone())
            .help("stop, and report what the spike learned; or agree a longer timebox and write it here"),
        );
    }
}
