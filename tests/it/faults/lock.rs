//! The lock (RELIABILITY R15, E6, E12): contention exits 3 at once or after `--wait`, a killed
//! holder frees it, and linked worktrees do not contend.

use super::*;

/// Runs `backlog ARGS` in `dir`, failing the test if it has not returned within 30 s.
fn bounded(dir: &Path, args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = hermetic_in(backlog_bin(), dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("`backlog {}` did not return within 30 s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"));
    (out, start.elapsed())
}

#[test]
fn a_held_lock_gives_exit_3_at_once_or_after_wait_and_names_the_lock() {
    let repo = backlog_fixture();
    let before = repo.work_tree_files();
    let _holder = Holder::start(&repo.path().join(LOCK));
    for args in [
        &["rank", "MS-3", "--to", "1"][..],
        &["rank", "MS-3", "--to", "1", "--wait", "1"],
    ] {
        let (out, took) = bounded(repo.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(3),
            "`backlog {}`: {stderr}",
            args.join(" ")
        );
        assert!(stderr.contains(LOCK) && stderr.contains("held"), "{stderr}");
        assert!(
            repo.work_tree_files() == before,
            "a refused rank changed files"
        );
        eprintln!(
            "faults: `backlog {}` with the lock held: exit 3 after {took:?}",
            args.join(" ")
        );
    }
}

#[test]
fn killing_the_lock_holder_frees_the_lock_for_the_next_run_at_once() {
    let repo = backlog_fixture();
    let dir = repo.path();
    let mut holder = Holder::start(&dir.join(LOCK));
    let (out, _) = bounded(dir, &["rank", "MS-3", "--to", "1"]);
    assert_eq!(out.status.code(), Some(3), "the holder must hold our lock");
    holder.kill();
    let (out, _) = bounded(dir, &["rank", "MS-3", "--to", "1"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "after the holder died: {}",
        text(&out.stderr)
    );
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn killing_a_rank_mid_write_frees_the_lock_for_the_next_run_at_once() {
    require_strace();
    let repo = backlog_fixture();
    let dir = repo.path();
    // A `backlog rank` holding the lock (strace delays its fsync), SIGKILLed mid-write.
    let before = repo.read_bytes("backlog/ranking.txt");
    let trace = scratch();
    let mut strace = strace_command(
        dir,
        &trace.path().join("trace"),
        &[
            "-e".into(),
            "trace=fsync".into(),
            "-e".into(),
            "inject=fsync:delay_enter=20000000:when=1".into(),
        ],
        &["rank", "MS-4", "--top"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap_or_else(|e| panic!("spawn strace: {e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while temps_in(&dir.join("backlog")).is_empty() {
        assert!(Instant::now() < deadline, "rank never wrote its temp file");
        std::thread::sleep(Duration::from_millis(5));
    }
    let (out, _) = bounded(dir, &["rank", "MS-1", "--to", "2"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "the traced rank must hold the lock: {}",
        text(&out.stderr)
    );
    let pid = tracee_of(strace.id()).unwrap_or_else(|| panic!("no tracee under strace"));
    send("KILL", pid);
    let status = strace.wait().unwrap_or_else(|e| panic!("wait strace: {e}"));
    assert_eq!(
        status.signal(),
        Some(9),
        "rank must have died of SIGKILL: {status:?}"
    );
    assert_eq!(
        repo.read_bytes("backlog/ranking.txt"),
        before,
        "killed before its rename"
    );
    assert_eq!(
        temps_in(dir).len(),
        1,
        "the killed rank leaves its temp file"
    );
    // First try, no --wait: the kernel dropped the lock with the process.
    let (out, took) = bounded(dir, &["rank", "MS-1", "--to", "2"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the lock is stale after SIGKILL: {}",
        text(&out.stderr)
    );
    eprintln!("faults: the next rank after SIGKILL of the holder took the lock at once ({took:?})");
    let mut problems = lint_problems(dir, false);
    problems.extend(doctor_problems(dir));
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn two_linked_worktrees_rank_at_the_same_time_without_contention() {
    let repo = backlog_fixture();
    repo.commit("a backlog");
    let other = TestRepo::plain();
    let wt = other.path().join("wt");
    repo.git_ok(&["worktree", "add", "-q", "-b", "side", &wt.to_string_lossy()]);
    let wt = wt.canonicalize().unwrap_or_else(|e| panic!("{e}"));
    let main = repo.path().to_path_buf();
    // The state each worktree must end in: the last move of its own sequence on the fixture.
    let expect = |last: &[&str]| {
        let (_copy, root) = copy_of(&main);
        let out = backlog_in(&root, last);
        assert!(out.status.success());
        std::fs::read(root.join("backlog/ranking.txt")).unwrap_or_default()
    };
    let main_expected = expect(&["rank", "MS-3", "--top"]);
    let wt_expected = expect(&["rank", "MS-1", "--bottom"]);
    let barrier = std::sync::Barrier::new(2);
    let results: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for (dir, id, first, second) in [
            (&main, "MS-3", "--bottom", "--top"),
            (&wt, "MS-1", "--top", "--bottom"),
        ] {
            let (barrier, results) = (&barrier, &results);
            s.spawn(move || {
                barrier.wait();
                for i in 0..20 {
                    let place = if i % 2 == 0 { first } else { second };
                    let out = backlog_in(dir, &["rank", id, place]);
                    if !out.status.success() {
                        results
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(format!(
                                "{}: `rank {id} {place}` ended with {}: {}",
                                dir.display(),
                                how(out.status),
                                text(&out.stderr)
                            ));
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(
        results.is_empty(),
        "worktrees contended:\n{}",
        results.join("\n")
    );
    assert_eq!(
        text(&std::fs::read(main.join("backlog/ranking.txt")).unwrap_or_default()),
        text(&main_expected)
    );
    assert_eq!(
        text(&std::fs::read(wt.join("backlog/ranking.txt")).unwrap_or_default()),
        text(&wt_expected)
    );
    assert!(
        main.join(LOCK).exists(),
        "the main worktree locks .git/backlog.lock"
    );
}
