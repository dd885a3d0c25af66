//! The static page: self-contained, in ranking order, badges as lint judges, history as
//! `history` tells it, everything escaped, `--out` and its bad inputs.

use super::{HOSTILE, embedded, fixture, ids};
use std::collections::BTreeSet;

fn board(repo: &crate::support::TestRepo, args: &[&str]) -> String {
    let mut all = vec!["board"];
    all.extend_from_slice(args);
    let run = repo.backlog(&all);
    run.code(0);
    run.stdout.clone()
}

#[test]
fn the_page_loads_nothing_from_anywhere() {
    let repo = fixture();
    let page = board(&repo, &[]);
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..100]);
    for bad in [
        "src=\"http",
        "src='http",
        "<link",
        "@import",
        "url(http",
        "<iframe",
    ] {
        assert!(!page.contains(bad), "the page has {bad}");
    }
    // Exactly two script elements: the data block and the inline script; neither has a src.
    let scripts: Vec<&str> = page
        .match_indices("<script")
        .map(|(i, _)| &page[i..i + 60])
        .collect();
    assert_eq!(scripts.len(), 2, "{scripts:?}");
    assert!(scripts.iter().all(|s| !s.contains("src=")), "{scripts:?}");
    assert!(page.contains("Content-Security-Policy"), "no CSP");
    assert!(page.contains("default-src 'none'"), "CSP not strict");
}

#[test]
fn cards_come_in_ranking_order_then_the_inbox_as_list_orders_them() {
    let repo = fixture();
    let view = embedded(&board(&repo, &[]));
    let list = repo.backlog(&["list", "--format", "json"]).json();
    let listed: Vec<String> = list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items"))
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids(&view), ["MS-3", "MS-1", "MS-2", "MS-4", "MS-5"]);
    assert_eq!(ids(&view), listed);
    assert_eq!(view["items"][4]["rank"], serde_json::Value::Null);
    for (card, row) in view["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items"))
        .iter()
        .zip(list["items"].as_array().unwrap_or_else(|| panic!("rows")))
    {
        assert_eq!(card["ready"], row["ready"], "{}", card["id"]);
        assert_eq!(card["lacks"], row["missing"], "{}", card["id"]);
        assert_eq!(card["rank"], row["rank"], "{}", card["id"]);
    }
}

#[test]
fn badges_carry_exactly_the_findings_lint_reports_for_each_item() {
    let repo = fixture();
    let view = embedded(&board(&repo, &[]));
    let (_, findings) = repo.lint_json(&[]);
    assert!(
        findings.iter().any(|f| f.path.contains("MS-2")),
        "the fixture's ranked draft should have findings"
    );
    for card in view["items"].as_array().unwrap_or_else(|| panic!("items")) {
        let path = card["path"].as_str().unwrap_or_default();
        let on_card: BTreeSet<(String, String)> = card["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("findings"))
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or_default().to_owned(),
                    f["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let from_lint: BTreeSet<(String, String)> = findings
            .iter()
            .filter(|f| f.path == path)
            .map(|f| (f.rule.clone(), f.message.clone()))
            .collect();
        assert_eq!(on_card, from_lint, "{path}");
    }
    let gauge = &view["gauge"];
    assert_eq!(
        (gauge["ready"].as_u64(), gauge["of"].as_u64()),
        (Some(3), Some(4))
    );
}

#[test]
fn an_items_timeline_is_what_history_json_says() {
    let repo = fixture();
    let view = embedded(&board(&repo, &[]));
    let history = repo
        .backlog(&["history", "MS-3", "--format", "json"])
        .json();
    let card = &view["items"][0];
    assert_eq!(card["id"], "MS-3");
    let events = card["events"]
        .as_array()
        .unwrap_or_else(|| panic!("events"));
    let told = history["events"]
        .as_array()
        .unwrap_or_else(|| panic!("history"));
    assert_eq!(events.len(), 2);
    assert_eq!(events.len(), told.len());
    for (e, h) in events.iter().zip(told) {
        for key in ["commit", "author", "time", "from", "to", "reason"] {
            assert_eq!(e[key], h[key], "{key}");
        }
    }
    assert!(
        !view["weeks"]
            .as_array()
            .unwrap_or_else(|| panic!("weeks"))
            .is_empty()
    );
}

#[test]
fn a_hostile_title_and_body_stay_text() {
    let repo = fixture();
    let page = board(&repo, &[]);
    let view = embedded(&page);
    assert!(!page.contains(HOSTILE), "the raw title is in the page");
    assert!(!page.contains("<img"), "an img element is in the page");
    assert_eq!(view["items"][0]["title"], HOSTILE);
    let body = view["items"][0]["body"]
        .as_str()
        .unwrap_or_else(|| panic!("body"));
    for bad in ["<script", "javascript:", "onclick", "__pwned=2"] {
        assert!(!body.contains(bad), "{bad} survived in {body}");
    }
    let safe = view["items"][1]["body"].as_str().unwrap_or_default();
    assert!(safe.contains("href=\"https://example.com/spec\""), "{safe}");
    assert!(safe.contains("noopener"), "{safe}");
}

#[test]
fn since_highlights_what_moved() {
    let repo = fixture();
    let view = embedded(&board(&repo, &["--since", "HEAD~1"]));
    assert_eq!(view["items"][0]["moved"], "#4 → #1 (up 3)");
    assert_eq!(view["items"][1]["moved"], serde_json::Value::Null);
    let changes = view["since"]["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("changes"));
    assert_eq!(changes[0]["id"], "MS-3");
    assert_eq!(view["since"]["label"], "HEAD~1");
}

#[test]
fn out_takes_a_file_or_a_directory() {
    let repo = fixture();
    repo.backlog(&["board", "--out", "board.html"])
        .code(0)
        .stdout_has("board.html (5 items,");
    assert!(repo.read("board.html").contains("board-data"));
    std::fs::create_dir(repo.path().join("site")).unwrap_or_else(|e| panic!("{e}"));
    repo.backlog(&["board", "--out", "site"]).code(0);
    assert!(repo.read("site/index.html").contains("board-data"));
    repo.backlog(&["board", "--out", "pages/"]).code(0);
    assert!(repo.read("pages/index.html").contains("board-data"));
    // Writing again replaces the page.
    repo.backlog(&["board", "--out", "board.html"]).code(0);
    let status = repo.git_ok(&["status", "--porcelain", "backlog"]);
    assert_eq!(status, "", "board wrote in the backlog");
}

#[test]
fn bad_out_and_since_exit_2_and_write_nothing() {
    let repo = fixture();
    repo.backlog(&["board", "--out", "missing/dir/board.html"])
        .code(2)
        .stderr_has("missing/dir/board.html: its directory does not exist; nothing was written");
    assert!(!repo.path().join("missing").exists());
    std::fs::create_dir(repo.path().join("locked")).unwrap_or_else(|e| panic!("{e}"));
    set_mode(&repo.path().join("locked"), 0o555);
    repo.backlog(&["board", "--out", "locked/board.html"])
        .code(2)
        .stderr_has("locked/board.html");
    set_mode(&repo.path().join("locked"), 0o755);
    assert!(!repo.path().join("locked/board.html").exists());
    repo.backlog(&["board", "--since", "no-such-rev"])
        .code(2)
        .stderr_has("unknown revision `no-such-rev`")
        .lacks("<!DOCTYPE");
    let plain = crate::support::TestRepo::plain();
    plain.backlog(&["init"]).code(0);
    plain
        .backlog(&["board", "--since", "HEAD"])
        .code(2)
        .stderr_has("not in a git repository");
    // Outside git the board still draws, without timelines.
    let view = embedded(&board(&plain, &[]));
    assert_eq!(view["history"], false);
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}
