//! git verbs on a `TestRepo`: every git run gets the hermetic environment and the next date of
//! the repository's clock, so that commits, and so commit ids, are the same on every run.

use super::TestRepo;
use super::env::{hermetic, path_with_backlog};
use super::run::Run;
use std::path::Path;
use std::process::Command;

impl TestRepo {
    /// The date of the next git run ("SECONDS +0000"); the clock then advances by a minute.
    fn tick(&self) -> String {
        let when = format!("{} +0000", self.clock.get());
        self.clock.set(self.clock.get() + 60);
        when
    }

    /// `git ARGS` in `dir` with the hermetic environment (HOME is the repository top) and the
    /// next date of the clock as author and committer date.
    fn git_command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(dir).args(args);
        hermetic(&mut cmd, self.path());
        let when = self.tick();
        cmd.env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when);
        cmd
    }

    /// Runs git in the repository top.
    pub fn git_run(&self, args: &[&str]) -> Run {
        self.git_env(args, &[])
    }

    #[track_caller]
    pub fn git_ok(&self, args: &[&str]) -> String {
        let run = self.git_run(args);
        assert_eq!(run.code, 0, "git {args:?} failed:\n{}", run.stderr);
        run.stdout
    }

    /// Runs git like `git_run` with extra environment variables, which override the defaults
    /// (for example GIT_AUTHOR_NAME, or PATH).
    pub fn git_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.git_command(self.path(), args);
        cmd.envs(env.iter().copied());
        Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")))
    }

    /// Runs git in `dir` (relative to the top) with extra variables; asserts success and
    /// returns stdout.
    #[track_caller]
    pub fn git_in(&self, dir: &str, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut cmd = self.git_command(&self.path().join(dir), args);
        cmd.envs(env.iter().copied());
        let run = Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")));
        assert_eq!(run.code, 0, "git {args:?} in {dir} failed:\n{}", run.stderr);
        run.stdout
    }

    /// Runs git like `git_run`, with the directory of the `backlog` binary first in PATH, so
    /// that the merge driver `backlog init` registered (`backlog merge-driver %O %A %B %P`)
    /// is found when git runs it.
    pub fn git_with_backlog(&self, args: &[&str]) -> Run {
        let mut cmd = self.git_command(self.path(), args);
        cmd.env("PATH", path_with_backlog());
        Run::from(cmd.output().unwrap_or_else(|e| panic!("run git: {e}")))
    }

    /// Stages everything and commits.
    pub fn commit(&self, message: &str) {
        self.git_ok(&["add", "-A"]);
        self.git_ok(&["commit", "-q", "-m", message]);
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

    /// A fresh clone of this repository in a new temp directory (its own local git config:
    /// no merge driver registered).
    pub fn clone_repo(&self) -> TestRepo {
        let clone = TestRepo::plain();
        let source = self.path().to_string_lossy().into_owned();
        clone.git_ok(&["clone", "-q", &source, "."]);
        clone
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
