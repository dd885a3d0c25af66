//! Issue 19: with `MS-999999999` taken, even only as a ranking line, `new` and `renumber`
//! once allocated `MS-1000000000`, which the ID rule rejects. IDs have at most nine digits:
//! when the highest is taken there is no next one, and both refuse (exit 1), writing nothing.

use super::*;

#[track_caller]
fn refuses_for_want_of_an_id(repo: &TestRepo, args: &[&str]) {
    let before = repo.work_tree_files();
    let run = repo.backlog(args);
    run.code(1)
        .stderr_has("no free ID with the prefix MS: MS-999999999 is taken")
        .stderr_has("nothing was changed");
    assert_eq!(run.stdout, "");
    assert!(
        repo.work_tree_files() == before,
        "`backlog {}` wrote although it had no ID to give",
        args.join(" ")
    );
}

#[test]
fn with_the_highest_id_taken_only_in_the_ranking_new_and_renumber_refuse() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-3-three.md", &ready_story("Three"));
    repo.ranking("MS-3\nMS-999999999\n");
    refuses_for_want_of_an_id(&repo, &["new", "story", "One more"]);
    refuses_for_want_of_an_id(&repo, &["new", "story", "Ranked", "--rank", "top"]);
    refuses_for_want_of_an_id(&repo, &["renumber", "MS-3"]);
    // An ID given by hand still works.
    repo.backlog(&["renumber", "MS-3", "MS-4"]).code(0);
}

#[test]
fn with_the_highest_id_taken_by_a_file_new_refuses_and_the_one_below_still_works() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-999999998-almost.md", &ready_story("Almost"));
    let run = repo.backlog(&["new", "story", "Last one"]);
    run.code(0);
    assert!(
        repo.path()
            .join("backlog/items/MS-999999999-last-one.md")
            .exists(),
        "{}",
        run.stdout
    );
    repo.lint_json(&[]).0.code(0);
    refuses_for_want_of_an_id(&repo, &["new", "story", "Past the end"]);
}
