//! The importers (fuzz targets `import_backlog_md`, `import_github`, `import_jira`; issue 17
//! §3): exports built from good and hostile pieces are read and planned without a panic, and
//! the plan is a backlog lint can read. The oracle is the fuzz targets' own,
//! fuzz/fuzz_targets/common/import.rs, compiled in here.

use backlog::exchange::InputFile;
use backlog::exchange::backlog_md::BacklogMd;
use backlog::exchange::github::{GitHub, Order};
use backlog::exchange::jira::Jira;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[path = "../../../fuzz/fuzz_targets/common/import.rs"]
mod oracle;

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    (0..pool.len()).prop_map(move |i| pool[i])
}

/// Lines of a Backlog.md task: its YAML frontmatter's keys with right and wrong types, YAML's
/// odd corners, and body lines.
const TASK_LINES: &[&str] = &[
    "---",
    "id: task-1",
    "id: task-12.1",
    "id: BACK-7",
    "id: 99999999999999999999",
    "id: [1, 2]",
    "title: Teams page",
    "title: \"\\u001b[31mred\\u202e $1 \\\\ '''\"",
    "title: ''",
    "title:",
    "status: To Do",
    "status: Done",
    "status: [a, b]",
    "status: In Progress",
    "assignee: ['@dana']",
    "assignee: dana",
    "labels: [bug, ui, bug]",
    "labels: bug",
    "dependencies: [task-2, task-1, task-404]",
    "dependencies: task-1",
    "parent_task_id: task-1",
    "parent: 3",
    "ordinal: 1000",
    "ordinal: 1e400",
    "ordinal: .nan",
    "ordinal: -.inf",
    "ordinal: x",
    "priority: high",
    "priority: [low]",
    "type: bug",
    "created_date: 2024-01-01 10:00",
    "custom: { a: [1, {b: c}] }",
    "anchor: &a x",
    "alias: *a",
    "alias: *missing",
    "bin: !!binary aGk=",
    "key: |",
    "  multi line",
    "? complex",
    ": value",
    "- - -",
    "\t tab: 1",
    "\u{feff}title: bom",
    "",
    "## Description",
    "<!-- SECTION:DESCRIPTION:BEGIN -->",
    "- [ ] #1 criterion",
    "- [x] done",
    "<<<<<<< HEAD",
    "+++",
];

const CONFIG_LINES: &[&str] = &[
    "statuses: [\"To Do\", \"In Progress\", \"Done\"]",
    "statuses: To Do",
    "statuses: [1, [2]]",
    "priorities: [high, medium, low]",
    "definition_of_done: [\"tested\"]",
    "project_name: x",
    "&a: *a",
    "",
    "---",
];

fn lines(pool: &'static [&'static str], n: usize) -> impl Strategy<Value = String> {
    (prop::collection::vec(pick(pool), 0..n), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// (path, bytes) of each file: `config.yml`, then tasks in any folder.
fn backlog_md_files() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let task = (0..6usize, lines(TASK_LINES, 14), any::<bool>());
    (lines(CONFIG_LINES, 5), prop::collection::vec(task, 0..6)).prop_map(|(config, tasks)| {
        let folders = [
            "tasks",
            "completed",
            "archive/tasks",
            "drafts",
            "archive/drafts",
            "docs",
        ];
        let mut files = vec![("config.yml".to_owned(), config.into_bytes())];
        for (i, (folder, text, bad_utf8)) in tasks.into_iter().enumerate() {
            let mut bytes = text.into_bytes();
            if bad_utf8 {
                bytes.push(0xff);
            }
            files.push((
                format!("{}/task-{} - Task.md", folders[folder], i + 1),
                bytes,
            ));
        }
        files
    })
}

/// Values for a GitHub issue's fields, of the right type and of wrong ones.
const ISSUE_FIELDS: &[&str] = &[
    r#""number": 1"#,
    r#""number": 7"#,
    r#""number": 0"#,
    r#""number": 18446744073709551615"#,
    r#""number": -1"#,
    r#""number": "3""#,
    r#""title": "Teams page""#,
    r#""title": "\u001b]8;;x\u001b\\ $1 \\ ''' \r\n::error::x""#,
    r#""title": null"#,
    r#""body": "Steps:\r\n- [ ] one\n<<<<<<< HEAD\n+++\n""#,
    r#""body": null"#,
    r#""body": 5"#,
    r#""labels": [{"name": "bug"}, {"name": "P1"}, {"name": "priority: high"}]"#,
    r#""labels": [{"name": ""}]"#,
    r#""labels": "bug""#,
    r#""assignees": [{"login": "dana"}, {"login": "lee"}]"#,
    r#""assignees": [{}]"#,
    r#""state": "OPEN""#,
    r#""state": "CLOSED""#,
    r#""state": "weird""#,
    r#""stateReason": "NOT_PLANNED""#,
    r#""milestone": {"title": "v1"}"#,
    r#""milestone": null"#,
    r#""createdAt": "2024-01-02T03:04:05Z""#,
    r#""createdAt": "yesterday""#,
    r#""updatedAt": "2025-01-02T03:04:05Z""#,
    r#""closedAt": "2024-13-45T99:99:99Z""#,
    r#""extra": {"deep": [1, 2, {"x": null}]}"#,
];

fn github_json() -> impl Strategy<Value = (u8, Vec<u8>)> {
    let issue = prop::collection::vec(pick(ISSUE_FIELDS), 0..9)
        .prop_map(|fields| format!("{{{}}}", fields.join(", ")));
    let array =
        prop::collection::vec(issue, 0..6).prop_map(|issues| format!("[{}]", issues.join(",")));
    let doc = prop_oneof![
        8 => array,
        1 => Just("{}".to_owned()),
        1 => Just("[1, \"x\"]".to_owned()),
        1 => Just("[{\"number\": 1".to_owned()),
        1 => Just(String::new()),
    ];
    (any::<u8>(), doc).prop_map(|(order, doc)| (order, doc.into_bytes()))
}

const JIRA_HEADERS: &[&str] = &[
    "Issue key",
    "Summary",
    "Description",
    "Issue Type",
    "Status",
    "Priority",
    "Assignee",
    "Custom field (Story Points)",
    "Story point estimate",
    "Labels",
    "Labels",
    "Rank",
    "Parent",
    "Created",
    "",
];

const JIRA_CELLS: &[&str] = &[
    "PROJ-1",
    "PROJ-2",
    "PROJ-99999999999",
    "proj-1",
    "Teams page",
    "\"quoted, with comma\"",
    "\"multi\nline\r\nh2. Heading\n{code:java}\nx\n{code}\"",
    "\"unclosed",
    "\"\"",
    "Story",
    "Bug",
    "Done",
    "To Do",
    "3",
    "2.5",
    "-1",
    "1e400",
    "0|i0001b:",
    "0|i0000z:",
    "ui",
    "$1 \\ ''' \u{1b}[31m",
    "\u{feff}",
    "",
];

fn jira_csv() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::collection::vec(pick(JIRA_HEADERS), 0..10);
    let row = prop::collection::vec(pick(JIRA_CELLS), 0..12);
    (header, prop::collection::vec(row, 0..6), any::<bool>()).prop_map(|(header, rows, crlf)| {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = header.join(",");
        for row in rows {
            text.push_str(end);
            text.push_str(&row.join(","));
        }
        text.into_bytes()
    })
}

proptest! {
    #![proptest_config(super::config(256))]

    #[test]
    fn backlog_md_exports_plan_into_a_readable_backlog(files in backlog_md_files()) {
        let source = BacklogMd { states: BTreeMap::new(), kinds: BTreeMap::new() };
        let files: Vec<InputFile> =
            files.into_iter().map(|(path, bytes)| InputFile { path, bytes }).collect();
        oracle::check(&source, &files);
    }

    #[test]
    fn github_exports_plan_into_a_readable_backlog((order, json) in github_json()) {
        let order = [Order::Created, Order::Updated, Order::LabelPriority][usize::from(order % 3)];
        let source = GitHub { order, kinds: BTreeMap::new(), states: BTreeMap::new() };
        oracle::check(&source, &[InputFile { path: "issues.json".into(), bytes: json }]);
    }

    #[test]
    fn jira_exports_plan_into_a_readable_backlog(csv in jira_csv()) {
        let source = Jira { kinds: BTreeMap::new(), states: BTreeMap::new() };
        oracle::check(&source, &[InputFile { path: "jira.csv".into(), bytes: csv }]);
    }
}

/// Fuzz finding F8 (fuzz/README.md, `regressions/import_jira/nul-in-description.csv`): a NUL in
/// a Jira description (or a GitHub body's `\u0000`) was written into the item file as it was,
/// so the import made files lint then called binary (ENC002). Now it becomes U+FFFD and the
/// report says so; a NUL in the title was always escaped by TOML.
#[test]
fn f8_a_nul_in_an_imported_text_does_not_make_the_item_file_binary() {
    let repo = crate::support::TestRepo::with_backlog();
    let csv = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/import_jira/nul-in-description.csv"),
    )
    .unwrap_or_else(|e| panic!("read the regression: {e}"));
    repo.write("jira.csv", &csv);
    repo.write(
        "issues.json",
        r#"[{"number": 4, "title": "t\u0000", "body": "a\u0000b", "state": "OPEN"}]"#,
    );
    // The second import into a ranked backlog leaves its item unranked.
    for args in [
        &["jira", "jira.csv"][..],
        &["github", "issues.json", "--no-rank"],
    ] {
        let run = repo.backlog(&[&["import"][..], args].concat());
        run.code(0).stdout_has("U+FFFD");
    }
    let (_, findings) = repo.lint_json(&[]);
    assert!(
        findings
            .iter()
            .all(|f| !f.rule.starts_with("ENC") && !f.rule.starts_with("FM00")),
        "{findings:#?}"
    );
    let items = std::fs::read_dir(repo.path().join("backlog/items"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| std::fs::read(e.path()).unwrap_or_default())
        .collect::<Vec<_>>();
    assert_eq!(items.len(), 2);
    for bytes in items {
        assert!(!bytes.contains(&0), "{}", String::from_utf8_lossy(&bytes));
        assert!(String::from_utf8_lossy(&bytes).contains('\u{fffd}'));
    }
}

/// Fuzz finding F9 (`regressions/import_backlog_md/known-field-of-another-type`): a foreign key
/// that is one of our fields the import does not map (`risk_reduction: 2025-02-01`, `timebox`,
/// `value: [1]`) was kept under its own name, so the new item failed lint with FM007. Now it is
/// kept as `imported_<key>`, as the mapped ones already were.
#[test]
fn f9_a_foreign_key_named_like_one_of_our_fields_is_kept_under_another_name() {
    let repo = crate::support::TestRepo::with_backlog();
    repo.write("export/backlog/config.yml", "statuses: [To Do, Done]\n");
    repo.write(
        "export/backlog/tasks/task-1 - Risky.md",
        "---\nid: task-1\ntitle: Risky\nstatus: To Do\nrisk_reduction: 2025-02-01\ntimebox: soon\nvalue: [1]\n---\n\nText.\n",
    );
    repo.backlog(&["import", "backlog-md", "export"]).code(0);
    let (_, findings) = repo.lint_json(&[]);
    assert!(findings.iter().all(|f| f.rule != "FM007"), "{findings:#?}");
    let item = repo.read("backlog/items/MS-1-risky.md");
    for kept in [
        "imported_risk_reduction = \"2025-02-01\"",
        "imported_timebox = \"soon\"",
        "imported_value = [1]",
    ] {
        assert!(item.contains(kept), "{kept}: {item}");
    }
}
