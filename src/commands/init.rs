//! `backlog init`: lay out a new backlog with the default agreement, commented.

use super::{Context, Outcome};
use crate::config::Config;
use crate::load::{self, CONFIG_FILE, ITEMS_DIR, RANKING_FILE};
use crate::{git, render, templates, write};
use anyhow::{Context as _, Result, bail};

/// Create a backlog: the agreement, the ranking, items/ and templates.
///
/// Create backlog/ with backlog.toml (the team's agreement, commented), ranking.txt, items/ and
/// a template for every kind. Refuses to touch an existing backlog.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ID prefix of the items (MS gives MS-1, MS-2, ...).
    #[arg(long, default_value = "MS")]
    prefix: String,
    /// Only register the ranking merge driver (.gitattributes and this clone's git config),
    /// for example in a fresh clone of a repository that already has a backlog.
    #[arg(long)]
    merge_driver: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    if args.merge_driver {
        let location = ctx.location()?;
        let Some(repo) = git::Repo::discover(&location.root)? else {
            bail!(
                "{} is not in a git repository; the merge driver is a git feature",
                location.root.display()
            );
        };
        let note = register_merge_driver(&repo, &location)?;
        render::print(ctx.color, &note)?;
        return Ok(Outcome::Clean);
    }
    if !crate::id::is_valid_prefix(&args.prefix) {
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
    if let Some(repo) = git::Repo::discover(&root)? {
        out.push_str(&register_merge_driver(&repo, &location)?);
    }
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

/// Points git at `backlog merge-driver` for ranking.txt: a `.gitattributes` line (committed,
/// so every clone knows the file wants it) and this clone's local git config (which names the
/// program; git never takes that from the repository). Returns what it did, for the user.
fn register_merge_driver(repo: &git::Repo, location: &load::Location) -> Result<String> {
    let Some(top) = repo.workdir().and_then(|t| t.canonicalize().ok()) else {
        bail!("the repository has no work tree; run this in a checkout");
    };
    let ranking = location.ranking_path();
    let Ok(rel) = ranking.strip_prefix(&top) else {
        bail!(
            "{} is outside the repository's work tree",
            ranking.display()
        );
    };
    let pattern = rel.to_string_lossy().replace('\\', "/");
    if pattern
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '\\')
    {
        bail!(
            "cannot write a .gitattributes pattern for `{pattern}`: it contains spaces or quotes"
        );
    }
    let line = format!("/{pattern} merge={}", git::MERGE_DRIVER);
    let attributes = top.join(".gitattributes");
    let mut out = String::new();
    match std::fs::read(&attributes) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            if text.lines().any(|l| l.trim() == line) {
                out.push_str("kept    .gitattributes (the merge driver line is there)\n");
            } else {
                let mut updated = bytes.clone();
                if !updated.is_empty() && !updated.ends_with(b"\n") {
                    updated.push(b'\n');
                }
                updated.extend_from_slice(line.as_bytes());
                updated.push(b'\n');
                write::replace(&attributes, &bytes, &updated)?;
                out.push_str("updated .gitattributes\n");
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write::create_new(&attributes, format!("{line}\n").as_bytes())?;
            out.push_str("created .gitattributes\n");
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", attributes.display())),
    }
    repo.register_merge_driver()?;
    out.push_str(&format!(
        "registered the `{}` merge driver in .git/config (each clone runs `backlog init --merge-driver` once)\n",
        git::MERGE_DRIVER
    ));
    Ok(out)
}
