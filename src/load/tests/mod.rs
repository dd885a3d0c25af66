//! Unit tests of loading, on backlogs built in temporary directories.

mod disk;
mod sources;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::Location;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A backlog in a temporary directory: `top/.git` makes `top` the base, `top/backlog` the root.
pub(super) struct Fixture {
    _dir: TempDir,
    pub top: PathBuf,
    pub location: Location,
}

impl Fixture {
    /// A backlog with the default backlog.toml and nothing else.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let top = dir.path().canonicalize().expect("canonical temp dir");
        std::fs::create_dir_all(top.join(".git")).expect("mkdir .git");
        std::fs::create_dir_all(top.join("backlog")).expect("mkdir backlog");
        let location = Location {
            root: top.join("backlog"),
            base: top.clone(),
        };
        let fixture = Fixture {
            _dir: dir,
            top,
            location,
        };
        fixture.write("backlog.toml", Config::default_text("MS"));
        fixture
    }

    /// Writes `text` to `rel` below the backlog directory, creating directories on the way.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Fixture {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.location.root.join(rel)
    }
}

/// The code of the rule called `name`. Tests name rules rather than write their codes: the
/// registry's guard wants a code written only where that rule is judged.
pub(super) fn code(name: &str) -> &'static str {
    crate::rules::RULES
        .iter()
        .find(|r| r.name == name)
        .map_or_else(|| panic!("no rule is called {name}"), |r| r.code)
}

/// A minimal item file.
pub(super) fn item(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nBody.\n")
}

/// (rule, path) of each diagnostic, sorted, for comparisons that ignore order.
pub(super) fn found(out: &[Diagnostic]) -> Vec<(&str, &str)> {
    let mut found: Vec<_> = out.iter().map(|d| (d.rule, d.path.as_str())).collect();
    found.sort();
    found
}

#[cfg(unix)]
pub(super) fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}
