//! What an import proposes for backlog.toml, so that the imported backlog lints the way its
//! team would expect on day one.
//!
//! A Definition of Ready asks for fields and sections the source may never have had (Backlog.md
//! has no `value`, most trackers no `estimate`). Lint would then fail every imported item that
//! must be Ready for a gap nobody on the team left. The import finds each requirement of a kind
//! that fewer than a quarter of the open imported items of that kind meet, and drops it from
//! that kind's Ready, with a comment saying what was dropped and why, so the team can put it
//! back. Requirements most items meet stay: the items that miss them are real gaps.

use super::PlannedItem;
use crate::config::Config;
use crate::item;
use crate::text::Source;
use serde::Serialize;
use std::collections::BTreeMap;

/// One requirement of a kind's Ready that the imported items do not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relaxed {
    pub kind: String,
    /// `field`, `section`, `criteria` (the name is the count), `timebox` or `economics`.
    pub what: &'static str,
    pub name: String,
    /// Open imported items of the kind that meet it, and how many there are.
    pub have: usize,
    pub of: usize,
}

impl Relaxed {
    /// `value` or `## Problem`, as the report and the comment name it.
    pub fn label(&self) -> String {
        match self.what {
            "section" => format!("`## {}`", self.name),
            "criteria" => format!("`min_criteria = {}`", self.name),
            _ => format!("`{}`", self.name),
        }
    }
}

/// The requirements to drop: for each kind, each part of its Ready (a field, a section, the
/// acceptance-criteria count, the timebox, the economics) that fewer than a quarter of its open
/// imported items meet. Closed items are left out of the count: Ready is never asked of them.
pub fn fit(items: &[PlannedItem], config: &Config) -> Vec<Relaxed> {
    // kind → (open items, how many meet each requirement, in the order of `requirements`)
    let mut counts: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
    for planned in items {
        let source = Source::new(planned.content.clone());
        let parsed = item::parse(&source, &planned.file_name, &mut Vec::new());
        let (Some(kind), Some(state)) = (&parsed.fields.kind, &parsed.fields.state) else {
            continue;
        };
        if config.closed.contains(&state.value) {
            continue;
        }
        let Some(kind_config) = config.kinds.get(&kind.value) else {
            continue;
        };
        let wanted = requirements(&kind_config.ready);
        let entry = counts
            .entry(kind.value.clone())
            .or_insert_with(|| (0, vec![0; wanted.len()]));
        entry.0 += 1;
        for (n, (what, name)) in wanted.iter().enumerate() {
            entry.1[n] += usize::from(meets(&parsed, config, &kind_config.ready, what, name));
        }
    }
    let mut out = Vec::new();
    for (kind, (of, have)) in counts {
        let wanted = requirements(&config.kinds[&kind].ready);
        for ((what, name), have) in wanted.into_iter().zip(have) {
            if have * 4 < of {
                out.push(Relaxed {
                    kind: kind.clone(),
                    what,
                    name,
                    have,
                    of,
                });
            }
        }
    }
    out
}

/// Each part of a kind's Ready, as (what, name).
fn requirements(ready: &crate::config::Requirements) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    out.extend(ready.fields.iter().map(|f| ("field", f.clone())));
    out.extend(ready.sections.iter().map(|s| ("section", s.clone())));
    if ready.min_criteria > 0 {
        out.push(("criteria", ready.min_criteria.to_string()));
    }
    if ready.timebox {
        out.push(("timebox", "timebox".into()));
    }
    if ready.economics {
        out.push(("economics", "economics".into()));
    }
    out
}

fn meets(
    parsed: &item::Parsed,
    config: &Config,
    ready: &crate::config::Requirements,
    what: &str,
    name: &str,
) -> bool {
    let filled = |key: &str| {
        parsed
            .fields
            .key(key)
            .is_some_and(|k| !k.blank && !parsed.fields.invalid.iter().any(|i| i == key))
    };
    match what {
        "field" => filled(name),
        "section" => parsed.section(name).is_some(),
        "criteria" => parsed.criteria_in(&config.criteria_section).count() >= ready.min_criteria,
        "timebox" => parsed
            .fields
            .timebox
            .as_ref()
            .is_some_and(|t| crate::ready::timebox_hours(&t.value).is_some()),
        _ => filled("cost_per_week") && filled("fix_effort"),
    }
}

/// backlog.toml with the requirements in `relaxed` taken out of each kind's `ready`, and a
/// comment above the kind's table saying what was taken out and why. Every other byte stays.
pub fn apply(config_text: &str, relaxed: &[Relaxed], command: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = config_text
        .parse()
        .map_err(|e| format!("backlog.toml is not valid TOML: {e}"))?;
    let mut by_kind: BTreeMap<&str, Vec<&Relaxed>> = BTreeMap::new();
    for r in relaxed {
        by_kind.entry(&r.kind).or_default().push(r);
    }
    let kinds = doc
        .get_mut("kinds")
        .and_then(|k| k.as_table_like_mut())
        .ok_or("backlog.toml has no [kinds] table")?;
    for (kind, drops) in by_kind {
        let table = kinds
            .get_mut(kind)
            .and_then(|t| t.as_table_like_mut())
            .ok_or_else(|| format!("backlog.toml has no [kinds.{kind}] table"))?;
        let ready = table
            .get_mut("ready")
            .and_then(|r| r.as_table_like_mut())
            .ok_or_else(|| format!("[kinds.{kind}] has no `ready` table"))?;
        for (key, what) in [("fields", "field"), ("sections", "section")] {
            let gone: Vec<&str> = drops
                .iter()
                .filter(|r| r.what == what)
                .map(|r| r.name.as_str())
                .collect();
            if gone.is_empty() {
                continue;
            }
            let array = ready
                .get_mut(key)
                .and_then(|a| a.as_array_mut())
                .ok_or_else(|| format!("`ready.{key}` of [kinds.{kind}] is not an array"))?;
            let one_line = !array.to_string().contains('\n');
            array.retain(|v| v.as_str().is_none_or(|s| !gone.contains(&s)));
            // A one-line array is laid out afresh (`[ "b"]` after dropping "a" would look
            // odd); a multi-line one keeps its own layout.
            if one_line {
                array.fmt();
            }
        }
        for (key, what) in [
            ("min_criteria", "criteria"),
            ("timebox", "timebox"),
            ("economics", "economics"),
        ] {
            if drops.iter().any(|r| r.what == what) {
                ready.remove(key);
            }
        }
        let comment = comment(command, kind, &drops);
        if let Some(t) = kinds.get_mut(kind).and_then(|t| t.as_table_mut()) {
            let decor = t.decor_mut();
            let before = decor
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_owned();
            decor.set_prefix(format!("{before}{comment}"));
        }
    }
    Ok(doc.to_string())
}

fn comment(command: &str, kind: &str, drops: &[&Relaxed]) -> String {
    let parts: Vec<String> = drops
        .iter()
        .map(|r| format!("{} ({} of {} open)", r.label(), r.have, r.of))
        .collect();
    format!(
        "# `{command}` took {} out of Ready for {kind}: the imported items did not have them.\n# Put them back once the team has filled them in.\n",
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(name: &str, content: &str) -> PlannedItem {
        PlannedItem {
            id: String::new(),
            file_name: name.into(),
            content: content.into(),
        }
    }

    #[test]
    fn rare_requirements_of_open_items_are_dropped_with_a_comment() {
        let config = crate::exchange::tests::config();
        let open = "+++\nid = \"MS-1\"\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\nowner = \"ann\"\n+++\n## Description\nx\n## Acceptance criteria\n- [ ] y\n";
        let done = "+++\nid = \"MS-2\"\ntitle = \"b\"\nkind = \"story\"\nstate = \"done\"\nvalue = \"v\"\n+++\n## Problem\n";
        let items = vec![planned("MS-1-a.md", open), planned("MS-2-b.md", done)];
        let relaxed = fit(&items, &config);
        let labels: Vec<String> = relaxed.iter().map(Relaxed::label).collect();
        assert_eq!(labels, ["`value`", "`estimate`", "`## Problem`"]);
        assert!(relaxed.iter().all(|r| r.of == 1 && r.have == 0));

        let text = Config::default_text("MS");
        let after = apply(&text, &relaxed, "backlog import jira").unwrap_or_else(|e| panic!("{e}"));
        assert!(after.contains(
            "ready = { fields = [\"owner\"], sections = [\"Acceptance criteria\"], min_criteria = 1, max_estimate = 8 }"
        ));
        assert!(after.contains("# `backlog import jira` took `value` (0 of 1 open), `estimate` (0 of 1 open), `## Problem` (0 of 1 open) out of Ready for story"));
        // Every other line is kept.
        let removed: Vec<&str> = text.lines().filter(|l| !after.contains(l)).collect();
        assert_eq!(removed.len(), 1, "{removed:?}");
    }
}
