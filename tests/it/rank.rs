//! Tests for `backlog rank`.
