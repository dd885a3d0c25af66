//! The test harness: a backlog in a temp directory (optionally a git repository), a hermetic
//! `backlog` command, git with a fixed author and an advancing clock, and helpers that every
//! test file shares (tree snapshots, the writers' lock, a seeded generator, item texts).
//!
//! - `env`: the one hermetic environment of every process the tests start;
//! - `repo`: `TestRepo`, its files and its `backlog` runs;
//! - `git`: git runs and commits on a `TestRepo`, with the clock;
//! - `run`: the outcome of a run and the findings of `lint --format json`;
//! - `tree`: snapshots of a directory, for "nothing changed" checks;
//! - `lock`: holding the lock `backlog` writers take;
//! - `rng`: the seeded generator of the randomised tests;
//! - `tools`: what some tests need beyond git and bash (strace, root), and how they ask for it;
//! - `fixtures`: item texts.

#![allow(dead_code)]

mod env;
mod fixtures;
mod git;
mod lock;
mod repo;
mod rng;
mod run;
mod tools;
mod tree;

pub use env::{backlog_bin, hermetic_in};
pub use fixtures::{draft_story, draft_with, item_text, ready_story, ready_story_in};
pub use lock::{Holder, hold_lock};
pub use repo::TestRepo;
pub use rng::Rng;
pub use run::{Finding, RawRun, Run};
pub use tools::{is_root, require_root, require_strace, succeeds};
pub use tree::{Files, Snapshot, TEMP_PREFIX, copy_tree, differing, files, is_temp, temps_in};
