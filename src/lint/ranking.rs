//! Rules about ranking.txt against the items: unknown IDs, duplicates, letter case, and
//! (off by default) untriaged items.

use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use std::collections::HashMap;

pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let Some(ranking) = &backlog.ranking else {
        return;
    };
    let path = backlog.ranking_path();
    let items: HashMap<String, &str> = backlog
        .items
        .iter()
        .map(|i| (i.id.to_ascii_lowercase(), i.id.as_str()))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for entry in &ranking.entries {
        let key = entry.id.to_ascii_lowercase();
        let line = ranking.source.lines.line(entry.line.start);
        let at = |d: Diagnostic| d.at(&ranking.source, entry.id_span.clone());
        if let Some(first) = seen.get(&key) {
            out.push(at(Diagnostic::new(
                "ORD002",
                &path,
                format!("{} is already ranked on line {first}", entry.id),
            )
            .help("keep the line at the agreed place and remove the other")));
            continue;
        }
        seen.insert(key.clone(), line);
        match items.get(&key) {
            None => out.push(at(Diagnostic::new(
                "ORD001",
                &path,
                format!("no item has the ID {}", entry.id),
            )
            .help("remove the line, or restore the item file"))),
            Some(real) if *real != entry.id => out.push(at(Diagnostic::new(
                "ORD006",
                &path,
                format!("`{}` differs in letter case from the item {real}", entry.id),
            )
            .help(format!("write {real}")))),
            Some(_) => {}
        }
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
