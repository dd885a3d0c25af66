//! Tests for `backlog new`.

use crate::support::{TestRepo, draft_story};

/// Runs `backlog new KIND TITLE`, asserts success, and returns the printed path.
#[track_caller]
fn new(repo: &TestRepo, kind: &str, title: &str) -> String {
    let run = repo.backlog(&["new", kind, title]);
    run.code(0);
    let path = run.stdout.trim_end().to_owned();
    assert!(
        path.starts_with("backlog/items/") && !path.contains('\n'),
        "new prints the new file's path: {:?}",
        run.stdout
    );
    assert!(repo.path().join(&path).is_file(), "{path} was not created");
    path
}

/// The ID at the start of an item path.
fn id_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.trim_end_matches(".md");
    let mut parts = stem.splitn(3, '-');
    format!(
        "{}-{}",
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default()
    )
}

#[test]
fn first_item_is_number_1() {
    let repo = TestRepo::with_backlog();
    assert_eq!(
        new(&repo, "story", "View all teams"),
        "backlog/items/MS-1-view-all-teams.md"
    );
}

#[test]
fn two_in_a_row_get_consecutive_ids() {
    let repo = TestRepo::with_backlog();
    assert_eq!(id_of(&new(&repo, "story", "One")), "MS-1");
    assert_eq!(id_of(&new(&repo, "bug", "Two")), "MS-2");
    assert_eq!(
        id_of(&new(&repo, "story", "One")),
        "MS-3",
        "same title, new ID"
    );
}

#[test]
fn next_id_follows_the_highest_in_the_work_tree() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &draft_story("a"));
    repo.item("MS-7-b.md", &draft_story("b"));
    repo.item("AB-50-other-prefix.md", &draft_story("c"));
    assert_eq!(id_of(&new(&repo, "story", "Next")), "MS-8");
}

#[test]
fn next_id_counts_subdirectories_letter_case_and_broken_files() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &draft_story("a"));
    repo.item("archive/MS-12-old.md", &draft_story("archived"));
    repo.item("ms-15-lower.md", &draft_story("lower case"));
    repo.item("MS-20-broken.md", "not even frontmatter");
    assert_eq!(id_of(&new(&repo, "story", "Next")), "MS-21");
}

#[test]
fn id_only_in_the_ranking_is_not_reused() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &draft_story("a"));
    repo.ranking("MS-1\nMS-9   # deleted by mistake, still ranked\n");
    assert_eq!(id_of(&new(&repo, "story", "Next")), "MS-10");
}

#[test]
fn id_used_only_on_another_local_branch_is_skipped() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &draft_story("a"));
    repo.commit("first item");
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    repo.item("MS-2-b.md", &draft_story("b"));
    repo.item("MS-5-c.md", &draft_story("c"));
    repo.commit("items on a branch");
    repo.git_ok(&["checkout", "-q", "main"]);
    assert!(!repo.path().join("backlog/items/MS-5-c.md").exists());
    assert_eq!(id_of(&new(&repo, "story", "On main")), "MS-6");
}

#[test]
fn id_used_only_on_a_remote_tracking_branch_is_skipped() {
    let upstream = TestRepo::with_backlog();
    upstream.item("MS-1-a.md", &draft_story("a"));
    upstream.commit("backlog");
    let clone = TestRepo::plain();
    let url = upstream.path().display().to_string();
    clone.git_ok(&["clone", "-q", &url, "."]);
    // Someone pushes a branch with new items; the clone only fetches it.
    upstream.git_ok(&["checkout", "-q", "-b", "teammate"]);
    upstream.item("MS-2-b.md", &draft_story("b"));
    upstream.item("MS-3-c.md", &draft_story("c"));
    upstream.commit("teammate's items");
    upstream.git_ok(&["checkout", "-q", "main"]);
    clone.git_ok(&["fetch", "-q", "origin"]);
    assert!(!clone.path().join("backlog/items/MS-3-c.md").exists());
    assert!(clone.git_ok(&["branch", "-r"]).contains("origin/teammate"));
    assert_eq!(id_of(&new(&clone, "story", "Mine")), "MS-4");
    assert_eq!(id_of(&new(&clone, "story", "Mine too")), "MS-5");
}

#[test]
fn works_outside_git() {
    let repo = TestRepo::plain();
    repo.backlog(&["init"]).code(0);
    let before = repo.tree();
    let path = new(&repo, "story", "No git here");
    assert_eq!(path, "backlog/items/MS-1-no-git-here.md");
    let mut after = repo.tree();
    after.retain(|p| !before.contains(p));
    assert_eq!(
        after,
        std::slice::from_ref(&path),
        "new creates the item and nothing else (no lock file)"
    );
    assert!(!repo.path().join(".git").exists());
    assert_eq!(id_of(&new(&repo, "bug", "Second")), "MS-2");
}

#[test]
fn works_from_a_subdirectory() {
    let repo = TestRepo::with_backlog();
    std::fs::create_dir_all(repo.path().join("src/app")).unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog_in("src/app", &["new", "spike", "Which importer"]);
    run.code(0);
    assert_eq!(
        run.stdout.trim_end(),
        "backlog/items/MS-1-which-importer.md"
    );
    assert!(
        repo.path()
            .join("backlog/items/MS-1-which-importer.md")
            .is_file()
    );
}

#[test]
fn unknown_kind_exits_2_listing_kinds() {
    let repo = TestRepo::with_backlog();
    let before = work_tree(&repo);
    repo.backlog(&["new", "feature", "Something"])
        .code(2)
        .stderr_has("feature")
        .stderr_has("bug, debt, epic, spike, story");
    assert!(work_tree(&repo) == before, "nothing may change");
}

#[test]
fn empty_or_multi_line_titles_exit_2() {
    let repo = TestRepo::with_backlog();
    let before = work_tree(&repo);
    for title in [
        "",
        "   ",
        "first line\nsecond line",
        "tab\there",
        "esc \u{1b}[31m",
        "cr\rhere",
    ] {
        let run = repo.backlog(&["new", "story", title]);
        run.code(2);
        assert!(run.stdout.is_empty(), "{title:?}: {}", run.stdout);
        assert!(
            !run.stderr.contains('\u{1b}'),
            "{title:?}: raw ESC in {}",
            run.stderr
        );
    }
    assert!(work_tree(&repo) == before, "nothing may change");
    assert_eq!(
        repo.tree()
            .iter()
            .filter(|p| p.starts_with("backlog/items/"))
            .count(),
        0
    );
}

#[test]
fn not_a_backlog_exits_2() {
    let repo = TestRepo::git();
    repo.backlog(&["new", "story", "x"])
        .code(2)
        .stderr_has("hint:");
    assert!(repo.tree().is_empty(), "{:?}", repo.tree());
}

#[test]
fn tricky_titles_round_trip_exactly() {
    let repo = TestRepo::with_backlog();
    let titles = [
        "Price is $1 or $2",
        "Back\\slash and \\n literal",
        "Say \"hi\" twice \"\"",
        "Triple ''' quotes",
        "Both ''' and \"\"\" kinds",
        "It's a 'quote'",
        "Ünïcödé 日本語 and emoji 🎉",
        "# not a comment = \"x\" ]] [[",
        "+++",
    ];
    for title in titles {
        let path = new(&repo, "story", title);
        let id = id_of(&path);
        let run = repo.backlog(&["show", &id, "--format", "json"]);
        run.code(0);
        assert_eq!(
            run.json()["item"]["title"],
            title,
            "file {path}:\n{}",
            repo.read(&path)
        );
    }
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has(&format!("checked {} items: no problems", titles.len()));
}

#[test]
fn title_with_surrounding_spaces_is_trimmed() {
    let repo = TestRepo::with_backlog();
    let path = new(&repo, "story", "  Padded  ");
    let run = repo.backlog(&["show", &id_of(&path), "--format", "json"]);
    assert_eq!(run.json()["item"]["title"], "Padded");
}

#[test]
fn slug_is_safe_and_bounded() {
    let repo = TestRepo::with_backlog();
    let path = new(&repo, "story", "../../etc/passwd");
    assert_eq!(path, "backlog/items/MS-1-etc-passwd.md");
    let long = "Very long words ".repeat(100);
    let path = new(&repo, "story", &long);
    let name = path.rsplit('/').next().unwrap_or_default();
    assert!(
        name.len() <= 80,
        "file name of {} bytes: {name}",
        name.len()
    );
    let run = repo.backlog(&["show", "MS-2", "--format", "json"]);
    assert_eq!(
        run.json()["item"]["title"],
        long.trim(),
        "the title itself is kept whole"
    );
    assert_eq!(new(&repo, "story", "日本"), "backlog/items/MS-3-日本.md");
    assert_eq!(new(&repo, "story", "!!!"), "backlog/items/MS-4.md");
    assert!(!repo.path().join("etc").exists());
}

#[test]
fn every_kind_lints_clean_right_after_init() {
    let repo = TestRepo::with_backlog();
    for kind in ["story", "bug", "spike", "debt", "epic"] {
        new(&repo, kind, &format!("A fresh {kind}"));
    }
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 5 items: no problems");
    let run = repo.backlog(&["list", "--format", "json"]);
    let items = run.json()["items"].clone();
    for item in items.as_array().into_iter().flatten() {
        assert_eq!(item["state"], "draft", "{item}");
        assert!(item["rank"].is_null(), "a new item is untriaged: {item}");
    }
}

#[test]
fn new_does_not_touch_the_ranking_without_rank() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &draft_story("a"));
    repo.ranking("MS-1 # reason\n");
    new(&repo, "story", "Untriaged");
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-1 # reason\n");
}

#[test]
fn team_template_is_used_with_its_comments() {
    let repo = TestRepo::with_backlog();
    repo.write(
        "backlog/templates/story.md",
        "+++\n# Team template v2\ntitle = \"\"  # say it in one line\nkind = \"story\"\nstate = \"draft\"\nsponsor = \"\"  # our own field\n+++\n\n## Problem\n\n## Acceptance criteria\n\n- [ ] \n",
    );
    let path = new(&repo, "story", "From template");
    let text = repo.read(&path);
    assert!(text.contains("# Team template v2\n"), "{text}");
    assert!(
        text.contains("title = \"From template\"  # say it in one line\n"),
        "{text}"
    );
    assert!(text.contains("sponsor = \"\"  # our own field\n"), "{text}");
    repo.backlog(&["lint"]).code(0);
}

#[test]
fn existing_path_is_never_clobbered_through_a_symlink() {
    let repo = TestRepo::with_backlog();
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = outside.path().join("victim.txt");
    std::fs::write(&target, "SECRET-CANARY-123\n").unwrap_or_else(|e| panic!("{e}"));
    let link = repo.path().join("backlog/items/MS-1-hello.md");
    std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog(&["new", "story", "Hello"]);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap_or_default(),
        "SECRET-CANARY-123\n",
        "the link's target must not change"
    );
    assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
    // RELIABILITY §3.3: a write refused before the rename exits 2 and changes nothing.
    run.code(2)
        .stderr_has("error: refusing to write ")
        .stderr_has("backlog/items/MS-1-hello.md: it is a symbolic link");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    run.lacks("SECRET-CANARY-123");
}

/// The snapshot without the writers' lock file, which lives in `.git` by design.
fn work_tree(repo: &TestRepo) -> crate::support::Snapshot {
    let mut files = repo.snapshot();
    files.remove(".git/backlog.lock");
    files
}

#[test]
fn existing_path_is_never_clobbered_by_a_directory_of_that_name() {
    let repo = TestRepo::with_backlog();
    std::fs::create_dir_all(repo.path().join("backlog/items/MS-1-hello.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = work_tree(&repo);
    let run = repo.backlog(&["new", "story", "Hello"]);
    run.code(2)
        .stderr_has("backlog/items/MS-1-hello.md already exists; nothing was changed");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(work_tree(&repo) == before, "a refused new changes nothing");
    let leftovers: Vec<String> = repo
        .tree()
        .into_iter()
        .filter(|p| p.contains(".backlog-tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temp files left behind: {leftovers:?}"
    );
    assert!(repo.path().join("backlog/items/MS-1-hello.md").is_dir());
}

#[test]
fn symlinked_items_directory_is_refused() {
    let repo = TestRepo::with_backlog();
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let items = repo.path().join("backlog/items");
    std::fs::remove_dir_all(&items).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path(), &items).unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog(&["new", "story", "Escape"]);
    run.code(2)
        .stderr_has("error: refusing to write ")
        .stderr_has("backlog/items is a symbolic link");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let written: Vec<_> = std::fs::read_dir(outside.path())
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    assert!(
        written.is_empty(),
        "wrote outside the repository: {written:?}"
    );
}

#[test]
fn invalid_config_refuses_with_its_location() {
    let repo = TestRepo::with_backlog();
    repo.config("prefix = \"MS\"\nsates = []\n");
    let run = repo.backlog(&["new", "story", "x"]);
    run.code(1).stderr_has("backlog/backlog.toml:2:1");
    assert!(!repo.path().join("backlog/items/MS-1-x.md").exists());
}

#[test]
fn prefix_comes_from_the_config() {
    let repo = TestRepo::git();
    repo.backlog(&["init", "--prefix", "AB"]).code(0);
    repo.item("MS-40-foreign.md", &draft_story("other prefix"));
    assert_eq!(new(&repo, "story", "Mine"), "backlog/items/AB-1-mine.md");
}

#[test]
fn refused_writes_name_paths_relative_to_the_repository_root() {
    let top = |repo: &TestRepo| repo.path().to_string_lossy().into_owned();
    // A symbolic link where the new item would go.
    let repo = TestRepo::with_backlog();
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(
        outside.path().join("victim.txt"),
        repo.path().join("backlog/items/MS-1-hello.md"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog(&["new", "story", "Hello"]);
    run.code(2)
        .stderr_has("error: refusing to write backlog/items/MS-1-hello.md: ")
        .lacks(&top(&repo));
    // A directory where the new item would go.
    let repo = TestRepo::with_backlog();
    std::fs::create_dir_all(repo.path().join("backlog/items/MS-1-hello.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog(&["new", "story", "Hello"]);
    run.code(2)
        .stderr_has("error: backlog/items/MS-1-hello.md already exists")
        .lacks(&top(&repo));
}
