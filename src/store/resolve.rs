//! The one way every verb turns the ID a person typed into an item: letter case ignored
//! (`ms-3` is `MS-3`, spelled as its file name spells it), and an unknown ID answered with
//! the nearest IDs there are ("did you mean"), exit 2. Writing verbs call it under the
//! writer lock, with the index listed under it.

use crate::load::Location;
use crate::{id, sanitize, text};
use anyhow::{Result, anyhow, bail};
use std::collections::HashMap;
use std::path::PathBuf;

/// A writer's hold on one item: the lock, backlog.toml (which must be free of problems),
/// the index of item files and the item, all read under the lock.
pub struct Held {
    pub store: super::Store,
    pub config: crate::config::Config,
    pub index: HashMap<String, PathBuf>,
    /// The ID as the item's file spells it.
    pub id: String,
    pub path: PathBuf,
}

impl Held {
    /// The item as a lifecycle change sees it; `strict` turns Ready and Done gaps into
    /// refusals.
    pub fn target(&self, strict: bool) -> super::Target<'_> {
        super::Target {
            id: &self.id,
            path: &self.path,
            config: &self.config,
            index: &self.index,
            strict,
        }
    }
}

/// Takes the writer lock (waiting up to `wait` seconds), then reads the config and resolves
/// `typed` under it, so no other writer renames or removes the item in between.
pub fn held(location: &Location, wait: f64, typed: &str) -> Result<Held> {
    let store = super::Store::lock(location, wait)?;
    let config = super::read::trusted_config(location)?;
    let index = crate::load::index(location)?;
    let (id, path) = item(location, &index, typed)?;
    Ok(Held {
        store,
        config,
        index,
        id,
        path,
    })
}

/// How many suggestions an unknown ID gets, and how far they may be from it.
const SUGGESTIONS: usize = 3;
const MAX_DISTANCE: usize = 2;

/// The item `typed` names in `index` (from `load::index`): its ID as the file spells it and
/// its file. A malformed or unknown ID is an error that exits 2 (nothing was changed).
pub fn item(
    location: &Location,
    index: &HashMap<String, PathBuf>,
    typed: &str,
) -> Result<(String, PathBuf)> {
    if !id::is_valid_id(typed) {
        bail!(
            "`{}` is not an item ID (expected PREFIX-NUMBER, such as MS-12)",
            sanitize::line(typed)
        );
    }
    match super::read::item_file(index, typed) {
        Some((spelled, path)) => Ok((spelled, path.clone())),
        None => Err(unknown(location, typed, ids(index))),
    }
}

/// The IDs of the items in `index`, as their files spell them.
pub fn ids(index: &HashMap<String, PathBuf>) -> Vec<String> {
    index
        .values()
        .filter_map(|p| p.file_name()?.to_str().and_then(id::id_from_file_name))
        .map(str::to_owned)
        .collect()
}

/// The error for an ID that names no item, with the nearest of `known`.
pub fn unknown(location: &Location, typed: &str, known: Vec<String>) -> anyhow::Error {
    let near = nearest(typed, known);
    let items = location.display(&location.items_dir());
    let typed = sanitize::line(typed).to_ascii_uppercase();
    match near.as_slice() {
        [] => anyhow!("no item {typed} in {items}"),
        _ => anyhow!(
            "no item {typed} in {items}; did you mean {}?",
            or_list(&near)
        ),
    }
}

/// Up to three of `known` within two edits of `typed` (letter case ignored), nearest first,
/// then by number.
pub fn nearest(typed: &str, known: Vec<String>) -> Vec<String> {
    let typed = typed.to_ascii_lowercase();
    let mut scored: Vec<(usize, u64, String)> = known
        .into_iter()
        .filter(|k| k.len().abs_diff(typed.len()) <= MAX_DISTANCE)
        .map(|k| {
            let d = text::edit_distance(&typed, &k.to_ascii_lowercase());
            (d, id::id_number(&k).unwrap_or(u64::MAX), k)
        })
        .filter(|(d, _, _)| *d <= MAX_DISTANCE)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2.eq_ignore_ascii_case(&b.2));
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, _, k)| k)
        .collect()
}

/// `A`, `A or B`, `A, B or C`.
fn or_list(ids: &[String]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_ids_come_first() {
        let known = ["MS-9", "MS-19", "MS-90", "MS-1", "AB-99", "MS-12345"].map(String::from);
        assert_eq!(nearest("ms-99", known.to_vec()), ["MS-9", "MS-19", "MS-90"]);
        assert_eq!(
            nearest("MS-4", vec!["XY-1234".into()]),
            Vec::<String>::new()
        );
        assert_eq!(or_list(&["A".into(), "B".into(), "C".into()]), "A, B or C");
    }
}
