//! GitLab Code Quality JSON (the `codequality` report of a merge request): an array of
//! findings with `description`, `check_name`, `fingerprint`, `severity` and `location`
//! (`path`, `lines.begin`).
//!
//! The fingerprint is what GitLab compares between the base and the merge request to tell new
//! findings from fixed ones, so it must not move when unrelated lines do: it hashes the rule
//! code, the path and the message, never the line. Two equal findings in one file are told
//! apart by their order among themselves.

use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn document(diagnostics: &[Diagnostic]) -> String {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let findings: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let n = seen.entry((d.rule, &d.path, &d.message)).or_default();
            *n += 1;
            let name = crate::rules::find_rule(d.rule).map_or("", |r| r.name);
            let mut description = format!("{} {name}: {}", d.rule, d.message);
            if let Some(help) = &d.help {
                description.push_str(&format!(" (help: {help})"));
            }
            json!({
                "type": "issue",
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint(d, *n),
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": { "path": d.path, "lines": { "begin": d.line } },
            })
        })
        .collect();
    super::json::document(&Value::Array(findings))
}

/// 128-bit FNV-1a of code, path, message and occurrence, as 32 hex digits: stable across runs,
/// machines and toolchains (std's hasher promises none of that).
pub fn fingerprint(d: &Diagnostic, occurrence: usize) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash = OFFSET;
    let occurrence = occurrence.to_string();
    let parts = [d.rule, &d.path, &d.message, &occurrence];
    for part in parts {
        // A NUL between parts: ("ab", "c") and ("a", "bc") hash differently.
        for b in part.bytes().chain([0]) {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}
