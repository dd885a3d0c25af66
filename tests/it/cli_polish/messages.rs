//! Messages in the user's words, not the parser's: a wrong number in backlog.toml names its key
//! and what it must be, help puts the global options apart, every option says what it does.

use crate::support::TestRepo;

#[test]
fn a_negative_number_in_backlog_toml_says_which_key_and_what_it_must_be() {
    let repo = TestRepo::with_backlog();
    let config = repo.read("backlog/backlog.toml");
    repo.write(
        "backlog/backlog.toml",
        config.replacen("top = 5", "top = -1", 1),
    );
    let run = repo.backlog(&["lint"]);
    run.code(1).stdout_has(
        "error[CFG001]: invalid backlog.toml: `top` must be a whole number, 0 or more (it is -1)",
    );
    assert!(!run.stdout.contains("usize"), "{}", run.stdout);
    // In an inline table, the key is the one in front of the value.
    repo.write(
        "backlog/backlog.toml",
        config.replacen("max_estimate = 8 }", "max_estimate = -3 }", 1),
    );
    repo.backlog(&["lint"]).code(1).stdout_has(
        "invalid backlog.toml: `max_estimate` must be a whole number, 0 or more (it is -3)",
    );
}

#[test]
fn help_keeps_a_commands_own_options_together_and_the_global_ones_apart() {
    let repo = TestRepo::with_backlog();
    let help = repo.backlog(&["list", "--help"]);
    help.code(0);
    let own = help.stdout.find("Options:").unwrap_or(usize::MAX);
    let global = help.stdout.find("Global options:").unwrap_or(0);
    assert!(own < global, "{}", help.stdout);
    let (before, after) = help.stdout.split_at(global);
    assert!(before.contains("--state") && before.contains("--owner"));
    assert!(after.contains("--root") && after.contains("--color"));
    assert!(!before.contains("--root"), "{}", help.stdout);
    let diff = repo.backlog(&["diff", "--help"]);
    diff.code(0)
        .stdout_has("`text` for people, `markdown` for a pull-request comment or job summary");
}
