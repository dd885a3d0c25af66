//! `backlog lsp` sessions (fuzz targets `lsp_session` and `lsp_transport`; issue 17 §3): any
//! sequence of good, badly typed, out-of-order and malformed messages, ending in any broken
//! frame, gets exactly one answer per request, a parse error per malformed frame, no panic, no
//! hang, bounded memory and the documented exit code. The oracle is the fuzz target's own,
//! fuzz/fuzz_targets/common/lsp_session.rs, compiled in here, on the real binary.

use crate::support::{backlog_bin, copy_tree};
use proptest::prelude::*;

#[path = "../../../fuzz/fuzz_targets/common/lsp_session.rs"]
mod oracle;

const FILES: &[&str] = &[
    "items/MS-1-run-chicago-leagues-on-the-new-platform.md",
    "items/MS-3-view-teams-in-a-league.md",
    "items/MS-99-new.md",
    "ranking.txt",
    "backlog.toml",
];

/// A copy of example-backlog/ to serve.
fn example() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let root = dir.path().join("backlog");
    std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("mkdir: {e}"));
    copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog"),
        &root,
    );
    let root = root
        .canonicalize()
        .unwrap_or_else(|e| panic!("canonicalize: {e}"));
    (dir, root)
}

proptest! {
    // Each case is a process; a few dozen keep this to seconds.
    #![proptest_config(super::config(24))]

    #[test]
    fn any_session_is_answered_per_json_rpc_and_ends_cleanly(
        data in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let (_dir, root) = example();
        oracle::check(&backlog_bin(), &root, FILES, &data);
    }
}

/// The sessions the generator's corners make: every request before `initialize`; all of them
/// after it; `shutdown` then more; each broken last frame.
#[test]
fn chosen_sessions_are_answered_per_json_rpc_and_end_cleanly() {
    let (_dir, root) = example();
    let mut sessions: Vec<Vec<u8>> = Vec::new();
    // Op bytes: 10 a feature request, 12 wrong params, 13 an unknown method, 16 a malformed
    // frame, 0 initialize, 1 initialize with wrong types, 2 initialized, 3 shutdown, 4 didOpen,
    // 5 a ranged didChange; each op takes a file byte and two position bytes, then its own.
    let op = |code: u8, extra: &[u8]| [&[code, 0, 255, 255][..], extra].concat();
    let before: Vec<u8> = [
        op(10, &[1]),
        op(12, &[0, 1]),
        op(13, &[]),
        op(16, &[3, b'{', b'x', b'}']),
    ]
    .concat();
    for last in 0..6u8 {
        let after = [
            op(1, &[0]),
            op(0, &[7]),
            op(2, &[]),
            op(4, &[5, b'+', b'+', b'+', b'\n', b'x']),
            op(5, &[254, 9, 255, 2, 1, b'y']),
            op(10, &[0]),
            op(10, &[3]),
            op(12, &[2, 0]),
            op(0, &[1]),
            op(3, &[]),
            op(10, &[1]),
            op(3, &[]),
        ]
        .concat();
        sessions.push([before.clone(), after, vec![last]].concat());
        sessions.push([before.clone(), vec![last]].concat());
    }
    for data in sessions {
        oracle::check(&backlog_bin(), &root, FILES, &data);
    }
}

/// Fuzz finding F6 (fuzz/README.md): a header line that never ends was read whole into memory
/// (a 600 MB line held 600 MB; a longer one ran the server out of memory and aborted it). Now
/// the rest of a line over 8 KiB is skipped unread, answered with a parse error, and the next
/// frame is served; under a 400 MB address-space limit, where the old reader aborted.
#[test]
fn f6_a_600_mb_header_line_is_skipped_unread_and_the_next_frame_served() {
    let (_dir, root) = example();
    let request = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
    let script = format!(
        "ulimit -v 400000 && {{ head -c 600000000 /dev/zero | tr '\\0' a; printf '\\r\\n\\r\\nContent-Length: {}\\r\\n\\r\\n%s' '{request}'; }} | \"$BACKLOG\" --root '{}' lsp",
        request.len(),
        root.display()
    );
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("BACKLOG", backlog_bin())
        .output()
        .unwrap_or_else(|e| panic!("bash: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}\n{stdout}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(
        stdout.contains(r#""message":"a header line longer than 8192 bytes""#),
        "{stdout}"
    );
    assert!(stdout.contains(r#""code":-32700"#), "{stdout}");
    // The request after it is answered (not initialized yet: -32002).
    assert!(
        stdout.contains(r#""code":-32002"#) && stdout.contains(r#""id":1"#),
        "{stdout}"
    );
}
