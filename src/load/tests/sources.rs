//! `Backlog::from_sources`: the same backlog as `load` from the same files, without a disk.

use super::{Fixture, code, found, item};
use crate::config::Config;
use crate::load::{Backlog, Location};
use std::path::{Path, PathBuf};

/// Every file below `root` with its path relative to it, read as a string.
fn sources_of(root: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(root).expect("below the root");
            let rel = rel.to_str().expect("UTF-8 path").replace('\\', "/");
            let text = std::fs::read_to_string(entry.path()).expect("UTF-8 file");
            (rel, text)
        })
        .collect()
}

/// What lint says about a backlog, and what it holds, as JSON to compare.
fn summary(backlog: &Backlog) -> String {
    let items: Vec<_> = backlog
        .items
        .iter()
        .map(|i| (&i.id, &i.path, &i.abs, i.title(), i.is_readable()))
        .collect();
    let ranking = backlog.ranking.as_ref().map(|r| r.source.text.as_str());
    let config = backlog.config_source.as_ref().map(|s| s.text.as_str());
    let lint = crate::lint::run(backlog);
    serde_json::to_string_pretty(&(lint, items, ranking, config, &backlog.config))
        .expect("serializable")
}

fn assert_same_as_load(location: &Location) {
    let loaded = Backlog::load(location.clone()).expect("load");
    let given = Backlog::from_sources(location.clone(), sources_of(&location.root));
    assert_eq!(summary(&loaded), summary(&given));
}

#[test]
fn the_example_backlog_lints_the_same_from_memory() {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .expect("manifest dir");
    let location = Location {
        root: top.join("example-backlog"),
        base: top,
    };
    assert_same_as_load(&location);
    let backlog = Backlog::from_sources(location.clone(), sources_of(&location.root));
    assert!(backlog.items.len() >= 10 && backlog.ranking.is_some());
}

#[test]
fn a_broken_backlog_lints_the_same_from_memory() {
    let f = Fixture::new();
    let dependent = "+++\ntitle = \"Good\"\nkind = \"story\"\nstate = \"ready\"\n\
                     depends_on = [\"MS-2\", \"MS-99\"]\n+++\n\n## Problem\nx\n";
    f.write(
        "ranking.txt",
        "# top\nMS-1 # first\nMS-2\nMS-3\nMS-4\nMS-77\n../etc\nMS-1\n",
    )
    .write("items/MS-1-good.md", dependent)
    .write("items/MS-2-bad-frontmatter.md", "+++\ntitle = \n+++\n")
    .write("items/MS-3-one.md", item("one"))
    .write("items/MS-3-two.md", item("two"))
    .write(
        "items/MS-4-typo.md",
        "+++\ntitle = \"t\"\nestimte = 3\n+++\n",
    )
    // Unranked: untriaged is off by default, but the item must still be counted alike.
    .write("items/MS-5-unranked.md", item("unranked"))
    .write("items/MS-6-nul.md", "+++\ntitle = \"a\0\"\n+++\n")
    .write("items/MS-7-yaml.md", "---\ntitle: a\n---\n")
    .write(
        "items/MS-8-conflict.md",
        "+++\n<<<<<<< a\ntitle = \"a\"\n=======\n>>>>>>> b\n+++\n",
    )
    .write(
        "items/MS-9-crlf.md",
        format!("\u{feff}{}", item("crlf").replace('\n', "\r\n")),
    )
    .write("items/sub/MS-10-nested.md", item("nested"))
    .write("items/todo.md", item("no ID"))
    .write("items/README.md", "# About items\n")
    .write("items/.MS-11-hidden.md", item("hidden"))
    .write("templates/story.md", "+++\n+++\n");
    let strict = Config::default_text("MS").replacen("top = 5", "top = 2", 1);
    assert_ne!(strict, Config::default_text("MS"));
    for config in [strict.as_str(), "prefix = 7\n", "[ready]\ntop = \"x\"\n"] {
        f.write("backlog.toml", config);
        assert_same_as_load(&f.location);
    }
    let loaded = Backlog::load(f.location.clone()).expect("load");
    let rules: std::collections::BTreeSet<_> =
        crate::lint::run(&loaded).iter().map(|d| d.rule).collect();
    let varied = [
        "config-syntax",
        "yaml-frontmatter",
        "toml-syntax",
        "misspelled-field",
        "nul-byte",
        "conflict-markers",
        "bad-file-name",
        "duplicate-id",
        "unknown-dependency",
        "unknown-ranked-id",
        "duplicate-rank",
        "malformed-ranking-line",
    ];
    for name in varied {
        assert!(rules.contains(code(name)), "{name} missing from {rules:?}");
    }
    // Without backlog.toml: the defaults, as `load` falls back to when it cannot read one.
    std::fs::remove_file(f.path("backlog.toml")).expect("rm");
    let loaded = Backlog::load(f.location.clone()).expect("load");
    let given = Backlog::from_sources(f.location.clone(), sources_of(&f.location.root));
    assert_eq!(given.config, loaded.config);
    assert!(given.config_source.is_none());
    let without_fs001: Vec<_> = crate::lint::run(&loaded)
        .into_iter()
        .filter(|d| d.rule != code("unreadable"))
        .collect();
    assert_eq!(
        serde_json::to_string(&crate::lint::run(&given)).expect("json"),
        serde_json::to_string(&without_fs001).expect("json")
    );
}

#[test]
fn bytes_that_are_not_text_are_reported_as_on_disk() {
    let f = Fixture::new();
    let latin1 = b"+++\ntitle = \"caf\xe9\"\n+++\n".to_vec();
    f.write("ranking.txt", "MS-1\n")
        .write("items/MS-1-x.md", &latin1);
    let loaded = Backlog::load(f.location.clone()).expect("load");
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "backlog.toml".into(),
            Config::default_text("MS").into_bytes(),
        ),
        ("ranking.txt".into(), b"MS-1\n".to_vec()),
        ("items/MS-1-x.md".into(), latin1),
    ];
    let given = Backlog::from_sources(f.location.clone(), files);
    assert_eq!(summary(&loaded), summary(&given));
    assert_eq!(
        found(&given.diagnostics),
        [(code("invalid-utf8"), "backlog/items/MS-1-x.md")]
    );
}

#[test]
fn an_unsaved_buffer_replaces_the_file_on_disk() {
    let f = Fixture::new();
    f.write("ranking.txt", "MS-1\nMS-2\n")
        .write("items/MS-1-a.md", "+++\ntitle = \n+++\n");
    let mut files = sources_of(&f.location.root);
    // The editor has fixed the broken TOML but typed a field name wrong, and has a new item
    // that was never saved.
    files.push((
        "items/MS-1-a.md".into(),
        "+++\ntitle = \"a\"\n\nestimte = 3\n+++\n".into(),
    ));
    files.push(("items/MS-2-new.md".into(), item("new")));
    let on_disk = crate::lint::run(&Backlog::load(f.location.clone()).expect("load"));
    let in_editor = crate::lint::run(&Backlog::from_sources(f.location.clone(), files.clone()));
    let at = |out: &[crate::diagnostic::Diagnostic], rule: &str| {
        out.iter()
            .filter(|d| d.rule == rule)
            .map(|d| (d.path.clone(), d.line))
            .collect::<Vec<_>>()
    };
    let path = "backlog/items/MS-1-a.md".to_owned();
    assert_eq!(at(&on_disk, code("toml-syntax")), [(path.clone(), 2)]);
    assert_eq!(at(&in_editor, code("toml-syntax")), []);
    assert_eq!(at(&in_editor, code("misspelled-field")), [(path, 4)]);
    let backlog = Backlog::from_sources(f.location.clone(), files);
    let ids: Vec<_> = backlog.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["MS-1", "MS-2"]);
    assert_eq!(backlog.items[1].abs, f.path("items/MS-2-new.md"));
}

#[test]
fn from_sources_never_touches_the_disk() {
    let top = PathBuf::from("/nonexistent-backlog-from-sources/repo");
    assert!(!top.exists());
    let location = Location {
        root: top.join("backlog"),
        base: top.clone(),
    };
    let text = |s: &str| s.to_owned();
    let files = vec![
        (text("backlog.toml"), Config::default_text("MS")),
        (text("ranking.txt"), text("MS-2\nMS-1\n")),
        (text("items/MS-1-a.md"), item("a")),
        (text("items/deep/er/MS-2-b.md"), item("b")),
        // Not items: outside items/, hidden, backups, not Markdown, the README.
        (text("templates/story.md"), item("template")),
        (text("MS-3-beside.md"), item("beside")),
        (text("items/.drafts/MS-4-x.md"), item("hidden")),
        (text("items/MS-5-x.md~"), item("backup")),
        (text("items/MS-6-x.txt"), item("text")),
        (text("items/readme.md"), item("readme")),
        (text("items//MS-7-x.md"), item("empty part")),
        (text("/items/MS-8-x.md"), item("absolute")),
    ];
    let backlog = Backlog::from_sources(location, files);
    assert!(!top.exists());
    assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
    let paths: Vec<_> = backlog.items.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        ["backlog/items/MS-1-a.md", "backlog/items/deep/er/MS-2-b.md"]
    );
    assert!(backlog.items.iter().all(|i| i.is_readable()));
    assert_eq!(backlog.rank("MS-1"), Some(2));
    assert_eq!(backlog.config_source.as_ref().map(|s| s.bom), Some(0));
    // Nothing at all: the defaults, and the missing ranking reported as `load` reports it.
    let empty = Backlog::from_sources(
        Location {
            root: top.join("backlog"),
            base: top.clone(),
        },
        Vec::<(String, String)>::new(),
    );
    assert_eq!(empty.config, Config::default());
    assert_eq!(
        found(&empty.diagnostics),
        [(code("missing-ranking"), "backlog/ranking.txt")]
    );
    assert!(!top.exists());
}

/// Enough files for every core and many blocks of the parallel parse, in shapes that take
/// both body paths (the line scanner and pulldown-cmark) and every kind of failure: the same
/// items, in path order, with the same sections, criteria and findings as from memory.
#[test]
fn a_large_mixed_backlog_parses_in_parallel_the_same_as_from_memory() {
    let f = Fixture::new();
    let bodies = [
        "\n## Problem\n\nText.\n\n## Acceptance criteria\n\n- [ ] One\n- [x] Two `code`\n",
        "\n## Problem\n\nText\n===\n\n## Acceptance criteria\n\n1. [ ] ordered\n- [ ] *marked*\n",
        "\r\n## Question\r\n\r\n> quoted\r\n\r\n```\r\n## not a heading\r\n```\r\n",
        "\n<div>\n\n## In HTML\n\n</div>\n\n- [ ] task\n  lazily continued\n",
        "",
    ];
    let mut ranking = String::new();
    for n in 1..=700 {
        let state = if n % 3 == 0 { "ready" } else { "draft" };
        let text = match n % 11 {
            0 => "+++\ntitle = \n+++\n".to_owned(),
            1 => format!("title = \"no frontmatter {n}\"\n"),
            _ => format!(
                "+++\ntitle = \"Item {n}\"\nkind = \"story\"\nstate = \"{state}\"\n+++\n{}",
                bodies[n % bodies.len()]
            ),
        };
        f.write(&format!("items/MS-{n}-item.md"), text);
        if n % 2 == 0 {
            ranking.push_str(&format!("MS-{n}\n"));
        }
    }
    f.write("items/MS-9999-bad.md", b"+++\ntitle = \"\xff\"\n+++\n");
    f.write("ranking.txt", ranking);
    let loaded = Backlog::load(f.location.clone()).expect("load");
    let given = Backlog::from_sources(f.location.clone(), sources_of_bytes(&f.location.root));
    assert_eq!(summary(&loaded), summary(&given));
    let paths: Vec<&str> = loaded.items.iter().map(|i| i.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert_eq!(loaded.items.len(), 701);
    let body = |b: &Backlog| -> Vec<_> {
        b.items
            .iter()
            .map(|i| {
                let p = &i.parsed;
                let sections: Vec<_> = p
                    .sections
                    .iter()
                    .map(|s| (&s.title, s.level, &s.span))
                    .collect();
                let criteria: Vec<_> = p
                    .criteria
                    .iter()
                    .map(|c| (c.checked, &c.text, &c.span, c.section))
                    .collect();
                format!("{} {sections:?} {criteria:?}", i.path)
            })
            .collect()
    };
    assert_eq!(body(&loaded), body(&given));
    let diagnostics = |b: &Backlog| format!("{:?}", b.diagnostics);
    assert_eq!(diagnostics(&loaded), diagnostics(&given));
    assert!(
        loaded
            .items
            .iter()
            .filter(|i| !i.parsed.criteria.is_empty())
            .count()
            > 300
    );
}

/// Every file below `root` as raw bytes, for files that are not UTF-8.
fn sources_of_bytes(root: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(root).expect("below the root");
            let rel = rel.to_str().expect("UTF-8 path").replace('\\', "/");
            (rel, std::fs::read(entry.path()).expect("read"))
        })
        .collect()
}
