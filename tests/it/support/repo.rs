//! `TestRepo`: a backlog in a temp directory (optionally a git repository), its files, and the
//! hermetic `backlog` runs in it.

use super::env::{backlog_bin, hermetic, hermetic_in};
use super::run::{Finding, RawRun, Run};
use assert_cmd::Command;
use std::cell::Cell;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub struct TestRepo {
    dir: tempfile::TempDir,
    /// Seconds since the epoch of the next git run; advances by a minute per run.
    pub(super) clock: Cell<i64>,
}

// ---- Making one ----------------------------------------------------------------------------

impl TestRepo {
    /// An empty directory that is not a git repository.
    pub fn plain() -> TestRepo {
        TestRepo {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
            clock: Cell::new(1_700_000_000),
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
}

// ---- Files ---------------------------------------------------------------------------------

impl TestRepo {
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

    /// The raw bytes of a file, relative to the repository top.
    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes an item file under backlog/items/.
    pub fn item(&self, file_name: &str, content: &str) -> PathBuf {
        self.write(&format!("backlog/items/{file_name}"), content)
    }

    /// Writes an item file from raw bytes under backlog/items/.
    pub fn item_bytes(&self, file_name: &str, content: &[u8]) -> PathBuf {
        self.write(&format!("backlog/items/{file_name}"), content)
    }

    /// Replaces ranking.txt.
    pub fn ranking(&self, content: &str) {
        self.write("backlog/ranking.txt", content);
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

    /// Replaces the first `from` in backlog.toml with `to` (which must be there).
    #[track_caller]
    pub fn config_replace(&self, from: &str, to: &str) {
        let text = self.read("backlog/backlog.toml");
        assert!(text.contains(from), "backlog.toml has no {from:?}");
        self.config(&text.replacen(from, to, 1));
    }
}

// ---- Running backlog -----------------------------------------------------------------------

impl TestRepo {
    /// The `backlog` binary with the hermetic environment, run in the repository top.
    pub fn command(&self) -> Command {
        Command::from_std(self.spawn_command(&[]))
    }

    /// The hermetic `backlog` command as a `std::process::Command`, run in the repository top,
    /// for tests that spawn processes without waiting for them (concurrency, kills).
    pub fn spawn_command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = hermetic_in(backlog_bin(), self.path());
        cmd.args(args);
        cmd
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

    /// Runs `backlog` and returns stdout and stderr as raw bytes too, for byte-level checks.
    pub fn backlog_raw(&self, args: &[&str]) -> (Run, Vec<u8>) {
        let mut cmd = self.command();
        cmd.args(args);
        let output = cmd.output().unwrap_or_else(|e| panic!("run backlog: {e}"));
        let mut bytes = output.stdout.clone();
        bytes.extend_from_slice(&output.stderr);
        (Run::from(output), bytes)
    }

    /// Runs `backlog` in `dir` (relative to the top; "." for the top) on top of the hermetic
    /// environment, with `set` variables added or overridden and `unset` ones removed.
    pub fn backlog_env(
        &self,
        dir: &str,
        args: &[&str],
        set: &[(&str, &OsStr)],
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

    /// Runs `backlog` with stdout a pipe whose reader has already gone: every write to stdout
    /// fails with EPIPE, deterministically (a `| head -1` only does so once the pipe fills).
    /// stdout in the returned run is always empty.
    pub fn backlog_closed_stdout(&self, args: &[&str]) -> Run {
        let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("pipe: {e}"));
        drop(reader);
        let output = self
            .spawn_command(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap_or_else(|e| panic!("run backlog: {e}"));
        Run::from(output)
    }

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
        hermetic(&mut cmd, self.path());
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
}
