//! `parent = "OLD"` (the key `import` writes for a sub-task) is a reference like `depends_on`:
//! renumber rewrites it in the same journaled write, keeping the line's comment and spacing,
//! and reports the file as updated; a `parent` naming another item is left byte for byte.

use super::*;

#[test]
fn a_parent_naming_the_old_id_is_rewritten_and_reported() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-3-epic.md", &draft_story("Epic"));
    repo.item(
        "MS-5-child.md",
        "+++\ntitle = \"Child\"\nkind = \"story\"\nstate = \"draft\"\nparent   = \"MS-3\"  # the epic\n+++\n\nBody.\n",
    );
    repo.item(
        "MS-6-both.md",
        "+++\r\ntitle = \"Both\"\r\nkind = \"story\"\r\nstate = \"draft\"\r\ndepends_on = [\"MS-3\"]\r\nparent = 'ms-3'\r\n+++\r\n\r\nBody.\r\n",
    );
    repo.item(
        "MS-7-other.md",
        "+++\ntitle = \"Other\"\nkind = \"story\"\nstate = \"draft\"\nparent = \"MS-30\"\n+++\n",
    );
    repo.item("MS-30-thirty.md", &draft_story("Thirty"));
    repo.ranking("MS-3\nMS-5\n");
    repo.commit("Start");
    let other = repo.read("backlog/items/MS-7-other.md");

    let run = repo.backlog(&["renumber", "MS-3", "MS-40"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "MS-3 → MS-40: backlog/items/MS-40-epic.md\n  updated backlog/items/MS-5-child.md\n  updated backlog/items/MS-6-both.md\n  updated backlog/ranking.txt\n"
    );
    assert_eq!(
        repo.read("backlog/items/MS-5-child.md"),
        "+++\ntitle = \"Child\"\nkind = \"story\"\nstate = \"draft\"\nparent   = \"MS-40\"  # the epic\n+++\n\nBody.\n"
    );
    assert_eq!(
        repo.read("backlog/items/MS-6-both.md"),
        "+++\r\ntitle = \"Both\"\r\nkind = \"story\"\r\nstate = \"draft\"\r\ndepends_on = [\"MS-40\"]\r\nparent = \"MS-40\"\r\n+++\r\n\r\nBody.\r\n"
    );
    assert_eq!(repo.read("backlog/items/MS-7-other.md"), other);
    // What git sees: the two children and ranking.txt modified, the epic renamed, nothing else.
    repo.git_ok(&["add", "-A"]);
    let status = repo.git_ok(&["status", "--porcelain", "--no-renames"]);
    let mut lines: Vec<&str> = status.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "A  backlog/items/MS-40-epic.md",
            "D  backlog/items/MS-3-epic.md",
            "M  backlog/items/MS-5-child.md",
            "M  backlog/items/MS-6-both.md",
            "M  backlog/ranking.txt",
        ]
    );

    // JSON lists the same updated files.
    let run = repo.backlog(&["renumber", "MS-40", "MS-41", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["updated"],
        serde_json::json!([
            "backlog/items/MS-5-child.md",
            "backlog/items/MS-6-both.md",
            "backlog/ranking.txt"
        ])
    );
    assert!(
        repo.read("backlog/items/MS-5-child.md")
            .contains("parent   = \"MS-41\"  # the epic\n")
    );
}
