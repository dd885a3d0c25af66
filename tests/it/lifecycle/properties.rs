//! The byte-preservation property: random sequences of `set`, `start` and `done` on random
//! items, written with comments, odd spacing, both quote styles, CRLF or LF, a BOM and a
//! sub-table, keep every byte outside the values they edit. Seeded by `TEST_SEED` (see
//! `support::rng`); a failure names its seed.

use super::*;
use crate::support::Rng;

const STATES: &[&str] = &["draft", "refining", "ready", "doing"];

/// A random item file: (text, keys it has).
fn random_item(rng: &mut Rng, n: usize) -> String {
    let mut pick = |options: &[&str]| options[rng.below(options.len())].to_owned();
    let mut lines = vec![format!("title = \"Item {n}\"")];
    lines.push(pick(&[
        "# a comment",
        "",
        "  # indented comment",
        "# why: x = 1",
    ]));
    lines.push(pick(&[
        "kind = \"story\"",
        "kind='story'",
        "kind   =   \"story\"   # kind",
    ]));
    lines.push(pick(&[
        "state = \"draft\"",
        "state='refining'",
        "state   =   \"draft\"   # where it is",
        "\tstate = 'ready' #t",
    ]));
    lines.push(pick(&[
        "",
        "owner = 'x@midwest.example' # me",
        "owner=\"\"",
    ]));
    lines.push(pick(&["", "estimate = 3 # points", "estimate=8"]));
    lines.push(pick(&[
        "",
        "tags = [\"a\", \"b\"]",
        "tags=[]  # none yet",
        "tags = ['a'] ",
        "tags = [\n  \"a\", # first\n  \"t1\",\n]",
    ]));
    lines.push(pick(&[
        "city = \"Chicago\"",
        "points = 2",
        "",
        "when = 2024-05-01",
    ]));
    let mut front: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if rng.below(3) == 0 {
        front.push_str("\n[extra]\nk = 1 # nested\n");
    }
    let body =
        "\n## Problem\n\nText with = signs and # hashes.\n\n## Acceptance criteria\n\n- [ ] one\n";
    let mut text = format!("+++\n{front}+++\n{body}");
    if rng.below(2) == 0 {
        text = text.replace('\n', "\r\n");
    }
    if rng.below(4) == 0 {
        text.insert(0, '\u{feff}');
    }
    text
}

/// The frontmatter lines (with their endings) and the rest of the file after the closing +++.
fn split(text: &str) -> (Vec<String>, String) {
    let mut lines = text.split_inclusive('\n');
    let mut front = Vec::new();
    let _open = lines.next();
    for line in lines.by_ref() {
        if line.trim_end() == "+++" {
            break;
        }
        front.push(line.to_owned());
    }
    (front, lines.collect())
}

/// The top-level key a frontmatter line assigns, if it assigns one.
fn key_of(line: &str) -> Option<String> {
    let line = line.trim_start();
    if line.starts_with('#') || line.starts_with('[') {
        return None;
    }
    line.split_once('=').map(|(k, _)| k.trim().to_owned())
}

/// Checks that `after` differs from `before` only in the values of `touched` keys.
#[track_caller]
fn only_values_changed(before: &str, after: &str, touched: &[&str], what: &str) {
    assert_eq!(
        before.starts_with('\u{feff}'),
        after.starts_with('\u{feff}'),
        "{what}: the BOM"
    );
    let (front_before, body_before) = split(before);
    let (front_after, body_after) = split(after);
    assert_eq!(body_before, body_after, "{what}: the body");
    // The lines outside the touched keys' values (a value may span lines: `[` to `]`).
    let keep = |lines: &[String]| -> Vec<String> {
        let mut kept = Vec::new();
        let mut inside = false;
        for line in lines {
            if inside {
                inside = !line.trim_start().starts_with(']');
                continue;
            }
            if key_of(line).is_some_and(|k| touched.contains(&k.as_str())) {
                inside = line.contains('[') && !line.contains(']');
                continue;
            }
            kept.push(line.clone());
        }
        kept
    };
    assert_eq!(
        keep(&front_before),
        keep(&front_after),
        "{what}: lines outside the edit"
    );
    let crlf = before.contains("\r\n");
    for line in &front_after {
        assert_eq!(
            line.ends_with("\r\n"),
            crlf,
            "{what}: the line ending of {line:?}"
        );
    }
    for line in &front_before {
        let Some(key) = key_of(line).filter(|k| touched.contains(&k.as_str())) else {
            continue;
        };
        let Some(new) = front_after
            .iter()
            .find(|l| key_of(l).as_deref() == Some(&key))
        else {
            continue;
        };
        // The key and the spacing up to the value, and a trailing comment, stay.
        let eq = line.find('=').unwrap_or(0);
        let lead = line[eq + 1..].len() - line[eq + 1..].trim_start().len();
        assert_eq!(
            &new[..eq + 1 + lead],
            &line[..eq + 1 + lead],
            "{what}: before {key}'s value"
        );
        if let Some(at) = line
            .rfind(" #")
            .filter(|_| !line.contains('"') || line.rfind('"') < line.rfind(" #"))
        {
            assert!(
                new.ends_with(&line[at..]),
                "{what}: {key}'s comment: {line:?} → {new:?}"
            );
        }
    }
}

#[test]
fn random_set_start_done_keep_every_byte_outside_the_edited_values() {
    let mut rng = Rng::new();
    let seed = rng.seed();
    let repo = TestRepo::with_backlog();
    let n = 4;
    for i in 1..=n {
        repo.item(&format!("MS-{i}-item.md"), &random_item(&mut rng, i));
    }
    let ranking: String = (1..=n).map(|i| format!("MS-{i}  # r{i}\n")).collect();
    repo.ranking(&ranking);
    for step in 0..40 {
        let i = 1 + rng.below(n);
        let id = if rng.below(2) == 0 {
            format!("MS-{i}")
        } else {
            format!("ms-{i}")
        };
        let state = STATES[rng.below(STATES.len())];
        let (args, touched): (Vec<String>, Vec<&str>) = match rng.below(8) {
            0 => (
                vec!["set".into(), id, format!("state={state}")],
                vec!["state"],
            ),
            1 => (
                vec!["set".into(), id, format!("estimate={}", rng.below(13))],
                vec!["estimate"],
            ),
            2 => (
                vec![
                    "set".into(),
                    id,
                    format!("owner=o{}@midwest.example", rng.below(3)),
                ],
                vec!["owner"],
            ),
            3 => (
                vec!["set".into(), id, format!("tags+=t{}", rng.below(3))],
                vec!["tags"],
            ),
            4 => (
                vec![
                    "set".into(),
                    id,
                    format!("tags-=t{}", rng.below(3)),
                    "tags-=a".into(),
                ],
                vec!["tags"],
            ),
            5 => (
                vec![
                    "set".into(),
                    id,
                    format!("points={}", rng.below(9)),
                    "--unset".into(),
                    "city".into(),
                ],
                vec!["points", "city"],
            ),
            6 => (vec!["start".into(), id], vec!["state", "owner"]),
            _ => (vec!["done".into(), id, "--force".into()], vec!["state"]),
        };
        let file = format!("backlog/items/MS-{i}-item.md");
        let before = repo.read(&file);
        let ranking_before = repo.read("backlog/ranking.txt");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("{seed}, step {step}: backlog {}", args.join(" "));
        let run = repo.backlog(&args);
        assert_eq!(run.code, 0, "{what}\n{}", run.stderr);
        only_values_changed(&before, &repo.read(&file), &touched, &what);
        // The ranking loses at most the item's own line.
        let ranking_after = repo.read("backlog/ranking.txt");
        let without: String = ranking_before
            .split_inclusive('\n')
            .filter(|l| !l.starts_with(&format!("MS-{i} ")))
            .collect();
        assert!(
            ranking_after == ranking_before || ranking_after == without,
            "{what}: ranking.txt\n{ranking_before}→\n{ranking_after}"
        );
    }
    repo.backlog(&["lint", "--format", "json"]);
}
