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
    // A finding on an item the work tree no longer ranks points at its line in the revision
    // that placed it, never at the file's first line.
    let texts = std::cell::RefCell::new(std::collections::HashMap::new());
    let locate = |event: &Event| -> Option<(usize, usize)> {
        let offset = event.offset?;
        let mut texts = texts.borrow_mut();
        let text = texts
            .entry(event.commit.commit.clone())
            .or_insert_with(|| repo.file_at(&event.commit.commit, ranking).ok().flatten());
        let text = text.as_deref()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let before = text.get(..offset)?;
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        Some((line, column))
    };
    let mut out = Vec::new();
    check(backlog, &timeline.events, &added, &locate, &mut out);
    Ok(out)
}

/// `MS-3 moved down (#2 → #3)`.
fn described(id: &str, from: usize, to: usize) -> String {
    let way = if to < from { "up" } else { "down" };
    format!("{id} moved {way} (#{from} → #{to})")
}

/// Checks the events of REV..HEAD and the items added since REV against `[policy]`.
/// `added` lists the IDs (lowercased) that exist now but did not at REV.
/// `locate` gives the line and column of an event's item in the commit that made it, for an
/// item the work tree no longer ranks.
pub fn check(
    backlog: &Backlog,
    events: &[Event],
    added: &[String],
    locate: &dyn Fn(&Event) -> Option<(usize, usize)>,
    out: &mut Vec<Diagnostic>,
) {
    let config: &Config = &backlog.config;
    let path = backlog.ranking_path();
    let at_line = |event: &Event, d: Diagnostic| {
        let entry = backlog.ranking.as_ref().and_then(|r| {
            r.ranked()
                .find(|e| e.id.eq_ignore_ascii_case(&event.id))
                .map(|e| (r, e.id_span.clone()))
        });
        match (entry, locate(event)) {
            (Some((r, span)), _) => d.at(&r.source, span),
            (None, Some((line, column))) => d.at_position(line, column),
            (None, None) => d,
        }
    };
    let top = config.policy.new_item_reason_top;
    let needs_reason = |from: Option<usize>, to: Option<usize>| match (from, to) {
        (Some(from), Some(to)) => to < from,
        // A newly placed item needs a reason only when it enters the top N.
        (None, Some(to)) => to <= top,
        _ => false,
    };
    // A later commit of the same pull request may state the reason: the PR is what merges.
    let explained_later = |i: usize, id: &str| {
        events[i + 1..]
            .iter()
            .any(|later| later.id.eq_ignore_ascii_case(id) && later.explicit && later.to.is_some())
    };
    let mut warned: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, event) in events.iter().enumerate() {
        let who = format!(
            "{} by {} <{}>",
            short(&event.commit.commit),
            event.commit.author,
            event.commit.email
        );
        // A renumber keeps the item's place: it is a rename, not a move.
        let renamed = event.renamed_from.is_some() && event.from == event.to;
        if config.policy.move_up_needs_reason && event.ambiguous {
            if warned.insert(event.commit.commit.as_str()) {
                let d = ambiguous(backlog, events, i, &who, &needs_reason, &explained_later);
                out.extend(d.map(|d| at_line(event, d)));
            }
        } else if config.policy.move_up_needs_reason
            && !renamed
            && needs_reason(event.from, event.to)
            && !event.explicit
            && !explained_later(i, &event.id)
        {
            let movement = movement(event.from, event.to);
            let what = if event.from.is_none() {
                "was placed"
            } else {
                "moved up"
            };
            let d = at_line(
                event,
                Diagnostic::new("POL001", &path, format!("{} {what} ({movement}) in {who} without a stated reason", event.id))
                    .help(format!("say why on the item's line (`{}  # why it matters now`) or with a `Reason({}): ...` commit trailer", event.id, event.id)),
            );
            out.push(d);
        }
        if !renamed
            && !config.policy.rankers.is_empty()
            && !config
                .policy
                .rankers
                .iter()
                .any(|r| r.eq_ignore_ascii_case(&event.commit.email))
        {
            out.push(at_line(
                event,
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

/// POL004 on the commit of `events[i]`, whose ranking edit reads two ways and was decided only
/// by git's diff or the tie-break: a warning naming both readings, when either would need a
/// reason it lacks. Never POL001 against an item that may not have moved.
fn ambiguous(
    backlog: &Backlog,
    events: &[Event],
    i: usize,
    who: &str,
    needs_reason: &dyn Fn(Option<usize>, Option<usize>) -> bool,
    explained_later: &dyn Fn(usize, &str) -> bool,
) -> Option<Diagnostic> {
    let event = &events[i];
    let chosen: Vec<(usize, &Event)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.ambiguous && e.commit.commit == event.commit.commit)
        .collect();
    let other = event.other_reading.clone().unwrap_or_default();
    let trailers = crate::history::Trailers::parse(&event.commit.message);
    let unexplained_chosen = chosen
        .iter()
        .any(|&(j, e)| needs_reason(e.from, e.to) && !e.explicit && !explained_later(j, &e.id));
    let unexplained_other = other.iter().any(|m| {
        needs_reason(Some(m.from), Some(m.to))
            && trailers.for_item(&m.id).is_none()
            && !explained_later(i, &m.id)
    });
    if !unexplained_chosen && !unexplained_other {
        return None;
    }
    let reading = |moves: Vec<String>| moves.join(" and ");
    let first = reading(
        chosen
            .iter()
            .filter_map(|(_, e)| Some(described(&e.id, e.from?, e.to?)))
            .collect(),
    );
    let second = reading(
        other
            .iter()
            .map(|m| described(&m.id, m.from, m.to))
            .collect(),
    );
    let mover = |e: &str| format!("`Reason({e}):`");
    let names: Vec<String> = chosen
        .iter()
        .map(|(_, e)| mover(&e.id))
        .chain(other.iter().map(|m| mover(&m.id)))
        .collect();
    let d = Diagnostic::new(
        "POL004",
        &backlog.ranking_path(),
        format!(
            "{first} or {second} in {who}: state which with a `Reason({}):` trailer",
            event.id
        ),
    )
    .help(format!(
        "the two versions of ranking.txt read both ways, and a move up needs a reason: amend the commit with a {} trailer naming the item that moved, or write the reason on its line",
        names.join(" or ")
    ));
    Some(d)
}
