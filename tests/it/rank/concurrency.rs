//! The lock (RELIABILITY E1, R6), compare-and-swap against an editor's save (E3), concurrent
//! ranks, and crash consistency under SIGKILL (E4, R4).

use super::*;

#[test]
fn a_held_lock_makes_writers_exit_3_and_change_nothing() {
    let repo = backlog_with(3, "MS-1\nMS-2\n");
    repo.backlog(&["rank", "MS-1", "--bottom"]).code(0);
    let lock = hold_lock(&repo.path().join(".git/backlog.lock"));
    let before = repo.work_tree_files();
    for args in [
        &["rank", "MS-1", "--top"][..],
        &["rank", "MS-3", "--top", "--wait", "0.2"],
        &["unrank", "MS-1"],
        &["new", "story", "Blocked", "--rank", "top"],
        &["new", "story", "Blocked"],
    ] {
        let run = repo.backlog(args);
        run.code(3)
            .stderr_has("another backlog process is writing")
            .stderr_has(".git/backlog.lock")
            .stderr_has("nothing was changed");
        assert!(
            repo.work_tree_files() == before,
            "`backlog {}` changed files while the lock was held",
            args.join(" ")
        );
    }
    // Read-only commands do not care.
    repo.backlog(&["lint"]).code(0);
    // With --wait, the writer gets the lock once it is released.
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    repo.backlog(&["rank", "MS-1", "--top", "--wait", "10"])
        .code(0)
        .stdout_has("MS-1: #2 → #1");
    release.join().unwrap_or_else(|_| panic!("release thread"));
    assert_eq!(ranking_of(&repo), "MS-1\nMS-2\n");
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn a_ranking_changed_on_disk_during_the_write_is_kept_and_rank_exits_3() {
    // strace holds each fsync for a while: the window between our read and our rename, in
    // which an editor saves the file.
    require_strace();
    let repo = backlog_with(3, "MS-1\nMS-2\nMS-3\n");
    // The hermetic rank command, run under strace.
    let rank = repo.spawn_command(&["rank", "MS-3", "--top"]);
    let mut cmd = std::process::Command::new("strace");
    cmd.args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", "trace=fsync", "-e", "inject=fsync:delay_exit=400000"])
        .arg(rank.get_program())
        .args(rank.get_args())
        .current_dir(repo.path())
        .env_clear()
        .envs(rank.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn strace: {e}"));
    let dir = repo.path().join("backlog");
    let deadline = Instant::now() + Duration::from_secs(20);
    while temps_in(&dir).is_empty() {
        assert!(Instant::now() < deadline, "rank never wrote its temp file");
        std::thread::sleep(Duration::from_millis(1));
    }
    let editor = "MS-2\nMS-1\nMS-3   # saved by an editor meanwhile\n";
    repo.ranking(editor);
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("changed on disk"), "{stderr}");
    assert_eq!(ranking_of(&repo), editor, "the editor's bytes win");
    assert_eq!(
        temps_in(&dir),
        Vec::<String>::new(),
        "the temp file is removed"
    );
}

/// The IDs of a ranking text in order (comments, blank lines and reasons dropped).
fn ids(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `order` with `id` taken out and put back at 1-based rank `to`.
fn replay(order: &[String], id: &str, to: usize) -> Vec<String> {
    let mut out: Vec<String> = order.iter().filter(|x| *x != id).cloned().collect();
    out.insert((to - 1).min(out.len()), id.to_owned());
    out
}

/// What a successful `rank` printed: (id, from, to).
fn reported(stdout: &str) -> (String, usize, usize) {
    let line = stdout.trim_end();
    let rank = |s: &str| -> usize {
        s.trim()
            .trim_start_matches('#')
            .parse()
            .unwrap_or_else(|e| panic!("rank in {line:?}: {e}"))
    };
    if let Some((id, rest)) = line.split_once(" stays at #") {
        let to = rank(rest.split([':', ';']).next().unwrap_or(""));
        return (id.to_owned(), to, to);
    }
    let (id, rest) = line
        .split_once(": ")
        .unwrap_or_else(|| panic!("unexpected rank output {line:?}"));
    let (from, to) = rest
        .split_once(" → ")
        .unwrap_or_else(|| panic!("unexpected rank output {line:?}"));
    (id.to_owned(), rank(from), rank(to))
}

/// Whether some order of the winners' moves, each reporting the from and to it printed,
/// turns `start` into `end`: the final file holds exactly the winners' changes.
fn explained(start: &[String], end: &[String], winners: &[(String, usize, usize)]) -> bool {
    fn search(
        now: &[String],
        end: &[String],
        winners: &[(String, usize, usize)],
        used: &mut Vec<bool>,
    ) -> bool {
        if used.iter().all(|u| *u) {
            return now == end;
        }
        for (k, (id, from, to)) in winners.iter().enumerate() {
            if used[k] || now.iter().position(|x| x == id).map(|p| p + 1) != Some(*from) {
                continue;
            }
            used[k] = true;
            if search(&replay(now, id, *to), end, winners, used) {
                return true;
            }
            used[k] = false;
        }
        false
    }
    search(start, end, winners, &mut vec![false; winners.len()])
}

/// Starts `rank ID --to N` for every pair at once (plus `extra` arguments) and returns each
/// process's exit code, stdout and stderr.
fn rank_all_at_once(
    repo: &TestRepo,
    moves: &[(String, usize)],
    extra: &[&str],
) -> Vec<(i32, String, String)> {
    let children: Vec<_> = moves
        .iter()
        .map(|(id, to)| {
            let to = to.to_string();
            let mut args = vec!["rank", id.as_str(), "--to", to.as_str()];
            args.extend_from_slice(extra);
            repo.spawn_command(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("spawn: {e}"))
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child
                .wait_with_output()
                .unwrap_or_else(|e| panic!("wait: {e}"));
            let code = out
                .status
                .code()
                .unwrap_or_else(|| panic!("rank killed by a signal: {out:?}"));
            (
                code,
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        })
        .collect()
}

/// Checks the state after concurrent ranks: every process exited 0 or 3 (losers naming the
/// lock), the file holds each ID once in lines of the original file, and some order of exactly
/// the winners' moves explains it. Returns how many won.
#[track_caller]
fn check_round(before: &str, after: &str, results: &[(i32, String, String)], seed: &str) -> usize {
    let mut winners = Vec::new();
    for (code, stdout, stderr) in results {
        match code {
            0 => winners.push(reported(stdout)),
            3 => assert!(
                stderr.contains("backlog.lock") && stderr.contains("nothing was changed"),
                "a loser must say the lock is held: {stderr} ({seed})"
            ),
            _ => panic!("rank exited {code}: {stdout}{stderr} ({seed})"),
        }
    }
    let original: std::collections::HashSet<&str> = before.lines().collect();
    for line in after.lines() {
        assert!(
            original.contains(line),
            "line {line:?} is not a line of the original ranking: torn or merged write ({seed})"
        );
    }
    let (start, end) = (ids(before), ids(after));
    let mut sorted_start = start.clone();
    let mut sorted_end = end.clone();
    sorted_start.sort();
    sorted_end.sort();
    assert_eq!(sorted_start, sorted_end, "every ID exactly once ({seed})");
    assert!(
        explained(&start, &end, &winners),
        "the final ranking is not the winners' moves applied in any order: a lost or phantom update\nwinners: {winners:?}\n{after} ({seed})"
    );
    winners.len()
}

#[test]
fn eight_concurrent_ranks_serialise_or_fail_with_exit_3() {
    let mut text = String::from("# header\n");
    for i in 1..=50 {
        if i % 4 == 0 {
            text.push_str(&format!("MS-{i}   # reason {i}\n"));
        } else {
            text.push_str(&format!("MS-{i}\n"));
        }
    }
    let repo = backlog_with(50, &text);
    let mut rng = Rng::new();
    let seed = rng.seed();
    let pick = |rng: &mut Rng| -> Vec<(String, usize)> {
        // Eight different items and eight different target positions.
        let mut items: Vec<usize> = (1..=50).collect();
        let mut targets: Vec<usize> = (1..=50).collect();
        (0..8)
            .map(|_| {
                let item = items.swap_remove(rng.below(items.len()));
                let to = targets.swap_remove(rng.below(targets.len()));
                (format!("MS-{item}"), to)
            })
            .collect()
    };
    for round in 0..5 {
        let before = ranking_of(&repo);
        let moves = pick(&mut rng);
        let results = rank_all_at_once(&repo, &moves, &[]);
        let after = ranking_of(&repo);
        check_round(&before, &after, &results, &format!("{seed}, round {round}"));
    }
    // With --wait every process gets its turn. Holding the lock while they start makes them
    // all wait, then race for it.
    let before = ranking_of(&repo);
    let moves = pick(&mut rng);
    let lock = hold_lock(&repo.path().join(".git/backlog.lock"));
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        drop(lock);
    });
    let results = rank_all_at_once(&repo, &moves, &["--wait", "10"]);
    release.join().unwrap_or_else(|_| panic!("release thread"));
    for (code, stdout, stderr) in &results {
        assert_eq!(
            *code, 0,
            "with --wait every rank succeeds: {stdout}{stderr} ({seed})"
        );
    }
    let after = ranking_of(&repo);
    assert_eq!(check_round(&before, &after, &results, &seed), 8);
}

#[test]
fn killing_rank_at_random_points_leaves_the_old_or_the_new_ranking() {
    const N: usize = 5000;
    let repo = TestRepo::with_backlog();
    let mut text = String::from("# Most important first.\n");
    let items = repo.path().join("backlog/items");
    let story = ready_story("S");
    for i in 1..=N {
        std::fs::write(items.join(format!("MS-{i}-s.md")), &story)
            .unwrap_or_else(|e| panic!("write item {i}: {e}"));
        if i % 7 == 0 {
            text.push_str(&format!("MS-{i}   # reason {i}\n"));
        } else {
            text.push_str(&format!("MS-{i}\n"));
        }
    }
    repo.ranking(&text);
    let dir = repo.path().join("backlog");
    let mut rng = Rng::new();
    let seed = rng.seed();

    // The bytes `rank ID --to N` must write: the ID's line out, and in before the item now at
    // rank N (or after the last one).
    let expected = |text: &str, id: &str, to: usize| -> String {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let is = |l: &str, x: &str| l.split('#').next().unwrap_or("").trim() == x;
        let moved = lines
            .iter()
            .copied()
            .find(|l| is(l, id))
            .unwrap_or_else(|| panic!("{id} not ranked"));
        let mut rest: Vec<&str> = lines.iter().copied().filter(|l| !is(l, id)).collect();
        let ranked: Vec<usize> = (0..rest.len())
            .filter(|&k| !rest[k].starts_with('#') && !rest[k].trim().is_empty())
            .collect();
        let at = ranked
            .get(to - 1)
            .copied()
            .unwrap_or_else(|| ranked.last().map_or(rest.len(), |&k| k + 1));
        rest.insert(at, moved);
        rest.concat()
    };

    // One undisturbed run: the oracle agrees with rank, and how long a run takes.
    let start = Instant::now();
    let before = ranking_of(&repo);
    repo.backlog(&["rank", "MS-4321", "--to", "12"]).code(0);
    let full = start.elapsed();
    assert_eq!(ranking_of(&repo), expected(&before, "MS-4321", 12));

    let mut kills = 0;
    for round in 0..40 {
        let before = ranking_of(&repo);
        let temps_before = temps_in(&dir).len();
        let id = format!("MS-{}", rng.below(N) + 1);
        let to = rng.below(N) + 1;
        let new = expected(&before, &id, to);
        // Mostly anywhere in a run's lifetime; sometimes in its first 3 ms.
        let delay = if round % 4 == 0 {
            Duration::from_micros(rng.below(3000) as u64)
        } else {
            full.mul_f64(rng.below(1200) as f64 / 1000.0)
        };
        let mut child = repo
            .spawn_command(&["rank", &id, "--to", &to.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        let after = ranking_of(&repo);
        let context = format!("round {round}: rank {id} --to {to} after {delay:?} ({seed})");
        match status.code() {
            // Finished before the kill: the move is there.
            Some(0) => assert!(after == new, "exit 0 but not the new ranking: {context}"),
            Some(code) => panic!("rank exited {code}: {stderr} {context}"),
            None => {
                kills += 1;
                assert!(
                    after == before || after == new,
                    "killed rank left a ranking that is neither old nor new: {context}"
                );
            }
        }
        let temps = temps_in(&dir).len();
        assert!(
            temps <= temps_before + 1,
            "more than one temp file left by one kill: {context}"
        );
        assert_eq!(temps_in(&dir.join("items")).len(), 0, "{context}");
    }
    assert!(temps_in(&dir).len() <= kills);

    // The next run gets the lock at once (no stale lock) and ignores leftovers; so does lint.
    let before = ranking_of(&repo);
    repo.backlog(&["rank", "MS-1", "--to", "2"]).code(0);
    assert_eq!(ranking_of(&repo), expected(&before, "MS-1", 2), "{seed}");
    let (run, findings) = repo.lint_json(&[]);
    run.code(0);
    assert!(
        findings.is_empty(),
        "lint must ignore leftover temp files: {findings:?}"
    );
    assert_eq!(ids(&ranking_of(&repo)).len(), N);
}
