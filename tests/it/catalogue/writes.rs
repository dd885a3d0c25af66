//! Catalogue rows about what the writers make of hostile titles and of each other, through the
//! real binary: A29 (titles and reasons with `$1`, `\`, `"`, `'''` round-trip byte-exact
//! through `new` and `rank`), B17 (a very long title's slug is cut at a character boundary to
//! a byte budget), E2 (`rank` and `new` at once share the lock; each new ID is ranked exactly
//! once), D18 (`history` follows an item whose file was renamed, by its frontmatter ID) and E8
//! (a directory the writer may not write: exit 2 and nothing changed; EROFS is
//! faults/conditions.rs's).

use crate::support::{TestRepo, draft_story, hermetic_in, is_root, temps_in};
use std::collections::BTreeSet;
use std::process::Stdio;

/// The ranking's ID lines, in order (comments and blank lines left out).
fn ranked(repo: &TestRepo) -> Vec<String> {
    repo.read("backlog/ranking.txt")
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The line of ranking.txt that ranks `id`.
fn line_of(repo: &TestRepo, id: &str) -> String {
    repo.read("backlog/ranking.txt")
        .lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .unwrap_or_else(|| panic!("{id} is not ranked"))
        .to_owned()
}

fn title_of(repo: &TestRepo, id: &str) -> String {
    let doc = repo.backlog(&["show", id, "--format", "json"]).json();
    doc["item"]["title"]
        .as_str()
        .unwrap_or_else(|| panic!("no title: {doc}"))
        .to_owned()
}

/// The item file `new` printed the path of.
fn created(stdout: &str) -> String {
    stdout
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("backlog/items/"))
        .unwrap_or_else(|| panic!("no path in {stdout:?}"))
        .to_owned()
}

/// The ID of the item at `path` (`backlog/items/MS-12-slug.md` or `backlog/items/MS-12.md`).
fn created_id(path: &str) -> String {
    let name = path.trim_start_matches("backlog/items/");
    let digits = name[3..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(name.len() - 3);
    name[..3 + digits].to_owned()
}

#[test]
fn a29_titles_and_reasons_with_dollar_backslash_and_quotes_round_trip_byte_exact() {
    let repo = TestRepo::with_backlog();
    let titles = [
        r#"Pay $1 and \ back "now" ''' ok"#,
        r#"$& $0 ${x} \1 \\ \" \n '' """ end"#,
        r#"'''"#,
    ];
    let mut ids = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let args: &[&str] = if i == 0 {
            &["new", "story", title]
        } else {
            &["new", "story", title, "--rank", "top"]
        };
        let run = repo.backlog(args);
        run.code(0);
        let path = created(&run.stdout);
        let id = format!("MS-{}", i + 1);
        // A title with no letter or digit gets no slug: `MS-3.md`.
        assert!(
            path.starts_with(&format!("backlog/items/{id}-"))
                || path == format!("backlog/items/{id}.md"),
            "{path}"
        );
        assert_eq!(title_of(&repo, &id), *title, "{}", repo.read(&path));
        ids.push((id, path));
    }
    let reason = r#"costs $1 \ "a lot" ''' $& \1"#;
    repo.backlog(&["rank", "MS-1", "--top", "--reason", reason])
        .code(0);
    let items_before: Vec<String> = ids.iter().map(|(_, p)| repo.read(p)).collect();
    assert!(
        line_of(&repo, "MS-1").ends_with(&format!("# {reason}")),
        "{}",
        repo.read("backlog/ranking.txt")
    );
    // Moves keep the reason byte for byte, and never touch the item files.
    for args in [
        &["rank", "MS-1", "--bottom"][..],
        &["rank", "MS-1", "--to", "2"],
        &["rank", "MS-1", "--above", "MS-3"],
    ] {
        repo.backlog(args).code(0);
        assert!(
            line_of(&repo, "MS-1").ends_with(&format!("# {reason}")),
            "after `{}`: {}",
            args.join(" "),
            repo.read("backlog/ranking.txt")
        );
    }
    for ((id, path), before) in ids.iter().zip(&items_before) {
        assert_eq!(&repo.read(path), before, "{id} changed");
    }
    for ((id, _), title) in ids.iter().zip(titles) {
        assert_eq!(title_of(&repo, id), title);
    }
    let (_, findings) = repo.lint_json(&[]);
    assert!(
        findings
            .iter()
            .all(|f| !f.rule.starts_with("FM") && !f.rule.starts_with("ORD")),
        "{findings:#?}"
    );
}

#[test]
fn b17_a_very_long_title_gets_a_slug_cut_at_a_character_boundary_to_a_byte_budget() {
    let repo = TestRepo::with_backlog();
    let titles = [
        "a".repeat(600),
        "日本語の".repeat(100),
        "🎉".repeat(300),
        "Ünïcødé wörd ".repeat(40),
        format!("{} end", "x".repeat(254)),
    ];
    let mut names = BTreeSet::new();
    for title in &titles {
        let run = repo.backlog(&["new", "story", title]);
        run.code(0);
        let path = created(&run.stdout);
        let name = path.trim_start_matches("backlog/items/").to_owned();
        assert!(
            name.len() <= 255 && path.len() <= 255,
            "{} bytes: {name}",
            name.len()
        );
        // `MS-N-slug.md`, or `MS-N.md` when the title has nothing to slug (emoji only).
        let id = created_id(&path);
        let slug = name[id.len()..]
            .strip_suffix(".md")
            .unwrap_or_else(|| panic!("{name}"))
            .trim_start_matches('-');
        assert!(slug.len() < title.len(), "{name}");
        // A String, so every cut was at a character boundary; the file is where it says.
        assert!(repo.path().join(&path).is_file(), "{path}");
        assert!(names.insert(name));
    }
    // The CJK slug keeps the title's characters: a prefix of it, whole characters only.
    let cjk = names
        .iter()
        .find(|n| n.contains('日'))
        .unwrap_or_else(|| panic!("{names:?}"));
    let slug = cjk
        .trim_start_matches(|c: char| c != '-')
        .trim_start_matches('-')
        .split_once('-')
        .map_or("", |(_, s)| s)
        .trim_end_matches(".md");
    assert!(titles[1].starts_with(slug), "{cjk}");
    let (run, findings) = repo.lint_json(&[]);
    run.code(0);
    assert!(
        findings
            .iter()
            .all(|f| !f.rule.starts_with("PATH") && !f.rule.starts_with("ID")),
        "{findings:#?}"
    );
}

/// Starts `backlog args` without waiting for it.
fn spawn(repo: &TestRepo, args: &[&str]) -> std::process::Child {
    repo.spawn_command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn backlog: {e}"))
}

#[test]
fn e02_rank_and_new_at_once_share_the_lock_and_each_new_id_is_ranked_once() {
    for wait in ["0", "60"] {
        let repo = TestRepo::with_backlog();
        for n in 1..=3 {
            repo.item(&format!("MS-{n}-old.md"), &draft_story(&format!("Old {n}")));
        }
        repo.ranking("MS-1\nMS-2\nMS-3\n");
        let mut children = Vec::new();
        for k in 0..4 {
            let title = format!("Concurrent {k}");
            let new: Vec<&str> = vec!["new", "story", &title, "--rank", "top", "--wait", wait];
            children.push(("new", spawn(&repo, &new)));
            let target = format!("MS-{}", k % 3 + 1);
            let moved = [
                "rank",
                &target,
                if k % 2 == 0 { "--top" } else { "--bottom" },
            ];
            let mut args = moved.to_vec();
            args.extend(["--wait", wait]);
            children.push(("rank", spawn(&repo, &args)));
        }
        let mut new_ids = Vec::new();
        for (what, child) in children {
            let out = child
                .wait_with_output()
                .unwrap_or_else(|e| panic!("wait: {e}"));
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            match out.status.code() {
                Some(0) if what == "new" => {
                    new_ids.push(created_id(&created(&stdout)));
                }
                Some(0) => {}
                Some(3) if wait == "0" => {
                    assert!(
                        stderr.contains("another backlog process is writing"),
                        "{stderr}"
                    );
                }
                other => panic!("{what} --wait {wait}: {other:?}\n{stdout}\n{stderr}"),
            }
        }
        if wait != "0" {
            assert_eq!(new_ids.len(), 4, "every waiting `new` succeeds");
        }
        // Each new ID is a file of its own and ranked exactly once; nothing else was lost.
        let ranking = ranked(&repo);
        let unique: BTreeSet<&String> = ranking.iter().collect();
        assert_eq!(
            unique.len(),
            ranking.len(),
            "an ID ranked twice: {ranking:?}"
        );
        let mut expected: BTreeSet<String> = (1..=3).map(|n| format!("MS-{n}")).collect();
        let fresh: BTreeSet<String> = new_ids.iter().cloned().collect();
        assert_eq!(fresh.len(), new_ids.len(), "an ID given twice: {new_ids:?}");
        expected.extend(fresh);
        assert_eq!(
            unique.into_iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{ranking:?}"
        );
        let items = std::fs::read_dir(repo.path().join("backlog/items"))
            .unwrap_or_else(|e| panic!("read items: {e}"))
            .count();
        assert_eq!(
            items,
            expected.len(),
            "one file per new item, none for a refused one"
        );
        assert_eq!(temps_in(repo.path()), Vec::<String>::new());
        let (_, findings) = repo.lint_json(&[]);
        assert!(
            findings
                .iter()
                .all(|f| f.rule != "ID001" && !f.rule.starts_with("ORD")),
            "{findings:#?}"
        );
    }
}

#[test]
fn d18_history_follows_an_item_whose_file_was_renamed_by_its_frontmatter_id() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-first-name.md", &draft_story("First name"));
    repo.item("MS-2-other.md", &draft_story("Other"));
    repo.ranking("MS-2\nMS-1\n");
    repo.commit("Two items");
    repo.backlog(&["rank", "MS-1", "--top", "--reason", "before the rename"])
        .code(0);
    repo.commit("Lift MS-1");
    // The file is renamed and its title changed; the ID in the frontmatter stays.
    repo.git_ok(&[
        "mv",
        "backlog/items/MS-1-first-name.md",
        "backlog/items/MS-1-second-name.md",
    ]);
    repo.item("MS-1-second-name.md", &draft_story("Second name"));
    repo.commit("Rename MS-1");
    repo.backlog(&["rank", "MS-1", "--bottom", "--reason", "after the rename"])
        .code(0);
    repo.commit("Drop MS-1");
    let doc = repo
        .backlog(&["history", "MS-1", "--format", "json"])
        .json();
    let events = doc["events"].as_array().unwrap_or_else(|| panic!("{doc}"));
    let seen: Vec<(Option<u64>, Option<u64>, &str)> = events
        .iter()
        .map(|e| {
            (
                e["from"].as_u64(),
                e["to"].as_u64(),
                e["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (None, Some(2), "Two items"),
            (Some(2), Some(1), "before the rename"),
            (Some(1), Some(2), "after the rename")
        ],
        "{doc}"
    );
    repo.backlog(&["history", "MS-1"])
        .code(0)
        .stdout_has("before the rename")
        .stdout_has("after the rename");
}

/// Runs `backlog args` as a user the directory permissions bind: this user, or (for root,
/// whom `chmod` does not stop) `nobody`, to whom the whole repository then belongs.
fn run_bound(repo: &TestRepo, args: &[&str]) -> crate::support::Run {
    let mut cmd = if is_root() {
        let mut cmd = hermetic_in("setpriv", repo.path());
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(crate::support::backlog_bin());
        cmd
    } else {
        hermetic_in(crate::support::backlog_bin(), repo.path())
    };
    let out = cmd
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run backlog (setpriv is util-linux): {e}"));
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed: {out:?}"));
    crate::support::Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {path:?}: {e}"));
}

fn chown_tree(path: &std::path::Path, id: u32) {
    std::os::unix::fs::lchown(path, Some(id), Some(id))
        .unwrap_or_else(|e| panic!("chown {path:?}: {e}"));
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).unwrap_or_else(|e| panic!("{path:?}: {e}")) {
            chown_tree(&entry.unwrap_or_else(|e| panic!("{e}")).path(), id);
        }
    }
}

#[test]
fn e08_a_directory_the_writer_may_not_write_fails_with_exit_2_and_changes_nothing() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-one.md", &draft_story("One"));
    repo.item("MS-2-two.md", &draft_story("Two"));
    repo.ranking("MS-1\nMS-2\n");
    if is_root() {
        chown_tree(repo.path(), 65534);
    }
    let items = repo.path().join("backlog/items");
    let backlog = repo.path().join("backlog");
    let before = repo.work_tree_files();
    // EACCES on the items directory: `new` cannot create its file.
    chmod(&items, 0o555);
    let run = run_bound(&repo, &["new", "story", "Blocked", "--rank", "top"]);
    chmod(&items, 0o755);
    run.code(2)
        .stderr_has("backlog/items")
        .stderr_has("Permission denied");
    assert_eq!(
        crate::support::differing(&before, &repo.work_tree_files(), &[]),
        Vec::<String>::new()
    );
    // EACCES on the directory holding ranking.txt: `rank` cannot write its temp file, and
    // `new --rank` creates no item it could not rank.
    chmod(&backlog, 0o555);
    let rank = run_bound(&repo, &["rank", "MS-2", "--top"]);
    let new = run_bound(&repo, &["new", "story", "Blocked", "--rank", "top"]);
    chmod(&backlog, 0o755);
    rank.code(2).stderr_has("Permission denied");
    new.code(2)
        .stderr_has("backlog/ranking.txt")
        .stderr_has("nothing was changed");
    assert_eq!(
        crate::support::differing(&before, &repo.work_tree_files(), &[]),
        Vec::<String>::new()
    );
    assert_eq!(temps_in(repo.path()), Vec::<String>::new());
    // Once writable again, the same commands work.
    run_bound(&repo, &["rank", "MS-2", "--top"]).code(0);
}
