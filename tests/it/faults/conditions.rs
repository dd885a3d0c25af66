//! Real conditions without strace: a file-size limit, a full or read-only file system, a
//! directory we may not write.

use super::*;

/// A backlog whose ranking.txt is bigger than `bytes`: `n` Ready stories, each ranked with a
/// long reason.
fn big_reasons_fixture(n: usize, bytes: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    let story = ready_story("Story");
    let mut ranking = String::from("# Most important first.\n");
    for i in 1..=n {
        repo.item(&format!("MS-{i}-story.md"), &story);
        ranking.push_str(&format!(
            "MS-{i}   # reason {i}: {}\n",
            "because the customers asked for it ".repeat(3)
        ));
    }
    assert!(ranking.len() > bytes, "the fixture ranking is too small");
    repo.ranking(&ranking);
    repo
}

/// The `key=value` lines a script printed.
fn report(stdout: &str) -> HashMap<String, String> {
    stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

#[test]
fn a_file_size_limit_kills_or_fails_rank_and_the_ranking_stays_whole() {
    let repo = big_reasons_fixture(120, 12 * 1024);
    let dir = repo.path().to_path_buf();
    let before = repo.read_bytes("backlog/ranking.txt");
    let clean = copy_of(&dir);
    backlog_in(&clean.1, &["rank", "MS-100", "--to", "1"]);
    let new = std::fs::read(clean.1.join("backlog/ranking.txt")).unwrap_or_default();
    assert_ne!(before, new);

    // SIGXFSZ (default action: die) when the temp file passes 8 KiB: a crash mid-write.
    let run = repo.sh(r#"( ulimit -f 8; exec "$BACKLOG" rank MS-100 --to 1 ); echo "rc=$?""#);
    let rc = report(&run.stdout).get("rc").cloned().unwrap_or_default();
    assert_eq!(
        rc, "153",
        "rank must die of SIGXFSZ (128 + 25): {}",
        run.stderr
    );
    let after = repo.read_bytes("backlog/ranking.txt");
    assert!(
        after == before || after == new,
        "the ranking is torn after SIGXFSZ"
    );
    let temps = temps_in(&dir);
    assert!(temps.len() <= 1, "more than one temp file: {temps:?}");
    let mut problems = lint_problems(&dir, false);
    problems.extend(doctor_problems(&dir));
    assert!(problems.is_empty(), "after SIGXFSZ: {problems:?}");
    eprintln!(
        "faults: ulimit -f 8: rank died of SIGXFSZ, ranking {}, {} temp file(s) left",
        if after == before { "old" } else { "new" },
        temps.len()
    );

    // With SIGXFSZ ignored the write fails with EFBIG: exit 2, nothing changed, no temp file.
    let before = repo.read_bytes("backlog/ranking.txt");
    let files_before = files(&dir);
    let run = repo.sh(
        r#"trap '' XFSZ; ulimit -f 8; "$BACKLOG" rank MS-100 --to 1 2>efbig.err; echo "rc=$?"; cat efbig.err >&2; rm efbig.err"#,
    );
    assert_eq!(
        report(&run.stdout).get("rc").map(String::as_str),
        Some("2"),
        "EFBIG must be exit 2: {}",
        run.stderr
    );
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert_eq!(
        repo.read_bytes("backlog/ranking.txt"),
        before,
        "EFBIG changed the ranking"
    );
    assert_eq!(
        differing(&files_before, &files(&dir), &[LOCK]),
        Vec::<String>::new()
    );
}

#[test]
#[ignore = "needs user and mount namespaces (`unshare -rm`) to mount a small tmpfs (.ci/run runs it where they work)"]
fn a_full_then_read_only_file_system_fails_writes_with_exit_2_and_changes_nothing() {
    assert!(
        succeeds(Command::new("unshare").args(["-rm", "true"])),
        "this test needs `unshare -rm` (user and mount namespaces) to mount a tmpfs"
    );
    let repo = TestRepo::plain();
    // The seed, outside the tmpfs: three Ready stories and a 300 KiB ranking.
    let story = ready_story("Story");
    let mut ranking = String::from("# Most important first.\nMS-1\nMS-2\nMS-3\n");
    for i in 0..15_000 {
        ranking.push_str(&format!("# padding {i:08}\n"));
    }
    for i in 1..=3 {
        repo.write(&format!("seed/items/MS-{i}-story.md"), &story);
    }
    repo.write("seed/ranking.txt", &ranking);
    std::fs::create_dir_all(repo.path().join("mnt")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::create_dir_all(repo.path().join("out")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    repo.write(
        "inner.sh",
        r#"set -u
D=$1; OUT=$2; SEED=$3
mount -t tmpfs -o size=1m tmpfs "$D" || exit 90
cd "$D" || exit 91
git init -q -b main --template= . || exit 92
"$BACKLOG" init >/dev/null 2>&1 || exit 93
cp "$SEED"/items/* backlog/items/ && cp "$SEED/ranking.txt" backlog/ranking.txt || exit 94
cp backlog/ranking.txt "$OUT/ranking.orig"
"$BACKLOG" lint >/dev/null 2>&1; echo "lint_before=$?"
state() {
  echo "$1_rc=$2"
  if cmp -s backlog/ranking.txt "$OUT/ranking.orig"; then echo "$1_same=yes"; else echo "$1_same=no"; fi
  echo "$1_temps=$(find . -name '.backlog-tmp-*' | wc -l)"
  echo "$1_items=$(ls backlog/items | wc -l)"
}
# Fill the disk, then free 64 KiB: the 300 KiB temp copy of the ranking cannot fit.
dd if=/dev/zero of=filler bs=4096 >/dev/null 2>&1
truncate -s -65536 filler
"$BACKLOG" rank MS-3 --to 1 >/dev/null 2>"$OUT/enospc_rank.err"; state enospc_rank $?
# Now completely full: not even a new item's first page fits.
dd if=/dev/zero of=filler2 bs=4096 >/dev/null 2>&1
"$BACKLOG" new story "Full disk" >/dev/null 2>"$OUT/enospc_new.err"; state enospc_new $?
"$BACKLOG" lint >/dev/null 2>&1; echo "enospc_lint=$?"
mount -o remount,ro "$D" || exit 95
"$BACKLOG" rank MS-3 --to 1 >/dev/null 2>"$OUT/erofs_rank.err"; state erofs_rank $?
"$BACKLOG" new story "Read only" >/dev/null 2>"$OUT/erofs_new.err"; state erofs_new $?
"$BACKLOG" lint >/dev/null 2>&1; echo "erofs_lint=$?"
"#,
    );
    let run = repo.sh(r#"unshare -rm bash "$PWD/inner.sh" "$PWD/mnt" "$PWD/out" "$PWD/seed""#);
    assert!(
        !(90..=95).contains(&run.code),
        "could not set up the tmpfs (step {}): {}",
        run.code,
        run.stderr
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let got = report(&run.stdout);
    let err = |name: &str| repo.read(&format!("out/{name}.err"));
    let want = |key: &str, value: &str| {
        assert_eq!(
            got.get(key).map(String::as_str),
            Some(value),
            "{key} (all: {got:?}; rank ENOSPC stderr: {}; new ENOSPC stderr: {}; rank EROFS stderr: {}; new EROFS stderr: {})",
            err("enospc_rank"),
            err("enospc_new"),
            err("erofs_rank"),
            err("erofs_new")
        );
    };
    want("lint_before", "0");
    for (case, message) in [
        ("enospc_rank", "No space left on device"),
        ("enospc_new", "No space left on device"),
        ("erofs_rank", "Read-only file system"),
        ("erofs_new", "Read-only file system"),
    ] {
        want(&format!("{case}_rc"), "2");
        want(&format!("{case}_same"), "yes");
        want(&format!("{case}_temps"), "0");
        want(&format!("{case}_items"), "3");
        assert!(err(case).contains(message), "{case}: {}", err(case));
    }
    // R11: lint reads a full and a read-only backlog.
    want("enospc_lint", "0");
    want("erofs_lint", "0");
}

#[test]
fn a_directory_we_may_not_write_fails_writes_with_exit_2_and_names_the_path() {
    use std::os::unix::fs::{PermissionsExt, lchown};
    let repo = backlog_fixture();
    let denied = ["backlog", "backlog/items", "backlog/templates"];
    // Root writes through permissions, so as root the commands run as nobody (uid 65534) with
    // setpriv: the repository belongs to nobody (so git's ownership check passes and the lock
    // file can be created), but the backlog's directories belong to root. Any other user runs
    // them itself, on backlog directories made read-only.
    let root = is_root();
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    if root {
        assert!(
            succeeds(
                Command::new("setpriv")
                    .args(nobody)
                    .arg(backlog_bin())
                    .arg("--version")
            ),
            "as root, this test runs the binary as uid 65534 with util-linux setpriv: \
             it needs setpriv and a binary (and target directory) that other users may run"
        );
        for entry in walkdir::WalkDir::new(repo.path())
            .into_iter()
            .filter_map(Result::ok)
        {
            lchown(entry.path(), Some(65534), Some(65534)).unwrap_or_else(|e| panic!("chown: {e}"));
        }
        for dir in denied {
            let path = repo.path().join(dir);
            lchown(&path, Some(0), Some(0)).unwrap_or_else(|e| panic!("chown: {e}"));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .unwrap_or_else(|e| panic!("chmod: {e}"));
        }
    }
    /// Makes the directories read-only, and writable again when dropped (so that the temp
    /// directory can be removed).
    struct ReadOnly(Vec<PathBuf>);
    impl Drop for ReadOnly {
        fn drop(&mut self) {
            for dir in &self.0 {
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
    let _read_only = (!root).then(|| {
        let dirs: Vec<PathBuf> = denied.iter().map(|d| repo.path().join(d)).collect();
        for dir in &dirs {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555))
                .unwrap_or_else(|e| panic!("chmod: {e}"));
        }
        ReadOnly(dirs)
    });
    let before = repo.work_tree_files();
    let as_nobody = |args: &[&str]| {
        if root {
            output_of(
                hermetic_in("setpriv", repo.path())
                    .args(nobody)
                    .arg(backlog_bin())
                    .args(args),
            )
        } else {
            output_of(hermetic_in(backlog_bin(), repo.path()).args(args))
        }
    };
    for (args, path) in [
        (&["rank", "MS-3", "--to", "1"][..], "backlog"),
        (&["unrank", "MS-2"], "backlog"),
        (&["new", "story", "Denied"], "backlog/items"),
        (
            &["new", "story", "Denied", "--rank", "top"],
            "backlog/items",
        ),
        (&["renumber", "MS-2", "MS-40"], "backlog/items"),
    ] {
        let out = as_nobody(args);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`backlog {}` as nobody: {}",
            args.join(" "),
            stderr
        );
        assert!(stderr.contains("Permission denied"), "{stderr}");
        // The directory it could not create its temp file in (today by its absolute path,
        // which PRODUCT.md's relative paths would shorten; reported).
        assert!(
            stderr.contains("cannot create a temporary file in ")
                && stderr.contains(&format!("{path}: Permission denied")),
            "the message must name {path}: {stderr}"
        );
        assert!(
            repo.work_tree_files() == before,
            "`backlog {}` as nobody changed files",
            args.join(" ")
        );
    }
    let lint = as_nobody(&["lint"]);
    assert_eq!(
        lint.status.code(),
        Some(0),
        "lint as nobody: {}",
        text(&lint.stderr)
    );
}
