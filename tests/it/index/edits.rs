//! Random sequences of edits (edit, add, delete, rename, touch with the same content, an edit
//! that keeps the size and puts the mtime back, ranking and config changes), each followed by
//! warm runs compared with `--no-cache`; racy edits; a branch switch of 1,000 files.

use super::{index_file, same_with_and_without, settle, stats_run, varied};
use crate::support::{Rng, TestRepo, draft_story, draft_with, ready_story};
use std::fs::{self, File};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Sets a file's modification time, as `touch -d` does.
fn set_mtime(path: &Path, when: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("test file operation")
}

fn items(repo: &TestRepo) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(repo.path().join("backlog/items"))
        .expect("test file operation")
        .map(|e| {
            e.expect("test file operation")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Replaces the text with one of the same length: a state or a title letter changed.
fn same_size_edit(text: &str) -> String {
    if text.contains("state = \"draft\"") {
        text.replacen("state = \"draft\"", "state = \"ready\"", 1)
    } else if text.contains("state = \"ready\"") {
        text.replacen("state = \"ready\"", "state = \"draft\"", 1)
    } else {
        text.replacen('e', "E", 1)
    }
}

#[test]
fn random_edit_sequences_answer_as_no_cache() {
    let repo = varied();
    let mut rng = Rng::new();
    let seed = rng.seed();
    settle();
    same_with_and_without(&repo, "start");
    let mut next_id = 40;
    for step in 0..24 {
        let names = items(&repo);
        let pick = names[rng.below(names.len())].clone();
        let path = repo.path().join("backlog/items").join(&pick);
        let op = rng.below(9);
        let what = match op {
            0 => {
                let text = fs::read_to_string(&path).expect("test file operation");
                fs::write(&path, text.replace("title = \"", "title = \"Edited "))
                    .expect("test file operation");
                "edit"
            }
            1 => {
                next_id += 1;
                let text = if rng.below(2) == 0 {
                    ready_story(&format!("New {next_id}"))
                } else {
                    draft_with(
                        "New dep",
                        &format!("depends_on = [\"MS-{}\"]\n", rng.below(25)),
                    )
                };
                repo.item(&format!("MS-{next_id}-new.md"), &text);
                "add"
            }
            2 => {
                fs::remove_file(&path).expect("test file operation");
                "delete"
            }
            3 => {
                let to = path.with_file_name(format!("renamed-{pick}"));
                let to = if rng.below(2) == 0 {
                    path.with_file_name(pick.replacen(".md", "-moved.md", 1))
                } else {
                    to
                };
                fs::rename(&path, to).expect("test file operation");
                "rename"
            }
            4 => {
                let text = fs::read(&path).expect("test file operation");
                fs::write(&path, text).expect("test file operation");
                "touch with the same content"
            }
            5 => {
                // Same size, same mtime: only the ctime tells.
                let before = mtime(&path);
                let text = fs::read_to_string(&path).expect("test file operation");
                fs::write(&path, same_size_edit(&text)).expect("test file operation");
                set_mtime(&path, before);
                "same-size edit within the mtime"
            }
            6 => {
                let ranking = repo.read("backlog/ranking.txt");
                let mut lines: Vec<&str> = ranking.lines().collect();
                let i = rng.below(lines.len());
                let line = lines.remove(i);
                lines.insert(rng.below(lines.len() + 1), line);
                repo.ranking(&(lines.join("\n") + "\n"));
                "ranking move"
            }
            7 => {
                let top = 2 + rng.below(5);
                let config = repo.read("backlog/backlog.toml");
                let changed = regex_top(&config, top);
                repo.config(&changed);
                "config change"
            }
            _ => {
                fs::remove_file(index_file(&repo)).ok();
                "index removed"
            }
        };
        same_with_and_without(&repo, &format!("{seed}, step {step}: {what} of {pick}"));
        if rng.below(3) == 0 {
            settle();
        }
    }
}

/// backlog.toml with `top = N` in its `[ready]` table.
fn regex_top(config: &str, top: usize) -> String {
    let mut out = String::new();
    for line in config.lines() {
        if line.trim_start().starts_with("top =") {
            out.push_str(&format!("top = {top}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(
        out.contains(&format!("top = {top}")),
        "no `top =` in backlog.toml"
    );
    out
}

#[test]
fn a_racy_entry_is_read_again_and_a_settled_one_is_not() {
    let repo = varied();
    settle();
    stats_run(&repo, &["lint"]);
    let (read, known) = stats_run(&repo, &["lint"]).1;
    assert_eq!((read, known), (0, 22));
    // A time at or after the run's start is never trusted: such a file is read every time.
    let future = repo.path().join("backlog/items/MS-5-story.md");
    set_mtime(&future, SystemTime::now() + Duration::from_secs(3600));
    for _ in 0..2 {
        let (read, _) = same_with_and_without(&repo, "a file from the future");
        assert_eq!(read, 1);
    }
    set_mtime(&future, SystemTime::now() - Duration::from_secs(3600));
    stats_run(&repo, &["lint"]);
    settle();
    stats_run(&repo, &["lint"]);
    // An edit in the same mtime and size, right after the index was written.
    let path = repo.path().join("backlog/items/MS-13-draft.md");
    let before = mtime(&path);
    let text = fs::read_to_string(&path).expect("test file operation");
    fs::write(&path, same_size_edit(&text)).expect("test file operation");
    set_mtime(&path, before);
    let (read, _) = same_with_and_without(&repo, "same-tick edit");
    assert_eq!(read, 1, "the edited file is read again");
    let shown = repo.backlog(&["show", "MS-13", "--format", "json"]);
    assert!(
        shown.stdout.contains("\"state\": \"ready\""),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_config_or_template_change_judges_every_item_again() {
    let repo = varied();
    settle();
    same_with_and_without(&repo, "before");
    repo.config_append("\n[requirements.draft]\nfields = [\"owner\"]\n");
    same_with_and_without(&repo, "a requirement added");
    repo.write(
        "backlog/templates/story.md",
        "+++\ntitle = \"\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\n## Problem\n\nSome notes.\n",
    );
    same_with_and_without(&repo, "a template changed");
}

#[test]
fn deleted_and_renamed_files_leave_the_answer() {
    let repo = varied();
    settle();
    same_with_and_without(&repo, "before");
    fs::remove_file(repo.path().join("backlog/items/MS-2-story.md")).expect("test file operation");
    same_with_and_without(&repo, "deleted");
    fs::rename(
        repo.path().join("backlog/items/MS-3-story.md"),
        repo.path().join("backlog/items/MS-33-story.md"),
    )
    .expect("test file operation");
    same_with_and_without(&repo, "renamed to another ID");
    fs::create_dir(repo.path().join("backlog/items/sub")).expect("test file operation");
    fs::rename(
        repo.path().join("backlog/items/MS-4-story.md"),
        repo.path().join("backlog/items/sub/MS-4-story.md"),
    )
    .expect("test file operation");
    same_with_and_without(&repo, "moved to a sub-directory");
}

#[test]
fn a_branch_switch_that_changes_1000_files() {
    let repo = TestRepo::with_backlog();
    let mut ranking = String::new();
    for n in 1..=1000 {
        repo.item(&format!("MS-{n}-x.md"), &draft_story(&format!("Item {n}")));
        if n % 3 == 0 {
            ranking.push_str(&format!("MS-{n}\n"));
        }
    }
    repo.ranking(&ranking);
    repo.commit("a thousand drafts");
    repo.git_ok(&["checkout", "-q", "-b", "other"]);
    for n in 1..=1000 {
        let text = if n % 7 == 0 {
            ready_story(&format!("Other {n}"))
        } else {
            draft_with(&format!("Other {n}"), "tags = [\"b\"]\n")
        };
        repo.item(&format!("MS-{n}-x.md"), &text);
    }
    repo.commit("every file changed");
    repo.git_ok(&["checkout", "-q", "main"]);
    std::thread::sleep(Duration::from_millis(150));
    same_with_and_without(&repo, "main");
    repo.git_ok(&["checkout", "-q", "other"]);
    let (read, _) = same_with_and_without(&repo, "after the switch");
    assert_eq!(read, 1000, "every switched file is read");
    repo.git_ok(&["checkout", "-q", "main"]);
    same_with_and_without(&repo, "and back");
}
