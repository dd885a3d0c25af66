//! Issue 19: renumber is a journaled operation. SIGINT during a 1,000-reference renumbering
//! once left 206 files rewritten and no way back; a kill between creating the new file and
//! removing the old one left a silent duplicate. Now the plan goes to a journal in the git
//! directory before the first change, and the next writer (or `doctor --fix`) completes it.
//! The SIGKILL and errno sweeps over every call are in faults/ (they need strace).

use super::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

const JOURNAL: &str = ".git/backlog-journal/renumber.json";

/// MS-1 and `n` stories that depend on it, all ranked.
fn many_dependents(n: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-root.md", &ready_story("Root"));
    let dependent = ready_with("Dependent", "depends_on = [\"MS-1\"]\n");
    let mut ranking = String::from("MS-1\n");
    for i in 2..=n + 1 {
        repo.item(&format!("MS-{i}-dependent.md"), &dependent);
        ranking.push_str(&format!("MS-{i}\n"));
    }
    repo.ranking(&ranking);
    repo
}

/// Whether the work tree is the untouched fixture or the finished renumbering, as a whole.
fn whole_state(repo: &TestRepo, n: usize) -> &'static str {
    let items = repo.path().join("backlog/items");
    let renamed = items.join("MS-5000-root.md").exists();
    let old = items.join("MS-1-root.md").exists();
    let referencing = |id: &str| {
        (2..=n + 1)
            .filter(|i| {
                repo.read(&format!("backlog/items/MS-{i}-dependent.md"))
                    .contains(&format!("depends_on = [\"{id}\"]"))
            })
            .count()
    };
    let ranking = repo.read("backlog/ranking.txt");
    if old && !renamed && referencing("MS-1") == n && ranking.starts_with("MS-1\n") {
        "old"
    } else if renamed && !old && referencing("MS-5000") == n && ranking.starts_with("MS-5000\n") {
        "new"
    } else {
        "mixed"
    }
}

#[test]
fn sigint_during_a_thousand_reference_renumbering_is_completed_by_the_next_run() {
    const N: usize = 1000;
    let repo = many_dependents(N);
    repo.lint_json(&[]).0.code(0);
    let mut child = repo
        .spawn_command(&["renumber", "MS-1", "MS-5000"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    // Wait until it has rewritten some of the files, then interrupt it.
    let deadline = Instant::now() + Duration::from_secs(60);
    let first = repo.path().join("backlog/items/MS-2-dependent.md");
    while !std::fs::read_to_string(&first).is_ok_and(|t| t.contains("MS-5000")) {
        assert!(Instant::now() < deadline, "renumber never started writing");
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    let state = whole_state(&repo, N);
    if status.success() {
        // It finished before the signal arrived: nothing to recover, and nothing left.
        assert_eq!(state, "new");
    } else {
        assert!(
            repo.path().join(JOURNAL).exists(),
            "interrupted ({status:?}) in state {state} without a journal"
        );
    }
    // The next writer completes it, and says so.
    let next = repo.backlog(&["doctor", "--fix"]);
    assert_eq!(whole_state(&repo, N), "new", "{}", next.stderr);
    if !status.success() {
        next.stderr_has("completed an interrupted renumbering to MS-5000");
    }
    assert!(!repo.path().join(JOURNAL).exists(), "the journal stays");
    let (run, findings) = repo.lint_json(&[]);
    assert!(findings.is_empty(), "{}", run.stdout);
}

#[test]
fn a_journal_left_by_a_kill_between_the_new_file_and_the_old_ones_removal_is_completed() {
    // The state issue 19 found as a silent duplicate: references and ranking rewritten, the
    // new file created, the old one still there; plus one reference not yet rewritten.
    let repo = many_dependents(2);
    let read = |rel: &str| repo.read(rel);
    let root_old = read("backlog/items/MS-1-root.md");
    let dep = read("backlog/items/MS-2-dependent.md");
    let dep_new = dep.replace("[\"MS-1\"]", "[\"MS-5000\"]");
    let ranking = read("backlog/ranking.txt");
    let ranking_new = ranking.replacen("MS-1\n", "MS-5000\n", 1);
    let journal = serde_json::json!({
        "format": 1,
        "id": "MS-5000",
        "edits": [
            {"path": "items/MS-2-dependent.md", "before": dep, "after": dep_new},
            {"path": "items/MS-3-dependent.md", "before": dep, "after": dep_new},
            {"path": "ranking.txt", "before": ranking, "after": ranking_new},
        ],
        "from": "items/MS-1-root.md",
        "from_content": root_old,
        "to": "items/MS-5000-root.md",
        "content": root_old,
    });
    repo.write(JOURNAL, journal.to_string());
    repo.item("MS-2-dependent.md", &dep_new);
    repo.ranking(&ranking_new);
    repo.item("MS-5000-root.md", &root_old);
    // Any writer completes it first, says so, then does its own work.
    repo.backlog(&["rank", "MS-2", "--bottom"])
        .code(0)
        .stdout_has("MS-2: #2 → #3")
        .stderr_has("completed an interrupted renumbering to MS-5000 (2 file(s)");
    assert_eq!(read("backlog/ranking.txt"), "MS-5000\nMS-3\nMS-2\n");
    assert!(
        !repo.path().join("backlog/items/MS-1-root.md").exists(),
        "the duplicate stays"
    );
    assert!(read("backlog/items/MS-3-dependent.md").contains("[\"MS-5000\"]"));
    assert!(!repo.path().join(JOURNAL).exists());
    let (run, findings) = repo.lint_json(&[]);
    assert!(findings.is_empty(), "{}", run.stdout);
    // A file edited since is left alone and named.
    repo.write(JOURNAL, journal.to_string());
    repo.item("MS-3-dependent.md", "edited by hand\n");
    repo.backlog(&["unrank", "MS-2"])
        .code(0)
        .stderr_has("changed since, left as they are: items/MS-3-dependent.md");
    assert_eq!(read("backlog/items/MS-3-dependent.md"), "edited by hand\n");
}

#[test]
fn an_unreadable_journal_stops_writers_with_its_path_and_changes_nothing() {
    let repo = many_dependents(2);
    repo.write(JOURNAL, "{ not a journal");
    let before = repo.work_tree_files();
    repo.backlog(&["rank", "MS-2", "--top"])
        .code(2)
        .stderr_has("backlog-journal/renumber.json is not a journal")
        .stderr_has("nothing was changed");
    assert!(repo.work_tree_files() == before);
    // Readers are not stopped.
    repo.backlog(&["lint"]).code(0);
}
