//! Tests for `backlog renumber OLD [NEW] [--file PATH]`: the item's file name, its ranking
//! line, every `depends_on` naming it and its frontmatter `id` change, byte-exact, and nothing
//! else; refusals change nothing.

use crate::support::{TestRepo, draft_story, ready_story};

/// A Ready story with extra frontmatter lines (each ending in `\n`) after the title.
fn ready_with(title: &str, extra: &str) -> String {
    ready_story(title).replacen(
        &format!("title = \"{title}\"\n"),
        &format!("title = \"{title}\"\n{extra}"),
        1,
    )
}

/// Three Ready stories, two of which depend on MS-14, ranked below what they depend on.
fn dependents() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-3-three.md", &ready_story("Three"));
    repo.item(
        "MS-14-view-teams.md",
        &format!(
            "{}\nMentions MS-14 in the body.\n",
            ready_story("View teams")
        ),
    );
    repo.item(
        "MS-20-multi-line.md",
        &ready_with(
            "Multi line",
            "depends_on = [\n  \"MS-3\",   # the three\n  \"MS-14\" ,# fourteen\n]\n",
        ),
    );
    repo.item(
        "MS-21-inline.md",
        &ready_with("Inline", "depends_on = [\"ms-14\"]  # lower case, inline\n"),
    );
    repo.item(
        "MS-22-other.md",
        &ready_with("Other", "depends_on = [ \"MS-3\" ]\n"),
    );
    repo.ranking("# header\nMS-3 # x\nMS-14\t  # fourteen reason  \nMS-20\nMS-21\nMS-22\n");
    repo
}

#[test]
fn renames_the_file_the_ranking_line_and_every_reference() {
    let repo = dependents();
    repo.lint_json(&[]).0.code(0);
    let untouched = [
        repo.read("backlog/items/MS-3-three.md"),
        repo.read("backlog/items/MS-22-other.md"),
    ];
    let item = repo.read("backlog/items/MS-14-view-teams.md");
    let run = repo.backlog(&["renumber", "MS-14", "MS-40"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "MS-14 → MS-40: backlog/items/MS-40-view-teams.md\n  updated backlog/items/MS-20-multi-line.md\n  updated backlog/items/MS-21-inline.md\n  updated backlog/ranking.txt\n"
    );
    // The slug is kept; the content has no `id` key, so it is byte-identical (the body is
    // prose and is not rewritten).
    assert!(
        !repo
            .path()
            .join("backlog/items/MS-14-view-teams.md")
            .exists()
    );
    assert_eq!(repo.read("backlog/items/MS-40-view-teams.md"), item);
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "# header\nMS-3 # x\nMS-40\t  # fourteen reason  \nMS-20\nMS-21\nMS-22\n"
    );
    assert_eq!(
        repo.read("backlog/items/MS-20-multi-line.md"),
        ready_with(
            "Multi line",
            "depends_on = [\n  \"MS-3\",   # the three\n  \"MS-40\" ,# fourteen\n]\n"
        )
    );
    assert_eq!(
        repo.read("backlog/items/MS-21-inline.md"),
        ready_with("Inline", "depends_on = [\"MS-40\"]  # lower case, inline\n")
    );
    assert_eq!(repo.read("backlog/items/MS-3-three.md"), untouched[0]);
    assert_eq!(repo.read("backlog/items/MS-22-other.md"), untouched[1]);
    let (run, findings) = repo.lint_json(&[]);
    assert!(findings.is_empty(), "{findings:?}");
    run.code(0);
    repo.backlog(&["show", "MS-40"])
        .code(0)
        .stdout_has("View teams");
}

#[test]
fn the_frontmatter_id_is_updated_with_its_comment_and_the_rest_kept() {
    let repo = TestRepo::with_backlog();
    let before = "+++\n# a comment first\nid = \"MS-5\"   # the ID, kept in sync\ntitle = \"Five\"\nkind = \"story\"\nstate = \"draft\"\ncustom = { a = 1 }\n+++\n\nBody with +++ and MS-5.\n";
    repo.item("MS-5-five.md", before);
    repo.backlog(&["renumber", "MS-5", "MS-6"]).code(0);
    assert_eq!(
        repo.read("backlog/items/MS-6-five.md"),
        before.replacen("id = \"MS-5\"", "id = \"MS-6\"", 1)
    );
    assert_eq!(
        repo.tree(),
        tree_with(&repo, &["backlog/items/MS-6-five.md"])
    );
    repo.lint_json(&[]).0.code(0);
}

/// The paths `init` made, plus these files.
fn tree_with(repo: &TestRepo, items: &[&str]) -> Vec<String> {
    let mut tree: Vec<String> = repo
        .tree()
        .into_iter()
        .filter(|p| !p.starts_with("backlog/items/"))
        .chain(items.iter().map(|s| (*s).to_owned()))
        .collect();
    tree.sort();
    tree
}

#[test]
fn without_new_the_next_free_id_is_used_across_branches() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-one.md", &draft_story("One"));
    repo.item("MS-7-seven.md", &draft_story("Seven"));
    repo.commit("items");
    repo.git_ok(&["checkout", "-q", "-b", "other"]);
    repo.item("MS-12-elsewhere.md", &draft_story("Elsewhere"));
    repo.commit("on another branch");
    repo.git_ok(&["checkout", "-q", "main"]);
    let run = repo.backlog(&["renumber", "MS-1"]);
    run.code(0)
        .stdout_has("MS-1 → MS-13: backlog/items/MS-13-one.md");
    assert!(repo.path().join("backlog/items/MS-13-one.md").is_file());
    assert!(!repo.path().join("backlog/items/MS-1-one.md").exists());
}

#[test]
fn without_new_an_id_only_in_the_ranking_is_not_reused() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-one.md", &draft_story("One"));
    repo.ranking("MS-9 # item deleted, line left\n");
    repo.backlog(&["renumber", "MS-1"])
        .code(0)
        .stdout_has("MS-1 → MS-10");
}

#[test]
fn a_new_id_in_use_is_refused_and_nothing_changes() {
    let repo = dependents();
    repo.item("MS-30-thirty.md", &draft_story("Thirty"));
    repo.ranking("# header\nMS-3 # x\nMS-14\nMS-20\nMS-21\nMS-22\nMS-31 # no item\n");
    let before = repo.work_tree_files();
    for (args, needle) in [
        (
            &["renumber", "MS-14", "MS-30"][..],
            "MS-30 already exists (backlog/items/MS-30-thirty.md)",
        ),
        (&["renumber", "MS-14", "ms-30"], "already exists"),
        (
            &["renumber", "MS-14", "MS-31"],
            "MS-31 is listed in ranking.txt",
        ),
        (&["renumber", "MS-14", "MS-14"], "already has that ID"),
        (&["renumber", "MS-14", "ms-14"], "already has that ID"),
        (&["renumber", "../x", "MS-100"], "`../x` is not an item ID"),
        (
            &["renumber", "MS-14", "../../etc/passwd"],
            "is not an item ID",
        ),
        (&["renumber", "MS-14", "MS-0"], "is not an item ID"),
    ] {
        let run = repo.backlog(args);
        run.code(1).stderr_has(needle);
        assert!(
            repo.work_tree_files() == before,
            "`backlog {}` was refused but changed files",
            args.join(" ")
        );
    }
    // An unknown ID could not run: exit 2 with the nearest IDs.
    repo.backlog(&["renumber", "MS-99", "MS-100"])
        .code(2)
        .stderr_has("no item MS-99 in backlog/items; did you mean");
    assert!(repo.work_tree_files() == before);
}

#[test]
fn a_conflicted_or_duplicated_ranking_is_not_edited() {
    let repo = dependents();
    repo.ranking("MS-3\n<<<<<<< ours\nMS-14\n=======\nMS-20\n>>>>>>> theirs\n");
    let before = repo.work_tree_files();
    repo.backlog(&["renumber", "MS-14", "MS-40"])
        .code(1)
        .stderr_has("unresolved merge conflict");
    assert!(repo.work_tree_files() == before);
    repo.ranking("MS-3\nMS-14 # one\nMS-20\nMS-14 # two\n");
    let before = repo.work_tree_files();
    repo.backlog(&["renumber", "MS-14", "MS-40"])
        .code(1)
        .stderr_has("ranked more than once");
    assert!(repo.work_tree_files() == before);
}

#[test]
fn two_files_sharing_an_id_need_file_and_only_that_one_changes() {
    // Two branches both created MS-14, and were merged.
    let repo = TestRepo::with_backlog();
    repo.item("MS-3-three.md", &ready_story("Three"));
    repo.item("MS-14-a.md", &ready_story("From branch a"));
    repo.item("MS-14-b.md", &ready_story("From branch b"));
    repo.item(
        "MS-20-dep.md",
        &ready_with("Dep", "depends_on = [\"MS-14\"]\n"),
    );
    repo.ranking("MS-3\nMS-14 # a's reason\nMS-20\n");
    let (_, findings) = repo.lint_json(&[]);
    assert!(findings.iter().any(|f| f.rule == "ID001"), "{findings:?}");

    let before = repo.work_tree_files();
    repo.backlog(&["renumber", "MS-14"])
        .code(1)
        .stderr_has("MS-14 is the ID of 2 files (backlog/items/MS-14-a.md, backlog/items/MS-14-b.md); say which with --file PATH");
    assert!(repo.work_tree_files() == before);

    let b = repo.read("backlog/items/MS-14-b.md");
    let run = repo.backlog(&["renumber", "MS-14", "--file", "backlog/items/MS-14-b.md"]);
    run.code(0)
        .stderr_has("references to it were left as they are");
    assert_eq!(run.stdout, "MS-14 → MS-21: backlog/items/MS-21-b.md\n");
    assert_eq!(repo.read("backlog/items/MS-21-b.md"), b);
    assert!(!repo.path().join("backlog/items/MS-14-b.md").exists());
    assert!(repo.path().join("backlog/items/MS-14-a.md").is_file());
    // The ranking and the references keep naming MS-14, which is a's now.
    let after: Vec<_> = repo
        .work_tree_files()
        .into_iter()
        .filter(|(p, _)| !p.contains("MS-14-b") && !p.contains("MS-21-b"))
        .collect();
    let kept: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| !p.contains("MS-14-b"))
        .collect();
    assert!(after == kept, "only b's file may change");
    let (run, findings) = repo.lint_json(&[]);
    assert!(findings.is_empty(), "{findings:?}");
    run.code(0);
}

#[test]
fn file_is_relative_to_the_current_directory_and_must_be_one_of_old() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-14-a.md", &draft_story("a"));
    repo.item("MS-14-b.md", &draft_story("b"));
    repo.item("MS-15-c.md", &draft_story("c"));
    let before = repo.work_tree_files();
    repo.backlog(&[
        "renumber",
        "MS-14",
        "MS-30",
        "--file",
        "backlog/items/MS-15-c.md",
    ])
    .code(2)
    .stderr_has("is not a file of MS-14");
    repo.backlog(&[
        "renumber",
        "MS-14",
        "MS-30",
        "--file",
        "backlog/items/nope.md",
    ])
    .code(2);
    assert!(repo.work_tree_files() == before);
    repo.backlog_in(
        "backlog/items",
        &["renumber", "MS-14", "MS-30", "--file", "MS-14-a.md"],
    )
    .code(0)
    .stdout_has("MS-14 → MS-30: backlog/items/MS-30-a.md");
    assert!(repo.path().join("backlog/items/MS-14-b.md").is_file());
    assert!(!repo.path().join("backlog/items/MS-14-a.md").exists());
}

#[test]
fn an_unranked_unreferenced_item_only_changes_its_file_name() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-2-two.md", &draft_story("Two"));
    repo.ranking("# nothing ranked\n");
    let run = repo.backlog(&["renumber", "MS-2", "MS-8"]);
    run.code(0);
    assert_eq!(run.stdout, "MS-2 → MS-8: backlog/items/MS-8-two.md\n");
    assert_eq!(repo.read("backlog/ranking.txt"), "# nothing ranked\n");
    assert_eq!(repo.read("backlog/items/MS-8-two.md"), draft_story("Two"));
}

#[test]
fn crlf_and_bom_survive_the_rewrite_of_frontmatter() {
    // RELIABILITY A3/A4: a rewrite keeps each file's BOM and line endings.
    let repo = TestRepo::with_backlog();
    let own = "\u{feff}+++\r\nid = \"MS-14\"\r\ntitle = \"Fourteen\"\r\nkind = \"story\"\r\nstate = \"draft\"\r\n+++\r\n\r\nbody\r\n";
    let dep = "\u{feff}+++\r\ntitle = \"Dep\"\r\nkind = \"story\"\r\nstate = \"draft\"\r\ndepends_on = [ \"MS-14\" ]\r\nzz = 1 # unknown key\r\n+++\r\n\r\nbody\r\n";
    repo.item("MS-14-fourteen.md", own);
    repo.item("MS-20-dep.md", dep);
    repo.ranking("MS-14\r\nMS-20\r\n");
    repo.backlog(&["renumber", "MS-14", "MS-40"]).code(0);
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-40\r\nMS-20\r\n");
    assert_eq!(
        repo.read("backlog/items/MS-20-dep.md"),
        dep.replace("\"MS-14\"", "\"MS-40\""),
        "the dependent item must keep its CRLF line endings"
    );
    assert_eq!(
        repo.read("backlog/items/MS-40-fourteen.md"),
        own.replace("\"MS-14\"", "\"MS-40\""),
        "the renumbered item must keep its CRLF line endings"
    );
}

#[test]
fn the_renamed_file_keeps_its_permissions() {
    // RELIABILITY §3.3 step 9: a rewrite preserves permissions.
    use std::os::unix::fs::PermissionsExt;
    let repo = TestRepo::with_backlog();
    let path = repo.item("MS-2-private.md", &draft_story("Private"));
    let dep = repo.item("MS-3-dep.md", &draft_with_dep());
    for p in [&path, &dep] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|e| panic!("chmod: {e}"));
    }
    repo.backlog(&["renumber", "MS-2", "MS-9"]).code(0);
    let mode = |rel: &str| {
        std::fs::metadata(repo.path().join(rel))
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    assert_eq!(
        mode("backlog/items/MS-3-dep.md"),
        0o600,
        "the updated dependent"
    );
    assert_eq!(
        mode("backlog/items/MS-9-private.md"),
        0o600,
        "the renamed item"
    );
}

fn draft_with_dep() -> String {
    "+++\ntitle = \"Dep\"\nkind = \"story\"\nstate = \"draft\"\ndepends_on = [\"MS-2\"]\n+++\n"
        .to_owned()
}

#[test]
fn a_held_lock_makes_renumber_exit_3_and_change_nothing() {
    let repo = dependents();
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(repo.path().join(".git/backlog.lock"))
        .unwrap_or_else(|e| panic!("open lock: {e}"));
    lock.try_lock().unwrap_or_else(|e| panic!("lock: {e}"));
    let before = repo.work_tree_files();
    repo.backlog(&["renumber", "MS-14", "MS-40"])
        .code(3)
        .stderr_has("backlog.lock");
    assert!(repo.work_tree_files() == before);
    drop(lock);
    repo.backlog(&["renumber", "MS-14", "MS-40"]).code(0);
}

mod exhausted;
mod journal;
mod mentions;
mod parent;
mod race;
