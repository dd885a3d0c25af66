//! `backlog init`: lay out a new backlog with the default agreement, commented.

use super::Context;
use crate::config::Config;
use crate::load::{self, CONFIG_FILE, ITEMS_DIR, RANKING_FILE};
use crate::{Outcome, render, templates, write};
use anyhow::{Result, bail};

/// Create backlog/ with backlog.toml (the team's agreement, commented), ranking.txt, items/ and
/// a template for every kind. Refuses to touch an existing backlog.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ID prefix of the items (MS gives MS-1, MS-2, ...).
    #[arg(long, default_value = "MS")]
    prefix: String,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    if !crate::item::is_valid_prefix(&args.prefix) {
        bail!(
            "invalid prefix `{}`: use a letter followed by up to nine letters or digits",
            args.prefix
        );
    }
    let root = match &ctx.root {
        Some(dir) => ctx.cwd.join(dir),
        None => {
            // The backlog belongs at the top of the repository, wherever init runs from.
            let top = ctx
                .cwd
                .ancestors()
                .find(|d| d.join(".git").exists())
                .unwrap_or(&ctx.cwd);
            top.join("backlog")
        }
    };
    if root.join(CONFIG_FILE).exists() {
        bail!(
            "{} already has a backlog; nothing was changed",
            root.display()
        );
    }
    write::create_dir(&root.join(ITEMS_DIR))?;
    write::create_dir(&root.join("templates"))?;
    let root = root.canonicalize()?;
    let location = load::Location {
        base: load::display_base(&root, &ctx.cwd),
        root: root.clone(),
    };
    let config_text = Config::default_text(&args.prefix);
    let config: Config = toml::from_str(&config_text)?;
    let mut files = vec![(root.join(RANKING_FILE), crate::ranking::INITIAL.to_owned())];
    for (kind, spec) in &config.kinds {
        if let Some(template) = &spec.template {
            files.push((root.join(template), templates::builtin(kind)));
        }
    }
    let mut created = Vec::new();
    let mut kept = Vec::new();
    for (path, text) in files {
        if path.exists() {
            kept.push(location.display(&path));
            continue;
        }
        write::create_new(&path, text.as_bytes())?;
        created.push(location.display(&path));
    }
    // The agreement goes last: until it exists, this is not a backlog, so a failed init can
    // simply be run again.
    let config_path = root.join(CONFIG_FILE);
    write::create_new(&config_path, config_text.as_bytes())?;
    created.insert(0, location.display(&config_path));
    let mut out = String::new();
    for path in &created {
        out.push_str(&format!("created {}\n", crate::sanitize::line(path)));
    }
    for path in &kept {
        out.push_str(&format!(
            "kept    {} (already there)\n",
            crate::sanitize::line(path)
        ));
    }
    render::print(ctx.color, &out)?;
    render::note(
        ctx.color,
        "next: read backlog.toml with your Product Owner, then `backlog new story \"...\"`\n",
    );
    Ok(Outcome::Clean)
}
