//! Economics rules: numbers that cannot be weighed (ECO001) and debt that pays for itself soon
//! but waits below the top of the ranking (ECO002, off by default). The spike clock (ECO003)
//! needs git and is judged in `economics::timebox`.

use crate::diagnostic::Diagnostic;
use crate::economics::{break_even_weeks, measure::number};
use crate::load::{Backlog, Item};
use crate::text::Source;
use std::ops::Range;

pub(super) fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    for item in backlog.items.iter().filter(|i| i.is_readable()) {
        if let Some(source) = &item.source {
            invalid(backlog, item, source, out);
        }
    }
    pays_back_soon(backlog, out);
}

fn invalid(backlog: &Backlog, item: &Item, source: &Source, out: &mut Vec<Diagnostic>) {
    let f = &item.parsed.fields;
    let mut report = |span: Range<usize>, message: String, help: &str| {
        out.push(
            Diagnostic::new("ECO001", &item.path, format!("{}: {message}", item.id))
                .at(source, span)
                .help(help.to_owned()),
        );
    };
    let components = [
        ("business_value", &f.business_value),
        ("time_criticality", &f.time_criticality),
        ("risk_reduction", &f.risk_reduction),
    ];
    let scale = &backlog.config.economics.scale;
    for (name, field) in components {
        if let Some(field) = field
            && !scale.iter().any(|s| (s - field.value).abs() < 1e-9)
        {
            let listed: Vec<String> = scale.iter().map(|s| number(*s)).collect();
            report(
                field.span.clone(),
                format!(
                    "`{name}` = {} is not on the team's scale",
                    number(field.value)
                ),
                &format!("use one of {} (`[economics] scale`)", listed.join(", ")),
            );
        }
    }
    let given: Vec<_> = components.iter().filter(|(_, f)| f.is_some()).collect();
    if f.cost_of_delay.is_none()
        && !given.is_empty()
        && given.len() < components.len()
        && let Some((_, Some(first))) = given.first()
    {
        let missing: Vec<String> = components
            .iter()
            .filter(|(_, f)| f.is_none())
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        report(
            first.key.clone(),
            format!(
                "WSJF needs all three components; {} missing",
                missing.join(" and ")
            ),
            "add the missing components, or give `cost_of_delay` directly",
        );
    }
    let has_cost = f.cost_of_delay.is_some() || !given.is_empty();
    if has_cost
        && let Some(estimate) = &f.estimate
        && estimate.value == 0
    {
        report(
            estimate.span.clone(),
            "`estimate` is 0, so its cost of delay cannot be divided by its size".into(),
            "give the size of the work, above 0; a task too small to size can join another item",
        );
    }
    match (&f.estimate_low, &f.estimate_high) {
        (Some(low), Some(high)) if low.value > high.value => report(
            low.span.clone(),
            format!(
                "the estimate range runs backwards: `estimate_low` {} is above `estimate_high` {}",
                number(low.value),
                number(high.value)
            ),
            "write the smaller number in `estimate_low`",
        ),
        (Some(_), Some(high)) if high.value <= 0.0 => report(
            high.span.clone(),
            "the estimate range is 0".into(),
            "give the size of the work, above 0",
        ),
        (Some(one), None) | (None, Some(one)) => {
            let (has, lacks) = if f.estimate_low.is_some() {
                ("estimate_low", "estimate_high")
            } else {
                ("estimate_high", "estimate_low")
            };
            report(
                one.key.clone(),
                format!("`{has}` without `{lacks}`: a range needs both ends"),
                &format!("add `{lacks}`, or remove `{has}`"),
            );
        }
        _ => {}
    }
}

fn pays_back_soon(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let config = &backlog.config;
    let economics = &config.economics;
    let mut open_rank = std::collections::HashMap::new();
    let items = crate::economics::by_id(backlog);
    if let Some(ranking) = &backlog.ranking {
        for entry in ranking.ranked() {
            if let Some(item) = items.get(&entry.id.to_ascii_lowercase())
                && !config.is_closed(item.state())
            {
                let next = open_rank.len() + 1;
                open_rank.insert(super::NoCase(&item.id), next);
            }
        }
    }
    for item in &backlog.items {
        if item.kind() != "debt" || !item.is_readable() || config.is_closed(item.state()) {
            continue;
        }
        let Some(weeks) = break_even_weeks(item, economics) else {
            continue;
        };
        let place = open_rank.get(&super::NoCase(&item.id)).copied();
        if weeks >= economics.break_even_weeks
            || place.is_some_and(|p| p <= economics.break_even_top)
        {
            continue;
        }
        let (Some(source), Some(effort)) = (&item.source, &item.parsed.fields.fix_effort) else {
            continue;
        };
        let place = place.map_or("is not ranked".to_owned(), |p| {
            format!(
                "is #{p} of the open items, below the top {}",
                economics.break_even_top
            )
        });
        out.push(
            Diagnostic::new(
                "ECO002",
                &item.path,
                format!(
                    "{} pays for itself in {} weeks (under {}), but {place}",
                    item.id,
                    number(weeks),
                    number(economics.break_even_weeks)
                ),
            )
            .at(source, effort.key.clone())
            .help("rank it higher (backlog rank), or say in ranking.txt why it waits"),
        );
    }
}
