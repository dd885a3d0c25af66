//! The only module that names git2. Callers get plain values (paths, ID lists), never git2
//! types, and every libgit2 error becomes a message that says what to do.

use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub struct Repo {
    repo: git2::Repository,
}

impl Repo {
    /// Opens the repository holding `path`, or `None` when there is none. Ownership checks stay
    /// on: a repository owned by someone else is refused with the fix, as git does.
    pub fn discover(path: &Path) -> Result<Option<Repo>> {
        // git does not re-hash objects on read; libgit2 does by default, which was a fifth of a
        // cold history walk. Integrity is git's job (`git fsck`), as it is for git itself.
        git2::opts::strict_hash_verification(false);
        // Inside a git hook, or wherever GIT_DIR is set, use that repository as git does.
        let found = if std::env::var_os("GIT_DIR").is_some_and(|d| !d.is_empty()) {
            git2::Repository::open_from_env().and_then(|repo| {
                // libgit2 leaves GIT_WORK_TREE to the caller; git honours it.
                if let Some(tree) = std::env::var_os("GIT_WORK_TREE").filter(|t| !t.is_empty()) {
                    repo.set_workdir(Path::new(&tree), false)?;
                }
                Ok(repo)
            })
        } else {
            git2::Repository::discover(path)
        };
        match found {
            Ok(repo) => Ok(Some(Repo { repo })),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(explain(e, path)),
        }
    }

    /// The top of the work tree, if the repository has one.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// The per-worktree git directory (`.git` or `.git/worktrees/NAME`), where locks live.
    pub fn git_dir(&self) -> PathBuf {
        self.repo.path().to_path_buf()
    }

    /// File names under `dir` (a path relative to the work tree top, with `/`) in the tree of
    /// every local branch and remote-tracking branch, subdirectories included. Trees shared by
    /// several branches are read once.
    pub fn names_on_branches(&self, dir: &str) -> Result<Vec<String>> {
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        let refs = self
            .repo
            .references()
            .map_err(|e| anyhow!("cannot list branches: {}", e.message()))?;
        for reference in refs {
            let Ok(reference) = reference else { continue };
            if !(reference.is_branch() || reference.is_remote()) {
                continue;
            }
            // A dangling or non-commit ref says nothing about IDs; skip it rather than fail.
            let Ok(tree) = reference.peel_to_tree() else {
                continue;
            };
            let Ok(entry) = tree.get_path(Path::new(dir)) else {
                continue;
            };
            if !seen.insert(entry.id()) {
                continue;
            }
            let Ok(object) = entry.to_object(&self.repo) else {
                continue;
            };
            let Some(sub) = object.as_tree() else {
                continue;
            };
            sub.walk(git2::TreeWalkMode::PreOrder, |_, e| {
                if e.kind() == Some(git2::ObjectType::Blob)
                    && let Some(name) = e.name()
                {
                    names.push(name.to_owned());
                }
                git2::TreeWalkResult::Ok
            })
            .map_err(|e| {
                anyhow!(
                    "cannot read the tree of {}: {}",
                    reference.shorthand().unwrap_or("?"),
                    e.message()
                )
            })?;
        }
        Ok(names)
    }
}

/// The merge driver's name in git config and .gitattributes.
pub const MERGE_DRIVER: &str = "backlog-ranking";

impl Repo {
    /// Where `backlog` keeps caches: `backlog/` in the common git directory, shared by linked
    /// worktrees (its contents are keyed by commit ids) and never in the work tree.
    pub fn cache_dir(&self) -> PathBuf {
        self.repo.commondir().join("backlog")
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> bool {
        match (oid(ancestor), oid(descendant)) {
            (Ok(a), Ok(d)) => a == d || self.repo.graph_descendant_of(d, a).unwrap_or(false),
            _ => false,
        }
    }

    /// What the author mapping depends on: the work tree's .mailmap, as a blob id.
    pub fn mailmap_key(&self) -> String {
        let bytes = self
            .repo
            .workdir()
            .and_then(|top| std::fs::read(top.join(".mailmap")).ok())
            .unwrap_or_default();
        git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
            .map_or_else(|_| String::new(), |o| o.to_string())
    }

    /// Whether this clone's config names a command for the ranking merge driver.
    pub fn has_merge_driver(&self) -> bool {
        self.repo
            .config()
            .and_then(|c| c.get_string(&format!("merge.{MERGE_DRIVER}.driver")))
            .is_ok_and(|d| !d.trim().is_empty())
    }

    /// Registers the ranking merge driver in the repository's local config (never the user's
    /// global config: a driver is a program git runs, so only this clone opts in).
    pub fn register_merge_driver(&self) -> Result<()> {
        let mut config = self
            .repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .map_err(|e| anyhow!("cannot open the repository's git config: {}", e.message()))?;
        let set = |config: &mut git2::Config, key: &str, value: &str| {
            config.set_str(key, value).map_err(|e| {
                anyhow!(
                    "cannot set {key} in the repository's git config: {}",
                    e.message()
                )
            })
        };
        set(
            &mut config,
            &format!("merge.{MERGE_DRIVER}.name"),
            "backlog: merge concurrent changes to ranking.txt",
        )?;
        set(
            &mut config,
            &format!("merge.{MERGE_DRIVER}.driver"),
            "backlog merge-driver %O %A %B %P",
        )?;
        Ok(())
    }
}

/// Turns a libgit2 error into a message with the fix.
fn explain(e: git2::Error, path: &Path) -> anyhow::Error {
    // libgit2 names the repository it refused ("repository path '/repo/' is not owned..."):
    // that, not the backlog directory, is what safe.directory must list.
    let repository = e
        .message()
        .split('\'')
        .nth(1)
        .map(|p| p.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| path.display().to_string());
    let quoted = format!("'{}'", repository.replace('\'', "'\\''"));
    match e.code() {
        git2::ErrorCode::Owner => anyhow!(
            "the repository at {repository} is owned by another user: {}\nhint: if you trust it, run `git config --file ~/.gitconfig --add safe.directory {quoted}` (libgit2 reads ~/.gitconfig, not $GIT_CONFIG_GLOBAL)",
            e.message(),
        ),
        _ if e.message().contains("extension") || e.message().contains("object format") => anyhow!(
            "the repository at {repository} uses a format libgit2 cannot read: {}\nhint: `backlog lint`, `list` and `show` work without git; the other commands need a files-backend SHA-1 repository",
            e.message()
        ),
        _ => anyhow!(
            "cannot open the git repository at {}: {}",
            path.display(),
            e.message()
        ),
    }
}

/// Who made a commit and when, already mapped through .mailmap.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// RFC 3339 with the author's offset.
    pub time: String,
    #[serde(skip)]
    pub message: String,
}

/// One commit that may have changed a file: who and when, the file's blob after it, and the
/// file's blob in each parent.
#[derive(Debug, Clone)]
pub struct Step {
    pub info: CommitInfo,
    /// The file's blob id after the commit; `None` when the path does not exist there.
    pub after: Option<String>,
    /// The file's blob id in each parent, in parent order.
    pub parents: Vec<Option<String>>,
}

/// The commits of a walk whose version of a file differs from some parent's, oldest first.
#[derive(Debug, Clone, Default)]
pub struct FileHistory {
    pub steps: Vec<Step>,
    /// The commit at which a shallow clone's history stops, if the walk reached it.
    pub shallow_boundary: Option<String>,
}

/// Where HEAD stands.
pub enum Head {
    Unborn,
    Commit(String),
}

impl Repo {
    pub fn head(&self) -> Result<Head> {
        match self.repo.head() {
            Ok(head) => match head.peel_to_commit() {
                Ok(commit) => Ok(Head::Commit(commit.id().to_string())),
                Err(e) => Err(anyhow!("cannot read HEAD: {}", e.message())),
            },
            Err(e)
                if e.code() == git2::ErrorCode::UnbornBranch
                    || e.code() == git2::ErrorCode::NotFound =>
            {
                Ok(Head::Unborn)
            }
            Err(e) => Err(anyhow!("cannot read HEAD: {}", e.message())),
        }
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// The commit a revision names, with the fix when it cannot be found.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        match self
            .repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
        {
            Ok(commit) => Ok(commit.id().to_string()),
            Err(e) if self.repo.is_shallow() => Err(anyhow!(
                "revision `{rev}` is not available in this shallow clone ({})\nhint: fetch more history: `git fetch --deepen=100` or `git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0)",
                e.message()
            )),
            Err(e) => Err(anyhow!("unknown revision `{rev}`: {}", e.message())),
        }
    }

    /// The commit to compare a branch with: the merge-base of HEAD and its upstream, else of
    /// HEAD and origin/HEAD, else of HEAD and a local main or master. `None` when there is none.
    pub fn default_base(&self) -> Result<Option<(String, String)>> {
        let Head::Commit(head) = self.head()? else {
            return Ok(None);
        };
        let head_oid = oid(&head)?;
        let mut candidates: Vec<String> = Vec::new();
        if let Ok(reference) = self.repo.head()
            && let Some(name) = reference.name()
            && let Ok(upstream) = self.repo.branch_upstream_name(name)
            && let Some(upstream) = upstream.as_str()
        {
            candidates.push(upstream.to_owned());
        }
        candidates.extend(
            [
                "refs/remotes/origin/HEAD",
                "refs/heads/main",
                "refs/heads/master",
            ]
            .map(String::from),
        );
        for name in candidates {
            let Ok(target) = self
                .repo
                .revparse_single(&name)
                .and_then(|o| o.peel_to_commit())
            else {
                continue;
            };
            if let Ok(base) = self.repo.merge_base(head_oid, target.id()) {
                let label = name
                    .trim_start_matches("refs/remotes/")
                    .trim_start_matches("refs/heads/")
                    .to_owned();
                return Ok(Some((base.to_string(), label)));
            }
        }
        Ok(None)
    }

    /// Who made `commit` and when, mapped through .mailmap.
    pub fn commit_info(&self, commit: &str) -> Result<CommitInfo> {
        let mailmap = self.repo.mailmap().ok();
        let commit = self
            .repo
            .find_commit(oid(commit)?)
            .map_err(|e| anyhow!("cannot read commit {commit}: {}", e.message()))?;
        Ok(info(&commit, mailmap.as_ref()))
    }

    /// The commits reachable from `to` (not from `hide`) whose version of `path` differs from a
    /// parent's, oldest first. Blob ids are compared before any content is read.
    pub fn file_history(&self, path: &str, to: &str, hide: Option<&str>) -> Result<FileHistory> {
        let mut walk = self
            .repo
            .revwalk()
            .map_err(|e| anyhow!("cannot walk history: {}", e.message()))?;
        // Oldest first: parents before children, and by date where the graph leaves a choice.
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME | git2::Sort::REVERSE)
            .map_err(|e| anyhow!("cannot walk history: {}", e.message()))?;
        walk.push(oid(to)?)
            .map_err(|e| anyhow!("cannot walk from {to}: {}", e.message()))?;
        if let Some(hide) = hide {
            walk.hide(oid(hide)?)
                .map_err(|e| anyhow!("cannot hide {hide}: {}", e.message()))?;
        }
        let mailmap = self.repo.mailmap().ok();
        let path = Path::new(path);
        let mut blobs: std::collections::HashMap<git2::Oid, Option<git2::Oid>> =
            std::collections::HashMap::new();
        let mut history = FileHistory::default();
        let shallow = self.shallow_commits();
        for id in walk {
            let id = id.map_err(|e| self.missing(e))?;
            let commit = self.repo.find_commit(id).map_err(|e| self.missing(e))?;
            let after = self.blob_at(&commit, path, &mut blobs)?;
            let mut parents = Vec::with_capacity(commit.parent_count());
            let mut boundary = false;
            for i in 0..commit.parent_count() {
                match commit.parent(i) {
                    Ok(parent) => parents.push(self.blob_at(&parent, path, &mut blobs)?),
                    // A shallow clone's boundary commit names parents it does not have.
                    Err(_) => boundary = true,
                }
            }
            // libgit2 shows a shallow clone's boundary commits as parentless: without this
            // check each would look like the first commit and "rank" every item anew.
            if boundary || shallow.contains(&id) {
                history.shallow_boundary = Some(id.to_string());
                continue;
            }
            let unchanged = if parents.is_empty() {
                after.is_none()
            } else {
                parents.contains(&after)
            };
            if unchanged {
                continue;
            }
            history.steps.push(Step {
                info: info(&commit, mailmap.as_ref()),
                after: after.map(|o| o.to_string()),
                parents: parents
                    .into_iter()
                    .map(|p| p.map(|o| o.to_string()))
                    .collect(),
            });
        }
        Ok(history)
    }

    fn blob_at(
        &self,
        commit: &git2::Commit<'_>,
        path: &Path,
        cache: &mut std::collections::HashMap<git2::Oid, Option<git2::Oid>>,
    ) -> Result<Option<git2::Oid>> {
        if let Some(known) = cache.get(&commit.id()) {
            return Ok(*known);
        }
        let tree = commit.tree().map_err(|e| self.missing(e))?;
        let blob = tree
            .get_path(path)
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| e.id());
        cache.insert(commit.id(), blob);
        Ok(blob)
    }

    /// The commits at which a shallow clone's history stops: `shallow` in the common git
    /// directory lists them (git2 has no API for it). Empty for a full clone.
    fn shallow_commits(&self) -> std::collections::HashSet<git2::Oid> {
        std::fs::read_to_string(self.repo.commondir().join("shallow"))
            .map(|text| {
                text.lines()
                    .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The text of a blob.
    pub fn blob_text(&self, id: &str) -> Result<String> {
        let blob = self.repo.find_blob(oid(id)?).map_err(|e| self.missing(e))?;
        String::from_utf8(blob.content().to_vec())
            .map_err(|_| anyhow!("blob {id} is not UTF-8 text"))
    }

    /// The text of `path` at `commit`, or `None` when it does not exist there.
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<String>> {
        let commit = self
            .repo
            .find_commit(oid(commit)?)
            .map_err(|e| self.missing(e))?;
        let tree = commit.tree().map_err(|e| self.missing(e))?;
        match tree.get_path(Path::new(path)) {
            Ok(entry) => self.blob_text(&entry.id().to_string()).map(Some),
            Err(_) => Ok(None),
        }
    }

    /// Every blob under `dir` at `commit`: (file name, blob id), subdirectories included.
    pub fn files_at(&self, commit: &str, dir: &str) -> Result<Vec<(String, String)>> {
        let commit = self
            .repo
            .find_commit(oid(commit)?)
            .map_err(|e| self.missing(e))?;
        let tree = commit.tree().map_err(|e| self.missing(e))?;
        let Ok(entry) = tree.get_path(Path::new(dir)) else {
            return Ok(Vec::new());
        };
        let object = entry.to_object(&self.repo).map_err(|e| self.missing(e))?;
        let Some(sub) = object.as_tree() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        sub.walk(git2::TreeWalkMode::PreOrder, |_, e| {
            if e.kind() == Some(git2::ObjectType::Blob)
                && let Some(name) = e.name()
            {
                out.push((name.to_owned(), e.id().to_string()));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(|e| anyhow!("cannot read {dir}: {}", e.message()))?;
        Ok(out)
    }

    /// A missing object is most often a partial clone's blob: say so.
    fn missing(&self, e: git2::Error) -> anyhow::Error {
        if e.code() == git2::ErrorCode::NotFound {
            anyhow!(
                "an object is missing from the repository ({}); a partial (--filter) or shallow clone may not have it\nhint: let git fetch what history needs: `git log -p -- backlog/ranking.txt` (a partial clone fetches the versions it reads), or `git fetch --unshallow` (a shallow clone)",
                e.message()
            )
        } else {
            anyhow!("cannot read the repository: {}", e.message())
        }
    }
}

fn oid(id: &str) -> Result<git2::Oid> {
    git2::Oid::from_str(id).map_err(|_| anyhow!("`{id}` is not a commit id"))
}

fn info(commit: &git2::Commit<'_>, mailmap: Option<&git2::Mailmap>) -> CommitInfo {
    let author = mailmap
        .and_then(|m| commit.author_with_mailmap(m).ok())
        .unwrap_or_else(|| commit.author().to_owned());
    let when = author.when();
    CommitInfo {
        commit: commit.id().to_string(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        time: rfc3339(when.seconds(), when.offset_minutes()),
        message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
    }
}

/// Formats seconds since the epoch and an offset in minutes as RFC 3339 (`2026-11-21T08:00:00+01:00`).
pub fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        off / 60,
        off % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(rfc3339(1_700_000_000, 60), "2023-11-14T23:13:20+01:00");
        assert_eq!(rfc3339(1_700_000_000, -330), "2023-11-14T16:43:20-05:30");
        assert_eq!(rfc3339(951_782_400, 0), "2000-02-29T00:00:00+00:00");
    }
}
