//! Reading one file safely, with each problem turned into a diagnostic.

use super::Item;
use super::sources::{Content, ItemFile, parse_item};
use crate::diagnostic::Diagnostic;
use crate::text::{self, ReadProblem, Source};
use std::path::Path;

/// Reads a file as checked text, or records why it cannot be.
pub fn read(abs: &Path, path: &str, out: &mut Vec<Diagnostic>) -> Option<Source> {
    read_up_to(abs, path, text::MAX_FILE_BYTES, out)
}

/// Reads ranking.txt, which may be larger than an item.
pub fn read_ranking(abs: &Path, path: &str, out: &mut Vec<Diagnostic>) -> Option<Source> {
    read_up_to(abs, path, text::MAX_RANKING_BYTES, out)
}

fn read_up_to(abs: &Path, path: &str, limit: u64, out: &mut Vec<Diagnostic>) -> Option<Source> {
    match read_file(abs, path, limit) {
        Content::Text(source) => Some(source),
        Content::Unreadable(d) => {
            out.push(d);
            None
        }
        Content::Known(_) => None,
    }
}

/// Reads a file of at most `limit` bytes as checked text, or says why it cannot be.
pub(super) fn read_file(abs: &Path, path: &str, limit: u64) -> Content {
    match text::read_checked_up_to(abs, limit) {
        Ok(source) => Content::Text(source),
        Err((problem, bytes)) => Content::Unreadable(read_problem(&problem, &bytes, path)),
    }
}

/// Checks bytes that did not come from the disk the way a read checks a file's (NUL, UTF-8).
pub(super) fn decode(bytes: Vec<u8>, path: &str) -> Content {
    match text::decode(bytes) {
        Ok(source) => Content::Text(source),
        Err((problem, bytes)) => Content::Unreadable(read_problem(&problem, &bytes, path)),
    }
}

pub(super) fn read_problem(problem: &ReadProblem, bytes: &[u8], path: &str) -> Diagnostic {
    let d = Diagnostic::new(problem.code(), path, String::new());
    match problem {
        ReadProblem::Symlink => Diagnostic {
            message: "is a symbolic link; links are never followed".into(),
            ..d
        }
        .help("replace the link with the file itself"),
        ReadProblem::NotRegular => Diagnostic {
            message: "is not a regular file".into(),
            ..d
        }
        .help("item files must be plain files"),
        ReadProblem::TooLarge(len, limit) => Diagnostic {
            message: format!("file is {len} bytes; the limit is {limit}"),
            ..d
        }
        .help("keep items short; link to long documents instead"),
        ReadProblem::Nul(pos) => {
            let (line, col) = text::raw_position(bytes, *pos);
            Diagnostic {
                message: "contains a NUL byte (a binary or UTF-16 file?)".into(),
                ..d
            }
            .at_position(line, col)
            .help("save the file as UTF-8 text")
        }
        ReadProblem::InvalidUtf8(pos) => {
            let (line, col) = text::raw_position(bytes, *pos);
            Diagnostic {
                message: "is not valid UTF-8".into(),
                ..d
            }
            .at_position(line, col)
            .help("save the file as UTF-8 text")
        }
        ReadProblem::Io(e) => Diagnostic {
            message: format!("cannot be read: {e}"),
            ..d
        }
        .help("check the file's permissions"),
    }
}

/// Reads and parses one item file whose ID is already known from its name.
pub fn read_item(id: &str, abs: &Path, path: String, out: &mut Vec<Diagnostic>) -> Item {
    parse_item(read_item_file(id, abs, path), out)
}

/// Reads one item file from the disk and parses it on the same thread; the gathering keeps
/// what the parse found.
pub(super) fn read_item_file(id: &str, abs: &Path, path: String) -> ItemFile {
    ItemFile {
        content: read_file(abs, &path, text::MAX_FILE_BYTES),
        id: id.to_owned(),
        path,
        abs: abs.to_path_buf(),
        parsed: None,
    }
    .parse_now()
}
