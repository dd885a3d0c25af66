//! Tests for `backlog init`.

use crate::support::TestRepo;

#[test]
fn init_then_new_lints_clean() {
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&["new", "story", "View all teams in a league"]);
    run.code(0)
        .stdout_has("backlog/items/MS-1-view-all-teams-in-a-league.md");
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 1 item: no problems");
}

const TEMPLATES: [&str; 5] = ["bug", "debt", "epic", "spike", "story"];

#[test]
fn creates_config_ranking_items_and_a_template_per_kind() {
    let repo = TestRepo::git();
    let run = repo.backlog(&["init"]);
    run.code(0)
        .stdout_has("created backlog/backlog.toml")
        .stdout_has("created backlog/ranking.txt");
    for kind in TEMPLATES {
        run.stdout_has(&format!("created backlog/templates/{kind}.md"));
    }
    let mut expected = vec![
        "backlog".to_owned(),
        "backlog/backlog.toml".to_owned(),
        "backlog/items".to_owned(),
        "backlog/ranking.txt".to_owned(),
        "backlog/templates".to_owned(),
    ];
    expected.extend(
        TEMPLATES
            .iter()
            .map(|k| format!("backlog/templates/{k}.md")),
    );
    expected.sort();
    let tree: Vec<String> = repo
        .tree()
        .into_iter()
        .filter(|p| p.starts_with("backlog"))
        .collect();
    assert_eq!(tree, expected);
    assert!(repo.path().join("backlog/items").is_dir());
    let config = repo.read("backlog/backlog.toml");
    assert!(config.contains("prefix = \"MS\""), "{config}");
    assert!(
        config.lines().filter(|l| l.starts_with('#')).count() > 5,
        "the agreement is commented"
    );
    for kind in TEMPLATES {
        assert!(config.contains(&format!("[kinds.{kind}]")), "{config}");
        let template = repo.read(&format!("backlog/templates/{kind}.md"));
        assert!(template.starts_with("+++\n"), "{kind}: {template}");
        assert!(
            template.contains(&format!("kind = \"{kind}\"")),
            "{kind}: {template}"
        );
    }
    // The ranking explains itself and ranks nothing yet.
    let ranking = repo.read("backlog/ranking.txt");
    assert!(
        ranking.lines().all(|l| l.is_empty() || l.starts_with('#')),
        "{ranking}"
    );
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 0 items: no problems");
    repo.backlog(&["list"]).code(0);
}

#[test]
fn prefix_option_is_written_and_used() {
    let repo = TestRepo::git();
    repo.backlog(&["init", "--prefix", "AB"]).code(0);
    let config = repo.read("backlog/backlog.toml");
    assert!(config.contains("prefix = \"AB\""), "{config}");
    assert!(!config.contains("prefix = \"MS\""), "{config}");
    repo.backlog(&["new", "story", "First"])
        .code(0)
        .stdout_has("backlog/items/AB-1-first.md");
    repo.backlog(&["lint"]).code(0);
}

#[test]
fn long_and_alphanumeric_prefixes_are_valid() {
    for prefix in ["A", "X1", "ABCDEFGHIJ", "web2"] {
        let repo = TestRepo::git();
        repo.backlog(&["init", "--prefix", prefix]).code(0);
        let run = repo.backlog(&["new", "bug", "b"]);
        run.code(0)
            .stdout_has(&format!("backlog/items/{prefix}-1-b.md"));
        repo.backlog(&["lint"]).code(0);
    }
}

#[test]
fn second_init_exits_2_and_changes_nothing() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &crate::support::draft_story("kept"));
    repo.ranking("MS-1 # mine\n");
    let before = repo.snapshot();
    let tree = repo.tree();
    repo.backlog(&["init"]).code(2).stderr_has("already");
    repo.backlog(&["init", "--prefix", "XY"]).code(2);
    repo.backlog_in("backlog/items", &["init"]).code(2);
    assert!(repo.snapshot() == before, "a refused init changed a file");
    assert_eq!(repo.tree(), tree);
}

#[test]
fn invalid_prefix_exits_2_and_creates_nothing() {
    let repo = TestRepo::git();
    for prefix in [
        "1X",
        "A-B",
        "",
        "ABCDEFGHIJK",
        "A B",
        "../x",
        "A/B",
        "Ü",
        "-1",
    ] {
        let run = repo.backlog(&["init", "--prefix", prefix]);
        run.code(2);
        assert!(run.stdout.is_empty(), "{prefix:?}: {}", run.stdout);
        assert!(
            repo.tree().is_empty(),
            "{prefix:?} created {:?}",
            repo.tree()
        );
    }
}

#[test]
fn init_in_a_subdirectory_puts_the_backlog_at_the_repository_top() {
    let repo = TestRepo::git();
    std::fs::create_dir_all(repo.path().join("src/deep/er")).unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog_in("src/deep/er", &["init"]);
    run.code(0).stdout_has("created backlog/backlog.toml");
    assert!(repo.path().join("backlog/backlog.toml").is_file());
    assert!(!repo.path().join("src/deep/er/backlog").exists());
    // And the commands find it from anywhere below.
    repo.backlog_in("src/deep/er", &["new", "story", "From below"])
        .code(0)
        .stdout_has("backlog/items/MS-1-from-below.md");
    repo.backlog_in("src", &["lint"]).code(0);
}

#[test]
fn init_outside_git_uses_the_current_directory() {
    let repo = TestRepo::plain();
    std::fs::create_dir_all(repo.path().join("project")).unwrap_or_else(|e| panic!("{e}"));
    repo.backlog_in("project", &["init"]).code(0);
    assert!(repo.path().join("project/backlog/backlog.toml").is_file());
    assert!(
        !repo.path().join("project/.git").exists(),
        "init does not create a repository"
    );
    repo.backlog_in("project", &["lint"]).code(0);
}

#[test]
fn init_with_root_creates_the_backlog_there() {
    let repo = TestRepo::git();
    repo.backlog(&["--root", "planning", "init"]).code(0);
    assert!(repo.path().join("planning/backlog.toml").is_file());
    assert!(repo.path().join("planning/items").is_dir());
    repo.backlog(&["--root", "planning", "lint"]).code(0);
}

#[test]
fn init_keeps_files_of_a_half_made_backlog() {
    let repo = TestRepo::git();
    repo.write("backlog/ranking.txt", "MS-1 # already here\n");
    repo.write(
        "backlog/templates/story.md",
        "+++\ntitle = \"\"\nkind = \"story\"\nstate = \"draft\"\n# ours\n+++\n",
    );
    repo.backlog(&["init"])
        .code(0)
        .stdout_has("backlog/ranking.txt");
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-1 # already here\n");
    assert!(repo.read("backlog/templates/story.md").contains("# ours"));
    assert!(repo.path().join("backlog/backlog.toml").is_file());
}
