//! What a `rank` or `unrank` just did to the ranking's lint: the findings the move creates
//! about the moved item (DEP003 ranked above what it depends on, ORD007 a closed item ranked),
//! for the command to warn about. It reads only the moved item, its dependencies and the items
//! the move passed over, never the whole backlog.

use crate::config::Config;
use crate::load::{self, LazyItems, Location};
use crate::ranking::Ranking;
use std::collections::HashMap;
use std::path::PathBuf;

/// One finding a move created: the rule's code, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

/// After `rank` put `id` at its place in `ranking_text` (it was at `from`, or untriaged).
pub fn after_rank(
    location: &Location,
    index: &HashMap<String, PathBuf>,
    id: &str,
    from: Option<usize>,
    ranking_text: &str,
) -> Vec<Placement> {
    let mut out = Vec::new();
    let Some(config) = crate::store::read::config(location, &mut Vec::new()) else {
        return out;
    };
    let ranking = crate::store::read::ranking_from(ranking_text);
    let mut items = LazyItems::new(location, index);
    let Some(item) = items.get(id).cloned() else {
        return out;
    };
    let Some(rank) = ranking.rank(id) else {
        return out;
    };
    if config.is_closed(item.state()) {
        if config.unrank_closed && on(&config, "ORD007") {
            out.push(Placement {
                code: "ORD007",
                message: format!(
                    "{id} is `{}` but ranked #{rank}: the ranking is the order of the work still to do",
                    item.state()
                ),
                help: format!("reopen it, or take it out: backlog unrank {id}"),
            });
        }
        return out;
    }
    if !on(&config, "DEP003") {
        return out;
    }
    for dep in &item.parsed.fields.depends_on {
        let Some(target) = items.get(&dep.value) else {
            continue;
        };
        if config.is_closed(target.state()) || target.id.eq_ignore_ascii_case(id) {
            continue;
        }
        let below = match ranking.rank(&target.id) {
            Some(r) if r < rank => continue,
            Some(r) => format!("#{r}"),
            None => "untriaged".to_owned(),
        };
        out.push(dep003(id, rank, &target.id, &below));
    }
    // Moved down: the items it passed over now sit above it.
    if let Some(from) = from.filter(|&f| f < rank) {
        for (other, r) in ranked_between(&ranking, from, rank - 1) {
            if depends_on(&mut items, &config, &other, id) {
                out.push(dep003(&other, r, id, &format!("#{rank}")));
            }
        }
    }
    out
}

/// After `unrank` took `id` out of the ranking (it was at `from`): the items that were below
/// it and depend on it are now ranked above an untriaged dependency.
pub fn after_unrank(
    location: &Location,
    id: &str,
    from: Option<usize>,
    ranking_text: &str,
) -> Vec<Placement> {
    let mut out = Vec::new();
    let Some(from) = from else { return out };
    let Some(config) = crate::store::read::config(location, &mut Vec::new()) else {
        return out;
    };
    let Ok(index) = load::index(location) else {
        return out;
    };
    let mut items = LazyItems::new(location, &index);
    let open = items.get(id).is_some_and(|i| !config.is_closed(i.state()));
    if !open || !on(&config, "DEP003") {
        return out;
    }
    let ranking = crate::store::read::ranking_from(ranking_text);
    for (other, r) in ranked_between(&ranking, from, usize::MAX) {
        if depends_on(&mut items, &config, &other, id) {
            out.push(dep003(&other, r, id, "untriaged"));
        }
    }
    out
}

fn on(config: &Config, code: &str) -> bool {
    crate::lint::find_rule(code)
        .is_some_and(|r| crate::lint::level(config, r) != crate::config::Level::Off)
}

fn dep003(id: &str, rank: usize, dep: &str, below: &str) -> Placement {
    Placement {
        code: "DEP003",
        message: format!(
            "{id} is ranked #{rank}, above {dep} ({below}), which it depends on and which is not done"
        ),
        help: format!("rank {dep} above {id}, or move {id} down"),
    }
}

/// The IDs ranked at `first..=last` (1-based), with their ranks.
fn ranked_between(ranking: &Ranking, first: usize, last: usize) -> Vec<(String, usize)> {
    ranking
        .ranked()
        .filter_map(|e| ranking.rank(&e.id).map(|r| (e.id.clone(), r)))
        .filter(|&(_, r)| r >= first && r <= last)
        .collect()
}

/// Does the open item `other` depend on `id`?
fn depends_on(items: &mut LazyItems, config: &Config, other: &str, id: &str) -> bool {
    items.get(other).is_some_and(|o| {
        !config.is_closed(o.state())
            && o.parsed
                .fields
                .depends_on
                .iter()
                .any(|d| d.value.eq_ignore_ascii_case(id))
    })
}

/// ORD007: every done or dropped item the ranking lists.
pub fn check(backlog: &crate::load::Backlog, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    let Some(ranking) = backlog
        .ranking
        .as_ref()
        .filter(|_| backlog.config.unrank_closed)
    else {
        return;
    };
    let by_id: HashMap<super::NoCase, &crate::load::Item> = backlog
        .items
        .iter()
        .map(|i| (super::NoCase(&i.id), i))
        .collect();
    let path = backlog.ranking_path();
    for entry in ranking.ranked() {
        let Some(item) = by_id.get(&super::NoCase(&entry.id)) else {
            continue;
        };
        if backlog.config.is_closed(item.state()) {
            out.push(
                crate::diagnostic::Diagnostic::new(
                    "ORD007",
                    &path,
                    format!("{} is `{}` but still ranked", item.id, item.state()),
                )
                .at(&ranking.source, entry.id_span.clone())
                .help(format!("take it out: backlog unrank {}", item.id)),
            );
        }
    }
}
