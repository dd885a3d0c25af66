//! Commit metadata as plain values: who and when (through .mailmap), and RFC 3339 times.

use super::Repo;
use super::repo::oid;
use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};

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

impl Repo {
    /// Who made `commit` and when, mapped through .mailmap.
    pub fn commit_info(&self, commit: &str) -> Result<CommitInfo> {
        let mailmap = self.repo.mailmap().ok();
        let commit = self
            .repo
            .find_commit(oid(commit)?)
            .map_err(|e| anyhow!("cannot read commit {commit}: {}", e.message()))?;
        Ok(info(&commit, mailmap.as_ref()))
    }

    /// What the author mapping depends on, as one hash: every source libgit2 reads a mailmap
    /// from (the work tree's .mailmap, `mailmap.file` and its content, `mailmap.blob` and the
    /// blob it names, HEAD:.mailmap in a bare repository).
    pub fn mailmap_key(&self) -> String {
        let mut parts: Vec<u8> = Vec::new();
        let mut add = |label: &str, bytes: &[u8]| {
            parts.extend_from_slice(format!("{label} {}\n", bytes.len()).as_bytes());
            parts.extend_from_slice(bytes);
        };
        let work_tree = self
            .repo
            .workdir()
            .and_then(|top| std::fs::read(top.join(".mailmap")).ok())
            .unwrap_or_default();
        add("worktree", &work_tree);
        let config = self.repo.config().ok();
        if let Some(file) = config
            .as_ref()
            .and_then(|c| c.get_path("mailmap.file").ok())
        {
            add("file", file.to_string_lossy().as_bytes());
            add("file-content", &std::fs::read(&file).unwrap_or_default());
        }
        let blob = config
            .as_ref()
            .and_then(|c| c.get_string("mailmap.blob").ok())
            .or_else(|| self.repo.is_bare().then(|| "HEAD:.mailmap".to_owned()));
        if let Some(blob) = blob {
            let id = self
                .repo
                .revparse_single(&blob)
                .map(|o| o.id().to_string())
                .unwrap_or_default();
            add("blob", format!("{blob} {id}").as_bytes());
        }
        hash_bytes(&parts)
    }

    /// What a cached history depends on besides HEAD and the ranking's path: the mailmap
    /// sources, the shallow boundary (`git fetch --unshallow` keeps HEAD) and grafts.
    pub fn history_key(&self) -> String {
        let common = self.repo.commondir();
        let read = |name: &str| std::fs::read(common.join(name)).unwrap_or_default();
        let mut parts = self.mailmap_key().into_bytes();
        for name in ["shallow", "info/grafts"] {
            let bytes = read(name);
            parts.extend_from_slice(format!("\n{name} {}\n", bytes.len()).as_bytes());
            parts.extend_from_slice(&bytes);
        }
        hash_bytes(&parts)
    }
}

/// The SHA-1 of `bytes` (as a git blob), in hex: the checksum of the caches.
pub fn hash_bytes(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map_or_else(|_| String::new(), |o| o.to_string())
}

impl Repo {}

/// A commit as the graph walk needs it: tree, parents and committer time.
pub(super) struct Node {
    pub tree: git2::Oid,
    pub parents: Vec<git2::Oid>,
    pub time: i64,
    /// A shallow clone's boundary (or a commit whose parents are missing): a root for the walk.
    pub boundary: bool,
}

impl Repo {
    /// Reads one commit for the walk. A commit libgit2 refuses to parse (a malformed author, a
    /// time out of range) is read from its raw object, as git log reads it.
    pub(super) fn node(&self, id: git2::Oid, notes: &mut Vec<String>) -> Result<Node> {
        let odb = self.repo.odb().map_err(|e| self.missing(e))?;
        self.node_in(&odb, id, notes)
    }

    /// [`Repo::node`] with the object database already open (a walk reads thousands).
    pub(super) fn node_in(
        &self,
        odb: &git2::Odb<'_>,
        id: git2::Oid,
        notes: &mut Vec<String>,
    ) -> Result<Node> {
        let (tree, parents, time) = match self.repo.find_commit(id) {
            Ok(commit) => (
                commit.tree_id(),
                commit.parent_ids().collect::<Vec<_>>(),
                commit.committer().when().seconds(),
            ),
            Err(e) => {
                let raw = self.raw_commit(id).map_err(|_| self.missing(e))?;
                notes.extend(raw.note());
                (raw.tree, raw.parents, raw.committed)
            }
        };
        let boundary = parents.iter().any(|p| !odb.exists(*p));
        Ok(Node {
            tree,
            parents,
            time,
            boundary,
        })
    }

    /// Who made `id` and when, for a history step; a commit libgit2 cannot parse gets the
    /// placeholder git log shows and a note.
    pub(super) fn step_info(
        &self,
        id: git2::Oid,
        mailmap: Option<&git2::Mailmap>,
        notes: &mut Vec<String>,
    ) -> Result<CommitInfo> {
        match self.repo.find_commit(id) {
            Ok(commit) => Ok(info(&commit, mailmap)),
            Err(e) => {
                let raw = self.raw_commit(id).map_err(|_| self.missing(e))?;
                notes.extend(raw.note());
                Ok(raw.info(id, mailmap))
            }
        }
    }

    /// The tree of a commit, read leniently when libgit2 refuses the commit's headers.
    pub(super) fn tree_of(&self, id: git2::Oid) -> Result<git2::Tree<'_>> {
        let tree = match self.repo.find_commit(id) {
            Ok(commit) => commit.tree_id(),
            Err(e) => self.raw_commit(id).map_err(|_| self.missing(e))?.tree,
        };
        self.repo.find_tree(tree).map_err(|e| self.missing(e))
    }

    fn raw_commit(&self, id: git2::Oid) -> Result<RawCommit> {
        let odb = self.repo.odb().map_err(|e| self.missing(e))?;
        let object = odb.read(id).map_err(|e| self.missing(e))?;
        if object.kind() != git2::ObjectType::Commit {
            return Err(anyhow!("{id} is not a commit"));
        }
        let mut raw =
            RawCommit::parse(object.data()).ok_or_else(|| anyhow!("commit {id} has no tree"))?;
        raw.id = id.to_string();
        Ok(raw)
    }
}

/// A commit read from its raw bytes, leniently, the way git log prints what it cannot parse.
struct RawCommit {
    tree: git2::Oid,
    parents: Vec<git2::Oid>,
    committed: i64,
    /// (name, email, seconds, offset minutes); `None` parts were malformed.
    author: (Option<String>, Option<String>, Option<i64>, i32),
    message: String,
    id: String,
}

/// Splits `Name <email> 1700000000 +0100` as git does; each part is `None` when missing.
fn ident(line: &[u8]) -> (Option<String>, Option<String>, Option<i64>, i32) {
    let text = String::from_utf8_lossy(line);
    let (Some(lt), Some(gt)) = (text.find('<'), text.rfind('>')) else {
        return (None, None, None, 0);
    };
    if gt < lt {
        return (None, None, None, 0);
    }
    let name = text[..lt].trim();
    let email = text[lt + 1..gt].trim();
    let mut rest = text[gt + 1..].split_whitespace();
    let seconds = rest
        .next()
        .and_then(|s| s.parse::<i64>().ok())
        // git prints what it cannot represent as the epoch; so do we.
        .filter(|s| (0..=253_402_300_799).contains(s));
    let offset = rest
        .next()
        .and_then(|z| {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits = z.trim_start_matches(['+', '-']);
            let n: i32 = digits.parse().ok()?;
            (digits.len() == 4 && n % 100 < 60 && n / 100 < 24)
                .then_some(sign * (n / 100 * 60 + n % 100))
        })
        .unwrap_or(0);
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    (some(name), some(email), seconds, offset)
}

impl RawCommit {
    fn parse(data: &[u8]) -> Option<RawCommit> {
        let (head, message) = match data.windows(2).position(|w| w == b"\n\n") {
            Some(at) => (&data[..at], &data[at + 2..]),
            None => (data, &b""[..]),
        };
        let mut tree = None;
        let mut parents = Vec::new();
        let mut author = (None, None, None, 0);
        let mut committed = 0;
        for line in head.split(|&b| b == b'\n') {
            let hex = |rest: &[u8]| {
                std::str::from_utf8(rest)
                    .ok()
                    .and_then(|s| git2::Oid::from_str(s.trim()).ok())
            };
            if let Some(rest) = line.strip_prefix(b"tree ") {
                tree = hex(rest);
            } else if let Some(rest) = line.strip_prefix(b"parent ") {
                parents.extend(hex(rest));
            } else if let Some(rest) = line.strip_prefix(b"author ") {
                author = ident(rest);
            } else if let Some(rest) = line.strip_prefix(b"committer ") {
                committed = ident(rest).2.unwrap_or(0);
            }
        }
        Some(RawCommit {
            tree: tree?,
            parents,
            committed,
            author,
            message: String::from_utf8_lossy(message).into_owned(),
            id: String::new(),
        })
    }

    fn note(&self) -> Option<String> {
        let short = self.id.get(..7).unwrap_or(&self.id);
        let (name, email, seconds, _) = &self.author;
        let what = match (name.is_some() && email.is_some(), seconds.is_some()) {
            (true, true) => return None,
            (false, true) => "a malformed author (read as `unknown`)",
            (true, false) => "an author time out of range (read as 1970-01-01, as git log does)",
            (false, false) => "a malformed author and time (read as `unknown`, 1970-01-01)",
        };
        Some(format!("commit {short} has {what}"))
    }

    fn info(&self, id: git2::Oid, mailmap: Option<&git2::Mailmap>) -> CommitInfo {
        let (name, email, seconds, offset) = self.author.clone();
        let seconds = seconds.unwrap_or(0);
        let mapped = match (&name, &email, mailmap) {
            (Some(n), Some(e), Some(m)) => {
                git2::Signature::new(n, e, &git2::Time::new(seconds, offset))
                    .ok()
                    .and_then(|s| m.resolve_signature(&s).ok())
                    .map(|s| {
                        (
                            String::from_utf8_lossy(s.name_bytes()).into_owned(),
                            String::from_utf8_lossy(s.email_bytes()).into_owned(),
                        )
                    })
            }
            _ => None,
        };
        let (author, email) = mapped.unwrap_or_else(|| {
            (
                name.unwrap_or_else(|| "unknown".to_owned()),
                email.unwrap_or_default(),
            )
        });
        CommitInfo {
            commit: id.to_string(),
            author,
            email,
            time: rfc3339(seconds, offset),
            message: self.message.clone(),
        }
    }
}

pub(super) fn info(commit: &git2::Commit<'_>, mailmap: Option<&git2::Mailmap>) -> CommitInfo {
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
    let (year, month, day) = crate::date::civil_from_days(days);
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

/// The person git would record as author: `user.name` and `user.email` from the
/// configuration (GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL win, as they do for git).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub name: Option<String>,
    pub email: Option<String>,
}

impl Identity {
    /// What `start` writes into `owner` and `list --owner me` matches: the email when there is
    /// one, else the name.
    pub fn owner(&self) -> Option<&str> {
        self.email.as_deref().or(self.name.as_deref())
    }
}

impl Repo {
    /// The configured author identity of this repository (its own config, then the user's).
    pub fn identity(&self) -> Identity {
        let config = self.repo.config().ok();
        let get = |env: &str, key: &str| {
            std::env::var(env)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .or_else(|| config.as_ref().and_then(|c| c.get_string(key).ok()))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Identity {
            name: get("GIT_AUTHOR_NAME", "user.name"),
            email: get("GIT_AUTHOR_EMAIL", "user.email"),
        }
    }
}
