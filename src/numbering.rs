//! Item IDs and file names for new and renumbered items: the next free number (free in the
//! work tree, on every local and remote-tracking branch, and in the ranking) and the slug a
//! title gives the file name. Reads names only; never writes.

use crate::config::Config;
use crate::git;
use crate::load::{self, Location};
use anyhow::Result;

/// The highest number an ID may carry (nine digits, as `id::is_valid_id` reads them).
pub const MAX_NUMBER: u64 = 999_999_999;

/// The next free ID with the backlog's prefix, such as `MS-15`. When the highest number in
/// use is already [`MAX_NUMBER`], there is none to give: a refusal (exit 1), never an ID the
/// ID rule rejects.
pub fn next_id(location: &Location, config: &Config, repo: Option<&git::Repo>) -> Result<String> {
    let next = next_number(location, config, repo)?;
    if next > MAX_NUMBER {
        return Err(crate::store::Refused(format!(
            "no free ID with the prefix {prefix}: {prefix}-{MAX_NUMBER} is taken (in items/, ranking.txt or on a branch) and IDs have at most nine digits; nothing was changed\nhint: give the ID yourself (`backlog renumber OLD NEW`) or change `prefix` in backlog.toml",
            prefix = crate::sanitize::line(&config.prefix)
        ))
        .into());
    }
    Ok(format!("{}-{next}", config.prefix))
}

/// One more than the highest number used with this prefix anywhere we can see (more than
/// [`MAX_NUMBER`] when that is taken).
pub fn next_number(location: &Location, config: &Config, repo: Option<&git::Repo>) -> Result<u64> {
    let prefix = config.prefix.to_ascii_lowercase();
    let mut highest = 0;
    let mut consider = |id: &str| {
        if let Some((p, _)) = id.split_once('-')
            && p.eq_ignore_ascii_case(&prefix)
            && let Some(n) = crate::id::id_number(id)
        {
            highest = highest.max(n);
        }
    };
    for id in load::index(location)?.keys() {
        consider(id);
    }
    if let Ok(text) = std::fs::read_to_string(location.ranking_path()) {
        for line in text.lines() {
            let token = line.split('#').next().unwrap_or("").trim();
            if crate::id::is_valid_id(token) {
                consider(token);
            }
        }
    }
    if let Some(repo) = repo
        && let Some(top) = repo.workdir()
        && let Ok(top) = top.canonicalize()
        && let Ok(rel) = location.items_dir().strip_prefix(&top)
    {
        let rel = rel.to_string_lossy().replace('\\', "/");
        for name in repo.names_on_branches(&rel)? {
            if let Some(id) = crate::id::id_from_file_name(&name) {
                consider(id);
            }
        }
    }
    Ok(highest + 1)
}

/// The file name of a new item: its ID and the slug of its title.
pub fn file_name(id: &str, title: &str) -> String {
    format!("{id}{}.md", slug(title))
}

/// The file name `name` (whose ID is `old_len` bytes long) takes with the ID `new`: the slug
/// and extension stay.
pub fn renamed(name: &str, old_len: usize, new: &str) -> String {
    format!("{new}{}", &name[old_len..])
}

/// `-` and the title's words (Latin letters in ASCII, other scripts kept), at most 60 bytes;
/// empty for titles with none. See `text::slug`.
pub fn slug(title: &str) -> String {
    crate::text::slug(title, 60)
}

#[cfg(test)]
mod tests {
    use super::{file_name, renamed, slug};

    #[test]
    fn slugs() {
        assert_eq!(
            slug("View all teams in a league"),
            "-view-all-teams-in-a-league"
        );
        assert_eq!(slug("../../etc/passwd"), "-etc-passwd");
        assert_eq!(slug("Ünïcödé only"), "-uenicoede-only");
        assert_eq!(slug("日本"), "-日本");
        assert!(slug(&"word ".repeat(100)).len() <= 60);
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("MS-3", "Fix it!"), "MS-3-fix-it.md");
        assert_eq!(file_name("MS-4", "日本"), "MS-4-日本.md");
        assert_eq!(file_name("MS-5", "!!!"), "MS-5.md");
        assert_eq!(renamed("ms-3-fix-it.md", 4, "MS-14"), "MS-14-fix-it.md");
    }
}
