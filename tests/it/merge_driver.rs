//! Tests for `backlog merge-driver`.
