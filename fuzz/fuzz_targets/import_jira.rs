//! The Jira importer: its CSV export ("Export Excel CSV (all fields)").
//!
//! The input is the CSV file. Properties: the ones of `common/import.rs` (no panic; the plan
//! is a backlog lint can read).
#![no_main]

#[path = "common/import.rs"]
mod common;

use backlog::exchange::InputFile;
use backlog::exchange::jira::Jira;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let files = [InputFile {
        path: "jira.csv".into(),
        bytes: data.to_vec(),
    }];
    let source = Jira {
        kinds: BTreeMap::new(),
        states: BTreeMap::new(),
    };
    common::check(&source, &files);
});
