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
