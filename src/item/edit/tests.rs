//! Unit tests of the typed frontmatter edits: every byte outside the edited value stays.

use super::*;

fn edited(text: &str, args: &[&str]) -> String {
    edit_frontmatter(text, |doc| {
        for arg in args {
            let change = parse_assignment(arg)
                .and_then(|a| a.change(doc))
                .unwrap_or_else(|e| panic!("{arg}: {e}"));
            apply(doc, &change).unwrap_or_else(|e| panic!("{arg}: {e}"));
        }
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn item(front: &str) -> String {
    format!("+++\n{front}+++\n\n# Body\n")
}

#[test]
fn a_set_keeps_the_comment_and_spacing_around_the_value() {
    let text = item("title = \"T\"\nestimate   =   3 # agreed\nstate = 'draft'  # s\n");
    assert_eq!(
        edited(&text, &["estimate=5", "state=doing"]),
        item("title = \"T\"\nestimate   =   5 # agreed\nstate = 'doing'  # s\n")
    );
}

#[test]
fn new_keys_go_after_the_last_top_level_key() {
    let text = item("title = \"T\"\n\n[extra]\na = 1\n");
    assert_eq!(
        edited(&text, &["owner=me@x.example"]),
        item("title = \"T\"\nowner = \"me@x.example\"\n\n[extra]\na = 1\n")
    );
}

#[test]
fn arrays_grow_and_shrink_in_their_own_layout() {
    let text = item("tags = [\"a\", \"b\"]\n");
    assert_eq!(
        edited(&text, &["tags+=ux"]),
        item("tags = [\"a\", \"b\", \"ux\"]\n")
    );
    assert_eq!(edited(&text, &["tags+=a"]), text, "no duplicates");
    assert_eq!(edited(&text, &["tags-=a"]), item("tags = [\"b\"]\n"));
    assert_eq!(edited(&text, &["tags-=a", "tags-=b"]), item("tags = []\n"));
    let lines = item("tags = [\n  \"a\", # ca\n  \"b\", # cb\n  # about c\n  \"c\",\n]\n");
    assert_eq!(
        edited(&lines, &["tags-=b"]),
        item("tags = [\n  \"a\", # ca\n  # about c\n  \"c\",\n]\n")
    );
    assert_eq!(
        edited(&lines, &["tags-=c"]),
        item("tags = [\n  \"a\", # ca\n  \"b\", # cb\n]\n")
    );
    assert_eq!(
        edited(&lines, &["tags-=a"]),
        item("tags = [\n  \"b\", # cb\n  # about c\n  \"c\",\n]\n")
    );
    let lines = item("depends_on = [\n  \"MS-1\", # first\n  \"MS-2\",\n]\n");
    assert_eq!(
        edited(&lines, &["depends_on+=MS-3"]),
        item("depends_on = [\n  \"MS-1\", # first\n  \"MS-2\",\n  \"MS-3\",\n]\n")
    );
    assert_eq!(
        edited(&item(""), &["tags+=x,y"]),
        item("tags = [\"x\", \"y\"]\n")
    );
}

#[test]
fn unset_keeps_the_comments_above_the_key() {
    let text = item("title = \"T\"\n# who\nowner = \"a\"\nstate = \"draft\"\n");
    assert_eq!(edited(&text, &[]), text, "no change leaves the bytes alone");
    let out = edit_frontmatter(&text, |doc| {
        let _ = apply(doc, &Change::Unset("owner".into()));
    })
    .unwrap_or_default();
    assert_eq!(out, item("title = \"T\"\n# who\nstate = \"draft\"\n"));
    // Blank lines and comments above the last key stay above the table that follows.
    let text = item("title = \"T\"\n\n# custom\ncity = \"x\" # c\n\n[extra]\na = 1\n");
    let out = edit_frontmatter(&text, |doc| {
        let _ = apply(doc, &Change::Unset("city".into()));
    })
    .unwrap_or_default();
    assert_eq!(out, item("title = \"T\"\n\n# custom\n\n[extra]\na = 1\n"));
}

#[test]
fn values_are_typed_as_the_schema_says() {
    let doc: toml_edit::DocumentMut = "label = \"3\"\n".parse().unwrap_or_default();
    let change = |arg: &str| {
        parse_assignment(arg)
            .and_then(|a| a.change(&doc))
            .map(|c| match c {
                Change::Set(k, v) => format!("{k} = {}", v.to_string().trim()),
                other => format!("{other:?}"),
            })
    };
    let set = |text: &str| Ok(text.to_owned());
    assert_eq!(change("estimate=5"), set("estimate = 5"));
    assert!(change("estimate=five").is_err_and(|e| e.contains("whole number")));
    assert!(change("estimate=-1").is_err());
    assert!(change("fix_effort=1.5").is_ok());
    assert!(change("estimate+=1").is_err_and(|e| e.contains("not a list")));
    assert!(change("no-equals").is_err());
    assert!(change("a.b=1").is_err_and(|e| e.contains("top-level")));
    // A custom string stays a string; a new custom value is read as TOML when it is TOML.
    assert_eq!(change("label=4"), set("label = \"4\""));
    assert_eq!(change("points=4"), set("points = 4"));
    assert_eq!(change("urgent=true"), set("urgent = true"));
    assert_eq!(change("team=core"), set("team = \"core\""));
}
