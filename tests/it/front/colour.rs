//! `--color`: `always` colours the list, `never` and NO_COLOR do not, `auto` only a terminal.

use super::titled;
use std::ffi::OsStr;
use unicode_width::UnicodeWidthStr;

const SGR: &str = "\x1b[";

/// The text with every SGR sequence (`ESC [ ... m`) taken out.
fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(SGR) {
        out.push_str(&rest[..i]);
        let tail = &rest[i + SGR.len()..];
        let end = tail
            .find('m')
            .unwrap_or_else(|| panic!("unterminated SGR in {text:?}"));
        assert!(
            tail[..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
            "not an SGR: {tail:?}"
        );
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn always_colours_ready_green_unready_red_and_ids_bold() {
    let repo = titled();
    let run = repo.backlog(&["--color", "always", "list"]);
    run.code(0);
    let out = &run.stdout;
    assert!(out.contains("\x1b[32mready"), "{out:?}");
    assert!(out.contains("\x1b[31mno: "), "{out:?}");
    assert!(out.contains("\x1b[1mMS-1"), "{out:?}");
    // The colours change nothing else.
    let plain = repo.backlog(&["--color", "never", "list"]);
    assert_eq!(strip(out), plain.stdout);
}

#[test]
fn colour_codes_do_not_count_towards_the_width() {
    let repo = titled();
    let run = repo.backlog_env(
        ".",
        &["--color", "always", "list"],
        &[("COLUMNS", OsStr::new("60"))],
        &[],
    );
    run.run.code(0);
    assert!(run.run.stdout.contains(SGR));
    let plain = strip(&run.run.stdout);
    let widest = plain.lines().map(|l| l.width()).max().unwrap_or(0);
    // Fitted to the visible text: as wide as allowed, never wider.
    assert_eq!(widest, 60, "{plain}");
}

#[test]
fn never_and_no_color_and_pipes_have_no_escape_codes() {
    let repo = titled();
    let never = repo.backlog_env(
        ".",
        &["--color", "never", "list"],
        &[("CLICOLOR_FORCE", OsStr::new("1"))],
        &["NO_COLOR"],
    );
    never.run.code(0);
    assert!(!never.run.stdout.contains('\x1b'), "{:?}", never.run.stdout);
    let piped = repo.backlog_env(".", &["list"], &[], &["NO_COLOR"]);
    piped.run.code(0);
    assert!(!piped.run.stdout.contains('\x1b'), "{:?}", piped.run.stdout);
    // JSON is data: no colour even when asked for.
    let json = repo.backlog(&["--color", "always", "list", "--format", "json"]);
    json.code(0);
    assert!(!json.stdout.contains('\x1b'));
}

/// In a pseudo-terminal `auto` colours, unless NO_COLOR is set (TERM set: anstream, like most
/// tools, keeps a `dumb` or unknown terminal plain).
#[test]
#[ignore = "needs script(1) of util-linux for a pseudo-terminal"]
fn auto_colours_a_terminal_unless_no_color() {
    let repo = titled();
    let coloured =
        repo.sh("unset NO_COLOR; export TERM=xterm; script -qec '\"$BACKLOG\" list' /dev/null");
    coloured.code(0);
    assert!(
        coloured.stdout.contains("\x1b[32mready"),
        "{:?}",
        coloured.stdout
    );
    let plain = repo.sh("export NO_COLOR=1 TERM=xterm; script -qec '\"$BACKLOG\" list' /dev/null");
    plain.code(0);
    assert!(plain.stdout.contains("ready"), "{:?}", plain.stdout);
    assert!(!plain.stdout.contains(SGR), "{:?}", plain.stdout);
}
