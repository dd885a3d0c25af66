//! A small JSON-RPC client for the tests: `backlog lsp` as a child process, messages framed
//! with Content-Length, a reader thread, and waits bounded in time (a hung server fails the
//! test instead of hanging it).

use crate::support::TestRepo;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Longest any wait may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications seen and not yet taken.
    pub notes: Vec<Value>,
}

/// The `file://` URI of a path (the tests use plain ASCII paths).
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Reads one framed message; `None` at the end of the stream.
pub fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).unwrap_or_else(|e| panic!("server sent bad JSON: {e}")))
}

impl Client {
    /// Starts `backlog lsp` in `dir` of the repository, without initializing.
    pub fn spawn_in(repo: &TestRepo, dir: &Path) -> Client {
        let mut cmd = repo.spawn_command(&["lsp"]);
        // Every incremental lint is checked against a full one; a difference stops the server.
        cmd.current_dir(dir)
            .env("BACKLOG_LSP_VERIFY", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("spawn backlog lsp: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let stdin = child.stdin.take();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            notes: Vec::new(),
        }
    }

    /// Starts the server and initializes it with these workspace folders.
    pub fn start(repo: &TestRepo, folders: &[&Path]) -> Client {
        let mut client = Client::spawn_in(repo, repo.path());
        let folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({ "uri": uri(f), "name": "ws" }))
            .collect();
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {},
                "workspaceFolders": folders,
                "initializationOptions": { "debounceMs": 20 },
            }),
        );
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        client.notify("initialized", json!({}));
        client
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self
            .stdin
            .as_mut()
            .unwrap_or_else(|| panic!("stdin closed"));
        stdin
            .write_all(bytes)
            .and_then(|_| stdin.flush())
            .unwrap_or_else(|e| panic!("write to the server: {e}"));
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body.as_bytes());
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response_to(&json!(id))
    }

    /// The next message that answers `id`, keeping the notifications on the way.
    pub fn response_to(&mut self, id: &Value) -> Value {
        let end = Instant::now() + PATIENCE;
        loop {
            let message = self.next_message(end);
            if message.get("method").is_some() && message.get("id").is_none() {
                self.notes.push(message);
            } else if message["id"] == *id {
                return message;
            }
        }
    }

    fn next_message(&mut self, end: Instant) -> Value {
        match self
            .incoming
            .recv_timeout(end.saturating_duration_since(Instant::now()))
        {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("the server said nothing for {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its stdout"),
        }
    }

    /// Waits for the first notification of `method` whose params satisfy `wanted` (seen ones
    /// first), and takes it.
    pub fn wait_note(&mut self, method: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let end = Instant::now() + PATIENCE;
        loop {
            self.assert_no_error_shown();
            if let Some(i) = self
                .notes
                .iter()
                .position(|n| n["method"] == method && wanted(&n["params"]))
            {
                return self.notes.remove(i)["params"].take();
            }
            let message = self.next_message(end);
            self.notes.push(message);
        }
    }

    /// The next diagnostics published for `path` that satisfy `wanted`.
    pub fn diagnostics_for(
        &mut self,
        path: &Path,
        wanted: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let target = uri(path);
        let params = self.wait_note("textDocument/publishDiagnostics", |p| {
            p["uri"] == target.as_str() && p["diagnostics"].as_array().is_some_and(|d| wanted(d))
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until nothing more arrives for a moment, keeping what came.
    pub fn settle(&mut self) {
        while let Ok(m) = self.incoming.recv_timeout(Duration::from_millis(400)) {
            self.notes.push(m);
        }
    }

    pub fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(path), "languageId": "markdown", "version": 1, "text": text,
            }}),
        );
    }

    pub fn change(&mut self, path: &Path, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(path), "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// `textDocument/<method>` at a position of a file.
    pub fn at(&mut self, method: &str, path: &Path, line: u32, character: u32) -> Value {
        let mut params = json!({
            "textDocument": { "uri": uri(path) },
            "position": { "line": line, "character": character },
        });
        if method == "references" {
            params["context"] = json!({ "includeDeclaration": false });
        }
        self.request(&format!("textDocument/{method}"), params)
    }

    /// Closes stdin and waits for the exit code.
    pub fn close_stdin(&mut self) -> i32 {
        self.stdin.take();
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> i32 {
        let end = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .unwrap_or_else(|e| panic!("wait: {e}"))
            {
                let code = status
                    .code()
                    .unwrap_or_else(|| panic!("killed: {status:?}"));
                assert_ne!(code, 101, "the server panicked");
                return code;
            }
            assert!(Instant::now() < end, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Fails on an error the server showed (an internal error while linting, such as an
    /// incremental lint that differs from a full one).
    pub fn assert_no_error_shown(&self) {
        let errors: Vec<&Value> = self
            .notes
            .iter()
            .filter(|n| n["method"] == "window/showMessage" && n["params"]["type"] == 1)
            .collect();
        assert!(errors.is_empty(), "the server showed errors: {errors:?}");
    }

    /// `shutdown` then `exit`: the server must answer and exit 0.
    pub fn shutdown(mut self) {
        self.assert_no_error_shown();
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        assert_eq!(self.wait_exit(), 0, "exit after shutdown is exit code 0");
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
