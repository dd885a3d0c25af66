//! `list` filters, alone and combined, and `--format csv`.

use super::{ids, varied};
use crate::support::{TestRepo, draft_story, draft_with};

fn list(repo: &TestRepo, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let run = repo.backlog(&all);
    run.code(0);
    ids(&run)
}

#[test]
fn closed_items_are_hidden_unless_all_or_asked_for_by_state() {
    let repo = varied();
    assert_eq!(list(&repo, &[]), ["MS-3", "MS-1", "MS-2", "MS-4"]);
    assert_eq!(
        list(&repo, &["--all"]),
        ["MS-3", "MS-1", "MS-5", "MS-2", "MS-4", "MS-6"]
    );
    assert_eq!(list(&repo, &["--state", "done"]), ["MS-5"]);
    assert_eq!(list(&repo, &["--state", "dropped"]), ["MS-6"]);
    // The table agrees, ranks stay the ranks of the whole backlog.
    let table = repo.backlog(&["list", "--all"]);
    table.code(0).stdout_has("3     MS-5");
}

#[test]
fn closed_states_come_from_backlog_toml() {
    let repo = varied();
    repo.config_replace("closed = [\"done\", \"dropped\"]", "closed = [\"dropped\"]");
    assert_eq!(list(&repo, &[]), ["MS-3", "MS-1", "MS-5", "MS-2", "MS-4"]);
}

#[test]
fn owner_matches_email_or_name_ignoring_case_and_me_is_git_identity() {
    let repo = varied();
    assert_eq!(list(&repo, &["--owner", "SAM@midwest.example"]), ["MS-1"]);
    assert_eq!(list(&repo, &["--owner", "dana developer"]), ["MS-2"]);
    // The hermetic git identity is Dana Developer <dana@midwest.example>: both match.
    assert_eq!(list(&repo, &["--owner", "me"]), ["MS-3", "MS-2"]);
    assert_eq!(
        list(&repo, &["--owner", "me", "--all"]),
        ["MS-3", "MS-5", "MS-2"]
    );
    assert!(list(&repo, &["--owner", "nobody"]).is_empty());
    // `Name <email>` owners match either part.
    repo.item(
        "MS-7-x.md",
        &draft_with("Seven", "owner = \"Dana D <DANA@midwest.example>\"\n"),
    );
    assert_eq!(list(&repo, &["--owner", "me"]), ["MS-3", "MS-2", "MS-7"]);
}

#[test]
fn owner_me_without_a_git_identity_exits_2() {
    let repo = varied();
    let before = repo.snapshot();
    let run = repo.backlog_env(
        ".",
        &["list", "--owner", "me"],
        &[("HOME", repo.path().as_os_str())],
        &[
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
        ],
    );
    run.run.code(2).stderr_has("--owner me").stderr_has("hint:");
    assert!(repo.snapshot() == before);
}

#[test]
fn tag_filter_ignores_case_and_repeats_as_and() {
    let repo = varied();
    assert_eq!(list(&repo, &["--tag", "api"]), ["MS-1", "MS-2"]);
    assert_eq!(list(&repo, &["--tag", "UX"]), ["MS-3", "MS-1"]);
    assert_eq!(list(&repo, &["--tag", "ux", "--tag", "api"]), ["MS-1"]);
    assert!(list(&repo, &["--tag", "nope"]).is_empty());
}

#[test]
fn ready_not_ready_ranked_untriaged() {
    let repo = varied();
    assert_eq!(list(&repo, &["--ready"]), ["MS-3", "MS-1"]);
    assert_eq!(list(&repo, &["--not-ready"]), ["MS-2", "MS-4"]);
    assert_eq!(list(&repo, &["--ranked"]), ["MS-3", "MS-1"]);
    assert_eq!(list(&repo, &["--untriaged"]), ["MS-2", "MS-4"]);
    assert_eq!(
        list(&repo, &["--ranked", "--all"]),
        ["MS-3", "MS-1", "MS-5"]
    );
    for pair in [["--ready", "--not-ready"], ["--ranked", "--untriaged"]] {
        repo.backlog(&["list", pair[0], pair[1]])
            .code(2)
            .stderr_has("cannot be used with");
    }
}

#[test]
fn limit_counts_what_is_shown() {
    let repo = varied();
    assert_eq!(list(&repo, &["--limit", "1"]), ["MS-3"]);
    assert_eq!(
        list(&repo, &["--limit", "3", "--untriaged"]),
        ["MS-2", "MS-4"]
    );
    assert!(list(&repo, &["--limit", "0"]).is_empty());
    repo.backlog(&["list", "--limit", "-1"]).code(2);
    repo.backlog(&["list", "--limit", "many"]).code(2);
}

#[test]
fn filters_combine() {
    let repo = varied();
    assert_eq!(
        list(&repo, &["--kind", "story", "--tag", "api"]),
        ["MS-1", "MS-2"]
    );
    assert_eq!(
        list(&repo, &["--kind", "story", "--tag", "api", "--untriaged"]),
        ["MS-2"]
    );
    assert_eq!(
        list(
            &repo,
            &["--owner", "me", "--ready", "--ranked", "--tag", "ux"]
        ),
        ["MS-3"]
    );
    assert_eq!(
        list(&repo, &["--state", "draft", "--kind", "bug"]),
        ["MS-4"]
    );
    assert_eq!(
        list(
            &repo,
            &["--all", "--ready", "--limit", "2", "--owner", "me"]
        ),
        ["MS-3", "MS-5"]
    );
    assert!(list(&repo, &["--owner", "sam@midwest.example", "--untriaged"]).is_empty());
    // Unknown states and kinds are still refused with the choices.
    repo.backlog(&["list", "--state", "nope", "--all"])
        .code(2)
        .stderr_has("draft, refining");
}

#[test]
fn json_gains_owner_and_tags_and_keeps_the_contract() {
    let repo = varied();
    let run = repo.backlog(&["list", "--format", "json", "--tag", "api"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1);
    let first = &doc["items"][0];
    for key in ["id", "title", "kind", "state", "rank", "ready", "path"] {
        assert!(first.get(key).is_some(), "{first}");
    }
    assert_eq!(first["owner"], "sam@midwest.example");
    assert_eq!(first["tags"], serde_json::json!(["ux", "api"]));
    assert!(doc["items"][1]["rank"].is_null());
}

/// A minimal RFC 4180 reader: records of fields, quotes doubled inside quoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF in {text:?}");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(c != '\n', "a bare LF ends no record in {text:?}");
                field.push(c);
            }
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "unterminated record in {text:?}"
    );
    rows
}

#[test]
fn csv_quotes_per_rfc_4180_and_defuses_formulas() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("Plain title"));
    repo.item("MS-2-x.md", &draft_story("Comma, and \\\"quotes\\\""));
    repo.item("MS-3-x.md", &draft_story("=HYPERLINK(\\\"http://evil\\\")"));
    repo.item("MS-4-x.md", &draft_story("+1"));
    repo.item("MS-5-x.md", &draft_story("-2+3"));
    repo.item("MS-6-x.md", &draft_story("@SUM(A1:A2)"));
    repo.item("MS-7-x.md", &draft_story("line\\nbreak\\u001b[31m"));
    repo.item(
        "MS-8-x.md",
        &draft_with("Tagged", "owner = \"=cmd\"\ntags = [\"a\", \"b\"]\n"),
    );
    repo.ranking("MS-2\n");
    let run = repo.backlog(&["list", "--format", "csv"]);
    run.code(0);
    assert!(run.stdout.ends_with("\r\n"), "{:?}", run.stdout);
    let rows = parse_csv(&run.stdout);
    assert_eq!(
        rows[0],
        [
            "rank", "id", "kind", "state", "ready", "owner", "tags", "title", "path", "missing",
            "valid"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 11), "{rows:?}");
    let title = |id: &str| {
        rows.iter()
            .find(|r| r[1] == id)
            .map(|r| r[7].clone())
            .unwrap_or_else(|| panic!("no {id} in {rows:?}"))
    };
    assert_eq!(rows[1][0], "1");
    assert_eq!(rows[1][1], "MS-2");
    assert_eq!(title("MS-2"), "Comma, and \"quotes\"");
    assert!(
        run.stdout.contains("\"Comma, and \"\"quotes\"\"\""),
        "{}",
        run.stdout
    );
    assert_eq!(title("MS-1"), "Plain title");
    assert_eq!(title("MS-3"), "'=HYPERLINK(\"http://evil\")");
    assert_eq!(title("MS-4"), "'+1");
    assert_eq!(title("MS-5"), "'-2+3");
    assert_eq!(title("MS-6"), "'@SUM(A1:A2)");
    // Control characters are shown, never raw: a title cannot break a record or a terminal.
    assert_eq!(title("MS-7"), "line^Jbreak^[[31m");
    let tagged = rows
        .iter()
        .find(|r| r[1] == "MS-8")
        .cloned()
        .unwrap_or_default();
    assert_eq!(tagged[5], "'=cmd");
    assert_eq!(tagged[6], "a b");
    assert_eq!(rows[2][0], "", "an untriaged rank is empty");
    assert_eq!(rows[2][4], "false");
    // Filters apply to CSV too.
    let run = repo.backlog(&["list", "--format", "csv", "--ranked"]);
    assert_eq!(parse_csv(&run.stdout).len(), 2);
}

#[test]
fn help_says_how_csv_cells_are_defused() {
    let run = TestRepo::plain().backlog(&["list", "--help"]);
    run.code(0)
        .stdout_has("formula")
        .stdout_has("--owner")
        .stdout_has("--not-ready");
}
