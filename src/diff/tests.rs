use super::*;
use crate::git::fixture::{Fixture, must};
use std::path::Path;

/// Every file of the bundled example backlog, as (path below the backlog directory, text).
fn example_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| must(e, "walk example-backlog"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = must(e.path().strip_prefix(&root), "relative path");
            let text = must(std::fs::read_to_string(e.path()), "read example file");
            (rel.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

fn summary(side: &Side) -> Vec<(String, String, bool)> {
    let mut items: Vec<_> = side
        .items
        .values()
        .map(|i| (i.id.clone(), i.title.clone(), i.ready))
        .collect();
    items.sort();
    items
}

#[test]
fn a_side_at_a_commit_is_judged_as_the_work_tree_is() {
    let files = example_files();
    let fx = Fixture::new();
    let in_repo: Vec<(String, String)> = files
        .iter()
        .map(|(path, text)| (format!("backlog/{path}"), text.clone()))
        .collect();
    let changes: Vec<(&str, Option<&str>)> = in_repo
        .iter()
        .map(|(path, text)| (path.as_str(), Some(text.as_str())))
        .collect();
    let commit = fx.commit(&[], &changes, "Example", (1_700_000_000, 0));

    let at = must(side_at(&fx.repo(), &commit, &commit, "backlog"), "side_at");
    let location = Location {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog"),
        base: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    };
    let here = must(work_tree(&location), "work tree");

    assert_eq!(at.label, short(&commit), "a full commit id is shown short");
    let items = summary(&at);
    assert_eq!(items, summary(&here));
    assert_eq!(items.len(), 16);
    let ready = items.iter().filter(|(_, _, ready)| *ready).count();
    assert!(
        ready > 0 && ready < items.len(),
        "the example must mix Ready and not: {items:?}"
    );
    assert_eq!(at.ranking.len(), here.ranking.len());
}

#[test]
fn a_side_at_a_commit_reads_nested_items_and_skips_what_the_walk_skips() {
    let fx = Fixture::new();
    let commit = fx.commit(
        &[],
        &[
            ("backlog/ranking.txt", Some("MS-2\nMS-1\n")),
            (
                "backlog/items/MS-1-top.md",
                Some("+++\ntitle = \"Top\"\n+++\n"),
            ),
            (
                "backlog/items/done/MS-2-nested.md",
                Some("+++\ntitle = \"Nested\"\n+++\n"),
            ),
            (
                "backlog/items/.MS-3-hidden.md",
                Some("+++\ntitle = \"Hidden\"\n+++\n"),
            ),
            (
                "backlog/items/MS-4-backup.md~",
                Some("+++\ntitle = \"Backup\"\n+++\n"),
            ),
        ],
        "Start",
        (1_700_000_000, 0),
    );
    let side = must(side_at(&fx.repo(), &commit, "HEAD", "backlog"), "side_at");
    let titles: Vec<(String, String)> = summary(&side)
        .into_iter()
        .map(|(id, title, _)| (id, title))
        .collect();
    assert_eq!(
        titles,
        [
            ("MS-1".into(), "Top".into()),
            ("MS-2".into(), "Nested".into())
        ]
    );
    let ids = must(ids_at(&fx.repo(), &commit, "backlog"), "ids_at");
    assert!(ids.contains("ms-1") && ids.contains("ms-2"), "{ids:?}");
}
