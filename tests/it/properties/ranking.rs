//! ranking.txt (fuzz target `ranking`; RELIABILITY §4 C): any text is handled, and edits of
//! valid rankings keep every ID and every other line.

use super::item_files::{join_lines, pick, style};
use super::*;

const RANK_LINES: &[&str] = &[
    "MS-1",
    "ms-1",
    "MS-2   # reason",
    "  MS-3#tight",
    "MS-4\t#\t",
    "MS-5 # $1 \\ # more",
    "# comment",
    "",
    "   ",
    "bad id",
    "../etc/passwd",
    "MS-012",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> b",
    "|||||||",
    "\u{feff}MS-6",
    "\u{a0}MS-7\u{3000}",
    "MS-8 # \u{1b}[31m\u{9b}\u{202e}",
];

pub(super) fn any_ranking() -> impl Strategy<Value = String> {
    (prop::collection::vec(pick(RANK_LINES), 0..12), style()).prop_map(
        |(lines, (bom, endings, mix, fin))| {
            let text = join_lines(&lines, endings, &mix, fin);
            if bom { format!("\u{feff}{text}") } else { text }
        },
    )
}

/// One line of a valid ranking.
#[derive(Debug, Clone)]
pub(super) enum Line {
    Item(String, Option<u8>),
    Comment(u8),
    Blank,
}

pub(super) fn render_lines(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| match l {
            Line::Item(id, None) => id.clone(),
            Line::Item(id, Some(r)) if r % 2 == 0 => format!("{id} # reason {r} $1 \\"),
            Line::Item(id, Some(r)) => format!("{id:<7} #reason {r}  "),
            Line::Comment(c) => format!("# comment {c}"),
            Line::Blank => String::new(),
        })
        .collect()
}

/// A valid ranking: distinct IDs in any order and case, reasons, comments, blank lines.
pub(super) fn valid_lines() -> impl Strategy<Value = Vec<Line>> {
    prop::collection::vec((1u16..40, any::<u8>()), 0..14).prop_map(|picks| {
        let mut seen = HashSet::new();
        let mut lines = Vec::new();
        for (n, z) in picks {
            match z % 7 {
                0 => lines.push(Line::Comment(z % 3)),
                1 => lines.push(Line::Blank),
                _ if seen.insert(n) => {
                    let id = if z % 11 == 0 {
                        format!("ms-{n}")
                    } else {
                        format!("MS-{n}")
                    };
                    lines.push(Line::Item(id, (z % 3 == 0).then_some(z % 5)));
                }
                _ => {}
            }
        }
        lines
    })
}

fn valid_ranking() -> impl Strategy<Value = String> {
    (valid_lines(), style()).prop_map(|(lines, (bom, endings, mix, fin))| {
        let text = join_lines(&render_lines(&lines), endings, &mix, fin);
        if bom { format!("\u{feff}{text}") } else { text }
    })
}

pub(super) fn parse_ranking(text: &str) -> (Ranking, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let ranking = Ranking::parse(Source::new(text.to_owned()), "ranking.txt", &mut out);
    (ranking, out)
}

/// A ranking `moved`, `unranked` and `renamed` may edit: no finding, no conflict, IDs unique.
pub(super) fn is_valid_ranking(text: &str) -> bool {
    let (r, out) = parse_ranking(text);
    let mut seen = HashSet::new();
    out.is_empty()
        && r.conflict.is_none()
        && r.entries
            .iter()
            .all(|e| seen.insert(e.id.to_ascii_lowercase()))
}

/// The IDs of a text an edit produced, which must be a valid ranking.
fn ranked_ids(text: &str) -> Vec<String> {
    let (r, out) = parse_ranking(text);
    assert!(
        out.is_empty(),
        "an edit made an invalid ranking: {out:?}: {text:?}"
    );
    assert!(r.conflict.is_none());
    r.entries.iter().map(|e| e.id.clone()).collect()
}

/// Non-blank lines other than `id`'s, without terminators, trailing `\r`s or BOM (the last
/// line of a file without a final newline reads without its trailing `\r`, so a line `S-1\r`
/// that becomes the last one would read differently though its bytes are kept).
fn other_lines(text: &str, id: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text::lines_with_ranges(text)
        .map(|(_, l)| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .filter(|l| {
            !l.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case(id)
        })
        .map(str::to_owned)
        .collect()
}

/// What the `ranking` fuzz target checks: for a valid ranking, every move of an existing ID
/// keeps the ID multiset and the others' order and lines; `unranked` removes exactly that ID;
/// `renamed` replaces exactly it; a new ID lands once, at the reported rank.
pub(super) fn check_ranking(text: &str, seed: usize) {
    let source = Source::new(text.to_owned());
    let (ranking, out) = parse_ranking(text);
    assert_located(&source, &out);
    for e in &ranking.entries {
        assert_eq!(&text[e.id_span.clone()], e.id);
    }
    if !is_valid_ranking(text) {
        return;
    }
    let ids: Vec<String> = ranking.entries.iter().map(|e| e.id.clone()).collect();
    let fresh = "ZZ-999999999";
    for position in [
        Position::Top,
        Position::Bottom,
        Position::To(seed % (ids.len() + 1) + 1),
    ] {
        let m = ranking
            .moved(fresh, &position, &Reason::Keep)
            .unwrap_or_else(|e| panic!("ranking a new item {position:?}: {e}"));
        let mut expected = ids.clone();
        expected.insert(m.to - 1, fresh.to_owned());
        assert_eq!(ranked_ids(&m.text), expected, "{position:?}: {:?}", m.text);
    }
    if ids.is_empty() {
        return;
    }
    let id = ids[seed % ids.len()].clone();
    let others: Vec<String> = ids.iter().filter(|x| **x != id).cloned().collect();
    let mut positions = vec![
        Position::Top,
        Position::Bottom,
        Position::To(seed % ids.len() + 1),
    ];
    if let Some(anchor) = others.get(seed / 7 % others.len().max(1)) {
        positions.push(Position::Above(anchor.clone()));
        positions.push(Position::Below(anchor.clone()));
    }
    for position in positions {
        for reason in [Reason::Keep, Reason::Clear, Reason::Set("why # not".into())] {
            let m = ranking
                .moved(&id, &position, &reason)
                .unwrap_or_else(|e| panic!("moving {id} {position:?}: {e}"));
            let after = ranked_ids(&m.text);
            let mut sorted = after.clone();
            sorted.sort();
            let mut before = ids.clone();
            before.sort();
            assert_eq!(sorted, before, "{position:?} changed the IDs: {:?}", m.text);
            assert_eq!(
                after.iter().position(|x| *x == id).map(|p| p + 1),
                Some(m.to)
            );
            let rest: Vec<String> = after.iter().filter(|x| **x != id).cloned().collect();
            assert_eq!(rest, others, "{position:?} moved the others: {:?}", m.text);
            if reason == Reason::Keep {
                assert_eq!(
                    other_lines(text, &id),
                    other_lines(&m.text, &id),
                    "{position:?} changed other lines: {text:?} -> {:?}",
                    m.text
                );
            }
        }
    }
    let u = ranking
        .unranked(&id)
        .unwrap_or_else(|e| panic!("unranking {id}: {e}"));
    assert_eq!(ranked_ids(&u.text), others, "{:?}", u.text);
    let renamed = ranking
        .renamed(&id, fresh)
        .unwrap_or_else(|e| panic!("renaming {id}: {e}"))
        .unwrap_or_else(|| panic!("{id} is ranked but was not renamed"));
    let expected: Vec<String> = ids
        .iter()
        .map(|x| {
            if *x == id {
                fresh.to_owned()
            } else {
                x.clone()
            }
        })
        .collect();
    assert_eq!(ranked_ids(&renamed), expected, "{renamed:?}");
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn any_ranking_text_is_handled(text in any_ranking(), seed in any::<usize>()) {
        check_ranking(&text, seed);
    }

    #[test]
    fn edits_of_valid_rankings_keep_every_id(text in valid_ranking(), seed in any::<usize>()) {
        prop_assert!(is_valid_ranking(&text), "{text:?}");
        check_ranking(&text, seed);
    }
}
