//! One short file per verb: gather from the nouns → build the verb's view → hand it to
//! `render` → return an `Outcome`. This module owns what the verbs share: the `Command` list,
//! the `--format` value enums, `Outcome`, and the `Context` of global flags.
//! No verb imports another verb: what two verbs share is a noun (`store`, `numbering`,
//! `diff`) or a renderer.

pub mod diff;
pub mod doctor;
pub mod history;
pub mod init;
pub mod lint;
pub mod list;
pub mod merge_driver;
pub mod meta;
pub mod new;
pub mod rank;
pub mod renumber;
pub mod show;

use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    New(new::Args),
    List(list::Args),
    Show(show::Args),
    Lint(lint::Args),
    Rank(rank::Args),
    Unrank(rank::UnrankArgs),
    Renumber(renumber::Args),
    History(history::Args),
    Blame(history::BlameArgs),
    Diff(diff::Args),
    Doctor(doctor::Args),
    MergeDriver(merge_driver::Args),
    Completions(meta::CompletionsArgs),
    Man(meta::ManArgs),
    Schema(meta::SchemaArgs),
}

/// Output formats for data commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Github,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: findings in the user's files, or a write refused because content is invalid.
    Findings,
    /// Exit 2 after printing results: some files could not be read (permissions, I/O), so the
    /// check is incomplete and must not pass as clean or as mere findings.
    Incomplete,
}

/// A write refused because the result would be invalid content: exit 1, nothing changed.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// What every command gets from the global flags.
pub struct Context {
    pub cwd: PathBuf,
    pub root: Option<PathBuf>,
    pub color: anstream::ColorChoice,
}
