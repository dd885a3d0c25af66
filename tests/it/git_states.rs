//! Reliability tests: git_states.
