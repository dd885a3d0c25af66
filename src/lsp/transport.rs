//! JSON-RPC over stdio with `Content-Length` framing: a reader thread and a framed writer.
//!
//! This is the one place outside `render` that writes stdout: the protocol owns stdout for as
//! long as the server runs (ARCHITECTURE.md, "Who writes, who prints"). The reader is ours
//! rather than lsp-server's so that a malformed message gets a JSON-RPC parse error back
//! (and the server keeps serving) instead of ending the connection.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc;

/// Largest message body read; a larger one is skipped unread and reported.
pub const MAX_MESSAGE_BYTES: usize = 128 * 1024 * 1024;

/// Longest header line read; the rest of a longer one is skipped unread and reported, so a
/// line that never ends cannot fill the memory.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// What the reader hands the server.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message; the text says why.
    Malformed(String),
    /// stdin closed (or broke): the client is gone.
    Closed,
}

/// Starts the reader thread on stdin.
pub fn spawn_reader() -> mpsc::Receiver<Incoming> {
    let (tx, rx) = mpsc::sync_channel(64);
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        loop {
            let incoming = read_one(&mut input);
            let closed = matches!(incoming, Incoming::Closed);
            let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
            if tx.send(incoming).is_err() || closed || exit {
                return;
            }
        }
    });
    rx
}

/// Reads one framed message.
pub fn read_one(input: &mut impl BufRead) -> Incoming {
    let mut length: Option<usize> = None;
    let mut header = Vec::new();
    loop {
        header.clear();
        match input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut header)
        {
            Ok(0) | Err(_) => return Incoming::Closed,
            Ok(_) => {}
        }
        if header.len() as u64 == MAX_HEADER_LINE && header.last() != Some(&b'\n') {
            return skip_line(input).map_or(Incoming::Closed, |()| {
                Incoming::Malformed(format!("a header line longer than {MAX_HEADER_LINE} bytes"))
            });
        }
        // A header that is not text: the stream is not ours to read on.
        let Ok(header) = std::str::from_utf8(&header) else {
            return Incoming::Closed;
        };
        let line = header.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Incoming::Malformed(format!("malformed header line {:?}", clip(line)));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => {
                    return Incoming::Malformed(format!(
                        "bad Content-Length {:?}",
                        clip(value.trim())
                    ));
                }
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > MAX_MESSAGE_BYTES {
        // Skip the body without holding it.
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink());
        if skipped.map_or(true, |n| n < length as u64) {
            return Incoming::Closed;
        }
        return Incoming::Malformed(format!(
            "a message of {length} bytes is over the limit of {MAX_MESSAGE_BYTES}"
        ));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Incoming::Closed;
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }
}

/// Consumes input up to and including the next `\n` without keeping it; `None` if the input
/// ends first.
fn skip_line(input: &mut impl BufRead) -> Option<()> {
    loop {
        let buf = input.fill_buf().ok()?;
        if buf.is_empty() {
            return None;
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Some(());
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

/// Writes framed messages to stdout.
pub struct Writer {
    out: io::Stdout,
}

impl Writer {
    pub fn stdout() -> Writer {
        Writer { out: io::stdout() }
    }

    /// Sends a message; text from the user's files is made inert as for any JSON output.
    pub fn send(&mut self, message: Message) -> io::Result<()> {
        let mut value = serde_json::to_value(&message).map_err(io::Error::other)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("jsonrpc".into(), "2.0".into());
        }
        self.frame(&crate::sanitize::json(value.to_string()))
    }

    fn frame(&mut self, body: &str) -> io::Result<()> {
        let mut out = self.out.lock();
        write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        out.flush()
    }

    /// A JSON-RPC error with a null id, for a message that could not be read at all.
    pub fn parse_error(&mut self, why: &str) -> io::Result<()> {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": lsp_server::ErrorCode::ParseError as i32, "message": why },
        })
        .to_string();
        self.frame(&crate::sanitize::json(body))
    }
}
