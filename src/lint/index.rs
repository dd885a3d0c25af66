//! GIT002: a backlog file the git index holds unmerged. A merge driver git could not run (not
//! on its PATH, say) leaves ranking.txt at stage 2 and 3 with our side's text and no markers,
//! so GIT001 cannot see it; the index can. Outside git, or where the repository cannot be
//! opened, there is nothing to report.

use crate::diagnostic::Diagnostic;
use crate::git;
use crate::load::Location;

/// One finding per unmerged path under the backlog directory.
pub fn unmerged(location: &Location) -> Vec<Diagnostic> {
    let Ok(Some(repo)) = git::Repo::discover(&location.root) else {
        return Vec::new();
    };
    repo.unmerged_under(&location.root)
        .iter()
        .map(|path| {
            Diagnostic::new(
                "GIT002",
                &location.display(path),
                "unmerged in the git index: a merge is in progress and this file is not resolved (its text may hold only one side)",
            )
            .help(
                "compare with `git diff` or `git checkout --merge -- FILE`, keep both branches' changes, then `git add` it",
            )
        })
        .collect()
}
