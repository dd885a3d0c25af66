//! `backlog lsp`: a language server over stdio that shows lint's findings while you type, and
//! offers completion, hover, go to definition, references, document symbols and the quick
//! fixes of `crate::fix`.
//!
//! Synchronous, one thread plus a reader: [`transport`] frames JSON-RPC, [`state`] keeps each
//! backlog (the disk with the open buffers laid over it) and what was published,
//! [`diagnostics`] turns lint's findings into LSP ones (UTF-16 columns), and the features
//! answer from the same `Backlog`: [`complete`], [`navigate`], [`actions`]. Changes are
//! debounced; a request first brings the backlog up to date, so answers never lag the buffer.

mod actions;
mod complete;
mod diagnostics;
mod incremental;
mod navigate;
mod position;
mod requests;
mod server;
mod state;
mod transport;
mod uri;

pub use server::serve;
pub use transport::MAX_MESSAGE_BYTES;

/// How long after the last change diagnostics wait, unless the client sets
/// `initializationOptions.debounceMs`.
pub const DEBOUNCE_MS: u64 = 150;
