//! The state transition, judged by the order of the states: the Ready gate on the way into
//! (or past) a state that needs Ready, the Done gate in a Done state.

use super::{Changed, Parsed, Target, Transition, Unticked};
use crate::config::Config;
use crate::load::Item;
use crate::store::Refused;
use crate::{ready, sanitize};
use anyhow::Result;

/// Judges the change of state: the Ready gate on the way into (or past) a state that needs
/// Ready, the Done gate in a Done state; warnings in `report`, or a refusal.
pub(super) fn judge(
    target: &Target,
    before: &Parsed,
    after: &Parsed,
    require_done: bool,
    report: &mut Changed,
) -> Result<()> {
    let config = target.config;
    let (from, to) = (before.0.state(), after.0.state());
    if from == to {
        return Ok(());
    }
    let at = |s: &str| config.states.iter().position(|x| x == s);
    let (i, j) = (at(from), at(to).unwrap_or(0));
    let start = i.map_or(0, |i| i + 1);
    let back = i.is_some_and(|i| j < i);
    let way_out = config.is_closed(to) && !config.done.states.iter().any(|s| s == to);
    // From a state backlog.toml does not list, nothing was passed on the way.
    let passed: &[String] = if i.is_none() || back || way_out || start > j {
        &[]
    } else {
        &config.states[start..j]
    };
    report.transition = Some(Transition {
        from: from.to_owned(),
        to: to.to_owned(),
        skipped: passed.to_vec(),
        back,
    });
    let done = config.done.states.iter().any(|s| s == to);
    // Dropping needs nothing: a closed state that is not done is a way out, not a finish.
    if config.is_closed(to) && !done {
        return Ok(());
    }
    let needs_ready = config
        .ready
        .states
        .iter()
        .any(|s| s == to || passed.contains(s));
    let gaps = if needs_ready {
        ready::gaps(&after.0, config)
    } else {
        ready::state_gaps(&after.0, config)
    };
    report.lacks = gaps.into_iter().map(|g| g.label).collect();
    report.needs = (!report.lacks.is_empty()).then(|| {
        if needs_ready {
            "Ready".to_owned()
        } else {
            format!("the requirements of `{to}`")
        }
    });
    if done && config.done.all_criteria_ticked {
        report.unticked = unticked(&after.0, config);
    }
    let path = &report.path;
    if !report.unticked.is_empty() && (require_done || target.strict) {
        let lines: Vec<String> = report.unticked.iter().map(|u| u.line.to_string()).collect();
        return Err(Refused(format!(
            "{path}:{}: {} is not done: {} not ticked (line{} {}); tick them, or pass --force; nothing was changed",
            report.unticked[0].line,
            target.id,
            match report.unticked.len() {
                1 => "1 acceptance criterion is".to_owned(),
                n => format!("{n} acceptance criteria are"),
            },
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ))
        .into());
    }
    if target.strict && !report.lacks.is_empty() {
        return Err(Refused(format!(
            "{path}: {} cannot move to `{to}` (--strict): it lacks {} for {}; nothing was changed",
            target.id,
            sanitize::line(&report.lacks.join(", ")),
            report.needs.clone().unwrap_or_default()
        ))
        .into());
    }
    Ok(())
}

/// The acceptance criteria of `item` that are not ticked, with their lines.
pub fn unticked(item: &Item, config: &Config) -> Vec<Unticked> {
    let source = item.source.as_ref();
    item.parsed
        .criteria_in(&config.criteria_section)
        .filter(|c| !c.checked)
        .map(|c| Unticked {
            line: source.map_or(0, |s| s.lines.line(c.span.start)),
            text: c.text.clone(),
        })
        .collect()
}
