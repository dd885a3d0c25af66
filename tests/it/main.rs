//! One integration-test binary: every test drives the real `backlog` binary against real files
//! and real git repositories in temp directories.

mod architecture;
mod board;
mod catalogue;
mod ci;
mod cli_polish;
mod docs;
mod economics;
mod exchange;
mod faults;
mod find;
mod fix;
mod front;
mod front_door;
mod git_states;
mod history;
mod index;
mod init;
mod lifecycle;
mod lint;
mod list;
mod lsp;
mod merge_driver;
mod new;
mod output;
mod properties;
mod rank;
mod reliability_doc;
mod renumber;
mod scale;
mod schema;
mod show;
mod snapshots;
mod support;
mod workflow;
