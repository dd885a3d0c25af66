//! JUnit XML for CI test reports (GitLab, Jenkins, Azure): one test suite, one test case per
//! item (named by its ID, `file` its path) plus one per other file with findings (ranking.txt,
//! backlog.toml). An error finding is a `<failure>`; warnings are listed in the case's
//! `<system-out>` and count as failures only with `--deny-warnings`, as they do for the exit
//! code. All text goes through `sanitize::xml`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::sanitize::xml;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A test case: the name it is reported under and the file it checks.
pub struct Case {
    pub name: String,
    pub path: String,
}

/// A case per item whose path `wanted` accepts, by ID number.
pub fn cases(items: &[crate::load::Item], wanted: impl Fn(&str) -> bool) -> Vec<Case> {
    let mut items: Vec<&crate::load::Item> = items.iter().filter(|i| wanted(&i.path)).collect();
    items.sort_by_key(|i| (crate::id::id_number(&i.id), i.path.clone()));
    items
        .into_iter()
        .map(|i| Case {
            name: i.id.clone(),
            path: i.path.clone(),
        })
        .collect()
}

pub fn document(diagnostics: &[Diagnostic], items: &[Case], deny_warnings: bool) -> String {
    let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_path.entry(&d.path).or_default().push(d);
    }
    let mut cases: Vec<(&str, &str)> = items
        .iter()
        .map(|c| (c.name.as_str(), c.path.as_str()))
        .collect();
    for path in by_path.keys() {
        if !items.iter().any(|c| c.path == *path) {
            cases.push((path, path));
        }
    }
    let fails = |d: &&Diagnostic| d.severity == Severity::Error || deny_warnings;
    let failures = cases
        .iter()
        .filter(|(_, p)| by_path.get(p).is_some_and(|ds| ds.iter().any(fails)))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\"",
        cases.len()
    );
    let _ = writeln!(out, "<testsuites name=\"backlog lint\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"backlog lint\" {counts}>");
    for (name, path) in &cases {
        let found = by_path.get(path).map_or(&[][..], Vec::as_slice);
        let _ = write!(
            out,
            "    <testcase classname=\"backlog\" name=\"{}\" file=\"{}\"",
            xml(name),
            xml(path)
        );
        if found.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let (failing, other): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            found.iter().copied().partition(|d| fails(d));
        for d in &failing {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                d.rule,
                xml(&d.message),
                xml(&detail(d))
            );
        }
        if !other.is_empty() {
            let text: Vec<String> = other.iter().map(|d| detail(d)).collect();
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&text.join("\n"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `path:line:column: severity CODE: message` and the help, as lint's human output says it.
fn detail(d: &Diagnostic) -> String {
    let mut text = format!(
        "{}:{}:{}: {} {}: {}",
        d.path,
        d.line,
        d.column,
        d.severity.as_str(),
        d.rule,
        d.message
    );
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}
