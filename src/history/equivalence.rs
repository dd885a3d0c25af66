//! The incremental parse (a version read against its parent's, only changed lines parsed) is
//! exactly the whole parse: over random edit sequences, every field of every snapshot and
//! every event agree with a reference that parses each version whole (the parse history used
//! before the incremental one, kept here as the oracle).

use super::snapshot::key_of;
use super::{Snapshot, events};
use crate::git::CommitInfo;
use proptest::prelude::*;

/// What the whole parse reads from a version: the IDs in order (lowercased), how each is
/// written, its reason (cut at the cap), and whether one was cut. Each ID counts once.
type Whole = (Vec<String>, Vec<String>, Vec<Option<String>>, bool);

/// The reference: every line of the text parsed, in order, as history did before.
fn whole(text: &str) -> Whole {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut seen = std::collections::HashSet::new();
    let mut out: Whole = Default::default();
    for line in text.lines() {
        let Some((id, _, reason, true)) = crate::ranking::parse_line(line) else {
            continue;
        };
        if !seen.insert(id.to_ascii_lowercase()) {
            continue;
        }
        out.0.push(id.to_ascii_lowercase());
        out.1.push(id.to_owned());
        out.2.push(reason.map(|r| {
            if r.len() <= super::MAX_REASON_BYTES {
                return r.to_owned();
            }
            out.3 = true;
            let mut end = super::MAX_REASON_BYTES;
            while !r.is_char_boundary(end) {
                end -= 1;
            }
            r[..end].to_owned()
        }));
    }
    out
}

/// The same reading of a snapshot, through its fields.
fn view(s: &Snapshot) -> Whole {
    (
        s.order.iter().map(|&n| key_of(n)).collect(),
        s.written.iter().map(|&r| s.slice(r).to_owned()).collect(),
        s.reasons
            .iter()
            .map(|r| r.map(|r| s.slice(r).to_owned()))
            .collect(),
        s.clipped,
    )
}

fn commit(message: &str) -> CommitInfo {
    CommitInfo {
        commit: "c0ffee".into(),
        author: "Dana".into(),
        email: "dana@example.com".into(),
        time: "2026-11-21T08:00:00+00:00".into(),
        message: message.into(),
    }
}

/// A ranking line: well-formed, in another letter case, with a reason, padded, a comment, blank,
/// malformed, with a CR, or with a reason over the cap.
fn line() -> impl Strategy<Value = String> {
    let n = 1..12u32;
    prop_oneof![
        4 => n.clone().prop_map(|n| format!("MS-{n}")),
        2 => (n.clone(), "[a-z ]{0,12}").prop_map(|(n, r)| format!("MS-{n} # {r}")),
        1 => n.clone().prop_map(|n| format!("ms-{n}")),
        1 => (n.clone(), "[ \t]{0,3}").prop_map(|(n, pad)| format!("{pad}MS-{n}{pad}#{pad}")),
        1 => n.clone().prop_map(|n| format!("MS-{n}\r")),
        1 => Just("# Most important first.".to_owned()),
        1 => Just(String::new()),
        1 => prop_oneof![Just("MS-0"), Just("not an id"), Just("MS-1 MS-2"), Just("<<<<<<< ours")]
            .prop_map(str::to_owned),
        1 => n.prop_map(|n| format!("MS-{n} # {}é", "x".repeat(super::MAX_REASON_BYTES - 1))),
    ]
}

/// One edit of a list of lines, as commits make them.
#[derive(Debug, Clone)]
enum Edit {
    Move(usize, usize),
    Insert(usize, String),
    Remove(usize),
    Replace(usize, String),
    Swap(usize, usize),
    Whole(Vec<String>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0..40usize;
    prop_oneof![
        4 => (at.clone(), at.clone()).prop_map(|(a, b)| Edit::Move(a, b)),
        2 => (at.clone(), line()).prop_map(|(a, l)| Edit::Insert(a, l)),
        1 => at.clone().prop_map(Edit::Remove),
        2 => (at.clone(), line()).prop_map(|(a, l)| Edit::Replace(a, l)),
        1 => (at.clone(), at).prop_map(|(a, b)| Edit::Swap(a, b)),
        1 => prop::collection::vec(line(), 0..8).prop_map(Edit::Whole),
    ]
}

fn apply(lines: &mut Vec<String>, edit: &Edit) {
    let len = lines.len();
    match edit.clone() {
        Edit::Move(a, b) if len > 0 => {
            let l = lines.remove(a % len);
            lines.insert(b % len, l);
        }
        Edit::Insert(a, l) => lines.insert(a % (len + 1), l),
        Edit::Remove(a) if len > 0 => {
            lines.remove(a % len);
        }
        Edit::Replace(a, l) if len > 0 => lines[a % len] = l,
        Edit::Swap(a, b) if len > 0 => lines.swap(a % len, b % len),
        Edit::Whole(new) => *lines = new,
        _ => {}
    }
}

/// The text of `lines`, with a BOM and without a last newline when asked.
fn text(lines: &[String], bom: bool, last_newline: bool) -> String {
    let mut out = if bom {
        "\u{feff}".to_owned()
    } else {
        String::new()
    };
    out.push_str(&lines.join("\n"));
    if last_newline && !lines.is_empty() {
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn incremental_parse_is_the_whole_parse(
        start in prop::collection::vec(line(), 0..30),
        edits in prop::collection::vec((edit(), any::<bool>(), any::<bool>()), 1..12),
        message in prop_oneof![Just("Move"), Just("Move\n\nReason(MS-3): launch"), Just("x\n\nReason: y")],
    ) {
        let mut lines = start;
        let mut before = Snapshot::parse(&text(&lines, false, true));
        let mut before_text = text(&lines, false, true);
        for (edit, bom, last_newline) in &edits {
            apply(&mut lines, edit);
            let after_text = text(&lines, *bom, *last_newline);
            let incremental = Snapshot::parse_after(&before, &after_text);
            let fresh = Snapshot::parse(&after_text);
            // Against the reference, field by field, and against a parse from nothing in full.
            prop_assert_eq!(view(&incremental), whole(&after_text));
            prop_assert_eq!(&incremental, &fresh);
            // The events of the step are the same whichever way either side was read.
            let reference = Snapshot::parse(&before_text);
            let info = commit(message);
            let got = format!("{:?}", events(&info, &[&before], &incremental));
            let want = format!("{:?}", events(&info, &[&reference], &fresh));
            prop_assert_eq!(got, want);
            before = incremental;
            before_text = after_text;
        }
    }
}

#[test]
fn a_moved_line_keeps_its_parse_and_the_rest_shifts() {
    let before = Snapshot::parse("# top\nMS-1\nMS-2 # b\nMS-3\nMS-4\n");
    let after = Snapshot::parse_after(&before, "# top\nMS-2 # b\nMS-3\nMS-4\nMS-1 # down\n");
    assert_eq!(
        after,
        Snapshot::parse("# top\nMS-2 # b\nMS-3\nMS-4\nMS-1 # down\n")
    );
    assert_eq!(after.rank("ms-1"), Some(4));
    assert_eq!(after.reason("MS-1"), Some("down"));
    assert_eq!(after.reason("MS-2"), Some("b"));
}

#[test]
fn a_base_that_shares_nothing_still_gives_the_whole_parse() {
    let base = Snapshot::parse("MS-9 # x\nMS-8\n");
    for text in [
        "",
        "\u{feff}MS-1\nMS-1 # dup\n",
        "MS-2\r\nMS-3 #  r \r\n",
        "MS-4",
    ] {
        assert_eq!(Snapshot::parse_after(&base, text), Snapshot::parse(text));
        assert_eq!(view(&Snapshot::parse(text)), whole(text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The packed scores pick exactly the run the score tuples pick, ties included.
    #[test]
    fn packed_scores_choose_as_tuples_do(
        values in Just((0..40usize).collect::<Vec<_>>()).prop_shuffle(),
        take in 0..40usize,
        head in prop_oneof![Just(0usize), 0..40usize],
        weights in prop::collection::vec((0..2u64, 0..2u64, 0..2u64, 0..6u64), 40),
    ) {
        // A common head (0, 1, .., head - 1) first, then the rest in random order.
        let seq: Vec<usize> = (0..head)
            .chain(values.into_iter().filter(|&v| v >= head))
            .take(take)
            .collect();
        let seq = &seq[..];
        let weights: Vec<[u64; 4]> = weights.iter().map(|&(a, b, c, d)| [a, b, c, d]).collect();
        let packed = super::evidence::packed_run(seq, &weights);
        let tuples = super::evidence::tuple_run(seq, |i| weights[i]);
        prop_assert_eq!(packed, tuples);
    }
}
