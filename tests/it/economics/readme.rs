//! The README's forecast and changelog are real output: this builds their history (the example
//! backlog plus six weeks of a team finishing work, by fixed dates) and checks the README shows
//! exactly what the commands print on it. `value` in the README runs on example-backlog itself.

use super::{DAY, MONDAY, WEEK, commit_at};
use crate::support::{TestRepo, item_text};
use std::path::Path;

const TEAM: [(&str, &str); 3] = [
    ("Dana Developer", "dana@midwest.example"),
    ("Marco Rossi", "marco@midwest.example"),
    ("Sam Squash", "sam@old-laptop.local"),
];

/// Finished stories of the six weeks before the example backlog's present, by week.
const DONE: [&[&str]; 6] = [
    &[
        "Export standings as a spreadsheet",
        "Captains see their roster",
    ],
    &[
        "Rainout reschedules notify teams",
        "Venues have opening hours",
    ],
    &["League admins sign in with a link sent by email"],
    &[
        "Create a league season with its divisions",
        "Referees see their games",
        "Refunds for withdrawn teams",
    ],
    &["Waitlist for full divisions"],
    &["Sponsors on team pages", "Score sheets as PDF"],
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {to:?}: {e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {from:?}: {e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy: {e}"));
        }
    }
}

fn fixture() -> TestRepo {
    let repo = TestRepo::git();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    copy_dir(&example, &repo.path().join("backlog"));
    repo.write(
        ".mailmap",
        "Sam Squash <sam@midwest.example> <sam@old-laptop.local>\n",
    );
    let items = repo.path().join("backlog/items");
    let mut files: Vec<(String, String)> = Vec::new();
    let mut next = 17;
    for week in DONE {
        for title in week {
            let existing = std::fs::read_dir(&items)
                .unwrap_or_else(|e| panic!("{e}"))
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|name| {
                    std::fs::read_to_string(items.join(name))
                        .is_ok_and(|t| t.contains(&format!("title = \"{title}\"")))
                });
            let name = existing.unwrap_or_else(|| {
                let name = format!("MS-{next}-{}.md", title.to_lowercase().replace(' ', "-"));
                next += 1;
                repo.item(
                    &name,
                    &item_text(
                        &format!("title = \"{title}\"\nkind = \"story\"\nstate = \"done\"\nowner = \"dana@midwest.example\"\nvalue = \"{title}, for every league\"\nestimate = 3\n"),
                        "\n## Problem\n\nAsked for by the league offices.\n\n## Acceptance criteria\n\n- [x] Done\n",
                    ),
                );
                name
            });
            let text = repo.read(&format!("backlog/items/{name}"));
            files.push((name, text));
        }
    }
    // Start: every finished item still `doing`.
    for (name, text) in &files {
        repo.item(
            name,
            &text.replacen("state = \"done\"", "state = \"doing\"", 1),
        );
    }
    commit_at(&repo, MONDAY - WEEK, "Start the backlog", Some(TEAM[0]));
    let mut i = 0;
    for (week, titles) in DONE.iter().enumerate() {
        for (k, _) in titles.iter().enumerate() {
            let (name, text) = &files[i];
            repo.item(name, text);
            let when = MONDAY
                + i64::try_from(week).unwrap_or(0) * WEEK
                + i64::try_from(k + 1).unwrap_or(0) * DAY;
            commit_at(
                &repo,
                when,
                &format!("Finish {name}"),
                Some(TEAM[i % TEAM.len()]),
            );
            i += 1;
        }
        if week == 3 {
            repo.git_ok(&["tag", "v0.9"]);
        }
    }
    repo
}

/// The console blocks of README.md, each as its text (the `$ ` line, then the output).
fn readme_blocks() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .unwrap_or_else(|e| panic!("README.md: {e}"));
    text.split("```console\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .map(|b| format!("{b}\n"))
        .collect()
}

#[track_caller]
fn shown(repo: &TestRepo, args: &[&str]) {
    let run = repo.backlog(args);
    run.code(0);
    let block = format!("$ backlog {}\n{}", args.join(" "), run.stdout);
    assert!(
        readme_blocks().contains(&block),
        "README.md should show this block exactly:\n{block}"
    );
}

#[test]
fn readme_shows_the_real_forecast_and_changelog() {
    let repo = fixture();
    shown(&repo, &["forecast", "--top", "5", "--seed", "1"]);
    shown(
        &repo,
        &["changelog", "--since", "2024-01-22", "--format", "text"],
    );
}
