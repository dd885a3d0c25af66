//! Rules about IDs across items: the same ID in two files, letters case ignored.

use super::NoCase;
use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use std::collections::HashMap;

/// Reported on every file that shares the ID, so `lint FILE` on any of them shows it.
pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    // The first item of each ID; only the IDs seen twice get their list of paths.
    let mut first: HashMap<NoCase, usize> = HashMap::with_capacity(backlog.items.len());
    let mut shared: HashMap<NoCase, Vec<&str>> = HashMap::new();
    for (i, item) in backlog.items.iter().enumerate() {
        let key = NoCase(&item.id);
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&j) => shared
                .entry(key)
                .or_insert_with(|| vec![backlog.items[j].path.as_str()])
                .push(&item.path),
        }
    }
    if shared.is_empty() {
        return;
    }
    for item in &backlog.items {
        let Some(paths) = shared.get(&NoCase(&item.id)) else {
            continue;
        };
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
