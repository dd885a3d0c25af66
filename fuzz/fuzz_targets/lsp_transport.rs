//! The LSP transport: any byte stream → `read_one`, again and again, as `backlog lsp` reads
//! stdin. `src/lsp/transport.rs` is compiled into this target as it is (the module is private
//! to the product), with `crate::sanitize` pointing at the product's.
//!
//! The first byte sets how many bytes each read returns (1 to 8, or all at once), since a
//! pipe hands over a frame in pieces. Properties (RELIABILITY.md §7 R2; issue 17 §3):
//! * nothing panics, whatever the bytes: malformed headers, a bad or huge `Content-Length`
//!   (10^12 is skipped unread, never allocated: libFuzzer's malloc limit would catch it),
//!   headers without a body, a truncated body, non-JSON and non-JSON-RPC bodies;
//! * it never hangs: every answer but `Closed` consumes input, and `Closed` comes once the
//!   input is used up;
//! * the same stream read whole or in pieces gives the same answers;
//! * a frame with a correct `Content-Length` and a JSON-RPC body reads as that message, also
//!   right after whatever garbage frames came before it and were answered.
#![no_main]

#[path = "../../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;

/// What transport.rs calls `crate::sanitize`.
mod sanitize {
    pub use backlog::sanitize::*;
}

use libfuzzer_sys::fuzz_target;
use std::io::{BufReader, Read};
use transport::{Incoming, read_one};

/// Hands out at most `step` bytes per read.
struct Pieces<'a> {
    data: &'a [u8],
    at: usize,
    step: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Reads until `Closed`; each answer as text, for comparing two ways of reading.
fn read_all(data: &[u8], step: usize) -> Vec<String> {
    let mut input = BufReader::with_capacity(16, Pieces { data, at: 0, step });
    let mut answers = Vec::new();
    loop {
        let before = input.get_ref().at - input.buffer().len();
        let incoming = read_one(&mut input);
        let after = input.get_ref().at - input.buffer().len();
        match incoming {
            Incoming::Closed => {
                // Closed only at the end, or on a frame that cannot be finished.
                return answers;
            }
            Incoming::Message(m) => answers.push(format!("{m:?}")),
            Incoming::Malformed(why) => {
                // 80 characters quoted, each escaped to at most 10.
                assert!(why.chars().count() < 1000, "long reason {why:?}");
                answers.push(format!("malformed: {why}"));
            }
        }
        assert!(
            after > before,
            "an answer without consuming input at {before}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, stream)) = data.split_first() else {
        return;
    };
    let step = match pick % 9 {
        0 => usize::MAX,
        n => usize::from(n),
    };
    let whole = read_all(stream, usize::MAX);
    let pieces = read_all(stream, step);
    assert_eq!(whole, pieces, "step {step}");

    // The same bytes as bodies of correctly framed messages (split at NUL bytes), then a good
    // frame: one answer per frame, a message exactly when the body is one, and the good
    // frame still read after every malformed one.
    let good = br#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
    let bodies: Vec<&[u8]> = stream.split(|&b| b == 0).chain([&good[..]]).collect();
    let mut framed = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        // Alternate header spellings the transport accepts.
        let header = match i % 3 {
            0 => format!("Content-Length: {}\r\n\r\n", body.len()),
            1 => format!("content-length:{}\r\nContent-Type: x\r\n\r\n", body.len()),
            _ => format!("\r\nCONTENT-LENGTH :  {} \n\n", body.len()),
        };
        framed.extend_from_slice(header.as_bytes());
        framed.extend_from_slice(body);
    }
    let answers = read_all(&framed, step);
    assert_eq!(answers.len(), bodies.len(), "{answers:?}");
    for (answer, body) in answers.iter().zip(&bodies) {
        let expected = serde_json::from_slice::<lsp_server::Message>(body).is_ok();
        assert_eq!(!answer.starts_with("malformed"), expected, "{answer}");
    }
    assert!(answers.last().is_some_and(|a| a.contains("shutdown")));
});
