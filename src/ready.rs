//! Definition of Ready and Done: what one item lacks, judged by the team's agreement.
//!
//! Pure functions over an item and the config; `lint`, `list` and `show` all ask here, so the
//! three never disagree about readiness. Nothing here reads files or prints.

use crate::config::{Config, Requirements};
use crate::diagnostic::Diagnostic;
use crate::load::{Backlog, Item};
use std::collections::HashMap;

/// Why an item must be Ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// Its state is one of `ready.states`.
    State(String),
    /// It is the `position`-th open item of the ranking, within `ready.top`.
    Top { position: usize, top: usize },
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trigger::State(state) => write!(f, "its state is `{state}`"),
            Trigger::Top { position, top } => {
                write!(
                    f,
                    "ranked #{position} of the open items, and the top {top} must be Ready"
                )
            }
        }
    }
}

/// One thing an item lacks: a short label for tables and a located diagnostic for lint.
#[derive(Debug, Clone)]
pub struct Gap {
    pub label: String,
    pub diagnostic: Diagnostic,
}

/// Positions of the open (not closed) ranked items, for the top-N check: ID (lowercase) →
/// 1-based position among open ranked items.
pub fn open_positions(backlog: &Backlog) -> HashMap<String, usize> {
    let mut positions = HashMap::new();
    let Some(ranking) = &backlog.ranking else {
        return positions;
    };
    let by_id: HashMap<String, &Item> = backlog
        .items
        .iter()
        .map(|i| (i.id.to_ascii_lowercase(), i))
        .collect();
    let mut position = 0;
    for entry in ranking.ranked() {
        let key = entry.id.to_ascii_lowercase();
        let Some(item) = by_id.get(&key) else {
            continue;
        };
        if backlog.config.is_closed(item.state()) {
            continue;
        }
        position += 1;
        positions.insert(key, position);
    }
    positions
}

/// Why Ready applies to `item`, if it does.
pub fn trigger(item: &Item, config: &Config, open_position: Option<usize>) -> Option<Trigger> {
    let state = item.state();
    if config.ready.states.iter().any(|s| s == state) {
        return Some(Trigger::State(state.to_owned()));
    }
    match open_position {
        Some(position) if position <= config.ready.top => Some(Trigger::Top {
            position,
            top: config.ready.top,
        }),
        _ => None,
    }
}

/// Is the item Ready by its kind's definition (whether or not Ready is required of it yet)?
pub fn is_ready(item: &Item, config: &Config) -> bool {
    item.is_readable() && config.kinds.contains_key(item.kind()) && gaps(item, config).is_empty()
}

/// Everything the item lacks against its kind's Definition of Ready and its state's
/// requirements. An unreadable item has no gaps here: its syntax errors say enough.
pub fn gaps(item: &Item, config: &Config) -> Vec<Gap> {
    gaps_of(item, config, true)
}

/// What the item lacks against `[requirements.STATE]` alone: these hold for every item in
/// that state, whether or not Ready is required of it.
pub fn state_gaps(item: &Item, config: &Config) -> Vec<Gap> {
    gaps_of(item, config, false)
}

fn gaps_of(item: &Item, config: &Config, with_kind: bool) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let Some(source) = &item.source else {
        return gaps;
    };
    if !item.is_readable() {
        return gaps;
    }
    let mut check = Checker {
        item,
        source,
        config,
        gaps: &mut gaps,
    };
    if let Some(kind) = config.kinds.get(item.kind()).filter(|_| with_kind) {
        check.requirements(&kind.ready);
    }
    if let Some(extra) = config.requirements.get(item.state()) {
        check.requirements(extra);
    }
    gaps
}

/// Unticked criteria of a done item, as diagnostics.
pub fn done_gaps(item: &Item, config: &Config) -> Vec<Diagnostic> {
    let Some(source) = &item.source else {
        return Vec::new();
    };
    if !config.done.all_criteria_ticked || !config.done.states.iter().any(|s| s == item.state()) {
        return Vec::new();
    }
    item.parsed
        .criteria_in(&config.criteria_section)
        .filter(|c| !c.checked)
        .map(|c| {
            Diagnostic::new(
                "DONE001",
                &item.path,
                format!("{} is `{}` but this acceptance criterion is not ticked", item.id, item.state()),
            )
            .at(source, c.span.clone())
            .help("tick it (- [x]) if it is met; otherwise the item is not done: move it back or split the rest out")
        })
        .collect()
}

/// Weeks until fixing a debt pays for itself: fix effort / weekly cost.
pub fn break_even_weeks(item: &Item) -> Option<f64> {
    let f = &item.parsed.fields;
    let cost = f.cost_per_week.as_ref()?.value;
    let effort = f.fix_effort.as_ref()?.value;
    (cost > 0.0).then(|| effort / cost)
}

/// Parses a timebox such as `3d`, `16h`, `1.5w` into hours (8 h a day, 5 days a week).
pub fn timebox_hours(text: &str) -> Option<f64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let hours_per_unit = match unit {
        'h' => 1.0,
        'd' => 8.0,
        'w' => 40.0,
        _ => return None,
    };
    let digits = &text[..text.len() - 1];
    // Plain decimals only ("3", "1.5"): no sign, exponent or space, as the schema says.
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let number: f64 = digits.parse().ok()?;
    (number.is_finite() && number > 0.0).then_some(number * hours_per_unit)
}

struct Checker<'a> {
    item: &'a Item,
    source: &'a crate::text::Source,
    config: &'a Config,
    gaps: &'a mut Vec<Gap>,
}

impl Checker<'_> {
    fn push(&mut self, label: String, diagnostic: Diagnostic) {
        if !self.gaps.iter().any(|g| g.label == label) {
            self.gaps.push(Gap { label, diagnostic });
        }
    }

    /// Where to point when something is missing from the frontmatter: its opening line.
    fn frontmatter_start(&self) -> std::ops::Range<usize> {
        self.source.bom..self.source.bom
    }

    /// Where to point when something is missing from the body: the closing `+++` line, the
    /// last line the file is sure to have before the body.
    fn body_start(&self) -> std::ops::Range<usize> {
        let at = self
            .item
            .parsed
            .layout
            .as_ref()
            .map_or(0, |l| l.frontmatter.end);
        let at = at.min(self.source.text.len());
        at..at
    }

    fn requirements(&mut self, req: &Requirements) {
        let item = self.item;
        let fields = &item.parsed.fields;
        for name in &req.fields {
            match fields.key(name) {
                None => {
                    let d = Diagnostic::new(
                        "DOR001",
                        &item.path,
                        format!("{} has no `{name}`", item.id),
                    )
                    .at(self.source, self.frontmatter_start())
                    .help(field_help(name));
                    self.push(name.clone(), d);
                }
                Some(key) if fields.invalid.contains(name) => {
                    let d = Diagnostic::new(
                        "DOR001",
                        &item.path,
                        format!("`{name}` of {} has the wrong type", item.id),
                    )
                    .at(self.source, key.span.clone())
                    .help(field_help(name));
                    self.push(name.clone(), d);
                }
                Some(key) if key.blank => {
                    let d = Diagnostic::new(
                        "DOR001",
                        &item.path,
                        format!("`{name}` of {} is blank", item.id),
                    )
                    .at(self.source, key.span.clone())
                    .help(field_help(name));
                    self.push(name.clone(), d);
                }
                Some(_) => {}
            }
        }
        for section in &req.sections {
            if item.parsed.section(section).is_none() {
                let d = Diagnostic::new(
                    "DOR002",
                    &item.path,
                    format!("{} has no `## {section}` section", item.id),
                )
                .at(self.source, self.body_start())
                .help(section_help(section));
                self.push(format!("## {section}"), d);
            }
        }
        if req.min_criteria > 0 {
            let name = &self.config.criteria_section;
            let count = item.parsed.criteria_in(name).count();
            if count < req.min_criteria {
                let at = item.parsed.section(name).map_or_else(
                    || self.body_start(),
                    |i| item.parsed.sections[i].span.clone(),
                );
                let d = Diagnostic::new(
                    "DOR003",
                    &item.path,
                    format!(
                        "{} has {count} acceptance criteria; at least {} needed",
                        item.id, req.min_criteria
                    ),
                )
                .at(self.source, at)
                .help(format!(
                    "list testable outcomes as task items (- [ ] ...) under `## {name}`"
                ));
                self.push(format!("criteria {count}/{}", req.min_criteria), d);
            }
        }
        if let (Some(max), Some(estimate)) = (req.max_estimate, &fields.estimate)
            && estimate.value > i64::from(max)
        {
            let d = Diagnostic::new(
                "DOR004",
                &item.path,
                format!("estimate {} is above the ceiling of {max}", estimate.value),
            )
            .at(self.source, estimate.span.clone())
            .help("split the item into smaller items that each deliver value on their own");
            self.push(format!("estimate {}>{max}", estimate.value), d);
        }
        if req.timebox {
            match &fields.timebox {
                None => {
                    let d = Diagnostic::new("DOR005", &item.path, format!("{} has no timebox", item.id))
                        .at(self.source, self.frontmatter_start())
                        .help("a spike answers its question in fixed time: add timebox = \"3d\" (h, d or w)");
                    self.push("timebox".into(), d);
                }
                Some(t) if timebox_hours(&t.value).is_none() => {
                    let d = Diagnostic::new(
                        "DOR005",
                        &item.path,
                        format!("timebox `{}` is not a duration", t.value),
                    )
                    .at(self.source, t.span.clone())
                    .help("write the timebox as a number and a unit: \"16h\", \"3d\" or \"1w\"");
                    self.push("timebox".into(), d);
                }
                Some(_) => {}
            }
        }
        if req.economics {
            for (name, value, help) in [
                (
                    "cost_per_week",
                    fields.cost_per_week.is_some(),
                    "add cost_per_week: hours the team loses each week while the debt is unpaid",
                ),
                (
                    "fix_effort",
                    fields.fix_effort.is_some(),
                    "add fix_effort: hours it takes to pay the debt off",
                ),
            ] {
                if !value && fields.key(name).is_none() {
                    let d = Diagnostic::new(
                        "DOR006",
                        &item.path,
                        format!("{} has no `{name}`", item.id),
                    )
                    .at(self.source, self.frontmatter_start())
                    .help(help);
                    self.push(name.into(), d);
                }
            }
        }
    }
}

fn field_help(name: &str) -> String {
    match name {
        "owner" => {
            "add owner = \"who@example.com\": the person who answers questions about it".into()
        }
        "value" => {
            "add value = \"...\": who gains what when this is done, in business terms".into()
        }
        "estimate" => "add estimate = N, agreed by the team in refinement".into(),
        "title" => "add title = \"...\": a short summary".into(),
        _ => format!("add `{name}` to the frontmatter"),
    }
}

fn section_help(section: &str) -> String {
    match section.to_ascii_lowercase().as_str() {
        "problem" => {
            "add `## Problem`: what hurts, for whom, and why now (the problem, not a solution)"
                .into()
        }
        "question" => "add `## Question`: the one question the spike answers".into(),
        "outcome" => {
            "add `## Outcome`: the result for users or the business this epic serves".into()
        }
        _ => format!("add a `## {section}` heading to the body"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeboxes() {
        assert_eq!(timebox_hours("3d"), Some(24.0));
        assert_eq!(timebox_hours("16h"), Some(16.0));
        assert_eq!(timebox_hours("1.5w"), Some(60.0));
        assert_eq!(timebox_hours("0d"), None);
        assert_eq!(timebox_hours("soon"), None);
        assert_eq!(timebox_hours(""), None);
        assert_eq!(timebox_hours("3 d"), None);
        assert_eq!(timebox_hours("+3d"), None);
        assert_eq!(timebox_hours("1e1d"), None);
    }
}
