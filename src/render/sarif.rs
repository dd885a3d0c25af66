//! SARIF 2.1.0 for GitHub code scanning: one run, the tool with every rule (id, name,
//! descriptions, help, default level), each result at its file and region. Lines and columns
//! are 1-based; columns count Unicode code points, which the run declares.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Level;
use crate::rules::RULES;
use serde_json::{Value, json};

pub fn document(diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{}. Fix: {}.", r.summary, r.fix) },
                "help": { "text": r.fix, "markdown": format!("**How to fix:** {}", crate::sanitize::markdown(r.fix)) },
                "defaultConfiguration": { "level": match r.level { Level::Error => "error", Level::Warning => "warning", Level::Off => "none" } },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
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
                        "region": { "startLine": d.line, "startColumn": d.column },
                    }
                }],
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
                "informationUri": "https://github.com/backlog-as-code/backlog",
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
