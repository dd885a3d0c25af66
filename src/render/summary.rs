//! The Markdown a CI job appends to its summary (`$GITHUB_STEP_SUMMARY` or `--summary FILE`):
//! counts of findings by rule, the findings themselves (annotations show only ten of a kind),
//! and the priority diff of the pull request. Every piece of item text is escaped; paths and
//! positions are code spans.

use crate::diagnostic::Diagnostic;
use crate::sanitize::markdown;
use std::collections::BTreeMap;
use std::io::Write;

/// At most this many findings are listed one by one; the counts cover the rest.
const LISTED: usize = 50;

pub fn lint(diagnostics: &[Diagnostic], items: usize) -> String {
    let (errors, warnings) = super::tally(diagnostics);
    let plural = super::plural;
    let mut out = format!(
        "## backlog lint\n\n{} checked: {}, {}.\n\n",
        plural(items, "item"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if diagnostics.is_empty() {
        return out;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        *counts.entry(d.rule).or_default() += 1;
    }
    out.push_str("| Rule | Findings | What it checks |\n| --- | --- | --- |\n");
    for (rule, count) in &counts {
        let info = crate::rules::find_rule(rule);
        out.push_str(&format!(
            "| {rule} {} | {count} | {} |\n",
            info.map_or("", |r| r.name),
            info.map_or(String::new(), |r| markdown(r.summary))
        ));
    }
    out.push_str("\n<details><summary>Findings</summary>\n\n");
    for d in diagnostics.iter().take(LISTED) {
        out.push_str(&format!(
            "- {} {} {}: {}\n",
            d.severity.as_str(),
            crate::sanitize::markdown_code(&format!("{}:{}:{}", d.path, d.line, d.column), false),
            d.rule,
            markdown(&d.message)
        ));
    }
    if diagnostics.len() > LISTED {
        out.push_str(&format!(
            "- and {} more: run `backlog lint` locally\n",
            diagnostics.len() - LISTED
        ));
    }
    out.push_str("\n</details>\n\n");
    out
}

/// Appends to the summary file; creating it is fine, truncating it never is.
pub fn append(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open the job summary {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write the job summary {}", path.display()))
}

/// The summary file: `--summary FILE`, else `$GITHUB_STEP_SUMMARY` when set.
pub fn target(flag: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    flag.map(std::path::Path::to_path_buf).or_else(|| {
        std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|v| !v.is_empty())
            .map(Into::into)
    })
}
