//! What the server answers: its capabilities, and the feature requests dispatched to
//! `complete`, `navigate` and `actions`, for the file a request names.

use super::state::Root;
use super::{actions, complete, navigate, uri};
use lsp_server::ErrorCode;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, OneOf, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A request's answer: its result, or an LSP error.
pub(super) type Answer = std::result::Result<Value, (ErrorCode, String)>;

pub(super) fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "-".into(), " ".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// The path with its directory resolved (the file itself may not exist yet).
pub(super) fn canonical(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| path.to_path_buf(), |d| d.join(name)),
        _ => path.to_path_buf(),
    }
}

/// Where a document request points: its backlog, the file relative to it, and the file's
/// display path.
pub(super) struct Target<'a> {
    pub root: &'a Root,
    pub rel: String,
    pub display: String,
}

pub(super) fn target<'a>(roots: &'a [Root], uri: &Uri) -> Option<Target<'a>> {
    let path = canonical(&uri::to_path(uri)?);
    let root = roots.iter().find(|r| r.relative(&path).is_some())?;
    let rel = root.relative(&path)?;
    Some(Target {
        display: root.display(&rel),
        root,
        rel,
    })
}

/// Answers a feature request. A file outside every backlog gets an empty answer.
pub(super) fn feature(
    roots: &[Root],
    uris: &HashMap<PathBuf, Uri>,
    method: &str,
    params: Value,
) -> Answer {
    fn parse<T: serde::de::DeserializeOwned>(
        params: Value,
    ) -> std::result::Result<T, (ErrorCode, String)> {
        serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, format!("bad params: {e}")))
    }
    let value = |v: std::result::Result<Value, serde_json::Error>| {
        v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
    };
    let link = |abs: &Path| uris.get(abs).cloned().or_else(|| uri::from_path(abs));
    match method {
        "textDocument/completion" => {
            let p: lsp_types::CompletionParams = parse(params)?;
            let items = complete::completion(roots, &p.text_document_position);
            value(serde_json::to_value(items))
        }
        "textDocument/hover" => {
            let p: lsp_types::HoverParams = parse(params)?;
            value(serde_json::to_value(navigate::hover(
                roots,
                &p.text_document_position_params,
            )))
        }
        "textDocument/definition" => {
            let p: lsp_types::GotoDefinitionParams = parse(params)?;
            let found = navigate::definition(roots, &p.text_document_position_params, &link);
            value(serde_json::to_value(found))
        }
        "textDocument/references" => {
            let p: lsp_types::ReferenceParams = parse(params)?;
            let found = navigate::references(roots, &p, &link);
            value(serde_json::to_value(found))
        }
        "textDocument/documentSymbol" => {
            let p: lsp_types::DocumentSymbolParams = parse(params)?;
            value(serde_json::to_value(navigate::symbols(
                roots,
                &p.text_document.uri,
            )))
        }
        "textDocument/codeAction" => {
            let p: lsp_types::CodeActionParams = parse(params)?;
            value(serde_json::to_value(actions::code_actions(roots, &p)))
        }
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("unknown method `{}`", crate::sanitize::line(method)),
        )),
    }
}
