//! Dynamic shell completion through clap_complete's engine: the values a shell offers for an
//! item ID (every verb's ID argument, `rank --above/--below`), a kind (`--kind`, `new KIND`,
//! `set kind=`) and a state (`--state`, `set state=`), read from the backlog at hand.
//!
//! Completion must be fast and silent: IDs come from item file names and ranking.txt alone
//! (no item is parsed), kinds and states from backlog.toml (the defaults when it is missing or
//! broken), and any problem yields no candidates, never an error on the user's prompt.

use crate::config::Config;
use crate::load::{self, Location};
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::PathBuf;

/// The whole command line with the completers attached: what `CompleteEnv` completes against.
pub fn command() -> clap::Command {
    attach(super::Cli::command())
}

/// The arguments that name an item: the ID positionals, `rank --above/--below`, `renumber OLD`.
const ID_ARGS: &[&str] = &["id", "above", "below", "old"];

fn attach(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            let id = arg.get_id().as_str();
            if ID_ARGS.contains(&id) {
                arg.add(ArgValueCompleter::new(ids))
            } else if id == "kind" {
                arg.add(ArgValueCompleter::new(kinds))
            } else if id == "state" {
                arg.add(ArgValueCompleter::new(states))
            } else if id == "assignments" {
                arg.add(ArgValueCompleter::new(assignments))
            } else {
                arg
            }
        })
        .mut_subcommands(attach)
}

/// The backlog the line being completed points at: `--root` on the line, else BACKLOG_ROOT,
/// else found from the current directory.
fn location() -> Option<Location> {
    let cwd = std::env::current_dir().ok()?;
    let root = root_on_line(std::env::args_os().skip_while(|a| a != "--").skip(1)).or_else(|| {
        std::env::var_os(load::ROOT_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    Location::find(&cwd, root.as_deref()).ok()
}

/// The last `--root DIR` or `--root=DIR` among `words`.
fn root_on_line(words: impl Iterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    let mut root = None;
    let mut words = words.peekable();
    while let Some(word) = words.next() {
        if word == "--root" {
            root = words.next().filter(|v| !v.is_empty()).map(PathBuf::from);
        } else if let Some(dir) = word.to_str().and_then(|w| w.strip_prefix("--root=")) {
            root = Some(PathBuf::from(dir)).filter(|d| !d.as_os_str().is_empty());
        }
    }
    root
}

/// IDs starting with what was typed (any letter case): ranked ones in rank order, then the
/// other files' IDs by number; each with its file name's slug as the help.
fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(location) = location() else {
        return Vec::new();
    };
    let typed = current.to_string_lossy().to_ascii_lowercase();
    let index = load::index(&location).unwrap_or_default();
    let slug = |id: &str| -> Option<String> {
        let path = index.get(&id.to_ascii_lowercase())?;
        let name = path.file_name()?.to_str()?;
        let rest = name.strip_suffix(".md")?.get(id.len()..)?;
        let words = rest.trim_start_matches('-').replace('-', " ");
        (!words.is_empty()).then(|| crate::sanitize::line(&words).into_owned())
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let ranking = crate::store::read::ranking(&location, &mut Vec::new());
    let ranked = ranking
        .iter()
        .flat_map(|r| r.entries.iter().map(|e| e.id.clone()));
    let mut unranked: Vec<String> = index
        .values()
        .filter_map(|p| p.file_name()?.to_str())
        .filter_map(crate::id::id_from_file_name)
        .map(str::to_owned)
        .collect();
    unranked.sort_by_key(|id| (crate::id::id_number(id), id.clone()));
    for id in ranked.chain(unranked) {
        let key = id.to_ascii_lowercase();
        if key.starts_with(&typed) && seen.insert(key) {
            let help = slug(&id).map(Into::into);
            out.push(
                CompletionCandidate::new(&id)
                    .help(help)
                    .display_order(Some(out.len())),
            );
        }
    }
    out
}

/// backlog.toml of the backlog at hand, the defaults when it is missing or cannot be read.
fn config() -> Config {
    location()
        .and_then(|l| crate::store::read::config(&l, &mut Vec::new()))
        .unwrap_or_default()
}

fn matching(names: impl IntoIterator<Item = String>, typed: &str) -> Vec<CompletionCandidate> {
    names
        .into_iter()
        .filter(|n| n.starts_with(typed))
        .map(CompletionCandidate::new)
        .collect()
}

fn kinds(current: &OsStr) -> Vec<CompletionCandidate> {
    matching(config().kinds.into_keys(), &current.to_string_lossy())
}

fn states(current: &OsStr) -> Vec<CompletionCandidate> {
    matching(config().states, &current.to_string_lossy())
}

/// `set ID KEY=VALUE`: the keys with a closed set of values (`state=`, `kind=`), then those
/// values once the key is typed.
fn assignments(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let Some((key, value)) = typed.split_once('=') else {
        return matching(["state=".to_owned(), "kind=".to_owned()], &typed);
    };
    let config = config();
    let values: Vec<String> = match key {
        "state" => config.states,
        "kind" => config.kinds.into_keys().collect(),
        _ => return Vec::new(),
    };
    matching(values, value)
        .into_iter()
        .map(|c| c.add_prefix(format!("{key}=")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_read_from_the_line_in_both_spellings() {
        let words = |w: &[&str]| w.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(root_on_line(words(&["backlog", "show"]).into_iter()), None);
        assert_eq!(
            root_on_line(words(&["backlog", "--root", "a", "show", "--root=b"]).into_iter()),
            Some(PathBuf::from("b"))
        );
        assert_eq!(
            root_on_line(words(&["backlog", "show", "--root"]).into_iter()),
            None
        );
    }

    #[test]
    fn every_id_argument_gets_the_id_completer() {
        let mut cmd = command();
        cmd.build();
        for (verb, arg) in [
            ("show", "id"),
            ("rank", "id"),
            ("rank", "above"),
            ("unrank", "id"),
            ("set", "id"),
            ("start", "id"),
            ("done", "id"),
            ("drop", "id"),
            ("edit", "id"),
            ("history", "id"),
            ("renumber", "old"),
            ("list", "kind"),
            ("list", "state"),
            ("new", "kind"),
            ("set", "assignments"),
        ] {
            let sub = cmd
                .find_subcommand(verb)
                .unwrap_or_else(|| panic!("no {verb}"));
            let found = sub
                .get_arguments()
                .find(|a| a.get_id() == arg)
                .unwrap_or_else(|| panic!("{verb} has no {arg}"));
            assert!(
                found.get::<ArgValueCompleter>().is_some(),
                "{verb} {arg} has no completer"
            );
        }
    }
}
