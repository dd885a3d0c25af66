//! Jira, from its CSV export ("Export Excel CSV (all fields)"): issue key, summary,
//! description, issue type, status, priority, assignee, story points, labels, and `Rank`
//! (a LexoRank such as `0|i0001b:`, which sorts as text) giving the order.

use super::{Foreign, InputFile, Report, Source, fold, map_kind, map_state};
use crate::config::Config;
use std::collections::BTreeMap;

pub struct Jira {
    /// `--map-kind` (issue type or label → kind), folded.
    pub kinds: BTreeMap<String, String>,
    /// `--map-state`, folded.
    pub states: BTreeMap<String, String>,
}

/// The columns we map, by their folded header; `Custom field (Story Points)` counts as
/// `story points`. Several columns may share a header (Jira repeats `Labels`).
fn column(header: &str) -> String {
    let h = fold(header);
    let h = h
        .strip_prefix("custom field (")
        .and_then(|h| h.strip_suffix(')'))
        .unwrap_or(&h);
    match h {
        "story point estimate" => "story points".to_owned(),
        other => other.to_owned(),
    }
}

impl Source for Jira {
    fn name(&self) -> &'static str {
        "Jira CSV"
    }

    fn read(&self, files: &[InputFile], config: &Config, report: &mut Report) -> Vec<Foreign> {
        let Some(file) = files.first() else {
            return Vec::new();
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(file.bytes.as_slice());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(column).collect(),
            Err(e) => {
                report.skip(&file.path, format!("not a CSV file: {e}"));
                return Vec::new();
            }
        };
        if !headers.iter().any(|h| h == "issue key") || !headers.iter().any(|h| h == "summary") {
            report.skip(
                &file.path,
                "no `Issue key` and `Summary` columns: is this Jira's CSV export?",
            );
            return Vec::new();
        }
        let known = [
            "issue key",
            "summary",
            "description",
            "issue type",
            "status",
            "priority",
            "assignee",
            "story points",
            "labels",
            "rank",
        ];
        let mut items = Vec::new();
        let mut open = Vec::new();
        for (row, record) in reader.records().enumerate() {
            let line = row + 2;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    report.skip(
                        format!("{}:{line}", file.path),
                        format!("unreadable row: {e}"),
                    );
                    continue;
                }
            };
            report.read += 1;
            let mut cells: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (h, v) in headers.iter().zip(record.iter()) {
                if !v.trim().is_empty() {
                    cells.entry(h.as_str()).or_default().push(v.trim());
                }
            }
            let one = |k: &str| cells.get(k).and_then(|v| v.first()).copied();
            let Some(key) = one("issue key") else {
                report.skip(format!("{}:{line}", file.path), "no issue key");
                continue;
            };
            let labels: Vec<String> = cells
                .get("labels")
                .into_iter()
                .flatten()
                .flat_map(|l| l.split_whitespace())
                .map(str::to_owned)
                .collect();
            let mut hints: Vec<String> = one("issue type").into_iter().map(str::to_owned).collect();
            hints.extend(labels.iter().cloned());
            let state = map_state(one("status").unwrap_or(""), config, &self.states);
            let mut extra: Vec<(String, toml_edit::Value)> = vec![("jira".into(), key.into())];
            if let Some(p) = one("priority") {
                extra.push(("priority".into(), p.into()));
            }
            if let Some(t) = one("issue type") {
                extra.push(("issue_type".into(), t.into()));
            }
            let estimate = one("story points").and_then(|p| match p.parse::<f64>() {
                Ok(f) if f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX) => Some(f as u32),
                _ => {
                    report.note(
                        key.to_owned(),
                        format!(
                            "story points `{p}` are not a whole number: kept as `story_points`"
                        ),
                    );
                    extra.push(("story_points".into(), p.into()));
                    None
                }
            });
            let ignored: Vec<&str> = cells
                .keys()
                .copied()
                .filter(|h| !known.contains(h))
                .collect();
            if !ignored.is_empty() && items.is_empty() {
                report.note(
                    &file.path,
                    format!("columns not imported: {}", ignored.join(", ")),
                );
            }
            let description = one("description").unwrap_or("");
            if description.contains('<') && description.contains('>') {
                report.note(key, "the description holds HTML: kept as it is (Markdown allows it; every output of backlog makes it inert)");
            }
            if !config.is_closed(&state) {
                open.push((items.len(), one("rank").map(str::to_owned), row));
            }
            items.push(Foreign {
                origin: key.to_owned(),
                key: key.to_owned(),
                source_id: key.to_owned(),
                number: crate::id::is_valid_id(key)
                    .then(|| crate::id::id_number(key))
                    .flatten(),
                title: one("summary").unwrap_or("").to_owned(),
                kind: map_kind(&hints, config, &self.kinds),
                state,
                owner: one("assignee").map(str::to_owned),
                estimate,
                tags: labels,
                depends_on: Vec::new(),
                parent: None,
                extra,
                body: wiki_to_markdown(description),
                rank: None,
            });
        }
        // Ranked by Jira's Rank; rows without one after, in the file's order.
        open.sort_by(|a, b| match (&a.1, &b.1) {
            (Some(x), Some(y)) => x.cmp(y).then(a.2.cmp(&b.2)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.2.cmp(&b.2),
        });
        for (rank, (i, ..)) in open.into_iter().enumerate() {
            items[i].rank = Some(rank);
        }
        items
    }
}

/// The few Jira wiki-markup forms that would read wrong as Markdown: `h2. Title` headings and
/// `{code}` / `{noformat}` blocks. Everything else is kept as written.
fn wiki_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.replace("\r\n", "\n").lines() {
        let t = line.trim_start();
        let heading = (1..=6).find(|n| t.starts_with(&format!("h{n}. ")));
        if let Some(n) = heading {
            out.push_str(&"#".repeat(n));
            out.push(' ');
            out.push_str(&t[4..]);
        } else if t.starts_with("{code") || t.starts_with("{noformat") {
            out.push_str("```");
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn wiki_headings_and_code_blocks_become_markdown() {
        assert_eq!(
            super::wiki_to_markdown("h2. Why\r\n{code:java}\nx\n{code}\n*bold*"),
            "## Why\n```\nx\n```\n*bold*\n"
        );
    }
}
