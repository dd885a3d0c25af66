//! `backlog lsp`: the language server, over stdin and stdout, for editors.

use super::{Context, Outcome};
use anyhow::Result;

/// Serve the Language Server Protocol over stdin and stdout, for editors.
///
/// Shows lint's findings as you type (over unsaved buffers, across files), completes IDs,
/// kinds, states, keys and tags, and offers hover, go to definition, references, document
/// symbols and the quick fixes of `lint --fix`. Started by the editor, not by hand; see the
/// README's "Editors" section. Exits 0 after `shutdown` and `exit` or when stdin closes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it: stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let _ = args.stdio;
    let clean = crate::lsp::serve(ctx.cwd.clone(), ctx.root.clone())?;
    Ok(if clean {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
