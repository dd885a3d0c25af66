//! Property tests: random edits on both sides, checked against what every merge promises.

use super::line::meaning;
use super::plan::Place;
use super::table::Table;
use super::test_support::*;
use super::version::Version;
use super::{Merged, OURS, THEIRS, clean, merge};
use proptest::prelude::*;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq)]
enum Line {
    Item(String, Option<u8>),
    Comment(u8),
    Blank,
}

#[derive(Debug, Clone)]
struct Doc {
    lines: Vec<Line>,
    crlf: bool,
    bom: bool,
    final_newline: bool,
}

impl Doc {
    fn text(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| match l {
                Line::Item(id, None) => id.clone(),
                Line::Item(id, Some(r)) if r % 2 == 0 => format!("{id} # reason {r}"),
                Line::Item(id, Some(r)) => format!("{id:<7} #reason {r}  "),
                Line::Comment(c) => format!("# comment {c}"),
                Line::Blank => String::new(),
            })
            .collect();
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let mut text = if self.bom {
            "\u{feff}".to_owned()
        } else {
            String::new()
        };
        text.push_str(&lines.join(eol));
        if self.final_newline && !lines.is_empty() {
            text.push_str(eol);
        }
        text
    }

    fn has(&self, id: &str) -> bool {
        self.lines
            .iter()
            .any(|l| matches!(l, Line::Item(x, _) if x.eq_ignore_ascii_case(id)))
    }
}

type Op = (u8, usize, usize, u8);

const POOL: usize = 16;

/// Applies random edits: moves, unranks, new items, new reasons, comments, blank
/// lines, a changed ID spelling. Every result is a well-formed ranking.
fn edit(doc: &Doc, ops: &[Op], style: (bool, bool, bool)) -> Doc {
    let mut d = Doc {
        lines: doc.lines.clone(),
        crlf: style.0,
        bom: style.1,
        final_newline: style.2,
    };
    for &(op, x, y, z) in ops {
        let items: Vec<usize> = (0..d.lines.len())
            .filter(|&i| matches!(d.lines[i], Line::Item(..)))
            .collect();
        let others: Vec<usize> = (0..d.lines.len())
            .filter(|&i| !matches!(d.lines[i], Line::Item(..)))
            .collect();
        let pick = |v: &[usize]| (!v.is_empty()).then(|| v[x % v.len()]);
        match op % 9 {
            0 | 1 => {
                if let Some(i) = pick(&items) {
                    let line = d.lines.remove(i);
                    d.lines.insert(y % (d.lines.len() + 1), line);
                }
            }
            2 => {
                if let Some(i) = pick(&items) {
                    d.lines.remove(i);
                }
            }
            3 | 4 => {
                let id = format!("MS-{}", x % POOL + 1);
                if !d.has(&id) {
                    let reason = (z % 3 == 0).then_some(z % 4);
                    d.lines
                        .insert(y % (d.lines.len() + 1), Line::Item(id, reason));
                }
            }
            5 => {
                if let Some(i) = pick(&items)
                    && let Line::Item(_, reason) = &mut d.lines[i]
                {
                    *reason = (z % 5 != 0).then_some(z % 6);
                }
            }
            6 => {
                let line = if z % 2 == 0 {
                    Line::Blank
                } else {
                    Line::Comment(z % 3)
                };
                d.lines.insert(y % (d.lines.len() + 1), line);
            }
            7 => {
                if let Some(i) = pick(&others) {
                    d.lines.remove(i);
                }
            }
            _ => {
                if let Some(i) = pick(&items)
                    && let Line::Item(id, _) = &mut d.lines[i]
                {
                    *id = id.to_ascii_lowercase();
                }
            }
        }
    }
    d
}

fn op() -> impl Strategy<Value = Op> {
    (any::<u8>(), any::<usize>(), any::<usize>(), any::<u8>())
}

fn style() -> impl Strategy<Value = (bool, bool, bool)> {
    (any::<bool>(), any::<bool>(), any::<bool>())
}

/// A base built from scratch, and ours and theirs edited from it, both first making
/// the `shared` edits (the same moves, additions and removals on both sides).
fn triple_with(
    shared: impl Strategy<Value = Vec<Op>>,
    theirs_ops: impl Strategy<Value = Vec<Op>>,
) -> impl Strategy<Value = (Doc, Doc, Doc)> {
    (
        prop::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 0..14),
        any::<bool>(),
        shared,
        prop::collection::vec(op(), 0..7),
        theirs_ops,
        (style(), style(), style()),
    )
        .prop_map(
            |(seed, header, shared, ours_ops, theirs_ops, (so, sa, sb))| {
                let start = Doc {
                    lines: if header {
                        vec![Line::Comment(9), Line::Blank]
                    } else {
                        vec![]
                    },
                    crlf: false,
                    bom: false,
                    final_newline: true,
                };
                // Mostly new items, some comments and blank lines.
                let seed: Vec<Op> = seed
                    .into_iter()
                    .map(|(x, y, z)| (if z % 5 == 0 { 6 } else { 3 }, x, y, z))
                    .collect();
                let o = edit(&start, &seed, so);
                let both = edit(&o, &shared, so);
                let a = edit(&both, &ours_ops, sa);
                let b = edit(&both, &theirs_ops, sb);
                (o, a, b)
            },
        )
}

fn triple() -> impl Strategy<Value = (Doc, Doc, Doc)> {
    triple_with(Just(Vec::new()), prop::collection::vec(op(), 0..7))
}

/// Sides that made some of the same changes: agreed moves and additions.
fn overlapping() -> impl Strategy<Value = (Doc, Doc, Doc)> {
    triple_with(
        prop::collection::vec(op(), 1..7),
        prop::collection::vec(op(), 0..4),
    )
}

fn keys(text: &str) -> HashSet<String> {
    ids_of(text).into_iter().collect()
}

/// What every merge must satisfy, clean or not.
fn check(o: &str, a: &str, b: &str, m: &Merged) -> Result<(), TestCaseError> {
    let p = parts(&m.text);
    prop_assert_eq!(p.blocks.len(), m.conflicts);
    // Each ID once outside the blocks or inside exactly one block, once per half.
    let outside = ids(&p.outside);
    prop_assert!(unique(&outside), "{:?}", m.text);
    let mut in_blocks = HashSet::new();
    for (ours, theirs) in &p.blocks {
        let (io, it) = (ids(ours), ids(theirs));
        prop_assert!(unique(&io) && unique(&it), "{:?}", m.text);
        let here: HashSet<String> = io.into_iter().chain(it).collect();
        for id in here {
            prop_assert!(!outside.contains(&id), "{id} inside and out: {:?}", m.text);
            prop_assert!(in_blocks.insert(id), "in two blocks: {:?}", m.text);
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
    for side in [OURS, THEIRS] {
        let resolved = resolve(&m.text, side);
        prop_assert!(Version::parse(&resolved).is_some(), "{resolved:?}");
        let got = keys(&resolved);
        prop_assert!(
            got.is_superset(&expected),
            "{:?} lost from {:?}",
            expected.difference(&got).collect::<Vec<_>>(),
            m.text
        );
        prop_assert!(got.is_subset(&either), "resurrected: {:?}", m.text);
    }
    if m.conflicts == 0 {
        prop_assert!(Version::parse(&m.text).is_some());
        prop_assert_eq!(keys(&m.text), expected);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn one_sided_changes_come_through_byte_for_byte((o, a, _) in triple()) {
        let (o, a) = (o.text(), a.text());
        prop_assert_eq!(core(&o, &a, &o), clean(&a));
        prop_assert_eq!(core(&o, &o, &a), clean(&a));
        prop_assert_eq!(merge(&o, &a, &o), clean(&a));
        prop_assert_eq!(merge(&o, &o, &a), clean(&a));
    }

    #[test]
    fn the_same_change_on_both_sides_is_made_once((o, a, _) in triple()) {
        let (o, a) = (o.text(), a.text());
        prop_assert_eq!(core(&o, &a, &a), clean(&a));
        prop_assert_eq!(merge(&o, &a, &a), clean(&a));
    }

    #[test]
    fn nothing_is_dropped_duplicated_or_resurrected((o, a, b) in triple()) {
        let (o, a, b) = (o.text(), a.text(), b.text());
        check(&o, &a, &b, &core(&o, &a, &b))?;
        check(&o, &a, &b, &merge(&o, &a, &b))?;
    }

    #[test]
    fn the_fallback_arrangement_places_every_unit_once((o, a, b) in overlapping()) {
        let (o, a, b) = (o.text(), a.text(), b.text());
        let (Some(o), Some(a), Some(b)) = (Version::parse(&o), Version::parse(&a), Version::parse(&b)) else {
            return Err(TestCaseError::fail("not well-formed"));
        };
        let table = Table::new([&o, &a, &b]);
        let plans = table.plans();
        for slot in [0, 1] {
            let place = |u: usize| plans[u].place[slot];
            let present: HashSet<usize> = (0..plans.len()).filter(|&u| place(u) != Place::Absent).collect();
            for (lead, closer) in [(OURS, false), (THEIRS, false), (OURS, true), (THEIRS, true)] {
                let order = table.order_with(&place, lead, closer);
                let placed: HashSet<usize> = order.iter().copied().collect();
                prop_assert_eq!(placed.len(), order.len());
                prop_assert_eq!(&placed, &present);
            }
        }
    }

    #[test]
    fn overlapping_changes_lose_and_duplicate_nothing((o, a, b) in overlapping()) {
        let (o, a, b) = (o.text(), a.text(), b.text());
        check(&o, &a, &b, &core(&o, &a, &b))?;
        let ab = core(&o, &a, &b);
        let ba = core(&o, &b, &a);
        prop_assert_eq!(ab.conflicts == 0, ba.conflicts == 0);
        prop_assert_eq!(ids_of(&resolve(&ab.text, OURS)), ids_of(&resolve(&ba.text, THEIRS)));
    }

    #[test]
    fn swapping_ours_and_theirs_gives_the_same_order((o, a, b) in triple()) {
        let (o, a, b) = (o.text(), a.text(), b.text());
        let ab = core(&o, &a, &b);
        let ba = core(&o, &b, &a);
        prop_assert_eq!(ab.conflicts == 0, ba.conflicts == 0);
        prop_assert_eq!(ids_of(&resolve(&ab.text, OURS)), ids_of(&resolve(&ba.text, THEIRS)));
        prop_assert_eq!(ids_of(&resolve(&ab.text, THEIRS)), ids_of(&resolve(&ba.text, OURS)));
    }

    #[test]
    fn an_item_unranked_by_one_side_and_untouched_by_the_other_is_gone(
        // Theirs never moves or removes anything (ops 0 to 2; a removal and a new
        // insertion would be a move), so every base item stays in place there.
        (o, a, b) in triple_with(Just(Vec::new()), prop::collection::vec(op().prop_map(|(k, x, y, z)| (3 + k % 6, x, y, z)), 0..7)),
    ) {
        let (o, a, b) = (o.text(), a.text(), b.text());
        let m = merge(&o, &a, &b);
        let line_of = |text: &str, id: &str| {
            lines(text).into_iter().find(|l| meaning(l).is_some_and(|(x, _)| x.eq_ignore_ascii_case(id)))
        };
        let (ka, out) = (keys(&a), keys(&m.text));
        for id in keys(&o).difference(&ka) {
            let untouched = line_of(&b, id).is_none_or(|l| meaning(&l) == line_of(&o, id).as_deref().and_then(meaning));
            if untouched {
                prop_assert!(!out.contains(id), "{id} came back: {:?}", m.text);
            }
        }
    }

    #[test]
    fn any_input_is_handled_without_panicking(
        texts in prop::collection::vec(
            (prop::collection::vec((0usize..14, any::<bool>()), 0..8), any::<bool>()),
            3,
        ),
    ) {
        const ALPHABET: [&str; 14] = [
            "MS-1", "ms-1", "MS-2 # r", "# c", "", "<<<<<<< x", "=======", ">>>>>>> y",
            "bad id", "\u{feff}MS-3", "MS-4\r", "|||||||", "  MS-5\t#\t", "X-1 # é",
        ];
        let texts: Vec<String> = texts
            .iter()
            .map(|(lines, bom)| {
                let mut t = if *bom { "\u{feff}".to_owned() } else { String::new() };
                for &(i, crlf) in lines {
                    t.push_str(ALPHABET[i]);
                    t.push_str(if crlf { "\r\n" } else { "\n" });
                }
                t
            })
            .collect();
        let (o, a, b) = (&texts[0], &texts[1], &texts[2]);
        let m = merge(o, a, b);
        let valid = [o, a, b].iter().all(|t| Version::parse(t).is_some());
        if valid {
            check(o, a, b, &m)?;
        } else {
            prop_assert_eq!(m.conflicts, 1);
            let out: Vec<String> = lines(&m.text).iter().map(|l| l.trim_end_matches('\r').to_owned()).collect();
            for line in lines(a).iter().chain(&lines(b)) {
                prop_assert!(out.contains(&line.trim_end_matches('\r').to_owned()), "{line:?} lost: {:?}", m.text);
            }
        }
    }
}
