//! The board in a real Chromium: tests/browser/board_check.py (Playwright for Python, driving
//! the Debian chromium package) against the static page and a running `backlog serve`.

use super::serve::Served;
use super::{HOSTILE, fixture};
use std::path::PathBuf;

#[test]
#[ignore = "needs chromium and playwright"]
fn the_board_in_a_real_chromium() {
    let repo = fixture();
    let expect = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, args) in [
        ("list", vec!["list", "--format", "json"]),
        ("lint", vec!["lint", "--format", "json"]),
        ("history", vec!["history", "MS-3", "--format", "json"]),
    ] {
        let run = repo.backlog(&args);
        std::fs::write(expect.path().join(format!("{name}.json")), &run.stdout)
            .unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    std::fs::write(expect.path().join("hostile.txt"), HOSTILE).unwrap_or_else(|e| panic!("{e}"));
    let page = expect.path().join("board.html");
    repo.backlog(&["board", "--out", &page.to_string_lossy()]).code(0);
    let served = Served::start(&repo);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shots = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("browser-screenshots");
    let output = std::process::Command::new("python3")
        .arg(root.join("tests/browser/board_check.py"))
        .arg("--static")
        .arg(&page)
        .args(["--url", &served.url()])
        .arg("--repo")
        .arg(repo.path())
        .arg("--expect")
        .arg(expect.path())
        .arg("--shots")
        .arg(&shots)
        .output()
        .unwrap_or_else(|e| panic!("run python3: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(", 0 failed"), "{stdout}");
    for shot in ["board.png", "timeline.png", "live.png"] {
        assert!(shots.join(shot).is_file(), "no screenshot {shot}");
    }
}
