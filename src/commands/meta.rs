//! Commands about the tool itself, all generated from the code so they cannot drift: shell
//! completions and the man page from the clap definitions, the JSON Schemas from `schema/`.

use super::{Context, Outcome};
use crate::render;
use anyhow::Result;

/// Print shell completions.
///
/// Print shell completions, e.g. `backlog completions bash > ~/.local/share/bash-completion/completions/backlog`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    shell: clap_complete::Shell,
}

/// Print the man page.
///
/// Print the man page (roff), e.g. `backlog man > /usr/local/share/man/man1/backlog.1`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// Print the JSON Schema of backlog.toml or of item frontmatter.
///
/// Print a JSON Schema: `config` for backlog.toml, `item` for item frontmatter.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    #[arg(value_enum)]
    which: Which,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    Config,
    Item,
}

pub const CONFIG_SCHEMA: &str = include_str!("../../schema/backlog.schema.json");
pub const ITEM_SCHEMA: &str = include_str!("../../schema/item.schema.json");

/// `command` is the whole command line (`Cli::command()`), handed in so no verb imports it.
pub fn completions(
    _ctx: &Context,
    args: CompletionsArgs,
    mut command: clap::Command,
) -> Result<Outcome> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "backlog", &mut out);
    render::print_bytes(&out)?;
    Ok(Outcome::Clean)
}

/// `command` is the whole command line (`Cli::command()`).
pub fn man(_ctx: &Context, _args: ManArgs, command: clap::Command) -> Result<Outcome> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    render::print_bytes(&out)?;
    Ok(Outcome::Clean)
}

pub fn schema(ctx: &Context, args: SchemaArgs) -> Result<Outcome> {
    let text = match args.which {
        Which::Config => CONFIG_SCHEMA,
        Which::Item => ITEM_SCHEMA,
    };
    render::print(ctx.color, text)?;
    Ok(Outcome::Clean)
}
