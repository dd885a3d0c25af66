//! The command line's top: `Cli`, the global flags and the subcommand (whose list and
//! arguments live in `commands`). Doc comments here are the user's help text.

pub mod complete;

use crate::commands::Command;
use clap::{Parser, ValueEnum};
use std::path::PathBuf;

/// A product backlog kept as code: Markdown items, a reviewable ranking, and a Definition of
/// Ready that CI checks.
#[derive(Debug, Parser)]
#[command(
    name = "backlog",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The backlog directory (holding backlog.toml), or a directory holding backlog/.
    /// Default: found by walking up from the current directory.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub root: Option<PathBuf>,

    /// When to use colors; `auto` honours NO_COLOR, CLICOLOR_FORCE and pipes.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = Color::Auto,
        value_name = "WHEN",
        help_heading = "Global options"
    )]
    pub color: Color,

    /// Neither read nor write the work-tree index in the git directory (lint, list, show and
    /// rank then read every file they need); the answers are the same either way.
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl From<Color> for anstream::ColorChoice {
    fn from(c: Color) -> Self {
        match c {
            Color::Auto => anstream::ColorChoice::Auto,
            Color::Always => anstream::ColorChoice::Always,
            Color::Never => anstream::ColorChoice::Never,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
