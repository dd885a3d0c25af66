//! ranking.txt's three-way merge (`backlog merge-driver %O %A %B`).
//!
//! Input: base, ours and theirs separated by NUL bytes (a real ranking never holds a NUL, and
//! the seed corpus is real rankings joined that way); invalid UTF-8 is replaced.
//!
//! Properties (RELIABILITY.md §0 invariants 2 and 4, §4 C4/C14/C15, §7 R2):
//! * `merge` never panics on any three texts;
//! * when one of them is not a valid ranking: exactly one conflict block, and every line of
//!   ours and theirs is in it;
//! * when all three are valid rankings:
//!   - the number of conflict blocks is `conflicts`, and each is well formed;
//!   - every ID appears at most once outside the blocks, or inside exactly one block (at most
//!     once per half), never both;
//!   - resolving every block to ours, or to theirs, gives a valid ranking that keeps every ID
//!     both sides have and every ID one side added, and brings back nothing both removed;
//!   - a clean merge is a valid ranking with exactly those IDs;
//!   - `merge(o, a, o) == a`, `merge(o, o, a) == a` and `merge(o, a, a) == a`, cleanly;
//!   - swapping ours and theirs changes neither whether it conflicts nor the resolved orders.
#![no_main]

use backlog::merge::{Merged, merge};
use backlog::ranking::Ranking;
use backlog::text::Source;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

const OPEN: &str = "<<<<<<< ours";
const MIDDLE: &str = "=======";
const CLOSE: &str = ">>>>>>> theirs";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let o = parts.next().unwrap_or("");
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    let m = merge(o, a, b);

    if !(valid(o) && valid(a) && valid(b)) {
        assert_eq!(
            m.conflicts, 1,
            "invalid input must give one whole-file block"
        );
        let out: HashSet<&str> = lines(&m.text)
            .into_iter()
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        for line in lines(a).into_iter().chain(lines(b)) {
            assert!(
                out.contains(line.trim_end_matches('\r')),
                "{line:?} lost: {:?}",
                m.text
            );
        }
        return;
    }

    check(o, a, b, &m);
    let clean = |t: &str| Merged {
        text: t.to_owned(),
        conflicts: 0,
    };
    assert_eq!(merge(o, a, o), clean(a), "merge(o, a, o) != a");
    assert_eq!(merge(o, o, a), clean(a), "merge(o, o, a) != a");
    assert_eq!(merge(o, a, a), clean(a), "merge(o, a, a) != a");

    let swapped = merge(o, b, a);
    check(o, b, a, &swapped);
    assert_eq!(
        m.conflicts == 0,
        swapped.conflicts == 0,
        "{m:?} vs {swapped:?}"
    );
    assert_eq!(
        ids_of(&resolve(&m.text, true)),
        ids_of(&resolve(&swapped.text, false))
    );
    assert_eq!(
        ids_of(&resolve(&m.text, false)),
        ids_of(&resolve(&swapped.text, true))
    );
});

/// A ranking the merge reasons about: no diagnostic, no conflict, every ID once.
fn valid(text: &str) -> bool {
    let mut out = Vec::new();
    let r = Ranking::parse(Source::new(text.to_owned()), "ranking.txt", &mut out);
    let mut seen = HashSet::new();
    out.is_empty()
        && r.conflict.is_none()
        && r.entries
            .iter()
            .all(|e| seen.insert(e.id.to_ascii_lowercase()))
}

/// Lines without terminators, the BOM not part of the first (as the merge splits them).
fn lines(text: &str) -> Vec<&str> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.is_empty() {
        return Vec::new();
    }
    let body = body.strip_suffix('\n').unwrap_or(body);
    body.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// The lowercased ID of an ID line, `None` for comments and blank lines.
fn id_of(line: &str) -> Option<String> {
    let head = line.split('#').next().unwrap_or("").trim();
    (!head.is_empty()).then(|| head.to_ascii_lowercase())
}

fn ids_of(text: &str) -> Vec<String> {
    lines(text).into_iter().filter_map(id_of).collect()
}

fn keys(text: &str) -> HashSet<String> {
    ids_of(text).into_iter().collect()
}

/// The text with every conflict block resolved to one side.
fn resolve(text: &str, ours: bool) -> String {
    let mut out = Vec::new();
    let mut state = 0;
    for line in lines(text) {
        match (state, line) {
            (0, OPEN) => state = 1,
            (1, MIDDLE) => state = 2,
            (2, CLOSE) => state = 0,
            (0, _) => out.push(line),
            (1, _) if ours => out.push(line),
            (2, _) if !ours => out.push(line),
            _ => {}
        }
    }
    assert_eq!(state, 0, "unterminated conflict block in {text:?}");
    out.join("\n")
}

fn unique(ids: &[String]) -> bool {
    let mut seen = HashSet::new();
    ids.iter().all(|id| seen.insert(id))
}

fn check(o: &str, a: &str, b: &str, m: &Merged) {
    // Split into the lines outside blocks and each block's halves.
    let mut outside = Vec::new();
    let mut blocks: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut state = 0;
    for line in lines(&m.text) {
        match (state, line) {
            (0, OPEN) => {
                blocks.push(Default::default());
                state = 1;
            }
            (1, MIDDLE) => state = 2,
            (2, CLOSE) => state = 0,
            (0, _) => outside.extend(id_of(line)),
            (1, _) => blocks.last_mut().expect("open block").0.extend(id_of(line)),
            (_, _) => blocks.last_mut().expect("open block").1.extend(id_of(line)),
        }
    }
    assert_eq!(state, 0, "unterminated block: {:?}", m.text);
    assert_eq!(blocks.len(), m.conflicts, "{:?}", m.text);
    assert!(
        unique(&outside),
        "an ID twice outside the blocks: {:?}",
        m.text
    );
    let outside: HashSet<String> = outside.into_iter().collect();
    let mut in_blocks = HashSet::new();
    for (ours, theirs) in &blocks {
        assert!(
            unique(ours) && unique(theirs),
            "an ID twice in one half: {:?}",
            m.text
        );
        let here: HashSet<&String> = ours.iter().chain(theirs).collect();
        for id in here {
            assert!(
                !outside.contains(id),
                "{id} inside and outside a block: {:?}",
                m.text
            );
            assert!(
                in_blocks.insert(id.clone()),
                "{id} in two blocks: {:?}",
                m.text
            );
        }
    }

    let (ko, ka, kb) = (keys(o), keys(a), keys(b));
    let expected: HashSet<String> = ka
        .intersection(&kb)
        .chain(ka.difference(&ko))
        .chain(kb.difference(&ko))
        .cloned()
        .collect();
    let either: HashSet<String> = ka.union(&kb).cloned().collect();
    for ours in [true, false] {
        let resolved = resolve(&m.text, ours);
        assert!(
            valid(&resolved),
            "resolving to one side is not a ranking: {resolved:?}"
        );
        let got = keys(&resolved);
        let lost: Vec<_> = expected.difference(&got).collect();
        assert!(lost.is_empty(), "{lost:?} lost: {:?}", m.text);
        let back: Vec<_> = got.difference(&either).collect();
        assert!(back.is_empty(), "{back:?} resurrected: {:?}", m.text);
    }
    if m.conflicts == 0 {
        assert!(
            valid(&m.text),
            "a clean merge is not a ranking: {:?}",
            m.text
        );
        assert_eq!(keys(&m.text), expected, "{:?}", m.text);
    }
}
