//! The GitHub issues importer: the JSON `gh issue list --json …` prints.
//!
//! The first byte picks the ranking order (created, updated, priority label); the rest is the
//! JSON file. Properties: the ones of `common/import.rs` (no panic; the plan is a backlog
//! lint can read).
#![no_main]

#[path = "common/import.rs"]
mod common;

use backlog::exchange::InputFile;
use backlog::exchange::github::{GitHub, Order};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else {
        return;
    };
    let order = match pick % 3 {
        0 => Order::Created,
        1 => Order::Updated,
        _ => Order::LabelPriority,
    };
    let files = [InputFile {
        path: "issues.json".into(),
        bytes: json.to_vec(),
    }];
    let source = GitHub {
        order,
        kinds: BTreeMap::new(),
        states: BTreeMap::new(),
    };
    common::check(&source, &files);
});
