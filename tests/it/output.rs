//! Reliability tests: output.
