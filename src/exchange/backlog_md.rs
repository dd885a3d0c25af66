//! Backlog.md (github.com/MrLesk/Backlog.md): tasks as Markdown with YAML frontmatter under
//! `backlog/` (`tasks/`, `completed/`, `archive/tasks/`, `drafts/`, `archive/drafts/`) and a
//! `config.yml` naming its statuses.
//!
//! The ranking is the order Backlog.md's board shows open tasks: by status column (config.yml's
//! order, then other statuses as met), then as `sortByOrdinalAndPriority` in its
//! `src/utils/task-sorting.ts` sorts: tasks with an `ordinal` first, by ordinal; then by
//! priority (high, medium, low, none); then by the numbers of the ID (`task-2` < `task-10` <
//! `task-10.1`).

use super::body::convert_body;
use super::yaml::{self, scalar_text, texts, to_toml};
use super::{Foreign, InputFile, Reference, Report, Source, fold, map_kind, map_state};
use crate::config::Config;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use yaml_rust2::Yaml;

/// Fields mapped to ours, or used for the order, so not kept as they are.
const MAPPED: &[&str] = &[
    "id",
    "title",
    "status",
    "assignee",
    "labels",
    "dependencies",
    "parent_task_id",
    "parent",
    "ordinal",
    "type",
];

pub struct BacklogMd {
    /// `--map-state`, folded.
    pub states: BTreeMap<String, String>,
    /// `--map-kind`, folded.
    pub kinds: BTreeMap<String, String>,
}

/// Which folder a task came from, which decides its state when the status does not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Folder {
    Tasks,
    Completed,
    Archived,
    Drafts,
}

fn folder_of(path: &str) -> Option<Folder> {
    let (dir, name) = path.rsplit_once('/')?;
    if !name.ends_with(".md") || name.eq_ignore_ascii_case("readme.md") {
        return None;
    }
    match dir {
        "tasks" => Some(Folder::Tasks),
        "completed" => Some(Folder::Completed),
        "archive/tasks" | "archive/drafts" => Some(Folder::Archived),
        "drafts" => Some(Folder::Drafts),
        _ => None,
    }
}

/// What the ranking sorts open tasks by.
struct SortKey {
    column: usize,
    ordinal: Option<f64>,
    priority: usize,
    id: Vec<u64>,
}

impl Source for BacklogMd {
    fn name(&self) -> &'static str {
        "Backlog.md"
    }

    fn read(&self, files: &[InputFile], config: &Config, report: &mut Report) -> Vec<Foreign> {
        let settings = files
            .iter()
            .find(|f| f.path == "config.yml")
            .map(|f| settings(&String::from_utf8_lossy(&f.bytes), report))
            .unwrap_or_default();
        let mut items = Vec::new();
        let mut keys: Vec<Option<SortKey>> = Vec::new();
        let mut other = BTreeMap::<String, usize>::new();
        for file in files {
            let Some(folder) = folder_of(&file.path) else {
                if file.path != "config.yml" {
                    let top = match file.path.rsplit_once('/') {
                        Some((dir, _)) => format!("{dir}/"),
                        None => file.path.clone(),
                    };
                    *other.entry(top).or_default() += 1;
                }
                continue;
            };
            report.read += 1;
            let Ok(text) = String::from_utf8(file.bytes.clone()) else {
                report.skip(&file.path, "not UTF-8 text");
                continue;
            };
            let (item, key) = self.task(&file.path, &text, folder, &settings, config, report);
            items.push(item);
            keys.push(key);
        }
        if !other.is_empty() {
            let total: usize = other.values().sum();
            let each: Vec<String> = other.iter().map(|(f, n)| format!("{f} {n}")).collect();
            report.note(
                "backlog/",
                format!(
                    "{total} non-task {} left out (documents, decisions, milestones, read-me files): {}",
                    if total == 1 { "file" } else { "files" },
                    each.join(", ")
                ),
            );
        }
        // Rank the open tasks in board order.
        let mut open: Vec<(usize, &SortKey)> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| k.as_ref().map(|k| (i, k)))
            .collect();
        open.sort_by(|(_, a), (_, b)| board_order(a, b));
        let order: Vec<usize> = open.into_iter().map(|(i, _)| i).collect();
        for (rank, i) in order.into_iter().enumerate() {
            items[i].rank = Some(rank);
        }
        items
    }
}

#[derive(Default)]
struct Settings {
    statuses: Vec<String>,
    priorities: Vec<String>,
    definition_of_done: Vec<String>,
}

fn settings(text: &str, report: &mut Report) -> Settings {
    let fm = match yaml::read(text) {
        Ok(fm) => fm,
        Err(e) => {
            report.note(
                "config.yml",
                format!("not read ({e}); default statuses used"),
            );
            return Settings::default();
        }
    };
    let mut s = Settings::default();
    for (key, value) in &fm.fields {
        match key.as_str() {
            "statuses" => s.statuses = texts(value),
            "priorities" => s.priorities = texts(value).iter().map(|p| fold(p)).collect(),
            "definition_of_done" => s.definition_of_done = texts(value),
            _ => {}
        }
    }
    if s.statuses.is_empty() {
        s.statuses = vec!["To Do".into(), "In Progress".into(), "Done".into()];
    }
    if s.priorities.is_empty() {
        s.priorities = vec!["high".into(), "medium".into(), "low".into()];
    }
    s
}

impl BacklogMd {
    fn task(
        &self,
        path: &str,
        text: &str,
        folder: Folder,
        settings: &Settings,
        config: &Config,
        report: &mut Report,
    ) -> (Foreign, Option<SortKey>) {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (id_from_name, title_from_name) = from_file_name(name);
        let mut item = Foreign {
            origin: path.to_owned(),
            ..Foreign::default()
        };
        let (front, body) = split(text);
        let mut fields = Vec::new();
        match front.map(yaml::read) {
            None => report.note(
                path,
                "no YAML frontmatter: ID and title taken from the file name",
            ),
            Some(Err(e)) => {
                report.note(
                    path,
                    format!("frontmatter is not valid YAML ({e}): ID and title taken from the file name, the frontmatter kept in the body"),
                );
                item.body = format!(
                    "## Imported frontmatter\n\nBacklog.md's YAML could not be read; it is kept here as it was:\n\n```yaml\n{}\n```\n\n",
                    front.unwrap_or_default().trim_end()
                );
            }
            Some(Ok(fm)) => {
                if fm.repaired {
                    report.note(
                        path,
                        "YAML scalars starting with `@` or a backtick were read as quoted text",
                    );
                }
                fields = fm.fields;
            }
        }
        let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let id = get("id").and_then(scalar_text).unwrap_or(id_from_name);
        let draft = id.to_lowercase().starts_with("draft");
        item.key = key_of(&id, draft);
        item.source_id = id.trim().to_owned();
        let numbers = id_numbers(&id);
        item.number = (!draft && numbers.len() == 1).then(|| numbers[0]);
        item.title = get("title")
            .and_then(scalar_text)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or(title_from_name);
        let status = get("status").and_then(scalar_text).unwrap_or_default();
        let by_status = map_state(&status, config, &self.states);
        item.state = match folder {
            Folder::Completed => map_state("done", config, &self.states),
            Folder::Archived => map_state("won't do", config, &self.states),
            // A draft keeps a state its status names, but is never closed by it.
            Folder::Drafts if !config.is_closed(&by_status) => by_status.clone(),
            Folder::Drafts => config.first_state().to_owned(),
            Folder::Tasks => by_status.clone(),
        };
        // The folder decided: keep a status that says something else.
        if folder != Folder::Tasks && !status.is_empty() && by_status != item.state {
            item.extra.push(("status".into(), status.as_str().into()));
        }
        let assignees = get("assignee").map(texts).unwrap_or_default();
        item.owner = assignees.first().cloned();
        if assignees.len() > 1 {
            item.extra.push((
                "assignees".into(),
                toml_edit::Value::Array(assignees.iter().map(String::as_str).collect()),
            ));
        }
        item.tags = get("labels").map(texts).unwrap_or_default();
        let mut kind_hints = get("type").map(texts).unwrap_or_default();
        kind_hints.extend(item.tags.iter().cloned());
        item.kind = map_kind(&kind_hints, config, &self.kinds);
        if let Some(t) = get("type").and_then(scalar_text)
            && t != item.kind
        {
            report.note(path, format!("`type: {t}` read as kind `{}`", item.kind));
        }
        item.depends_on = get("dependencies")
            .map(texts)
            .unwrap_or_default()
            .iter()
            .map(|d| Reference {
                key: key_of(d, d.to_lowercase().starts_with("draft")),
                text: d.clone(),
            })
            .collect();
        item.parent = get("parent_task_id")
            .or_else(|| get("parent"))
            .and_then(scalar_text)
            .map(|p| Reference {
                key: key_of(&p, false),
                text: p,
            });
        let ordinal = get("ordinal").and_then(|v| match v {
            Yaml::Integer(i) => Some(*i as f64),
            Yaml::Real(r) => r.parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        });
        let priority = get("priority").and_then(scalar_text).map(|p| fold(&p));
        for (key, value) in &fields {
            if MAPPED.contains(&key.as_str()) {
                continue;
            }
            match to_toml(value) {
                Some(v) => item.extra.push((key.clone(), v)),
                None if matches!(value, Yaml::Null) => {}
                None => report.note(path, format!("`{key}` has no TOML form and was left out")),
            }
        }
        item.body.push_str(&convert_body(body, config));
        // Backlog.md's board leaves out a task without a status; so does the ranking.
        let open =
            folder == Folder::Tasks && !config.is_closed(&item.state) && !status.trim().is_empty();
        if folder == Folder::Tasks && status.trim().is_empty() {
            report.note(
                path,
                "no status, so Backlog.md's board does not show it: left untriaged",
            );
        }
        let key = open.then(|| SortKey {
            column: column_of(&status, &settings.statuses),
            ordinal,
            priority: priority
                .and_then(|p| settings.priorities.iter().position(|x| *x == p))
                .unwrap_or(usize::MAX),
            id: numbers,
        });
        (item, key)
    }
}

/// The board's column order: config.yml's statuses, then the others (all after, by name).
fn column_of(status: &str, statuses: &[String]) -> usize {
    let folded = fold(status);
    statuses
        .iter()
        .position(|s| fold(s) == folded)
        .unwrap_or(statuses.len())
}

fn board_order(a: &SortKey, b: &SortKey) -> Ordering {
    a.column
        .cmp(&b.column)
        .then_with(|| match (a.ordinal, b.ordinal) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.priority.cmp(&b.priority))
        .then_with(|| compare_ids(&a.id, &b.id))
}

/// Backlog.md's `compareTaskIds`: number by number, a missing part counting as 0.
fn compare_ids(a: &[u64], b: &[u64]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).unwrap_or(&0), b.get(i).unwrap_or(&0));
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// The numbers of an ID with any `letters-` prefix removed: `BACK-12.1` → [12, 1].
fn id_numbers(id: &str) -> Vec<u64> {
    let rest = id
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start_matches('-');
    let parts: Option<Vec<u64>> = rest.split('.').map(|p| p.parse().ok()).collect();
    parts.unwrap_or_default()
}

/// How references find their task, whatever prefix they were written with (Backlog.md
/// accepts `task-12`, `BACK-12` and `12` for one task): the numbers, and drafts apart.
fn key_of(id: &str, draft: bool) -> String {
    let numbers: Vec<String> = id_numbers(id).iter().map(u64::to_string).collect();
    let core = if numbers.is_empty() {
        id.trim().to_lowercase()
    } else {
        numbers.join(".")
    };
    if draft { format!("draft-{core}") } else { core }
}

/// `back-12 - Some-title.md` → (`back-12`, `Some title`).
fn from_file_name(name: &str) -> (String, String) {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.split_once(" - ") {
        Some((id, title)) => (
            id.trim().to_owned(),
            title.replace('-', " ").trim().to_owned(),
        ),
        None => (stem.to_owned(), stem.to_owned()),
    }
}

/// The YAML between `---` lines at the top, and the body after it.
fn split(text: &str) -> (Option<&str>, &str) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..at]), &rest[at + line.len()..]);
        }
        at += line.len();
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_as_backlog_md_does() {
        let mut ids = ["task-10", "task-2.1", "task-2", "task-10.1", "BACK-3"];
        ids.sort_by(|a, b| compare_ids(&id_numbers(a), &id_numbers(b)));
        assert_eq!(
            ids,
            ["task-2", "task-2.1", "BACK-3", "task-10", "task-10.1"]
        );
    }

    #[test]
    fn references_find_a_task_whatever_its_prefix() {
        assert_eq!(key_of("task-24.1", false), "24.1");
        assert_eq!(key_of("BACK-24.1", false), "24.1");
        assert_eq!(key_of("DRAFT-3", true), "draft-3");
    }
}
