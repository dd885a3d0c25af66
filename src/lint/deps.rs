//! Rules about `depends_on`: dependencies exist, are not circular, and nothing is ranked above
//! an unfinished item it depends on. Linear in items plus edges; no recursion.

use super::NoCase;
use crate::diagnostic::Diagnostic;
use crate::load::{Backlog, Item};
use std::collections::HashMap;

pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let mut index: HashMap<NoCase, usize> = HashMap::with_capacity(backlog.items.len());
    for (i, item) in backlog.items.iter().enumerate() {
        // The last item of an ID wins, as `collect` into a map keeps the last.
        index.insert(NoCase(&item.id), i);
    }
    // Edges by item index; unknown targets are reported and left out of the graph.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); backlog.items.len()];
    for (i, item) in backlog.items.iter().enumerate() {
        let Some(source) = &item.source else { continue };
        for dep in &item.parsed.fields.depends_on {
            match index.get(&NoCase(&dep.value)) {
                Some(&j) => edges[i].push(j),
                None => out.push(
                    Diagnostic::new(
                        "DEP001",
                        &item.path,
                        format!(
                            "{} depends on `{}`, which does not exist",
                            item.id, dep.value
                        ),
                    )
                    .at(source, dep.span.clone())
                    .help("fix the ID, or remove it if that work was dropped"),
                ),
            }
        }
    }
    cycles(&backlog.items, &edges, out);
    ranked_above(backlog, &index, out);
}

/// Reports each dependency cycle once, at the item of the cycle that sorts first by path.
fn cycles(items: &[Item], edges: &[Vec<usize>], out: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; items.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..items.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (node, next edge to follow).
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Open;
        path.push(start);
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                match mark[target] {
                    Mark::New => {
                        mark[target] = Mark::Open;
                        path.push(target);
                        stack.push((target, 0));
                    }
                    Mark::Open => {
                        let from = path.iter().rposition(|&n| n == target).unwrap_or(0);
                        report_cycle(items, &path[from..], out);
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                path.pop();
                stack.pop();
            }
        }
    }
}

/// Reports a cycle on each of its members, each naming the circle from itself, so `lint FILE`
/// on any member shows it.
fn report_cycle(items: &[Item], members: &[usize], out: &mut Vec<Diagnostic>) {
    for at in 0..members.len() {
        let mut names: Vec<&str> = members[at..]
            .iter()
            .chain(&members[..at])
            .map(|&i| items[i].id.as_str())
            .collect();
        names.push(&items[members[at]].id);
        let item = &items[members[at]];
        let mut d = Diagnostic::new(
            "DEP002",
            &item.path,
            format!("dependency cycle: {}", names.join(" → ")),
        )
        .help("break the circle: split out the shared part, or drop one of the dependencies");
        if let (Some(source), Some(dep)) = (&item.source, item.parsed.fields.key("depends_on")) {
            d = d.at(source, dep.key.clone());
        }
        out.push(d);
    }
}

fn ranked_above(backlog: &Backlog, index: &HashMap<NoCase, usize>, out: &mut Vec<Diagnostic>) {
    let Some(ranking) = &backlog.ranking else {
        return;
    };
    let path = backlog.ranking_path();
    for entry in ranking.ranked() {
        let Some(&i) = index.get(&NoCase(&entry.id)) else {
            continue;
        };
        let item = &backlog.items[i];
        if backlog.config.is_closed(item.state()) {
            continue;
        }
        let rank = ranking.rank(&entry.id).unwrap_or(0);
        for dep in &item.parsed.fields.depends_on {
            let Some(&j) = index.get(&NoCase(&dep.value)) else {
                continue;
            };
            let target = &backlog.items[j];
            if backlog.config.is_closed(target.state()) || i == j {
                continue;
            }
            let below = match ranking.rank(&target.id) {
                Some(r) if r < rank => continue,
                Some(r) => format!("#{r}"),
                None => "untriaged".to_owned(),
            };
            out.push(
                Diagnostic::new(
                    "DEP003",
                    &path,
                    format!("{} is ranked #{rank}, above {} ({below}), which it depends on and which is not done", item.id, target.id),
                )
                .at(&ranking.source, entry.id_span.clone())
                .help(format!("rank {} above {}, or move {} down", target.id, item.id, item.id)),
            );
        }
    }
}
