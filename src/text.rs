//! Reading user files safely and locating bytes in them.
//!
//! Owns the checks every file goes through before any parser sees it (regular file, size cap,
//! NUL bytes, UTF-8, BOM, merge-conflict markers) and the byte-offset → line:column map.
//! It knows nothing about items, rankings or git.

use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

/// Largest item or config file we read; larger files are reported, never loaded whole.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Largest ranking we read: one line per item, so a backlog of a million items still fits.
pub const MAX_RANKING_BYTES: u64 = 16 * 1024 * 1024;

/// Text of a file, decoded and checked, with the facts a rewrite must preserve.
#[derive(Debug, Clone)]
pub struct Source {
    /// The whole file as read, BOM included, so spans index the real bytes.
    pub text: String,
    /// Byte length of the leading BOM (0 or 3).
    pub bom: usize,
    pub lines: LineIndex,
}

impl Source {
    pub fn new(text: String) -> Self {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let lines = LineIndex::new(&text);
        Source { text, bom, lines }
    }

    /// The text after the BOM.
    pub fn content(&self) -> &str {
        &self.text[self.bom..]
    }
}

/// Why a file could not be turned into text. Each maps to a stable rule code.
#[derive(Debug)]
pub enum ReadProblem {
    /// Symlinks are never followed: a link could point at a secret outside the repository.
    Symlink,
    NotRegular,
    /// The size found and the limit.
    TooLarge(u64, u64),
    /// The byte offset of the first NUL.
    Nul(usize),
    /// The byte offset where valid UTF-8 stops.
    InvalidUtf8(usize),
    Io(std::io::Error),
}

impl ReadProblem {
    pub fn code(&self) -> &'static str {
        match self {
            ReadProblem::Symlink => "PATH010",
            ReadProblem::NotRegular => "FS002",
            ReadProblem::TooLarge(..) => "FS003",
            ReadProblem::Nul(_) => "ENC002",
            ReadProblem::InvalidUtf8(_) => "ENC001",
            ReadProblem::Io(_) => "FS001",
        }
    }
}

/// Reads a file without following symlinks, refusing non-regular files and anything over
/// [`MAX_FILE_BYTES`], and checking it is NUL-free UTF-8. Positions of bad bytes come back as
/// byte offsets together with the raw bytes, so callers can report line:column.
pub fn read_checked(path: &Path) -> Result<Source, (ReadProblem, Vec<u8>)> {
    read_checked_up_to(path, MAX_FILE_BYTES)
}

/// [`read_checked`] with another size limit.
pub fn read_checked_up_to(path: &Path, limit: u64) -> Result<Source, (ReadProblem, Vec<u8>)> {
    let meta = fs::symlink_metadata(path).map_err(|e| (ReadProblem::Io(e), Vec::new()))?;
    if meta.file_type().is_symlink() {
        return Err((ReadProblem::Symlink, Vec::new()));
    }
    if !meta.is_file() {
        return Err((ReadProblem::NotRegular, Vec::new()));
    }
    if meta.len() > limit {
        return Err((ReadProblem::TooLarge(meta.len(), limit), Vec::new()));
    }
    let file = fs::File::open(path).map_err(|e| (ReadProblem::Io(e), Vec::new()))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most one byte past the cap: the file may have grown since the stat.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (ReadProblem::Io(e), Vec::new()))?;
    if bytes.len() as u64 > limit {
        return Err((ReadProblem::TooLarge(bytes.len() as u64, limit), Vec::new()));
    }
    decode(bytes)
}

/// Checks bytes are NUL-free UTF-8 and wraps them as a [`Source`].
pub fn decode(bytes: Vec<u8>) -> Result<Source, (ReadProblem, Vec<u8>)> {
    if bytes.contains(&0) {
        let pos = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err((ReadProblem::Nul(pos), bytes));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(text)),
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            Err((ReadProblem::InvalidUtf8(pos), e.into_bytes()))
        }
    }
}

/// Line and column (both 1-based) of a byte offset in raw bytes that may not be UTF-8.
/// The column counts bytes, which is the honest answer when the text cannot be decoded.
pub fn raw_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, offset - line_start + 1)
}

/// Maps byte offsets to 1-based line and column (columns count characters).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line number of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line(offset);
        let start = self.line_start(line);
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Iterates over lines with their byte ranges, without the line terminator (`\n` or `\r\n`).
pub fn lines_with_ranges(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let rest = &text[start..];
        let (len, next) = match rest.find('\n') {
            Some(i) => (i, start + i + 1),
            None => (rest.len(), text.len()),
        };
        let mut line = &rest[..len];
        if let Some(stripped) = line.strip_suffix('\r') {
            line = stripped;
        }
        let range = start..start + line.len();
        start = next;
        Some((range, line))
    })
}

/// The first unresolved merge conflict in `text`: the byte range of its opening marker line.
/// Only an opening `<<<<<<<` followed later by `=======` and `>>>>>>>` counts, because a lone
/// `=======` line is a legal setext heading underline in Markdown.
pub fn find_conflict(text: &str) -> Option<Range<usize>> {
    // Almost every file has no marker at all: rule that out with one fast substring search.
    if !text.contains("<<<<<<<") {
        return None;
    }
    let mut open: Option<Range<usize>> = None;
    let mut middle = false;
    for (range, line) in lines_with_ranges(text) {
        if line.starts_with("<<<<<<<") {
            if open.is_none() {
                open = Some(range);
                middle = false;
            }
        } else if open.is_some() && line.starts_with("=======") {
            middle = true;
        } else if middle && line.starts_with(">>>>>>>") {
            return open;
        }
    }
    None
}

/// How a file ends its lines; rewrites keep the majority style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEndings {
    Lf,
    CrLf,
    Mixed,
}

pub fn line_endings(text: &str) -> LineEndings {
    if !text.as_bytes().contains(&b'\r') {
        return LineEndings::Lf;
    }
    let total = text.matches('\n').count();
    let crlf = text.matches("\r\n").count();
    match (crlf, total) {
        (0, _) => LineEndings::Lf,
        (c, t) if c == t => LineEndings::CrLf,
        _ => LineEndings::Mixed,
    }
}

/// Characters that make text display differently from what it says (Trojan Source).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The first invisible character of `text` and its byte offset. Every such character is
/// encoded with a lead byte of 0xD8, 0xE2 or 0xEF, so plain bytes are skipped without decoding.
pub fn find_invisible(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .iter()
        .position(|b| matches!(b, 0xD8 | 0xE2 | 0xEF))
    {
        let at = from + i;
        if let Some(c) = text[at..].chars().next()
            && is_invisible(c)
        {
            return Some((at, c));
        }
        from = at + 1;
    }
    None
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        // 'd' follows a two-byte 'ç': column 2, not 3.
        assert_eq!(idx.position(text, 5), (2, 2));
        assert_eq!(idx.position(text, text.len()), (3, 2));
    }

    #[test]
    fn lines_strip_crlf() {
        let got: Vec<_> = lines_with_ranges("a\r\nb\nc").map(|(_, l)| l).collect();
        assert_eq!(got, ["a", "b", "c"]);
    }

    #[test]
    fn conflict_needs_all_three_markers() {
        assert!(find_conflict("Title\n=======\n").is_none());
        assert!(find_conflict("<<<<<<< HEAD\na\n").is_none());
        let text = "x\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n";
        assert_eq!(find_conflict(text), Some(2..14));
    }

    #[test]
    fn decode_reports_nul_and_bad_utf8_offsets() {
        assert!(matches!(
            decode(b"ab\0".to_vec()),
            Err((ReadProblem::Nul(2), _))
        ));
        assert!(matches!(
            decode(b"ok\n\xff".to_vec()),
            Err((ReadProblem::InvalidUtf8(3), _))
        ));
        assert_eq!(raw_position(b"ok\n\xff", 3), (2, 1));
    }

    #[test]
    fn invisible_characters_are_found_by_lead_byte() {
        assert_eq!(find_invisible("plain ascii"), None);
        assert_eq!(find_invisible("é ü → ok"), None);
        assert_eq!(find_invisible("ab\u{202E}c"), Some((2, '\u{202E}')));
        assert_eq!(find_invisible("\u{061C}"), Some((0, '\u{061C}')));
        assert_eq!(find_invisible("x\u{FEFF}"), Some((1, '\u{FEFF}')));
    }

    #[test]
    fn line_endings_are_classified() {
        assert_eq!(line_endings("a\nb\n"), LineEndings::Lf);
        assert_eq!(line_endings("a\r\nb\r\n"), LineEndings::CrLf);
        assert_eq!(line_endings("a\r\nb\n"), LineEndings::Mixed);
    }
}

/// A file-name slug of `title`: `-` and its words, lower case, at most `max` bytes; empty for a
/// title without letters or digits.
///
/// Latin letters become ASCII (`ä` → `ae`, `ß` → `ss`, `é` → `e`), so the common case stays
/// easy to type, grep and put in a URL; letters of other scripts (Japanese, Cyrillic, Greek)
/// are kept, in NFC, since there is no faithful ASCII for them. NFC is what git stores and
/// what git for macOS hands back (`core.precomposeunicode`), whatever the title's form.
pub fn slug(title: &str, max: usize) -> String {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd();
    let mut latin = String::new();
    for c in nfc.normalize(title).chars() {
        match latin_ascii(c) {
            Some(ascii) => latin.push_str(ascii),
            None => latin.push(c),
        }
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in nfd.normalize(&latin).chars() {
        let mark = is_combining(c);
        if c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric()) {
            word.extend(c.to_lowercase());
        } else if mark && word.chars().last().is_some_and(|p| !p.is_ascii()) {
            word.push(c);
        } else if !mark && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    words.push(word);
    let mut slug = String::new();
    for word in words
        .iter()
        .map(|w| nfc.normalize(w))
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > max {
            if slug.is_empty() {
                slug.push('-');
                let room = max.saturating_sub(1);
                slug.extend(word.chars().scan(0, |used, c| {
                    *used += c.len_utf8();
                    (*used <= room).then_some(c)
                }));
            }
            break;
        }
        slug.push('-');
        slug.push_str(&word);
    }
    if slug == "-" { String::new() } else { slug }
}

/// A combining mark of the kinds NFD splits off letters (Latin accents, kana voicing marks).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// Latin letters whose ASCII spelling is more than their base letter.
fn latin_ascii(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' | 'æ' => "ae",
        'Ä' | 'Æ' => "Ae",
        'ö' | 'œ' => "oe",
        'Ö' | 'Œ' => "Oe",
        'ü' => "ue",
        'Ü' => "Ue",
        'ß' | 'ẞ' => "ss",
        'ø' => "o",
        'Ø' => "O",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'ł' => "l",
        'Ł' => "L",
        'þ' => "th",
        'Þ' => "Th",
        'ı' => "i",
        _ => return None,
    })
}

#[cfg(test)]
mod slug_tests {
    use super::slug;

    #[test]
    fn latin_becomes_ascii_and_other_scripts_stay() {
        assert_eq!(slug("Größe ändern", 60), "-groesse-aendern");
        assert_eq!(slug("Crème brûlée", 60), "-creme-brulee");
        assert_eq!(slug("Cre\u{300}me", 60), "-creme");
        assert_eq!(slug("ユーザー登録", 60), "-ユーザー登録");
        assert_eq!(slug("か\u{3099}いこく", 60), "-がいこく");
        assert_eq!(slug("Отчёт за май", 60), "-отчёт-за-май");
        assert_eq!(slug("../../etc/passwd", 60), "-etc-passwd");
        assert_eq!(slug("!!!", 60), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_character() {
        let s = slug(&"登録".repeat(40), 60);
        assert!(s.len() <= 60 && s.len() > 50, "{s}");
        assert!(slug(&"word ".repeat(100), 60).len() <= 60);
    }
}
