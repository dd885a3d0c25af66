//! `backlog lsp` through the real binary over stdio: diagnostics equal to `lint --format
//! json` (codes, severities, messages, the character of line:column as UTF-16 positions), the
//! cross-file republish, each capability, and each bad input of the issue.

mod client;
mod features;
mod inputs;
mod neovim;

use crate::support::{TestRepo, ready_story};
use client::Client;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// A broken ready story: no owner, no `## Problem`, a near-miss key, a zero-width space after
/// an emoji (lint's column counts characters, LSP's UTF-16 units).
pub const BROKEN: &str = "+++\ntitle = \"Teams 🎉 page\"\nkind = \"story\"\nstate = \"ready\"\nvalue = \"Admins save time\"\nestimate = 5\ntagz = [\"ux\"]\n+++\n\nSee 🎉🎉 a\u{200b}b.\n\n## Acceptance criteria\n\n- [ ] Paged table\n";

/// A backlog with a broken item (MS-1), a good one (MS-2) that depends on it, a draft (MS-3),
/// and a ranking with an unknown ID and a duplicate line.
pub fn fixture() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-teams.md", BROKEN);
    repo.item(
        "MS-2-schedule.md",
        &ready_story("Schedule page").replace(
            "estimate = 5\n",
            "estimate = 5\ndepends_on = [\"MS-1\"]\ntags = [\"schedule\"]\n",
        ),
    );
    repo.item(
        "MS-3-draft.md",
        "+++\ntitle = \"Draft idea\"\nkind = \"story\"\nstate = \"draft\"\ntags = [\"later\"]\n+++\n\nNotes.\n",
    );
    repo.ranking("# Most important first\nMS-1    # launch blocker\nMS-2\nMS-99\nMS-1\n");
    repo
}

pub fn item_path(repo: &TestRepo, file: &str) -> PathBuf {
    canonical(repo).join("backlog/items").join(file)
}

pub fn canonical(repo: &TestRepo) -> PathBuf {
    repo.path()
        .canonicalize()
        .unwrap_or_else(|e| panic!("canonicalize: {e}"))
}

/// One finding as both sides can state it: path, code, severity, message, 0-based line and
/// UTF-16 character of its start.
type Seen = (String, String, String, String, u64, u64);

fn severity_name(n: &Value) -> String {
    match n.as_u64() {
        Some(1) => "error".into(),
        Some(2) => "warning".into(),
        other => panic!("unexpected severity {other:?}"),
    }
}

/// What lint says, with each column turned into the UTF-16 offset of the same character.
fn lint_says(repo: &TestRepo) -> BTreeSet<Seen> {
    let (_, findings) = repo.lint_json(&[]);
    findings
        .into_iter()
        .map(|f| {
            let text = repo.read(&f.path);
            let line = text.split('\n').nth(f.line as usize - 1).unwrap_or("");
            let utf16: usize = line
                .chars()
                .take(f.column as usize - 1)
                .map(char::len_utf16)
                .sum();
            (
                f.path,
                f.rule,
                f.severity,
                f.message,
                f.line - 1,
                utf16 as u64,
            )
        })
        .collect()
}

/// What the server published, by the same measure, from `(path, diagnostics)` pairs.
fn server_says(repo: &TestRepo, published: &[(PathBuf, Vec<Value>)]) -> BTreeSet<Seen> {
    let top = canonical(repo);
    let mut out = BTreeSet::new();
    for (path, list) in published {
        let rel = path
            .strip_prefix(&top)
            .unwrap_or_else(|_| panic!("{path:?} outside the repository"))
            .to_string_lossy()
            .into_owned();
        for d in list {
            assert_eq!(d["source"], "backlog", "{d}");
            out.insert((
                rel.clone(),
                d["code"].as_str().unwrap_or_default().to_owned(),
                severity_name(&d["severity"]),
                d["message"].as_str().unwrap_or_default().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
                d["range"]["start"]["character"]
                    .as_u64()
                    .unwrap_or(u64::MAX),
            ));
        }
    }
    out
}

/// The latest diagnostics per file among the notifications seen so far.
fn latest(client: &mut Client) -> Vec<(PathBuf, Vec<Value>)> {
    client.settle();
    client.assert_no_error_shown();
    let mut by_path: std::collections::BTreeMap<PathBuf, Vec<Value>> = Default::default();
    for n in client.notes.drain(..) {
        if n["method"] == "textDocument/publishDiagnostics" {
            let uri = n["params"]["uri"].as_str().unwrap_or_default();
            let path = PathBuf::from(uri.trim_start_matches("file://"));
            let list = n["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            by_path.insert(path, list);
        }
    }
    by_path.into_iter().collect()
}

#[test]
fn diagnostics_on_open_are_exactly_lints_findings_at_the_same_characters() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let file = item_path(&repo, "MS-1-teams.md");
    client.open(&file, BROKEN);
    let published = latest(&mut client);
    let lint = lint_says(&repo);
    assert!(
        lint.iter().any(|f| f.1 == "TXT001") && lint.iter().any(|f| f.1 == "ORD002"),
        "the fixture must hold a finding after wide characters and a ranking finding: {lint:?}"
    );
    assert_eq!(server_says(&repo, &published), lint);
    // The zero-width space: lint's column 9 is UTF-16 character 10 (each 🎉 is two units).
    let txt = lint.iter().find(|f| f.1 == "TXT001").map(|f| (f.4, f.5));
    assert_eq!(txt, Some((9, 10)));
    client.shutdown();
}

#[test]
fn typing_uses_the_unsaved_buffer_and_clears_what_is_fixed() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let file = item_path(&repo, "MS-1-teams.md");
    client.open(&file, BROKEN);
    let codes = |list: &[Value]| -> BTreeSet<String> {
        list.iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    client.diagnostics_for(&file, |d| codes(d).contains("DOR001"));
    // Invalid TOML mid-typing: lint's FM003 for the buffer, nothing written.
    let half = BROKEN.replace("estimate = 5\n", "estimate = \n");
    client.change(&file, 2, &half);
    let got = client.diagnostics_for(&file, |d| codes(d).contains("FM003"));
    assert_eq!(got[0]["range"]["start"]["line"], 5, "{got:?}");
    assert_eq!(repo.read("backlog/items/MS-1-teams.md"), BROKEN);
    // A ready item: every finding goes, and the file's diagnostics are cleared.
    let ready = ready_story("Teams page");
    client.change(&file, 3, &ready);
    client.diagnostics_for(&file, |d| d.is_empty());
    client.shutdown();
}

#[test]
fn editing_the_ranking_republishes_the_items_it_moves_into_the_top() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-ok.md", &ready_story("Ready one"));
    repo.item(
        "MS-2-draft.md",
        "+++\ntitle = \"Draft\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nNotes.\n",
    );
    repo.ranking("MS-1\n");
    let mut client = Client::start(&repo, &[repo.path()]);
    let ranking = canonical(&repo).join("backlog/ranking.txt");
    let draft = item_path(&repo, "MS-2-draft.md");
    client.open(&ranking, "MS-1\n");
    client.settle();
    client.notes.clear();
    // MS-2 enters the top 5: it must be Ready now, and its file (not open) says so.
    client.change(&ranking, 2, "MS-2\nMS-1\n");
    let got = client.diagnostics_for(&draft, |d| !d.is_empty());
    assert!(
        got.iter().all(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("ranked #1"))),
        "{got:?}"
    );
    assert!(got.iter().any(|d| d["code"] == "DOR001"), "{got:?}");
    // And out again: the draft's diagnostics are cleared.
    client.change(&ranking, 3, "MS-1\n");
    client.diagnostics_for(&draft, |d| d.is_empty());
    client.shutdown();
}

#[test]
fn several_workspace_folders_each_get_their_backlog() {
    let one = fixture();
    let two = TestRepo::with_backlog();
    two.item(
        "MS-7-x.md",
        "+++\ntitle = \"\"\nkind = \"story\"\nstate = \"draft\"\n+++\n",
    );
    let mut client = Client::start(&one, &[one.path(), two.path()]);
    let in_two = canonical(&two).join("backlog/items/MS-7-x.md");
    let got = client.diagnostics_for(&in_two, |d| !d.is_empty());
    assert_eq!(got[0]["code"], "FM012", "{got:?}");
    let in_one = item_path(&one, "MS-1-teams.md");
    client.diagnostics_for(&in_one, |d| d.iter().any(|x| x["code"] == "DOR002"));
    client.shutdown();
}

/// The text of `path` with the LSP text edits applied (UTF-16 positions).
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap_or(0) as usize;
        let character = pos["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// stdout belongs to `render`; the language server's transport is the one other writer, since
/// the protocol runs over it. No other file in `src/` may name stdout.
#[test]
fn only_render_and_the_lsp_transport_write_stdout() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = ["render/mod.rs", "lsp/transport.rs"];
    let mut writers = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap_or_else(|e| panic!("walk src/: {e}"));
        if entry.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let rel = entry
            .path()
            .strip_prefix(&src)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if (text.contains("io::stdout") || text.contains("println!") || text.contains("print!("))
            && !allowed.contains(&rel.as_str())
        {
            writers.push(rel);
        }
    }
    assert!(
        writers.is_empty(),
        "stdout written outside render and lsp::transport: {writers:?}"
    );
}

/// Keystrokes that change what other files say: a dependency on an unknown ID, a cycle made
/// and broken, a ranking that lifts an item into the top 5. The server checks each incremental
/// lint against a full one (BACKLOG_LSP_VERIFY), and the last state equals `lint` on disk.
#[test]
fn incremental_lint_after_each_keystroke_equals_a_full_lint() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let one = item_path(&repo, "MS-1-teams.md");
    let two = item_path(&repo, "MS-2-schedule.md");
    let ranking = canonical(&repo).join("backlog/ranking.txt");
    let two_text = repo.read("backlog/items/MS-2-schedule.md");
    client.open(&one, BROKEN);
    client.open(&two, &two_text);
    let cyclic = BROKEN.replace("estimate = 5\n", "estimate = 5\ndepends_on = [\"MS-2\"]\n");
    client.change(&one, 2, &cyclic);
    client.diagnostics_for(&two, |d| d.iter().any(|x| x["code"] == "DEP002"));
    client.change(
        &one,
        3,
        &BROKEN.replace(
            "estimate = 5\n",
            "estimate = 5\ndepends_on = [\"MS-404\"]\n",
        ),
    );
    client.diagnostics_for(&one, |d| d.iter().any(|x| x["code"] == "DEP001"));
    client.diagnostics_for(&two, |d| !d.iter().any(|x| x["code"] == "DEP002"));
    client.open(&ranking, &repo.read("backlog/ranking.txt"));
    client.change(&ranking, 2, "MS-3\nMS-2\nMS-1\n");
    let draft = item_path(&repo, "MS-3-draft.md");
    client.diagnostics_for(&draft, |d| d.iter().any(|x| x["code"] == "DOR001"));
    // Save it all to disk: what the server shows now is what lint says.
    repo.write("backlog/ranking.txt", "MS-3\nMS-2\nMS-1\n");
    let last = BROKEN.replace(
        "estimate = 5\n",
        "estimate = 5\ndepends_on = [\"MS-404\"]\n",
    );
    repo.write("backlog/items/MS-1-teams.md", &last);
    client.change(&one, 4, &last);
    let published = latest(&mut client);
    let server = server_says(&repo, &published);
    let lint = lint_says(&repo);
    // Each file published since the last settle says what lint says about it.
    for finding in &lint {
        if published.iter().any(|(p, _)| p.ends_with(&finding.0)) {
            assert!(server.contains(finding), "missing {finding:?}");
        }
    }
    for said in &server {
        assert!(lint.contains(said), "lint does not say {said:?}");
    }
    client.shutdown();
}
