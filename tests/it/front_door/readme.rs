//! README's console blocks, replayed (issue 18): every ```console block of README.md is run
//! and must print what it shows, or is marked right before it with
//! `<!-- not replayed: REASON -->` and counted.
//!
//! A block marked `<!-- replayed in a new git repository -->` starts a fresh repository (the
//! tour: `init`, `new`, `lint`); one marked `<!-- replayed in a git repository holding
//! example-backlog/ twice: ... -->` starts a repository with one commit holding the example
//! backlog as `example-backlog/` (for `--root example-backlog`) and as `backlog/` (for the
//! commands that change it). Unmarked blocks go on in the repository of the block before, in
//! document order, so a block sees what the blocks above it did. Each `$ ` line runs through
//! bash with the binary under test first in PATH, COLUMNS unset and stdout piped; what it
//! prints (stdout, then stderr) must equal the lines shown below it, where a `...` line stands
//! for any number of lines. Only what must vary is normalised: dates, commit ids and the
//! repository's temp path; the commits a block makes and the timebox clock get fixed dates.
//!
//! `README=overwrite cargo test --test it front_door::readme` writes what each mismatching
//! command printed into README.md (then shorten long outputs with `...` by hand).

use crate::support::{TestRepo, backlog_bin, copy_tree, hermetic_in};
use std::path::Path;

const NEW_REPO: &str = "<!-- replayed in a new git repository -->";
const EXAMPLE_REPO: &str = "<!-- replayed in a git repository holding example-backlog/ twice: as example-backlog/ and as backlog/ -->";
const NOT_REPLAYED: &str = "<!-- not replayed: ";
/// The date of the commits a block makes: a day after the example backlog's commit.
const COMMIT_DATE: &str = "1700100000 +0000";
/// "now" for the commands (`BACKLOG_NOW`): a day after `COMMIT_DATE`.
const NOW: &str = "1700186400";

/// One `$ ` line of a block: the command, the README lines of its shown output.
struct Command {
    text: String,
    /// The README line numbers (0-based) of the output shown under it.
    shown: std::ops::Range<usize>,
}

struct Block {
    /// 1-based README line of the opening fence.
    line: usize,
    /// The HTML comment on the line before the fence, if any.
    mark: Option<String>,
    commands: Vec<Command>,
}

fn readme_path() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut inside = false;
    for (i, line) in lines.iter().enumerate() {
        if !inside && *line == "```console" {
            inside = true;
            let mark = i
                .checked_sub(1)
                .map(|p| lines[p])
                .filter(|l| l.starts_with("<!--"))
                .map(str::to_owned);
            out.push(Block {
                line: i + 1,
                mark,
                commands: Vec::new(),
            });
        } else if inside && *line == "```" {
            inside = false;
        } else if inside {
            let block = out.last_mut().unwrap_or_else(|| unreachable!());
            if let Some(text) = line.strip_prefix("$ ") {
                block.commands.push(Command {
                    text: text.to_owned(),
                    shown: i + 1..i + 1,
                });
            } else if let Some(command) = block.commands.last_mut() {
                command.shown.end = i + 1;
            } else {
                panic!("README.md:{}: output before the first `$ ` line", i + 1);
            }
        }
    }
    assert!(!inside, "README.md: a ```console block is not closed");
    out
}

/// The repository of the tour, or of the example backlog's blocks.
fn example_repo() -> TestRepo {
    let repo = TestRepo::git();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    for to in ["example-backlog", "backlog"] {
        let dir = repo.path().join(to);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {dir:?}: {e}"));
        copy_tree(&example, &dir);
    }
    repo.commit("the example backlog");
    repo
}

/// Runs one README command line in `repo` as a user's shell would, with `backlog` on PATH.
fn run(repo: &TestRepo, command: &str) -> Vec<String> {
    let bin = backlog_bin();
    let mut dirs = vec![bin.parent().map(Path::to_path_buf).unwrap_or_default()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).unwrap_or_else(|e| panic!("PATH: {e}"));
    let output = hermetic_in("bash", repo.path())
        .env("PATH", path)
        // The commits a block makes get a fixed date, so what depends on the calendar (the
        // board's weeks) is the same in every run.
        .env("GIT_AUTHOR_DATE", COMMIT_DATE)
        .env("GIT_COMMITTER_DATE", COMMIT_DATE)
        // A spike's timebox runs on the calendar: "now" is the day after those commits.
        .env("BACKLOG_NOW", NOW)
        .args(["-c", command])
        .output()
        .unwrap_or_else(|e| panic!("bash: {e}"));
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        code.is_some_and(|c| c != 101),
        "`{command}` crashed ({code:?}):\n{stderr}"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .chain(stderr.lines())
        .map(str::to_owned)
        .collect()
}

/// Dates, commit ids and the temp path, which differ from run to run.
fn normalise(line: &str, repo: &Path) -> String {
    let line = line.replace(&repo.display().to_string(), "<repo>");
    let date = regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").unwrap_or_else(|e| panic!("{e}"));
    let line = date.replace_all(&line, "<date>");
    let id = regex::Regex::new(r"\b[0-9a-f]{7,40}\b").unwrap_or_else(|e| panic!("{e}"));
    id.replace_all(&line, |c: &regex::Captures| {
        let word = &c[0];
        if word.bytes().any(|b| b.is_ascii_digit()) && word.bytes().any(|b| b.is_ascii_alphabetic())
        {
            "<commit>".to_owned()
        } else {
            word.to_owned()
        }
    })
    .into_owned()
}

/// Whether `printed` is `shown`, a `...` line in `shown` standing for any number of lines.
fn matches(shown: &[String], printed: &[String]) -> bool {
    match shown.split_first() {
        None => printed.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=printed.len()).any(|skip| matches(rest, &printed[skip..]))
        }
        Some((first, rest)) => printed
            .split_first()
            .is_some_and(|(p, more)| p == first && matches(rest, more)),
    }
}

#[test]
fn every_console_block_of_the_readme_is_replayed_or_marked() {
    let text = std::fs::read_to_string(readme_path()).unwrap_or_else(|e| panic!("README.md: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    let overwrite = std::env::var("README").is_ok_and(|v| v == "overwrite");
    let mut repo: Option<TestRepo> = None;
    let (mut replayed, mut commands, mut skipped) = (0, 0, Vec::new());
    let mut failures: Vec<String> = Vec::new();
    let mut rewrites: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    for block in blocks(&lines) {
        match block.mark.as_deref() {
            Some(mark) if mark.starts_with(NOT_REPLAYED) => {
                let reason = mark[NOT_REPLAYED.len()..].trim_end_matches("-->").trim();
                assert!(
                    !reason.is_empty(),
                    "README.md:{}: say why the block is not replayed",
                    block.line
                );
                skipped.push(format!("README.md:{}: {reason}", block.line));
                continue;
            }
            Some(NEW_REPO) => repo = Some(TestRepo::git()),
            Some(EXAMPLE_REPO) => repo = Some(example_repo()),
            Some(other) => panic!("README.md:{}: unknown mark {other}", block.line),
            None => {}
        }
        let Some(repo) = &repo else {
            panic!(
                "README.md:{}: the first replayed block must say where it runs ({NEW_REPO})",
                block.line
            );
        };
        replayed += 1;
        for command in &block.commands {
            commands += 1;
            let printed = run(repo, &command.text);
            let norm = |l: &str| normalise(l, repo.path());
            let shown: Vec<String> = lines[command.shown.clone()]
                .iter()
                .map(|l| norm(l))
                .collect();
            let got: Vec<String> = printed.iter().map(|l| norm(l)).collect();
            if !matches(&shown, &got) {
                failures.push(format!(
                    "README.md:{}: `{}` printed:\n{}\n--- README shows:\n{}",
                    command.shown.start,
                    command.text,
                    printed.join("\n"),
                    lines[command.shown.clone()].join("\n")
                ));
                rewrites.push((command.shown.clone(), printed));
            }
        }
    }
    // The count, for the record (run with --nocapture to see it).
    #[allow(clippy::print_stdout)]
    {
        println!(
            "README.md: replayed {replayed} console blocks ({commands} commands); {} not replayed:\n{}",
            skipped.len(),
            skipped.join("\n")
        );
    }
    if overwrite && !rewrites.is_empty() {
        let mut out: Vec<String> = Vec::new();
        let mut at = 0;
        for (range, printed) in &rewrites {
            out.extend(lines[at..range.start].iter().map(|l| (*l).to_owned()));
            out.extend(printed.iter().cloned());
            at = range.end;
        }
        out.extend(lines[at..].iter().map(|l| (*l).to_owned()));
        std::fs::write(readme_path(), out.join("\n") + "\n")
            .unwrap_or_else(|e| panic!("README.md: {e}"));
    }
    assert!(replayed >= 10, "only {replayed} blocks were replayed");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_dotted_line_stands_for_any_number_of_lines_and_nothing_else_differs() {
    let v = |s: &[&str]| s.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "...", "d"]), &v(&["a", "d"])));
    assert!(matches(&v(&["a", "..."]), &v(&["a"])));
    assert!(!matches(&v(&["a", "...", "d"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a", "b"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a", "b"]), &v(&["a"])));
    let repo = Path::new("/tmp/x");
    assert_eq!(
        normalise("2026-11-02  a1398044  /tmp/x/b  deadbeef 12345678", repo),
        "<date>  <commit>  <repo>/b  deadbeef 12345678"
    );
}
