//! Tests for `backlog new`.
