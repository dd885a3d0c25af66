//! Gathering the board's view from a loaded backlog, its lint findings and its ranking
//! history: the same readiness `list` and `show` give (through `ready`), the same findings as
//! `lint`, the same events as `history`.

use super::{BoardView, Card, Criterion, Event, Finding, Gauge, Live, Since};
use crate::diagnostic::Diagnostic;
use crate::history;
use crate::load::{Backlog, Item};
use crate::{diff, ready};
use std::collections::HashMap;

/// Rendered bodies and their criteria stop being embedded once they add up to this many
/// bytes (in priority order), so a 10,000-item backlog still makes a page of a few megabytes.
pub const BODY_BUDGET: usize = 1024 * 1024;

/// What the verbs hand over.
pub struct Inputs<'a> {
    pub backlog: &'a Backlog,
    /// The ranking's events (every item), oldest first; `None` outside git.
    pub events: Option<&'a [history::Event]>,
    /// `--since REV`: its label and the side at REV.
    pub since: Option<diff::Side>,
    pub live: Option<Live>,
    pub body_budget: usize,
}

pub fn gather(inputs: Inputs<'_>) -> BoardView {
    let backlog = inputs.backlog;
    let config = &backlog.config;
    let positions = ready::open_positions(backlog);
    let mut events: HashMap<String, Vec<Event>> = HashMap::new();
    for e in inputs.events.unwrap_or_default() {
        events
            .entry(e.id.to_ascii_lowercase())
            .or_default()
            .push(Event {
                commit: e.commit.commit.clone(),
                author: e.commit.author.clone(),
                time: e.commit.time.clone(),
                from: e.from,
                to: e.to,
                reason: e.reason.clone(),
            });
    }
    let since = inputs.since.map(|base| {
        let new = diff::side_of(backlog);
        Since {
            changes: diff::compare(&base, &new),
            label: base.label,
        }
    });
    let moved: HashMap<String, String> = since
        .iter()
        .flat_map(|s| &s.changes)
        .filter(|c| matches!(c.change, "moved" | "ranked" | "unranked"))
        .map(|c| (c.id.to_ascii_lowercase(), diff::movement(c.from, c.to)))
        .collect();
    let reasons: HashMap<String, String> = backlog
        .ranking
        .iter()
        .flat_map(|r| r.ranked())
        .filter_map(|e| Some((e.id.to_ascii_lowercase(), e.reason.clone()?)))
        .collect();
    let mut budget = inputs.body_budget;
    let mut left_out = 0;
    let mut items = Vec::with_capacity(backlog.items.len());
    for item in backlog.in_priority_order() {
        let key = item.id.to_ascii_lowercase();
        let mut card = card(backlog, item, positions.get(&key).copied());
        card.reason = reasons.get(&key).cloned();
        card.events = events.remove(&key).unwrap_or_default();
        card.moved = moved.get(&key).cloned();
        let markdown = body_text(item);
        let criteria: usize = card.criteria.iter().map(|c| c.text.len()).sum();
        if markdown.len() + criteria <= budget {
            let html = super::html::body(markdown);
            budget = budget.saturating_sub(html.len() + criteria);
            card.body = Some(html);
        } else {
            budget = 0;
            left_out += 1;
            card.criteria.clear();
        }
        items.push(card);
    }
    let top = config.ready.top;
    let open_top: Vec<&Card> = items
        .iter()
        .filter(|c| c.rank.is_some() && !c.closed)
        .take(top)
        .collect();
    BoardView {
        version: 1,
        name: backlog.location.display(&backlog.location.root),
        states: config.states.clone(),
        kinds: config.kinds.keys().cloned().collect(),
        gauge: Gauge {
            ready: open_top.iter().filter(|c| c.ready).count(),
            of: open_top.len(),
            top,
        },
        weeks: super::charts::weeks(inputs.events.unwrap_or_default()),
        history: inputs.events.is_some(),
        since,
        bodies_left_out: left_out,
        items,
        live: inputs.live,
    }
}

/// Puts `lint::run`'s findings on the cards of the files they are about (lint runs beside
/// `gather`, on another thread).
pub fn attach_findings(view: &mut BoardView, diagnostics: &[Diagnostic]) {
    let mut by_path: HashMap<&str, Vec<Finding>> = HashMap::new();
    for d in diagnostics {
        by_path.entry(d.path.as_str()).or_default().push(Finding {
            rule: d.rule,
            severity: d.severity.as_str(),
            message: d.message.clone(),
        });
    }
    for card in &mut view.items {
        card.findings = by_path.remove(card.path.as_str()).unwrap_or_default();
    }
}

/// One card, readiness judged as `list` (ready, lacks) and `show` (required) judge it.
fn card(backlog: &Backlog, item: &Item, position: Option<usize>) -> Card {
    let config = &backlog.config;
    let valid = item.is_readable();
    let gaps = ready::gaps(item, config);
    let mut lacks: Vec<String> = gaps.iter().map(|g| g.label.clone()).collect();
    if valid && !config.kinds.contains_key(item.kind()) {
        lacks.insert(0, "kind".into());
    }
    let f = &item.parsed.fields;
    let rank = backlog.rank(&item.id);
    let criteria: Vec<Criterion> = item
        .parsed
        .criteria_in(&config.criteria_section)
        .map(|c| Criterion {
            text: c.text.clone(),
            checked: c.checked,
        })
        .collect();
    Card {
        id: item.id.clone(),
        title: item.title().to_owned(),
        kind: item.kind().to_owned(),
        state: item.state().to_owned(),
        owner: item.owner().map(str::to_owned),
        estimate: f.estimate.as_ref().map(|e| e.value),
        tags: f.tags.iter().map(|t| t.value.clone()).collect(),
        rank,
        reason: None,
        ready: valid && lacks.is_empty(),
        required: ready::trigger(item, config, position.filter(|_| rank.is_some()))
            .map(|t| t.to_string()),
        lacks,
        findings: Vec::new(),
        closed: config.is_closed(item.state()),
        valid,
        path: item.path.clone(),
        criteria_ticked: criteria.iter().filter(|c| c.checked).count(),
        criteria_total: criteria.len(),
        criteria,
        body: None,
        events: Vec::new(),
        moved: None,
    }
}

fn body_text(item: &Item) -> &str {
    item.parsed
        .layout
        .as_ref()
        .zip(item.source.as_ref())
        .map_or("", |(l, s)| &s.text[l.body.clone()])
}
