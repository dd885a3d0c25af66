//! Tests for `backlog schema`.
