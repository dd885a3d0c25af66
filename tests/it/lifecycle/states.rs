//! `start`, `done`, `drop` and `set state=…`: transitions judged by the order of the states,
//! the Ready and Done gates (warnings, or refusals with --strict), and closed items leaving
//! the ranking in the same all-or-nothing edit.

use super::*;

#[test]
fn start_moves_to_doing_and_takes_ownership_unless_owned() {
    let repo = backlog();
    repo.item(
        "MS-5-unowned.md",
        &ready_story("Unowned").replacen("owner = \"dana@midwest.example\"\n", "", 1),
    );
    repo.ranking("MS-1\nMS-3\nMS-2\nMS-5\n");
    let run = repo.backlog_env(
        ".",
        &["start", "ms-5"],
        &[("GIT_AUTHOR_EMAIL", "sam@midwest.example".as_ref())],
        &[],
    );
    run.run.code(0);
    assert_eq!(
        run.run.stdout,
        "MS-5: backlog/items/MS-5-unowned.md\n  state  \"ready\" → \"doing\"\n  owner  (none) → \"sam@midwest.example\"\n"
    );
    assert_eq!(run.run.stderr, "", "a Ready item starts without a warning");
    let text = repo.read("backlog/items/MS-5-unowned.md");
    assert!(text.contains("state = \"doing\"\n"), "{text}");
    assert!(text.contains("owner = \"sam@midwest.example\"\n"), "{text}");
    // An owned item keeps its owner.
    repo.backlog_env(
        ".",
        &["start", "MS-1"],
        &[("GIT_AUTHOR_EMAIL", "sam@midwest.example".as_ref())],
        &[],
    )
    .run
    .code(0);
    assert!(
        repo.read("backlog/items/MS-1-one.md")
            .contains("owner = \"dana@midwest.example\"")
    );
}

#[test]
fn starting_an_unready_item_warns_and_strict_refuses() {
    let repo = backlog();
    let run = repo.backlog(&["start", "MS-4"]);
    run.code(0)
        .stdout_has("state  \"draft\" → \"doing\" (past refining, ready)")
        .stderr_has(
            "warning: MS-4 is now `doing`, which needs Ready, but it lacks: value, estimate",
        );
    repo.item("MS-4-draft.md", &draft_story("Draft"));
    refused_with(
        &repo,
        1,
        &["start", "MS-4", "--strict"],
        "MS-4 cannot move to `doing` (--strict): it lacks",
    );
    refused_with(
        &repo,
        1,
        &["set", "MS-4", "state=ready", "--strict"],
        "it lacks",
    );
    // Back to an earlier state needs nothing.
    repo.backlog(&["set", "MS-3", "state=draft", "--strict"])
        .code(0)
        .stdout_has("'refining' → 'draft' (back)");
}

#[test]
fn done_refuses_unticked_criteria_listing_them_unless_forced() {
    let repo = backlog();
    let before = repo.work_tree_files();
    let run = repo.backlog(&["done", "MS-3"]);
    run.code(1)
        .stderr_has("backlog/items/MS-3-view-teams.md:24: - [ ] Sorted by name")
        .stderr_has("error: backlog/items/MS-3-view-teams.md:24: MS-3 is not done: 1 acceptance criterion is not ticked (line 24); tick them, or pass --force");
    assert!(
        repo.work_tree_files() == before,
        "a refused done changes nothing"
    );
    let run = repo.backlog(&["done", "MS-3", "--force"]);
    run.code(0)
        .stdout_has("state    'refining' → 'done' (past ready, doing)")
        .stdout_has("ranking  #2 → untriaged")
        .stderr_has("warning: MS-3 is now `done` but 1 acceptance criterion is not ticked:");
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-1\nMS-2\n");
    assert!(repo.read(MS3).contains("state = 'done'\n"));
}

#[test]
fn done_with_every_criterion_ticked_leaves_the_ranking() {
    let repo = backlog();
    repo.item("MS-2-two.md", &ready_story("Two").replace("- [ ]", "- [x]"));
    repo.backlog(&["done", "MS-2"])
        .code(0)
        .stdout_has("ranking  #3 → untriaged");
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "MS-1\nMS-3   # launch blocker\n"
    );
    repo.backlog(&["lint"]).code(0);
}

#[test]
fn closed_items_keep_their_line_when_the_config_says_so() {
    let repo = backlog();
    repo.config_replace("unrank_closed = true", "unrank_closed = false");
    repo.backlog(&["drop", "MS-3", "--reason", "the old admin page does this"])
        .code(0)
        .lacks("untriaged");
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "MS-1\nMS-3   # launch blocker\nMS-2\n"
    );
}

#[test]
fn drop_records_the_reason_and_leaves_the_ranking() {
    let repo = backlog();
    let run = repo.backlog(&["drop", "MS-3", "--reason", "the old admin page does this"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "MS-3: backlog/items/MS-3-view-teams.md\n  state        'refining' → 'dropped'\n  drop_reason  (none) → \"the old admin page does this\"\n  ranking      #2 → untriaged (closed items leave the ranking: unrank_closed)\n"
    );
    assert_eq!(run.stderr, "", "dropping needs neither Ready nor Done");
    let text = repo.read(MS3);
    assert!(
        text.contains("city = \"Chicago\"\ndrop_reason = \"the old admin page does this\"\n+++"),
        "{text}"
    );
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-1\nMS-2\n");
    refused_with(
        &repo,
        1,
        &["drop", "MS-2", "--reason", " "],
        "--reason must be one line",
    );
}

#[test]
fn a_ranking_that_cannot_be_edited_keeps_the_item_open() {
    let repo = backlog();
    // A conflicted ranking cannot be edited, so the item may not close either.
    repo.ranking("MS-1\n<<<<<<< ours\nMS-3\n=======\nMS-2\n>>>>>>> theirs\n");
    let before = repo.work_tree_files();
    let run = repo.backlog(&["drop", "MS-3", "--reason", "dup"]);
    run.code(1)
        .stderr_has("backlog/ranking.txt: ranking.txt has an unresolved merge conflict")
        .stderr_has("MS-3 would leave it as it closes, so nothing was changed");
    assert!(repo.work_tree_files() == before, "neither file changed");
    // A duplicated line, likewise; an item that is not ranked closes without a ranking edit.
    repo.ranking("MS-1\nMS-3\nMS-3\n");
    refused_with(
        &repo,
        1,
        &["done", "MS-3", "--force"],
        "MS-3 is ranked more than once",
    );
    repo.backlog(&["drop", "MS-4", "--reason", "dup"])
        .code(0)
        .lacks("untriaged");
}

#[test]
fn set_state_done_warns_and_closes_like_done() {
    let repo = backlog();
    repo.backlog(&["set", "MS-3", "state=done"])
        .code(0)
        .stdout_has("ranking  #2 → untriaged")
        .stderr_has("1 acceptance criterion is not ticked");
    refused_with(
        &repo,
        1,
        &["set", "MS-1", "state=done", "--strict"],
        "MS-1 is not done",
    );
}

#[test]
fn concurrent_sets_on_one_item_lose_no_update() {
    let repo = backlog();
    let children: Vec<_> = (0..6)
        .map(|i| {
            repo.spawn_command(&["set", "MS-3", &format!("tags+=t{i}"), "--wait", "30"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("spawn: {e}"))
        })
        .collect();
    for child in children {
        let out = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("wait: {e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = repo.read(MS3);
    for i in 0..6 {
        assert!(
            text.contains(&format!("  \"t{i}\",\n")),
            "t{i} was lost:\n{text}"
        );
    }
}

#[test]
fn outside_git_start_works_and_says_there_is_no_identity() {
    let repo = TestRepo::plain();
    repo.backlog(&["init"]).code(0);
    repo.item(
        "MS-1-one.md",
        &ready_story("One").replacen("owner = \"dana@midwest.example\"\n", "", 1),
    );
    repo.backlog_env(
        ".",
        &["start", "MS-1"],
        &[],
        &["GIT_AUTHOR_EMAIL", "GIT_AUTHOR_NAME"],
    )
    .run
    .code(0)
    .stdout_has("state  \"ready\" → \"doing\"")
    .stderr_has("note: git has no identity (user.email or user.name) to own MS-1");
}

#[test]
fn from_a_state_backlog_toml_does_not_list_nothing_is_passed() {
    let repo = backlog();
    repo.item(
        "MS-1-one.md",
        &ready_story("One").replacen("state = \"ready\"", "state = \"wip\"", 1),
    );
    let run = repo.backlog(&["set", "MS-1", "state=doing"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "MS-1: backlog/items/MS-1-one.md\n  state  \"wip\" → \"doing\"\n"
    );
}
