//! Tests for `backlog list`.
