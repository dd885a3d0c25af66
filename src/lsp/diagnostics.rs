//! Lint's findings as LSP diagnostics: the same code, severity and message, at the range
//! whose start is the character lint's line:column names.

use super::position;
use super::state::Root;
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{DiagnosticSeverity, NumberOrString, Position, Range};

pub fn to_lsp(root: &Root, d: &Diagnostic) -> lsp_types::Diagnostic {
    let range = match root.source(&d.path) {
        Some(source) => {
            let start = position::at_line_column(source, d.line, d.column);
            let end = d
                .span
                .as_ref()
                .map(|s| position::at_offset(source, s.end))
                .filter(|end| *end >= start)
                .unwrap_or(start);
            Range::new(start, end)
        }
        None => {
            let at = Position::new(
                d.line.saturating_sub(1) as u32,
                d.column.saturating_sub(1) as u32,
            );
            Range::new(at, at)
        }
    };
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.to_owned())),
        code_description: None,
        source: Some("backlog".to_owned()),
        message: d.message.clone(),
        related_information: None,
        tags: None,
        data: d.help.as_ref().map(|h| serde_json::json!({ "help": h })),
    }
}

/// The LSP diagnostics of one file.
pub fn of_file(root: &Root, display: &str) -> Vec<lsp_types::Diagnostic> {
    root.findings
        .get(display)
        .map(|list| list.iter().map(|d| to_lsp(root, d)).collect())
        .unwrap_or_default()
}
