//! Abbreviated ids of a commit libgit2 refuses to parse (an author line without an email):
//! `diff ABBREV..ABBREV`, `ABBREV~1`, `ABBREV^2` and `lint --since ABBREV` resolve them as
//! `git rev-parse` does, from the object database, without parsing the commit.

use super::*;

/// A merge commit written raw, with an author line without an email, whose parents are
/// `parents` and whose tree is the index's; the branch is moved to it.
fn malformed_merge(repo: &TestRepo, parents: &[&str]) -> String {
    repo.git_ok(&["add", "-A"]);
    let tree = repo.git_ok(&["write-tree"]).trim().to_owned();
    let mut text = format!("tree {tree}\n");
    for p in parents {
        text.push_str(&format!("parent {p}\n"));
    }
    text.push_str(
        "author Nobody 1700000100 +0000\ncommitter Dana <dana@x.example> 1700000100 +0000\n\nmalformed merge\n",
    );
    repo.write(".git/raw-commit", &text);
    let id = repo
        .git_ok(&[
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            ".git/raw-commit",
        ])
        .trim()
        .to_owned();
    repo.git_ok(&["update-ref", "refs/heads/main", &id]);
    id
}

#[track_caller]
fn changes(repo: &TestRepo, range: &str) -> Value {
    let run = repo.backlog(&["diff", range, "--format", "json"]);
    run.code(0);
    run.json()["changes"].clone()
}

#[test]
fn abbreviated_ids_of_a_malformed_commit_resolve_as_git_rev_parse_does() {
    let repo = setup(3);
    let base = repo.head_id();
    order(&repo, &[2, 1, 3]);
    repo.commit("Lift MS-2");
    let side = repo.head_id();
    order(&repo, &[2, 3, 1]);
    let merge = malformed_merge(&repo, &[&side, &base]);
    let abbrev = &merge[..7];

    // git itself reads them.
    for (rev, id) in [
        (abbrev.to_owned(), &merge),
        (format!("{abbrev}~1"), &side),
        (format!("{abbrev}^2"), &base),
    ] {
        assert_eq!(repo.git_ok(&["rev-parse", &rev]).trim(), id, "git: {rev}");
    }

    let run = repo.backlog(&[
        "--color",
        "never",
        "diff",
        &format!("{}..{abbrev}", &base[..7]),
    ]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "priority changes from {} to {abbrev}:\n  MS-1      #1 → #3 (down 2)          Story 1\n",
            &base[..7]
        )
    );
    let expected = json!([{
        "id": "MS-1", "change": "moved", "from": 1, "to": 3, "title": "Story 1", "reason": null
    }]);
    assert_eq!(changes(&repo, &format!("{base}..{abbrev}")), expected);
    assert_eq!(changes(&repo, &format!("{abbrev}^2..{abbrev}")), expected);
    // `A...B` starts from their merge-base, which is `base` here.
    assert_eq!(
        changes(&repo, &format!("{}...{abbrev}", &base[..7])),
        expected
    );
    assert_eq!(
        changes(&repo, &format!("{abbrev}~1..{abbrev}")),
        changes(&repo, &format!("{side}..{merge}"))
    );
    // REV alone compares with the work tree, which is the merge's tree.
    assert_eq!(changes(&repo, abbrev), json!([]));

    let run = repo.backlog(&["lint", "--since", abbrev, "--format", "json"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let run = repo.backlog(&[
        "lint",
        "--since",
        &format!("{abbrev}^2"),
        "--format",
        "json",
    ]);
    assert_ne!(run.code, 2, "{}", run.stderr);

    // Without a range, from the merge-base with main (the malformed merge) to the work tree.
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    order(&repo, &[3, 2, 1]);
    repo.commit("MS-3 first");
    let run = repo.backlog(&["diff", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["from"],
        format!("main (merge-base {})", &merge[..8]),
        "{}",
        run.stdout
    );

    // A prefix that names nothing is still an unknown revision (exit 2).
    let missing = if abbrev.starts_with("0000") {
        "ffff"
    } else {
        "0000"
    };
    repo.backlog(&["diff", &format!("{missing}..HEAD")])
        .code(2)
        .stderr_has(&format!("unknown revision `{missing}`"));
}
