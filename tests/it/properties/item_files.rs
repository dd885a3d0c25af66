//! Item files (fuzz target `item`; RELIABILITY §4 A, R3): any text is handled with located
//! diagnostics, valid items round-trip byte-exact, and any bytes decode or point at the bad byte.

use super::*;

/// Frontmatter lines, good and bad: known fields with right and wrong types, duplicates,
/// tables, comments, escapes, broken TOML, delimiters and conflict markers.
const FRONT: &[&str] = &[
    "id = \"MS-1\"",
    "title = \"View teams\"  # keep me",
    "title = \"dup\"",
    "kind = \"story\"",
    "state = 'ready'",
    "estimate = 5",
    "estimate = -1",
    "estimate = \"five\"",
    "estimate = 99999999999999999999",
    "tags = [\"a\", \"b\"]",
    "tags = \"a\"",
    "depends_on = [\"MS-7\", 3]",
    "cost_per_week = 1.5",
    "fix_effort = 1e400",
    "fix_effort = nan",
    "custom = { x = 1 }",
    "estimte = 3",
    "when = 2024-13-45",
    "# a comment",
    "",
    "   ",
    "[extra]",
    "k = 1",
    "[[arr]]",
    "a.b.c = 1",
    "\"quoted key\" = 3",
    "title = \"\\u001b[31mred\\u202e\"",
    "title = 'lit $1 \\ '",
    "title = \"\"\"",
    "multi",
    "\"\"\"",
    "x = [[[[[[[[",
    "title = \"a\rb\"",
    "tags = [",
    "]",
    "=",
    "+++",
    "---",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> x",
];

const BODY: &[&str] = &[
    "",
    "## Acceptance criteria",
    "- [ ] one",
    "- [x] two",
    "  - [ ] nested",
    "    > - [ ] quoted",
    "# Notes",
    "```",
    "+++",
    "> quote",
    "Title",
    "===",
    "* item",
    "1. [ ] ordered",
    "text \u{1b}[2J \u{9b}31m \u{202e}",
    "<details>",
    "[x](http://evil)",
    "<<<<<<< ours",
    "=======",
    ">>>>>>> theirs",
];

/// Frontmatter lines that are valid together (each at most once; tables come last).
const KEYS: &[&str] = &[
    "id = \"MS-1\"",
    "title = \"View teams $1 \\\\ \\\"q\\\" '''\"  # keep this comment",
    "kind = \"story\"",
    "state = 'ready'",
    "owner = \"dana@midwest.example\"",
    "value = \"\"\"\nmulti\nline\"\"\"",
    "estimate = 5",
    "tags = [\"a\", \"b\"]   # trailing comment",
    "depends_on = [\n  \"MS-7\",\n  \"MS-8\", # why\n]",
    "cost_per_week = 1.5",
    "fix_effort = 0x10",
    "custom = { x = 1, y = [1, 2] }",
    "when = 2024-01-02",
    "\"quoted key\" = 3",
    "a.b.c = 1",
    "spaced   =   \"x\"   ",
    "  indented = 2",
    "timebox = \"2d\"",
    "escaped = \"\\u001b[31m\\u202e\\u0000\"",
    "unicode = \"日本 🎉 é\"",
];

const COMMENTS: &[&str] = &["# a comment", "", "   ", "#", "# ünïcode ✓"];

const TABLES: &[&str] = &[
    "[extra]\nk = 1",
    "[[arr]]\nx = 1",
    "[[arr]]\nx = 2",
    "[nested.t]   # comment\ny = 'z'",
];

/// Joins lines (a line may hold `\n`s of its own) with LF, CRLF or a mix of both.
pub(super) fn join_lines(
    lines: &[String],
    endings: u8,
    mix: &[bool],
    final_newline: bool,
) -> String {
    let lines: Vec<&str> = lines.iter().flat_map(|l| l.split('\n')).collect();
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        if i + 1 < lines.len() || final_newline {
            let crlf = match endings {
                0 => false,
                1 => true,
                _ => mix.get(i % mix.len().max(1)).copied().unwrap_or(false),
            };
            text.push_str(if crlf { "\r\n" } else { "\n" });
        }
    }
    text
}

pub(super) fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(pool).prop_map(str::to_owned),
        1 => ".{0,12}",
    ]
}

pub(super) fn style() -> impl Strategy<Value = (bool, u8, Vec<bool>, bool)> {
    (
        any::<bool>(),
        0u8..3,
        prop::collection::vec(any::<bool>(), 1..6),
        any::<bool>(),
    )
}

/// Any item-like text: good and bad delimiters, frontmatter and body lines.
fn any_item() -> impl Strategy<Value = String> {
    (
        prop::sample::select(
            &[
                "+++", "+++  ", "+++\t", "---", "++++", " +++", "# Title", "",
            ][..],
        ),
        prop::collection::vec(pick(FRONT), 0..8),
        prop::sample::select(&["+++", "+++ ", "---", "", "++++"][..]),
        prop::collection::vec(pick(BODY), 0..8),
        style(),
    )
        .prop_map(|(open, front, close, body, (bom, endings, mix, fin))| {
            let mut lines = vec![open.to_owned()];
            lines.extend(front);
            lines.push(close.to_owned());
            lines.extend(body);
            let text = join_lines(&lines, endings, &mix, fin);
            if bom { format!("\u{feff}{text}") } else { text }
        })
}

/// An item whose frontmatter is valid TOML: known and custom keys in any order, comments,
/// tables, then any body.
fn valid_item() -> impl Strategy<Value = String> {
    (
        prop::sample::subsequence(KEYS, 0..=KEYS.len()).prop_shuffle(),
        prop::collection::vec(prop::sample::select(COMMENTS), 0..3),
        prop::sample::subsequence(TABLES, 0..=TABLES.len()),
        prop::collection::vec(pick(BODY), 0..8),
        style(),
    )
        .prop_map(|(keys, comments, tables, body, (bom, endings, mix, fin))| {
            let mut lines = vec!["+++".to_owned()];
            let mut front: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
            for (i, c) in comments.iter().enumerate() {
                front.insert((i * 3) % (front.len() + 1), (*c).to_owned());
            }
            lines.extend(front);
            lines.extend(tables.iter().map(|t| (*t).to_owned()));
            lines.push("+++".to_owned());
            lines.extend(body);
            let text = join_lines(&lines, endings, &mix, fin);
            if bom { format!("\u{feff}{text}") } else { text }
        })
}

pub(super) fn parse_item(text: &str) -> (Source, Parsed, Vec<Diagnostic>) {
    let source = Source::new(text.to_owned());
    let mut out = Vec::new();
    let parsed = item::parse(&source, "items/MS-1-x.md", &mut out);
    (source, parsed, out)
}

/// What the `item` fuzz target checks of one file: located diagnostics, inert rendering, and
/// for valid frontmatter the rewrite round trip and a real edit that keeps the body.
fn check_item(text: &str) {
    let (source, parsed, out) = parse_item(text);
    assert_located(&source, &out);
    assert_rendered_inert(&source, &out);
    let mut config_out = Vec::new();
    let _ = backlog::config::Config::parse(&source, "backlog.toml", &mut config_out);
    assert_located(&source, &config_out);
    if parsed.frontmatter_ok {
        check_round_trip(&source, &parsed, &out);
    }
}

fn check_round_trip(source: &Source, parsed: &Parsed, out: &[Diagnostic]) {
    let original = &source.text;
    let same = match item::edit_frontmatter(original, |_| {}) {
        Ok(same) => same,
        // The parse may accept TOML the editor refuses (numbers beyond 64 bits) as long as it
        // reports it, so lint fails on the file instead of calling it clean (finding F3).
        Err(_) if out.iter().any(|d| d.severity == Severity::Error) => return,
        Err(e) => {
            panic!("frontmatter the parse finds nothing wrong with refused: {e}: {original:?}")
        }
    };
    assert_eq!(&same, original, "a no-op rewrite changed the file");

    let edited = item::edit_frontmatter(original, |doc| item::set_string(doc, "id", "ZZ-7"))
        .unwrap_or_else(|e| panic!("set_string failed: {e}: {original:?}"));
    let (_, reparsed, out) = parse_item(&edited);
    assert!(reparsed.frontmatter_ok, "{out:?}: {edited:?}");
    assert_eq!(
        reparsed.fields.id.as_ref().map(|f| f.value.as_str()),
        Some("ZZ-7"),
        "{edited:?}"
    );
    let (Some(before), Some(after)) = (&parsed.layout, &reparsed.layout) else {
        panic!("layout lost: {edited:?}");
    };
    assert_eq!(
        &original[before.body.clone()],
        &edited[after.body.clone()],
        "setting `id` changed the body"
    );
    assert_eq!(
        original.starts_with('\u{feff}'),
        edited.starts_with('\u{feff}')
    );
    // Every frontmatter line but the `id` line survives byte for byte, terminator included.
    let id_is_a_string = parsed.fields.id.is_some() || parsed.fields.key("id").is_none();
    let id_on_one_line = parsed
        .fields
        .id
        .as_ref()
        .is_none_or(|f| !original[f.span.clone()].contains('\n'));
    let (Some(old), Some(new)) = (
        other_front_lines(&original[before.frontmatter.clone()]),
        other_front_lines(&edited[after.frontmatter.clone()]),
    ) else {
        return;
    };
    if !(id_is_a_string && id_on_one_line) {
        return;
    }
    // Every other line, BOM and line ending included, is unchanged (F4 and F5 are fixed).
    assert_eq!(
        old, new,
        "setting `id` changed other lines: {original:?} -> {edited:?}"
    );
}

/// The lines of a frontmatter, terminators included, but the `id` line; `None` when it has a
/// table header (the editor may then put a new key elsewhere).
fn other_front_lines(front: &str) -> Option<Vec<&str>> {
    if front.lines().any(|l| l.trim_start().starts_with('[')) {
        return None;
    }
    let is_id = |l: &str| {
        let t = l.trim_start_matches([' ', '\t']);
        ["id", "\"id\"", "'id'"].iter().any(|k| {
            t.strip_prefix(k)
                .is_some_and(|r| r.trim_start_matches([' ', '\t']).starts_with('='))
        })
    };
    Some(front.split_inclusive('\n').filter(|l| !is_id(l)).collect())
}

proptest! {
    #![proptest_config(config(2000))]

    /// Any text: no panic, located diagnostics, inert rendering; round trip where valid.
    #[test]
    fn any_item_text_is_handled(text in any_item()) {
        check_item(&text);
    }

    /// Valid frontmatter (comments, odd spacing, tables, BOM, CRLF): parses, and a rewrite that
    /// changes nothing is byte-identical (R3).
    #[test]
    fn valid_items_round_trip(text in valid_item()) {
        let (_, parsed, out) = parse_item(&text);
        if text::find_conflict(&text).is_none() {
            prop_assert!(parsed.frontmatter_ok, "{out:?}: {text:?}");
        }
        check_item(&text);
    }

    /// Any bytes: decoding fails only at a real NUL or bad UTF-8 byte, and parses otherwise.
    #[test]
    fn any_bytes_decode_or_point_at_the_bad_byte(bytes in prop::collection::vec(
        prop_oneof![4 => any::<u8>(), 4 => prop::sample::select(&b"+++\n\r =\"[#-MS1"[..])], 0..64)) {
        match text::decode(bytes) {
            Ok(source) => check_item(&source.text),
            Err((text::ReadProblem::Nul(at), bytes)) => {
                prop_assert_eq!(bytes.get(at), Some(&0));
                prop_assert!(!bytes[..at].contains(&0));
            }
            Err((text::ReadProblem::InvalidUtf8(at), bytes)) => {
                prop_assert!(at < bytes.len());
                prop_assert!(std::str::from_utf8(&bytes[..at]).is_ok());
            }
            Err((other, _)) => prop_assert!(false, "decode cannot fail with {other:?}"),
        }
    }
}

/// Found by `any_item_text_is_handled`: a frontmatter whose only line is a lone BOM. Setting
/// `id` once wrote the key onto the BOM's line and added a blank line.
#[test]
fn a_lone_bom_line_in_the_frontmatter_keeps_its_own_line() {
    check_item("+++\r\n\u{feff}\r\n+++\r\n");
    check_item("+++\n\u{feff}\n+++\nbody\n");
    check_item("+++\n\u{feff}  \ntitle = \"x\"\n+++\n");
}
