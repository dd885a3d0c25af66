//! README's tour, replayed: the opening commands (init, new, new, lint) run in a fresh git
//! repository and print what the README's console blocks show.

use crate::support::TestRepo;

/// The README's console blocks of the section `## A tour` up to `### lint --fix`, as
/// (command, shown output) pairs; a `...` line in the output ends what is compared.
fn tour_commands() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_else(|e| panic!("README.md: {e}"));
    let start = readme
        .find("## A tour")
        .unwrap_or_else(|| panic!("no tour"));
    let end = readme[start..]
        .find("### lint --fix")
        .map_or(readme.len(), |i| start + i);
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut inside = false;
    for line in readme[start..end].lines() {
        if line == "```console" {
            inside = true;
        } else if line == "```" {
            inside = false;
        } else if inside {
            if let Some(command) = line.strip_prefix("$ ") {
                out.push((command.to_owned(), Vec::new()));
            } else if let Some((_, shown)) = out.last_mut() {
                shown.push(line.to_owned());
            }
        }
    }
    out
}

#[test]
fn the_readme_tour_prints_what_it_shows() {
    let commands = tour_commands();
    assert!(commands.len() >= 4, "{commands:?}");
    let repo = TestRepo::git();
    for (command, shown) in commands {
        let args: Vec<String> = split(&command);
        assert_eq!(args[0], "backlog", "{command}");
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        let run = repo.backlog(&args);
        // The tour shows what a terminal shows: stdout, then the closing line on stderr.
        let mut printed: Vec<String> = run.stdout.lines().map(str::to_owned).collect();
        printed.extend(
            run.stderr
                .lines()
                .filter(|l| !l.starts_with("next: "))
                .map(str::to_owned),
        );
        let compared: Vec<&String> = shown.iter().take_while(|l| *l != "...").collect();
        let got: Vec<&String> = printed.iter().take(compared.len()).collect();
        assert_eq!(
            got, compared,
            "`{command}` printed:\n{}\n{}",
            run.stdout, run.stderr
        );
        if shown.last().is_some_and(|l| l != "...") && shown.contains(&"...".to_owned()) {
            let last = shown.last().unwrap_or_else(|| unreachable!());
            assert_eq!(printed.last(), Some(last), "`{command}`:\n{}", run.stderr);
        }
    }
}

/// Splits a tour command line into words: plain words and double-quoted strings.
fn split(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
