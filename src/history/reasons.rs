//! Reasons beyond the ranking line: `Reason:` and `Reason(ID):` trailers, and the subject.

use std::collections::HashMap;

/// The first line of a commit message.
pub fn subject(message: &str) -> Option<String> {
    message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

/// `Reason:` and `Reason(MS-12):` trailers of a commit message (its last paragraph).
#[derive(Debug, Default)]
pub struct Trailers {
    general: Option<String>,
    by_item: HashMap<String, String>,
}

impl Trailers {
    pub fn parse(message: &str) -> Trailers {
        let mut trailers = Trailers::default();
        let paragraphs: Vec<&str> = message.trim_end().split("\n\n").collect();
        // The subject is never a trailer block, even when it looks like one.
        if paragraphs.len() < 2 {
            return trailers;
        }
        let Some(last) = paragraphs.last() else {
            return trailers;
        };
        for line in last.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            if value.is_empty() {
                continue;
            }
            if key.eq_ignore_ascii_case("reason") {
                trailers.general.get_or_insert_with(|| value.to_owned());
            } else if let Some(id) = key
                .strip_suffix(')')
                .and_then(|k| k.split_once('('))
                .filter(|(word, _)| word.trim().eq_ignore_ascii_case("reason"))
                .map(|(_, id)| id.trim())
            {
                trailers
                    .by_item
                    .entry(id.to_ascii_lowercase())
                    .or_insert_with(|| value.to_owned());
            }
        }
        trailers
    }

    /// Whether a `Reason(ID):` trailer names `id` itself (not the general `Reason:`).
    pub fn names(&self, id: &str) -> bool {
        self.by_item.contains_key(&id.to_ascii_lowercase())
    }

    /// The lowercased IDs `Reason(ID):` trailers name.
    pub(super) fn named_keys(&self) -> impl Iterator<Item = &str> {
        self.by_item.keys().map(String::as_str)
    }

    /// Whether any `Reason(ID):` trailer is present.
    pub fn names_any(&self) -> bool {
        !self.by_item.is_empty()
    }

    /// The reason the trailers give for `id`: its own trailer, else the general one.
    pub fn for_item(&self, id: &str) -> Option<&str> {
        self.by_item
            .get(&id.to_ascii_lowercase())
            .or(self.general.as_ref())
            .map(String::as_str)
    }
}
