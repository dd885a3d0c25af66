//! Code actions: the quick fixes of `crate::fix` for the findings in the requested range, as
//! workspace edits on the text the server holds (the buffer when the file is open).

use super::requests::target;
use super::state::Root;
use super::{diagnostics, position, uri};
use crate::fix;
use lsp_types::{CodeAction, CodeActionKind, CodeActionParams, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

pub fn code_actions(roots: &[Root], params: &CodeActionParams) -> Vec<CodeAction> {
    let Some(t) = target(roots, &params.text_document.uri) else {
        return Vec::new();
    };
    let Some(findings) = t.root.findings.get(&t.display) else {
        return Vec::new();
    };
    let Some(source) = t.root.source(&t.display) else {
        return Vec::new();
    };
    let range = params.range;
    let wanted: Vec<_> = findings
        .iter()
        .filter(|d| {
            let lsp = diagnostics::to_lsp(t.root, d);
            lsp.range.start.line <= range.end.line && lsp.range.end.line >= range.start.line
        })
        .cloned()
        .collect();
    let backlog = &t.root.backlog;
    let templates = |kind: &str| fix::template_for(backlog, kind);
    let document = params.text_document.uri.clone();
    fix::plan(backlog, &wanted, &templates)
        .into_iter()
        .filter(|f| f.path == t.display)
        .filter_map(|f| {
            let d = wanted
                .iter()
                .find(|d| d.rule == f.rule && d.line == f.line && d.column == f.column)?;
            let edit = TextEdit {
                range: position::range(source, f.edit.range.clone()),
                new_text: f.edit.replacement.clone(),
            };
            let uri = if uri::to_path(&document).is_some() {
                document.clone()
            } else {
                uri::from_path(&f.abs)?
            };
            Some(CodeAction {
                title: f.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostics::to_lsp(t.root, d)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri, vec![edit])])),
                    ..Default::default()
                }),
                is_preferred: Some(true),
                ..Default::default()
            })
        })
        .collect()
}
