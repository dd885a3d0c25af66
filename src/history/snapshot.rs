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
        // Lowercased on the stack: a valid ID is at most 20 bytes.
        let mut buffer = [0u8; 32];
        let lower;
        let key = if !written.bytes().any(|b| b.is_ascii_uppercase()) {
            written
        } else if written.len() <= buffer.len() {
            let buffer = &mut buffer[..written.len()];
            buffer.copy_from_slice(written.as_bytes());
            buffer.make_ascii_lowercase();
            // ASCII lowercasing keeps UTF-8 valid.
            std::str::from_utf8(buffer).unwrap_or(written)
        } else {
            lower = written.to_ascii_lowercase();
            lower.as_str()
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

/// The interned number of a lowercased ID, if any version held it.
pub(super) fn interned(key: &str) -> Option<u32> {
    IDS.with(|ids| ids.borrow().by_key.get(key).copied())
}

pub(super) fn key_of(n: u32) -> String {
    IDS.with(|ids| {
        ids.borrow()
            .keys
            .get(n as usize)
            .map_or_else(String::new, |k| k.to_string())
    })
}

/// One physical line of a version, parsed on its own: what it says depends only on its bytes,
/// so a line that a version shares with its parent keeps the parent's parse.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Line {
    /// Byte range of the line in the text, without its line ending (as `str::lines` gives it).
    start: u32,
    len: u32,
    /// The well-formed entry it holds, relative to the line's start.
    entry: Option<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    id: u32,
    written: (u32, u32),
    /// The reason as kept (cut at [`super::MAX_REASON_BYTES`]).
    reason: Option<(u32, u32)>,
    clipped: bool,
}

/// One version of ranking.txt, reduced to what history compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    text: std::rc::Rc<str>,
    /// Every line, parsed on its own (the well-formed ones carry an entry).
    lines: Vec<Line>,
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

/// The entry of one line, relative to its start (`None` for comments, blank and malformed
/// lines), like `Ranking::parse` but without positions or diagnostics.
fn parse_line(line: &str) -> Option<Entry> {
    let Some((id, _, reason, true)) = crate::ranking::parse_line(line) else {
        return None;
    };
    let base = line.as_ptr() as usize;
    let range = |s: &str| {
        let start = s.as_ptr() as usize - base;
        (start as u32, (start + s.len()) as u32)
    };
    let mut clipped = false;
    let reason = reason.map(|r| {
        if r.len() <= super::MAX_REASON_BYTES {
            return r;
        }
        clipped = true;
        let mut end = super::MAX_REASON_BYTES;
        while !r.is_char_boundary(end) {
            end -= 1;
        }
        &r[..end]
    });
    Some(Entry {
        id: intern(id),
        written: range(id),
        reason: reason.map(range),
        clipped,
    })
}

impl Snapshot {
    /// Reads the well-formed lines only, like `Ranking::parse` but without positions or
    /// diagnostics.
    pub fn parse(text: &str) -> Snapshot {
        Snapshot::parse_after(&Snapshot::default(), text)
    }

    /// [`Snapshot::parse`], re-parsing only the lines that differ from `parent`'s: the common
    /// first and last lines, and in between a line at its parent's place or one line off (one
    /// line moved), keep the parent's parse. The result is exactly `parse(text)`.
    pub fn parse_after(parent: &Snapshot, text: &str) -> Snapshot {
        let text: std::rc::Rc<str> = text.strip_prefix('\u{feff}').unwrap_or(text).into();
        let base = text.as_ptr() as usize;
        let new: Vec<&str> = text.lines().collect();
        let old = |j: usize| parent.line(&parent.lines[j]);
        let olds = parent.lines.len();
        let head = (0..new.len().min(olds))
            .take_while(|&i| new[i] == old(i))
            .count();
        let tail = (1..=(new.len() - head).min(olds - head))
            .take_while(|&n| new[new.len() - n] == old(olds - n))
            .count();
        let shift = olds as isize - new.len() as isize;
        let lines = new
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let at = if i < head {
                    Some(i)
                } else if i >= new.len() - tail {
                    Some((i as isize + shift) as usize)
                } else {
                    // A moved line shifts the lines between its two places by one.
                    [i, i + 1, i.wrapping_sub(1)]
                        .into_iter()
                        .find(|&j| j >= head && j < olds - tail && old(j) == *line)
                };
                Line {
                    start: (line.as_ptr() as usize - base) as u32,
                    len: line.len() as u32,
                    entry: match at {
                        Some(j) => parent.lines[j].entry,
                        None => parse_line(line),
                    },
                }
            })
            .collect();
        Snapshot::assemble(text, lines)
    }

    /// The snapshot of `lines` (each parsed on its own): the first line of each ID counts.
    fn assemble(text: std::rc::Rc<str>, lines: Vec<Line>) -> Snapshot {
        let mut snapshot = Snapshot {
            text,
            ..Snapshot::default()
        };
        let count = lines.iter().filter(|l| l.entry.is_some()).count();
        snapshot.order.reserve(count);
        snapshot.written.reserve(count);
        snapshot.reasons.reserve(count);
        for line in &lines {
            let Some(entry) = line.entry else { continue };
            let slot = entry.id as usize;
            if slot >= snapshot.ranks.len() {
                snapshot.ranks.resize(slot + 1, 0);
            }
            if snapshot.ranks[slot] != 0 {
                continue;
            }
            snapshot.order.push(entry.id);
            snapshot.ranks[slot] = snapshot.order.len() as u32;
            let abs = |(a, b): (u32, u32)| (line.start + a, line.start + b);
            snapshot.written.push(abs(entry.written));
            snapshot.reasons.push(entry.reason.map(abs));
            snapshot.clipped |= entry.clipped;
        }
        snapshot.lines = lines;
        snapshot
    }

    fn line(&self, line: &Line) -> &str {
        &self.text[line.start as usize..(line.start + line.len) as usize]
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
