//! What history, blame and diff say (issue 17 §1b, issues 18 and 19): leaving as done or
//! dropped, an added item as one row, new items and the policy, unknown IDs, long IDs,
//! subject-derived reasons, `A...B`, renumbers as renames, and blame on an unreadable ranking.

use super::*;

/// MS-n's file with `state` instead of ready.
fn in_state(n: usize, state: &str) -> String {
    ready_story(&format!("Story {n}")).replace("state = \"ready\"", &format!("state = \"{state}\""))
}

#[test]
fn an_item_leaving_the_ranking_reads_as_its_state() {
    let repo = setup(4);
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    repo.item(&item_file(2), &in_state(2, "done"));
    repo.item(&item_file(3), &in_state(3, "dropped"));
    order(&repo, &[1, 4]);
    repo.commit("Finish MS-2, drop MS-3, unrank MS-4");
    order(&repo, &[1]);
    repo.commit("Unrank MS-4");
    let unrank = repo.head_id();
    let left = |id: &str| {
        let doc = history_doc(&repo, id);
        let last = doc["events"].as_array().and_then(|e| e.last()).cloned();
        last.map(|e| (e["from"].clone(), e["to"].clone(), e["left_as"].clone()))
    };
    assert_eq!(left("MS-2"), Some((json!(2), Value::Null, json!("done"))));
    assert_eq!(
        left("MS-3"),
        Some((json!(3), Value::Null, json!("dropped")))
    );
    assert_eq!(
        left("MS-4"),
        Some((json!(2), Value::Null, json!("unranked")))
    );
    repo.backlog(&["history", "MS-2"])
        .code(0)
        .stdout_has("#2 → done")
        .lacks("→ untriaged");
    repo.backlog(&["history", "MS-4"])
        .code(0)
        .stdout_has(&format!(
            "{}  Dana Developer        #2 → unranked",
            &unrank[..8]
        ));
    let run = repo.backlog(&["diff", "main..HEAD"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "priority changes from main to HEAD:\n  MS-2      #2 → done                 Story 2\n  MS-3      #3 → dropped              Story 3\n  MS-4      #4 → unranked             Story 4\n"
    );
    let doc = repo
        .backlog(&["diff", "main..HEAD", "--format", "json"])
        .json();
    assert_eq!(doc["changes"][0]["left_as"], "done", "{doc}");
}

#[test]
fn a_new_ranked_item_is_one_added_row_at_its_rank() {
    let repo = setup(3);
    repo.item(&item_file(4), &ready_story("Story 4"));
    order(&repo, &[1, 4, 2, 3]);
    repo.commit("Add MS-4\n\nReason(MS-4): the launch");
    let run = repo.backlog(&["diff", "HEAD~1..HEAD"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "priority changes from HEAD~1 to HEAD:\n  MS-4      added at #2               Story 4\n"
    );
    let doc = repo
        .backlog(&["diff", "HEAD~1..HEAD", "--format", "json"])
        .json();
    let changes = doc["changes"].as_array().cloned().unwrap_or_default();
    assert_eq!(changes.len(), 1, "{doc}");
    assert_eq!(
        (
            &changes[0]["change"],
            &changes[0]["from"],
            &changes[0]["to"]
        ),
        (&json!("added"), &Value::Null, &json!(2))
    );
    repo.backlog(&["diff", "HEAD~1..HEAD", "--format", "markdown"])
        .code(0)
        .stdout_has("| `MS-4` | added at `#2` |");
}

#[test]
fn placing_a_new_item_needs_a_reason_only_in_the_top_n() {
    let repo = setup(6);
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    // MS-7 at #7 (below the default top 5): no reason needed.
    repo.item(&item_file(7), &ready_story("Story 7"));
    order(&repo, &[1, 2, 3, 4, 5, 6, 7]);
    repo.commit("Add MS-7");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(0);
    assert!(findings.is_empty(), "{findings:#?}");
    // MS-8 placed at #1, then unranked again in the same pull request: POL001 points at its
    // line in the commit that placed it (line 2, under the comment), never at 1:1.
    repo.item(&item_file(8), &ready_story("Story 8"));
    order(&repo, &[8, 1, 2, 3, 4, 5, 6, 7]);
    repo.commit("Add MS-8 on top");
    let placed = repo.head_id();
    order(&repo, &[1, 2, 3, 4, 5, 6, 7]);
    repo.commit("Unrank MS-8");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    let got: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}:{} {}", f.rule, f.line, f.column, f.message))
        .collect();
    assert_eq!(
        got,
        [format!(
            "POL001 2:1 MS-8 was placed (untriaged → #1) in {} by {} <{}> without a stated reason",
            &placed[..8],
            DANA.0,
            DANA.1
        )]
    );
    // A team can turn it off for new items.
    repo.config_append("");
    repo.config_replace("new_item_reason_top = 5", "new_item_reason_top = 0");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    assert!(findings.iter().all(|f| f.rule != "POL001"), "{findings:#?}");
    run.code(0);
}

#[test]
fn history_of_an_id_that_never_existed_exits_2_with_the_nearest() {
    let repo = setup(3);
    let run = repo.backlog(&["history", "MS-4"]);
    run.code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("no item MS-4") && run.stderr.contains("did you mean"),
        "{}",
        run.stderr
    );
    // An item that existed and is gone: its history, and a note saying so.
    repo.git_ok(&["rm", "-q", &format!("backlog/items/{}", item_file(3))]);
    order(&repo, &[1, 2]);
    repo.commit("Remove MS-3");
    let run = repo.backlog(&["history", "MS-3"]);
    run.code(0).stdout_has("#3 → unranked");
    assert!(
        run.stderr.contains("MS-3 is not an item now"),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_columns_hold_long_ids() {
    let repo = setup(2);
    repo.item("MS-123456789-long.md", &ready_story("Long one"));
    repo.ranking(&ranking_text(&["MS-123456789", "MS-2", "MS-1"]));
    let run = repo.backlog(&["diff", "HEAD"]);
    run.code(0);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert!(rows[0].contains("added at #1"), "{}", run.stdout);
    let title_at: Vec<Option<usize>> = rows
        .iter()
        .zip(["Long one", "Story 1"])
        .map(|(r, t)| r.find(t).map(|at| r[..at].chars().count()))
        .collect();
    assert!(title_at[0].is_some(), "{}", run.stdout);
    assert!(
        title_at.iter().all(|t| *t == title_at[0]),
        "titles line up: {}",
        run.stdout
    );
}

#[test]
fn blame_marks_subject_reasons_and_gives_their_source() {
    let repo = setup(3);
    order(&repo, &[3, 1, 2]);
    repo.commit("Lift MS-3\n\nReason(MS-3): the launch");
    let doc = repo.backlog(&["blame", "--format", "json"]).json();
    let sources: Vec<(&str, &str)> = doc["entries"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap_or_default(),
                e["reason_source"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("MS-3", "trailer"),
            ("MS-1", "subject"),
            ("MS-2", "subject")
        ]
    );
    let run = repo.backlog(&["blame"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].ends_with("  the launch"), "{}", run.stdout);
    assert!(
        lines[1].ends_with("  (subject) Start the backlog"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_reads_three_dots_from_the_merge_base() {
    let repo = setup(3);
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    order(&repo, &[1, 3, 2]);
    repo.commit("Sink MS-2");
    repo.git_ok(&["checkout", "-q", "main"]);
    repo.item(&item_file(4), &ready_story("Story 4"));
    repo.commit("Add MS-4 on main");
    repo.git_ok(&["checkout", "-q", "feature"]);
    let run = repo.backlog(&["diff", "main...HEAD"]);
    run.code(0);
    // Only the branch's own change: MS-4, added on main since, is not in it.
    assert!(
        run.stdout.contains("MS-2      #2 → #3 (down 1)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("MS-4"), "{}", run.stdout);
    let base = repo.git_ok(&["merge-base", "main", "HEAD"]);
    assert!(
        run.stdout.starts_with(&format!(
            "priority changes from main (merge-base {})",
            &base[..8]
        )),
        "{}",
        run.stdout
    );
    repo.backlog(&["diff", "main...HEAD", "--format", "json"])
        .code(0);
}

#[test]
fn a_renumber_is_a_rename_in_history_diff_and_policy() {
    let repo = setup(3);
    repo.config_replace("rankers = []", "rankers = [\"owen@midwest.example\"]");
    repo.commit("Only Owen ranks");
    let start = repo.rev("HEAD~1");
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    repo.backlog(&["renumber", "MS-2", "MS-9"]).code(0);
    repo.commit("Renumber MS-2 to MS-9");
    let renumber = repo.head_id();
    let doc = history_doc(&repo, "MS-9");
    let got: Vec<(Value, Value, Value, Value)> = doc["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["id"].clone(),
                e["commit"].clone(),
                e["to"].clone(),
                e["renamed_from"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (json!("MS-2"), json!(start), json!(2), Value::Null),
            (json!("MS-9"), json!(renumber), json!(2), json!("MS-2")),
        ]
    );
    repo.backlog(&["history", "MS-9"])
        .code(0)
        .stdout_has("renamed from MS-2");
    let run = repo.backlog(&["diff", "main..HEAD"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "priority changes from main to HEAD:\n  MS-9      renamed from MS-2         Story 2\n"
    );
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    assert!(findings.is_empty(), "{findings:#?}");
    run.code(0);
}

#[test]
fn blame_exits_2_naming_the_path_when_the_ranking_cannot_be_read() {
    let repo = setup(2);
    type Damage<'a> = &'a dyn Fn(&TestRepo);
    let cases: [(&str, Damage); 4] = [
        ("invalid UTF-8", &|r| {
            r.write(RANKING, b"MS-1\n\xff\xfe\n".as_slice());
        }),
        ("NUL", &|r| {
            r.write(RANKING, b"MS-1\n\0\n".as_slice());
        }),
        ("missing", &|r| {
            let _ = std::fs::remove_file(r.path().join(RANKING));
        }),
        ("symlink", &|r| {
            let path = r.path().join(RANKING);
            let _ = std::fs::remove_file(&path);
            r.write("elsewhere.txt", "MS-1\n");
            #[cfg(unix)]
            std::os::unix::fs::symlink(r.path().join("elsewhere.txt"), &path)
                .unwrap_or_else(|e| panic!("symlink: {e}"));
        }),
    ];
    for (what, damage) in cases {
        damage(&repo);
        let run = repo.backlog(&["blame"]);
        run.code(2);
        assert_eq!(run.stdout, "", "{what}");
        assert!(run.stderr.contains(RANKING), "{what}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim_end().lines().count(),
            1,
            "{what}: {}",
            run.stderr
        );
        repo.git_ok(&["checkout", "-q", "--", RANKING]);
    }
}
