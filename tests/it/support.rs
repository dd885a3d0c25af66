//! The test harness: a backlog in a temp directory (optionally a git repository), a hermetic
//! `backlog` command, and helpers to write files and commit with a fixed author and clock.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

pub struct TestRepo {
    dir: tempfile::TempDir,
    /// Seconds since the epoch of the next commit; advances by a minute per commit.
    clock: std::cell::Cell<i64>,
}

/// The result of a run, with its parts as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        let code = output
            .status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal: {output:?}"));
        assert!(
            code != 101,
            "backlog panicked:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Run {
            code,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl TestRepo {
    /// An empty directory that is not a git repository.
    pub fn plain() -> TestRepo {
        TestRepo {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
            clock: std::cell::Cell::new(1_700_000_000),
        }
    }

    /// A fresh git repository (branch `main`), no commits.
    pub fn git() -> TestRepo {
        let repo = TestRepo::plain();
        repo.git_ok(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A git repository with `backlog init` done.
    pub fn with_backlog() -> TestRepo {
        let repo = TestRepo::git();
        repo.backlog(&["init"]).code(0);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating directories), relative to the repository top.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {parent:?}: {e}"));
        }
        std::fs::write(&path, content).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
        path
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes an item file under backlog/items/.
    pub fn item(&self, file_name: &str, content: &str) -> PathBuf {
        self.write(&format!("backlog/items/{file_name}"), content)
    }

    /// Replaces ranking.txt.
    pub fn ranking(&self, content: &str) {
        self.write("backlog/ranking.txt", content);
    }

    /// The `backlog` binary with a hermetic environment, run in the repository top.
    pub fn command(&self) -> Command {
        let mut cmd = Command::cargo_bin("backlog").unwrap_or_else(|e| panic!("binary: {e}"));
        cmd.current_dir(self.path());
        hermetic(&mut cmd, self.path());
        cmd
    }

    /// Runs `backlog` with stdout a pipe whose reader has already gone: every write to stdout
    /// fails with EPIPE, deterministically (a `| head -1` only does so once the pipe fills).
    /// stdout in the returned run is always empty.
    pub fn backlog_closed_stdout(&self, args: &[&str]) -> Run {
        let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("pipe: {e}"));
        drop(reader);
        let mut cmd = hermetic_in(backlog_bin(), self.path());
        let output = cmd
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap_or_else(|e| panic!("run backlog: {e}"));
        Run::from(output)
    }

    pub fn backlog(&self, args: &[&str]) -> Run {
        self.backlog_in(".", args)
    }

    /// Runs `backlog` in a subdirectory of the repository.
    pub fn backlog_in(&self, dir: &str, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.current_dir(self.path().join(dir)).args(args);
        Run::from(cmd.output().unwrap_or_else(|e| panic!("run backlog: {e}")))
    }

    /// Runs git in the repository with a fixed author and an advancing clock.
    pub fn git_run(&self, args: &[&str]) -> Run {
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(self.path()).args(args);
        let when = format!("{} +0000", self.clock.get());
        self.clock.set(self.clock.get() + 60);
        hermetic_std(&mut cmd, self.path());
        cmd.env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when);
        Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")))
    }

    #[track_caller]
    pub fn git_ok(&self, args: &[&str]) -> String {
        let run = self.git_run(args);
        assert_eq!(run.code, 0, "git {args:?} failed:\n{}", run.stderr);
        run.stdout
    }

    /// Stages everything and commits.
    pub fn commit(&self, message: &str) {
        self.git_ok(&["add", "-A"]);
        self.git_ok(&["commit", "-q", "-m", message]);
    }

    /// A snapshot of every file below the top (path, bytes), `.git` included, for purity checks.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>, Option<std::time::SystemTime>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(self.path())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                let mtime = e.metadata().ok().and_then(|m| m.modified().ok());
                (e.path().to_path_buf(), bytes, mtime)
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

const AUTHOR: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Dana Developer"),
    ("GIT_AUTHOR_EMAIL", "dana@midwest.example"),
    ("GIT_COMMITTER_NAME", "Dana Developer"),
    ("GIT_COMMITTER_EMAIL", "dana@midwest.example"),
];

fn hermetic(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .envs(AUTHOR);
}

fn hermetic_std(cmd: &mut std::process::Command, home: &Path) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs(AUTHOR);
}

/// A story that is Ready by the default agreement.
pub fn ready_story(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"ready\"\nowner = \"dana@midwest.example\"\nvalue = \"Admins save time\"\nestimate = 5\n+++\n\n## Problem\n\nAdmins cannot see teams.\n\n## Acceptance criteria\n\n- [ ] Paged table\n"
    )
}

/// A draft story: free to be incomplete.
pub fn draft_story(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nSome notes.\n")
}

// ---------------------------------------------------------------------------------------------
// Helpers for the tests of the core commands (lint, list, show, new, init, the catalogue).

/// Path of the `backlog` binary under test, for running it through a shell.
pub fn backlog_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("backlog")
}

/// One finding of `backlog lint --format json`, reduced to what tests compare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub severity: String,
    pub rule: String,
    pub message: String,
    pub help: Option<String>,
}

impl Finding {
    /// `rule@line:col`, a compact form for assertions and failure messages.
    pub fn at(&self) -> String {
        format!("{}@{}:{}", self.rule, self.line, self.column)
    }
}

impl Run {
    /// The diagnostics of a `lint --format json` run, checking the document's contract.
    #[track_caller]
    pub fn findings(&self) -> Vec<Finding> {
        let doc = self.json();
        assert_eq!(
            doc["version"], 1,
            "lint JSON needs version 1:\n{}",
            self.stdout
        );
        let list = doc["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no diagnostics array:\n{}", self.stdout));
        list.iter()
            .map(|d| {
                let text = |k: &str| {
                    d[k].as_str()
                        .unwrap_or_else(|| panic!("diagnostic field {k} is not a string: {d}"))
                        .to_owned()
                };
                let num = |k: &str| {
                    let n = d[k]
                        .as_u64()
                        .unwrap_or_else(|| panic!("diagnostic field {k} is not a number: {d}"));
                    assert!(n >= 1, "{k} must be 1-based: {d}");
                    n
                };
                let severity = text("severity");
                assert!(
                    severity == "error" || severity == "warning",
                    "severity must be error or warning: {d}"
                );
                Finding {
                    path: text("path"),
                    line: num("line"),
                    column: num("column"),
                    severity,
                    rule: text("rule"),
                    message: text("message"),
                    help: d["help"].as_str().map(str::to_owned),
                }
            })
            .collect()
    }

    /// Asserts stdout and stderr contain none of these strings.
    #[track_caller]
    pub fn lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stdout.contains(needle) && !self.stderr.contains(needle),
            "output must not contain {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

impl TestRepo {
    /// `backlog lint --format json` (plus `extra` arguments): the run and its findings.
    pub fn lint_json(&self, extra: &[&str]) -> (Run, Vec<Finding>) {
        let mut args = vec!["lint", "--format", "json"];
        args.extend_from_slice(extra);
        let run = self.backlog(&args);
        let findings = run.findings();
        (run, findings)
    }

    /// Runs a bash script in the repository top with the hermetic environment; `$BACKLOG` is
    /// the binary under test.
    pub fn sh(&self, script: &str) -> Run {
        let mut cmd = std::process::Command::new("bash");
        cmd.current_dir(self.path()).arg("-c").arg(script);
        hermetic_std(&mut cmd, self.path());
        cmd.env("NO_COLOR", "1").env("BACKLOG", backlog_bin());
        let output = cmd.output().unwrap_or_else(|e| panic!("run bash: {e}"));
        let code = output
            .status
            .code()
            .unwrap_or_else(|| panic!("bash killed by a signal: {output:?}"));
        Run {
            code,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `backlog` and returns stdout and stderr as raw bytes too, for byte-level checks.
    pub fn backlog_raw(&self, args: &[&str]) -> (Run, Vec<u8>) {
        let mut cmd = self.command();
        cmd.args(args);
        let output = cmd.output().unwrap_or_else(|e| panic!("run backlog: {e}"));
        let mut bytes = output.stdout.clone();
        bytes.extend_from_slice(&output.stderr);
        (Run::from(output), bytes)
    }

    /// Writes an item file from raw bytes under backlog/items/.
    pub fn item_bytes(&self, file_name: &str, content: &[u8]) -> PathBuf {
        self.write(&format!("backlog/items/{file_name}"), content)
    }

    /// Replaces backlog.toml.
    pub fn config(&self, content: &str) {
        self.write("backlog/backlog.toml", content);
    }

    /// Appends text to backlog.toml (the default agreement `init` wrote).
    pub fn config_append(&self, extra: &str) {
        let mut text = self.read("backlog/backlog.toml");
        text.push_str(extra);
        self.config(&text);
    }

    /// Every path below the top (relative), directories included, `.git` excluded.
    pub fn tree(&self) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(self.path())
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.file_name() != ".git")
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.path()
                    .strip_prefix(self.path())
                    .ok()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        names.sort();
        names
    }
}

/// An item file with arbitrary frontmatter lines (each ending in `\n`) and body.
pub fn item_text(front: &str, body: &str) -> String {
    format!("+++\n{front}+++\n{body}")
}

/// A draft story with extra frontmatter lines appended.
pub fn draft_with(title: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n{extra}+++\n\nSome notes.\n"
    )
}

/// A story in `state` that is Ready by the default agreement.
pub fn ready_story_in(title: &str, state: &str) -> String {
    ready_story(title).replacen("state = \"ready\"", &format!("state = \"{state}\""), 1)
}

impl TestRepo {
    /// Replaces the first `from` in backlog.toml with `to` (which must be there).
    #[track_caller]
    pub fn config_replace(&self, from: &str, to: &str) {
        let text = self.read("backlog/backlog.toml");
        assert!(text.contains(from), "backlog.toml has no {from:?}");
        self.config(&text.replacen(from, to, 1));
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers for the tests of rank, renumber and the merge driver.

impl TestRepo {
    /// The hermetic `backlog` command as a `std::process::Command`, run in the repository top,
    /// for tests that spawn processes without waiting for them (concurrency, kills).
    pub fn spawn_command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(backlog_bin());
        cmd.current_dir(self.path()).args(args);
        hermetic_std(&mut cmd, self.path());
        cmd.env("NO_COLOR", "1");
        cmd
    }

    /// Runs git like `git_run`, with the directory of the `backlog` binary first in PATH, so
    /// that the merge driver `backlog init` registered (`backlog merge-driver %O %A %B %P`)
    /// is found when git runs it.
    pub fn git_with_backlog(&self, args: &[&str]) -> Run {
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(self.path()).args(args);
        let when = format!("{} +0000", self.clock.get());
        self.clock.set(self.clock.get() + 60);
        hermetic_std(&mut cmd, self.path());
        cmd.env("PATH", path_with_backlog())
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when);
        Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")))
    }

    /// The raw bytes of a file, relative to the repository top.
    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// A fresh clone of this repository in a new temp directory (its own local git config:
    /// no merge driver registered).
    pub fn clone_repo(&self) -> TestRepo {
        let clone = TestRepo::plain();
        let source = self.path().to_string_lossy().into_owned();
        clone.git_ok(&["clone", "-q", &source, "."]);
        clone
    }

    /// Every file of the work tree (`.git` excluded) with its bytes, for "nothing changed"
    /// checks on commands that may create the lock file inside `.git`.
    pub fn work_tree_files(&self) -> Vec<(String, Vec<u8>)> {
        self.snapshot()
            .into_iter()
            .filter_map(|(path, bytes, _)| {
                let rel = path
                    .strip_prefix(self.path())
                    .ok()?
                    .to_string_lossy()
                    .into_owned();
                (!rel.starts_with(".git/")).then_some((rel, bytes))
            })
            .collect()
    }
}

/// PATH with the directory of the `backlog` binary first.
pub fn path_with_backlog() -> std::ffi::OsString {
    let bin = backlog_bin();
    let dir = bin.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap_or_else(|e| panic!("PATH: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Helpers for the tests of history, blame, diff and `lint --since`.

impl TestRepo {
    /// Runs git like `git_run` (fixed author, advancing clock) with extra environment variables,
    /// which override the defaults (for example GIT_AUTHOR_NAME, or PATH).
    pub fn git_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(self.path()).args(args);
        let when = format!("{} +0000", self.clock.get());
        self.clock.set(self.clock.get() + 60);
        hermetic_std(&mut cmd, self.path());
        cmd.env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .envs(env.iter().copied());
        Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")))
    }

    /// Stages everything and commits as the given author (the committer stays Dana).
    #[track_caller]
    pub fn commit_as(&self, name: &str, email: &str, message: &str) {
        self.git_ok(&["add", "-A"]);
        let run = self.git_env(
            &["commit", "-q", "-m", message],
            &[("GIT_AUTHOR_NAME", name), ("GIT_AUTHOR_EMAIL", email)],
        );
        assert_eq!(run.code, 0, "git commit as {name} failed:\n{}", run.stderr);
    }

    /// The full id of the commit `rev` names.
    #[track_caller]
    pub fn rev(&self, rev: &str) -> String {
        self.git_ok(&["rev-parse", "--verify", "-q", &format!("{rev}^{{commit}}")])
            .trim()
            .to_owned()
    }

    /// The full id of HEAD.
    #[track_caller]
    pub fn head_id(&self) -> String {
        self.rev("HEAD")
    }

    /// A clone of this repository over `file://` with `git clone --depth DEPTH`, in a new temp
    /// directory.
    #[track_caller]
    pub fn shallow_clone(&self, depth: usize) -> TestRepo {
        let clone = TestRepo::plain();
        let url = format!("file://{}", self.path().to_string_lossy());
        let depth = depth.to_string();
        clone.git_ok(&["clone", "-q", "--depth", &depth, &url, "."]);
        clone
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers for the git-state matrix (git_states.rs) and the output tests (output.rs).

/// A run with its raw bytes as well, for byte-level checks (ESC, C1, invalid UTF-8).
pub struct RawRun {
    pub run: Run,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl TestRepo {
    /// Runs `backlog` in `dir` (relative to the top; "." for the top) on top of the hermetic
    /// environment, with `set` variables added or overridden and `unset` ones removed.
    pub fn backlog_env(
        &self,
        dir: &str,
        args: &[&str],
        set: &[(&str, &std::ffi::OsStr)],
        unset: &[&str],
    ) -> RawRun {
        let mut cmd = self.command();
        cmd.current_dir(self.path().join(dir)).args(args);
        for (k, v) in set {
            cmd.env(k, v);
        }
        for k in unset {
            cmd.env_remove(k);
        }
        let output = cmd.output().unwrap_or_else(|e| panic!("run backlog: {e}"));
        let (stdout, stderr) = (output.stdout.clone(), output.stderr.clone());
        RawRun {
            run: Run::from(output),
            stdout,
            stderr,
        }
    }

    /// Runs `git` with the hermetic environment in `dir` (relative to the top), with extra
    /// variables; asserts success and returns stdout.
    #[track_caller]
    pub fn git_in(&self, dir: &str, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(self.path().join(dir)).args(args);
        let when = format!("{} +0000", self.clock.get());
        self.clock.set(self.clock.get() + 60);
        hermetic_std(&mut cmd, self.path());
        cmd.env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .envs(env.iter().copied());
        let run = Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")));
        assert_eq!(run.code, 0, "git {args:?} in {dir} failed:\n{}", run.stderr);
        run.stdout
    }
}

/// True when the tests run as root (chown-based ownership tests need it).
pub fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

// ---------------------------------------------------------------------------------------------
// Helpers for the fault-injection tests.

/// `program` with the hermetic environment of the other runs (HOME is `dir`), run in `dir`, with
/// `NO_COLOR` and `$BACKLOG` set: for running `backlog` under a wrapper (strace, setpriv,
/// unshare, a shell) or in a copy of a repository.
pub fn hermetic_in(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.current_dir(dir);
    hermetic_std(&mut cmd, dir);
    cmd.env("NO_COLOR", "1").env("BACKLOG", backlog_bin());
    cmd
}
