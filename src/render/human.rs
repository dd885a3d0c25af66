//! Diagnostics for people: rustc-style source snippets drawn by annotate-snippets, with the
//! fix as a `help:` line.

use crate::diagnostic::{Diagnostic, Severity};
use crate::sanitize;
use crate::text::Source;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Renders diagnostics; `source_of` finds the text of a path for the snippet.
pub fn diagnostics<'a>(
    diagnostics: &[Diagnostic],
    source_of: impl Fn(&str) -> Option<&'a Source>,
) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = sanitize::line(&d.message);
        let path = sanitize::line(&d.path);
        let title = level.primary_title(message.as_ref()).id(d.rule);
        let snippet = d
            .span
            .clone()
            .and_then(|span| source_of(&d.path).map(|s| (s, span)));
        let rendered_line;
        let mut groups = Vec::new();
        match snippet {
            Some((source, span)) => {
                // Draw only the line the finding starts on: enough context, and bounded work.
                let start = source.lines.line_start(d.line);
                let end = source.text[start..]
                    .find('\n')
                    .map_or(source.text.len(), |i| start + i);
                let text = source.text[start..end].trim_end_matches('\r');
                let local = span.start.saturating_sub(start).min(text.len())
                    ..span.end.saturating_sub(start).min(text.len());
                let (clean, local) = sanitize::snippet_line(text, local);
                rendered_line = clean;
                groups.push(
                    title.element(
                        Snippet::source(rendered_line.as_str())
                            .line_start(d.line)
                            .path(path.as_ref())
                            .annotation(AnnotationKind::Primary.span(local)),
                    ),
                );
            }
            None => {
                groups.push(
                    title.element(
                        annotate_snippets::Origin::path(path.as_ref())
                            .line(d.line)
                            .char_column(d.column),
                    ),
                );
            }
        }
        let help;
        if let Some(h) = &d.help {
            help = sanitize::line(h).into_owned();
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

/// The closing line of a lint run, for stderr.
pub fn summary(diagnostics: &[Diagnostic], files: usize) -> String {
    let (errors, warnings) = super::tally(diagnostics);
    let plural = super::plural;
    if diagnostics.is_empty() {
        format!("checked {}: no problems\n", plural(files, "item"))
    } else {
        format!(
            "checked {}: {}, {}\n",
            plural(files, "item"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
