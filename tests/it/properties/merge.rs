//! The merge driver (fuzz target `merge`; RELIABILITY §4 C14, C15): merges lose and duplicate
//! nothing, and a conflict keeps both sides.

use super::item_files::{join_lines, style};
use super::ranking::{Line, any_ranking, is_valid_ranking, render_lines, valid_lines};
use super::*;

const OPEN: &str = "<<<<<<< ours";
const MIDDLE: &str = "=======";
const CLOSE: &str = ">>>>>>> theirs";

fn merge_lines(text: &str) -> Vec<&str> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.is_empty() {
        return Vec::new();
    }
    let body = body.strip_suffix('\n').unwrap_or(body);
    body.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

fn id_of(line: &str) -> Option<String> {
    let head = line.split('#').next().unwrap_or("").trim();
    (!head.is_empty()).then(|| head.to_ascii_lowercase())
}

fn keys(text: &str) -> HashSet<String> {
    merge_lines(text).into_iter().filter_map(id_of).collect()
}

fn ids_in_order(text: &str) -> Vec<String> {
    merge_lines(text).into_iter().filter_map(id_of).collect()
}

fn resolve(text: &str, ours: bool) -> String {
    let mut out = Vec::new();
    let mut state = 0;
    for line in merge_lines(text) {
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
    assert_eq!(state, 0, "unterminated conflict block: {text:?}");
    out.join("\n")
}

fn unique(ids: &[String]) -> bool {
    let mut seen = HashSet::new();
    ids.iter().all(|id| seen.insert(id))
}

/// What the `merge` fuzz target checks of a merge of three valid rankings.
fn check_merge(o: &str, a: &str, b: &str, m: &Merged) {
    let mut outside = Vec::new();
    let mut blocks: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut state = 0;
    for line in merge_lines(&m.text) {
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
        assert!(unique(ours) && unique(theirs), "{:?}", m.text);
        for id in ours.iter().chain(theirs).collect::<HashSet<_>>() {
            assert!(!outside.contains(id), "{id} inside and out: {:?}", m.text);
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
        assert!(is_valid_ranking(&resolved), "{resolved:?}");
        let got = keys(&resolved);
        assert!(got.is_superset(&expected), "lost IDs: {:?}", m.text);
        assert!(got.is_subset(&either), "resurrected IDs: {:?}", m.text);
    }
    if m.conflicts == 0 {
        assert!(is_valid_ranking(&m.text), "{:?}", m.text);
        assert_eq!(keys(&m.text), expected, "{:?}", m.text);
    }
}

/// Edits a valid ranking: moves, removals, additions, new reasons, comments, case changes.
fn edit(base: &[Line], ops: &[(u8, usize, usize)]) -> Vec<Line> {
    let mut lines = base.to_vec();
    for &(op, x, y) in ops {
        let items: Vec<usize> = (0..lines.len())
            .filter(|&i| matches!(lines[i], Line::Item(..)))
            .collect();
        let item = (!items.is_empty()).then(|| items[x % items.len()]);
        match (op % 7, item) {
            (0 | 1, Some(i)) => {
                let line = lines.remove(i);
                lines.insert(y % (lines.len() + 1), line);
            }
            (2, Some(i)) => {
                lines.remove(i);
            }
            (3, _) => {
                let id = format!("MS-{}", 40 + x % 8);
                let taken = lines
                    .iter()
                    .any(|l| matches!(l, Line::Item(i, _) if i.eq_ignore_ascii_case(&id)));
                if !taken {
                    lines.insert(y % (lines.len() + 1), Line::Item(id, None));
                }
            }
            (4, Some(i)) => {
                if let Line::Item(_, reason) = &mut lines[i] {
                    *reason = Some((y % 6) as u8);
                }
            }
            (5, _) => lines.insert(y % (lines.len() + 1), Line::Comment((y % 3) as u8)),
            (_, Some(i)) => {
                if let Line::Item(id, _) = &mut lines[i] {
                    *id = id.to_ascii_lowercase();
                }
            }
            _ => {}
        }
    }
    lines
}

fn ops() -> impl Strategy<Value = Vec<(u8, usize, usize)>> {
    prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..6)
}

/// Base, ours and theirs: valid rankings, ours and theirs edited from base, each in its own
/// line-ending, BOM and final-newline style.
fn triple() -> impl Strategy<Value = (String, String, String)> {
    (valid_lines(), ops(), ops(), style(), style(), style()).prop_map(
        |(base, ours_ops, theirs_ops, so, sa, sb)| {
            let text = |lines: &[Line], (bom, endings, mix, fin): (bool, u8, Vec<bool>, bool)| {
                let t = join_lines(&render_lines(lines), endings, &mix, fin);
                if bom { format!("\u{feff}{t}") } else { t }
            };
            (
                text(&base, so),
                text(&edit(&base, &ours_ops), sa),
                text(&edit(&base, &theirs_ops), sb),
            )
        },
    )
}

proptest! {
    #![proptest_config(config(400))]

    /// Valid rankings: each ID once outside the blocks or in exactly one block, nothing lost
    /// or resurrected, trivial merges byte-exact, ours and theirs interchangeable.
    #[test]
    fn merges_of_valid_rankings_lose_and_duplicate_nothing((o, a, b) in triple()) {
        prop_assume!(is_valid_ranking(&o) && is_valid_ranking(&a) && is_valid_ranking(&b));
        let m = merge(&o, &a, &b);
        check_merge(&o, &a, &b, &m);
        let clean = |t: &str| Merged { text: t.to_owned(), conflicts: 0 };
        prop_assert_eq!(merge(&o, &a, &o), clean(&a));
        prop_assert_eq!(merge(&o, &o, &a), clean(&a));
        prop_assert_eq!(merge(&o, &a, &a), clean(&a));
        let swapped = merge(&o, &b, &a);
        check_merge(&o, &b, &a, &swapped);
        prop_assert_eq!(m.conflicts == 0, swapped.conflicts == 0);
        prop_assert_eq!(ids_in_order(&resolve(&m.text, true)), ids_in_order(&resolve(&swapped.text, false)));
    }

    /// Any three texts: no panic; if one is not a valid ranking, one block holding every line
    /// of ours and theirs.
    #[test]
    fn any_three_texts_merge_without_loss(o in any_ranking(), a in any_ranking(), b in any_ranking()) {
        let m = merge(&o, &a, &b);
        if is_valid_ranking(&o) && is_valid_ranking(&a) && is_valid_ranking(&b) {
            check_merge(&o, &a, &b, &m);
        } else {
            prop_assert_eq!(m.conflicts, 1);
            let out: HashSet<&str> = merge_lines(&m.text).into_iter().map(|l| l.trim_end_matches('\r')).collect();
            for line in merge_lines(&a).into_iter().chain(merge_lines(&b)) {
                prop_assert!(out.contains(line.trim_end_matches('\r')), "{line:?} lost: {:?}", m.text);
            }
        }
    }
}
