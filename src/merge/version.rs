//! One side's text: its lines, whether it is a mergeable ranking, and its BOM and line endings.

use crate::ranking::Ranking;
use crate::text::Source;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Eol {
    Lf,
    CrLf,
}

impl Eol {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::CrLf => "\r\n",
        }
    }
}

/// One of the three texts, split into lines, with the file-level facts a rewrite keeps.
pub(super) struct Version<'a> {
    pub(super) raw: &'a str,
    pub(super) bom: bool,
    /// `None` when the text has no line break at all.
    pub(super) eol: Option<Eol>,
    pub(super) final_newline: bool,
    /// Lines without their terminators; the BOM is not part of the first.
    pub(super) lines: Vec<&'a str>,
}

impl<'a> Version<'a> {
    /// `None` when the text is not a well-formed ranking: conflict markers, a malformed line
    /// or an ID listed twice.
    pub(super) fn parse(raw: &'a str) -> Option<Self> {
        let mut problems = Vec::new();
        let ranking = Ranking::parse(Source::new(raw.to_owned()), "ranking.txt", &mut problems);
        let mut seen = HashSet::new();
        let unique = ranking
            .entries
            .iter()
            .all(|e| seen.insert(e.id.to_ascii_lowercase()));
        (problems.is_empty() && ranking.conflict.is_none() && unique).then(|| Self::split(raw))
    }

    pub(super) fn split(raw: &'a str) -> Self {
        let (bom, body) = match raw.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let breaks = body.matches('\n').count();
        let crlf = body.matches("\r\n").count();
        let eol = (breaks > 0).then_some(if crlf * 2 > breaks {
            Eol::CrLf
        } else {
            Eol::Lf
        });
        let mut lines = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            match rest.split_once('\n') {
                Some((line, tail)) => {
                    lines.push(line.strip_suffix('\r').unwrap_or(line));
                    rest = tail;
                }
                None => {
                    lines.push(rest);
                    rest = "";
                }
            }
        }
        Version {
            raw,
            bom,
            eol,
            final_newline: body.ends_with('\n'),
            lines,
        }
    }
}
