//! All output of results: diagnostics, tables and JSON documents, each in its own file.
//!
//! Renderers turn plain data into text and pass every untrusted string through `sanitize`;
//! they never read files or decide exit codes.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod summary;
pub mod table;

use std::io::{self, Write};

/// "1 item", "3 errors": counts in prose.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// How many of `diagnostics` are errors and how many warnings.
pub fn tally(diagnostics: &[crate::diagnostic::Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

/// Color choice for stdout, honouring NO_COLOR/CLICOLOR and pipes when `auto`.
pub fn stdout(choice: anstream::ColorChoice) -> anstream::AutoStream<io::Stdout> {
    anstream::AutoStream::new(io::stdout(), choice)
}

pub fn stderr(choice: anstream::ColorChoice) -> anstream::AutoStream<io::Stderr> {
    anstream::AutoStream::new(io::stderr(), choice)
}

/// Writes `text` to stdout in one go.
pub fn print(choice: anstream::ColorChoice, text: &str) -> io::Result<()> {
    let mut out = stdout(choice);
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Writes a note to stderr; failures to write a note are not worth failing the command for.
pub fn note(choice: anstream::ColorChoice, text: &str) {
    let mut err = stderr(choice);
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}
