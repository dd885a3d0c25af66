//! Item IDs (`PREFIX-NUMBER`) and the file names that carry them. The bottom of the house:
//! ranking.txt, backlog.toml and item files all check IDs the same way, so none depends on
//! another for it.

/// The item ID a file name starts with (`MS-12-any-slug.md` → `MS-12`), if it has one.
pub fn id_from_file_name(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".md")?;
    let dash = stem.find('-')?;
    let digits_end = stem[dash + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(stem.len(), |i| dash + 1 + i);
    let id = &stem[..digits_end];
    let rest = &stem[digits_end..];
    (is_valid_id(id) && (rest.is_empty() || rest.starts_with('-'))).then_some(id)
}

/// `PREFIX-NUMBER`: a letter, then up to nine letters or digits, a dash, and a number without a
/// leading zero. Checked before an ID ever becomes part of a path.
pub fn is_valid_id(id: &str) -> bool {
    let Some((prefix, number)) = id.split_once('-') else {
        return false;
    };
    is_valid_prefix(prefix)
        && (1..=9).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && !number.starts_with('0')
}

pub fn is_valid_prefix(prefix: &str) -> bool {
    let bytes = prefix.as_bytes();
    (1..=10).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric())
}

/// The number part of a valid ID.
pub fn id_number(id: &str) -> Option<u64> {
    id.split_once('-')?.1.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_file_names() {
        assert_eq!(id_from_file_name("MS-12-view-teams.md"), Some("MS-12"));
        assert_eq!(id_from_file_name("MS-12.md"), Some("MS-12"));
        assert_eq!(id_from_file_name("ms-3-x.md"), Some("ms-3"));
        assert_eq!(id_from_file_name("MS-012-x.md"), None);
        assert_eq!(id_from_file_name("MS-12x.md"), None);
        assert_eq!(id_from_file_name("notes.md"), None);
        assert_eq!(id_from_file_name("MS-12.txt"), None);
        assert!(!is_valid_id("../x-1"));
        assert!(!is_valid_id("MS-1/2"));
    }
}
