//! Findings of the fuzz runs (fuzz/README.md), each a regression test on its minimised input
//! (fuzz/regressions/).

use super::item_files::parse_item;
use super::ranking::{check_ranking, parse_ranking};
use super::sanitisers::{assert_only_text, github_flavour};
use super::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/fuzz/regressions/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The frontmatter of `text` after `set_string("id", "ZZ-7")`, and before.
fn set_id(text: &str) -> (String, String) {
    let edited = item::edit_frontmatter(text, |doc| item::set_string(doc, "id", "ZZ-7"))
        .expect("valid frontmatter");
    let front = |t: &str| {
        let (_, parsed, _) = parse_item(t);
        let layout = parsed.layout.expect("frontmatter");
        t[layout.frontmatter].to_owned()
    };
    (front(text), front(&edited))
}

/// F1 (fixed) — a no-op `edit_frontmatter` of a file whose frontmatter mixes LF and CRLF came
/// back with every frontmatter line CRLF. Input: item/mixed-endings-no-op.md.
#[test]
fn no_op_rewrite_keeps_mixed_line_endings() {
    let text = fixture("item/mixed-endings-no-op.md");
    let same = item::edit_frontmatter(&text, |_| {}).expect("valid frontmatter");
    assert_eq!(
        same, text,
        "a rewrite that changes nothing changed the file"
    );
}

/// F2 (fixed) — `sanitize::markdown` left `$` alone, so untrusted text with two dollars
/// rendered as LaTeX math on GitHub instead of literal text (§3.7, F8).
/// Input: sanitize/math.txt.
#[test]
fn markdown_escapes_math() {
    let md = sanitize::markdown(&fixture("sanitize/math.txt"));
    assert_only_text(&format!("From {md} to HEAD."), 0, github_flavour());
}

/// F3 (fixed) — toml's `DeTable` (the parse) keeps numbers as text and accepted integers and
/// floats beyond 64 bits in custom keys without a diagnostic, while toml_edit (every rewrite)
/// refuses them as invalid TOML: lint called the item clean and `renumber` failed on it (§4
/// A13). Either the parse reports them or the rewrite keeps them.
/// Inputs: item/overflow-float-custom-key.md, item/overflow-integer-custom-key.md.
#[test]
fn the_rewrite_accepts_what_the_parse_accepts() {
    let mut failures = Vec::new();
    for name in [
        "item/overflow-float-custom-key.md",
        "item/overflow-integer-custom-key.md",
    ] {
        let text = fixture(name);
        let (_, parsed, out) = parse_item(&text);
        let reported = !parsed.frontmatter_ok || out.iter().any(|d| d.severity == Severity::Error);
        match item::edit_frontmatter(&text, |_| {}) {
            Ok(same) if same == text => {}
            _ if reported => {}
            Ok(changed) => failures.push(format!("{name}: the rewrite changed it: {changed:?}")),
            Err(e) => failures.push(format!("{name}: no error from the parse, but: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// F4, no-op half (fixed) — a U+FEFF opening the frontmatter (right after the `+++` line) was
/// dropped by a rewrite that changes nothing. Input: item/bom-starts-frontmatter.md.
#[test]
fn no_op_rewrite_keeps_a_bom_opening_the_frontmatter() {
    for name in [
        "item/bom-starts-frontmatter.md",
        "item/bom-before-first-key.md",
    ] {
        let text = fixture(name);
        let same = item::edit_frontmatter(&text, |_| {}).expect("valid frontmatter");
        assert_eq!(
            same, text,
            "{name}: a rewrite that changes nothing changed the file"
        );
    }
}

/// F4, open — a real edit still drops a U+FEFF opening the frontmatter: toml_edit takes it for
/// the BOM of the TOML document and does not write it back, so `set_string(id)` on
/// `+++\n\u{feff}x = 1\n+++\n` deletes three bytes of a line it was not asked to touch
/// (invariant 2, R3). `renumber` does this to the renamed item. Input: item/bom-before-first-key.md.
#[test]
fn setting_the_id_keeps_a_bom_opening_the_frontmatter() {
    let (before, after) = set_id(&fixture("item/bom-before-first-key.md"));
    assert!(before.starts_with('\u{feff}'));
    assert!(
        after.starts_with('\u{feff}') && after.contains("\u{feff}x = 1\n"),
        "the U+FEFF before `x` was dropped: {after:?}"
    );
}

/// F5, open — a real edit of a frontmatter mixing LF and CRLF rewrites every frontmatter line
/// to CRLF: `edit_frontmatter` switches the whole block to CRLF as soon as it holds one CRLF.
/// With one CRLF line among LF lines, the untouched `kind` and `estimate` lines change their
/// terminators, to the minority style (invariant 2; R3 "only the values edit touches"; §4 A5
/// "rewrite keeps the majority style"). `renumber` does this to the renamed item and to every
/// dependant. Input: item/mixed-endings-set-id.md.
#[test]
fn setting_the_id_keeps_mixed_line_endings() {
    let (before, after) = set_id(&fixture("item/mixed-endings-set-id.md"));
    let untouched = |front: &str| -> Vec<String> {
        front
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("id "))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        untouched(&after),
        untouched(&before),
        "lines the edit did not touch changed: {after:?}"
    );
}

/// Not a product bug (the ranking target's line comparison was too strict), kept so it stays
/// right: moving the last line of `S-1\r\r\nm-2` (a stray CR before CRLF, no final newline)
/// keeps `S-1\r` byte for byte. Input: ranking/stray-cr-before-last-line.txt.
#[test]
fn moving_the_last_line_keeps_a_stray_cr() {
    let text = fixture("ranking/stray-cr-before-last-line.txt");
    let (ranking, out) = parse_ranking(&text);
    assert!(out.is_empty(), "{out:?}");
    let m = ranking
        .moved("m-2", &Position::Top, &Reason::Keep)
        .expect("a valid move");
    assert_eq!(m.text, "m-2\r\nS-1\r");
    check_ranking(&text, 0);
    check_ranking(&text, 1);
}
