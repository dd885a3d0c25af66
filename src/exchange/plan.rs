//! From imported items to our files: IDs (numbers kept where they can be), frontmatter written
//! with toml_edit, references through the ID mapping, ranking.txt, and what lint will say.

use super::{Foreign, Note, Reference, Renumbered, Report};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::load::{Backlog, CONFIG_FILE, ITEMS_DIR, Location, RANKING_FILE};
use crate::{lint, numbering};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Our keys, which a source's extra field may not take over.
const OURS: &[&str] = &[
    "id",
    "title",
    "kind",
    "state",
    "owner",
    "estimate",
    "tags",
    "depends_on",
    "parent",
];

/// The files an import will write.
#[derive(Debug)]
pub struct Plan {
    pub items: Vec<PlannedItem>,
    /// ranking.txt's new text; `None` when nothing is ranked.
    pub ranking: Option<String>,
    /// Every source ID and the ID it became, in the order read.
    pub mapping: Vec<Renumbered>,
}

#[derive(Debug)]
pub struct PlannedItem {
    pub id: String,
    pub file_name: String,
    pub content: String,
}

/// Plans the import of `foreign` into a backlog with `config` whose items already use the
/// numbers in `taken`. What lint will say is [`forecast_lint`]'s, once backlog.toml is settled.
pub fn plan(
    foreign: Vec<Foreign>,
    config: &Config,
    taken: &BTreeSet<u64>,
    report: &mut Report,
) -> Plan {
    let prefix = &config.prefix;
    let ids = assign_ids(&foreign, prefix, taken, report);
    let by_key: HashMap<String, String> = foreign
        .iter()
        .zip(&ids)
        .map(|(f, id)| (f.key.to_lowercase(), id.clone()))
        .collect();
    let mut items = Vec::new();
    let mut ranked: Vec<(usize, String)> = Vec::new();
    for (f, id) in foreign.iter().zip(&ids) {
        let content = item_text(f, &by_key, report);
        if let Some(rank) = f.rank {
            ranked.push((rank, id.clone()));
        }
        *report.by_kind.entry(f.kind.clone()).or_default() += 1;
        *report.by_state.entry(f.state.clone()).or_default() += 1;
        items.push(PlannedItem {
            file_name: numbering::file_name(id, &f.title),
            id: id.clone(),
            content,
        });
    }
    ranked.sort();
    let ranking = (!ranked.is_empty()).then(|| {
        let mut text = String::from(
            "# Most important first: one item ID per line.\n# The text after '#' on an ID's line says why the item stands where it does.\n# Items not listed here are untriaged: they come after the ranked ones.\n\n",
        );
        for (_, id) in &ranked {
            text.push_str(id);
            text.push('\n');
        }
        text
    });
    report.items = items.len();
    report.ranked = ranked.len();
    let mapping = foreign
        .iter()
        .zip(&ids)
        .map(|(f, id)| Renumbered {
            from: f.source_id.clone(),
            origin: f.origin.clone(),
            to: id.clone(),
            why: String::new(),
        })
        .collect();
    let plan = Plan {
        items,
        ranking,
        mapping,
    };
    report.fold_repeats();
    plan
}

/// Keeps each source number that is free; duplicates, numberless keys (decimal subtasks) and
/// numbers already taken get the next free numbers, in the order read.
fn assign_ids(
    foreign: &[Foreign],
    prefix: &str,
    taken: &BTreeSet<u64>,
    report: &mut Report,
) -> Vec<String> {
    let mut used = taken.clone();
    let mut kept: Vec<Option<u64>> = Vec::with_capacity(foreign.len());
    for f in foreign {
        let keep = f
            .number
            .filter(|n| (1..1_000_000_000).contains(n) && used.insert(*n));
        kept.push(keep);
    }
    let mut next = used.last().copied().unwrap_or(0) + 1;
    let mut ids = Vec::with_capacity(foreign.len());
    for (f, keep) in foreign.iter().zip(kept) {
        let number = keep.unwrap_or_else(|| {
            let n = next;
            next += 1;
            let why = match f.number {
                Some(n) if taken.contains(&n) => "its number is taken by an existing item",
                Some(_) => "another imported item has the same number",
                None => "its ID has no plain number",
            };
            if f.number.is_some_and(|n| taken.contains(&n)) {
                report.taken.push(Renumbered {
                    from: f.source_id.clone(),
                    origin: f.origin.clone(),
                    to: format!("{prefix}-{n}"),
                    why: format!("{prefix}-{} exists", f.number.unwrap_or_default()),
                });
            }
            report.renumbered.push(Renumbered {
                from: f.source_id.clone(),
                origin: f.origin.clone(),
                to: format!("{prefix}-{n}"),
                why: why.to_owned(),
            });
            n
        });
        ids.push(format!("{prefix}-{number}"));
    }
    ids
}

/// The item file: our fields first, in the order our templates use, then the source's own.
fn item_text(f: &Foreign, by_key: &HashMap<String, String>, report: &mut Report) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("title", toml_edit::value(f.title.as_str()));
    doc.insert("kind", toml_edit::value(f.kind.as_str()));
    doc.insert("state", toml_edit::value(f.state.as_str()));
    if let Some(owner) = &f.owner {
        doc.insert("owner", toml_edit::value(owner.as_str()));
    }
    if let Some(estimate) = f.estimate {
        doc.insert("estimate", toml_edit::value(i64::from(estimate)));
    }
    let resolve = |r: &Reference| by_key.get(&r.key.to_lowercase()).cloned();
    let mut depends = Vec::new();
    let mut missing = Vec::new();
    for r in &f.depends_on {
        match resolve(r) {
            Some(id) => depends.push(id),
            None => missing.push(r.text.clone()),
        }
    }
    if !depends.is_empty() {
        doc.insert("depends_on", toml_edit::value(array(&depends)));
    }
    if !missing.is_empty() {
        report.note(
            &f.origin,
            format!(
                "depends on {}, not in the import: kept as `depends_on_unresolved`",
                missing.join(", ")
            ),
        );
        doc.insert("depends_on_unresolved", toml_edit::value(array(&missing)));
    }
    if !f.tags.is_empty() {
        doc.insert("tags", toml_edit::value(array(&f.tags)));
    }
    if let Some(parent) = &f.parent {
        match resolve(parent) {
            Some(id) => doc.insert("parent", toml_edit::value(id)),
            None => {
                report.note(
                    &f.origin,
                    "its parent is not in the import: kept as `parent_unresolved`",
                );
                doc.insert("parent_unresolved", toml_edit::value(parent.text.as_str()))
            }
        };
    }
    for (key, value) in &f.extra {
        // A field of ours the import does not map (`risk_reduction`, `timebox`…) is kept
        // under another name too: its value need not have our type (FM007).
        let ours =
            OURS.contains(&key.as_str()) || crate::item::KNOWN_FIELDS.contains(&key.as_str());
        let key = if ours || doc.contains_key(key) {
            format!("imported_{key}")
        } else {
            key.clone()
        };
        doc.insert(&key, toml_edit::Item::Value(value.clone()));
    }
    let mut body = f.body.replace("\r\n", "\n");
    // A NUL would make the item file read as binary (ENC002): it becomes U+FFFD, said so.
    if body.contains('\0') {
        report.note(
            &f.origin,
            "NUL characters in its text replaced by U+FFFD (a file holding one reads as binary)",
        );
        body = body.replace('\0', "\u{fffd}");
    }
    let body = body.trim_matches('\n');
    let mut text = format!("+++\n{doc}+++\n");
    if !body.is_empty() {
        text.push('\n');
        text.push_str(body);
        text.push('\n');
    }
    text
}

fn array(values: &[String]) -> toml_edit::Array {
    values.iter().map(String::as_str).collect()
}

/// Lints the planned backlog in memory, so the report can say what will fail before anything
/// is written.
pub fn forecast_lint(plan: &Plan, config_text: &str, location: &Location, report: &mut Report) {
    let mut files: Vec<(String, Vec<u8>)> = vec![(CONFIG_FILE.to_owned(), config_text.into())];
    files.push((
        RANKING_FILE.to_owned(),
        plan.ranking.clone().unwrap_or_default().into_bytes(),
    ));
    for item in &plan.items {
        files.push((
            format!("{ITEMS_DIR}/{}", item.file_name),
            item.content.clone().into_bytes(),
        ));
    }
    let backlog = Backlog::from_sources(location.clone(), files);
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    for d in lint::run(&backlog) {
        if d.severity != Severity::Error {
            continue;
        }
        *report.lint_codes.entry(d.rule.to_owned()).or_default() += 1;
        first
            .entry(d.path.clone())
            .or_insert_with(|| format!("{}: {}", d.rule, d.message));
    }
    report.lint = first
        .into_iter()
        .map(|(what, note)| Note { what, note })
        .collect();
}
