//! `backlog lint`: check every item, the ranking and the config against the team's rules.

use super::{Context, LintFormat, Outcome, Repo};
use crate::diagnostic::Severity;
use crate::index::WorkIndex;
use crate::index::judge::{self, Linted};
use crate::load::{Backlog, Item};
use crate::render::{diff::DiffView, lint::LintView};
use crate::text::Source;
use crate::{diff, lint, render};
use anyhow::{Result, bail};
use std::collections::HashMap;

/// Check items, the ranking and the config against the team's rules.
///
/// Check items, ranking.txt and backlog.toml against the team's rules (Definition of Ready and
/// Done, dependencies, IDs, syntax). Exit 0 when there is no error (warnings allowed), 1 when
/// there is, 2 when the check could not run. Never writes anything.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report only findings in these files or directories (every item is still read, so
    /// cross-item rules stay correct).
    paths: Vec<std::path::PathBuf>,
    /// `human` draws source snippets; `json` is the stable contract; `github` emits
    /// workflow-command annotations for GitHub Actions; `sarif` is SARIF 2.1.0 for code scanning;
    /// `junit` is JUnit XML (a test case per item, error findings as failures); `gitlab` is
    /// GitLab Code Quality JSON (fingerprints stable across runs and unrelated edits).
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Also check the team's ground rules ([policy] in backlog.toml) on every ranking change
    /// in REV..HEAD, such as the base of a pull request. Needs the history back to REV.
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// Append a Markdown summary (counts by rule, the findings, and with --since the priority
    /// diff) to FILE. Default: $GITHUB_STEP_SUMMARY when it is set.
    #[arg(long, value_name = "FILE")]
    summary: Option<std::path::PathBuf>,
    /// Apply the mechanical fixes the rules describe (missing headings and required keys,
    /// unknown or duplicate ranking lines, near-miss keys), each file through the safe write;
    /// then lint again and report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix: print the unified diff of the fixes and write nothing (exit 1 when there
    /// is something to fix).
    #[arg(long, requires = "fix")]
    dry_run: bool,
    /// With --fix: wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs, requires = "fix")]
    wait: f64,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let mut filters = Vec::new();
    for path in &args.paths {
        let abs = ctx.cwd.join(path);
        let Ok(abs) = abs.canonicalize() else {
            bail!("{}: no such file or directory", path.display());
        };
        filters.push(location.display(&abs));
    }
    if args.fix {
        let human = args.format == LintFormat::Human;
        let fixed = super::lint_fix::run(ctx, &location, &filters, args.dry_run, args.wait, human)?;
        if let Some(outcome) = fixed {
            return Ok(outcome);
        }
    }
    // `--since` judges policy from the items' keys, which only their text has: read whole.
    let mut index = WorkIndex::open(&location, !ctx.no_cache && args.since.is_none());
    if let Some(note) = &index.note {
        render::note(ctx.color, &format!("note: {note}\n"));
    }
    let gaps = |b: &Backlog, i: &Item| super::filter::row(b, i).missing;
    let Linted {
        mut backlog,
        findings: mut diagnostics,
    } = judge::lint(&mut index, location, &gaps)?;
    if let Some(stats) = index.stats() {
        render::note(ctx.color, &stats);
    }
    index.save(&backlog);
    if matches!(args.format, LintFormat::Human | LintFormat::Sarif) {
        judge::read_shown(&mut backlog, &diagnostics);
    }
    let unmerged = lint::index::unmerged(&backlog.location);
    if !unmerged.is_empty() {
        diagnostics.extend(unmerged);
        diagnostics = lint::finish(&backlog.config, diagnostics);
    }
    // Opened once: `--since` checks policy and, with a summary, diffs against the same repo.
    let repo = args.since.as_ref().map(|_| ctx.repo()).transpose()?;
    if let (Some(rev), Some(repo)) = (&args.since, &repo) {
        diagnostics.extend(crate::policy::since(
            &repo.git,
            &repo.ranking,
            &repo.backlog_dir(),
            repo.head.as_deref(),
            rev,
            &backlog,
        )?);
        diagnostics = lint::finish(&backlog.config, diagnostics);
    }
    let wanted = |path: &str| {
        filters.is_empty()
            || filters
                .iter()
                .any(|f| path == f || path.starts_with(&format!("{f}/")) || f.is_empty())
    };
    diagnostics.retain(|d| wanted(&d.path));
    let view = LintView {
        diagnostics,
        items: backlog.items.len(),
    };
    match args.format {
        LintFormat::Human => {
            let sources = sources(&backlog);
            let text = render::lint::human(&view, |p| sources.get(p).copied());
            render::print(ctx.color, &text)?;
            render::note(ctx.color, &render::lint::closing(&view));
        }
        LintFormat::Json => render::print(ctx.color, &render::lint::json(&view))?,
        LintFormat::Sarif => {
            let sources = sources(&backlog);
            let text = render::lint::sarif(&view, |p| sources.get(p).copied());
            render::print(ctx.color, &text)?;
        }
        LintFormat::Github => {
            render::print(ctx.color, &render::lint::github(&view))?;
            render::note(ctx.color, &render::lint::closing(&view));
        }
        LintFormat::Junit => {
            let cases = render::junit::cases(&backlog.items, wanted);
            let xml = render::junit::document(&view.diagnostics, &cases, args.deny_warnings);
            render::print(ctx.color, &xml)?;
        }
        LintFormat::Gitlab => {
            render::print(ctx.color, &render::gitlab::document(&view.diagnostics))?;
        }
    }
    if let Some(target) = render::summary::target(args.summary.as_deref()) {
        let mut text = render::lint::summary(&view);
        if let (Some(rev), Some(repo)) = (&args.since, &repo) {
            text.push_str(&summary_since(repo, &backlog, rev)?);
        }
        render::summary::append(&target, &text)?;
    }
    let unreadable = view.diagnostics.iter().any(|d| d.rule == "FS001");
    let failing = view
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || args.deny_warnings);
    Ok(if unreadable {
        Outcome::Incomplete
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The priority diff from REV to the work tree as Markdown, for the job summary. Takes the
/// backlog already loaded rather than reading the work tree again.
fn summary_since(repo: &Repo, backlog: &Backlog, rev: &str) -> Result<String> {
    let base = diff::side_at(&repo.git, &repo.git.resolve(rev)?, rev, &repo.backlog_dir())?;
    let new = diff::side_of(backlog);
    Ok(render::diff::markdown(&DiffView {
        changes: diff::compare(&base, &new),
        from: base.label,
        to: new.label,
    }))
}

fn sources(backlog: &Backlog) -> HashMap<String, &Source> {
    let mut map = HashMap::new();
    for item in &backlog.items {
        if let Some(source) = &item.source {
            map.insert(item.path.clone(), source);
        }
    }
    if let Some(r) = &backlog.ranking {
        map.insert(backlog.ranking_path(), &r.source);
    }
    if let Some(c) = &backlog.config_source {
        map.insert(backlog.location.display(&backlog.location.config_path()), c);
    }
    map
}
