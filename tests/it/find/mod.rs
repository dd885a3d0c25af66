//! Finding things (issue 12): `list` filters and CSV, `search`, the CI formats `lint --format
//! junit|gitlab`, and Markdown that reads well raw (IDs and ranks in code spans).

mod ci_formats;
mod list_filters;
mod markdown;
mod search;

use crate::support::{TestRepo, draft_with, ready_story};

/// A backlog with something for every filter:
/// ranked MS-3 (ready, Dana, tags ux), MS-1 (ready, owner Sam, tags ux api), MS-5 (done);
/// untriaged MS-2 (draft, Dana's name, tag api), MS-4 (bug draft, no owner), MS-6 (dropped).
pub(super) fn varied() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-x.md",
        &ready_story("Export the league table")
            .replace("dana@midwest.example", "sam@midwest.example")
            .replace("estimate = 5\n", "estimate = 5\ntags = [\"ux\", \"api\"]\n"),
    );
    repo.item(
        "MS-2-x.md",
        &draft_with(
            "Import rosters",
            "owner = \"Dana Developer\"\ntags = [\"API\"]\n",
        ),
    );
    repo.item(
        "MS-3-x.md",
        &ready_story("View all teams").replace("estimate = 5\n", "estimate = 5\ntags = [\"ux\"]\n"),
    );
    repo.item(
        "MS-4-x.md",
        &draft_with("Roster page is cut off", "").replace("story", "bug"),
    );
    repo.item(
        "MS-5-x.md",
        &ready_story("Sign in with an email link").replace("\"ready\"", "\"done\""),
    );
    repo.item(
        "MS-6-x.md",
        &draft_with("Sort teams by sponsor", "").replace("\"draft\"", "\"dropped\""),
    );
    repo.ranking("MS-3\nMS-1\nMS-5\n");
    repo
}

pub(super) fn ids(run: &crate::support::Run) -> Vec<String> {
    run.json()["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items:\n{}", run.stdout))
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}
