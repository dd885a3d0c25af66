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
    /// Files created, as paths are shown, the agreement first.
    pub created: Vec<String>,
    /// Files already there, as paths are shown.
    pub kept: Vec<String>,
}

pub fn init(v: &InitView) -> String {
    let mut out = v.driver.as_ref().map(driver).unwrap_or_default();
    for path in &v.created {
        out.push_str(&format!("created {}\n", sanitize::line(path)));
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
}

/// A temp file an interrupted write left behind.
#[derive(Debug, Clone)]
pub struct Leftover {
    /// As paths are shown.
    pub path: String,
    /// `doctor --fix` removed it.
    pub removed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DriverState {
    /// .gitattributes asks for the driver and this clone has it.
    Registered,
    /// .gitattributes asks for the driver but this clone has not registered it.
    Missing,
    /// .gitattributes does not ask for it.
    NotSetUp,
}

impl DoctorView {
    /// How many things need the user's attention.
    pub fn problems(&self) -> usize {
        self.leftovers.iter().filter(|l| !l.removed).count()
            + usize::from(self.driver == Some(DriverState::Missing))
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
    match v.driver {
        Some(DriverState::Missing) => out.push_str("merge driver: .gitattributes asks for it but this clone has not registered it; run `backlog init --merge-driver`\n"),
        Some(DriverState::NotSetUp) => out.push_str("merge driver: not set up (ranking.txt merges line by line); `backlog init --merge-driver` sets it up\n"),
        Some(DriverState::Registered) | None => {}
    }
    if v.problems() == 0 {
        out.push_str("all good\n");
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
