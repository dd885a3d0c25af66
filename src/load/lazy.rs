//! Items read by ID on demand, for commands that need a few items, not the whole backlog.

use super::read::read_item;
use super::{Item, Location};
use crate::config::Config;
use crate::ranking::Ranking;
use std::collections::HashMap;
use std::path::PathBuf;

/// Reads items by ID on demand, each at most once.
pub struct LazyItems<'a> {
    location: &'a Location,
    index: &'a HashMap<String, PathBuf>,
    cache: HashMap<String, Option<Item>>,
}

impl<'a> LazyItems<'a> {
    pub fn new(location: &'a Location, index: &'a HashMap<String, PathBuf>) -> Self {
        LazyItems {
            location,
            index,
            cache: HashMap::new(),
        }
    }

    pub fn get(&mut self, id: &str) -> Option<&Item> {
        let key = id.to_ascii_lowercase();
        if !self.cache.contains_key(&key) {
            let item = self.index.get(&key).map(|abs| {
                let name = abs
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = crate::id::id_from_file_name(&name).unwrap_or(id).to_owned();
                read_item(&id, abs, self.location.display(abs), &mut Vec::new())
            });
            self.cache.insert(key.clone(), item);
        }
        self.cache.get(&key).and_then(Option::as_ref)
    }
}

/// The item's position among open ranked items, reading only the items ranked above it, and
/// only while that position could still fall within the top N.
pub fn open_position(
    item: &Item,
    config: &Config,
    ranking: Option<&Ranking>,
    reader: &mut LazyItems,
) -> Option<usize> {
    let ranking = ranking?;
    if config.is_closed(item.state()) {
        return None;
    }
    let mut position = 0;
    for entry in ranking.ranked() {
        if entry.id.eq_ignore_ascii_case(&item.id) {
            return Some(position + 1);
        }
        if position >= config.ready.top {
            return None;
        }
        if let Some(other) = reader.get(&entry.id)
            && !config.is_closed(other.state())
        {
            position += 1;
        }
    }
    None
}
