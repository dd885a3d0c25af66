//! Reliability tests: faults (RELIABILITY.md §5; goals R4, R5, R15; catalogue E4–E14).
//!
//! Every scenario runs the real binary and ends with the invariant checker of §5: each file a
//! command may write holds its old bytes or the bytes a clean run of the same command writes (no
//! torn file), at most one `.backlog-tmp-*` is left behind, and `backlog lint` neither crashes
//! nor reports the leftover. The random SIGKILL loop and the eight-process lock race live in
//! rank.rs; this file adds the deterministic sweeps and the real-world conditions.
//!
//! The tests that need strace (with ptrace permitted) or user and mount namespaces are
//! `#[ignore = "needs …"]`, since the README's `cargo test` cannot count on them; `.ci/run`
//! installs strace and runs them by name. Run where the tool is missing, they fail saying so.

#![allow(clippy::print_stderr)] // sweep summaries are reported on stderr

use crate::support::{
    Files, Holder, Rng, TEMP_PREFIX, TestRepo, backlog_bin, copy_tree, differing, files,
    hermetic_in, is_root, is_temp, ready_story, require_strace, succeeds, temps_in,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const LOCK: &str = ".git/backlog.lock";

// ---------------------------------------------------------------------------------------------
// Files, copies and runs.

/// A fresh, uniquely named scratch directory, removed when dropped.
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("faults-")
        .tempdir()
        .unwrap_or_else(|e| panic!("scratch dir: {e}"))
}

/// A copy of `from` as `repo` in a fresh scratch directory (which has room for traces next to
/// it); also returns the copy's canonical path.
fn copy_of(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = scratch();
    let root = dir.path().join("repo");
    std::fs::create_dir(&root).unwrap_or_else(|e| panic!("mkdir {root:?}: {e}"));
    copy_tree(from, &root);
    let root = root
        .canonicalize()
        .unwrap_or_else(|e| panic!("canonicalize: {e}"));
    (dir, root)
}

fn output_of(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {cmd:?}: {e}"))
}

/// Runs `backlog ARGS` in `dir` with the hermetic environment.
fn backlog_in(dir: &Path, args: &[&str]) -> Output {
    output_of(hermetic_in(backlog_bin(), dir).args(args))
}

/// "exit N" or "killed by signal N", for messages.
fn how(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => format!("{status:?}"),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `backlog lint --format json` in `dir` and returns what is wrong with the result: a
/// crash (101, 134, a signal), an exit code other than 0 or 1 (2 too when `allow_2`), output
/// that is not the JSON document, or a finding that mentions a leftover temp file.
fn lint_problems(dir: &Path, allow_2: bool) -> Vec<String> {
    let out = backlog_in(dir, &["lint", "--format", "json"]);
    let mut problems = Vec::new();
    match out.status.code() {
        Some(0 | 1) => match serde_json::from_slice::<serde_json::Value>(&out.stdout) {
            Ok(doc) => {
                let listed = doc["diagnostics"].as_array().cloned().unwrap_or_default();
                for d in listed {
                    if d.to_string().contains(TEMP_PREFIX) {
                        problems.push(format!("lint reports the leftover temp file: {d}"));
                    }
                }
            }
            Err(e) => problems.push(format!("lint printed no JSON ({e}): {}", text(&out.stdout))),
        },
        Some(2) if allow_2 => {}
        _ => problems.push(format!(
            "lint ended with {} (must be 0 or 1): {}",
            how(out.status),
            text(&out.stderr)
        )),
    }
    problems
}

/// §5 check 5: `backlog doctor --fix` removes every leftover and a second run finds none.
fn doctor_problems(dir: &Path) -> Vec<String> {
    if !dir.join("backlog/backlog.toml").exists() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let fix = backlog_in(dir, &["doctor", "--fix"]);
    if !matches!(fix.status.code(), Some(0 | 1)) {
        problems.push(format!(
            "doctor --fix ended with {}: {}",
            how(fix.status),
            text(&fix.stderr)
        ));
    }
    let left = temps_in(dir);
    if !left.is_empty() {
        problems.push(format!("doctor --fix left temp files behind: {left:?}"));
    }
    let again = backlog_in(dir, &["doctor"]);
    if text(&again.stdout).contains("leftover") {
        problems.push(format!(
            "a second doctor still reports leftovers: {}",
            text(&again.stdout)
        ));
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// The write commands and their fixtures.

const RANKING: &str = "# Most important first.\nMS-1\nMS-2   # reason two\nMS-3\nMS-4\n";

/// A git repository with `backlog init` done, Ready stories MS-1..=MS-5 (MS-4 depends on MS-2)
/// and MS-1..=MS-4 ranked: `backlog lint` is clean.
fn backlog_fixture() -> TestRepo {
    let repo = TestRepo::with_backlog();
    for i in 1..=5 {
        let mut story = ready_story(&format!("Story {i}"));
        if i == 4 {
            story = story.replacen(
                "estimate = 5\n",
                "estimate = 5\ndepends_on = [\"MS-2\"]\n",
                1,
            );
        }
        repo.item(&format!("MS-{i}-story-{i}.md"), &story);
    }
    repo.ranking(RANKING);
    repo
}

struct Scenario {
    name: &'static str,
    fixture: fn() -> TestRepo,
    args: &'static [&'static str],
}

const SCENARIOS: [Scenario; 5] = [
    Scenario {
        name: "rank",
        fixture: backlog_fixture,
        args: &["rank", "MS-3", "--to", "1"],
    },
    Scenario {
        name: "unrank",
        fixture: backlog_fixture,
        args: &["unrank", "MS-2"],
    },
    Scenario {
        name: "new",
        fixture: backlog_fixture,
        args: &["new", "story", "x", "--rank", "top"],
    },
    Scenario {
        name: "renumber",
        fixture: backlog_fixture,
        args: &["renumber", "MS-2", "MS-40"],
    },
    Scenario {
        name: "init",
        fixture: TestRepo::git,
        args: &["init"],
    },
];

/// The system calls of the sweeps. `renameat` is what std's `rename` becomes on x86_64 glibc,
/// and `renameat2(RENAME_NOREPLACE)` what tempfile's `persist_noclobber` uses; `link`/`rename`
/// are libgit2's when it writes `.git/config`.
const SYSCALLS: [&str; 12] = [
    "openat",
    "write",
    "fsync",
    "fdatasync",
    "rename",
    "renameat",
    "renameat2",
    "link",
    "linkat",
    "unlink",
    "unlinkat",
    "close",
];

/// `close` is traced in the recon only, so that its trace shows where files are closed; faults
/// are never injected into it.
fn injectable(syscall: &str) -> bool {
    syscall != "close"
}

/// One place to inject: the `when`-th call of `syscall` (strace counts per thread; this is
/// the first thread to get there in the recon trace), which touched one of the backlog's paths.
#[derive(Clone)]
struct Point {
    syscall: String,
    when: usize,
    /// The recon trace's line for the call, with the repository path replaced by `$REPO`.
    line: String,
    /// After the lock was taken or the first file was created: where errors must be handled.
    write_phase: bool,
}

/// A scenario ready to sweep: its fixture, the bytes before and after a clean run, and the
/// calls on the backlog's paths in a traced clean run.
struct Prepared {
    name: &'static str,
    args: &'static [&'static str],
    /// The fixture's directory (its `TestRepo` is kept by the caller).
    source: PathBuf,
    before: Files,
    after: Files,
    points: Vec<Point>,
}

/// The entering line of a traced call: (thread id, syscall name).
fn call_of(line: &str) -> Option<(&str, &str)> {
    let (tid, rest) = line.split_once(' ')?;
    if tid.is_empty() || !tid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start();
    let name = &rest[..rest.find('(')?];
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some((tid, name))
}

/// Whether a traced call touches the backlog's files (not the loader's, git's objects or stdout).
fn touches_backlog(line: &str, root: &str) -> bool {
    let line = line.replace(&format!("AT_FDCWD<{root}>"), "");
    [
        "/backlog",
        "/.gitattributes",
        "/.git/config",
        "/.git/backlog.lock",
        "/.backlog-tmp-",
    ]
    .iter()
    .any(|p| line.contains(&format!("{root}{p}")))
}

fn strace_command(dir: &Path, trace: &Path, filters: &[String], args: &[&str]) -> Command {
    let mut cmd = hermetic_in("strace", dir);
    cmd.args(["-f", "-qq", "-y", "-o"])
        .arg(trace)
        .args(filters)
        .arg("--")
        .arg(backlog_bin())
        .args(args);
    cmd
}

fn prepare(scenario: &Scenario) -> (TestRepo, Prepared) {
    let fixture = (scenario.fixture)();
    let before = files(fixture.path());
    let (clean, clean_root) = copy_of(fixture.path());
    let out = backlog_in(&clean_root, scenario.args);
    assert!(
        out.status.success(),
        "clean `backlog {}` failed: {}",
        scenario.args.join(" "),
        text(&out.stderr)
    );
    let after = files(&clean_root);
    drop(clean);

    // Recon: which calls touch our paths, in which order, counted as strace counts them.
    let (recon, root) = copy_of(fixture.path());
    let trace = recon.path().join("trace");
    let all = format!("trace=/^({})$", SYSCALLS.join("|"));
    let out = output_of(&mut strace_command(
        &root,
        &trace,
        &["-e".into(), all],
        scenario.args,
    ));
    assert!(
        out.status.success(),
        "traced clean run failed: {}",
        text(&out.stderr)
    );
    let log = std::fs::read_to_string(&trace).unwrap_or_else(|e| panic!("read trace: {e}"));
    let root_text = root.to_string_lossy().into_owned();
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    let mut reached: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut write_phase = false;
    let mut points = Vec::new();
    for line in log.lines() {
        let Some((tid, name)) = call_of(line) else {
            continue;
        };
        let count = counts.entry((tid.into(), name.into())).or_default();
        *count += 1;
        let ours = touches_backlog(line, &root_text);
        if ours
            && (line.contains("backlog.lock")
                || line.contains("O_CREAT")
                || line.contains(TEMP_PREFIX))
        {
            write_phase = true;
        }
        if reached.insert((name.into(), *count)) && ours && injectable(name) {
            points.push(Point {
                syscall: name.into(),
                when: *count,
                line: line.replace(&root_text, "$REPO"),
                write_phase,
            });
        }
    }
    let prepared = Prepared {
        name: scenario.name,
        args: scenario.args,
        source: fixture.path().to_path_buf(),
        before,
        after,
        points,
    };
    (fixture, prepared)
}

/// The last traced call in an injection run's trace: the one the fault hit.
fn last_call(trace: &Path, root: &Path) -> String {
    let log = std::fs::read_to_string(trace).unwrap_or_default();
    let calls: Vec<&str> = log.lines().filter(|l| call_of(l).is_some()).collect();
    calls
        .iter()
        .find(|l| l.contains("(INJECTED)"))
        .or(calls.last())
        .map(|l| l.replace(&*root.to_string_lossy(), "$REPO"))
        .unwrap_or_else(|| "(no call traced)".into())
}

/// Runs `job` for every index below `n` on two threads (the CI box has two cores).
fn on_two_threads(n: usize, job: impl Fn(usize) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    job(i);
                }
            });
        }
    });
}

// ---------------------------------------------------------------------------------------------
// 1. Crash-point sweep (E4, R4): SIGKILL at every call on the backlog's paths.

/// libgit2 sets the merge driver's two keys in two config writes, each through `.git/config.lock`:
/// a kill between them leaves the driver's name without its command. `doctor` reports that
/// state (the driver is not registered) and `init --merge-driver` completes it.
fn config_midway(after: &[u8]) -> Vec<u8> {
    text(after)
        .split_inclusive('\n')
        .filter(|l| !l.trim_start().starts_with("driver = backlog merge-driver"))
        .collect::<String>()
        .into_bytes()
}

/// The invariants after a crash: every file old or new, no other file but at most one leftover
/// temp file, lint fine and silent about the leftover, doctor cleans up. Returns the problems
/// and notes about tolerated git residue.
fn crash_problems(p: &Prepared, dir: &Path) -> (Vec<String>, Vec<String>) {
    let now = files(dir);
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let known: BTreeSet<&String> = p.before.keys().chain(p.after.keys()).collect();
    for path in &known {
        let (old, new, is) = (p.before.get(*path), p.after.get(*path), now.get(*path));
        if is == old || is == new {
            continue;
        }
        if path.as_str() == ".git/config"
            && is
                .zip(new)
                .is_some_and(|(is, new)| *is == config_midway(new))
        {
            notes.push("merge driver half registered in .git/config (name without command)".into());
            let doctor = backlog_in(dir, &["doctor"]);
            if dir.join("backlog/backlog.toml").exists()
                && !text(&doctor.stdout).contains("merge driver")
            {
                problems.push(format!(
                    "doctor does not report the half-registered merge driver: {}",
                    text(&doctor.stdout)
                ));
            }
            continue;
        }
        problems.push(match is {
            Some(bytes) => format!(
                "{path} is neither old nor new ({} bytes: {:?})",
                bytes.len(),
                text(&bytes[..bytes.len().min(80)])
            ),
            None => format!("{path} is gone, but a clean run keeps it"),
        });
    }
    let extra: Vec<&String> = now.keys().filter(|k| !known.contains(k)).collect();
    let (leftovers, others): (Vec<&String>, Vec<&String>) = extra
        .into_iter()
        .partition(|p| is_temp(p) || p.as_str() == ".git/config.lock");
    if leftovers.len() > 1 {
        problems.push(format!(
            "{} leftovers (at most 1): {leftovers:?}",
            leftovers.len()
        ));
    }
    if leftovers.iter().any(|p| p.as_str() == ".git/config.lock") {
        notes.push("libgit2's .git/config.lock left behind".into());
    }
    if !others.is_empty() {
        problems.push(format!("unexpected files left: {others:?}"));
    }
    problems.extend(lint_problems(
        dir,
        !dir.join("backlog/backlog.toml").exists(),
    ));
    problems.extend(doctor_problems(dir));
    (problems, notes)
}

/// The outcome of one kill point.
struct Killed {
    killed: bool,
    problems: Vec<String>,
    notes: Vec<String>,
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn sigkill_at_every_write_path_call_leaves_old_or_new_files() {
    require_strace();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for scenario in &SCENARIOS {
        let (_fixture, p) = prepare(scenario);
        assert!(
            !p.points.is_empty(),
            "{}: no calls on the backlog's paths traced",
            p.name
        );
        let results: Mutex<Vec<Killed>> = Mutex::new(Vec::new());
        on_two_threads(p.points.len(), |i| {
            let point = &p.points[i];
            let (dir, root) = copy_of(&p.source);
            let trace = dir.path().join("trace");
            let filters = [
                "-e".to_string(),
                format!("trace={}", point.syscall),
                "-e".into(),
                format!(
                    "inject={}:signal=SIGKILL:when={}",
                    point.syscall, point.when
                ),
            ];
            let out = output_of(&mut strace_command(&root, &trace, &filters, p.args));
            let hit = last_call(&trace, &root);
            let killed = out.status.signal() == Some(9);
            let mut problems = if killed || out.status.success() {
                Vec::new()
            } else {
                vec![format!(
                    "ended with {}: {}",
                    how(out.status),
                    text(&out.stderr)
                )]
            };
            let (found, notes) = crash_problems(&p, &root);
            problems.extend(found);
            let problems = problems
                .into_iter()
                .map(|m| {
                    format!(
                        "`backlog {}` killed at {} #{} (recon: {}; hit: {}): {m}",
                        p.args.join(" "),
                        point.syscall,
                        point.when,
                        point.line,
                        hit
                    )
                })
                .collect();
            results
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Killed {
                    killed,
                    problems,
                    notes,
                });
        });
        let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut noted: BTreeMap<&String, usize> = BTreeMap::new();
        for note in results.iter().flat_map(|r| &r.notes) {
            *noted.entry(note).or_default() += 1;
        }
        for (note, n) in noted {
            eprintln!(
                "faults: NOTE `backlog {}`: {n} kill point(s): {note}",
                p.args.join(" ")
            );
        }
        let kills = results.iter().filter(|r| r.killed).count();
        let bad = results.iter().filter(|r| !r.problems.is_empty()).count();
        summary.push(format!(
            "{}: {} points, {} killed, {} passed",
            p.name,
            results.len(),
            kills,
            results.len() - bad
        ));
        failures.extend(results.into_iter().flat_map(|r| r.problems));
    }
    eprintln!(
        "faults: SIGKILL sweep in {:?}: {}",
        started.elapsed(),
        summary.join("; ")
    );
    assert!(
        failures.is_empty(),
        "{} crash-consistency violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Errno injection (E7–E10, R5): every write-path call on the backlog's paths fails once.

const ERRNOS: [&str; 7] = [
    "ENOSPC", "EDQUOT", "EIO", "EACCES", "EROFS", "EXDEV", "EINTR",
];

/// What is wrong after a run whose call failed with an error: the exit code must tell the
/// truth (2 and nothing changed, or 0 and exactly the clean result; the lock file may stay) and
/// no temp file may be left.
fn error_problems(p: &Prepared, dir: &Path, out: &Output) -> Vec<String> {
    let now = files(dir);
    let mut problems = Vec::new();
    match out.status.code() {
        // `init` is documented to be re-runnable: until backlog.toml exists a failed init is run
        // again, and after it `init --merge-driver` finishes the registration. So a failed init
        // may leave finished files, never a torn one, and the documented next step completes it.
        Some(2) if p.name == "init" => {
            let paths: BTreeSet<&String> = p.before.keys().chain(p.after.keys()).collect();
            for path in paths {
                let (is, new) = (now.get(path), p.after.get(path));
                let midway = path.as_str() == ".git/config"
                    && is
                        .zip(new)
                        .is_some_and(|(is, new)| *is == config_midway(new));
                if is != p.before.get(path) && is != new && !midway {
                    problems.push(format!("exit 2 left {path} neither old nor new"));
                }
            }
            let next: &[&str] = if dir.join("backlog/backlog.toml").exists() {
                &["init", "--merge-driver"]
            } else {
                &["init"]
            };
            if problems.is_empty() && !now.keys().any(|k| is_temp(k)) {
                let again = backlog_in(dir, next);
                let changed = differing(&p.after, &files(dir), &[]);
                if !again.status.success() || !changed.is_empty() {
                    problems.push(format!(
                        "after exit 2 (\"{}\"), `backlog {}` ended with {} and left {changed:?} unlike a clean init: {}",
                        text(&out.stderr).trim(),
                        next.join(" "),
                        how(again.status),
                        text(&again.stderr).trim()
                    ));
                }
            }
        }
        Some(2) => {
            let changed = differing(&p.before, &now, &[LOCK]);
            if !changed.is_empty() {
                problems.push(format!(
                    "exit 2 (\"{}\") but files changed: {changed:?}",
                    text(&out.stderr).trim()
                ));
            }
            if !text(&out.stderr).starts_with("error: ") {
                problems.push(format!(
                    "exit 2 without an error message: {}",
                    text(&out.stderr)
                ));
            }
        }
        Some(0) => {
            let changed = differing(&p.after, &now, &[]);
            if !changed.is_empty() {
                problems.push(format!("exit 0 but not the clean result: {changed:?}"));
            }
        }
        _ => problems.push(format!(
            "ended with {} (must be 2, or 0 if the error was retried): {}",
            how(out.status),
            text(&out.stderr).trim()
        )),
    }
    let temps: Vec<&String> = now.keys().filter(|k| is_temp(k)).collect();
    if !temps.is_empty() {
        problems.push(format!("temp files left behind: {temps:?}"));
    }
    problems
}

/// A short write (strace's `retval=1` skips the call and reports one byte written): exit 0, no
/// temp file, and a next write of the rest to the same file, so `write_all` retried. Because
/// the skipped call wrote nothing, the file ends up without its first byte: that is strace's
/// doing, and it is checked too (it shows the retry resumed at the right offset).
fn short_write_problems(p: &Prepared, dir: &Path, out: &Output, trace: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if !out.status.success() {
        problems.push(format!(
            "ended with {}: {}",
            how(out.status),
            text(&out.stderr).trim()
        ));
        return problems;
    }
    let log = std::fs::read_to_string(trace).unwrap_or_default();
    let lines: Vec<&str> = log.lines().filter(|l| call_of(l).is_some()).collect();
    let count = |l: &str| -> Option<usize> {
        let args = l.rsplit_once(") = ")?.0;
        args.rsplit_once(", ")?.1.parse().ok()
    };
    let fd = |l: &str| {
        l.split_once(',')
            .map(|(fd, _)| fd.split_once(' ').map_or(fd, |x| x.1).to_owned())
    };
    match lines.iter().position(|l| l.contains("(INJECTED)")) {
        Some(i) => {
            let retried = lines[i + 1..]
                .iter()
                .find(|l| fd(l) == fd(lines[i]))
                .is_some_and(|next| {
                    count(next)
                        .zip(count(lines[i]))
                        .is_some_and(|(n, m)| n + 1 == m)
                });
            if !retried {
                problems.push(format!(
                    "no retry of the rest after the short write: {}",
                    lines[i]
                ));
            }
        }
        None => problems.push("the short write was not injected".into()),
    }
    let now = files(dir);
    let changed = differing(&p.after, &now, &[]);
    let one_byte_short = changed.len() == 1
        && now
            .get(&changed[0])
            .zip(p.after.get(&changed[0]))
            .is_some_and(|(is, new)| is[..] == new[1..]);
    if !one_byte_short {
        problems.push(format!(
            "expected exactly one file short of its first byte, differing: {changed:?}"
        ));
    }
    if now.keys().any(|k| is_temp(k)) {
        problems.push("temp file left behind".into());
    }
    problems
}

fn errno_sweep(index: usize) {
    let scenario = &SCENARIOS[index];
    require_strace();
    let started = Instant::now();
    let (_fixture, p) = prepare(scenario);
    // (point, fault) pairs: each errno at each write-phase call, and a short write at each write.
    let mut runs: Vec<(Point, String)> = Vec::new();
    for point in p.points.iter().filter(|pt| pt.write_phase) {
        for errno in ERRNOS {
            runs.push((point.clone(), format!("error={errno}")));
        }
        if point.syscall == "write" && point.line.contains(TEMP_PREFIX) {
            runs.push((point.clone(), "retval=1".into()));
        }
    }
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let passed = AtomicUsize::new(0);
    on_two_threads(runs.len(), |i| {
        let (point, fault) = &runs[i];
        let (dir, root) = copy_of(&p.source);
        let trace = dir.path().join("trace");
        let filters = [
            "-e".to_string(),
            format!("trace={}", point.syscall),
            "-e".into(),
            format!("inject={}:{fault}:when={}", point.syscall, point.when),
        ];
        let out = output_of(&mut strace_command(&root, &trace, &filters, p.args));
        let problems = if fault == "retval=1" {
            short_write_problems(&p, &root, &out, &trace)
        } else {
            error_problems(&p, &root, &out)
        };
        if problems.is_empty() {
            passed.fetch_add(1, Ordering::Relaxed);
        } else {
            let hit = last_call(&trace, &root);
            failures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(format!(
                    "`backlog {}` with {} #{} {fault} (hit: {hit}): {}",
                    p.args.join(" "),
                    point.syscall,
                    point.when,
                    problems.join("; ")
                ));
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    eprintln!(
        "faults: errno sweep `backlog {}` in {:?}: {} injections ({} calls), {} passed",
        p.args.join(" "),
        started.elapsed(),
        runs.len(),
        p.points.iter().filter(|pt| pt.write_phase).count(),
        passed.load(Ordering::Relaxed)
    );
    assert!(
        failures.is_empty(),
        "{} of {} injected errors were mishandled:\n{}",
        failures.len(),
        runs.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn errors_on_write_path_calls_rank() {
    errno_sweep(0);
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn errors_on_write_path_calls_unrank() {
    errno_sweep(1);
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn errors_on_write_path_calls_new() {
    errno_sweep(2);
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn errors_on_write_path_calls_renumber() {
    errno_sweep(3);
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn errors_on_write_path_calls_init() {
    errno_sweep(4);
}

// ---------------------------------------------------------------------------------------------
// 3. Real conditions without strace: a file-size limit, a full or read-only file system, a
// directory we may not write.

/// A backlog whose ranking.txt is bigger than `bytes`: `n` Ready stories, each ranked with a
/// long reason.
fn big_reasons_fixture(n: usize, bytes: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    let story = ready_story("Story");
    let mut ranking = String::from("# Most important first.\n");
    for i in 1..=n {
        repo.item(&format!("MS-{i}-story.md"), &story);
        ranking.push_str(&format!(
            "MS-{i}   # reason {i}: {}\n",
            "because the customers asked for it ".repeat(3)
        ));
    }
    assert!(ranking.len() > bytes, "the fixture ranking is too small");
    repo.ranking(&ranking);
    repo
}

/// The `key=value` lines a script printed.
fn report(stdout: &str) -> HashMap<String, String> {
    stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

#[test]
fn a_file_size_limit_kills_or_fails_rank_and_the_ranking_stays_whole() {
    let repo = big_reasons_fixture(120, 12 * 1024);
    let dir = repo.path().to_path_buf();
    let before = repo.read_bytes("backlog/ranking.txt");
    let clean = copy_of(&dir);
    backlog_in(&clean.1, &["rank", "MS-100", "--to", "1"]);
    let new = std::fs::read(clean.1.join("backlog/ranking.txt")).unwrap_or_default();
    assert_ne!(before, new);

    // SIGXFSZ (default action: die) when the temp file passes 8 KiB: a crash mid-write.
    let run = repo.sh(r#"( ulimit -f 8; exec "$BACKLOG" rank MS-100 --to 1 ); echo "rc=$?""#);
    let rc = report(&run.stdout).get("rc").cloned().unwrap_or_default();
    assert_eq!(
        rc, "153",
        "rank must die of SIGXFSZ (128 + 25): {}",
        run.stderr
    );
    let after = repo.read_bytes("backlog/ranking.txt");
    assert!(
        after == before || after == new,
        "the ranking is torn after SIGXFSZ"
    );
    let temps = temps_in(&dir);
    assert!(temps.len() <= 1, "more than one temp file: {temps:?}");
    let mut problems = lint_problems(&dir, false);
    problems.extend(doctor_problems(&dir));
    assert!(problems.is_empty(), "after SIGXFSZ: {problems:?}");
    eprintln!(
        "faults: ulimit -f 8: rank died of SIGXFSZ, ranking {}, {} temp file(s) left",
        if after == before { "old" } else { "new" },
        temps.len()
    );

    // With SIGXFSZ ignored the write fails with EFBIG: exit 2, nothing changed, no temp file.
    let before = repo.read_bytes("backlog/ranking.txt");
    let files_before = files(&dir);
    let run = repo.sh(
        r#"trap '' XFSZ; ulimit -f 8; "$BACKLOG" rank MS-100 --to 1 2>efbig.err; echo "rc=$?"; cat efbig.err >&2; rm efbig.err"#,
    );
    assert_eq!(
        report(&run.stdout).get("rc").map(String::as_str),
        Some("2"),
        "EFBIG must be exit 2: {}",
        run.stderr
    );
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert_eq!(
        repo.read_bytes("backlog/ranking.txt"),
        before,
        "EFBIG changed the ranking"
    );
    assert_eq!(
        differing(&files_before, &files(&dir), &[LOCK]),
        Vec::<String>::new()
    );
}

#[test]
#[ignore = "needs user and mount namespaces (`unshare -rm`) to mount a small tmpfs (.ci/run runs it where they work)"]
fn a_full_then_read_only_file_system_fails_writes_with_exit_2_and_changes_nothing() {
    assert!(
        succeeds(Command::new("unshare").args(["-rm", "true"])),
        "this test needs `unshare -rm` (user and mount namespaces) to mount a tmpfs"
    );
    let repo = TestRepo::plain();
    // The seed, outside the tmpfs: three Ready stories and a 300 KiB ranking.
    let story = ready_story("Story");
    let mut ranking = String::from("# Most important first.\nMS-1\nMS-2\nMS-3\n");
    for i in 0..15_000 {
        ranking.push_str(&format!("# padding {i:08}\n"));
    }
    for i in 1..=3 {
        repo.write(&format!("seed/items/MS-{i}-story.md"), &story);
    }
    repo.write("seed/ranking.txt", &ranking);
    std::fs::create_dir_all(repo.path().join("mnt")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::create_dir_all(repo.path().join("out")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    repo.write(
        "inner.sh",
        r#"set -u
D=$1; OUT=$2; SEED=$3
mount -t tmpfs -o size=1m tmpfs "$D" || exit 90
cd "$D" || exit 91
git init -q -b main --template= . || exit 92
"$BACKLOG" init >/dev/null 2>&1 || exit 93
cp "$SEED"/items/* backlog/items/ && cp "$SEED/ranking.txt" backlog/ranking.txt || exit 94
cp backlog/ranking.txt "$OUT/ranking.orig"
"$BACKLOG" lint >/dev/null 2>&1; echo "lint_before=$?"
state() {
  echo "$1_rc=$2"
  if cmp -s backlog/ranking.txt "$OUT/ranking.orig"; then echo "$1_same=yes"; else echo "$1_same=no"; fi
  echo "$1_temps=$(find . -name '.backlog-tmp-*' | wc -l)"
  echo "$1_items=$(ls backlog/items | wc -l)"
}
# Fill the disk, then free 64 KiB: the 300 KiB temp copy of the ranking cannot fit.
dd if=/dev/zero of=filler bs=4096 >/dev/null 2>&1
truncate -s -65536 filler
"$BACKLOG" rank MS-3 --to 1 >/dev/null 2>"$OUT/enospc_rank.err"; state enospc_rank $?
# Now completely full: not even a new item's first page fits.
dd if=/dev/zero of=filler2 bs=4096 >/dev/null 2>&1
"$BACKLOG" new story "Full disk" >/dev/null 2>"$OUT/enospc_new.err"; state enospc_new $?
"$BACKLOG" lint >/dev/null 2>&1; echo "enospc_lint=$?"
mount -o remount,ro "$D" || exit 95
"$BACKLOG" rank MS-3 --to 1 >/dev/null 2>"$OUT/erofs_rank.err"; state erofs_rank $?
"$BACKLOG" new story "Read only" >/dev/null 2>"$OUT/erofs_new.err"; state erofs_new $?
"$BACKLOG" lint >/dev/null 2>&1; echo "erofs_lint=$?"
"#,
    );
    let run = repo.sh(r#"unshare -rm bash "$PWD/inner.sh" "$PWD/mnt" "$PWD/out" "$PWD/seed""#);
    assert!(
        !(90..=95).contains(&run.code),
        "could not set up the tmpfs (step {}): {}",
        run.code,
        run.stderr
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let got = report(&run.stdout);
    let err = |name: &str| repo.read(&format!("out/{name}.err"));
    let want = |key: &str, value: &str| {
        assert_eq!(
            got.get(key).map(String::as_str),
            Some(value),
            "{key} (all: {got:?}; rank ENOSPC stderr: {}; new ENOSPC stderr: {}; rank EROFS stderr: {}; new EROFS stderr: {})",
            err("enospc_rank"),
            err("enospc_new"),
            err("erofs_rank"),
            err("erofs_new")
        );
    };
    want("lint_before", "0");
    for (case, message) in [
        ("enospc_rank", "No space left on device"),
        ("enospc_new", "No space left on device"),
        ("erofs_rank", "Read-only file system"),
        ("erofs_new", "Read-only file system"),
    ] {
        want(&format!("{case}_rc"), "2");
        want(&format!("{case}_same"), "yes");
        want(&format!("{case}_temps"), "0");
        want(&format!("{case}_items"), "3");
        assert!(err(case).contains(message), "{case}: {}", err(case));
    }
    // R11: lint reads a full and a read-only backlog.
    want("enospc_lint", "0");
    want("erofs_lint", "0");
}

#[test]
fn a_directory_we_may_not_write_fails_writes_with_exit_2_and_names_the_path() {
    use std::os::unix::fs::{PermissionsExt, lchown};
    let repo = backlog_fixture();
    let denied = ["backlog", "backlog/items", "backlog/templates"];
    // Root writes through permissions, so as root the commands run as nobody (uid 65534) with
    // setpriv: the repository belongs to nobody (so git's ownership check passes and the lock
    // file can be created), but the backlog's directories belong to root. Any other user runs
    // them itself, on backlog directories made read-only.
    let root = is_root();
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    if root {
        assert!(
            succeeds(
                Command::new("setpriv")
                    .args(nobody)
                    .arg(backlog_bin())
                    .arg("--version")
            ),
            "as root, this test runs the binary as uid 65534 with util-linux setpriv: \
             it needs setpriv and a binary (and target directory) that other users may run"
        );
        for entry in walkdir::WalkDir::new(repo.path())
            .into_iter()
            .filter_map(Result::ok)
        {
            lchown(entry.path(), Some(65534), Some(65534)).unwrap_or_else(|e| panic!("chown: {e}"));
        }
        for dir in denied {
            let path = repo.path().join(dir);
            lchown(&path, Some(0), Some(0)).unwrap_or_else(|e| panic!("chown: {e}"));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .unwrap_or_else(|e| panic!("chmod: {e}"));
        }
    }
    /// Makes the directories read-only, and writable again when dropped (so that the temp
    /// directory can be removed).
    struct ReadOnly(Vec<PathBuf>);
    impl Drop for ReadOnly {
        fn drop(&mut self) {
            for dir in &self.0 {
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
    let _read_only = (!root).then(|| {
        let dirs: Vec<PathBuf> = denied.iter().map(|d| repo.path().join(d)).collect();
        for dir in &dirs {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555))
                .unwrap_or_else(|e| panic!("chmod: {e}"));
        }
        ReadOnly(dirs)
    });
    let before = repo.work_tree_files();
    let as_nobody = |args: &[&str]| {
        if root {
            output_of(
                hermetic_in("setpriv", repo.path())
                    .args(nobody)
                    .arg(backlog_bin())
                    .args(args),
            )
        } else {
            output_of(hermetic_in(backlog_bin(), repo.path()).args(args))
        }
    };
    for (args, path) in [
        (&["rank", "MS-3", "--to", "1"][..], "backlog"),
        (&["unrank", "MS-2"], "backlog"),
        (&["new", "story", "Denied"], "backlog/items"),
        (
            &["new", "story", "Denied", "--rank", "top"],
            "backlog/items",
        ),
        (&["renumber", "MS-2", "MS-40"], "backlog/items"),
    ] {
        let out = as_nobody(args);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`backlog {}` as nobody: {}",
            args.join(" "),
            stderr
        );
        assert!(stderr.contains("Permission denied"), "{stderr}");
        // The directory it could not create its temp file in (today by its absolute path,
        // which PRODUCT.md's relative paths would shorten; reported).
        assert!(
            stderr.contains("cannot create a temporary file in ")
                && stderr.contains(&format!("{path}: Permission denied")),
            "the message must name {path}: {stderr}"
        );
        assert!(
            repo.work_tree_files() == before,
            "`backlog {}` as nobody changed files",
            args.join(" ")
        );
    }
    let lint = as_nobody(&["lint"]);
    assert_eq!(
        lint.status.code(),
        Some(0),
        "lint as nobody: {}",
        text(&lint.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// 4. SIGTERM and SIGINT during a write (E5).

/// A backlog of `items` Ready stories whose ranking has `lines` lines: each ID followed by
/// comment lines (so the file is long but `lint` stays quick).
fn long_ranking_fixture(items: usize, lines: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    let story = ready_story("Story");
    let dir = repo.path().join("backlog/items");
    for i in 1..=items {
        std::fs::write(dir.join(format!("MS-{i}-story.md")), &story)
            .unwrap_or_else(|e| panic!("write item {i}: {e}"));
    }
    let per = lines / items;
    let mut text = String::from("# Most important first.\n");
    for i in 1..=items {
        text.push_str(&format!("MS-{i}\n"));
        for j in 1..per {
            text.push_str(&format!("# {i}.{j}\n"));
        }
    }
    repo.ranking(&text);
    repo
}

/// Sends SIG`signal` to `pid` (bash's builtin `kill`: no procps needed).
fn send(signal: &str, pid: u32) {
    let _ = Command::new("bash")
        .args(["-c", &format!("kill -s {signal} {pid}")])
        .stderr(Stdio::null())
        .status();
}

#[test]
fn sigterm_and_sigint_during_rank_leave_the_old_or_the_new_ranking() {
    let repo = long_ranking_fixture(1000, 50_000);
    let dir = repo.path().to_path_buf();
    // A twin that computes, for each try, the bytes a finished move writes.
    let twin = copy_of(&dir);
    let mut rng = Rng::new();
    let seed = rng.seed();
    let start = Instant::now();
    let out = backlog_in(&dir, &["rank", "MS-500", "--to", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let full = start.elapsed();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for round in 0..20 {
        let (signal, number) = if round % 2 == 0 {
            ("TERM", 15)
        } else {
            ("INT", 2)
        };
        let before = repo.read_bytes("backlog/ranking.txt");
        let temps_before = temps_in(&dir).len();
        let id = format!("MS-{}", rng.below(1000) + 1);
        let to = (rng.below(1000) + 1).to_string();
        let args = ["rank", id.as_str(), "--to", to.as_str()];
        let delay = full.mul_f64(rng.below(1100) as f64 / 1000.0);
        let mut child = repo
            .spawn_command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        std::thread::sleep(delay);
        send(signal, child.id());
        let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        let after = repo.read_bytes("backlog/ranking.txt");
        let context = format!(
            "round {round}: SIG{signal} to `backlog {}` after {delay:?} ({seed})",
            args.join(" ")
        );
        let new = if after == before {
            None
        } else {
            std::fs::write(twin.1.join("backlog/ranking.txt"), &before)
                .unwrap_or_else(|e| panic!("twin: {e}"));
            let out = backlog_in(&twin.1, &args);
            assert!(out.status.success(), "twin: {}", text(&out.stderr));
            Some(std::fs::read(twin.1.join("backlog/ranking.txt")).unwrap_or_default())
        };
        let outcome = match (status.code(), status.signal()) {
            (Some(0), _) => "exit 0".to_string(),
            (Some(code), _) if code == 128 + number => format!("exit {code}"),
            (None, Some(s)) if s == number => format!("died of SIG{signal}"),
            _ => {
                failures.push(format!("{context}: ended with {}: {stderr}", how(status)));
                continue;
            }
        };
        let whole = match &new {
            None => true,
            Some(new) => after == *new,
        };
        if !whole {
            failures.push(format!(
                "{context} ({outcome}): the ranking is neither old nor new"
            ));
        }
        let temps = temps_in(&dir).len();
        if temps > temps_before + 1 {
            failures.push(format!(
                "{context}: {} temp files appeared",
                temps - temps_before
            ));
        }
        let state = if new.is_some() { "new" } else { "old" };
        *outcomes
            .entry(format!("{outcome}, ranking {state}"))
            .or_default() += 1;
    }
    let left = temps_in(&dir).len();
    eprintln!(
        "faults: SIGTERM/SIGINT during rank (run takes {full:?}): {outcomes:?}; {left} temp file(s) left"
    );
    let mut problems = lint_problems(&dir, false);
    problems.extend(doctor_problems(&dir));
    failures.extend(problems);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn sigterm_and_sigint_while_rank_syncs_its_temp_file_leave_the_old_ranking() {
    require_strace();
    let repo = long_ranking_fixture(1000, 50_000);
    let dir = repo.path().to_path_buf();
    let mut failures = Vec::new();
    // Deterministically inside the write window: strace holds the temp file's fsync while the
    // signal arrives. E5 asks for exit 128+N (143 for SIGTERM, 130 for SIGINT) or death by that
    // signal, which a shell reports as the same code; the old ranking; and at most one temp
    // file (a handler would remove it; what happens is printed).
    for (signal, number) in [("TERM", 15), ("INT", 2)] {
        let before = repo.read_bytes("backlog/ranking.txt");
        let temps_before = temps_in(&dir).len();
        let trace = scratch();
        let mut strace = strace_command(
            &dir,
            &trace.path().join("trace"),
            &[
                "-e".into(),
                "trace=fsync".into(),
                "-e".into(),
                "inject=fsync:delay_enter=500000:when=1".into(),
            ],
            &["rank", "MS-7", "--top"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn strace: {e}"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while temps_in(&dir).len() == temps_before {
            assert!(Instant::now() < deadline, "rank never wrote its temp file");
            std::thread::sleep(Duration::from_millis(2));
        }
        let pid = tracee_of(strace.id()).unwrap_or_else(|| panic!("no tracee under strace"));
        send(signal, pid);
        let status = strace.wait().unwrap_or_else(|e| panic!("wait strace: {e}"));
        let left = temps_in(&dir).len() - temps_before;
        eprintln!(
            "faults: SIG{signal} while rank's temp file is being synced: {}, {left} temp file(s) left",
            how(status)
        );
        let ok = status.code() == Some(128 + number) || status.signal() == Some(number);
        if !ok || left > 1 || repo.read_bytes("backlog/ranking.txt") != before {
            failures.push(format!(
                "SIG{signal} in the write window: {}, {left} temp files, ranking changed: {}",
                how(status),
                repo.read_bytes("backlog/ranking.txt") != before
            ));
        }
    }
    let mut problems = lint_problems(&dir, false);
    problems.extend(doctor_problems(&dir));
    failures.extend(problems);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 5. The lock (R15, E6, E12).

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

/// The process strace started (its child), found through /proc.
fn tracee_of(strace: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        let ppid: u32 = stat
            .rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        (ppid == strace).then_some(pid)
    })
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

// ---------------------------------------------------------------------------------------------
// 6. A reader during writes sees the old or the new ranking, never a torn one (E14).

#[test]
fn lint_during_200_rank_moves_never_sees_a_torn_ranking() {
    let repo = long_ranking_fixture(100, 5_000);
    let dir = repo.path();
    let (out, fixture_findings) = repo.lint_json(&[]);
    out.code(0);
    assert!(fixture_findings.is_empty());
    let mut rng = Rng::new();
    let seed = rng.seed();
    let moves: Vec<(String, String)> = (0..200)
        .map(|_| {
            (
                format!("MS-{}", rng.below(100) + 1),
                (rng.below(100) + 1).to_string(),
            )
        })
        .collect();
    let problems: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let done = std::sync::atomic::AtomicBool::new(false);
    let reads = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            for (id, to) in &moves {
                let out = backlog_in(dir, &["rank", id, "--to", to]);
                if !out.status.success() {
                    problems
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!(
                            "`rank {id} --to {to}` ended with {}: {}",
                            how(out.status),
                            text(&out.stderr)
                        ));
                }
            }
            done.store(true, Ordering::Relaxed);
        });
        s.spawn(|| {
            for _ in 0..200 {
                let out = backlog_in(dir, &["lint", "--format", "json"]);
                reads.fetch_add(1, Ordering::Relaxed);
                let bad = match out.status.code() {
                    Some(0 | 1) => serde_json::from_slice::<serde_json::Value>(&out.stdout)
                        .map_err(|e| e.to_string())
                        .and_then(|doc| {
                            let found = doc["diagnostics"].as_array().cloned().unwrap_or_default();
                            if found.is_empty() {
                                Ok(())
                            } else {
                                Err(format!("{found:?}"))
                            }
                        })
                        .err(),
                    _ => Some(format!(
                        "ended with {}: {}",
                        how(out.status),
                        text(&out.stderr)
                    )),
                };
                if let Some(bad) = bad {
                    problems
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!("lint during a rank: {bad}"));
                }
                if done.load(Ordering::Relaxed) && reads.load(Ordering::Relaxed) >= 200 {
                    break;
                }
            }
        });
    });
    let problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(problems.is_empty(), "{seed}:\n{}", problems.join("\n"));
    let (out, findings) = repo.lint_json(&[]);
    out.code(0);
    assert!(findings.is_empty(), "{findings:?}");
}
