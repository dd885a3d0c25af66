//! The whole backlog out again: every item with all its fields and its body ([`items`]), as
//! JSON or as a Backlog.md folder that Backlog.md reads and `import backlog-md` brings back
//! unchanged. The CSV form of the same items is `render::csv::export`.

use crate::load::{Backlog, Item};
use serde::Serialize;
use serde_json::Value;

/// One item as it leaves: our fields by name, every frontmatter key, and the body.
#[derive(Debug, Serialize)]
pub struct Exported {
    pub id: String,
    pub path: String,
    pub rank: Option<usize>,
    pub title: String,
    pub kind: String,
    pub state: String,
    /// Every frontmatter key with its value, ours and the team's own.
    pub fields: serde_json::Map<String, Value>,
    pub body: String,
}

/// The readable items in priority order, and the paths of those whose frontmatter could not
/// be read (they are not exported; the caller says so).
pub fn items(backlog: &Backlog) -> (Vec<Exported>, Vec<String>) {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    for item in backlog.in_priority_order() {
        match exported(backlog, item) {
            Some(e) => out.push(e),
            None => unreadable.push(item.path.clone()),
        }
    }
    (out, unreadable)
}

fn exported(backlog: &Backlog, item: &Item) -> Option<Exported> {
    let source = item.source.as_ref().filter(|_| item.is_readable())?;
    let layout = item.parsed.layout.as_ref()?;
    let text = source.content();
    let table: toml::Table = text.get(layout.frontmatter.clone())?.parse().ok()?;
    let fields = match serde_json::to_value(table).ok()? {
        Value::Object(map) => map,
        _ => return None,
    };
    Some(Exported {
        id: item.id.clone(),
        path: item.path.clone(),
        rank: backlog.rank(&item.id),
        title: item.title().to_owned(),
        kind: item.kind().to_owned(),
        state: item.state().to_owned(),
        fields,
        body: text.get(layout.body.clone())?.to_owned(),
    })
}

/// The JSON document: a version, the prefix, the ranked IDs and every item.
pub fn json(backlog: &Backlog, items: &[Exported]) -> String {
    let ranked: Vec<&str> = items
        .iter()
        .filter(|i| i.rank.is_some())
        .map(|i| i.id.as_str())
        .collect();
    let doc = serde_json::json!({
        "version": 1,
        "prefix": backlog.config.prefix,
        "ranking": ranked,
        "items": items,
    });
    // Hostile text stays inert on a terminal too (C1, bidi as `\uXXXX`); the values are the same.
    let mut text = crate::sanitize::json(serde_json::to_string_pretty(&doc).unwrap_or_default());
    text.push('\n');
    text
}

/// A Backlog.md folder's files, relative to the folder that will hold `backlog/`.
pub fn backlog_md(backlog: &Backlog, items: &[Exported]) -> Vec<(String, String)> {
    let config = &backlog.config;
    let open: Vec<&String> = config
        .states
        .iter()
        .filter(|s| !config.is_closed(s))
        .collect();
    let done = config
        .done
        .states
        .first()
        .cloned()
        .unwrap_or_else(|| "done".into());
    let mut statuses: Vec<String> = open.iter().map(|s| (*s).clone()).collect();
    statuses.push(done.clone());
    let prefix = config.prefix.to_lowercase();
    let mut files = vec![(
        "backlog/config.yml".to_owned(),
        format!(
            "project_name: {}\ndefault_status: {}\nstatuses: {}\nlabels: []\ntask_prefix: {}\n",
            yaml_value(&Value::String(config.prefix.clone())),
            yaml_value(&Value::String(statuses[0].clone())),
            yaml_value(&serde_json::json!(statuses)),
            yaml_value(&Value::String(prefix.clone())),
        ),
    )];
    for item in items {
        // Untriaged open items go to drafts/, which Backlog.md does not rank.
        let folder = if config.done.states.contains(&item.state) {
            "completed"
        } else if config.is_closed(&item.state) {
            "archive/tasks"
        } else if item.rank.is_none() {
            "drafts"
        } else {
            "tasks"
        };
        let name = format!(
            "backlog/{folder}/{} - {}.md",
            item.id.to_lowercase(),
            file_title(&item.title)
        );
        // A status the import kept goes back when importing it again gives the same state.
        let kept = item
            .fields
            .get("status")
            .and_then(Value::as_str)
            .filter(|kept| match folder {
                "completed" | "archive/tasks" => true,
                "drafts" => {
                    let by_status = super::map_state(kept, config, &Default::default());
                    config.is_closed(&by_status) && item.state == config.first_state()
                }
                _ => false,
            });
        files.push((name, task_text(item, config, &done, kept)));
    }
    files
}

/// `kept`: the source's own status that the import kept (a task's status when it was
/// archived), written back instead of ours.
fn task_text(
    item: &Exported,
    config: &crate::config::Config,
    done: &str,
    kept: Option<&str>,
) -> String {
    let status = match kept {
        Some(kept) => kept,
        None if config.done.states.contains(&item.state) => done,
        None => &item.state,
    };
    let mut front = vec![
        ("id", Value::String(item.id.clone())),
        ("title", Value::String(item.title.clone())),
        ("status", Value::String(status.to_owned())),
        ("type", Value::String(item.kind.clone())),
    ];
    let list = |key: &str| {
        item.fields
            .get(key)
            .cloned()
            .unwrap_or(Value::Array(vec![]))
    };
    let owner = item
        .fields
        .get("owner")
        .and_then(Value::as_str)
        .unwrap_or("");
    let owners = if owner.is_empty() {
        vec![]
    } else {
        vec![owner]
    };
    front.push(("assignee", serde_json::json!(owners)));
    front.push(("labels", list("tags")));
    front.push(("dependencies", list("depends_on")));
    if let Some(rank) = item.rank {
        front.push(("ordinal", Value::from((rank as u64) * 1000)));
    }
    let mut text = String::from("---\n");
    for (key, value) in &front {
        text.push_str(&format!("{key}: {}\n", yaml_value(value)));
    }
    let ours = ["title", "kind", "state", "owner", "tags", "depends_on"];
    for (key, value) in &item.fields {
        if ours.contains(&key.as_str()) || front.iter().any(|(k, _)| k == key) {
            continue;
        }
        let key = if key == "parent" {
            "parent_task_id"
        } else {
            key
        };
        text.push_str(&format!("{key}: {}\n", yaml_value(value)));
    }
    text.push_str("---\n\n");
    text.push_str(&criteria_for_backlog_md(
        item.body.trim_start_matches('\n'),
        &config.criteria_section,
    ));
    text
}

/// JSON is YAML (flow style), and quoting every string keeps `@name` or `yes` what it is.
fn yaml_value(value: &Value) -> String {
    value.to_string()
}

/// Our criteria section as Backlog.md writes it: `## Acceptance Criteria`, its markers, and
/// `#N` numbers on the task-list items.
fn criteria_for_backlog_md(body: &str, section: &str) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut inside = false;
    let mut n = 0;
    for line in body.lines() {
        let heading = line
            .starts_with('#')
            .then(|| line.trim_start_matches('#').trim());
        if inside && heading.is_some() {
            out.push_str("<!-- AC:END -->\n");
            inside = false;
        }
        if heading.is_some_and(|h| h.eq_ignore_ascii_case(section)) && line.starts_with("## ") {
            out.push_str("## Acceptance Criteria\n<!-- AC:BEGIN -->\n");
            inside = true;
            continue;
        }
        if inside {
            let t = line.trim_start();
            if let Some(rest) = ["- [ ] ", "- [x] ", "- [X] "]
                .iter()
                .find_map(|p| t.strip_prefix(p).map(|r| (&t[..6], r)))
            {
                n += 1;
                let indent = &line[..line.len() - t.len()];
                out.push_str(&format!("{indent}{}#{n} {}\n", rest.0, rest.1));
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if inside {
        out.push_str("<!-- AC:END -->\n");
    }
    out
}

/// Backlog.md's file-name form of a title: words joined by `-`, no characters that paths or
/// shells trip on.
fn file_title(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._()+,'".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut name = words.join("-");
    name.truncate(name.char_indices().nth(80).map_or(name.len(), |(i, _)| i));
    if name.is_empty() {
        "untitled".into()
    } else {
        name
    }
}
