//! Tests for `backlog catalogue`.
