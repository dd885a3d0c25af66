//! The server loop: the lifecycle (initialize, shutdown, exit, stdin closing), the document
//! notifications, the debounce, and the dispatch of requests to the features.

use super::requests::{Answer, canonical, feature};
use super::state::Root;
use super::transport::{self, Incoming, Writer};
use super::{diagnostics, uri};
use crate::load::Location;
use anyhow::Result;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{InitializeParams, ServerInfo, Uri};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// Serves until `exit` or until stdin closes. `Ok(true)` when the client asked to shut down
/// first or closed stdin (exit code 0), `Ok(false)` on `exit` without `shutdown` (exit code 1,
/// as LSP says).
pub fn serve(cwd: PathBuf, root: Option<PathBuf>) -> Result<bool> {
    let incoming = transport::spawn_reader();
    let mut server = Server {
        out: Writer::stdout(),
        cwd,
        explicit: root,
        roots: Vec::new(),
        uris: HashMap::new(),
        state: Lifecycle::Starting,
        debounce: Duration::from_millis(super::DEBOUNCE_MS),
        deadline: None,
    };
    loop {
        let next = match server.deadline {
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                match incoming.recv_timeout(wait) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        server.flush()?;
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => Incoming::Closed,
                }
            }
            None => incoming.recv().unwrap_or(Incoming::Closed),
        };
        match next {
            // The client is gone: nothing more to say to it, and nothing went wrong here.
            Incoming::Closed => return Ok(true),
            Incoming::Malformed(why) => server.out.parse_error(&why)?,
            Incoming::Message(Message::Notification(n)) if n.method == "exit" => {
                return Ok(server.state == Lifecycle::ShutDown);
            }
            Incoming::Message(Message::Notification(n)) => server.notification(n)?,
            Incoming::Message(Message::Request(r)) => server.request(r)?,
            // We send no requests, so a response answers nothing.
            Incoming::Message(Message::Response(_)) => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifecycle {
    Starting,
    Running,
    ShutDown,
}

struct Server {
    out: Writer,
    cwd: PathBuf,
    /// `backlog --root DIR lsp`: a backlog served from the start.
    explicit: Option<PathBuf>,
    roots: Vec<Root>,
    /// The URI the client used for each open file (by canonical path), to publish under it.
    uris: HashMap<PathBuf, Uri>,
    state: Lifecycle,
    debounce: Duration,
    /// When the pending changes are linted.
    deadline: Option<Instant>,
}

impl Server {
    fn request(&mut self, request: Request) -> Result<()> {
        let id = request.id.clone();
        let answer = match (self.state, request.method.as_str()) {
            (Lifecycle::Starting, "initialize") => self.initialize(request.params),
            (Lifecycle::Starting, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".into(),
            )),
            (Lifecycle::ShutDown, _) => Err((
                ErrorCode::InvalidRequest,
                "the server is shut down; only `exit` is accepted".into(),
            )),
            (Lifecycle::Running, "initialize") => Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".into(),
            )),
            (Lifecycle::Running, "shutdown") => {
                self.state = Lifecycle::ShutDown;
                Ok(Value::Null)
            }
            (Lifecycle::Running, method) => {
                // Answers reflect every change so far.
                if self.deadline.is_some() {
                    self.flush()?;
                }
                let method = method.to_owned();
                let params = request.params;
                let roots = &self.roots;
                let uris = &self.uris;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    feature(roots, uris, &method, params)
                }))
                .unwrap_or_else(|_| {
                    Err((
                        ErrorCode::InternalError,
                        format!("internal error while answering {method}"),
                    ))
                })
            }
        };
        self.respond(id, answer)
    }

    fn respond(&mut self, id: RequestId, answer: Answer) -> Result<()> {
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.out.send(Message::Response(response))?;
        Ok(())
    }

    fn initialize(&mut self, params: Value) -> Answer {
        let params: InitializeParams = serde_json::from_value(params).map_err(|e| {
            (
                ErrorCode::InvalidParams,
                format!("bad initialize params: {e}"),
            )
        })?;
        if let Some(ms) = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(Value::as_u64)
        {
            self.debounce = Duration::from_millis(ms.min(10_000));
        }
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri::to_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(uri::to_path)
        {
            folders.push(root);
        }
        if let Some(explicit) = &self.explicit
            && let Ok(location) = Location::find(&self.cwd, Some(explicit))
        {
            self.add_root(location);
        }
        for folder in folders {
            if let Ok(location) = Location::find(&folder, None) {
                self.add_root(location);
            }
        }
        self.state = Lifecycle::Running;
        let capabilities = super::requests::capabilities();
        let result = lsp_types::InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "backlog".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    fn add_root(&mut self, location: Location) -> Option<usize> {
        if let Some(i) = self
            .roots
            .iter()
            .position(|r| r.location.root == location.root)
        {
            return Some(i);
        }
        // Linted (and published) at the next flush: after `initialized`, or at once for a
        // backlog found through an opened file.
        match Root::open(location) {
            Ok(root) => {
                self.roots.push(root);
                Some(self.roots.len() - 1)
            }
            Err(e) => {
                let _ = self.show(lsp_types::MessageType::WARNING, &format!("backlog: {e:#}"));
                None
            }
        }
    }

    fn notification(&mut self, n: Notification) -> Result<()> {
        if self.state != Lifecycle::Running {
            return Ok(());
        }
        let params = n.params;
        let doc_uri = || -> Option<Uri> {
            let text = params.get("textDocument")?.get("uri")?.as_str()?;
            text.parse().ok()
        };
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = params
                    .pointer("/textDocument/text")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if let (Some(uri), Some(text)) = (doc_uri(), text) {
                    self.set_buffer(&uri, Some(text));
                    self.flush()?;
                }
            }
            "textDocument/didChange" => {
                let changes = params.get("contentChanges").and_then(Value::as_array);
                if let (Some(uri), Some(changes)) = (doc_uri(), changes) {
                    let text = self.changed_text(&uri, changes);
                    if let Some(text) = text {
                        self.set_buffer(&uri, Some(text));
                        self.deadline = Some(Instant::now() + self.debounce);
                    }
                }
            }
            "textDocument/didSave" => {
                if let Some(uri) = doc_uri() {
                    if let Some(text) = params.get("text").and_then(Value::as_str) {
                        self.set_buffer(&uri, Some(text.to_owned()));
                    }
                    self.flush()?;
                }
            }
            "textDocument/didClose" => {
                if let Some(uri) = doc_uri() {
                    self.set_buffer(&uri, None);
                    self.flush()?;
                }
            }
            "workspace/didChangeWatchedFiles" => {
                for root in &mut self.roots {
                    let _ = root.reload();
                }
                self.flush()?;
            }
            "workspace/didChangeWorkspaceFolders" => {
                let added: Vec<PathBuf> = params
                    .pointer("/event/added")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f.get("uri")?.as_str()?.parse::<Uri>().ok())
                    .filter_map(|u| uri::to_path(&u))
                    .collect();
                for folder in added {
                    if let Ok(location) = Location::find(&folder, None) {
                        self.add_root(location);
                    }
                }
            }
            "initialized" => self.flush()?,
            // $/cancelRequest, $/setTrace and anything unknown: nothing to do.
            _ => {}
        }
        Ok(())
    }

    /// The buffer's text after `changes`: full replacements, or ranged edits applied in order.
    fn changed_text(&self, uri: &Uri, changes: &[Value]) -> Option<String> {
        let mut text = self.buffer_text(uri);
        for change in changes {
            let new = change.get("text")?.as_str()?;
            match change.get("range") {
                None | Some(Value::Null) => text = Some(new.to_owned()),
                Some(range) => {
                    let range: lsp_types::Range = serde_json::from_value(range.clone()).ok()?;
                    let current = crate::text::Source::new(text.take()?);
                    let start = super::position::to_offset(&current, range.start);
                    let end = super::position::to_offset(&current, range.end).max(start);
                    let mut s = current.text;
                    s.replace_range(start..end, new);
                    text = Some(s);
                }
            }
        }
        text
    }

    fn buffer_text(&self, uri: &Uri) -> Option<String> {
        let path = canonical(&uri::to_path(uri)?);
        let root = self.roots.iter().find(|r| r.relative(&path).is_some())?;
        root.buffers.get(&root.relative(&path)?).cloned()
    }

    /// Lays a buffer over its file (or takes it away); a file of no backlog is ignored.
    fn set_buffer(&mut self, uri: &Uri, text: Option<String>) {
        let Some(path) = uri::to_path(uri).map(|p| canonical(&p)) else {
            return;
        };
        let index = match self.roots.iter().position(|r| r.relative(&path).is_some()) {
            Some(i) => Some(i),
            None if text.is_some() => path
                .parent()
                .and_then(|dir| Location::find(dir, None).ok())
                .filter(|l| path.starts_with(&l.root))
                .and_then(|l| self.add_root(l))
                .filter(|&i| self.roots[i].relative(&path).is_some()),
            None => None,
        };
        let Some(index) = index else {
            return;
        };
        let Some(rel) = self.roots[index].relative(&path) else {
            return;
        };
        match &text {
            Some(_) => self.uris.insert(path.clone(), uri.clone()),
            None => self.uris.remove(&path),
        };
        self.roots[index].set_buffer(&rel, text);
        if self.roots[index].too_large.contains(&rel) {
            let _ = self.show(
                lsp_types::MessageType::WARNING,
                &format!(
                    "backlog: {} is too large to check; its findings are not shown",
                    path.display()
                ),
            );
        }
    }

    /// Lints the backlogs with pending changes and publishes what changed.
    fn flush(&mut self) -> Result<()> {
        self.deadline = None;
        for i in 0..self.roots.len() {
            if self.roots[i].is_pending() {
                let root = &mut self.roots[i];
                let linted =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| root.relint()));
                match linted {
                    Ok(paths) => self.publish(i, &paths)?,
                    Err(_) => {
                        // Whatever the lint left half done is read again from the start.
                        let _ = self.roots[i].reload();
                        self.show(
                        lsp_types::MessageType::ERROR,
                        "backlog: internal error while linting; the diagnostics shown may be out of date",
                    )?
                    }
                }
            }
        }
        Ok(())
    }

    fn publish(&mut self, index: usize, paths: &[String]) -> Result<()> {
        for path in paths {
            let root = &self.roots[index];
            let abs = root.absolute(path);
            let Some(uri) = self
                .uris
                .get(&abs)
                .cloned()
                .or_else(|| uri::from_path(&abs))
            else {
                continue;
            };
            let params = lsp_types::PublishDiagnosticsParams {
                uri,
                diagnostics: diagnostics::of_file(root, path),
                version: None,
            };
            self.out.send(Message::Notification(Notification::new(
                "textDocument/publishDiagnostics".into(),
                params,
            )))?;
        }
        Ok(())
    }

    fn show(&mut self, kind: lsp_types::MessageType, message: &str) -> Result<()> {
        let params = lsp_types::ShowMessageParams {
            typ: kind,
            message: message.to_owned(),
        };
        self.out.send(Message::Notification(Notification::new(
            "window/showMessage".into(),
            params,
        )))?;
        Ok(())
    }
}
