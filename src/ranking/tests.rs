//! Unit and property tests of the ranking grammar and its edits.

use super::*;
use crate::diagnostic::Diagnostic;

fn parse(text: &str) -> (Ranking, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let r = Ranking::parse(Source::new(text.to_owned()), "ranking.txt", &mut out);
    (r, out)
}

#[test]
fn grammar() {
    let (r, out) =
        parse("\u{feff}# header\nMS-12   # Chicago blocker\r\n\n  MS-7#spike first\nMS-3\n");
    assert!(out.is_empty(), "{out:?}");
    let got: Vec<_> = r
        .entries
        .iter()
        .map(|e| (e.id.as_str(), e.reason.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("MS-12", Some("Chicago blocker")),
            ("MS-7", Some("spike first")),
            ("MS-3", None)
        ]
    );
    assert_eq!(r.rank("ms-7"), Some(2));
    assert_eq!(r.rank("MS-4"), None);
}

#[test]
fn malformed_lines_are_located() {
    let (r, out) = parse("MS-1\n../etc # x\nMS 2\n");
    assert_eq!(r.entries.len(), 1);
    let got: Vec<_> = out.iter().map(|d| (d.rule, d.line, d.column)).collect();
    assert_eq!(got, [("ORD005", 2, 1), ("ORD005", 3, 1)]);
}

#[test]
fn conflicts_are_reported_and_sides_still_read() {
    let (r, out) = parse("MS-1\n<<<<<<< HEAD\nMS-2\n=======\nMS-3\n>>>>>>> b\n");
    assert_eq!(
        out.iter().map(|d| (d.rule, d.line)).collect::<Vec<_>>(),
        [("GIT001", 2)]
    );
    assert_eq!(r.entries.len(), 3);
}

#[test]
fn duplicates_keep_the_first_rank() {
    let (r, _) = parse("MS-1\nMS-2\nMS-1\nMS-3\n");
    assert_eq!(r.rank("MS-3"), Some(3));
    assert_eq!(r.len(), 3);
}

fn ids(text: &str) -> Vec<String> {
    parse(text).0.ranked().map(|e| e.id.clone()).collect()
}

fn mv(text: &str, id: &str, to: Position, reason: Reason) -> Result<Move, MoveError> {
    parse(text).0.moved(id, &to, &reason)
}

#[test]
fn a_move_is_one_line_out_and_one_line_in() {
    let text = "# header\nMS-1   # first\n\n# section\nMS-2\nMS-3 # third\n";
    let m = mv(text, "MS-3", Position::Top, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        m.text,
        "# header\nMS-3 # third\nMS-1   # first\n\n# section\nMS-2\n"
    );
    assert_eq!((m.from, m.to), (Some(3), 1));
    let m = mv(
        text,
        "MS-1",
        Position::Bottom,
        Reason::Set("why not".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        m.text,
        "# header\n\n# section\nMS-2\nMS-3 # third\nMS-1    # why not\n"
    );
    let m = mv(text, "MS-2", Position::Above("MS-1".into()), Reason::Clear)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        m.text,
        "# header\nMS-2\nMS-1   # first\n\n# section\nMS-3 # third\n"
    );
    let m = mv(text, "MS-9", Position::To(2), Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&m.text), ["MS-1", "MS-9", "MS-2", "MS-3"]);
    assert_eq!((m.from, m.to), (None, 2));
}

#[test]
fn line_endings_bom_and_final_newline_are_kept() {
    let m = mv(
        "\u{feff}MS-1\r\nMS-2\r\n",
        "MS-2",
        Position::Top,
        Reason::Keep,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, "\u{feff}MS-2\r\nMS-1\r\n");
    let m =
        mv("MS-1\nMS-2", "MS-1", Position::Bottom, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, "MS-2\nMS-1");
    let m =
        mv("MS-1\nMS-2", "MS-3", Position::Bottom, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, "MS-1\nMS-2\nMS-3");
    let m = mv("# only a header", "MS-3", Position::Top, Reason::Keep)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, "# only a header\nMS-3");
    let m = mv("", "MS-3", Position::Top, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, "MS-3\n");
    let m = parse("MS-1\nMS-2")
        .0
        .unranked("MS-2")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, "MS-1");
}

#[test]
fn bad_moves_are_refused() {
    let text = "MS-1\nMS-2\n";
    assert_eq!(
        mv(text, "MS-1", Position::To(4), Reason::Keep),
        Err(MoveError::OutOfRange { to: 4, max: 2 })
    );
    assert_eq!(
        mv(text, "MS-3", Position::To(0), Reason::Keep),
        Err(MoveError::OutOfRange { to: 0, max: 3 })
    );
    assert_eq!(
        mv(text, "MS-1", Position::Above("ms-1".into()), Reason::Keep),
        Err(MoveError::SelfAnchor("ms-1".into()))
    );
    assert_eq!(
        mv(text, "MS-1", Position::Below("MS-7".into()), Reason::Keep),
        Err(MoveError::UnknownAnchor("MS-7".into()))
    );
    assert_eq!(
        mv("MS-1\nMS-1\n", "MS-1", Position::Top, Reason::Keep),
        Err(MoveError::Duplicate("MS-1".into()))
    );
    assert_eq!(
        mv(text, "MS-1", Position::Top, Reason::Set("a\nb".into())),
        Err(MoveError::BadReason)
    );
    let conflicted = "MS-1\n<<<<<<< ours\nMS-2\n=======\nMS-3\n>>>>>>> theirs\n";
    assert_eq!(
        mv(conflicted, "MS-1", Position::Bottom, Reason::Keep),
        Err(MoveError::Conflict(2))
    );
    assert_eq!(
        parse(text).0.unranked("MS-5"),
        Err(MoveError::NotRanked("MS-5".into()))
    );
}

#[test]
fn moving_to_the_same_place_changes_nothing() {
    let text = "MS-1 # a\nMS-2\n";
    let m = mv(text, "MS-1", Position::Top, Reason::Keep).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.text, text);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A ranking text: IDs MS-1..MS-n in a random order, some with reasons, comments and
    /// blank lines between them, LF or CRLF, with or without a final newline.
    fn ranking() -> impl Strategy<Value = (String, Vec<String>)> {
        (1usize..30, any::<u64>(), any::<bool>(), any::<bool>()).prop_map(
            |(n, seed, crlf, final_newline)| {
                let mut ids: Vec<String> = (1..=n).map(|i| format!("MS-{i}")).collect();
                let mut state = seed | 1;
                let mut next = move || {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                };
                for i in (1..ids.len()).rev() {
                    ids.swap(i, (next() % (i as u64 + 1)) as usize);
                }
                let mut lines = vec!["# header".to_owned()];
                for id in &ids {
                    match next() % 5 {
                        0 => lines.push("# a comment".into()),
                        1 => lines.push(String::new()),
                        _ => {}
                    }
                    if next() % 2 == 0 {
                        lines.push(format!("{id}   # reason for {id} $1 \\"));
                    } else {
                        lines.push(id.clone());
                    }
                }
                let eol = if crlf { "\r\n" } else { "\n" };
                let mut text = lines.join(eol);
                if final_newline {
                    text.push_str(eol);
                }
                (text, ids)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn reorder_is_a_permutation_that_keeps_everything_else(
            (text, ids) in ranking(),
            pick in any::<prop::sample::Index>(),
            pos_seed in any::<u64>(),
            new_item in any::<bool>(),
        ) {
            let id = if new_item { "MS-99".to_owned() } else { ids[pick.index(ids.len())].clone() };
            let positions: Vec<Position> = {
                let n = ids.len();
                vec![Position::Top, Position::Bottom, Position::To((pos_seed as usize % (n + 1)) + 1),
                     Position::Above(format!("MS-{}", pos_seed as usize % n + 1)),
                     Position::Below(format!("MS-{}", pos_seed as usize % n + 1))]
            };
            for to in positions {
                let result = mv(&text, &id, to.clone(), Reason::Keep);
                let Ok(m) = result else {
                    // Only anchoring on itself, or one past the end for an already-ranked
                    // item, may fail here.
                    let allowed = match &result {
                        Err(MoveError::SelfAnchor(_)) => true,
                        Err(MoveError::OutOfRange { to, .. }) => !new_item && *to == ids.len() + 1,
                        _ => false,
                    };
                    prop_assert!(allowed, "{result:?}");
                    continue;
                };
                let after = ids_of(&m.text);
                // A permutation of the old IDs (plus the newly ranked one)...
                let mut expected_set = ids.clone();
                if new_item { expected_set.push(id.clone()); }
                let mut sorted_after = after.clone();
                sorted_after.sort();
                expected_set.sort();
                prop_assert_eq!(&sorted_after, &expected_set);
                // ...that puts the item at its reported rank...
                prop_assert_eq!(after.iter().position(|x| *x == id).map(|p| p + 1), Some(m.to));
                // ...keeps the relative order of all the others...
                let others_before: Vec<_> = ids.iter().filter(|x| **x != id).cloned().collect();
                let others_after: Vec<_> = after.iter().filter(|x| **x != id).cloned().collect();
                prop_assert_eq!(others_before, others_after);
                // ...and leaves every other line byte-identical, in the same order.
                let strip = |t: &str| -> Vec<String> {
                    let mut lines: Vec<String> = t.split_inclusive('\n')
                        .map(|l| l.trim_end_matches('\n').trim_end_matches('\r').to_owned())
                        .filter(|l| !l.starts_with(&format!("{id} ")) && *l != id)
                        .collect();
                    // A blank last line cannot exist in a file without a final newline, so
                    // taking the last line out of such a file may take a blank line with it.
                    while lines.last().is_some_and(String::is_empty) {
                        lines.pop();
                    }
                    lines
                };
                prop_assert_eq!(strip(&text), strip(&m.text));
                // Line endings and the final-newline state survive.
                prop_assert_eq!(text.ends_with('\n'), m.text.ends_with('\n'));
                prop_assert_eq!(text.contains("\r\n"), m.text.contains("\r\n") || !m.text.contains('\n'));
            }
        }
    }

    fn ids_of(text: &str) -> Vec<String> {
        super::ids(text)
    }
}
