//! The LSP message loop: a whole `backlog lsp` session per input, through the real binary
//! (`common/lsp_session.rs` says what the bytes choose and what is checked). The server loop
//! owns stdin and stdout, so it runs as a child process; libFuzzer sees no coverage of it,
//! and the bytes drive a structured generator instead.
//!
//! The binary is `$BACKLOG_BIN`, else the product's debug build (`cargo build` in the
//! repository root first). The backlog served is a copy of `example-backlog/` in a fresh
//! temporary directory, made once per fuzzing process.
#![no_main]

#[path = "common/lsp_session.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FILES: &[&str] = &[
    "items/MS-1-run-chicago-leagues-on-the-new-platform.md",
    "items/MS-3-view-teams-in-a-league.md",
    "items/MS-99-new.md",
    "ranking.txt",
    "backlog.toml",
];

fn setup() -> &'static (PathBuf, PathBuf) {
    static SETUP: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let binary = std::env::var_os("BACKLOG_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo.join("target/debug/backlog"));
        assert!(
            binary.is_file(),
            "no binary at {}: cargo build first",
            binary.display()
        );
        let root = std::env::temp_dir().join(format!("backlog-fuzz-lsp-{}", std::process::id()));
        copy_dir(&repo.join("example-backlog"), &root);
        (binary, root.canonicalize().expect("canonical root"))
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the backlog copy");
    for entry in std::fs::read_dir(from)
        .expect("read example-backlog")
        .flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (binary, root) = setup();
    common::check(binary, root, FILES, data);
});
