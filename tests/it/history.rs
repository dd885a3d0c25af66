//! Tests for `backlog history`, `blame`, `diff` and `lint --since` on scripted repositories.
