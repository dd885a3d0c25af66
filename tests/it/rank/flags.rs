//! Hostile flag values for every command (issue 19, severe 5): `--wait NaN` once panicked
//! in `Duration::from_secs_f64`. No value of any option of any command may end in a panic
//! (exit 101) or a signal, and `--wait` is parsed strictly: finite seconds from 0 to a day,
//! anything else a usage error (exit 2) that names the value and writes nothing.

use super::*;
use proptest::prelude::*;

/// Each command with the arguments it needs to get past the parser to its work. `edit`
/// (an editor), `serve` and `lsp` (servers) and `merge-driver` (git's files) are left out:
/// they wait for input rather than end.
const COMMANDS: &[&[&str]] = &[
    &["init"],
    &["new", "story", "x"],
    &["list"],
    &["show", "MS-1"],
    &["search", "x"],
    &["lint"],
    &["rank", "MS-2"],
    &["unrank", "MS-2"],
    &["renumber", "MS-3"],
    &["set", "MS-1", "owner=x"],
    &["start", "MS-1"],
    &["done", "MS-1"],
    &["drop", "MS-1"],
    &["history", "MS-1"],
    &["blame"],
    &["diff"],
    &["board"],
    &["import", "github", "nothing.json"],
    &["export", "json"],
    &["value"],
    &["forecast"],
    &["changelog"],
    &["doctor"],
    &["completions", "bash"],
    &["man"],
    &["schema", "item"],
];

/// Values that have broken parsers elsewhere: not-a-number, infinities, negatives, overflow,
/// empty, hex, bidi and zero-width characters, a very long number.
const HOSTILE: &[&str] = &[
    "NaN",
    "inf",
    "-inf",
    "-1",
    "1e309",
    "18446744073709551616",
    "",
    "0x10",
    "\u{202e}\u{200b}1",
    "99999999999999999999999999999999999999999999999999",
];

/// The long options of `backlog CMD` that take a value, read from its help.
fn value_options(repo: &TestRepo, command: &str) -> Vec<String> {
    let help = repo.backlog(&[command, "--help"]);
    help.code(0);
    let mut options: Vec<String> = help
        .stdout
        .lines()
        .filter_map(|line| {
            // `--long <V>` or `-s, --long <V>`
            let line = line.trim_start();
            let line = line
                .strip_prefix("--")
                .or_else(|| line.split_once(", --").map(|(_, rest)| rest))?;
            let (name, rest) = line.split_once(' ')?;
            rest.starts_with('<').then(|| name.to_owned())
        })
        .filter(|name| name != "root" && name != "color")
        .collect();
    options.sort();
    options.dedup();
    options
}

fn fixture() -> TestRepo {
    let repo = backlog_with(3, "MS-1\nMS-2\nMS-3\n");
    repo.commit("three stories");
    repo
}

#[test]
fn no_value_of_any_option_of_any_command_panics() {
    let repo = fixture();
    let mut tried = 0;
    for base in COMMANDS {
        let options = value_options(&repo, base[0]);
        for option in options.iter().map(String::as_str).chain(["root", "color"]) {
            // The global options once, on one command.
            if matches!(option, "root" | "color") && base[0] != "list" {
                continue;
            }
            for value in HOSTILE {
                let flag = format!("--{option}={value}");
                let mut args: Vec<&str> = base.to_vec();
                args.push(&flag);
                // `Run` fails the test on a signal or exit 101, naming the output.
                let run = repo.backlog(&args);
                assert!(
                    [0, 1, 2, 3].contains(&run.code),
                    "`backlog {}` exited {}: {}",
                    args.join(" "),
                    run.code,
                    run.stderr
                );
                tried += 1;
            }
        }
    }
    // The help of each command was read: a parser change that hides every option would make
    // this test vacuous.
    assert!(tried > 300, "only {tried} runs");
}

#[test]
fn wait_takes_finite_seconds_from_zero_to_a_day_and_nothing_else() {
    let repo = fixture();
    let before = repo.work_tree_files();
    for verb in [
        &["rank", "MS-3", "--top"][..],
        &["unrank", "MS-1"],
        &["new", "story", "x"],
        &["renumber", "MS-2", "MS-9"],
        &["set", "MS-1", "owner=x"],
        &["start", "MS-1"],
        &["done", "MS-1"],
        &["drop", "MS-1", "--reason", "x"],
        &["import", "github", "nothing.json"],
        &["lint", "--fix"],
    ] {
        for value in [
            "NaN", "nan", "inf", "-inf", "-1", "-0.5", "86400.5", "1e300", "", " 1", "1s",
        ] {
            let flag = format!("--wait={value}");
            let mut args = verb.to_vec();
            args.push(&flag);
            let run = repo.backlog(&args);
            run.code(2)
                .stderr_has("for '--wait <SECS>'")
                .stderr_has(&format!("`{value}`"));
            assert_eq!(run.stdout, "", "`backlog {}` printed", args.join(" "));
        }
    }
    assert!(
        repo.work_tree_files() == before,
        "a refused --wait changed the work tree"
    );
    // The bounds themselves are waits.
    repo.backlog(&["rank", "MS-3", "--top", "--wait", "0"])
        .code(0);
    repo.backlog(&["rank", "MS-3", "--bottom", "--wait=86400"])
        .code(0);
    repo.backlog(&["rank", "MS-3", "--top", "--wait", "0.25"])
        .code(0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any text as `--wait`: exit 0 when it reads as seconds from 0 to a day, else exit 2;
    /// never a panic.
    #[test]
    fn any_wait_text_is_a_wait_or_a_usage_error(
        value in prop_oneof![
            any::<f64>().prop_map(|f| f.to_string()),
            (0.0f64..90_000.0).prop_map(|f| f.to_string()),
            "[-+0-9.eE naNiIf]{0,12}",
        ]
    ) {
        let repo = backlog_with(2, "MS-1\nMS-2\n");
        let flag = format!("--wait={value}");
        let run = repo.backlog(&["rank", "MS-2", "--top", &flag]);
        let valid = value
            .parse::<f64>()
            .is_ok_and(|s| s.is_finite() && (0.0..=86_400.0).contains(&s));
        prop_assert_eq!(run.code, if valid { 0 } else { 2 }, "{}", run.stderr);
    }
}
