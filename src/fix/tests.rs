use super::*;

#[test]
fn edit_between_keeps_whole_lines() {
    let e = edit_between("a = 1\n+++\n", "a = 1\nb = \"\"\n+++\n");
    assert_eq!(e.range, 6..6);
    assert_eq!(e.replacement, "b = \"\"\n");
    let e = edit_between("x\nMS-1\nMS-1\n", "x\nMS-1\n");
    assert_eq!(apply("x\nMS-1\nMS-1\n", &[&e]).0, "x\nMS-1\n");
}

#[test]
fn apply_skips_an_overlapping_edit() {
    let a = Edit {
        range: 0..3,
        replacement: "X".into(),
    };
    let b = Edit {
        range: 2..4,
        replacement: "Y".into(),
    };
    let (out, taken) = apply("abcdef", &[&a, &b]);
    assert_eq!(out, "Xdef");
    assert_eq!(taken, [0]);
}

#[test]
fn removing_the_last_line_keeps_a_missing_final_newline() {
    let mut out = Vec::new();
    let source = crate::text::Source::new("MS-1\nMS-2".to_owned());
    let ranking = crate::ranking::Ranking::parse(source, "ranking.txt", &mut out);
    assert_eq!(ranking.without_entry(1).as_deref(), Some("MS-1"));
    assert_eq!(ranking.without_entry(0).as_deref(), Some("MS-2"));
}

#[test]
fn the_registry_says_which_rules_lint_fix_fixes() {
    for rule in crate::rules::RULES {
        assert_eq!(
            rule.fix.contains("`backlog lint --fix`"),
            FIXABLE.contains(&rule.name),
            "{}: its fix text and fix::FIXABLE disagree",
            rule.code
        );
    }
}

#[test]
fn every_fixable_rule_is_registered() {
    for name in FIXABLE {
        assert!(crate::rules::find_rule(name).is_some(), "{name}");
    }
}
