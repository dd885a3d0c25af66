//! GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped the way the
//! runner expects. Every line starts with `::` of our own making, never with item text.

use crate::diagnostic::{Diagnostic, Severity};
use crate::sanitize::{github_data, github_property};

pub fn annotations(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            github_property(&d.path),
            d.line,
            d.column,
            github_property(&format!(
                "{} {}",
                d.rule,
                crate::rules::find_rule(d.rule).map_or("", |r| r.name)
            )),
            github_data(&message),
        ));
    }
    out
}
