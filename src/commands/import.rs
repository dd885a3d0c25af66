//! `backlog import SOURCE PATH`: bring a backlog over from Backlog.md, GitHub issues or Jira.

use super::{Context, Outcome, Refused, TextFormat};
use crate::exchange::backlog_md::BacklogMd;
use crate::exchange::github::{GitHub, Order};
use crate::exchange::jira::Jira;
use crate::exchange::{self, InputFile, Report, Source};
use crate::render::{self, import::ImportView};
use crate::store::{self, ImportFiles, Store};
use anyhow::{Context as _, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Largest export file read (a GitHub JSON or Jira CSV of 100,000 issues is far below it).
const MAX_EXPORT_BYTES: u64 = 512 * 1024 * 1024;

/// Bring items over from Backlog.md, GitHub issues or Jira.
///
/// Bring items over from another tracker: `backlog-md DIR` (a Backlog.md project or its
/// backlog/ folder), `github FILE` (the JSON of `gh issue list --state all --json
/// number,title,body,labels,assignees,state,milestone,createdAt,closedAt --limit 100000`), or
/// `jira FILE` (Jira's CSV export). Prints a report of what was and was not mapped and what
/// `lint` will say. Never replaces a file: refuses, writing nothing, when a file it would write
/// is there with other bytes or ranking.txt already ranks other items. All or nothing; running
/// the same import again completes one that was interrupted.
#[derive(Debug, clap::Args)]
pub struct Args {
    source: SourceKind,
    /// The Backlog.md folder, or the export file.
    path: PathBuf,
    /// Print the report and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Use this ID prefix (and set it in backlog.toml when the backlog has no items yet).
    #[arg(long, value_name = "PREFIX")]
    prefix: Option<String>,
    /// Map a status to one of our states, such as "In Progress=doing" (repeatable).
    #[arg(long, value_name = "STATUS=STATE")]
    map_state: Vec<String>,
    /// Map a label or issue type to one of our kinds, such as "Task=story" (repeatable).
    #[arg(long, value_name = "LABEL=KIND")]
    map_kind: Vec<String>,
    /// GitHub: the order open issues are ranked in.
    #[arg(long, value_enum, default_value_t = Order::Created)]
    order: Order,
    /// Give imported items whose number another item already has the next free numbers
    /// (without it, such an import is refused).
    #[arg(long)]
    renumber_taken: bool,
    /// Leave every imported item untriaged instead of writing ranking.txt.
    #[arg(long)]
    no_rank: bool,
    /// Keep backlog.toml's Definition of Ready as it is. Without it, an import into a backlog
    /// with no items takes out of each kind's Ready the fields and sections fewer than a
    /// quarter of the imported open items have (with a comment saying so).
    #[arg(long)]
    keep_config: bool,
    /// `text` for people; `json` is the whole report, every list in full.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SourceKind {
    /// A Backlog.md project (backlog/tasks, completed, archive, drafts, config.yml).
    BacklogMd,
    /// The JSON `gh issue list --json ...` prints.
    Github,
    /// Jira's CSV export.
    Jira,
}

impl SourceKind {
    fn slug(self) -> &'static str {
        match self {
            SourceKind::BacklogMd => "backlog-md",
            SourceKind::Github => "github",
            SourceKind::Jira => "jira",
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let states =
        exchange::parse_map(&args.map_state).map_err(|e| anyhow::anyhow!("--map-state: {e}"))?;
    let kinds =
        exchange::parse_map(&args.map_kind).map_err(|e| anyhow::anyhow!("--map-kind: {e}"))?;
    let source: Box<dyn Source> = match args.source {
        SourceKind::BacklogMd => Box::new(BacklogMd { states, kinds }),
        SourceKind::Github => Box::new(GitHub {
            order: args.order,
            kinds,
            states,
        }),
        SourceKind::Jira => Box::new(Jira { kinds, states }),
    };
    let path = ctx.cwd.join(&args.path);
    let files = match args.source {
        SourceKind::BacklogMd => read_folder(&path, &args.path)?,
        _ => vec![read_export(&path, &args.path)?],
    };
    let store = Store::lock(&location, args.wait)?;
    if let Some(done) = store.completed() {
        render::note(ctx.color, &done.note());
    }
    let config_path = location.config_path();
    let config_text = std::fs::read_to_string(&config_path)
        .with_context(|| format!("cannot read {}", location.display(&config_path)))?;
    let mut config = store::read::trusted_config(&location)?;
    let index = crate::load::index(&location)?;
    let taken: BTreeSet<u64> = index
        .keys()
        .filter_map(|id| crate::id::id_number(id))
        .collect();
    let new_config = match &args.prefix {
        Some(p) if *p != config.prefix => {
            Some(set_prefix(&config_text, p, &taken, &config.prefix)?)
        }
        _ => None,
    };
    if let Some(p) = &args.prefix {
        config.prefix = p.clone();
    }
    for (what, map) in [
        ("--map-state", &args.map_state),
        ("--map-kind", &args.map_kind),
    ] {
        for pair in map {
            let to = pair.rsplit_once('=').map_or("", |(_, t)| t.trim());
            let known = if what == "--map-state" {
                config.is_state(to)
            } else {
                config.kinds.contains_key(to)
            };
            if !known {
                return Err(Refused(format!(
                    "{what} `{pair}`: `{to}` is not defined in backlog.toml; nothing was written"
                ))
                .into());
            }
        }
    }
    let mut report = Report {
        source: source.name().to_owned(),
        ..Report::default()
    };
    let foreign = source.read(&files, &config, &mut report);
    if foreign.is_empty() {
        let why = report
            .skipped
            .first()
            .map_or("no tasks or issues found".to_owned(), |n| {
                format!("{}: {}", n.what, n.note)
            });
        return Err(Refused(format!("nothing to import ({why}); nothing was written")).into());
    }
    let foreign = if args.no_rank {
        foreign
            .into_iter()
            .map(|mut f| {
                f.rank = None;
                f
            })
            .collect()
    } else {
        foreign
    };
    // An item file already there under a name this import gives (its ID, then the slug of an
    // imported title) is this import's own, from a run that was interrupted or finished: its
    // number is not counted as taken, so the plan comes out as it did then, and the write
    // checks such a file holds exactly the planned bytes.
    let suffixes: BTreeSet<String> = foreign
        .iter()
        .map(|f| format!("{}.md", crate::numbering::slug(&f.title)))
        .collect();
    let ours: BTreeSet<u64> = index
        .iter()
        .filter_map(|(id, path)| {
            let name = path.file_name()?.to_str()?;
            let rest = name.get(id.len()..)?;
            suffixes
                .contains(rest)
                .then(|| crate::id::id_number(id))
                .flatten()
        })
        .collect();
    let free: BTreeSet<u64> = taken.difference(&ours).copied().collect();
    let plan = exchange::plan(foreign, &config, &free, &mut report);
    let prefix_changed = new_config.is_some();
    let mut new_config = new_config;
    let relaxed = exchange::fit::fit(&plan.items, &config);
    // Only a backlog with no items of its own yet takes the fit: an existing team's agreement
    // is theirs to change, so there the report only proposes it.
    if free.is_empty() && !args.keep_config && !relaxed.is_empty() {
        let base = new_config.as_deref().unwrap_or(&config_text);
        let command = format!("backlog import {}", args.source.slug());
        let fitted = exchange::fit::apply(base, &relaxed, &command)
            .map_err(|e| anyhow::anyhow!("{}: {e}", location.display(&config_path)))?;
        new_config = Some(fitted);
        report.config_fit_written = true;
    }
    report.config_fit = relaxed;
    // Linted once, against backlog.toml as the import leaves it.
    exchange::plan::forecast_lint(
        &plan,
        new_config.as_deref().unwrap_or(&config_text),
        &location,
        &mut report,
    );
    if let Some(first) = report.taken.first()
        && !args.renumber_taken
    {
        return Err(Refused(format!(
            "{} items have numbers that existing items already use ({}: {}); nothing was written\nhint: --renumber-taken gives them the next free numbers",
            report.taken.len(),
            crate::sanitize::line(&first.from),
            first.why
        ))
        .into());
    }
    let mapping_name = format!("import-map-{}.csv", args.source.slug());
    let mapping = mapping_csv(&plan.mapping);
    let items: Vec<(String, String)> = plan
        .items
        .iter()
        .map(|i| (i.file_name.clone(), i.content.clone()))
        .collect();
    let mut written = store::Imported::default();
    if !args.dry_run {
        written = store.import(&ImportFiles {
            items: &items,
            ranking: plan.ranking.as_deref(),
            mapping: Some((&mapping_name, &mapping)),
            config: new_config
                .as_deref()
                .map(|after| (config_text.as_str(), after)),
        })?;
    }
    let view = ImportView {
        already: written.already,
        report,
        dry_run: args.dry_run,
        written: written
            .created
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .count(),
        ranking_written: written.ranking_written,
        mapping_file: location.display(&location.root.join(&mapping_name)),
        prefix_set: prefix_changed.then(|| config.prefix.clone()),
    };
    match args.format {
        TextFormat::Text => render::print(ctx.color, &render::import::text(&view))?,
        TextFormat::Json => render::print(ctx.color, &render::import::json(&view))?,
    }
    Ok(Outcome::Clean)
}

/// backlog.toml with `prefix` set to `new`, when the backlog has no items under the old one.
fn set_prefix(config_text: &str, new: &str, taken: &BTreeSet<u64>, old: &str) -> Result<String> {
    if !crate::id::is_valid_prefix(new) {
        bail!("invalid prefix `{new}`: use a letter followed by up to nine letters or digits");
    }
    if !taken.is_empty() {
        return Err(Refused(format!(
            "--prefix {new}: the backlog already has items with the prefix {old}; nothing was written\nhint: import without --prefix, or into a new backlog"
        ))
        .into());
    }
    let mut doc: toml_edit::DocumentMut = config_text
        .parse()
        .map_err(|e| anyhow::anyhow!("backlog.toml is not valid TOML: {e}"))?;
    crate::item::set_string(&mut doc, "prefix", new);
    Ok(doc.to_string())
}

fn mapping_csv(mapping: &[exchange::Renumbered]) -> String {
    let rows: Vec<Vec<String>> = mapping
        .iter()
        .map(|m| vec![m.from.clone(), m.to.clone(), m.origin.clone()])
        .collect();
    render::csv::table(&["source_id", "id", "origin"], &rows, "\n")
}

/// A Backlog.md project's files: `DIR/backlog/` when there is one, else `DIR` itself.
fn read_folder(dir: &Path, shown: &Path) -> Result<Vec<InputFile>> {
    let root = if dir.join("backlog").is_dir() {
        dir.join("backlog")
    } else {
        dir.to_owned()
    };
    if !root.join("tasks").is_dir() && !root.join("config.yml").is_file() {
        bail!(
            "{} is not a Backlog.md project: it has no backlog/tasks/ or config.yml",
            shown.display()
        );
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot read {}", root.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !(rel.ends_with(".md") || rel == "config.yml") {
            continue;
        }
        let bytes = read_capped(entry.path(), &shown.join(&rel), crate::text::MAX_FILE_BYTES)?;
        files.push(InputFile { path: rel, bytes });
    }
    Ok(files)
}

fn read_export(path: &Path, shown: &Path) -> Result<InputFile> {
    let bytes = read_capped(path, shown, MAX_EXPORT_BYTES)?;
    Ok(InputFile {
        path: shown.display().to_string(),
        bytes,
    })
}

/// Reads a regular file (not through a link) of at most `limit` bytes; `shown` names it.
fn read_capped(path: &Path, shown: &Path, limit: u64) -> Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path)
        .with_context(|| format!("cannot read {}", shown.display()))?;
    if !meta.is_file() {
        return Err(Refused(format!(
            "{}: not a regular file (links are not followed); nothing was written",
            shown.display()
        ))
        .into());
    }
    if meta.len() > limit {
        return Err(Refused(format!(
            "{}: {} bytes, more than the {limit} an import reads; nothing was written",
            shown.display(),
            meta.len()
        ))
        .into());
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", shown.display()))
}
