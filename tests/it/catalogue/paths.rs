//! Group B of the bad-input catalogue: IDs, file names and paths (rows B1 to B16).

use super::*;

#[test]
fn b01_same_id_in_two_files() {
    let (_, found) = Case::new("B1")
        .item("MS-1-x.md", draft_story("a"))
        .item("MS-1-y.md", draft_story("b"))
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:1 ID001",
                "backlog/items/MS-1-y.md:1 ID001",
            ],
        );
    // Each file names the other, so `lint FILE` on either shows the clash.
    assert!(
        found[0].message.contains("backlog/items/MS-1-y.md")
            && found[1].message.contains("backlog/items/MS-1-x.md"),
        "{}",
        found[0].message
    );
}

#[test]
fn b01_same_id_in_another_item_directory() {
    // Items in subdirectories (done/, archive/) share one ID space.
    let (_, found) = Case::new("B1 archive")
        .item("MS-1-x.md", draft_story("a"))
        .item("archive/MS-1-old.md", draft_story("b"))
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:1 ID001",
                "backlog/items/archive/MS-1-old.md:1 ID001",
            ],
        );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("backlog/items/MS-1-x.md")),
        "{}",
        found[0].message
    );
}

#[test]
fn b02_frontmatter_id_differs_from_file_name() {
    let (_, found) = Case::new("B2")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}id = \"MS-2\"\n"), ""),
        )
        .expect(1, &[&f("F:5:6 ID002")]);
    assert!(found[0].message.contains("MS-2") && found[0].message.contains("MS-1"));
}

#[test]
fn b02_matching_frontmatter_id_is_fine() {
    Case::new("B2 same")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}id = \"MS-1\"\n"), ""),
        )
        .expect(0, &[]);
}

#[test]
fn b03_ids_differing_only_in_case() {
    // ID004 (prefix not as configured) may come along for `ms`; the row is about ID001.
    Case::new("B3")
        .item("MS-1-x.md", draft_story("a"))
        .item("ms-1-y.md", draft_story("b"))
        .ignore("ID004")
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:1 ID001",
                "backlog/items/ms-1-y.md:1 ID001",
            ],
        );
}

#[test]
fn b04_traversal_in_the_ranking_is_not_an_id() {
    Case::new("B4 ranking")
        .item("MS-1-x.md", draft_story("a"))
        .ranking("../../etc/passwd\n/abs\nC:\\x\nMS-1/2\n")
        .expect(
            1,
            &[
                "backlog/ranking.txt:1:1 ORD005",
                "backlog/ranking.txt:2:1 ORD005",
                "backlog/ranking.txt:3:1 ORD005",
                "backlog/ranking.txt:4:1 ORD005",
            ],
        );
}

#[test]
fn b04_bad_file_names_are_not_items() {
    let (_, found) = Case::new("B4/ID003")
        .item("notes-about-x.md", draft_story("a"))
        .item("MS-01-leading-zero.md", draft_story("b"))
        .item("MS-12x.md", draft_story("c"))
        .item("README.md", "# About this directory\n")
        .item("picture.png", "not markdown")
        .expect(
            1,
            &[
                "backlog/items/notes-about-x.md:1 ID003",
                "backlog/items/MS-01-leading-zero.md:1 ID003",
                "backlog/items/MS-12x.md:1 ID003",
            ],
        );
    assert!(found.iter().all(|d| d.severity == "error"));
}

#[test]
fn b08_non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::with_backlog();
    repo.item("MS-2-y.md", &draft_story("b"));
    let name = std::ffi::OsStr::from_bytes(b"MS-1-caf\xe9.md");
    std::fs::write(
        repo.path().join("backlog/items").join(name),
        draft_story("a"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = repo.snapshot();
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    let rules: Vec<&str> = found.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["PATH004"], "{found:?}");
    assert!(
        found[0].path.starts_with("backlog/items/MS-1-caf"),
        "{}",
        found[0].path
    );
    for format in ["human", "github"] {
        repo.backlog(&["lint", "--format", format]).code(1);
    }
    repo.backlog(&["list"]).code(0).stdout_has("MS-2");
    assert!(repo.snapshot() == before, "lint changed the tree");
}

#[test]
fn b09_file_name_with_escape_and_newline_is_escaped() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a\u{1b}[31mred\nx.md", "no frontmatter\n");
    for format in ["human", "json", "github"] {
        let (run, bytes) = repo.backlog_raw(&["lint", "--format", format]);
        run.code(1);
        assert!(
            !bytes.contains(&0x1b),
            "--format {format} printed a raw ESC:\n{}{}",
            run.stdout,
            run.stderr
        );
        if format != "json" {
            // A raw newline would let the name start a line of its own (a fake diagnostic or
            // workflow command).
            assert!(
                !run.stdout.contains("red\nx.md"),
                "--format {format} printed a raw newline from a file name:\n{}",
                run.stdout
            );
        }
    }
    let found = repo.lint_json(&[]).1;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "FM001");
    assert_eq!(found[0].path, "backlog/items/MS-1-a\u{1b}[31mred\nx.md");
    for args in [&["list"][..], &["show", "MS-1"]] {
        let (run, bytes) = repo.backlog_raw(args);
        assert!(!bytes.contains(&0x1b), "{args:?}:\n{}", run.stdout);
    }
}

#[test]
fn b10_symlinked_item_file() {
    let outside = canary_outside();
    let case = Case::new("B10");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        case.repo.path().join("backlog/items/MS-1-x.md"),
    )
    .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &[&f("F:1:1 PATH010")]);
    assert_canary_never_shown(&repo);
}

#[test]
fn b10_symlink_to_a_file_inside_the_repository_is_refused_too() {
    let case = Case::new("B10 inside").item("MS-2-real.md", draft_story("real"));
    std::os::unix::fs::symlink(
        "MS-2-real.md",
        case.repo.path().join("backlog/items/MS-1-x.md"),
    )
    .unwrap_or_else(|e| panic!("symlink: {e}"));
    case.expect(1, &[&f("F:1:1 PATH010")]);
}

#[test]
fn b11_symlinked_items_directory() {
    let outside = canary_outside();
    let case = Case::new("B11");
    let items = case.repo.path().join("backlog/items");
    std::fs::remove_dir_all(&items).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path(), &items).unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &["backlog/items:1:1 PATH010"]);
    assert_canary_never_shown(&repo);
}

#[test]
fn b12_symlink_loop_is_not_followed() {
    let case = Case::new("B12").item("MS-1-x.md", draft_story("a"));
    std::os::unix::fs::symlink("..", case.repo.path().join("backlog/items/loop"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    case.expect(1, &["backlog/items/loop:1:1 PATH010"]);
}

#[test]
fn b13_unreadable_item_is_reported_and_others_still_linted() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TestRepo::with_backlog();
    let path = repo.item("MS-1-x.md", &draft_story("a"));
    repo.item("MS-2-y.md", "no frontmatter\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("{e}"));
    // Root reads through permissions: run the check as `nobody` then (CI runs as root).
    let as_root = std::fs::read(&path).is_ok();
    let run = if as_root {
        std::fs::set_permissions(repo.path(), std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
        repo.sh(
            "setpriv --reuid=65534 --regid=65534 --clear-groups \"$BACKLOG\" lint --format json",
        )
    } else {
        repo.lint_json(&[]).0
    };
    let found = run.findings();
    let rules: Vec<String> = found.iter().map(Finding::at).collect();
    assert!(
        rules.contains(&"FS001@1:1".to_owned()),
        "{rules:?}\n{}",
        run.stderr
    );
    assert!(
        rules.contains(&"FM001@1:1".to_owned()),
        "other items are still linted: {rules:?}"
    );
    run.code(2);
}

#[test]
fn b14_fifo_named_like_an_item() {
    let case = Case::new("B14").item("MS-2-y.md", draft_story("b"));
    let fifo = case.repo.path().join("backlog/items/MS-1-x.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(
        made.as_ref().is_ok_and(|s| s.success()),
        "mkfifo (coreutils) makes the FIFO: {made:?}"
    );
    let (repo, _) = case.expect(1, &[&f("F:1:1 FS002")]);
    // Never opened (opening a FIFO would block): the other commands finish too.
    repo.backlog(&["list"]).code(0).stdout_has("MS-2");
    // show cannot read the item: exit 2 naming it. (RELIABILITY §0.2 says an unreadable file is
    // never "no item"; today the message is exactly that, reported to the lead.)
    repo.backlog(&["show", "MS-1"])
        .code(2)
        .stderr_has("error: no item MS-1 in backlog/items");
}

#[test]
fn b14_directory_named_like_an_item_is_descended() {
    Case::new("B14 directory")
        .item("MS-1-x.md/MS-2-inner.md", draft_story("inner"))
        .expect(0, &[]);
}

#[test]
fn b15_editor_backup_and_temp_files_are_ignored() {
    Case::new("B15")
        .item("MS-1-x.md", draft_story("a"))
        .item(".MS-1-x.md.swp", "\0binary swap")
        .item("MS-1-x.md~", "garbage")
        .item("MS-1-x.md.bak", "garbage")
        .item(".backlog-tmp-abc123", "half written")
        .item(".#MS-1-x.md", "emacs lock")
        .expect(0, &[]);
}

#[test]
fn b16_markdown_outside_the_items_directory_is_not_an_item() {
    let case = Case::new("B16").item("MS-1-x.md", draft_story("a"));
    case.repo
        .write("backlog/MS-5-stray.md", "not an item at all\n");
    case.repo
        .write("backlog/templates/MS-6-x.md", "not an item either\n");
    case.repo.write("docs/MS-7-x.md", "\0");
    let (run, found) = case.repo.lint_json(&[]);
    run.code(0);
    assert!(
        found.iter().all(|d| d.severity == "warning"),
        "stray files must not be linted as items: {found:?}"
    );
}

/// Issue 19: a template reached through a symlinked directory, or named with `..`, once
/// copied a file from outside the repository (a canary secret) into items/. `new` refuses
/// it (exit 2 for the link, naming the path; exit 1 for a `..` path, which the config's own
/// check refuses) and creates nothing.
#[test]
fn a_template_outside_the_backlog_is_never_copied_into_a_new_item() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let canary = outside.path().join("story.md");
    std::fs::write(
        &canary,
        "+++\ntitle = \"\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nCANARY-SECRET\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let repo = TestRepo::with_backlog();
    let templates = repo.path().join("backlog/templates");
    std::fs::remove_dir_all(&templates).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path(), &templates).unwrap_or_else(|e| panic!("{e}"));
    let before = repo.work_tree_files();
    repo.backlog(&["new", "story", "Leak"])
        .code(2)
        .stderr_has("backlog/templates is a symbolic link")
        .stderr_has("nothing was changed");
    assert!(repo.work_tree_files() == before);
    // By `..`, out of the backlog directory.
    std::fs::remove_file(&templates).unwrap_or_else(|e| panic!("{e}"));
    repo.write("secret.md", std::fs::read(&canary).unwrap_or_default());
    repo.config_replace("templates/story.md", "../secret.md");
    let before = repo.work_tree_files();
    repo.backlog(&["new", "story", "Leak"])
        .code(1)
        .stderr_has("template path `../secret.md` leaves the backlog directory");
    assert!(repo.work_tree_files() == before);
}
