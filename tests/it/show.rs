//! Tests for `backlog show`.
