//! `list` fits the terminal: `COLUMNS`, else the terminal's width, else whole lines.

use super::{ACCENTS, CJK, EMOJI, LONG, shown, titled};
use std::ffi::OsStr;
use unicode_width::UnicodeWidthStr;

fn list_at(columns: &str) -> String {
    let repo = titled();
    let run = repo.backlog_env(".", &["list"], &[("COLUMNS", OsStr::new(columns))], &[]);
    run.run.code(0);
    run.run.stdout
}

fn assert_fits(stdout: &str, columns: usize) {
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    for line in stdout.lines() {
        assert!(
            line.width() <= columns,
            "{} columns > {columns}: {line:?}\n{stdout}",
            line.width()
        );
    }
}

#[test]
fn at_80_columns_every_line_fits_and_long_titles_end_in_an_ellipsis() {
    let out = list_at("80");
    assert_fits(&out, 80);
    for (id, title) in [
        ("MS-1", LONG),
        ("MS-2", CJK),
        ("MS-3", EMOJI),
        ("MS-4", ACCENTS),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("no {id}:\n{out}"));
        let title = shown(title);
        assert!(line.ends_with('…'), "{line:?}");
        assert!(!line.contains(&title), "{line:?}");
        // What is kept is the title's beginning, cut between whole characters.
        let kept = line
            .rsplit("  ")
            .next()
            .unwrap_or_default()
            .trim_end_matches('…');
        assert!(
            title.starts_with(kept),
            "{kept:?} is not a prefix of {title:?}"
        );
    }
    // READY keeps its words while TITLE gives way.
    assert!(out.contains("no: owner"), "{out}");
}

#[test]
fn at_40_columns_ready_gives_way_after_the_title() {
    let out = list_at("40");
    assert_fits(&out, 40);
    let draft = out
        .lines()
        .find(|l| l.contains("MS-2"))
        .unwrap_or_else(|| panic!("{out}"));
    // Both cut: READY to its narrowest, then TITLE to what is left.
    assert_eq!(draft.matches('…').count(), 2, "{draft:?}");
    assert!(draft.contains("  no: …  "), "{draft:?}");
    assert!(draft.ends_with("  管理者…"), "{draft:?}");
    // The fixed columns are whole.
    for id in ["MS-1", "MS-2", "MS-3", "MS-4"] {
        assert!(out.contains(&format!("{id} ")), "{out}");
    }
}

#[test]
fn at_200_columns_titles_that_fit_are_whole() {
    let out = list_at("200");
    assert_fits(&out, 200);
    for title in [CJK, EMOJI, ACCENTS] {
        assert!(out.contains(&shown(title)), "{title:?} cut:\n{out}");
    }
    // The long title beside the wide READY column of the drafts fills the line to the edge.
    let first = out.lines().find(|l| l.contains("MS-1")).unwrap_or_default();
    assert!(first.ends_with('…'), "{first:?}");
    assert_eq!(first.width(), 200, "{first:?}");
    assert_eq!(out.matches('…').count(), 1, "{out}");
}

#[test]
fn a_pipe_keeps_whole_lines_and_so_do_junk_columns() {
    let repo = titled();
    for columns in [None, Some("0"), Some("-5"), Some("wide"), Some("")] {
        let set: Vec<(&str, &OsStr)> = columns
            .map(|c| ("COLUMNS", OsStr::new(c)))
            .into_iter()
            .collect();
        let run = repo.backlog_env(".", &["list"], &set, &[]);
        run.run.code(0);
        for title in [LONG, CJK, EMOJI, ACCENTS] {
            assert!(
                run.run.stdout.contains(&shown(title)),
                "COLUMNS={columns:?}:\n{}",
                run.run.stdout
            );
        }
        assert!(!run.run.stdout.contains('…'), "{}", run.run.stdout);
    }
}

#[test]
fn json_and_csv_are_never_cut() {
    let repo = titled();
    for format in ["json", "csv"] {
        let run = repo.backlog_env(
            ".",
            &["list", "--format", format],
            &[("COLUMNS", OsStr::new("20"))],
            &[],
        );
        run.run.code(0);
        // Each shows the joiner its own way: JSON as `\u200d`, CSV as the table does.
        let emoji = if format == "json" {
            EMOJI.replace('\u{200D}', "\\u200d")
        } else {
            shown(EMOJI)
        };
        for title in [LONG, CJK, &emoji, ACCENTS] {
            assert!(
                run.run.stdout.contains(title),
                "{format}:\n{}",
                run.run.stdout
            );
        }
        assert!(!run.run.stdout.contains('…'), "{}", run.run.stdout);
    }
}

/// RANK, ID, KIND and STATE of this backlog, each with the two spaces after it: 4 + 4 + 5 + 5 + 8.
const FIXED: usize = 26;

#[test]
fn just_above_the_fixed_columns_every_line_still_fits() {
    // One `…` each for READY and TITLE and the separator between: the narrowest that fits.
    for columns in FIXED + 4..FIXED + 16 {
        let out = list_at(&columns.to_string());
        assert_fits(&out, columns);
        for id in ["MS-1", "MS-2", "MS-3", "MS-4"] {
            assert!(out.contains(&format!("{id} ")), "{out}");
        }
    }
    let out = list_at(&(FIXED + 4).to_string());
    let first = out.lines().find(|l| l.contains("MS-1")).unwrap_or_default();
    assert!(first.ends_with("  …  …"), "{first:?}");
}

#[test]
fn too_narrow_for_the_fixed_columns_cuts_no_id() {
    let out = list_at("12");
    for id in ["MS-1", "MS-2", "MS-3", "MS-4"] {
        assert!(out.contains(&format!("{id}  story  ")), "{out}");
    }
    // READY and TITLE at their narrowest, the line as long as it must be.
    let first = out.lines().find(|l| l.contains("MS-1")).unwrap_or_default();
    assert_eq!(first, "1     MS-1  story  ready  …  …");
}

/// `stty cols 50` in a pseudo-terminal from `script`, without COLUMNS: the ioctl decides.
#[test]
#[ignore = "needs script(1) of util-linux for a pseudo-terminal"]
fn a_terminal_without_columns_uses_its_own_width() {
    let repo = titled();
    let run =
        repo.sh("script -qec 'stty cols 50 rows 20; \"$BACKLOG\" --color never list' /dev/null");
    run.code(0);
    let out = run.stdout.replace('\r', "");
    assert_eq!(out.lines().count(), 5, "{out}");
    for line in out.lines() {
        assert!(line.width() <= 50, "{} > 50: {line:?}", line.width());
    }
    assert!(out.contains('…'), "{out}");
}
