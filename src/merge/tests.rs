//! Scenario tests: one hand-written base, ours and theirs per rule of the merge.

use super::test_support::*;
use super::{Merged, OURS, THEIRS, clean, merge};

#[test]
fn independent_moves_combine() {
    let o = "# h\nMS-1\nMS-2\nMS-3\nMS-4\nMS-5\n";
    let a = "# h\nMS-4\nMS-1\nMS-2\nMS-3\nMS-5\n"; // MS-4 to the top
    let b = "# h\nMS-1\nMS-3\nMS-4\nMS-5\nMS-2\n"; // MS-2 to the bottom
    let (m, _) = both_ways(o, a, b);
    assert_eq!(m, clean("# h\nMS-4\nMS-1\nMS-3\nMS-5\nMS-2\n"));
}

#[test]
fn items_that_only_shift_did_not_move() {
    // Theirs moved MS-1 down past three items; the three only shifted up. Ours moved MS-3
    // to the top, and that is no clash with theirs.
    let o = "MS-1\nMS-2\nMS-3\nMS-4\nMS-5\n";
    let a = "MS-3\nMS-1\nMS-2\nMS-4\nMS-5\n";
    let b = "MS-2\nMS-3\nMS-4\nMS-1\nMS-5\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(m, clean("MS-3\nMS-2\nMS-4\nMS-1\nMS-5\n"));
}

#[test]
fn both_sides_appending_keeps_everything_in_each_sides_order() {
    let o = "MS-1\nMS-2\n";
    let a = "MS-1\nMS-2\nMS-3\nMS-4\n";
    let b = "MS-1\nMS-2\nMS-6\nMS-5\n";
    let (ab, ba) = both_ways(o, a, b);
    assert_eq!(ab, clean("MS-1\nMS-2\nMS-3\nMS-4\nMS-6\nMS-5\n"));
    assert_eq!(ba, ab);
    // Insertions in the middle, too.
    let a = "MS-7\nMS-1\nMS-3\nMS-2\n";
    let b = "MS-1\nMS-5\nMS-2\nMS-6\n";
    let (ab, _) = both_ways(o, a, b);
    assert_eq!(ab, clean("MS-7\nMS-1\nMS-5\nMS-3\nMS-2\nMS-6\n"));
}

#[test]
fn unranking_an_item_the_other_side_did_not_touch_removes_it() {
    let o = "MS-1\nMS-2 # why\nMS-3\nMS-4\n";
    let a = "MS-1\nMS-3\nMS-4\n";
    let b = "MS-1\nMS-2   #   why\nMS-4\nMS-3 # new\n"; // respaced MS-2 only
    let (m, _) = both_ways(o, a, b);
    assert_eq!(m, clean("MS-1\nMS-4\nMS-3 # new\n"));
    // Unranked on both sides: gone once.
    let (m, _) = both_ways(o, a, "MS-1\nMS-3\nMS-4\nMS-5\n");
    assert_eq!(m, clean("MS-1\nMS-3\nMS-4\nMS-5\n"));
}

#[test]
fn the_same_item_moved_two_ways_is_one_conflict_block() {
    let o = "# h\nMS-1\nMS-2\nMS-3\nMS-4 # r\n";
    let a = "# h\nMS-4 # r\nMS-1\nMS-2\nMS-3\n";
    let b = "# h\nMS-1\nMS-4 # r\nMS-2\nMS-3\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(m.conflicts, 1);
    assert_eq!(
        m.text,
        "# h\n<<<<<<< ours\nMS-4 # r\nMS-1\n=======\nMS-1\nMS-4 # r\n>>>>>>> theirs\nMS-2\nMS-3\n"
    );
    assert_eq!(ids_of(&resolve(&m.text, OURS)), ids_of(a));
    assert_eq!(ids_of(&resolve(&m.text, THEIRS)), ids_of(b));
}

#[test]
fn a_far_move_both_ways_still_names_the_item_in_one_block() {
    let o = "MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\n";
    let a = "MS-3\nMS-1\nMS-2\nMS-4\nMS-5\nMS-6\n";
    let b = "MS-1\nMS-2\nMS-4\nMS-5\nMS-3\nMS-6\n";
    let m = merge(o, a, b);
    let p = parts(&m.text);
    assert_eq!(p.blocks.len(), 1);
    assert_eq!(ids(&p.outside), ["ms-6"]);
    assert_eq!(ids(&p.blocks[0].0), ids_of(&a.replace("MS-6\n", "")));
    assert_eq!(ids(&p.blocks[0].1), ids_of(&b.replace("MS-6\n", "")));
}

#[test]
fn moving_or_re_reasoning_an_item_the_other_side_removed_is_a_conflict() {
    let o = "MS-1\nMS-2\nMS-3\n";
    // Moved up by ours, unranked by theirs (RELIABILITY C15).
    let (m, _) = both_ways(o, "MS-3\nMS-1\nMS-2\n", "MS-1\nMS-2\n");
    assert_eq!(
        m,
        Merged {
            text: "<<<<<<< ours\nMS-3\n=======\n>>>>>>> theirs\nMS-1\nMS-2\n".into(),
            conflicts: 1
        }
    );
    // A new reason against a removal.
    let (m, _) = both_ways(o, "MS-1\nMS-3\n", "MS-1\nMS-2 # now urgent\nMS-3\n");
    assert_eq!(
        m,
        Merged {
            text: "MS-1\n<<<<<<< ours\n=======\nMS-2 # now urgent\n>>>>>>> theirs\nMS-3\n".into(),
            conflicts: 1
        }
    );
}

#[test]
fn a_reason_edit_follows_the_other_sides_move() {
    let o = "MS-1\nMS-2 # old\nMS-3\n";
    let a = "MS-1\nMS-2 # new\nMS-3\n";
    let b = "MS-2 # old\nMS-1\nMS-3\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(m, clean("MS-2 # new\nMS-1\nMS-3\n"));
}

#[test]
fn two_different_reasons_are_a_one_line_conflict() {
    let o = "MS-1\nMS-2 # old\nMS-3\n";
    let a = "MS-1\nMS-2 # ours\nMS-3\n";
    let b = "MS-1\nMS-2 # theirs\nMS-3\nMS-4\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(
        m,
        Merged {
            text: "MS-1\n<<<<<<< ours\nMS-2 # ours\n=======\nMS-2 # theirs\n>>>>>>> theirs\nMS-3\nMS-4\n".into(),
            conflicts: 1
        }
    );
    // The same new reason, spaced differently, is one change: ours' bytes are kept.
    let (m, _) = both_ways(
        o,
        "MS-1\nMS-2 #   same\nMS-3\n",
        "MS-1\nMS-2 # same\nMS-3\nMS-4\n",
    );
    assert_eq!(m, clean("MS-1\nMS-2 #   same\nMS-3\nMS-4\n"));
}

#[test]
fn identical_changes_apply_once() {
    let o = "# h\nMS-1\nMS-2\nMS-3 # r\nMS-4\n";
    // Both move MS-3 to the top with the same new reason, add MS-9 with a comment at the
    // end, and drop MS-4; ours also adds MS-8, theirs gives MS-2 a reason.
    let a = "# h\nMS-8\nMS-3 # top now\nMS-1\nMS-2\n# new work\nMS-9\n";
    let b = "# h\nMS-3 # top now\nMS-1\nMS-2 # theirs\n# new work\nMS-9\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(
        m,
        clean("# h\nMS-8\nMS-3 # top now\nMS-1\nMS-2 # theirs\n# new work\nMS-9\n")
    );
    // The same item added on both sides at the same place.
    let (m, _) = both_ways(
        o,
        "# h\nMS-1\nMS-7\nMS-2\nMS-3 # r\nMS-4\nMS-5\n",
        "# h\nMS-1\nMS-7\nMS-2\nMS-3 # r\n",
    );
    assert_eq!(m, clean("# h\nMS-1\nMS-7\nMS-2\nMS-3 # r\nMS-5\n"));
}

#[test]
fn the_same_item_added_at_two_places_is_a_conflict() {
    let o = "MS-1\nMS-2\n";
    let (m, _) = both_ways(o, "MS-7\nMS-1\nMS-2\n", "MS-1\nMS-2\nMS-7\n");
    assert_eq!(m.conflicts, 1);
    let p = parts(&m.text);
    assert_eq!(ids(&p.blocks[0].0), ["ms-7", "ms-1", "ms-2"]);
    assert_eq!(ids(&p.blocks[0].1), ["ms-1", "ms-2", "ms-7"]);
    // Added by both with different reasons at the same place: only the line is disputed.
    let (m, _) = both_ways(o, "MS-1\nMS-2\nMS-7 # a\n", "MS-1\nMS-2\nMS-7 # b\n");
    assert_eq!(
        m.text,
        "MS-1\nMS-2\n<<<<<<< ours\nMS-7 # a\n=======\nMS-7 # b\n>>>>>>> theirs\n"
    );
}

#[test]
fn a_move_to_the_same_place_with_different_company_agrees() {
    let o = "MS-1\nMS-2\nMS-3\nMS-4\n";
    // Both move MS-4 to the top; ours also adds MS-8 above it, theirs MS-9 below it.
    let a = "MS-8\nMS-4\nMS-1\nMS-2\nMS-3\n";
    let b = "MS-4\nMS-9\nMS-1\nMS-2\nMS-3\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(m.conflicts, 0);
    let got = ids_of(&m.text);
    assert_eq!(got.len(), 6);
    assert!(got.iter().position(|x| x == "ms-4") < got.iter().position(|x| x == "ms-1"));
}

#[test]
fn line_endings_bom_and_final_newline_are_kept() {
    let o = "\u{feff}# h\r\nMS-1\r\nMS-2\r\nMS-3";
    let a = "\u{feff}# h\r\nMS-3\r\nMS-1\r\nMS-2";
    let b = "\u{feff}# h\r\nMS-1\r\nMS-2 # why\r\nMS-3\r\nMS-4";
    assert_eq!(
        merge(o, a, b),
        clean("\u{feff}# h\r\nMS-3\r\nMS-1\r\nMS-2 # why\r\nMS-4")
    );
    // Conflict markers use the file's line endings too.
    let m = merge(o, a, "\u{feff}# h\r\nMS-1\r\nMS-2");
    assert_eq!(
        m.text,
        "\u{feff}# h\r\n<<<<<<< ours\r\nMS-3\r\n=======\r\n>>>>>>> theirs\r\nMS-1\r\nMS-2"
    );
    // Ours' style wins when both differ from base; theirs' only where ours kept base's.
    let lf = "MS-1\nMS-2\n";
    assert_eq!(
        merge(lf, "MS-2\r\nMS-1\r\n", "\u{feff}MS-1\nMS-2\nMS-3").text,
        "\u{feff}MS-2\r\nMS-1\r\nMS-3"
    );
    assert_eq!(
        merge(lf, "MS-2\nMS-1\n", "MS-1\r\nMS-2\r\n").text,
        "MS-2\r\nMS-1\r\n"
    );
}

#[test]
fn comments_stay_put_and_header_edits_merge() {
    let o = "# Most important first.\n\nMS-1\nMS-2\n# --- next quarter ---\nMS-3\nMS-4\n";
    // Theirs rewords the header and adds an item at the top; ours moves MS-2 below the
    // section comment and MS-4 to the top.
    let a = "# Most important first.\n\nMS-4\nMS-1\n# --- next quarter ---\nMS-2\nMS-3\n";
    let b = "# Most important first; see README.\n\nMS-9\nMS-1\nMS-2\n# --- next quarter ---\nMS-3\nMS-4\n";
    let (m, _) = both_ways(o, a, b);
    assert_eq!(
        m,
        clean(
            "# Most important first; see README.\n\nMS-4\nMS-9\nMS-1\n# --- next quarter ---\nMS-2\nMS-3\n"
        )
    );
    // Both add a different comment at the same place: both are kept, nothing conflicts.
    let (m, _) = both_ways(
        o,
        &o.replace("MS-3\n", "# ours\nMS-3\n"),
        &o.replace("MS-3\n", "# theirs\nMS-3\n"),
    );
    assert_eq!(m.conflicts, 0);
    assert!(m.text.contains("# ours\n") && m.text.contains("# theirs\n"));
}

#[test]
fn unmergeable_inputs_become_one_block_with_both_texts() {
    let good = "MS-1\nMS-2\n";
    let conflicted = "MS-1\n<<<<<<< HEAD\nMS-2\n=======\nMS-3\n>>>>>>> b\n";
    let duplicate = "MS-1\nMS-2\nms-1\n";
    let malformed = "MS-1\nnot an id\n";
    for (o, a, b) in [
        (good, conflicted, good),
        (good, "MS-2\nMS-1\n", duplicate),
        (malformed, "MS-2\nMS-1\n", good),
        (good, good, "\u{feff}MS-1\r\n\u{feff}MS-2"),
    ] {
        let m = merge(o, a, b);
        assert_eq!(m.conflicts, 1, "{m:?}");
        assert!(m.text.starts_with("<<<<<<< ours\n") && m.text.ends_with(">>>>>>> theirs\n"));
        for line in lines(a).iter().chain(&lines(b)) {
            assert!(m.text.contains(line.as_str()), "{line:?} lost in {m:?}");
        }
    }
    let m = merge(good, "\u{feff}MS-1\r\nMS-2", duplicate);
    assert_eq!(
        m.text,
        "\u{feff}<<<<<<< ours\r\nMS-1\r\nMS-2\r\n=======\r\nMS-1\r\nMS-2\r\nms-1\r\n>>>>>>> theirs\r\n"
    );
}

#[test]
fn trivial_merges_are_byte_exact() {
    let o = "MS-1\nMS-2\r\n";
    let a = "MS-2\r\nMS-1\n";
    assert_eq!(merge(o, a, o), clean(a));
    assert_eq!(merge(o, o, a), clean(a));
    assert_eq!(merge(o, a, a), clean(a));
    assert_eq!(merge("", "", ""), clean(""));
    assert_eq!(merge("", "MS-1", "MS-2"), clean("MS-1\nMS-2"));
}

#[test]
fn ten_thousand_lines_merge_quickly() {
    let n = 10_000;
    let o: Vec<String> = (1..=n).map(|i| format!("MS-{i} # reason {i}")).collect();
    // Ours reverses the whole ranking (nearly everything moved); theirs moves every
    // tenth item, unranks every seventh and appends a hundred new ones.
    let a: Vec<String> = o.iter().rev().cloned().collect();
    let mut b: Vec<String> = o
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 7 != 3)
        .map(|(_, l)| l.clone())
        .collect();
    for i in (0..b.len()).step_by(10) {
        let l = b.remove(i);
        b.insert((i * 37) % b.len(), l);
    }
    b.extend((n + 1..=n + 100).map(|i| format!("MS-{i}")));
    let join = |v: &[String]| v.join("\n") + "\n";
    let (o, a, b) = (join(&o), join(&a), join(&b));
    let start = std::time::Instant::now();
    let m = merge(&o, &a, &b);
    let elapsed = start.elapsed();
    assert!(m.conflicts > 0);
    assert!(unique(&ids(&parts(&m.text).outside)));
    // Generous, to catch quadratic behaviour on a slow debug build, not to benchmark.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
    // Independent changes on a large file stay clean.
    let a2: Vec<&str> = b.lines().collect();
    let m = merge(
        &o,
        &o.replacen("MS-5 # reason 5\n", "MS-5 # urgent\n", 1),
        &a2.join("\n"),
    );
    assert_eq!(m.conflicts, 0);
}
