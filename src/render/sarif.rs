//! SARIF 2.1.0 for GitHub code scanning: one run, the tool with every rule (id, name,
//! descriptions, help with a link to its section of docs/rules.md, default level), each result
//! at its file and region (start and end), with a fingerprint that survives lines moving.
//! Lines and columns are 1-based; columns count Unicode code points, which the run declares.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Level;
use crate::rules::RULES;
use crate::text::Source;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Where the tool and its rules are documented (Cargo.toml's `repository`).
const HOME: &str = env!("CARGO_PKG_REPOSITORY");

/// `source_of` gives a finding's file text, for the end of its region and its fingerprint.
pub fn document<'a>(
    diagnostics: &[Diagnostic],
    source_of: impl Fn(&str) -> Option<&'a Source>,
) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{}. Fix: {}.", r.summary, r.fix) },
                "helpUri": format!("{HOME}/blob/main/docs/rules.md#{}-{}", r.code.to_ascii_lowercase(), r.name),
                // The registry's own text (trusted): its `code` spans stay code.
                "help": { "text": r.fix, "markdown": format!("**How to fix:** {}", r.fix) },
                "defaultConfiguration": { "level": match r.level { Level::Error => "error", Level::Warning => "warning", Level::Off => "none" } },
            })
        })
        .collect();
    // Identical findings on identical lines of one file are told apart by their order.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let source = source_of(&d.path);
            let mut region = json!({ "startLine": d.line, "startColumn": d.column });
            if let (Some(source), Some(span)) = (source, &d.span)
                && span.end >= span.start
                && span.end <= source.text.len()
            {
                let (line, column) = source.lines.position(&source.text, span.end);
                if (line, column) > (d.line, d.column) {
                    region["endLine"] = json!(line);
                    region["endColumn"] = json!(column);
                }
            }
            let line_text = source.map_or("", |s| line_of(s, d.line)).trim();
            let key = format!("{}\u{0}{}\u{0}{}", d.rule, d.path, line_text);
            let nth = seen.entry(key.clone()).or_insert(0);
            *nth += 1;
            let fingerprint = format!("{:016x}:{}", fnv1a(key.as_bytes()), nth);
            let index = RULES.iter().position(|r| r.code == d.rule);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            json!({
                "ruleId": d.rule,
                "ruleIndex": index,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&d.path), "uriBaseId": "%SRCROOT%" },
                        "region": region,
                    }
                }],
                // Rule, file and the flagged line's text, not its number: a finding keeps its
                // identity when lines above it come and go.
                "partialFingerprints": { "backlogFinding/v1": fingerprint },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "backlog",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": HOME,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The repository root." } } },
            "results": results,
        }],
    });
    crate::render::json::document(&doc)
}

/// A relative URI reference: percent-encode what is not allowed raw in a path segment.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text of 1-based `line` in `source`, without its line ending.
fn line_of(source: &Source, line: usize) -> &str {
    let start = source.lines.line_start(line).min(source.text.len());
    let rest = &source.text[start..];
    rest.split('\n').next().unwrap_or("").trim_end_matches('\r')
}

/// FNV-1a, 64 bits: a fingerprint needs to be stable across runs and releases, not secret.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
