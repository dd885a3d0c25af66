//! Tools and privileges that some tests need beyond git and bash. Those tests are
//! `#[ignore = "needs …"]` where the README's `cargo test` cannot count on them, and `.ci/run`
//! runs them by name where they are available; run without what they need, they fail saying
//! what is missing, rather than pass without checking anything.

use std::process::{Command, Stdio};

/// Whether the command runs and exits 0 (its output discarded).
pub fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// True when the tests run as root.
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Fails the test unless it runs as root.
#[track_caller]
pub fn require_root(why: &str) {
    assert!(is_root(), "this test needs root: {why}");
}

/// strace is installed, ptrace is permitted and fault injection works (probed once).
pub fn strace_works() -> bool {
    static OK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *OK.get_or_init(|| {
        succeeds(Command::new("strace").args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=openat",
            "-e",
            "inject=openat:error=ENOENT:when=65535",
            "true",
        ]))
    })
}

/// Fails the test unless strace can trace and inject faults here.
#[track_caller]
pub fn require_strace() {
    assert!(
        strace_works(),
        "this test needs strace with ptrace permitted (apt-get install strace; \
         kernel.yama.ptrace_scope <= 1; containers need CAP_SYS_PTRACE)"
    );
}
