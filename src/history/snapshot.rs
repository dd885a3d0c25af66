//! One version of ranking.txt reduced to what history compares, over interned IDs.

use std::collections::HashMap;

/// IDs as small integers: history parses thousands of versions of the same lines, and
/// interning keeps that from allocating and hashing strings per line. One table per thread.
#[derive(Default)]
struct Interner {
    by_key: HashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    written: Vec<Box<str>>,
}

thread_local! {
    static IDS: std::cell::RefCell<Interner> = std::cell::RefCell::new(Interner::default());
}

fn intern(written: &str) -> u32 {
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        let lower;
        let key = if written.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = written.to_ascii_lowercase();
            lower.as_str()
        } else {
            written
        };
        if let Some(&n) = ids.by_key.get(key) {
            return n;
        }
        let n = ids.keys.len() as u32;
        ids.by_key.insert(key.into(), n);
        ids.keys.push(key.into());
        ids.written.push(written.into());
        n
    })
}

fn lookup(id: &str) -> Option<u32> {
    IDS.with(|ids| {
        ids.borrow()
            .by_key
            .get(id.to_ascii_lowercase().as_str())
            .copied()
    })
}

pub(super) fn key_of(n: u32) -> String {
    IDS.with(|ids| {
        ids.borrow()
            .keys
            .get(n as usize)
            .map_or_else(String::new, |k| k.to_string())
    })
}

/// One version of ranking.txt, reduced to what history compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    text: std::rc::Rc<str>,
    /// Interned IDs in rank order, each once.
    pub(super) order: Vec<u32>,
    /// How each ID is written here, and its reason, as byte ranges of `text`, by position.
    pub(super) written: Vec<(u32, u32)>,
    pub(super) reasons: Vec<Option<(u32, u32)>>,
    /// Interned ID → 1-based rank, 0 when not ranked (dense: IDs are small integers).
    ranks: Vec<u32>,
    /// A reason was longer than [`super::MAX_REASON_BYTES`] and is cut there.
    pub(super) clipped: bool,
}

impl Snapshot {
    /// Reads the well-formed lines only, like `Ranking::parse` but without positions or
    /// diagnostics.
    pub fn parse(text: &str) -> Snapshot {
        let text: std::rc::Rc<str> = text.strip_prefix('\u{feff}').unwrap_or(text).into();
        let mut snapshot = Snapshot {
            text: text.clone(),
            ..Snapshot::default()
        };
        let base = text.as_ptr() as usize;
        let range = |s: &str| {
            let start = s.as_ptr() as usize - base;
            (start as u32, (start + s.len()) as u32)
        };
        for line in text.lines() {
            let Some((id, _, reason, true)) = crate::ranking::parse_line(line) else {
                continue;
            };
            let n = intern(id);
            let slot = n as usize;
            if slot >= snapshot.ranks.len() {
                snapshot.ranks.resize(slot + 1, 0);
            }
            if snapshot.ranks[slot] != 0 {
                continue;
            }
            snapshot.order.push(n);
            snapshot.ranks[slot] = snapshot.order.len() as u32;
            snapshot.written.push(range(id));
            let reason = reason.map(|r| {
                if r.len() <= super::MAX_REASON_BYTES {
                    return r;
                }
                snapshot.clipped = true;
                let mut end = super::MAX_REASON_BYTES;
                while !r.is_char_boundary(end) {
                    end -= 1;
                }
                &r[..end]
            });
            snapshot.reasons.push(reason.map(range));
        }
        snapshot
    }

    /// The text this version was parsed from (without a BOM).
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    pub(super) fn slice(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    pub(super) fn position(&self, n: u32) -> Option<usize> {
        match self.ranks.get(n as usize) {
            Some(&r) if r > 0 => Some(r as usize - 1),
            _ => None,
        }
    }

    pub fn rank(&self, id: &str) -> Option<usize> {
        lookup(id).and_then(|n| self.position(n)).map(|p| p + 1)
    }

    pub fn reason(&self, id: &str) -> Option<&str> {
        let p = lookup(id).and_then(|n| self.position(n))?;
        self.reasons[p].map(|r| self.slice(r))
    }

    /// How the ID is written in this version (its key when it is not here).
    pub fn written(&self, id: &str) -> String {
        match lookup(id).and_then(|n| self.position(n)) {
            Some(p) => self.slice(self.written[p]).to_owned(),
            None => id.to_owned(),
        }
    }

    /// The lowercased IDs in rank order.
    pub fn keys(&self) -> Vec<String> {
        self.order.iter().map(|&n| key_of(n)).collect()
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}
