//! Reliability tests: properties.
