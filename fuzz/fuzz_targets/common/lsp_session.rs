//! A whole `backlog lsp` session from bytes: the real binary as a child process, fed a
//! sequence of messages the bytes choose, then stdin closed. Shared by the `lsp_session` fuzz
//! target and `tests/it/properties/lsp_sessions.rs`.
//!
//! The messages: `initialize` (good, or with params of the wrong type), `initialized`,
//! `shutdown`, document notifications with text and ranges from the bytes (positions past
//! the end included), every feature request at any position (also on files never opened),
//! requests with params of the wrong type, unknown methods, responses, correctly framed
//! bodies that are not JSON-RPC, and a last frame that may be broken: `exit`, a
//! `Content-Length` of 10^12 with a short body, headers without a body, a truncated body.
//!
//! Properties (issue 17 §3; RELIABILITY.md §7 R2):
//! * no panic (none on stderr, even one the server catches), no death by a signal, and the
//!   exit code LSP documents: 1 for `exit` without `shutdown`, else 0;
//! * no hang: the session ends within `PATIENCE` of stdin closing;
//! * memory bounded: the 10^12-byte frame is skipped, not allocated (the child would abort);
//! * every frame the server writes is a JSON-RPC 2.0 message;
//! * every request gets exactly one response with its id, in the order sent: `-32002` before
//!   a successful `initialize`, `-32600` after `shutdown`, `-32602` for params of the wrong
//!   type, `-32601` for unknown methods; every malformed frame gets one `-32700` with a null
//!   id; notifications and responses get no response.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Longest a session may run after its input is written.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// What the server must answer to one frame.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// A response with this id: any result, or an error with this code when given.
    Response(Value, Option<i64>),
    /// A parse error with a null id.
    ParseError,
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let Some((&b, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        b
    }
    fn number(&mut self) -> u64 {
        match self.byte() {
            255 => u64::from(u32::MAX),
            254 => u64::from(self.byte()) * 1000,
            b => u64::from(b % 40),
        }
    }
    fn text(&mut self) -> String {
        let n = usize::from(self.byte()).min(self.0.len());
        let (t, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8_lossy(t).into_owned()
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The session's frames and what each must be answered with. `root` is a backlog directory,
/// `files` the item files in it (relative paths) a document message may name.
fn session(data: &[u8], root: &Path, files: &[&str]) -> (Vec<u8>, Vec<Expect>, bool) {
    let mut input = Bytes(data);
    let mut out = Vec::new();
    let mut expect = Vec::new();
    let root_uri = format!("file://{}", root.display());
    let (mut initialized, mut shut_down) = (false, false);
    let mut next_id = 0u64;
    let mut exit_code_one = false;
    let method_of = |b: u8| {
        [
            "textDocument/completion",
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/references",
            "textDocument/documentSymbol",
            "textDocument/codeAction",
        ][usize::from(b) % 6]
    };
    let mut ops = 0;
    while !input.is_empty() && ops < 40 {
        ops += 1;
        let op = input.byte();
        let file = files[usize::from(input.byte()) % files.len()];
        let doc = format!("{root_uri}/{file}");
        let position = json!({ "line": input.number(), "character": input.number() });
        next_id += 1;
        // Ids alternate between numbers and strings.
        let id = if next_id.is_multiple_of(2) {
            json!(next_id)
        } else {
            json!(format!("r{next_id}"))
        };
        // What a request other than `initialize` gets, given what a working server answers.
        let gate = |code: Option<i64>| match (initialized, shut_down) {
            (false, _) => Some(-32002),
            (true, true) => Some(-32600),
            (true, false) => code,
        };
        let mut request = |method: &str, params: Value, code: Option<i64>| {
            expect.push(Expect::Response(id.clone(), code));
            let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
            frame(msg.to_string().as_bytes())
        };
        let notify = |method: &str, params: Value| {
            frame(
                json!({ "jsonrpc": "2.0", "method": method, "params": params })
                    .to_string()
                    .as_bytes(),
            )
        };
        let bytes = match op % 18 {
            0 => {
                let code = if initialized { Some(-32600) } else { None };
                let params = json!({ "processId": null, "rootUri": root_uri, "capabilities": {},
                    "initializationOptions": { "debounceMs": input.number() } });
                initialized = true;
                request("initialize", params, code)
            }
            1 => {
                // Wrong types: refused, and the server is still not initialized.
                let params = match input.byte() % 3 {
                    0 => json!("x"),
                    1 => json!({ "processId": "one", "capabilities": 5 }),
                    _ => json!({ "rootUri": 5, "capabilities": {}, "workspaceFolders": 7 }),
                };
                let code = if initialized { -32600 } else { -32602 };
                request("initialize", params, Some(code))
            }
            2 => notify("initialized", json!({})),
            3 => {
                let f = request("shutdown", Value::Null, gate(None));
                shut_down |= initialized;
                f
            }
            4 => notify(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": doc, "languageId": "markdown", "version": 1,
                        "text": input.text() } }),
            ),
            5 => notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [
                    { "range": { "start": position,
                                 "end": { "line": input.number(), "character": input.number() } },
                      "text": input.text() } ] }),
            ),
            6 => notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": doc, "version": 3 },
                        "contentChanges": [ { "text": input.text() } ] }),
            ),
            7 => notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": doc } }),
            ),
            8 => notify(
                "textDocument/didSave",
                json!({ "textDocument": { "uri": doc }, "text": input.text() }),
            ),
            9 => notify("workspace/didChangeWatchedFiles", json!({ "changes": [] })),
            10 | 11 => {
                let method = method_of(input.byte());
                let document = json!({ "uri": doc });
                let params = match method {
                    "textDocument/references" => json!({ "textDocument": document,
                        "position": position, "context": { "includeDeclaration": true } }),
                    "textDocument/documentSymbol" => json!({ "textDocument": document }),
                    "textDocument/codeAction" => json!({ "textDocument": document,
                        "range": { "start": position, "end": position },
                        "context": { "diagnostics": [] } }),
                    _ => json!({ "textDocument": document, "position": position }),
                };
                request(method, params, gate(None))
            }
            12 => {
                let method = method_of(input.byte());
                let params = match input.byte() % 3 {
                    0 => json!([1, 2]),
                    1 => json!({ "textDocument": 3, "position": "top" }),
                    _ => json!({ "textDocument": { "uri": 5 } }),
                };
                request(method, params, gate(Some(-32602)))
            }
            13 => request("backlog/nothing", json!({}), gate(Some(-32601))),
            14 => notify("$/cancelRequest", json!({ "id": next_id - 1 })),
            15 => frame(
                json!({ "jsonrpc": "2.0", "id": 99, "result": null })
                    .to_string()
                    .as_bytes(),
            ),
            16 => {
                // A framed body that is not a JSON-RPC message.
                let mut body = input.text().into_bytes();
                if serde_json::from_slice::<lsp_server::Message>(&body).is_ok() {
                    body = b"{\"method\": 1}".to_vec();
                }
                expect.push(Expect::ParseError);
                frame(&body)
            }
            _ => {
                let uri = format!("file:///nowhere/x{}.md", input.number());
                let params = json!({ "textDocument": { "uri": uri }, "position": position });
                request("textDocument/hover", params, gate(None))
            }
        };
        out.extend_from_slice(&bytes);
    }
    match input.byte() % 6 {
        0 => {
            out.extend_from_slice(&frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
            exit_code_one = !shut_down;
        }
        1 => out.extend_from_slice(b"Content-Length: 1000000000000\r\n\r\n{\"jsonrpc\""),
        2 => out.extend_from_slice(b"Content-Length: 40\r\nContent-Type: x\r\n\r\n"),
        3 => out.extend_from_slice(b"Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1"),
        4 => out.extend_from_slice(b"Content-Length: 12"),
        _ => {}
    }
    (out, expect, exit_code_one)
}

/// Reads one frame the server wrote; `None` at the end of its output.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("server output is text") == 0 {
            return None;
        }
        let line = line.trim_end_matches("\r\n");
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(": ").expect("a header line");
        assert_eq!(name, "Content-Length", "{line:?}");
        length = Some(value.parse::<usize>().expect("a length"));
    }
    let mut body = vec![0; length.expect("a Content-Length")];
    reader.read_exact(&mut body).expect("a whole body");
    let value: Value = serde_json::from_slice(&body).expect("a JSON body");
    assert_eq!(value["jsonrpc"], "2.0", "{value}");
    Some(value)
}

/// Runs one session of `binary lsp` on `root` and checks it.
pub fn check(binary: &Path, root: &Path, files: &[&str], data: &[u8]) {
    let (input, expect, exit_code_one) = session(data, root, files);
    let mut child = Command::new(binary)
        .args(["--root"])
        .arg(root)
        .arg("lsp")
        .env("BACKLOG_LSP_VERIFY", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn backlog lsp");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        // The server may stop reading (exit); a broken pipe then is fine.
        let _ = stdin.write_all(&input);
    });
    let mut stderr = child.stderr.take().expect("stderr");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut frames = Vec::new();
        while let Some(frame) = read_frame(&mut reader) {
            frames.push(frame);
        }
        let _ = tx.send(frames);
    });
    let frames = match rx.recv_timeout(PATIENCE) {
        Ok(frames) => frames,
        Err(_) => {
            let _ = child.kill();
            panic!("the server did not finish within {PATIENCE:?} of its input");
        }
    };
    let status = child.wait().expect("wait");
    let _ = writer.join();
    let stderr = errors.join().unwrap_or_default();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_eq!(
        status.code(),
        Some(i32::from(exit_code_one)),
        "status {status:?}, stderr {stderr}"
    );
    let answers: Vec<&Value> = frames
        .iter()
        .filter(|f| f.get("method").is_none())
        .collect();
    assert_eq!(
        answers.len(),
        expect.len(),
        "answers {answers:#?}\nexpected {expect:?}"
    );
    for (answer, expected) in answers.iter().zip(&expect) {
        match expected {
            Expect::ParseError => {
                assert_eq!(answer["id"], Value::Null, "{answer}");
                assert_eq!(answer["error"]["code"], -32700, "{answer}");
            }
            Expect::Response(id, code) => {
                assert_eq!(&answer["id"], id, "{answer}");
                match code {
                    Some(code) => assert_eq!(answer["error"]["code"], *code, "{answer}"),
                    None => assert!(
                        answer.get("result").is_some() && answer.get("error").is_none(),
                        "{answer}"
                    ),
                }
            }
        }
    }
}
