//! Findings about the user's files, as plain data.
//!
//! A `Diagnostic` is a value, never an error: rules produce them, renderers print them. Nothing
//! here formats for a terminal or knows which rule made it beyond its code.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding in one file. `line` and `column` are 1-based; `span` indexes the file's bytes
/// (BOM included) so a renderer can draw the source around it.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub rule: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

/// Longest message kept: a message quoting a 900 KB value must not flood a log.
const MAX_MESSAGE: usize = 400;

fn bounded(mut message: String) -> String {
    if message.len() > MAX_MESSAGE {
        let mut cut = MAX_MESSAGE;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
        message.push('…');
    }
    message
}

impl Diagnostic {
    /// A finding with the rule's default severity; `lint` applies the team's overrides later.
    pub fn new(rule: &'static str, path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line: 1,
            column: 1,
            severity: default_severity(rule),
            rule,
            message: bounded(message.into()),
            help: None,
            span: None,
        }
    }

    /// Places the finding at a byte span of `source`.
    pub fn at(mut self, source: &crate::text::Source, span: Range<usize>) -> Self {
        let (line, column) = source.lines.position(&source.text, span.start);
        self.line = line;
        self.column = column;
        self.span = Some(span);
        self
    }

    /// Places the finding at a line and column when there is no source text to point into.
    pub fn at_position(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sort key: by path, then position, then rule, so output is deterministic.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, self.rule)
    }
}

/// The default severity of a rule, used until the team's levels are applied.
pub fn default_severity(code: &str) -> Severity {
    match crate::rules::find_rule(code).map(|r| r.level) {
        Some(crate::rules::Level::Warning) => Severity::Warning,
        _ => Severity::Error,
    }
}
