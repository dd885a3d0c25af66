//! `backlog set`: typed values, edited in place with every other byte kept.

use super::*;

/// `commented_story()` with `from` replaced by `to` (which must be there).
#[track_caller]
fn story_with(from: &str, to: &str) -> String {
    let text = commented_story();
    assert!(text.contains(from), "no {from:?} in the story");
    text.replacen(from, to, 1)
}

#[test]
fn values_change_in_place_keeping_comments_quotes_and_order() {
    let repo = backlog();
    let run = repo.backlog(&[
        "set",
        "MS-3",
        "estimate=5",
        "state=ready",
        "owner=sam@midwest.example",
    ]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "MS-3: backlog/items/MS-3-view-teams.md\n  estimate  3 → 5\n  state     'refining' → 'ready'\n  owner     \"dana@midwest.example\" → \"sam@midwest.example\"\n"
    );
    let want = story_with("estimate = 3 #", "estimate = 5 #")
        .replacen("state = 'refining'", "state = 'ready'", 1)
        .replacen("owner = \"dana@", "owner = \"sam@", 1);
    assert_eq!(repo.read(MS3), want);
}

#[test]
fn lists_grow_and_shrink_in_their_layout() {
    let repo = backlog();
    repo.backlog(&["set", "MS-3", "tags+=ux", "depends_on+=ms-1"])
        .code(0);
    assert_eq!(
        repo.read(MS3),
        story_with(
            "  \"teams\",\n]\ncity = \"Chicago\"\n",
            "  \"teams\",\n  \"ux\",\n]\ncity = \"Chicago\"\ndepends_on = [\"MS-1\"]\n"
        ),
        "the new tag goes on its own line; the dependency is spelled as its file spells it"
    );
    repo.backlog(&["set", "MS-3", "tags-=admin", "tags-=ux"])
        .code(0);
    let text = repo.read(MS3);
    assert!(text.contains("tags = [\n  \"teams\",\n]\n"), "{text}");
    // Adding what is there already changes nothing, not even a byte.
    let before = repo.read(MS3);
    repo.backlog(&["set", "MS-3", "tags+=teams"])
        .code(0)
        .stdout_has("MS-3: nothing to change");
    assert_eq!(repo.read(MS3), before);
}

#[test]
fn unset_removes_the_key_and_keeps_the_comment_above_it() {
    let repo = backlog();
    repo.backlog(&["set", "MS-3", "--unset", "estimate"])
        .code(0)
        .stdout_has("estimate  3 → (none)");
    assert_eq!(
        repo.read(MS3),
        story_with(
            "# agreed in refinement\nestimate = 3 # points\ntags",
            "# agreed in refinement\ntags"
        )
    );
    // Removing what is not there is no change.
    repo.backlog(&["set", "MS-3", "--unset", "timebox"])
        .code(0)
        .stdout_has("nothing to change");
}

#[test]
fn custom_keys_keep_their_type_and_new_ones_read_as_toml() {
    let repo = backlog();
    repo.backlog(&[
        "set",
        "MS-3",
        "city=42",
        "points=3",
        "urgent=true",
        "team=core",
    ])
    .code(0);
    let text = repo.read(MS3);
    assert!(
        text.contains("city = \"42\"\n"),
        "a string stays a string:\n{text}"
    );
    assert!(
        text.contains("points = 3\nurgent = true\nteam = \"core\"\n+++"),
        "{text}"
    );
    repo.backlog(&["lint"]).code(0);
}

#[test]
fn crlf_and_a_bom_are_kept() {
    let repo = backlog();
    let text = format!("\u{feff}{}", commented_story().replace('\n', "\r\n"));
    repo.item("MS-3-view-teams.md", &text);
    repo.backlog(&["set", "MS-3", "estimate=8", "tags+=new"])
        .code(0);
    let after = repo.read(MS3);
    assert!(after.starts_with('\u{feff}'), "BOM kept");
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF:\n{after:?}"
    );
    assert_eq!(
        after,
        text.replacen("estimate = 3", "estimate = 8", 1).replacen(
            "  \"teams\",\r\n]",
            "  \"teams\",\r\n  \"new\",\r\n]",
            1
        )
    );
}

#[test]
fn numbers_floats_and_a_timebox_are_typed() {
    let repo = backlog();
    repo.item(
        "MS-5-spike.md",
        &item_text(
            "title = \"Spike\"\nkind = \"debt\"\nstate = \"draft\"\n",
            "\n## Problem\n\nSlow.\n",
        ),
    );
    repo.backlog(&[
        "set",
        "ms-5",
        "cost_per_week=4",
        "fix_effort=14.5",
        "timebox=3d",
    ])
    .code(0);
    let text = repo.read("backlog/items/MS-5-spike.md");
    assert!(
        text.contains("cost_per_week = 4\nfix_effort = 14.5\ntimebox = \"3d\"\n"),
        "{text}"
    );
}
