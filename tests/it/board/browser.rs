//! The board in a real Chromium: tests/browser/board_check.py (Playwright for Python, driving
//! the Debian chromium package) against the static page and a running `backlog serve`.

use super::serve::Served;
use super::{HOSTILE, fixture};
use crate::support::{TestRepo, copy_tree};
use std::path::{Path, PathBuf};

/// The bundled example backlog in a repository of its own, with a few weeks of re-ranking by
/// three people: the page the README's screenshots show.
fn demo(root: &Path) -> TestRepo {
    let repo = TestRepo::git();
    std::fs::create_dir(repo.path().join("backlog")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    copy_tree(&root.join("example-backlog"), &repo.path().join("backlog"));
    let commit = |message: &str, who: &str, day: u32| {
        repo.git_ok(&["add", "-A"]);
        let date = format!(
            "2026-{:02}-{:02}T10:00:00+00:00",
            9 + day / 30,
            1 + day % 30
        );
        let email = format!("{}@midwest.example", who.to_lowercase());
        let run = repo.git_env(
            &["commit", "-q", "-m", message],
            &[
                ("GIT_AUTHOR_NAME", who),
                ("GIT_AUTHOR_EMAIL", &email),
                ("GIT_AUTHOR_DATE", &date),
                ("GIT_COMMITTER_DATE", &date),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    commit("The Chicago launch backlog", "Dana", 0);
    for (id, to, reason, who, day) in [
        (
            "MS-6",
            "4",
            "the import spike came back: about 3 days",
            "Marco",
            6,
        ),
        (
            "MS-10",
            "3",
            "the public site opens with the season",
            "Priya",
            9,
        ),
        (
            "MS-6",
            "2",
            "sponsors sign next week and need their teams in",
            "Dana",
            16,
        ),
        ("MS-10", "8", "schedules wait for the import", "Priya", 23),
        (
            "MS-6",
            "5",
            "after the standings fix: playoffs decide seeding",
            "Dana",
            31,
        ),
    ] {
        repo.backlog(&["rank", id, "--to", to, "--reason", reason])
            .code(0);
        commit(&format!("Rank {id}: {reason}"), who, day);
    }
    repo
}

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
    repo.backlog(&["board", "--out", &page.to_string_lossy()])
        .code(0);
    let served = Served::start(&repo);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let example = demo(&root);
    let demo_page = expect.path().join("demo.html");
    example
        .backlog(&[
            "board",
            "--since",
            "HEAD~2",
            "--out",
            &demo_page.to_string_lossy(),
        ])
        .code(0);
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
        .arg("--demo")
        .arg(&demo_page)
        .output()
        .unwrap_or_else(|e| panic!("run python3: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(", 0 failed"), "{stdout}");
    for shot in [
        "board.png",
        "timeline.png",
        "live.png",
        "demo-board.png",
        "demo-timeline.png",
    ] {
        assert!(shots.join(shot).is_file(), "no screenshot {shot}");
    }
}
