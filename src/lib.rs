//! `backlog`: a product backlog kept as code in the product's own git repository.
//!
//! Layers, each importing only from those below it:
//! `text`, `id`, `rules`, `order`, `lock` → `sanitize`, `diagnostic`, `git`, `write` →
//! `item`, `ranking`, `config`, `merge`, `templates` → `load`, `history`, `ready` → `lint`,
//! `diff` → `policy` (which builds on `diff`) → `store`, `numbering`, `fix` → `render` →
//! `commands`, `lsp` → `cli`, this file, `main.rs`.
//! A verb in `commands` gathers from the nouns into a view struct (plain data) and hands it
//! to `render`, the only writer of stdout (but for `lsp`, whose transport owns stdout while
//! the language server runs). `git` is the only module that talks to git2.
//!
//! Who writes files, all but the last three through `write`'s atomic recipe (temp file, fsync,
//! rename or link; compare-and-swap when replacing): `store` edits ranking.txt and item files
//! under the writer lock (rank, unrank, new, renumber, set, start, done, drop), lays out a new backlog and its
//! `.gitattributes` line (init) and removes leftover temp files (doctor --fix);
//! `commands::merge_driver` writes the result to the file git hands it (%A); `history`
//! refreshes its cache inside the git directory, the only write a read-only verb makes.
//! Outside `write`: `lock` creates the lock file in the git directory, `git` registers the
//! merge driver in the clone's git config, and `render::summary` appends to the CI job
//! summary (`--summary FILE` or `$GITHUB_STEP_SUMMARY`).
//! See ARCHITECTURE.md for the map.

pub mod board;
pub mod cli;
pub mod commands;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod economics;
pub mod exchange;
pub mod fix;
pub mod git;
pub mod history;
pub mod id;
pub mod index;
pub mod item;
pub mod lint;
pub mod load;
pub mod lock;
pub mod lsp;
pub mod merge;
pub mod numbering;
pub mod order;
pub mod policy;
pub mod ranking;
pub mod ready;
pub mod render;
pub mod rules;
pub mod sanitize;
pub mod serve;
pub mod store;
pub mod templates;
pub mod text;
pub mod write;

use clap::CommandFactory;
use cli::Cli;
use commands::Command;
pub use commands::{Outcome, Refused};

/// Runs the command `cli` names: one flat match from `Command` to its verb.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?;
    let ctx = commands::Context {
        cwd,
        root: cli.root,
        color: cli.color.into(),
        no_cache: cli.no_cache,
    };
    let outcome = match cli.command {
        Command::Init(args) => commands::init::run(&ctx, args),
        Command::New(args) => commands::new::run(&ctx, args),
        Command::List(args) => commands::list::run(&ctx, args),
        Command::Show(args) => commands::show::run(&ctx, args),
        Command::Search(args) => commands::search::run(&ctx, args),
        Command::Lint(args) => commands::lint::run(&ctx, args),
        Command::Rank(args) => commands::rank::run(&ctx, args),
        Command::Unrank(args) => commands::unrank::run(&ctx, args),
        Command::Renumber(args) => commands::renumber::run(&ctx, args),
        Command::Set(args) => commands::set::run(&ctx, args),
        Command::Start(args) => commands::start::run(&ctx, args),
        Command::Done(args) => commands::done::run(&ctx, args),
        Command::Drop(args) => commands::drop::run(&ctx, args),
        Command::Edit(args) => commands::edit::run(&ctx, args),
        Command::History(args) => commands::history::run(&ctx, args),
        Command::Blame(args) => commands::blame::run(&ctx, args),
        Command::Diff(args) => commands::diff::run(&ctx, args),
        Command::Board(args) => commands::board::run(&ctx, args),
        Command::Serve(args) => commands::serve::run(&ctx, args),
        Command::Import(args) => commands::import::run(&ctx, args),
        Command::Export(args) => commands::export::run(&ctx, args),
        Command::Value(args) => commands::value::run(&ctx, args),
        Command::Forecast(args) => commands::forecast::run(&ctx, args),
        Command::Changelog(args) => commands::changelog::run(&ctx, args),
        Command::Doctor(args) => commands::doctor::run(&ctx, args),
        Command::MergeDriver(args) => commands::merge_driver::run(&ctx, args),
        Command::Lsp(args) => commands::lsp::run(&ctx, args),
        Command::Completions(args) => commands::meta::completions(&ctx, args, Cli::command()),
        Command::Man(args) => commands::meta::man(&ctx, args, Cli::command()),
        Command::Schema(args) => commands::meta::schema(&ctx, args),
    };
    // What history read with a placeholder, skipped or rebuilt: one line each, once.
    for note in history::take_notes() {
        render::note(ctx.color, &format!("note: {}\n", sanitize::line(&note)));
    }
    outcome
}

/// The exit code for a command's result: the one place that decides it. A closed stdout
/// never reaches it as an error (`render::print` swallows it and the command runs on to its
/// verdict); a broken pipe that does came from elsewhere and is an error like any other.
pub fn exit_code(result: &anyhow::Result<Outcome>) -> u8 {
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Findings) => 1,
        Ok(Outcome::Incomplete) => 2,
        Err(e) if e.is::<lock::Contention>() => 3,
        Err(e) if e.is::<Refused>() => 1,
        Err(_) => 2,
    }
}
