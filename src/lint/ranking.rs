//! Rules about ranking.txt against the items: unknown IDs, duplicates, letter case, and
//! (off by default) untriaged items.

use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use std::collections::HashMap;

/// Findings of one rule listed for ranking.txt; past that, one finding counts the rest, so a
/// ranking of a million dangling lines (under the size cap) costs bounded memory and output.
pub const MAX_PER_RULE: usize = 10_000;

/// How many findings of each rule were listed, and how many were left out.
#[derive(Default)]
struct Reported(Vec<(&'static str, usize)>);

impl Reported {
    /// Counts one finding of `rule`; true while it is still to be listed.
    fn take(&mut self, rule: &'static str) -> bool {
        let at = match self.0.iter().position(|(r, _)| *r == rule) {
            Some(at) => at,
            None => {
                self.0.push((rule, 0));
                self.0.len() - 1
            }
        };
        self.0[at].1 += 1;
        self.0[at].1 <= MAX_PER_RULE
    }

    fn omitted(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.0
            .iter()
            .filter(|(_, n)| *n > MAX_PER_RULE)
            .map(|(r, n)| (*r, n - MAX_PER_RULE))
    }
}

pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let Some(ranking) = &backlog.ranking else {
        return;
    };
    let path = backlog.ranking_path();
    let items: HashMap<super::NoCase, &str> = backlog
        .items
        .iter()
        .map(|i| (super::NoCase(&i.id), i.id.as_str()))
        .collect();
    let mut reported = Reported::default();
    for (index, entry) in ranking.entries.iter().enumerate() {
        let at = |d: Diagnostic| d.at(&ranking.source, entry.id_span.clone());
        let first = ranking.first_of(index);
        if first != index {
            if reported.take("ORD002") {
                let line = ranking.source.lines.line(ranking.entries[first].line.start);
                out.push(at(Diagnostic::new(
                    "ORD002",
                    &path,
                    format!("{} is already ranked on line {line}", entry.id),
                )
                .help("keep the line at the agreed place and remove the other")));
            }
            continue;
        }
        match items.get(&super::NoCase(&entry.id)) {
            None if reported.take("ORD001") => out.push(at(Diagnostic::new(
                "ORD001",
                &path,
                format!("no item has the ID {}", entry.id),
            )
            .help("remove the line, or restore the item file"))),
            Some(real) if *real != entry.id && reported.take("ORD006") => {
                out.push(at(Diagnostic::new(
                    "ORD006",
                    &path,
                    format!("`{}` differs in letter case from the item {real}", entry.id),
                )
                .help(format!("write {real}"))))
            }
            _ => {}
        }
    }
    for (rule, count) in reported.omitted() {
        out.push(
            Diagnostic::new(
                rule,
                &path,
                format!("{count} more lines like the {MAX_PER_RULE} above are not listed"),
            )
            .help("fix the lines listed, then lint again to see the rest"),
        );
    }
    // Off by default: do not format a finding per untriaged item only to drop it.
    let untriaged = crate::lint::find_rule("ORD003")
        .is_some_and(|r| crate::lint::level(&backlog.config, r) != crate::config::Level::Off);
    for item in backlog.items.iter().filter(|_| untriaged) {
        if ranking.rank(&item.id).is_none() && !backlog.config.is_closed(item.state()) {
            out.push(
                Diagnostic::new("ORD003", &item.path, format!("{} is not ranked", item.id))
                    .help(format!("rank it: backlog rank {} --bottom", item.id)),
            );
        }
    }
}
