//! `backlog serve`: the board live on a local port, where moves and field changes are written
//! to the files (never committed).

use super::{Context, Outcome};
use crate::{render, serve};
use anyhow::{Result, bail};
use std::net::{IpAddr, Ipv4Addr};

/// Serve the board locally; re-rank with a reason, change state and owner.
///
/// Serve the board on http://127.0.0.1:PORT/. It reads the files afresh for every page, and
/// writes what `backlog rank ID --to N --reason TEXT` writes (and state and owner edits)
/// through the same locked compare-and-swap. It never commits: the page shows ranking.txt's
/// diff against HEAD and the git command to commit it. Stop it with Ctrl-C.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port (0 picks a free one).
    #[arg(long, value_name = "N", default_value_t = 7700)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Listen on ADDR instead of 127.0.0.1. Anyone who can reach ADDR can then open the page,
    /// read the backlog and, through the page (which carries the write token), change it.
    #[arg(long, value_name = "ADDR")]
    bind: Option<IpAddr>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    if !location.config_path().is_file() {
        bail!(
            "{} has no backlog.toml; run `backlog init` first",
            location.root.display()
        );
    }
    let ip = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let server = serve::Board::bind(location, ip, args.port, args.bind.is_some())?;
    let url = server.url();
    let mut text = format!("serving the board on {url} (Ctrl-C stops)\n");
    if let Some(ip) = args.bind.filter(|ip| !ip.is_loopback()) {
        text.push_str(&format!(
            "warning: listening on {}: anyone who can reach that address can open the page, read the backlog and, through the page, re-rank it and edit items\n",
            server.addr
        ));
        if ip.is_unspecified() {
            text.push_str("note: requests must still name 127.0.0.1 or localhost in their Host header; bind one address (--bind 192.0.2.10) to be reached by it\n");
        }
    }
    render::print(ctx.color, &text)?;
    if args.open {
        open(&url);
    }
    server.run()?;
    Ok(Outcome::Clean)
}

/// Best effort: a browser that does not start leaves the URL printed above.
fn open(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
