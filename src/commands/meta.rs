//! Commands about the tool itself, all generated from the code so they cannot drift: shell
//! completions and the man page from the clap definitions, the JSON Schemas from `schema/`.

use super::{Context, Outcome};
use crate::render;
use anyhow::Result;

/// Print shell completions.
///
/// Print shell completions, e.g. `backlog completions bash > ~/.local/share/bash-completion/completions/backlog`.
/// These complete commands and options; for item IDs, kinds and states from the backlog at
/// hand, use dynamic completion: `source <(COMPLETE=bash backlog)` in ~/.bashrc (see README).
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    shell: clap_complete::Shell,
    /// Print the dynamic completion's registration instead (what `COMPLETE=SHELL backlog`
    /// prints): the script asks `backlog` on PATH for each completion.
    #[arg(long)]
    dynamic: bool,
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
    if args.dynamic {
        let name = args.shell.to_string();
        let shells = clap_complete::env::Shells::builtins();
        let Some(shell) = shells.completer(&name) else {
            anyhow::bail!("no dynamic completion for {name}");
        };
        shell.write_registration("COMPLETE", "backlog", "backlog", "backlog", &mut out)?;
        render::print_bytes(&out)?;
        return Ok(Outcome::Clean);
    }
    clap_complete::generate(args.shell, &mut command, "backlog", &mut out);
    render::print_bytes(&out)?;
    Ok(Outcome::Clean)
}

/// `command` is the whole command line (`Cli::command()`).
pub fn man(_ctx: &Context, _args: ManArgs, command: clap::Command) -> Result<Outcome> {
    let mut out = Vec::new();
    let subcommands: Vec<(String, String)> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| {
            (
                c.get_name().to_owned(),
                c.get_about().map(|a| a.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let man = clap_mangen::Man::new(command);
    // One page: clap_mangen's own subcommand list points at backlog-init(1) and the like,
    // pages that are not installed; each command's options are in `backlog COMMAND --help`.
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    out.extend_from_slice(b".SH COMMANDS\n");
    for (name, about) in &subcommands {
        out.extend_from_slice(
            format!(".TP\n\\fBbacklog {}\\fR\n{}\n", roff(name), roff(about)).as_bytes(),
        );
    }
    out.extend_from_slice(
        b".PP\nEach command's arguments and options: \\fBbacklog\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR.\n",
    );
    man.render_version_section(&mut out)?;
    render::print_bytes(&out)?;
    Ok(Outcome::Clean)
}

/// Text safe in a roff paragraph: backslashes and dashes escaped, no line starting with a
/// control character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.chars().next() {
        Some('.' | '\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}

pub fn schema(ctx: &Context, args: SchemaArgs) -> Result<Outcome> {
    let text = match args.which {
        Which::Config => CONFIG_SCHEMA,
        Which::Item => ITEM_SCHEMA,
    };
    render::print(ctx.color, text)?;
    Ok(Outcome::Clean)
}
