//! Rules about IDs across items: the same ID in two files, letters case ignored.

use crate::diagnostic::Diagnostic;
use crate::load::Backlog;
use std::collections::HashMap;

pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, &str> = HashMap::with_capacity(backlog.items.len());
    for item in &backlog.items {
        match first.get(&item.id.to_ascii_lowercase()) {
            Some(other) => out.push(
                Diagnostic::new("ID001", &item.path, format!("{} is also the ID of {other}", item.id))
                    .help("give one of them a free ID with `backlog renumber OLD NEW` (for example after two branches both created it)"),
            ),
            None => {
                first.insert(item.id.to_ascii_lowercase(), &item.path);
            }
        }
    }
}
