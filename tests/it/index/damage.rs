//! A damaged index (truncated, a garbled byte, empty, a directory, a symlink, a FIFO,
//! another repository's, an older format) is never trusted, never a crash: the answer is the
//! one `--no-cache` gives, at most one line of note says why, and the next run rebuilds it.

use super::{index_file, same_with_and_without, settle, stats_run, varied};
use crate::support::{TestRepo, succeeds};
use std::fs;
use std::process::Command;

/// A repository with a settled, written index.
fn indexed() -> TestRepo {
    let repo = varied();
    settle();
    same_with_and_without(&repo, "building the index");
    let (read, known) = stats_run(&repo, &["lint"]).1;
    assert_eq!((read, known), (0, 22), "the index is in use");
    repo
}

/// After `damage`, lint and list answer as `--no-cache` with at most one note, which says
/// `note` when given; the run after that uses a rebuilt index.
#[track_caller]
fn survives(repo: &TestRepo, what: &str, note: Option<&str>) {
    let plain = repo.backlog(&["--no-cache", "lint", "--format", "json"]);
    let (run, (read, _)) = stats_run(repo, &["lint", "--format", "json"]);
    assert_eq!(run.code, plain.code, "{what}: exit code");
    assert_eq!(run.stdout, plain.stdout, "{what}: findings");
    assert_eq!(read, 22, "{what}: a damaged index is not trusted");
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    match note {
        Some(note) => {
            assert_eq!(notes.len(), 1, "{what}: one note\n{}", run.stderr);
            assert!(notes[0].contains(note), "{what}: {}", notes[0]);
        }
        None => assert!(notes.is_empty(), "{what}: no note\n{}", run.stderr),
    }
    let (read, known) = same_with_and_without(repo, what);
    assert_eq!((read, known), (0, 22), "{what}: the index was rebuilt");
}

#[test]
fn a_truncated_index_is_rebuilt_with_a_note() {
    let repo = indexed();
    let file = index_file(&repo);
    let bytes = fs::read(&file).expect("test file operation");
    fs::write(&file, &bytes[..bytes.len() / 2]).expect("test file operation");
    survives(&repo, "truncated", Some("checksum"));
    let bytes = fs::read(&file).expect("test file operation");
    fs::write(&file, &bytes[..10]).expect("test file operation");
    survives(&repo, "cut inside the magic", Some("not a work-tree index"));
}

#[test]
fn a_garbled_byte_anywhere_is_caught() {
    let repo = indexed();
    let file = index_file(&repo);
    let good = fs::read(&file).expect("test file operation");
    for at in [40, good.len() / 3, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        fs::write(&file, &bad).expect("test file operation");
        survives(&repo, &format!("byte {at} garbled"), Some("checksum"));
    }
}

#[test]
fn an_empty_index_or_a_directory_in_its_place() {
    let repo = indexed();
    let file = index_file(&repo);
    fs::write(&file, b"").expect("test file operation");
    survives(&repo, "empty", Some("not a work-tree index"));
    fs::remove_file(&file).expect("test file operation");
    fs::create_dir(&file).expect("test file operation");
    survives(&repo, "a directory", Some("is a directory"));
}

#[test]
fn a_symlink_in_its_place_is_not_followed() {
    let repo = indexed();
    let file = index_file(&repo);
    let good = fs::read(&file).expect("test file operation");
    let elsewhere = repo.path().join("elsewhere");
    fs::write(&elsewhere, &good).expect("test file operation");
    fs::remove_file(&file).expect("test file operation");
    std::os::unix::fs::symlink(&elsewhere, &file).expect("test file operation");
    survives(&repo, "a symlink", Some("is a symlink"));
    assert_eq!(
        fs::read(&elsewhere).expect("test file operation"),
        good,
        "the link's target is untouched"
    );
    assert!(
        !fs::symlink_metadata(&file)
            .expect("test file operation")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_fifo_in_its_place_never_blocks() {
    let repo = indexed();
    let file = index_file(&repo);
    fs::remove_file(&file).expect("test file operation");
    assert!(succeeds(Command::new("mkfifo").arg(&file)), "mkfifo");
    survives(&repo, "a FIFO", Some("is not a regular file"));
}

#[test]
fn another_repositorys_index_is_not_trusted() {
    let repo = indexed();
    let other = varied();
    fs::create_dir_all(other.path().join(".git/backlog")).expect("test file operation");
    fs::copy(index_file(&repo), index_file(&other)).expect("test file operation");
    settle();
    survives(&other, "another repository's", Some("another repository"));
}

#[test]
fn an_older_format_is_rebuilt_silently() {
    let repo = indexed();
    let file = index_file(&repo);
    let mut bytes = fs::read(&file).expect("test file operation");
    let magic = b"backlog work-tree index\n".len();
    bytes[magic] = bytes[magic].wrapping_sub(1);
    fs::write(&file, &bytes).expect("test file operation");
    survives(&repo, "an older format", None);
}
