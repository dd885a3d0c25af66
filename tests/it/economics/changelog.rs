//! The changelog across a merge, with authors through .mailmap, by week and by tag.

use super::{DAY, MONDAY, commit_at, file, json, story};
use crate::support::TestRepo;

const DANA: (&str, &str) = ("Dana Developer", "dana@midwest.example");
const OLD_SAM: (&str, &str) = ("sam", "sam@old-laptop.local");
const SAM: (&str, &str) = ("Sam Squash", "sam@midwest.example");

fn value(v: &str) -> String {
    format!("value = \"{v}\"\n")
}

/// main: MS-1 and MS-2 added on Monday; a branch where Sam (from an old laptop address that
/// .mailmap maps) works on MS-2 and finishes it on Wednesday; Dana finishes MS-1 on main on
/// Tuesday; the branch is merged on Thursday; Dana finishes MS-3 the next week.
fn scenario() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.write(
        ".mailmap",
        "Sam Squash <sam@midwest.example> <sam@old-laptop.local>\n",
    );
    repo.item(
        &file(1),
        &story(
            "Sign in by email link",
            "ready",
            &value("Admins stop sharing a password"),
        ),
    );
    repo.item(
        &file(2),
        &story(
            "Create a season",
            "ready",
            &value("Seasons in *minutes* <b>"),
        ),
    );
    repo.item(&file(3), &story("Sort teams", "ready", ""));
    repo.ranking("MS-1\nMS-2\nMS-3\n");
    commit_at(&repo, MONDAY, "Start", Some(DANA));
    repo.git_ok(&["checkout", "-q", "-b", "season"]);
    repo.item(
        &file(2),
        &story(
            "Create a season",
            "doing",
            &value("Seasons in *minutes* <b>"),
        ),
    );
    commit_at(&repo, MONDAY + DAY, "Start MS-2", Some(OLD_SAM));
    repo.item(
        &file(2),
        &story(
            "Create a season",
            "done",
            &value("Seasons in *minutes* <b>"),
        ),
    );
    commit_at(&repo, MONDAY + 2 * DAY, "Finish MS-2", Some(OLD_SAM));
    repo.git_ok(&["checkout", "-q", "main"]);
    repo.item(
        &file(1),
        &story(
            "Sign in by email link",
            "done",
            &value("Admins stop sharing a password"),
        ),
    );
    commit_at(&repo, MONDAY + DAY + 3600, "Finish MS-1", Some(DANA));
    let date = format!("{} +0000", MONDAY + 3 * DAY);
    repo.git_env(
        &["merge", "-q", "--no-ff", "-m", "Merge season", "season"],
        &[("GIT_AUTHOR_DATE", &date), ("GIT_COMMITTER_DATE", &date)],
    )
    .code(0);
    repo.item(&file(3), &story("Sort teams", "done", ""));
    commit_at(&repo, MONDAY + 8 * DAY, "Finish MS-3", Some(DANA));
    repo
}

#[test]
fn finished_items_by_week_with_the_people_who_worked_on_them() {
    let repo = scenario();
    let doc = json(&repo.backlog(&["changelog", "--format", "json"]));
    let groups = doc["groups"].as_array().expect("groups");
    let labels: Vec<&str> = groups
        .iter()
        .map(|g| g["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(labels, ["week of 2024-01-08", "week of 2024-01-01"]);
    let first_week: Vec<(&str, &str, Vec<&str>)> = groups[1]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap_or(""),
                e["finished"].as_str().unwrap_or(""),
                e["authors"]
                    .as_array()
                    .map(|a| a.iter().map(|p| p["name"].as_str().unwrap_or("")).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    // MS-1: Dana added it and finished it on Tuesday. MS-2: Dana added it; Sam (as .mailmap
    // maps the old address) finished it on Wednesday, on the branch that was merged.
    assert_eq!(
        first_week,
        vec![
            ("MS-1", "2024-01-02", vec!["Dana Developer"]),
            ("MS-2", "2024-01-03", vec!["Dana Developer", "Sam Squash"]),
        ]
    );
    assert_eq!(groups[1]["items"][1]["authors"][1]["email"], SAM.1);
}

#[test]
fn markdown_is_ready_to_paste_and_inert() {
    let repo = scenario();
    let run = repo.backlog(&["changelog"]);
    run.code(0);
    assert!(
        run.stdout
            .starts_with("## What we finished\n\n### week of 2024-01-08\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- **MS-2** Create a season (2024-01-03, by Dana Developer, Sam Squash): Seasons in \\*minutes\\* &lt;b>"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("3 items finished together.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn since_a_date_or_a_revision_and_grouped_by_tag() {
    let repo = scenario();
    let doc = json(&repo.backlog(&["changelog", "--since", "2024-01-03", "--format", "json"]));
    let ids: Vec<&str> = doc["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["items"].as_array().into_iter().flatten())
        .map(|e| e["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["MS-3", "MS-2"]);
    // Since the merge: only MS-3.
    let run = repo.backlog(&["changelog", "--since", "HEAD~1", "--format", "text"]);
    run.code(0);
    assert!(run.stdout.contains("MS-3  Sort teams"), "{}", run.stdout);
    assert!(!run.stdout.contains("MS-1"), "{}", run.stdout);
    // Tags: the merge is v1.0; MS-3 is unreleased.
    repo.git_ok(&["tag", "v1.0", "HEAD~1"]);
    let doc = json(&repo.backlog(&["changelog", "--format", "json"]));
    let groups: Vec<(&str, usize)> = doc["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["label"].as_str().unwrap_or(""),
                g["items"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    assert_eq!(groups, [("unreleased", 1), ("v1.0", 2)]);
    let bad = repo.backlog(&["changelog", "--since", "no-such-rev"]);
    bad.code(2);
    assert!(bad.stderr.contains("neither a date"), "{}", bad.stderr);
}
