//! DOR007: an item that must be Ready still holds its template's placeholder text.

use crate::support::{TestRepo, ready_story};

/// The built-in story template, filled in only where DOR001–DOR003 look.
fn untouched_story() -> String {
    "+++\ntitle = \"Untouched\"\nkind = \"story\"\nstate = \"ready\"\nowner = \"dana@midwest.example\"\nvalue = \"Admins save time\"\nestimate = 3\n+++\n\n## Problem\n\nWhat hurts, for whom, and why it matters now. The problem, not a solution.\n\n## Acceptance criteria\n\n- [ ] A testable outcome\n\n## Notes\n".to_owned()
}

#[test]
fn a_ready_story_with_the_templates_text_fails_lint() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-untouched.md", &untouched_story());
    repo.item("MS-2-written.md", &ready_story("Written"));
    let (run, findings) = repo.lint_json(&[]);
    run.code(1);
    let got: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.path, f.at()))
        .collect();
    assert_eq!(
        got,
        [
            "backlog/items/MS-1-untouched.md DOR007@12:1",
            "backlog/items/MS-1-untouched.md DOR007@16:1"
        ]
    );
    assert!(
        findings[1].message.contains("`- [ ] A testable outcome`")
            && findings[1]
                .message
                .contains("(Ready is required: its state is `ready`)"),
        "{findings:?}"
    );
}

#[test]
fn a_draft_may_keep_the_template_and_the_rule_can_be_turned_off() {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-untouched.md",
        &untouched_story().replace("state = \"ready\"", "state = \"draft\""),
    );
    repo.backlog(&["lint"]).code(0);
    repo.item("MS-1-untouched.md", &untouched_story());
    repo.backlog(&["lint"]).code(1).stdout_has("error[DOR007]");
    repo.config_replace("[rules]\n", "[rules]\ntemplate-placeholder = \"off\"\n");
    repo.backlog(&["lint"]).code(0);
}

#[test]
fn the_teams_own_template_text_counts_as_placeholder() {
    let repo = TestRepo::with_backlog();
    repo.write(
        "backlog/templates/story.md",
        "+++\ntitle = \"\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\n## Problem\n\nDescribe the user's pain here.\n\n## Acceptance criteria\n\n- [ ] \n",
    );
    let text =
        ready_story("Pain").replace("Admins cannot see teams.", "Describe the user's pain here.");
    repo.item("MS-1-pain.md", &text);
    let (run, findings) = repo.lint_json(&[]);
    run.code(1);
    let codes: Vec<String> = findings.iter().map(Finding::at).collect();
    assert_eq!(codes, ["DOR007@12:1"], "{findings:?}");
}

#[test]
fn a_fresh_item_from_new_is_caught_once_it_is_ready() {
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&["new", "story", "Brand new"]);
    run.code(0);
    repo.backlog(&["lint"]).code(0);
    let path = run.stdout.trim().to_owned();
    let text = repo
        .read(&path)
        .replace("state = \"draft\"", "state = \"ready\"")
        .replace("value = \"\"", "value = \"Admins save time\"")
        .replace("owner = \"\"", "owner = \"dana@midwest.example\"")
        .replace("# estimate = 3", "estimate = 3");
    repo.write(&path, text);
    repo.backlog(&["lint"])
        .code(1)
        .stdout_has("error[DOR007]")
        .stdout_has("A testable outcome");
}

use crate::support::Finding;
