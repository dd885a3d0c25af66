//! Shell completion through clap's engine: the backlog's IDs, kinds and states, asked the way
//! clap_complete's bash registration asks (`COMPLETE=bash backlog -- WORDS…` with the index of
//! the word being completed in `_CLAP_COMPLETE_INDEX`), and once through a real bash.

use crate::support::{TestRepo, draft_story, ready_story};
use std::ffi::OsStr;

/// Ranked MS-3, MS-1; untriaged MS-2 and MS-12; a ranked MS-7 with no file; a config with a
/// `chore` kind and a `review` state.
fn backlog() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-admin-team-list.md", &ready_story("Admin team list"));
    repo.item("MS-2-crash-on-save.md", &draft_story("Crash on save"));
    repo.item("MS-3-x.md", &ready_story("Third"));
    repo.item("MS-12-twelfth.md", &draft_story("Twelfth"));
    repo.ranking("# top first\nMS-3\nMS-1 # launch\nMS-7\n");
    repo.config_replace(
        "\"refining\", \"ready\", \"doing\"",
        "\"refining\", \"ready\", \"doing\", \"review\"",
    );
    repo.config_append("\n[kinds.chore]\nready = { fields = [\"owner\"] }\n");
    repo
}

/// The candidates for the last of `words` (after `backlog`), run in `dir` with `env` added.
fn complete_in(repo: &TestRepo, dir: &str, words: &[&str], env: &[(&str, &OsStr)]) -> Vec<String> {
    let mut args = vec!["--", "backlog"];
    args.extend_from_slice(words);
    let index = words.len().to_string();
    let mut set = vec![
        ("COMPLETE", OsStr::new("bash")),
        ("_CLAP_IFS", OsStr::new("\n")),
        ("_CLAP_COMPLETE_INDEX", OsStr::new(&index)),
        ("_CLAP_COMPLETE_COMP_TYPE", OsStr::new("9")),
        ("_CLAP_COMPLETE_SPACE", OsStr::new("true")),
    ];
    set.extend_from_slice(env);
    let run = repo.backlog_env(dir, &args, &set, &[]);
    run.run.code(0);
    assert_eq!(run.run.stderr, "", "completion printed an error");
    run.run.stdout.lines().map(str::to_owned).collect()
}

fn complete(repo: &TestRepo, words: &[&str]) -> Vec<String> {
    complete_in(repo, ".", words, &[])
}

/// The candidates that are not options.
fn values(candidates: Vec<String>) -> Vec<String> {
    candidates
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect()
}

#[test]
fn ids_come_ranked_first_then_by_number_for_every_verb_that_takes_one() {
    let repo = backlog();
    let all = ["MS-3", "MS-1", "MS-7", "MS-2", "MS-12"];
    for verb in [
        "show", "rank", "unrank", "set", "start", "done", "drop", "edit", "history", "renumber",
    ] {
        assert_eq!(values(complete(&repo, &[verb, ""])), all, "{verb}");
    }
    assert_eq!(complete(&repo, &["show", "MS-1"]), ["MS-1", "MS-12"]);
    // Letter case is the user's: the verbs ignore it, so does completion.
    assert_eq!(complete(&repo, &["done", "ms-1"]), ["MS-1", "MS-12"]);
    assert_eq!(
        values(complete(&repo, &["rank", "MS-2", "--above", ""])),
        all
    );
    assert_eq!(
        complete(&repo, &["rank", "MS-2", "--below", "MS-3"]),
        ["MS-3"]
    );
}

#[test]
fn kinds_and_states_come_from_backlog_toml() {
    let repo = backlog();
    let kinds = ["bug", "chore", "debt", "epic", "spike", "story"];
    let states = [
        "draft", "refining", "ready", "doing", "review", "done", "dropped",
    ];
    assert_eq!(complete(&repo, &["list", "--kind", ""]), kinds);
    assert_eq!(
        complete(&repo, &["search", "x", "--kind", "s"]),
        ["spike", "story"]
    );
    assert_eq!(values(complete(&repo, &["new", ""])), kinds);
    assert_eq!(complete(&repo, &["list", "--state", ""]), states);
    assert_eq!(
        complete(&repo, &["list", "--state", "d"]),
        ["draft", "doing", "done", "dropped"]
    );
    // `set ID KEY=VALUE`: the keys with a closed set of values, then the values.
    assert_eq!(
        values(complete(&repo, &["set", "MS-1", ""])),
        ["state=", "kind="]
    );
    assert_eq!(
        complete(&repo, &["set", "MS-1", "state=r"]),
        ["state=refining", "state=ready", "state=review"]
    );
    assert_eq!(complete(&repo, &["set", "MS-1", "kind=c"]), ["kind=chore"]);
    assert_eq!(
        complete(&repo, &["set", "MS-1", "owner="]),
        Vec::<String>::new()
    );
}

#[test]
fn the_backlog_is_found_the_normal_way() {
    let repo = backlog();
    // From a subdirectory, by walking up.
    assert_eq!(
        values(complete_in(&repo, "backlog/items", &["show", "MS-3"], &[])),
        ["MS-3"]
    );
    // From outside: nothing, unless --root (either spelling) or BACKLOG_ROOT says where.
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let out = outside.path().to_string_lossy().into_owned();
    let root = repo.path().join("backlog").to_string_lossy().into_owned();
    let at = |words: &[&str], env: &[(&str, &OsStr)]| values(complete_in(&repo, &out, words, env));
    assert_eq!(at(&["show", ""], &[]), Vec::<String>::new());
    assert_eq!(at(&["--root", &root, "show", "MS-3"], &[]), ["MS-3"]);
    assert_eq!(
        at(&["show", &format!("--root={root}"), "MS-3"], &[]),
        ["MS-3"]
    );
    assert_eq!(
        at(&["show", "MS-3"], &[("BACKLOG_ROOT", OsStr::new(&root))]),
        ["MS-3"]
    );
}

#[test]
fn a_broken_backlog_completes_what_it_can_and_prints_nothing() {
    let repo = backlog();
    repo.config("prefix = [broken\n");
    repo.write("backlog/ranking.txt", b"\xff\xfe not text\n");
    // The file names still give IDs; the default config gives kinds and states.
    assert_eq!(
        values(complete(&repo, &["show", "MS-1"])),
        ["MS-1", "MS-12"]
    );
    assert_eq!(
        complete(&repo, &["list", "--kind", ""]),
        ["bug", "debt", "epic", "spike", "story"]
    );
    // No backlog at all: no candidates, no error.
    let bare = TestRepo::plain();
    assert_eq!(values(complete(&bare, &["show", ""])), Vec::<String>::new());
}

#[test]
fn the_static_script_and_the_dynamic_registration_both_print() {
    let repo = backlog();
    let fixed = repo.backlog(&["completions", "bash"]);
    fixed.code(0).stdout_has("_backlog()").lacks("COMPLETE=");
    let dynamic = repo.backlog(&["completions", "bash", "--dynamic"]);
    dynamic
        .code(0)
        .stdout_has("COMPLETE=\"bash\"")
        .stdout_has("complete -o nospace -o bashdefault");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let run = repo.backlog(&["completions", shell, "--dynamic"]);
        run.code(0);
        assert!(run.stdout.contains("COMPLETE"), "{shell}:\n{}", run.stdout);
    }
}

/// The registration `COMPLETE=bash backlog` prints, sourced in a real bash; its function run
/// as bash's programmable completion runs it, with COMP_WORDS and COMP_CWORD set.
#[test]
fn a_real_bash_completes_ids_through_the_registration() {
    let repo = backlog();
    let script = r#"
        set -e
        source <(COMPLETE=bash "$BACKLOG")
        complete -p backlog
        COMP_WORDS=(backlog show MS-1); COMP_CWORD=2; COMP_TYPE=9; COMP_LINE="backlog show MS-1"
        _clap_complete_backlog backlog MS-1 show
        printf 'reply:%s\n' "${COMPREPLY[@]}"
        COMP_WORDS=(backlog list --state d); COMP_CWORD=3
        _clap_complete_backlog backlog d --state
        printf 'reply:%s\n' "${COMPREPLY[@]}"
    "#;
    let run = repo.sh(script);
    run.code(0);
    assert!(
        run.stdout.contains("-F _clap_complete_backlog backlog"),
        "{}",
        run.stdout
    );
    let replies: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("reply:"))
        .collect();
    assert_eq!(
        replies,
        ["MS-1", "MS-12", "draft", "doing", "done", "dropped"],
        "{}",
        run.stderr
    );
}
