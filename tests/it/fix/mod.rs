//! `backlog lint --fix` and `--fix --dry-run` through the binary: byte-exact results, what it
//! prints, what it leaves alone, and that a dry run writes nothing.

use crate::support::{TestRepo, ready_story};

/// A ready story with CRLF line endings, a comment, no owner, no `## Problem`, a near-miss
/// key and an estimate above the ceiling (which has no mechanical fix).
const BROKEN: &str = "+++\r\ntitle = \"Teams page\"   # short\r\nkind = \"story\"\r\nstate = \"ready\"\r\nvalue = \"Admins save time\"\r\nestimate = 12\r\ntagz = [\"ux\"]\r\n+++\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] Paged table\r\n";

const FIXED: &str = "+++\r\ntitle = \"Teams page\"   # short\r\nkind = \"story\"\r\nstate = \"ready\"\r\nvalue = \"Admins save time\"\r\nestimate = 12\r\ntags = [\"ux\"]\r\nowner = \"\"\r\n+++\r\n\r\n## Problem\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] Paged table\r\n";

const RANKING: &str =
    "# Most important first\nMS-1    # launch blocker\nMS-2\nMS-99   # gone\nMS-1\nMS-2";

fn fixture() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-teams.md", BROKEN);
    repo.item("MS-2-schedule.md", &ready_story("Schedule page"));
    repo.ranking(RANKING);
    repo
}

#[test]
fn fix_writes_the_fixes_byte_for_byte_and_reports_what_remains() {
    let repo = fixture();
    let run = repo.backlog(&["lint", "--fix"]);
    run.code(1);
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("fixed "))
        .collect();
    assert_eq!(
        listed,
        [
            "fixed backlog/items/MS-1-teams.md:1:1 DOR001 add `owner = \"\"`",
            "fixed backlog/items/MS-1-teams.md:7:1 FM011 rename `tagz` to `tags`",
            "fixed backlog/items/MS-1-teams.md:8:1 DOR002 add the heading `## Problem`",
            "fixed backlog/ranking.txt:4:1 ORD001 remove MS-99 from the ranking (line 4)",
            "fixed backlog/ranking.txt:5:1 ORD002 remove the second line of MS-1 (line 5)",
            "fixed backlog/ranking.txt:6:1 ORD002 remove the second line of MS-2 (line 6)",
        ]
    );
    run.stdout_has("6 fixes applied in 2 files");
    assert_eq!(repo.read("backlog/items/MS-1-teams.md"), FIXED);
    // The last line had no newline, and still has none.
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "# Most important first\nMS-1    # launch blocker\nMS-2"
    );
    // What is left is reported as lint reports it: the blank owner and the estimate.
    run.stdout_has("error[DOR001]: `owner` of MS-1 is blank");
    run.stdout_has("error[DOR004]: estimate 12 is above the ceiling of 8");
    let (_, left) = repo.lint_json(&[]);
    let left: Vec<String> = left.iter().map(|f| f.at()).collect();
    assert_eq!(left, ["DOR004@6:12", "DOR001@8:9"]);
    // A second run has nothing to do.
    let again = repo.backlog(&["lint", "--fix"]);
    again.code(1).stdout_has("nothing to fix");
    assert_eq!(repo.read("backlog/items/MS-1-teams.md"), FIXED);
}

#[test]
fn dry_run_prints_the_unified_diff_and_writes_nothing() {
    let repo = fixture();
    let before = repo.work_tree_files();
    let run = repo.backlog(&["lint", "--fix", "--dry-run"]);
    run.code(1);
    assert_eq!(repo.work_tree_files(), before, "a dry run writes nothing");
    let ranking_diff = "--- a/backlog/ranking.txt\n+++ b/backlog/ranking.txt\n@@ -1,6 +1,3 @@\n # Most important first\n MS-1    # launch blocker\n-MS-2\n-MS-99   # gone\n-MS-1\n MS-2\n\\ No newline at end of file\n";
    assert!(run.stdout.contains(ranking_diff), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("-tagz = [\"ux\"]\n+tags = [\"ux\"]\n+owner = \"\"\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+## Problem\n"), "{}", run.stdout);
    run.stdout_has("would fix backlog/ranking.txt:4:1 ORD001 remove MS-99")
        .stdout_has("6 fixes in 2 files would be applied; nothing was written");
    // A clean backlog: nothing to fix, exit 0.
    let clean = TestRepo::with_backlog();
    clean.item("MS-1-a.md", &ready_story("A"));
    clean.ranking("MS-1\n");
    clean
        .backlog(&["lint", "--fix", "--dry-run"])
        .code(0)
        .stdout_has("nothing to fix");
}

#[test]
fn fix_leaves_alone_what_it_cannot_fix_safely() {
    let repo = TestRepo::with_backlog();
    // No estimate (a number has no empty value), a near-miss key whose target is there
    // already, and a broken frontmatter elsewhere.
    let no_estimate = "+++\ntitle = \"A\"\nkind = \"story\"\nstate = \"ready\"\nowner = \"o\"\nvalue = \"v\"\ntags = []\ntagz = []\n+++\n\n## Problem\n\nx\n\n## Acceptance criteria\n\n- [ ] y\n";
    let broken = "+++\ntitle = \"B\"\nkind = \n+++\n";
    repo.item("MS-1-a.md", no_estimate);
    repo.item("MS-2-b.md", broken);
    repo.ranking("MS-1\nMS-2\n");
    let before = repo.work_tree_files();
    let run = repo.backlog(&["lint", "--fix"]);
    run.code(1).stdout_has("nothing to fix");
    run.stdout_has("MS-1 has no `estimate`").stdout_has("FM003");
    assert_eq!(repo.work_tree_files(), before);
}

#[test]
fn machine_formats_keep_stdout_for_the_findings() {
    let repo = fixture();
    let run = repo.backlog(&["lint", "--fix", "--format", "json"]);
    run.code(1);
    run.stderr_has("6 fixes applied in 2 files");
    let findings = run.findings();
    let codes: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(codes, ["DOR004", "DOR001"]);
    // --dry-run needs --fix.
    repo.backlog(&["lint", "--dry-run"]).code(2);
}

#[test]
fn fix_waits_for_the_lock_and_refuses_with_exit_3_when_it_is_held() {
    let repo = fixture();
    let _held = crate::support::hold_lock(&repo.path().join(".git/backlog.lock"));
    let before = repo.work_tree_files();
    let run = repo.backlog(&["lint", "--fix"]);
    assert_eq!(repo.work_tree_files(), before, "{}", run.stderr);
    run.code(3);
}

#[test]
fn fix_with_paths_fixes_only_those_files() {
    let repo = fixture();
    let run = repo.backlog(&["lint", "--fix", "backlog/ranking.txt"]);
    run.code(0).stdout_has("3 fixes applied in 1 file");
    assert_eq!(repo.read("backlog/items/MS-1-teams.md"), BROKEN);
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "# Most important first\nMS-1    # launch blocker\nMS-2"
    );
}
