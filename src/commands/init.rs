//! `backlog init`: lay out a new backlog with the default agreement, commented.

use super::{Context, Outcome};
use crate::config::Config;
use crate::load::{self, CONFIG_FILE, ITEMS_DIR, RANKING_FILE};
use crate::render::{self, setup::DriverView, setup::InitView};
use crate::{git, store, templates};
use anyhow::{Result, bail};

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
        let view = register_merge_driver(&repo, &location)?;
        render::print(ctx.color, &render::setup::driver(&view))?;
        return Ok(Outcome::Clean);
    }
    if !crate::id::is_valid_prefix(&args.prefix) {
        bail!(
            "invalid prefix `{}`: use a letter followed by up to nine letters or digits",
            args.prefix
        );
    }
    let explicit = ctx.explicit_root();
    let root = match &explicit {
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
    // A backlog/ that is a symlink out of the work tree would be read and written outside it.
    load::check_inside(&root)?;
    if root.join(CONFIG_FILE).exists() {
        bail!(
            "{} already has a backlog; nothing was changed",
            root.display()
        );
    }
    // A backlog/ that is a symlink out of the work tree would be written outside it.
    load::check_inside(&root)?;
    let root = store::setup::make_dirs(&root, ITEMS_DIR)?;
    load::check_inside(&root)?;
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
    let laid_out = store::setup::lay_out(&files, (&root.join(CONFIG_FILE), &config_text))?;
    let repo = git::Repo::discover(&root)?;
    let pointer = match &repo {
        Some(repo) => pointer(repo, &root)?.map(|p| location.display(&p)),
        None => None,
    };
    let view = InitView {
        driver: match &repo {
            Some(repo) => Some(register_merge_driver(repo, &location)?),
            None => None,
        },
        pointer,
        created: laid_out
            .created
            .iter()
            .map(|p| location.display(p))
            .collect(),
        kept: laid_out.kept.iter().map(|p| location.display(p)).collect(),
    };
    render::print(ctx.color, &render::setup::init(&view))?;
    render::note(ctx.color, render::setup::INIT_NEXT);
    Ok(Outcome::Clean)
}

/// Points git at `backlog merge-driver` for ranking.txt: a `.gitattributes` line (committed,
/// so every clone knows the file wants it) and this clone's local git config (which names the
/// program; git never takes that from the repository).
fn register_merge_driver(repo: &git::Repo, location: &load::Location) -> Result<DriverView> {
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
    let attributes = store::setup::gitattributes_line(&top, &line)?;
    // The running binary by its full path: git runs the driver with its own PATH, which may
    // not hold the `backlog` of the user's shell (a driver git cannot run keeps one side).
    let program = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| anyhow::anyhow!("cannot find the path of the running backlog: {e}"))?;
    repo.register_merge_driver(&program)?;
    Ok(DriverView {
        attributes,
        name: git::MERGE_DRIVER.to_owned(),
    })
}

/// Writes the pointer file at the top of the work tree when discovery from there would not
/// find `root` (neither the top itself nor `backlog/` below it); an existing one is kept.
/// Returns the file when it was created.
fn pointer(repo: &git::Repo, root: &std::path::Path) -> Result<Option<std::path::PathBuf>> {
    let Some(top) = repo.workdir().and_then(|t| t.canonicalize().ok()) else {
        return Ok(None);
    };
    let Ok(rel) = root.strip_prefix(&top) else {
        return Ok(None);
    };
    if rel.as_os_str().is_empty() || rel == std::path::Path::new("backlog") {
        return Ok(None);
    }
    let rel = rel.to_string_lossy().replace('\\', "/");
    store::setup::pointer_file(&top.join(load::POINTER_FILE), &rel)
}
