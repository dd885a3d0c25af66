//! Root discovery, safe reads, the walk over `items/`, and items read on demand.

use super::{Fixture, code, found, item};
use crate::config::Config;
use crate::load::{Backlog, LazyItems, Location, display_base, index, open_position, read};
use crate::load::{read_item, read_ranking};
use crate::ranking::Ranking;
use crate::text::{MAX_FILE_BYTES, Source};
use std::path::{Path, PathBuf};

#[test]
fn find_takes_the_backlog_dir_its_parent_or_an_ancestor() {
    let f = Fixture::new();
    f.write("items/MS-1-a.md", item("a"));
    let root = f.location.root.clone();
    let cases = [
        (f.top.clone(), Some("backlog")),
        (f.top.clone(), Some(".")),
        (root.clone(), Some(".")),
        (root.join("items"), None),
        (f.top.clone(), None),
    ];
    for (cwd, explicit) in cases {
        let found = Location::find(&cwd, explicit.map(Path::new));
        let found = found.unwrap_or_else(|e| panic!("{cwd:?} {explicit:?}: {e}"));
        assert_eq!(found.root, root, "{cwd:?} {explicit:?}");
        assert_eq!(found.base, f.top, "{cwd:?} {explicit:?}");
    }
}

#[test]
fn find_without_a_backlog_says_how_to_make_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = Location::find(dir.path(), Some(Path::new("."))).map(|l| l.root);
    let message = format!("{:#}", e.expect_err("not a backlog"));
    assert!(message.starts_with("not a backlog: "), "{message}");
    assert!(message.contains("has no backlog.toml"), "{message}");
    assert!(
        message.contains("hint: create one with `backlog init`"),
        "{message}"
    );
}

#[test]
fn display_is_relative_to_the_base_with_slashes() {
    let location = Location {
        root: PathBuf::from("/repo/backlog"),
        base: PathBuf::from("/repo"),
    };
    assert_eq!(
        location.display(&location.items_dir().join("MS-1-a.md")),
        "backlog/items/MS-1-a.md"
    );
    assert_eq!(
        location.display(&location.ranking_path()),
        "backlog/ranking.txt"
    );
    // A sibling that merely starts with the base's name is not below it.
    assert!(!location.display(Path::new("/repo2/x")).starts_with('2'));
    let root_base = Location {
        root: PathBuf::from("/repo/backlog"),
        base: PathBuf::from("/"),
    };
    assert_eq!(
        root_base.display(&root_base.config_path()),
        "repo/backlog/backlog.toml"
    );
}

#[test]
fn display_base_is_the_git_top_else_cwd_else_the_file_system_root() {
    let f = Fixture::new();
    assert_eq!(display_base(&f.location.root, Path::new("/")), f.top);
    let dir = tempfile::tempdir().expect("temp dir");
    let top = dir.path().canonicalize().expect("canonical temp dir");
    // Only meaningful where no directory above the temp dir is a git work tree.
    if top.ancestors().any(|d| d.join(".git").exists()) {
        return;
    }
    let root = top.join("backlog");
    assert_eq!(display_base(&root, &top), top);
    assert_eq!(
        display_base(&root, Path::new("/no/such/dir")),
        PathBuf::from("/")
    );
}

#[test]
fn read_reports_each_problem_with_its_code_and_position() {
    let f = Fixture::new();
    f.write("nul.md", "ok\nx\0y\n")
        .write("latin1.md", b"ab\n\xe9t\xe9\n")
        .write("big.md", vec![b'a'; MAX_FILE_BYTES as usize + 1])
        .write("good.md", "\u{feff}fine\n");
    std::fs::create_dir_all(f.path("dir")).expect("mkdir");
    let mut cases = vec![
        (
            "nul.md",
            code("nul-byte"),
            "contains a NUL byte (a binary or UTF-16 file?)",
            (2, 2),
        ),
        (
            "latin1.md",
            code("invalid-utf8"),
            "is not valid UTF-8",
            (2, 1),
        ),
        (
            "big.md",
            code("file-too-large"),
            "file is 1048577 bytes; the limit is 1048576",
            (1, 1),
        ),
        (
            "dir",
            code("not-regular-file"),
            "is not a regular file",
            (1, 1),
        ),
        ("missing.md", code("unreadable"), "cannot be read: ", (1, 1)),
    ];
    #[cfg(unix)]
    {
        super::symlink(&f.path("good.md"), &f.path("link.md"));
        cases.push((
            "link.md",
            code("symlink"),
            "is a symbolic link; links are never followed",
            (1, 1),
        ));
    }
    for (name, rule, message, (line, column)) in cases {
        let mut out = Vec::new();
        assert!(read(&f.path(name), name, &mut out).is_none(), "{name}");
        assert_eq!(out.len(), 1, "{name}: {out:?}");
        let d = &out[0];
        assert_eq!((d.rule, d.path.as_str()), (rule, name));
        assert!(d.message.starts_with(message), "{name}: {}", d.message);
        assert_eq!((d.line, d.column), (line, column), "{name}");
        assert!(d.help.is_some(), "{name}");
    }
    let mut out = Vec::new();
    let good = read(&f.path("good.md"), "good.md", &mut out).expect("readable");
    assert_eq!((good.bom, good.content()), (3, "fine\n"));
    // The ranking may be larger than an item.
    assert!(read_ranking(&f.path("big.md"), "big.md", &mut out).is_some());
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn read_item_keeps_an_unreadable_item_counted() {
    let f = Fixture::new();
    f.write("items/MS-1-a.md", item("Alpha"))
        .write("items/MS-2-b.md", "+++\ntitle = \"b\0\"\n+++\n");
    let mut out = Vec::new();
    let good = read_item("MS-1", &f.path("items/MS-1-a.md"), "a".into(), &mut out);
    assert!(good.is_readable() && out.is_empty(), "{out:?}");
    assert_eq!(
        (good.title(), good.kind(), good.state()),
        ("Alpha", "story", "draft")
    );
    let bad = read_item("MS-2", &f.path("items/MS-2-b.md"), "b".into(), &mut out);
    assert!(!bad.is_readable() && bad.source.is_none());
    assert_eq!((bad.id.as_str(), bad.path.as_str()), ("MS-2", "b"));
    assert_eq!(found(&out), [(code("nul-byte"), "b")]);
}

#[test]
fn the_walk_reads_items_in_path_order_and_skips_what_is_not_an_item() {
    let f = Fixture::new();
    f.write("ranking.txt", "MS-2\n");
    for name in ["MS-2-b.md", "MS-10-c.md", "MS-1-a.md", "sub/MS-3-d.md"] {
        f.write(&format!("items/{name}"), item(name));
    }
    for name in [
        "README.md",
        "readme.MD.txt",
        "notes.txt",
        ".MS-4-hidden.md",
        "MS-5-backup.md~",
        "MS-6-swap.md.swp",
        "MS-7-old.md.bak",
        ".drafts/MS-8-in-a-hidden-dir.md",
    ] {
        f.write(&format!("items/{name}"), "not an item\0");
    }
    f.write("items/todo.md", item("no ID"));
    #[cfg(unix)]
    super::symlink(&f.path("items/MS-1-a.md"), &f.path("items/MS-9-link.md"));
    let backlog = Backlog::load(f.location.clone()).expect("load");
    let paths: Vec<_> = backlog.items.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "backlog/items/MS-1-a.md",
            "backlog/items/MS-10-c.md",
            "backlog/items/MS-2-b.md",
            "backlog/items/sub/MS-3-d.md",
        ]
    );
    assert!(backlog.items.iter().all(|i| i.is_readable()));
    let mut expected = vec![(code("bad-file-name"), "backlog/items/todo.md")];
    #[cfg(unix)]
    expected.push((code("symlink"), "backlog/items/MS-9-link.md"));
    assert_eq!(found(&backlog.diagnostics), expected);
    assert_eq!(backlog.rank("ms-2"), Some(1));
    assert_eq!(backlog.item("ms-10").map(|i| i.id.as_str()), Some("MS-10"));
    let order: Vec<_> = backlog
        .in_priority_order()
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(order, ["MS-2", "MS-1", "MS-3", "MS-10"]);
}

#[test]
fn missing_files_and_a_non_directory_items() {
    let f = Fixture::new();
    let backlog = Backlog::load(f.location.clone()).expect("load");
    assert!(backlog.items.is_empty() && backlog.ranking.is_none());
    assert!(backlog.config_source.is_some());
    assert_eq!(
        found(&backlog.diagnostics),
        [(code("missing-ranking"), "backlog/ranking.txt")]
    );
    assert_eq!(backlog.ranking_path(), "backlog/ranking.txt");
    f.write("ranking.txt", "").write("items", "a file");
    let backlog = Backlog::load(f.location.clone()).expect("load");
    assert_eq!(
        found(&backlog.diagnostics),
        [(code("not-regular-file"), "backlog/items")]
    );
    std::fs::remove_file(f.path("backlog.toml")).expect("rm");
    let backlog = Backlog::load(f.location.clone()).expect("load");
    assert!(backlog.config_source.is_none());
    assert_eq!(
        found(&backlog.diagnostics),
        [
            (code("unreadable"), "backlog/backlog.toml"),
            (code("not-regular-file"), "backlog/items")
        ]
    );
}

#[test]
fn index_reads_names_only_and_the_smaller_path_wins() {
    let f = Fixture::new();
    f.write("items/MS-1-b.md", item("b"))
        .write("items/MS-1-a.md", item("a"))
        .write("items/MS-2-unreadable.md", "\0")
        .write("items/todo.md", item("no ID"))
        .write("items/.hidden/MS-3-x.md", item("hidden"));
    let found = index(&f.location).expect("index");
    let mut keys: Vec<_> = found.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["ms-1", "ms-2"]);
    assert_eq!(found["ms-1"], f.path("items/MS-1-a.md"));
    let empty = Fixture::new();
    assert!(index(&empty.location).expect("index").is_empty());
}

#[test]
fn lazy_items_read_each_item_once() {
    let f = Fixture::new();
    f.write("items/MS-1-a.md", item("a"));
    let found = index(&f.location).expect("index");
    let mut items = LazyItems::new(&f.location, &found);
    assert_eq!(items.get("ms-1").map(|i| i.id.as_str()), Some("MS-1"));
    std::fs::remove_file(f.path("items/MS-1-a.md")).expect("rm");
    assert_eq!(items.get("MS-1").map(|i| i.title()), Some("a"));
    assert!(items.get("MS-2").is_none());
}

#[test]
fn open_position_counts_open_items_above_until_the_top() {
    let f = Fixture::new();
    let config = Config::default();
    let state = |id: &str, state: &str| {
        let text = format!("+++\ntitle = \"{id}\"\nstate = \"{state}\"\n+++\n");
        f.write(&format!("items/{id}-x.md"), text);
    };
    state("MS-1", "done");
    state("MS-2", "ready");
    for n in 3..=8 {
        state(&format!("MS-{n}"), "draft");
    }
    let ids: Vec<String> = (1..=8).map(|n| format!("MS-{n}\n")).collect();
    let ranking = Ranking::parse(Source::new(ids.concat()), "ranking.txt", &mut Vec::new());
    let found = index(&f.location).expect("index");
    let mut reader = LazyItems::new(&f.location, &found);
    let position = |id: &str, reader: &mut LazyItems| {
        let abs = f.path(&format!("items/{id}-x.md"));
        let item = read_item(id, &abs, id.to_owned(), &mut Vec::new());
        open_position(&item, &config, Some(&ranking), reader)
    };
    // MS-1 is closed: it has no position and does not count against the others.
    assert_eq!(position("MS-1", &mut reader), None);
    assert_eq!(position("MS-3", &mut reader), Some(2));
    assert_eq!(position("MS-6", &mut reader), Some(5));
    // One past the top N is still exact (enough to tell it is out); further down, reading
    // more items is not worth it.
    assert_eq!(position("MS-7", &mut reader), Some(6));
    assert_eq!(position("MS-8", &mut reader), None);
    let item = read_item(
        "MS-2",
        &f.path("items/MS-2-x.md"),
        "p".into(),
        &mut Vec::new(),
    );
    assert_eq!(open_position(&item, &config, None, &mut reader), None);
}
