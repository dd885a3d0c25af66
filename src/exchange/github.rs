//! GitHub issues, from the JSON that
//! `gh issue list --state all --json number,title,body,labels,assignees,state,milestone,createdAt,closedAt --limit 100000`
//! prints. The tool never calls GitHub itself.

use super::{Foreign, InputFile, Report, Source, fold, map_kind, map_state};
use crate::config::Config;
use serde::Deserialize;
use std::collections::BTreeMap;

/// How open issues are ranked: GitHub has no priority order of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    /// Oldest first, as a queue.
    Created,
    /// Most recently updated first (needs `updatedAt` in the JSON; else creation order).
    Updated,
    /// By a priority label (`P0`…`P4`, `priority: high`, `priority/low`, `critical`…), then
    /// oldest first.
    LabelPriority,
}

pub struct GitHub {
    pub order: Order,
    /// `--map-kind`, folded.
    pub kinds: BTreeMap<String, String>,
    /// `--map-state`, folded (GitHub's states are OPEN and CLOSED).
    pub states: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Issue {
    number: u64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    labels: Vec<Named>,
    #[serde(default)]
    assignees: Vec<Login>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    state_reason: Option<String>,
    #[serde(default)]
    milestone: Option<Titled>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    closed_at: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
struct Login {
    login: String,
}

#[derive(Deserialize)]
struct Titled {
    title: String,
}

impl Source for GitHub {
    fn name(&self) -> &'static str {
        "GitHub issues"
    }

    fn read(&self, files: &[InputFile], config: &Config, report: &mut Report) -> Vec<Foreign> {
        let Some(file) = files.first() else {
            return Vec::new();
        };
        let issues: Vec<Issue> = match serde_json::from_slice(&file.bytes) {
            Ok(issues) => issues,
            Err(e) => {
                report.skip(
                    &file.path,
                    format!(
                        "not the JSON `gh issue list --json ...` prints (line {}, column {}: {e})",
                        e.line(),
                        e.column()
                    ),
                );
                return Vec::new();
            }
        };
        report.read = issues.len();
        if self.order == Order::Updated && issues.iter().any(|i| i.updated_at.is_none()) {
            report.note(
                &file.path,
                "some issues have no `updatedAt` (add it to `--json`): they rank by creation",
            );
        }
        let mut items = Vec::new();
        let mut open = Vec::new();
        for issue in issues {
            let labels: Vec<String> = issue.labels.iter().map(|l| l.name.clone()).collect();
            let closed = issue.state.eq_ignore_ascii_case("closed");
            let status = match (closed, issue.state_reason.as_deref()) {
                (true, Some(r)) if r.eq_ignore_ascii_case("not_planned") => "won't do",
                (true, _) => "done",
                (false, _) => "open",
            };
            let state = self
                .states
                .get(&fold(&issue.state))
                .cloned()
                .unwrap_or_else(|| map_state(status, config, &self.states));
            let mut extra: Vec<(String, toml_edit::Value)> = Vec::new();
            if let Some(m) = &issue.milestone {
                extra.push(("milestone".into(), m.title.as_str().into()));
            }
            for (key, value) in [("created", &issue.created_at), ("closed", &issue.closed_at)] {
                if let Some(v) = value {
                    extra.push((key.into(), v.as_str().into()));
                }
            }
            extra.push((
                "github".into(),
                format!("#{}", issue.number).as_str().into(),
            ));
            let logins: Vec<&str> = issue.assignees.iter().map(|a| a.login.as_str()).collect();
            if logins.len() > 1 {
                extra.push((
                    "assignees".into(),
                    toml_edit::Value::Array(logins.iter().copied().collect()),
                ));
            }
            if !config.is_closed(&state) {
                let when = match self.order {
                    Order::Updated => issue.updated_at.clone().or(issue.created_at.clone()),
                    _ => issue.created_at.clone(),
                };
                open.push((items.len(), label_priority(&labels), when, issue.number));
            }
            items.push(Foreign {
                origin: format!("#{}", issue.number),
                key: format!("#{}", issue.number),
                source_id: format!("#{}", issue.number),
                number: Some(issue.number),
                title: issue.title.trim().to_owned(),
                kind: map_kind(&labels, config, &self.kinds),
                state,
                owner: logins.first().map(|l| (*l).to_owned()),
                estimate: None,
                tags: labels,
                depends_on: Vec::new(),
                parent: None,
                extra,
                body: issue.body.unwrap_or_default(),
                rank: None,
            });
        }
        match self.order {
            Order::Created => open.sort_by(|a, b| (&a.2, a.3).cmp(&(&b.2, b.3))),
            Order::Updated => open.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3))),
            Order::LabelPriority => open.sort_by(|a, b| (a.1, &a.2, a.3).cmp(&(b.1, &b.2, b.3))),
        }
        for (rank, (i, ..)) in open.into_iter().enumerate() {
            items[i].rank = Some(rank);
        }
        items
    }
}

/// 0 for the most urgent label, 5 when no label says.
fn label_priority(labels: &[String]) -> u8 {
    labels
        .iter()
        .filter_map(|l| {
            let l = fold(l).replace([':', '/'], " ");
            let word = l
                .strip_prefix("priority")
                .map(str::trim)
                .unwrap_or(l.as_str())
                .to_owned();
            Some(match word.as_str() {
                "p0" | "critical" | "urgent" | "blocker" => 0,
                "p1" | "high" => 1,
                "p2" | "medium" | "normal" => 2,
                "p3" | "low" => 3,
                "p4" | "lowest" | "trivial" => 4,
                _ => return None,
            })
        })
        .min()
        .unwrap_or(5)
}
