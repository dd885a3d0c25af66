//! The checks of one change against backlog.toml and the other items: states and kinds that
//! exist, dependencies on items that exist, and no circle of dependencies.

use super::{Parsed, Target};
use crate::item::Change;
use crate::load::{Item, LazyItems, Location};
use crate::ready;
use crate::store::Refused;
use anyhow::Result;
use std::collections::HashSet;

/// A change checked against backlog.toml: states and kinds that exist, a timebox that reads,
/// no new ID; dependency IDs spelled as their files spell them.
pub(super) fn checked(change: Change, target: &Target) -> Result<Change, String> {
    let config = target.config;
    let value = |c: &Change| match c {
        Change::Set(_, v) => v.as_str().map(str::to_owned),
        _ => None,
    };
    match change.key() {
        "id" => Err("an item's ID is its file name; change it with `backlog renumber`".into()),
        "title" | "kind" | "state" if matches!(change, Change::Unset(_)) => Err(format!(
            "`{}` is required and cannot be removed",
            change.key()
        )),
        "state" => {
            let state = value(&change).unwrap_or_default();
            if config.is_state(&state) {
                Ok(change)
            } else {
                Err(format!(
                    "unknown state `{state}`; backlog.toml's states are {}",
                    config.states.join(", ")
                ))
            }
        }
        "kind" => {
            let kind = value(&change).unwrap_or_default();
            if config.kinds.contains_key(&kind) {
                Ok(change)
            } else {
                let kinds: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
                Err(format!(
                    "unknown kind `{kind}`; backlog.toml's kinds are {}",
                    kinds.join(", ")
                ))
            }
        }
        "timebox" => match value(&change) {
            Some(t) if !t.trim().is_empty() && ready::timebox_hours(&t).is_none() => Err(format!(
                "`timebox` must be a number and a unit (h, d or w), such as 3d, not `{t}`"
            )),
            _ => Ok(change),
        },
        "depends_on" => spelled_dependencies(change, target),
        _ => Ok(change),
    }
}

/// Dependency IDs as their files spell them (`ms-3` → `MS-3`); a missing one is refused.
fn spelled_dependencies(change: Change, target: &Target) -> Result<Change, String> {
    let spell = |id: &str| -> Result<String, String> {
        if !crate::id::is_valid_id(id) {
            return Err(format!("`{id}` is not an item ID (expected PREFIX-NUMBER)"));
        }
        if id.eq_ignore_ascii_case(target.id) {
            return Err(format!("{} cannot depend on itself", target.id));
        }
        match crate::store::read::item_file(target.index, id) {
            Some((spelled, _)) => Ok(spelled),
            None => {
                let near =
                    crate::store::resolve::nearest(id, crate::store::resolve::ids(target.index));
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", near.join(", "))
                };
                Err(format!("a dependency on {id}, which is no item{hint}"))
            }
        }
    };
    let all = |ids: &[String]| ids.iter().map(|i| spell(i)).collect::<Result<Vec<_>, _>>();
    Ok(match change {
        Change::Add(k, ids) => Change::Add(k, all(&ids)?),
        Change::Remove(k, ids) => Change::Remove(k, ids),
        Change::Set(k, v) => {
            let ids: Vec<String> = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut array = toml_edit::Array::new();
            for id in all(&ids)? {
                array.push(id);
            }
            Change::Set(k, toml_edit::Value::Array(array))
        }
        other => other,
    })
}

/// Refuses dependencies that would close a circle back to the item.
pub(super) fn check_dependencies(
    target: &Target,
    location: &Location,
    before: &Parsed,
    after: &Parsed,
) -> Result<()> {
    let old: HashSet<String> = deps(&before.0)
        .iter()
        .map(|d| d.to_ascii_lowercase())
        .collect();
    let new: Vec<String> = deps(&after.0)
        .into_iter()
        .filter(|d| !old.contains(&d.to_ascii_lowercase()))
        .collect();
    let mut reader = LazyItems::new(location, target.index);
    let me = target.id.to_ascii_lowercase();
    for dep in new {
        // Depth-first from the new dependency; the path back to the item is the circle.
        let mut stack = vec![vec![dep.clone()]];
        let mut seen = HashSet::new();
        while let Some(path) = stack.pop() {
            let last = path.last().cloned().unwrap_or_default();
            if last.to_ascii_lowercase() == me {
                return Err(Refused(format!(
                    "{}: depending on {dep} would make a circle: {} → {}; nothing was changed",
                    super::at_key(&after.0, "depends_on"),
                    target.id,
                    path.join(" → ")
                ))
                .into());
            }
            if !seen.insert(last.to_ascii_lowercase()) {
                continue;
            }
            let Some(item) = reader.get(&last) else {
                continue;
            };
            for next in deps(item) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push(longer);
            }
        }
    }
    Ok(())
}

fn deps(item: &Item) -> Vec<String> {
    let list = item.parsed.fields.depends_on.iter();
    list.map(|d| d.value.clone()).collect()
}
