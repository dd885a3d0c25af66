//! Reliability tests: faults (RELIABILITY.md §5; goals R4, R5, R15; catalogue E4–E14).
//!
//! Every scenario runs the real binary and ends with the invariant checker of §5: each file a
//! command may write holds its old bytes or the bytes a clean run of the same command writes (no
//! torn file), at most one `.backlog-tmp-*` is left behind, and `backlog lint` neither crashes
//! nor reports the leftover. The random SIGKILL loop and the eight-process lock race live in
//! rank/concurrency.rs; faults/ adds the deterministic sweeps and the real-world conditions.
//!
//! The files: crash_points (SIGKILL at every write-path call), errno (each errno at each
//! write-path call), conditions (file-size limit, full and read-only file systems, no write
//! permission), signals (SIGTERM, SIGINT), lock (contention, a killed holder, worktrees) and
//! readers (lint during writes); this file holds the fixtures and the invariant checker.
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

mod conditions;
mod crash_points;
mod errno;
mod lock;
mod readers;
mod signals;

const LOCK: &str = ".git/backlog.lock";
/// The journals' directory (`<verb>.json` in it): left by a kill, completed by the next writer.
const JOURNAL: &str = ".git/backlog-journal/";

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
    /// All or nothing across its files even under SIGKILL: after a kill and the next
    /// writer (`doctor --fix`), the work tree is the old one or the new one as a whole.
    /// Single-file writes are trivially so; multi-file writes by their journal (`init`,
    /// documented as re-runnable, is the one exception).
    whole: bool,
}

/// backlog_fixture with MS-5 done-able (its criteria ticked) and ranked, so that `done`
/// changes two files: the item and ranking.txt.
fn done_fixture() -> TestRepo {
    let repo = backlog_fixture();
    repo.item(
        "MS-5-story-5.md",
        &ready_story("Story 5").replace("- [ ] Paged table", "- [x] Paged table"),
    );
    repo.ranking(&format!("{RANKING}MS-5\n"));
    repo
}

/// backlog_fixture with two fixable findings in two files: a ranking line naming no item
/// (ORD001) and a misspelt key (FM011).
fn fix_fixture() -> TestRepo {
    let repo = backlog_fixture();
    repo.item(
        "MS-5-story-5.md",
        &ready_story("Story 5").replace("estimate = 5", "estimate = 5\ntgas = []"),
    );
    repo.ranking(&format!("{RANKING}MS-77\n"));
    repo
}

/// A new backlog (`init` done) with GitHub's issue JSON beside it, to import: new item
/// files, the ranking and the ID mapping.
fn import_fixture() -> TestRepo {
    let repo = TestRepo::with_backlog();
    let json = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/github.json"),
    )
    .unwrap_or_else(|e| panic!("github.json: {e}"));
    repo.write("issues.json", json);
    repo
}

const SCENARIOS: [Scenario; 10] = [
    Scenario {
        name: "rank",
        fixture: backlog_fixture,
        args: &["rank", "MS-3", "--to", "1"],
        whole: true,
    },
    Scenario {
        name: "unrank",
        fixture: backlog_fixture,
        args: &["unrank", "MS-2"],
        whole: true,
    },
    Scenario {
        name: "new",
        fixture: backlog_fixture,
        args: &["new", "story", "x", "--rank", "top"],
        whole: true,
    },
    Scenario {
        name: "renumber",
        fixture: backlog_fixture,
        args: &["renumber", "MS-2", "MS-40"],
        whole: true,
    },
    Scenario {
        name: "init",
        fixture: TestRepo::git,
        args: &["init"],
        whole: false,
    },
    Scenario {
        name: "set",
        fixture: backlog_fixture,
        args: &["set", "MS-1", "owner=ann@midwest.example"],
        whole: true,
    },
    Scenario {
        name: "done",
        fixture: done_fixture,
        args: &["done", "MS-5"],
        whole: true,
    },
    Scenario {
        name: "lint --fix",
        fixture: fix_fixture,
        args: &["lint", "--fix"],
        whole: true,
    },
    Scenario {
        name: "import",
        fixture: import_fixture,
        args: &["import", "github", "issues.json"],
        whole: true,
    },
    Scenario {
        name: "drop",
        fixture: backlog_fixture,
        args: &["drop", "MS-3", "--reason", "duplicate of MS-1"],
        whole: true,
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
    whole: bool,
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
        "/.git/backlog-journal",
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
        whole: scenario.whole,
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
// Shared by several of the files below.

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
