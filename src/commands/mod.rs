//! One short file per verb: gather from the nouns → build the verb's view → hand it to
//! `render` → return an `Outcome`. This module owns what the verbs share: the `Command` list,
//! the `--format` value enums, `Outcome`, and the `Context` of global flags.
//! No verb imports another verb: what two verbs share is a noun (`store`, `numbering`,
//! `diff`) or a renderer.

pub mod blame;
pub mod board;
pub mod changelog;
pub mod diff;
pub mod doctor;
pub mod done;
pub mod drop;
pub mod edit;
pub mod export;
pub mod filter;
pub mod forecast;
pub mod history;
pub mod import;
pub mod init;
pub mod lint;
pub mod lint_fix;
pub mod list;
pub mod lsp;
pub mod merge_driver;
pub mod meta;
pub mod new;
pub mod rank;
pub mod renumber;
pub mod search;
pub mod serve;
pub mod set;
pub mod show;
pub mod start;
pub mod unrank;
pub mod value;

use crate::git::{self, Head};
use crate::load::Location;
use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    New(new::Args),
    List(list::Args),
    Show(show::Args),
    Search(search::Args),
    Lint(lint::Args),
    Rank(rank::Args),
    Unrank(unrank::Args),
    Renumber(renumber::Args),
    Set(set::Args),
    Start(start::Args),
    Done(done::Args),
    Drop(drop::Args),
    Edit(edit::Args),
    History(history::Args),
    Blame(blame::Args),
    Diff(diff::Args),
    Board(board::Args),
    Serve(serve::Args),
    Import(import::Args),
    Export(export::Args),
    Value(value::Args),
    Forecast(forecast::Args),
    Changelog(changelog::Args),
    Doctor(doctor::Args),
    MergeDriver(merge_driver::Args),
    Lsp(lsp::Args),
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
    Junit,
    Gitlab,
}

/// Output formats for reports that are also posted (`value`, `forecast`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Markdown,
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

pub use crate::store::Refused;

/// `id` when it has the form of an item ID; a refusal (exit 1) naming it otherwise, for the
/// verbs that write.
pub fn checked_id(id: &str) -> Result<&str> {
    if crate::id::is_valid_id(id) {
        Ok(id)
    } else {
        Err(Refused(format!(
            "`{}` is not an item ID (expected PREFIX-NUMBER, such as MS-12); nothing was changed",
            crate::sanitize::line(id)
        ))
        .into())
    }
}

/// The longest `--wait` a writer accepts, in seconds (one day).
pub const MAX_WAIT_SECS: f64 = 86_400.0;

/// `--wait SECS`, parsed strictly: a finite number of seconds from 0 to one day. NaN,
/// infinities, negative and larger values are usage errors (exit 2), never a panic.
pub fn wait_secs(text: &str) -> std::result::Result<f64, String> {
    let secs: f64 = text.parse().map_err(|_| {
        format!(
            "`{}` is not a number of seconds",
            crate::sanitize::line(text)
        )
    })?;
    if !secs.is_finite() || !(0.0..=MAX_WAIT_SECS).contains(&secs) {
        return Err(format!(
            "`{}` is not a wait: give seconds from 0 to {MAX_WAIT_SECS} (one day)",
            crate::sanitize::line(text)
        ));
    }
    Ok(secs)
}

/// What every command gets from the global flags.
pub struct Context {
    pub cwd: PathBuf,
    pub root: Option<PathBuf>,
    pub color: anstream::ColorChoice,
    /// `--no-cache`: the work-tree index is neither read nor written.
    pub no_cache: bool,
}

impl Context {
    /// The backlog the flags and the current directory point at.
    pub fn location(&self) -> Result<Location> {
        Location::find(&self.cwd, self.explicit_root().as_deref())
    }

    /// `--root`, else $BACKLOG_ROOT (as CI or a hook may set it); `None` means discovery.
    pub fn explicit_root(&self) -> Option<PathBuf> {
        self.root.clone().or_else(|| {
            std::env::var_os(crate::load::ROOT_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// The backlog and the git repository holding it, for the verbs that read its history.
    /// Refuses a backlog outside git, outside the work tree, or in a bare repository.
    pub fn repo(&self) -> Result<Repo> {
        let location = self.location()?;
        let Some(git) = git::Repo::discover(&location.root)? else {
            bail!(
                "{} is not in a git repository: history comes from git\nhint: `git init` and commit the backlog",
                location.root.display()
            );
        };
        let Some(top) = git.workdir().and_then(|t| t.canonicalize().ok()) else {
            bail!("the repository has no work tree");
        };
        let ranking = match location.ranking_path().strip_prefix(&top) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => bail!(
                "{} is outside the repository's work tree",
                location.ranking_path().display()
            ),
        };
        let head = match git.head()? {
            Head::Commit(id) => Some(id),
            Head::Unborn => None,
        };
        Ok(Repo {
            location,
            git,
            ranking,
            head,
        })
    }
}

/// A backlog inside a git repository that has a work tree.
pub struct Repo {
    pub location: Location,
    pub git: git::Repo,
    /// ranking.txt's path from the top of the work tree, with `/`.
    pub ranking: String,
    /// HEAD's commit; `None` when there are no commits yet.
    pub head: Option<String>,
}

impl Repo {
    /// The backlog directory from the top of the work tree; empty when it is the top.
    pub fn backlog_dir(&self) -> String {
        self.ranking
            .trim_end_matches(crate::load::RANKING_FILE)
            .trim_end_matches('/')
            .to_owned()
    }
}
