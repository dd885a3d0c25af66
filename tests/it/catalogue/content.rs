//! Group A of the bad-input catalogue: frontmatter and item content (rows A1 to A30).

use super::*;

#[test]
fn a01_no_delimiter() {
    let (_, found) = Case::new("A1")
        .item("MS-1-x.md", "# Title\n\nSome text.\n")
        .expect(1, &[&f("F:1:1 FM001")]);
    assert!(found[0].message.contains("+++"), "{}", found[0].message);
}

#[test]
fn a02_yaml_frontmatter() {
    let (_, found) = Case::new("A2")
        .item("MS-1-x.md", "---\ntitle: a\nkind: story\n---\n")
        .expect(1, &[&f("F:1:1 FM002")]);
    assert!(found[0].message.contains("YAML"), "{}", found[0].message);
    assert!(
        !found[0].message.contains("key with no value"),
        "{}",
        found[0].message
    );
}

#[test]
fn a03_bom_is_accepted() {
    Case::new("A3")
        .item("MS-1-x.md", format!("\u{feff}{}", draft_story("With BOM")))
        .expect(0, &[]);
}

#[test]
fn a04_crlf_is_accepted() {
    Case::new("A4")
        .item("MS-1-x.md", draft_story("With CRLF").replace('\n', "\r\n"))
        .expect(0, &[]);
}

#[test]
fn a04_crlf_ready_story_reads_sections_and_criteria() {
    // A Ready story written with CRLF must be read like the LF one: its sections and criteria
    // are found, so the Definition of Ready holds.
    Case::new("A4 (Ready)")
        .item("MS-1-x.md", ready_story("With CRLF").replace('\n', "\r\n"))
        .expect(0, &[]);
}

#[test]
fn a04_bom_and_crlf_together() {
    Case::new("A3+A4")
        .item(
            "MS-1-x.md",
            format!("\u{feff}{}", ready_story("Both").replace('\n', "\r\n")),
        )
        .expect(0, &[]);
}

#[test]
fn a05_mixed_line_endings_warn() {
    let (_, found) = Case::new("A5")
        .item(
            "MS-1-x.md",
            "+++\r\ntitle = \"a\"\nkind = \"story\"\r\nstate = \"draft\"\n+++\n",
        )
        .expect(0, &[&f("F FM010")]);
    assert_eq!(found[0].severity, "warning");
}

#[test]
fn a06_bare_cr_is_a_toml_error_at_the_cr() {
    Case::new("A6")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\rb\"\nkind = \"story\"\nstate = \"draft\"\n",
                "",
            ),
        )
        .expect(1, &[&f("F:2:11 FM003")]);
}

#[test]
fn a07_unterminated_frontmatter() {
    Case::new("A7")
        .item(
            "MS-1-x.md",
            format!("+++\n{DRAFT}\n## Problem\n\nnot = [toml\n"),
        )
        .expect(1, &[&f("F:1:1 FM005")]);
}

#[test]
fn a08_delimiter_with_trailing_spaces_is_accepted() {
    Case::new("A8 trailing spaces")
        .item("MS-1-x.md", format!("+++  \n{DRAFT}+++ \t\n\nBody.\n"))
        .expect(0, &[]);
}

#[test]
fn a08_four_plus_signs_are_not_a_delimiter() {
    Case::new("A8 ++++")
        .item("MS-1-x.md", format!("++++\n{DRAFT}++++\n"))
        .expect(1, &[&f("F:1:1 FM001")]);
}

#[test]
fn a08_indented_delimiter_is_not_a_delimiter() {
    Case::new("A8 indented")
        .item("MS-1-x.md", format!(" +++\n{DRAFT}+++\n"))
        .expect(1, &[&f("F:1:1 FM001")]);
}

#[test]
fn a08_bad_closing_delimiter_leaves_it_unclosed() {
    Case::new("A8 closing ++++")
        .item("MS-1-x.md", format!("+++\n{DRAFT}++++\n +++\n"))
        .expect(1, &[&f("F:1:1 FM005")]);
}

#[test]
fn a09_empty_frontmatter_reports_each_missing_key_at_line_1() {
    let (_, found) = Case::new("A9").item("MS-1-x.md", "+++\n+++\n").expect(
        1,
        &[&f("F:1:1 FM008"), &f("F:1:1 FM009"), &f("F:1:1 FM012")],
    );
    assert!(found.iter().all(|d| d.severity == "error"));
}

const DUPLICATE_TITLE: &str =
    "+++\ntitle = \"a\"\ntitle = \"b\"\nkind = \"story\"\nstate = \"draft\"\n+++\n";

#[test]
fn a10_duplicate_key_at_the_second_key() {
    Case::new("A10")
        .item("MS-1-x.md", DUPLICATE_TITLE)
        .expect(1, &[&f("F:3:1 FM004")]);
}

#[test]
fn a10_duplicate_key_message_names_the_first_line() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", DUPLICATE_TITLE);
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    let d = found
        .iter()
        .find(|d| d.rule == "FM004")
        .unwrap_or_else(|| panic!("no FM004: {found:?}"));
    assert_eq!((d.line, d.column), (3, 1));
    assert!(
        d.message.contains("line 2"),
        "a duplicate key must mention where the first one is (line 2): {}",
        d.message
    );
}

#[test]
fn a11_wrong_type_id() {
    let (_, found) = Case::new("A11 id")
        .item("MS-1-x.md", item_text(&format!("{DRAFT}id = 12\n"), ""))
        .expect(1, &[&f("F:5:6 FM007")]);
    assert!(
        found[0].message.contains("a string"),
        "{}",
        found[0].message
    );
}

#[test]
fn a11_wrong_type_tags() {
    let (_, found) = Case::new("A11 tags")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = \"a\"\n"), ""),
        )
        .expect(1, &[&f("F:5:8 FM007")]);
    assert!(
        found[0].message.contains("array of strings"),
        "{}",
        found[0].message
    );
}

#[test]
fn a11_wrong_type_estimate() {
    let (_, found) = Case::new("A11 estimate")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimate = \"five\"\n"), ""),
        )
        .expect(1, &[&f("F:5:12 FM007")]);
    assert!(
        found[0].message.contains("whole number"),
        "{}",
        found[0].message
    );
}

#[test]
fn a11_wrong_type_inside_an_array() {
    Case::new("A11 depends_on element")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}depends_on = [\"MS-2\", 7]\n"), ""),
        )
        .item("MS-2-y.md", draft_story("b"))
        .expect(1, &[&f("F:5:23 FM007")]);
}

#[test]
fn a12_typo_of_a_known_field_warns_with_did_you_mean() {
    let (_, found) = Case::new("A12")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimte = 3\nsponsor = \"ACME\"\n"), ""),
        )
        .expect(0, &[&f("F:5:1 FM011")]);
    assert_eq!(found[0].severity, "warning");
    assert!(
        found[0].message.contains("did you mean `estimate`"),
        "{}",
        found[0].message
    );
}

#[test]
fn a13_negative_integer() {
    Case::new("A13 negative")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimate = -1\n"), ""),
        )
        .expect(1, &[&f("F:5:12 FM007")]);
}

#[test]
fn a13_integer_above_i64() {
    Case::new("A13 overflow")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimate = 99999999999999999999\n"), ""),
        )
        .expect(1, &[&f("F:5:12 FM007")]);
}

#[test]
fn a13_negative_number_of_hours() {
    Case::new("A13 negative float")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}cost_per_week = -2.5\n"), ""),
        )
        .expect(1, &[&f("F:5:17 FM007")]);
}

#[test]
fn a14_invalid_date() {
    Case::new("A14")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}due = 2024-13-45\n"), ""),
        )
        .expect(1, &[&f("F:5 FM003")]);
}

#[test]
fn a15_deep_nesting_is_a_clean_error() {
    let deep = "[".repeat(100_000);
    Case::new("A15")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = {deep}\n"), ""),
        )
        .expect(1, &[&f("F:5 FM003")]);
}

#[test]
fn a16_too_many_tags() {
    let tags = vec!["\"a\""; 200_000].join(",");
    let (_, found) = Case::new("A16")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = [{tags}]\n"), ""),
        )
        .expect(1, &[&f("F:5:1 FM020")]);
    assert!(found[0].message.contains("64"), "{}", found[0].message);
}

#[test]
fn a16_sixty_four_tags_are_fine() {
    let tags = vec!["\"a\""; 64].join(",");
    Case::new("A16 limit")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = [{tags}]\n"), ""),
        )
        .expect(0, &[]);
}

#[test]
fn a17_invalid_utf8_at_line_and_column() {
    let mut bytes = format!("+++\n{DRAFT}owner = \"d").into_bytes();
    bytes.extend_from_slice(b"\xffx\"\n+++\n");
    Case::new("A17")
        .item("MS-1-x.md", bytes)
        .expect(1, &[&f("F:5:11 ENC001")]);
}

#[test]
fn a17_invalid_utf8_in_the_body() {
    let mut bytes = draft_story("a").into_bytes();
    bytes.extend_from_slice(b"caf\xe9\n");
    Case::new("A17 body")
        .item("MS-1-x.md", bytes)
        .expect(1, &[&f("F:8:4 ENC001")]);
}

#[test]
fn a18_utf16_file_is_a_nul_byte() {
    let text = draft_story("a");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (_, found) = Case::new("A18 UTF-16")
        .item("MS-1-x.md", bytes)
        .expect(1, &[&f("F:1:4 ENC002")]);
    assert!(found[0].message.contains("NUL"), "{}", found[0].message);
}

#[test]
fn a18_nul_byte_in_text() {
    Case::new("A18 NUL")
        .item("MS-1-x.md", format!("+++\n{DRAFT}ow\0ner = 1\n+++\n"))
        .expect(1, &[&f("F:5:3 ENC002")]);
}

#[test]
fn a19_escape_sequences_in_a_title_are_data() {
    let title = "red \\u001b[31mALERT\\u001b[0m \\u001b]0;pwned\\u0007";
    let case = Case::new("A19").item("MS-1-x.md", draft_story(title));
    let (repo, _) = case.expect(0, &[]);
    repo.ranking("MS-1 # \u{1b}[2J reason\n");
    // Ranked, the draft is in the top 5 that must be Ready: lint finds its DoR errors (exit 1);
    // list and show report them and succeed.
    for (args, code) in [
        (&["lint"][..], 1),
        (&["lint", "--format", "json"], 1),
        (&["lint", "--format", "github"], 1),
        (&["list"], 0),
        (&["list", "--format", "json"], 0),
        (&["show", "MS-1"], 0),
        (&["show", "MS-1", "--format", "json"], 0),
    ] {
        let (run, bytes) = repo.backlog_raw(args);
        run.code(code);
        assert!(
            !bytes.contains(&0x1b) && !bytes.contains(&0x07),
            "{args:?} printed a raw control byte:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
    // The title is kept as data: JSON gives it back exactly, escaped.
    let run = repo.backlog(&["show", "MS-1", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["item"]["title"],
        "red \u{1b}[31mALERT\u{1b}[0m \u{1b}]0;pwned\u{7}"
    );
    repo.backlog(&["list"])
        .code(0)
        .stdout_has("red ^[[31mALERT^[[0m");
}

#[test]
fn a20_raw_control_character_in_a_toml_string() {
    Case::new("A20")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\u{7}b\"\nkind = \"story\"\nstate = \"draft\"\n",
                "",
            ),
        )
        .expect(1, &[&f("F:2:11 FM003")]);
}

#[test]
fn a21_bidi_override_in_title_warns() {
    let (repo, found) = Case::new("A21 bidi")
        .item("MS-1-x.md", draft_story("ab\u{202E}cd"))
        .expect(0, &[&f("F:2:12 TXT001")]);
    assert_eq!(found[0].severity, "warning");
    assert!(found[0].message.contains("U+202E"), "{}", found[0].message);
    // Shown escaped everywhere.
    for args in [
        &["lint"][..],
        &["list"],
        &["show", "MS-1"],
        &["list", "--format", "json"],
    ] {
        let run = repo.backlog(args);
        assert!(
            !run.stdout.contains('\u{202E}') && !run.stderr.contains('\u{202E}'),
            "{args:?}:\n{}",
            run.stdout
        );
    }
}

/// Issue 19: the same characters written as TOML escapes (`\u202E`) decode to the real
/// thing, so they are judged on the decoded value, at the string that holds them.
#[test]
fn a21_bidi_and_zero_width_written_as_toml_escapes_warn() {
    let (_, found) = Case::new("A21 escaped bidi")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"ab\\u202Ecd\"\nkind = \"story\"\nstate = \"draft\"\n",
                "",
            ),
        )
        .expect(0, &[&f("F:2:9 TXT001")]);
    assert!(found[0].message.contains("U+202E"), "{}", found[0].message);
    Case::new("A21 escaped zero-width in an array and a key")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\"\nkind = \"story\"\nstate = \"draft\"\ntags = [\"ok\", 'x', \"z\\u200Bw\"]\n",
                "",
            ),
        )
        .expect(0, &[&f("F:5:20 TXT001")]);
    Case::new("A21 escaped in a quoted key")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\"\nkind = \"story\"\nstate = \"draft\"\n\"k\\u2066\" = 1\n",
                "",
            ),
        )
        .ignore("FM005")
        .expect(0, &[&f("F:5:1 TXT001")]);
}

#[test]
fn a21_zero_width_space_in_body_warns() {
    Case::new("A21 zero-width")
        .item(
            "MS-1-x.md",
            format!("+++\n{DRAFT}+++\n\nzero\u{200B}width\n"),
        )
        .expect(0, &[&f("F:7:5 TXT001")]);
}

#[test]
fn a22_file_over_one_mib_is_rejected_and_not_echoed() {
    let mut text = format!("+++\n{DRAFT}+++\n\nSECRET-CANARY-123\n");
    text.push_str(&"x".repeat(1024 * 1024 + 1 - text.len()));
    assert_eq!(text.len(), 1_048_577);
    let (repo, found) = Case::new("A22")
        .item("MS-1-x.md", &text)
        .expect(1, &[&f("F:1:1 FS003")]);
    assert!(
        found[0].message.contains("1048577") && found[0].message.contains("1048576"),
        "{}",
        found[0].message
    );
    for format in ["human", "json", "github"] {
        repo.backlog(&["lint", "--format", format])
            .lacks("SECRET-CANARY-123")
            .lacks("xxxxxxxx");
    }
}

#[test]
fn a22_file_of_exactly_one_mib_is_read() {
    let mut text = format!("+++\n{DRAFT}+++\n\n");
    text.push_str(&"x".repeat(1024 * 1024 - 1 - text.len()));
    text.push('\n');
    assert_eq!(text.len(), 1_048_576);
    Case::new("A22 limit")
        .item("MS-1-x.md", text)
        .expect(0, &[]);
}

#[test]
fn a23_zero_byte_file() {
    Case::new("A23")
        .item("MS-1-x.md", "")
        .expect(1, &[&f("F:1:1 FM001")]);
}

#[test]
fn a24_conflict_markers_in_frontmatter() {
    let (_, found) = Case::new("A24")
        .item(
            "MS-1-x.md",
            "+++\n<<<<<<< HEAD\ntitle = \"a\"\n=======\ntitle = \"b\"\n>>>>>>> theirs\nkind = \"story\"\nstate = \"draft\"\n+++\n",
        )
        .expect(1, &[&f("F:2:1 GIT001")]);
    assert!(
        found[0].message.contains("conflict"),
        "{}",
        found[0].message
    );
}

#[test]
fn a24_conflict_markers_in_ranking() {
    Case::new("A24 ranking")
        .item("MS-1-x.md", draft_story("a"))
        .item("MS-2-x.md", draft_story("b"))
        .ranking("<<<<<<< HEAD\nMS-1\n=======\nMS-2\n>>>>>>> theirs\n")
        .ignore("DOR001")
        .ignore("DOR002")
        .ignore("DOR003")
        .expect(1, &["backlog/ranking.txt:1:1 GIT001"]);
}

#[test]
fn a25_plus_lines_inside_a_code_fence_in_the_body() {
    let (repo, _) = Case::new("A25")
        .item(
            "MS-1-x.md",
            format!("+++\n{DRAFT}+++\n\n```toml\n+++\nnot = [valid toml\n+++\n```\n"),
        )
        .expect(0, &[]);
    let run = repo.backlog(&["list", "--format", "json"]);
    assert_eq!(run.json()["items"][0]["title"], "a");
}

/// Bodies built from the patterns that made Markdown parsers quadratic (pulldown-cmark #82,
/// #246–#255): long runs of openers that never close.
fn pathological_body(budget: usize) -> String {
    let patterns = [
        "[", "*a", "_a", "`", "<a ", "![", "a**b", "\\", "[a](", "<!--", "~~", "|",
    ];
    let per = budget / patterns.len();
    let mut body = String::new();
    for p in patterns {
        body.push_str(&p.repeat(per / p.len()));
        body.push_str("\n\n");
    }
    body
}

#[test]
fn a26_pathological_markdown_below_the_size_limit() {
    let text = format!("+++\n{DRAFT}+++\n\n{}", pathological_body(1_000_000));
    assert!(text.len() < 1024 * 1024);
    let (repo, _) = Case::new("A26").item("MS-1-x.md", text).expect(0, &[]);
    repo.backlog(&["show", "MS-1"]).code(0);
    repo.backlog(&["list"]).code(0);
}

#[test]
fn a26_pathological_markdown_of_2_mb_is_too_large() {
    let text = format!("+++\n{DRAFT}+++\n\n{}", pathological_body(2_000_000));
    Case::new("A26 2 MB")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:1:1 FS003")]);
}

#[test]
fn a27_deeply_nested_block_quotes() {
    let text = format!(
        "+++\n{DRAFT}+++\n\n{} deep\n\n{}- [ ] nested task\n",
        ">".repeat(200_000),
        "> ".repeat(100_000)
    );
    let (repo, _) = Case::new("A27").item("MS-1-x.md", text).expect(0, &[]);
    repo.backlog(&["show", "MS-1"]).code(0);
    repo.backlog(&["show", "MS-1", "--format", "json"]).code(0);
    repo.backlog(&["list"]).code(0);
}

#[test]
fn a27_deeply_nested_lists() {
    let text = format!(
        "+++\n{DRAFT}+++\n\n## Acceptance criteria\n\n{}[ ] deep\n",
        "- ".repeat(100_000)
    );
    let (repo, _) = Case::new("A27 lists")
        .item("MS-1-x.md", text)
        .expect(0, &[]);
    repo.backlog(&["show", "MS-1", "--format", "json"]).code(0);
}

#[test]
fn a28_blank_required_field_is_reported_at_its_line() {
    let text = ready_story("a").replace("owner = \"dana@midwest.example\"", "owner = \"   \"");
    let (_, found) = Case::new("A28")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:5 DOR001")]);
    assert!(found[0].message.contains("owner"), "{}", found[0].message);
}

#[test]
fn a28_empty_array_counts_as_blank() {
    let text = ready_story("a").replacen("+++\n\n", "tags = []\n+++\n\n", 1);
    let config = "\n[requirements.ready]\nfields = [\"tags\"]\n";
    Case::new("A28 array")
        .item("MS-1-x.md", text)
        .config_append(config)
        .expect(1, &[&f("F:8 DOR001")]);
}

#[test]
fn a30_comments_and_unusual_key_order_are_fine() {
    Case::new("A30")
        .item(
            "MS-1-x.md",
            "+++\n# who cares\nstate = \"draft\" # for now\n\nsponsor = \"ACME\"\nkind = \"story\"\ntitle = \"Reordered\"\n[extra]\nnote = 1\n+++\nBody.\n",
        )
        .expect(0, &[]);
}

/// The long escape (`\U0000200B`) decodes to an invisible character too, and a string with no
/// escape at all (not even one that decodes to an ordinary letter) has none.
#[test]
fn a21_the_long_toml_escape_warns_and_plain_strings_do_not() {
    Case::new("A21 long escape")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\"\nkind = \"story\"\nstate = \"draft\"\nowner = \"x\\U0000200By\"\n",
                "",
            ),
        )
        .expect(0, &[&f("F:5:9 TXT001")]);
    Case::new("A21 ordinary escapes")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\\u0062 \\t\\\\u202E\"\nkind = \"story\"\nstate = \"draft\"\n",
                "",
            ),
        )
        .expect(0, &[]);
}
