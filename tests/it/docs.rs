//! Tests that keep docs/ in step with the code.
