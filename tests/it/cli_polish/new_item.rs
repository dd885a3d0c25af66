//! `new`: slugs keep what a title says in any script (Latin in ASCII), and a blank `owner`
//! of the template is filled in from git's identity unless `owner_from_git = false`.

use crate::support::TestRepo;

#[track_caller]
fn created(repo: &TestRepo, kind: &str, title: &str) -> String {
    let run = repo.backlog(&["new", kind, title]);
    run.code(0);
    run.stdout.trim_end().to_owned()
}

#[test]
fn latin_titles_get_ascii_slugs_and_other_scripts_keep_their_letters() {
    let repo = TestRepo::with_backlog();
    assert_eq!(
        created(&repo, "story", "Größe ändern"),
        "backlog/items/MS-1-groesse-aendern.md"
    );
    // The same title typed in NFD (as a macOS file dialog may hand it over).
    assert_eq!(
        created(&repo, "story", "Cre\u{300}me bru\u{302}le\u{301}e"),
        "backlog/items/MS-2-creme-brulee.md"
    );
    assert_eq!(
        created(&repo, "bug", "ログインできない"),
        "backlog/items/MS-3-ログインできない.md"
    );
    // NFD kana (か + U+3099) are stored composed.
    assert_eq!(
        created(&repo, "story", "か\u{3099}いこく"),
        "backlog/items/MS-4-がいこく.md"
    );
    assert_eq!(created(&repo, "story", "???"), "backlog/items/MS-5.md");
    let run = repo.backlog(&["lint", "--format", "json"]);
    run.code(0);
    let listed = repo.backlog(&["list", "--format", "json"]);
    listed.code(0).stdout_has("ログインできない");
    repo.git_ok(&["add", "-A"]);
    let status = repo.git_ok(&["-c", "core.quotepath=false", "status", "--porcelain"]);
    assert!(
        status.contains("backlog/items/MS-4-がいこく.md"),
        "git sees the composed name: {status}"
    );
}

#[test]
fn a_blank_owner_is_filled_from_git_config_user_email() {
    let repo = TestRepo::with_backlog();
    repo.git_ok(&["config", "user.email", "sam@midwest.example"]);
    let run = repo
        .backlog_env(
            ".",
            &["new", "story", "Owned"],
            &[],
            &["GIT_AUTHOR_EMAIL", "GIT_AUTHOR_NAME"],
        )
        .run;
    run.code(0);
    let text = repo.read(run.stdout.trim_end());
    assert!(text.contains("owner = \"sam@midwest.example\"\n"), "{text}");
    assert!(text.contains("state = \"draft\""), "{text}");
}

#[test]
fn owner_from_git_false_leaves_it_blank_and_a_set_owner_stays() {
    let repo = TestRepo::with_backlog();
    repo.config_replace("owner_from_git = true", "owner_from_git = false");
    let path = created(&repo, "story", "Unowned");
    assert!(repo.read(&path).contains("owner = \"\"\n"));
    repo.config_replace("owner_from_git = false", "owner_from_git = true");
    repo.write(
        "backlog/templates/bug.md",
        "+++\ntitle = \"\"\nkind = \"bug\"\nstate = \"draft\"\nowner = \"triage@midwest.example\"\n+++\n\n## Steps to reproduce\n",
    );
    let path = created(&repo, "bug", "Preset owner");
    assert!(
        repo.read(&path)
            .contains("owner = \"triage@midwest.example\"\n"),
        "{}",
        repo.read(&path)
    );
}
