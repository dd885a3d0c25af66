//! The team's ground rules for the ranking, checked on the commits of a pull request
//! (`backlog lint --since REV`): moves up say why, only the listed people rank, and new items
//! arrive with what intake requires. Findings point at the item's line in ranking.txt (or its
//! file) and name the commit and its author. `since` gathers what the check needs from git
//! (the timeline of REV..HEAD, the items REV had, through `diff`); `check` is the pure part.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::diff::{movement, short};
use crate::history::Event;
use crate::load::Backlog;
use anyhow::{Result, bail};

/// The policy findings on REV..HEAD: the ranking changes of those commits, and the items that
/// did not exist at REV. `ranking` is ranking.txt's path from the work tree top and `root`
/// the backlog directory's; `head` is `None` before the first commit.
pub fn since(
    repo: &crate::git::Repo,
    ranking: &str,
    root: &str,
    head: Option<&str>,
    rev: &str,
    backlog: &Backlog,
) -> Result<Vec<Diagnostic>> {
    let base = repo.resolve(rev)?;
    let Some(head) = head else {
        bail!("no commits yet, so there is nothing since {rev} to check");
    };
    let timeline = crate::history::timeline(repo, ranking, head, Some(&base))?;
    if let Some(at) = &timeline.shallow_boundary {
        bail!(
            "this shallow clone stops at commit {} before reaching {rev}\nhint: fetch the pull request's whole history (actions/checkout with fetch-depth: 0, or `git fetch --unshallow`)",
            short(at)
        );
    }
    let before = crate::diff::ids_at(repo, &base, root)?;
    let added: Vec<String> = backlog
        .items
        .iter()
        .map(|i| i.id.to_ascii_lowercase())
        .filter(|id| !before.contains(id))
        .collect();
    let mut out = Vec::new();
    check(backlog, &timeline.events, &added, &mut out);
    Ok(out)
}

/// Checks the events of REV..HEAD and the items added since REV against `[policy]`.
/// `added` lists the IDs (lowercased) that exist now but did not at REV.
pub fn check(backlog: &Backlog, events: &[Event], added: &[String], out: &mut Vec<Diagnostic>) {
    let config: &Config = &backlog.config;
    let path = backlog.ranking_path();
    let at_line = |id: &str, d: Diagnostic| match &backlog.ranking {
        Some(r) => match r.ranked().find(|e| e.id.eq_ignore_ascii_case(id)) {
            Some(entry) => d.at(&r.source, entry.id_span.clone()),
            None => d,
        },
        None => d,
    };
    for (i, event) in events.iter().enumerate() {
        let who = format!(
            "{} by {} <{}>",
            short(&event.commit.commit),
            event.commit.author,
            event.commit.email
        );
        let up = match (event.from, event.to) {
            (Some(from), Some(to)) => to < from,
            // Ranking an untriaged item lifts it above every untriaged one, unless it goes last.
            (None, Some(to)) => to < event.ranked_total,
            _ => false,
        };
        // A later commit of the same pull request may state the reason: the PR is what merges.
        let explained_later = events[i + 1..].iter().any(|later| {
            later.id.eq_ignore_ascii_case(&event.id) && later.explicit && later.to.is_some()
        });
        if config.policy.move_up_needs_reason && up && !event.explicit && !explained_later {
            let movement = movement(event.from, event.to);
            out.push(at_line(
                &event.id,
                Diagnostic::new("POL001", &path, format!("{} moved up ({movement}) in {who} without a stated reason", event.id))
                    .help(format!("say why on the item's line (`{}  # why it matters now`) or with a `Reason({}): ...` commit trailer", event.id, event.id)),
            ));
        }
        if !config.policy.rankers.is_empty()
            && !config
                .policy
                .rankers
                .iter()
                .any(|r| r.eq_ignore_ascii_case(&event.commit.email))
        {
            out.push(at_line(
                &event.id,
                Diagnostic::new("POL002", &path, format!("{who} changed the place of {}, and {} is not one of the rankers", event.id, event.commit.email))
                    .help("only the people listed in [policy] rankers change ranking.txt: ask one of them to make this change"),
            ));
        }
    }
    if config.policy.intake_fields.is_empty() {
        return;
    }
    for item in &backlog.items {
        if !added.contains(&item.id.to_ascii_lowercase()) || !item.is_readable() {
            continue;
        }
        for field in &config.policy.intake_fields {
            let present = item.parsed.fields.key(field).is_some_and(|k| !k.blank);
            if !present {
                let mut d = Diagnostic::new(
                    "POL003",
                    &item.path,
                    format!(
                        "new item {} has no `{field}`, which intake requires",
                        item.id
                    ),
                )
                .help(format!(
                    "add `{field}` before the item is merged ([policy] intake_fields)"
                ));
                if let Some(source) = &item.source {
                    d = d.at(source, source.bom..source.bom);
                }
                out.push(d);
            }
        }
    }
}
