//! Tests for `backlog renumber`.
