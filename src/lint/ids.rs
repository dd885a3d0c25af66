//! Rules about IDs across items: the same ID in two files, letters case ignored.

use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use std::collections::HashMap;

/// Reported on every file that shares the ID, so `lint FILE` on any of them shows it.
pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let mut by_id: HashMap<String, Vec<&str>> = HashMap::with_capacity(backlog.items.len());
    for item in &backlog.items {
        by_id
            .entry(item.id.to_ascii_lowercase())
            .or_default()
            .push(&item.path);
    }
    for item in &backlog.items {
        let paths = &by_id[&item.id.to_ascii_lowercase()];
        if paths.len() < 2 {
            continue;
        }
        let others: Vec<&str> = paths.iter().copied().filter(|p| *p != item.path).collect();
        out.push(duplicate_id(&item.id, &item.path, &others));
    }
}

/// ID001 on `path`: `id` is also the ID of `others`. `show` reports the same finding.
pub fn duplicate_id(id: &str, path: &str, others: &[impl AsRef<str>]) -> Diagnostic {
    let others: Vec<&str> = others.iter().map(AsRef::as_ref).collect();
    Diagnostic::new("ID001", path, format!("{id} is also the ID of {}", others.join(", ")))
        .help("give one of them a free ID with `backlog renumber OLD NEW --file PATH` (for example after two branches both created it)")
}
