//! Reliability tests: faults.
