//! What `lint --fix` reports: each fix it applied (or, with `--dry-run`, would apply) and the
//! unified diff of each file.

use crate::sanitize;

/// One fix, as the report lists it.
#[derive(Debug, Clone)]
pub struct FixLine {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub rule: &'static str,
    pub title: String,
}

/// What `lint --fix` did to one file.
#[derive(Debug, Clone)]
pub struct FileFixes {
    pub path: String,
    pub before: String,
    pub after: String,
    pub fixes: Vec<FixLine>,
}

#[derive(Debug, Clone)]
pub struct FixView {
    pub files: Vec<FileFixes>,
    pub dry_run: bool,
    /// Files left as they were because they changed while `--fix` ran, with why.
    pub skipped: Vec<(String, String)>,
}

/// The list of fixes, one per line, and a closing count.
pub fn human(view: &FixView) -> String {
    let mut out = String::new();
    let verb = if view.dry_run { "would fix" } else { "fixed" };
    let mut count = 0;
    for file in &view.files {
        for f in &file.fixes {
            count += 1;
            out.push_str(&format!(
                "{verb} {}:{}:{} {} {}\n",
                sanitize::line(&f.path),
                f.line,
                f.column,
                f.rule,
                sanitize::line(&f.title)
            ));
        }
    }
    for (path, why) in &view.skipped {
        out.push_str(&format!(
            "not fixed {}: {}\n",
            sanitize::line(path),
            sanitize::line(why)
        ));
    }
    let files = view.files.len();
    out.push_str(&match (count, view.dry_run) {
        (0, _) => "nothing to fix\n".to_owned(),
        (n, true) => format!(
            "{} in {} would be applied; nothing was written\n",
            fixes(n),
            super::plural(files, "file")
        ),
        (n, false) => format!("{} applied in {}\n", fixes(n), super::plural(files, "file")),
    });
    out
}

/// The unified diff of every file a fix changes (`--fix --dry-run`).
pub fn diff(view: &FixView) -> String {
    let mut out = String::new();
    for file in &view.files {
        let path = sanitize::line(&file.path);
        let diff = similar::TextDiff::from_lines(&file.before, &file.after);
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        out.push_str(&sanitize::block(&text));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn fixes(n: usize) -> String {
    if n == 1 {
        "1 fix".to_owned()
    } else {
        format!("{n} fixes")
    }
}
