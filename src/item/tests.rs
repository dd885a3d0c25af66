//! Unit tests of the item format: parsing, delimiters, errors and edits.

use super::*;

fn parse_str(text: &str) -> (Parsed, Vec<Diagnostic>) {
    let source = Source::new(text.to_owned());
    let mut out = Vec::new();
    let parsed = parse(&source, "items/MS-1-x.md", &mut out);
    (parsed, out)
}

fn rules(out: &[Diagnostic]) -> Vec<(&str, usize, usize)> {
    out.iter().map(|d| (d.rule, d.line, d.column)).collect()
}

const ITEM: &str = "+++\ntitle = \"View teams\"\nkind = \"story\"\nestimate = 5\ndepends_on = [\"MS-7\"]\ncustom = 1\n+++\n\n## Problem\nAdmins cannot see teams.\n\n## Acceptance criteria\n- [ ] Paged table\n- [x] Filter by sponsor\n\n## Notes\n- [ ] not a criterion\n";

#[test]
fn reads_fields_sections_and_criteria_with_lines() {
    let (p, out) = parse_str(ITEM);
    assert!(out.is_empty(), "{out:?}");
    let f = &p.fields;
    assert_eq!(
        f.title.as_ref().map(|t| t.value.as_str()),
        Some("View teams")
    );
    assert_eq!(f.estimate.as_ref().map(|e| e.value), Some(5));
    assert_eq!(f.depends_on[0].value, "MS-7");
    assert!(f.key("custom").is_some());
    let titles: Vec<_> = p.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Problem", "Acceptance criteria", "Notes"]);
    let source = Source::new(ITEM.to_owned());
    let crit: Vec<_> = p
        .criteria_in("acceptance criteria")
        .map(|c| (c.checked, c.text.as_str(), source.lines.line(c.span.start)))
        .collect();
    assert_eq!(
        crit,
        [(false, "Paged table", 13), (true, "Filter by sponsor", 14)]
    );
}

#[test]
fn crlf_and_bom_parse_like_lf() {
    let crlf = format!("\u{feff}{}", ITEM.replace('\n', "\r\n"));
    let (p, out) = parse_str(&crlf);
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(
        p.fields.kind.as_ref().map(|k| k.value.as_str()),
        Some("story")
    );
    assert_eq!(p.criteria_in("Acceptance criteria").count(), 2);
}

#[test]
fn toml_errors_point_into_the_file() {
    let (_, out) = parse_str("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n");
    assert_eq!(rules(&out), [("FM004", 3, 1)]);
    assert_eq!(
        out[0].message,
        "duplicate key `title` (first set on line 2)"
    );
    let (_, out) = parse_str("+++\ntitle = \"a\"\nestimate = \"five\"\n+++\n");
    assert_eq!(rules(&out), [("FM007", 3, 12)]);
    let (_, out) = parse_str("+++\nestimate = -1\n+++\n");
    assert_eq!(rules(&out), [("FM007", 2, 12)]);
    let (_, out) = parse_str("+++\ntitle = \"a\rb\"\n+++\n");
    assert_eq!(out[0].rule, "FM003");
    assert_eq!(out[0].line, 2);
}

#[test]
fn delimiter_problems() {
    assert_eq!(rules(&parse_str("").1), [("FM001", 1, 1)]);
    assert_eq!(rules(&parse_str("# Title\n").1), [("FM001", 1, 1)]);
    assert_eq!(
        rules(&parse_str("---\ntitle: a\n---\n").1),
        [("FM002", 1, 1)]
    );
    assert_eq!(
        rules(&parse_str("\n\n+++\ntitle = \"a\"\n").1),
        [("FM001", 1, 1)]
    );
    assert_eq!(
        rules(&parse_str("+++\ntitle = \"a\"\n").1),
        [("FM005", 1, 1)]
    );
    assert_eq!(
        rules(&parse_str("++++\ntitle = \"a\"\n++++\n").1),
        [("FM001", 1, 1)]
    );
    // Trailing spaces on a delimiter are fine; the first closing line wins.
    let (p, out) = parse_str("+++  \ntitle = \"a\"\n+++\n```\n+++\n```\n");
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(p.fields.title.map(|t| t.value), Some("a".into()));
}

#[test]
fn conflict_markers_are_reported_before_toml() {
    let text = "+++\n<<<<<<< HEAD\ntitle = \"a\"\n=======\ntitle = \"b\"\n>>>>>>> x\n+++\n";
    assert_eq!(rules(&parse_str(text).1), [("GIT001", 2, 1)]);
}

#[test]
fn typos_get_a_suggestion_but_custom_keys_pass() {
    let (_, out) = parse_str("+++\nestimte = 3\nsponsor = \"x\"\n+++\n");
    assert_eq!(rules(&out), [("FM011", 2, 1)]);
    assert!(out[0].message.contains("`estimate`"));
}

#[test]
fn frontmatter_edits_keep_crlf() {
    let text = "+++\r\ntitle = \"a\"  # keep\r\ndepends_on = [\"MS-1\"]\r\n+++\r\nbody\r\n";
    let out = edit_frontmatter(text, |doc| set_string(doc, "id", "MS-2")).unwrap_or_default();
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    assert!(
        out.starts_with("+++\r\ntitle = \"a\"  # keep\r\n"),
        "{out:?}"
    );
    assert!(out.ends_with("+++\r\nbody\r\n"), "{out:?}");
}

#[test]
fn deep_nesting_is_a_clean_error() {
    let text = format!("+++\ntags = {}\n+++\n", "[".repeat(100_000));
    let (_, out) = parse_str(&text);
    assert_eq!(out[0].rule, "FM003");
}
