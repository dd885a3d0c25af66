//! Issue 19, severe 6: `rank MS-2 --wait` against `renumber MS-2 MS-9 --wait` once left a
//! dangling `MS-2` line in most trials, because rank looked the item up before taking the
//! lock. Every writer resolves IDs and reads what it checks under the lock: whichever runs
//! second sees the first one's work.

use super::*;
use std::process::Stdio;

#[test]
fn rank_and_renumber_of_the_same_item_never_leave_a_dangling_line() {
    for trial in 0..12 {
        let repo = TestRepo::with_backlog();
        for i in 1..=3 {
            repo.item(&format!("MS-{i}-s{i}.md"), &ready_story(&format!("S{i}")));
        }
        repo.ranking("MS-1\nMS-2\nMS-3\n");
        let spawn = |args: &[&str]| {
            repo.spawn_command(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("spawn: {e}"))
        };
        // Alternate who starts first; both wait for the other.
        let (rank, renumber) = if trial % 2 == 0 {
            let r = spawn(&["rank", "MS-2", "--bottom", "--wait", "20"]);
            (r, spawn(&["renumber", "MS-2", "MS-9", "--wait", "20"]))
        } else {
            let n = spawn(&["renumber", "MS-2", "MS-9", "--wait", "20"]);
            (spawn(&["rank", "MS-2", "--bottom", "--wait", "20"]), n)
        };
        let rank = rank.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let renumber = renumber
            .wait_with_output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert_eq!(
            renumber.status.code(),
            Some(0),
            "{}",
            text(&renumber.stderr)
        );
        let ranking = repo.read("backlog/ranking.txt");
        match rank.status.code() {
            // rank ran first: MS-2 went to the bottom, then became MS-9.
            Some(0) => {
                assert_eq!(ranking, "MS-1\nMS-3\nMS-9\n", "trial {trial}");
            }
            // renumber ran first: rank found no MS-2 and said so.
            Some(2) => {
                assert!(
                    text(&rank.stderr).contains("no item MS-2"),
                    "{}",
                    text(&rank.stderr)
                );
                assert_eq!(ranking, "MS-1\nMS-9\nMS-3\n", "trial {trial}");
            }
            other => panic!("rank ended with {other:?}: {}", text(&rank.stderr)),
        }
        let (run, findings) = repo.lint_json(&[]);
        assert!(
            findings.iter().all(|f| f.rule != "ORD001"),
            "trial {trial}: a dangling line: {}",
            run.stdout
        );
    }
}
