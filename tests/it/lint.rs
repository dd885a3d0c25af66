//! Tests for `backlog lint`.
