//! The Backlog.md importer: a folder of Markdown tasks with YAML frontmatter and a config.yml.
//!
//! The input is split at NUL bytes: the first part is `config.yml`, each other part a file
//! whose first byte picks its folder (`tasks/`, `completed/`, `archive/tasks/`, `drafts/`,
//! `archive/drafts/`, or a non-task `docs/` file) and whose rest is its bytes. Properties: the
//! ones of `common/import.rs` (no panic; the plan is a backlog lint can read).
#![no_main]

#[path = "common/import.rs"]
mod common;

use backlog::exchange::InputFile;
use backlog::exchange::backlog_md::BacklogMd;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

const FOLDERS: [&str; 6] = [
    "tasks",
    "completed",
    "archive/tasks",
    "drafts",
    "archive/drafts",
    "docs",
];

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let mut files = vec![InputFile {
        path: "config.yml".into(),
        bytes: parts.next().unwrap_or_default().to_vec(),
    }];
    for (i, part) in parts.enumerate() {
        let Some((&pick, bytes)) = part.split_first() else {
            continue;
        };
        let folder = FOLDERS[usize::from(pick) % FOLDERS.len()];
        files.push(InputFile {
            path: format!("{folder}/task-{} - Task {i}.md", i + 1),
            bytes: bytes.to_vec(),
        });
    }
    let source = BacklogMd {
        states: BTreeMap::new(),
        kinds: BTreeMap::new(),
    };
    common::check(&source, &files);
});
