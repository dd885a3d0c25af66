//! The ranking and the config go through the same reader as items: the rows about encodings,
//! line endings and symbolic links hold for them too.

use super::*;

#[test]
fn a03_a04_ranking_with_bom_and_crlf() {
    let (repo, _) = Case::new("A3/A4 ranking")
        .item("MS-1-x.md", ready_story("a"))
        .item("MS-2-x.md", ready_story("b"))
        .ranking("\u{feff}# header\r\nMS-2   # why\r\n\r\nMS-1\r\n")
        .expect(0, &[]);
    let run = repo.backlog(&["show", "MS-2", "--format", "json"]);
    run.code(0);
    let item = run.json()["item"].clone();
    assert_eq!(item["rank"], 1);
    assert_eq!(item["reason"], "why", "no CR left in the reason: {item}");
}

#[test]
fn a03_a04_config_with_bom_and_crlf() {
    let case = Case::new("A3/A4 config").item("MS-1-x.md", draft_story("a"));
    let text = case.repo.read("backlog/backlog.toml").replace('\n', "\r\n");
    case.config(&format!("\u{feff}{text}")).expect(0, &[]);
}

#[test]
fn a17_invalid_utf8_in_the_ranking() {
    let case = Case::new("A17 ranking").item("MS-1-x.md", draft_story("a"));
    case.repo.write("backlog/ranking.txt", b"MS-1 # caf\xe9\n");
    case.expect(1, &["backlog/ranking.txt:1:11 ENC001"]);
}

#[test]
fn path010_symlinked_config_is_not_followed() {
    let outside = canary_outside();
    let case = Case::new("PATH010 config").item("MS-1-x.md", draft_story("a"));
    let config = case.repo.path().join("backlog/backlog.toml");
    std::fs::remove_file(&config).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &config)
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &["backlog/backlog.toml:1:1 PATH010"]);
    for format in ["human", "json", "github"] {
        repo.backlog(&["lint", "--format", format]).lacks(CANARY);
    }
}

#[test]
fn ord005_two_ids_on_one_line() {
    Case::new("ORD005 two IDs")
        .item("MS-1-x.md", ready_story("a"))
        .item("MS-2-x.md", ready_story("b"))
        .ranking("MS-1 MS-2\nMS-2\n")
        .expect(1, &["backlog/ranking.txt:1:1 ORD005"]);
}

#[test]
fn id003_number_too_long_or_prefix_not_a_word() {
    Case::new("ID003 grammar")
        .item("MS-1234567890-x.md", draft_story("a"))
        .item("1MS-1-x.md", draft_story("b"))
        .item("M_S-1-x.md", draft_story("c"))
        .expect(
            1,
            &[
                "backlog/items/MS-1234567890-x.md:1:1 ID003",
                "backlog/items/1MS-1-x.md:1:1 ID003",
                "backlog/items/M_S-1-x.md:1:1 ID003",
            ],
        );
}

#[test]
fn file_name_without_a_slug_is_an_item() {
    Case::new("ID without slug")
        .item("MS-1.md", draft_story("a"))
        .item("MS-123456789-longest.md", draft_story("b"))
        .expect(0, &[]);
}
