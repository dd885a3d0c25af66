//! The one hermetic environment every process of the tests runs in: a cleared environment, HOME
//! in a temp directory, no global or system git config, a fixed author and committer, no colour.
//! The clock is the caller's: `TestRepo` adds an advancing date to each git run.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The author and committer of every commit the tests make, unless a test overrides them.
const AUTHOR: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Dana Developer"),
    ("GIT_AUTHOR_EMAIL", "dana@midwest.example"),
    ("GIT_COMMITTER_NAME", "Dana Developer"),
    ("GIT_COMMITTER_EMAIL", "dana@midwest.example"),
];

/// Path of the `backlog` binary under test.
pub fn backlog_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("backlog")
}

/// Replaces the environment of `cmd` with the hermetic one, HOME being `home`. `$BACKLOG` names
/// the binary under test, for scripts run through a shell or a wrapper.
pub fn hermetic<'a>(cmd: &'a mut Command, home: &Path) -> &'a mut Command {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("BACKLOG", backlog_bin())
        .envs(AUTHOR)
}

/// `program` in the hermetic environment, run in `dir` with HOME `dir`: for running `backlog`
/// under a wrapper (strace, setpriv, unshare, a shell) or in a copy of a repository.
pub fn hermetic_in(program: impl AsRef<OsStr>, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir);
    hermetic(&mut cmd, dir);
    cmd
}

/// PATH with the directory of the `backlog` binary first.
pub fn path_with_backlog() -> OsString {
    let bin = backlog_bin();
    let dir = bin.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap_or_else(|e| panic!("PATH: {e}"))
}
