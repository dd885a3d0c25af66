//! Helpers the merge tests share: reading conflict blocks back, resolving them, listing IDs.

use super::line::meaning;
use super::version::Version;
use super::{CLOSE, MIDDLE, Merged, OPEN, OURS, THEIRS, merge, merge_versions};
use std::collections::HashSet;

/// The algorithm itself, without `merge`'s byte-equality shortcuts.
pub(super) fn core(o: &str, a: &str, b: &str) -> Merged {
    match (Version::parse(o), Version::parse(a), Version::parse(b)) {
        (Some(o), Some(a), Some(b)) => merge_versions(&o, &a, &b),
        _ => panic!("not well-formed: {o:?} / {a:?} / {b:?}"),
    }
}

/// Lines outside conflict blocks, and each block's ours and theirs halves.
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub(super) outside: Vec<String>,
    pub(super) blocks: Vec<(Vec<String>, Vec<String>)>,
}

pub(super) fn lines(text: &str) -> Vec<String> {
    Version::split(text)
        .lines
        .iter()
        .map(|l| (*l).to_owned())
        .collect()
}

pub(super) fn parts(text: &str) -> Parts {
    let mut parts = Parts::default();
    // 0: outside, 1: ours half, 2: theirs half.
    let mut state = 0;
    for line in lines(text) {
        match (state, line.as_str()) {
            (0, OPEN) => {
                parts.blocks.push(Default::default());
                state = 1;
            }
            (1, MIDDLE) => state = 2,
            (2, CLOSE) => state = 0,
            (0, _) => parts.outside.push(line),
            (_, _) => {
                if let Some(block) = parts.blocks.last_mut() {
                    if state == 1 {
                        &mut block.0
                    } else {
                        &mut block.1
                    }
                    .push(line);
                }
            }
        }
    }
    assert_eq!(state, 0, "unterminated block in {text:?}");
    parts
}

/// The text with every conflict block resolved to one side.
pub(super) fn resolve(text: &str, side: usize) -> String {
    let mut out = Vec::new();
    let mut state = 0;
    for line in lines(text) {
        match (state, line.as_str()) {
            (0, OPEN) => state = 1,
            (1, MIDDLE) => state = 2,
            (2, CLOSE) => state = 0,
            (0, _) => out.push(line),
            (1, _) if side == OURS => out.push(line),
            (2, _) if side == THEIRS => out.push(line),
            _ => {}
        }
    }
    out.join("\n")
}

/// Lowercased IDs in file order.
pub(super) fn ids<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| meaning(l.as_ref()))
        .map(|(id, _)| id.to_ascii_lowercase())
        .collect()
}

pub(super) fn ids_of(text: &str) -> Vec<String> {
    ids(&lines(text))
}

pub(super) fn unique(ids: &[String]) -> bool {
    let mut seen = HashSet::new();
    ids.iter().all(|id| seen.insert(id))
}

/// Both argument orders, so each scenario also checks the merge is symmetric.
pub(super) fn both_ways(o: &str, a: &str, b: &str) -> (Merged, Merged) {
    let ab = merge(o, a, b);
    let ba = merge(o, b, a);
    assert_eq!(ab.conflicts == 0, ba.conflicts == 0, "{ab:?} vs {ba:?}");
    if ab.conflicts == 0 {
        assert_eq!(ids_of(&ab.text), ids_of(&ba.text));
    }
    assert_eq!(
        ids_of(&resolve(&ab.text, OURS)),
        ids_of(&resolve(&ba.text, THEIRS))
    );
    (ab, ba)
}
