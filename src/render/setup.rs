//! What the verbs around the backlog report: the files `init` laid out and the merge driver
//! it registered, `doctor`'s checkup, and the conflict note of `merge-driver`.

use crate::sanitize;
use crate::store::setup::Attributes;

/// What registering the ranking merge driver did.
#[derive(Debug, Clone)]
pub struct DriverView {
    pub attributes: Attributes,
    /// The driver's name in git's config.
    pub name: String,
}

pub fn driver(v: &DriverView) -> String {
    let mut out = match v.attributes {
        Attributes::Kept => "kept    .gitattributes (the merge driver line is there)\n",
        Attributes::Updated => "updated .gitattributes\n",
        Attributes::Created => "created .gitattributes\n",
    }
    .to_owned();
    out.push_str(&format!(
        "registered the `{}` merge driver in .git/config (each clone runs `backlog init --merge-driver` once)\n",
        v.name
    ));
    out
}

/// What `init` did.
#[derive(Debug, Clone)]
pub struct InitView {
    /// Set when the backlog is in a git repository.
    pub driver: Option<DriverView>,
    /// The pointer file written at the repository top for a backlog at a place discovery
    /// would not look (`--root docs`), as shown.
    pub pointer: Option<String>,
    /// Files created, as paths are shown, the agreement first.
    pub created: Vec<String>,
    /// Files already there, as paths are shown.
    pub kept: Vec<String>,
}

pub fn init(v: &InitView) -> String {
    let mut out = v.driver.as_ref().map(driver).unwrap_or_else(|| {
        "skipped the merge driver: not in a git repository (after `git init`, run `backlog init --merge-driver`)\n".to_owned()
    });
    for path in &v.created {
        out.push_str(&format!("created {}\n", sanitize::line(path)));
    }
    if let Some(pointer) = &v.pointer {
        out.push_str(&format!(
            "created {} (points `backlog` run anywhere in the repository at this backlog)\n",
            sanitize::line(pointer)
        ));
    }
    for path in &v.kept {
        out.push_str(&format!(
            "kept    {} (already there)\n",
            sanitize::line(path)
        ));
    }
    out
}

/// The note for stderr after `init`.
pub const INIT_NEXT: &str =
    "next: read backlog.toml with your Product Owner, then `backlog new story \"...\"`\n";

/// What `doctor` found.
#[derive(Debug, Clone)]
pub struct DoctorView {
    pub leftovers: Vec<Leftover>,
    /// `None` outside git.
    pub driver: Option<DriverState>,
    /// Backlog files the git index holds unmerged, as paths are shown.
    pub unmerged: Vec<String>,
}

/// A temp file an interrupted write left behind.
#[derive(Debug, Clone)]
pub struct Leftover {
    /// As paths are shown.
    pub path: String,
    /// `doctor --fix` removed it.
    pub removed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriverState {
    /// .gitattributes asks for the driver, this clone has it, and a trial merge through the
    /// configured command gave the right result.
    Registered,
    /// .gitattributes asks for the driver but this clone has not registered it.
    Missing,
    /// .gitattributes does not ask for it.
    NotSetUp,
    /// The configured command (first field) failed its trial merge, for the reason given.
    Broken(String, String),
}

impl DoctorView {
    /// How many things need the user's attention: everything `doctor` prints but `removed`
    /// lines and `all good`.
    pub fn problems(&self) -> usize {
        self.leftovers.iter().filter(|l| !l.removed).count()
            + usize::from(
                self.driver
                    .as_ref()
                    .is_some_and(|d| *d != DriverState::Registered),
            )
            + self.unmerged.len()
    }
}

pub fn doctor(v: &DoctorView) -> String {
    let mut out = String::new();
    for l in &v.leftovers {
        let shown = sanitize::line(&l.path);
        if l.removed {
            out.push_str(&format!("removed {shown} (left by an interrupted write)\n"));
        } else {
            out.push_str(&format!("leftover {shown}: a temp file from an interrupted write; `backlog doctor --fix` removes it\n"));
        }
    }
    match &v.driver {
        Some(DriverState::Missing) => out.push_str("merge driver: .gitattributes asks for it but this clone has not registered it; run `backlog init --merge-driver`\n"),
        Some(DriverState::NotSetUp) => out.push_str("merge driver: not set up (ranking.txt merges line by line); `backlog init --merge-driver` sets it up\n"),
        Some(DriverState::Broken(command, why)) => out.push_str(&format!(
            "merge driver: git cannot run `{}`: {}; a merge would keep one side of ranking.txt; `backlog init --merge-driver` registers this backlog by its full path\n",
            sanitize::line(command),
            sanitize::line(why)
        )),
        Some(DriverState::Registered) | None => {}
    }
    for path in &v.unmerged {
        out.push_str(&format!(
            "unmerged {}: a merge is in progress and this file is not resolved; writes are refused until it is `git add`ed\n",
            sanitize::line(path)
        ));
    }
    match v.problems() {
        0 => out.push_str("all good\n"),
        n => out.push_str(&format!("{} to look at\n", super::plural(n, "thing"))),
    }
    out
}

/// The note for stderr when `merge-driver` wrote conflict blocks into `name`.
pub fn merge_conflicts(conflicts: usize, name: &str) -> String {
    format!(
        "backlog: {conflicts} conflict(s) in {}: the branches placed the same item differently, or one changed an item the other removed\nhint: keep each ID once, in the agreed order, remove the marker lines, then `backlog lint`\n",
        sanitize::line(name)
    )
}
