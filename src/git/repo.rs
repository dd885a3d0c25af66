//! Opening the repository (GIT_DIR honoured, owner checks kept), HEAD, revisions, merge-bases.

use anyhow::{Result, anyhow};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub struct Repo {
    pub(super) repo: git2::Repository,
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

    /// The best common ancestor of two commits (what `git diff A...B` compares from).
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String> {
        let (a_id, b_id) = (oid(a)?, oid(b)?);
        match self.repo.merge_base(a_id, b_id) {
            Ok(base) => Ok(base.to_string()),
            // libgit2 parses every commit it walks: over one it refuses (a malformed author),
            // walk the parents read from the raw objects instead, as git does.
            Err(e) if e.code() == git2::ErrorCode::NotFound => Err(anyhow!(
                "{a} and {b} have no common ancestor: {}",
                e.message()
            )),
            Err(e) => match self.merge_base_leniently(a_id, b_id) {
                Some(base) => Ok(base.to_string()),
                None => Err(anyhow!(
                    "{a} and {b} have no common ancestor: {}",
                    e.message()
                )),
            },
        }
    }

    /// `start` and every ancestor of it, parents read leniently; the walk stops at `stop`'s
    /// members (kept in `hits`) and at missing parents (a shallow boundary).
    fn ancestors(
        &self,
        start: git2::Oid,
        stop: &HashSet<git2::Oid>,
        hits: &mut Vec<git2::Oid>,
    ) -> HashSet<git2::Oid> {
        let (mut seen, mut queue) = (HashSet::from([start]), vec![start]);
        while let Some(id) = queue.pop() {
            if stop.contains(&id) {
                hits.push(id);
                continue;
            }
            let Ok(node) = self.node(id, &mut Vec::new()) else {
                continue;
            };
            queue.extend(node.parents.into_iter().filter(|p| seen.insert(*p)));
        }
        seen
    }

    /// The best common ancestor of `a` and `b`: a common ancestor that is no ancestor of
    /// another one; of several, the newest by committer time (then by id).
    fn merge_base_leniently(&self, a: git2::Oid, b: git2::Oid) -> Option<git2::Oid> {
        let of_a = self.ancestors(a, &HashSet::new(), &mut Vec::new());
        let mut common = Vec::new();
        self.ancestors(b, &of_a, &mut common);
        if common.len() < 2 {
            return common.pop();
        }
        let below: HashSet<git2::Oid> = common
            .iter()
            .flat_map(|&c| {
                let parents = self.node(c, &mut Vec::new()).map(|n| n.parents);
                parents
                    .unwrap_or_default()
                    .into_iter()
                    .flat_map(|p| self.ancestors(p, &HashSet::new(), &mut Vec::new()))
            })
            .collect();
        common
            .into_iter()
            .filter(|c| !below.contains(c))
            .max_by_key(|&c| (self.node(c, &mut Vec::new()).map_or(0, |n| n.time), c))
    }

    /// The common git directory (shared by linked worktrees).
    pub fn common_dir(&self) -> PathBuf {
        self.repo.commondir().to_path_buf()
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> bool {
        match (oid(ancestor), oid(descendant)) {
            (Ok(a), Ok(d)) => a == d || self.repo.graph_descendant_of(d, a).unwrap_or(false),
            _ => false,
        }
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
                // A commit libgit2 cannot parse (a malformed author): its id is still HEAD,
                // and history reads it leniently.
                Err(e) => match head.resolve().ok().and_then(|r| r.target()) {
                    Some(id) if self.is_commit_object(id) => Ok(Head::Commit(id.to_string())),
                    _ => Err(anyhow!("cannot read HEAD: {}", e.message())),
                },
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

    fn is_commit_object(&self, id: git2::Oid) -> bool {
        self.repo
            .odb()
            .and_then(|odb| odb.read_header(id))
            .is_ok_and(|(_, kind)| kind == git2::ObjectType::Commit)
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
            Err(e) if let Some(id) = self.resolve_leniently(rev) => {
                let _ = e;
                Ok(id.to_string())
            }
            Err(e) if self.repo.is_shallow() => Err(anyhow!(
                "revision `{rev}` is not available in this shallow clone ({})\nhint: fetch more history: `git fetch --deepen=100` or `git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0)",
                e.message()
            )),
            Err(e) => Err(anyhow!("unknown revision `{rev}`: {}", e.message())),
        }
    }

    /// `BASE~N` / `BASE^N` chains over commits libgit2 refuses to parse (a malformed author):
    /// the parents are read from the raw objects, as git does.
    fn resolve_leniently(&self, rev: &str) -> Option<git2::Oid> {
        let split = rev.find(['~', '^']).unwrap_or(rev.len());
        let (base, mut rest) = rev.split_at(split);
        // Looking an object up parses it: read refs and ids without that.
        let by_ref = self
            .repo
            .resolve_reference_from_short_name(base)
            .and_then(|r| r.resolve())
            .ok()
            .and_then(|r| r.target());
        let mut id = match by_ref.or_else(|| self.id_by_prefix(base)) {
            Some(id) => id,
            None => self.repo.revparse_single(base).ok()?.id(),
        };
        if !self.is_commit_object(id) {
            return None;
        }
        while let Some(op) = rest.chars().next() {
            rest = &rest[1..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let n: usize = if digits == 0 {
                1
            } else {
                rest[..digits].parse().ok()?
            };
            rest = &rest[digits..];
            let mut notes = Vec::new();
            match op {
                '~' => {
                    for _ in 0..n {
                        id = *self.node(id, &mut notes).ok()?.parents.first()?;
                    }
                }
                '^' if n == 0 => {}
                '^' => id = *self.node(id, &mut notes).ok()?.parents.get(n - 1)?,
                _ => return None,
            }
        }
        Some(id)
    }

    /// The object a full or abbreviated (at least 4 hex digits, unique) id names, found in
    /// the object database without parsing the object, as `git rev-parse` finds it.
    fn id_by_prefix(&self, hex: &str) -> Option<git2::Oid> {
        if !(4..=40).contains(&hex.len()) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let short = git2::Oid::from_str(hex).ok()?;
        if hex.len() == 40 {
            return Some(short);
        }
        self.repo.odb().ok()?.exists_prefix(short, hex.len()).ok()
    }

    /// The commit to compare a branch with: the merge-base of HEAD and its upstream, else of
    /// HEAD and origin/HEAD, else of HEAD and a local main or master. `None` when there is none.
    pub fn default_base(&self) -> Result<Option<(String, String)>> {
        let Head::Commit(head) = self.head()? else {
            return Ok(None);
        };
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
            // Leniently, as `diff A...B` does: a commit libgit2 refuses still has its place.
            if self.repo.find_reference(&name).is_err() {
                continue;
            }
            let Ok(target) = self.resolve(&name) else {
                continue;
            };
            if let Ok(base) = self.merge_base(&head, &target) {
                let label = name
                    .trim_start_matches("refs/remotes/")
                    .trim_start_matches("refs/heads/")
                    .to_owned();
                return Ok(Some((base.to_string(), label)));
            }
        }
        Ok(None)
    }

    /// A missing object is most often a partial clone's blob: say so.
    pub(super) fn missing(&self, e: git2::Error) -> anyhow::Error {
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

pub(super) fn oid(id: &str) -> Result<git2::Oid> {
    git2::Oid::from_str(id).map_err(|_| anyhow!("`{id}` is not a commit id"))
}
