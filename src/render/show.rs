//! `show` for people (the fields, rank, readiness and what the item lacks, then its body)
//! and for scripts (JSON).

use crate::diagnostic::Diagnostic;
use crate::sanitize;
use serde::{Serialize, Serializer};

/// What `show` shows of one item. The JSON contract is its serialisation.
#[derive(Debug, Clone, Serialize)]
pub struct ShowView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub state: String,
    /// Null when blank.
    pub owner: Option<String>,
    pub estimate: Option<i64>,
    pub rank: Option<usize>,
    pub reason: Option<String>,
    pub ready: bool,
    /// Why Ready is required of it now, or null.
    pub ready_required: Option<String>,
    pub missing: Vec<Gap>,
    pub criteria: Criteria,
    pub depends_on: Vec<Dependency>,
    pub break_even_weeks: Option<f64>,
    /// A spike whose timebox clock runs (from git history): how much of it is used.
    pub timebox_used: Option<TimeboxUsed>,
    /// True for done or dropped items: readiness no longer applies.
    pub closed: bool,
    pub path: String,
    /// Other files that hold the same ID (an ID001 error); empty normally.
    pub also: Vec<String>,
    /// Problems in the file itself (syntax, types); `backlog lint` shows them in full. In
    /// JSON each is one `path:line:col: severity[rule]: message` string.
    #[serde(serialize_with = "problem_lines")]
    pub problems: Vec<Diagnostic>,
    /// How many items the ranking holds, for "#3 of 12".
    #[serde(skip)]
    pub ranked: usize,
    /// The Markdown after the frontmatter.
    #[serde(skip)]
    pub body: String,
}

/// A part of the Definition of Ready the item lacks.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub rule: &'static str,
    pub label: String,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dependency {
    pub id: String,
    /// The dependency's state; null when no such item exists.
    pub state: Option<String>,
}

/// The clock of a spike's timebox, in calendar days (a 40-hour week is 7 days).
#[derive(Debug, Clone, Serialize)]
pub struct TimeboxUsed {
    /// The date it entered `state`, from git history.
    pub since: String,
    pub state: String,
    pub elapsed_days: f64,
    pub timebox_days: f64,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Criteria {
    pub total: usize,
    pub ticked: usize,
}

pub fn json(view: &ShowView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        item: &'a ShowView,
    }
    super::json::document(&Doc {
        version: 1,
        item: view,
    })
}

pub fn text(s: &ShowView) -> String {
    let ranked = s.ranked;
    let l = |t: &str| sanitize::line(t).into_owned();
    let mut out = format!("{}  {}\n", l(&s.id), l(&s.title));
    let mut field = |name: &str, value: String| out.push_str(&format!("  {name:<10} {value}\n"));
    field("path", l(&s.path));
    for other in &s.also {
        field("also", format!("{} (same ID)", l(other)));
    }
    field("kind", l(&s.kind));
    field("state", l(&s.state));
    field(
        "rank",
        match (s.rank, s.reason.as_deref()) {
            (Some(r), Some(why)) => format!("#{r} of {ranked}: {}", l(why)),
            (Some(r), None) => format!("#{r} of {ranked} (no reason given)"),
            (None, _) if s.closed => "not ranked".into(),
            (None, _) => "untriaged (not in ranking.txt)".into(),
        },
    );
    if let Some(owner) = &s.owner {
        field("owner", l(owner));
    }
    if let Some(estimate) = s.estimate {
        field("estimate", estimate.to_string());
    }
    if !s.depends_on.is_empty() {
        let deps: Vec<String> = s
            .depends_on
            .iter()
            .map(|d| {
                format!(
                    "{} ({})",
                    l(&d.id),
                    d.state.as_deref().map_or("missing".into(), l)
                )
            })
            .collect();
        field("depends on", deps.join(", "));
    }
    field(
        "criteria",
        format!("{} of {} ticked", s.criteria.ticked, s.criteria.total),
    );
    if let Some(weeks) = s.break_even_weeks {
        field(
            "break-even",
            format!("{weeks:.1} weeks: fixing it pays for itself after that"),
        );
    }
    if let Some(t) = &s.timebox_used {
        field(
            "timebox",
            format!(
                "{}% used: {} of {} days, `{}` since {}{}",
                t.percent,
                t.elapsed_days,
                t.timebox_days,
                l(&t.state),
                t.since,
                if t.percent > 100.0 {
                    " (past the timebox)"
                } else {
                    ""
                }
            ),
        );
    }
    let required = match &s.ready_required {
        Some(why) => format!(" (Ready is required: {why})"),
        None => " (not required yet: only items in a ready state or near the top must be Ready)"
            .to_owned(),
    };
    if s.closed {
        field("ready", format!("- (the item is {})", l(&s.state)));
    } else if !s.problems.is_empty() {
        field("ready", "no: the file has problems".into());
        for p in &s.problems {
            out.push_str(&format!("    - {}\n", l(&problem(p))));
        }
    } else if s.ready {
        field("ready", format!("yes{required}"));
    } else {
        field("ready", format!("no{required}"));
        for gap in &s.missing {
            out.push_str(&format!("    - {}\n", l(&gap.message)));
            if let Some(help) = &gap.help {
                out.push_str(&format!("      help: {}\n", l(help)));
            }
        }
    }
    if !s.body.trim().is_empty() {
        out.push('\n');
        out.push_str(&sanitize::block(s.body.trim()));
        out.push('\n');
    }
    out
}

/// A problem of the file on one line.
fn problem(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {}[{}]: {}",
        d.path,
        d.line,
        d.column,
        d.severity.as_str(),
        d.rule,
        d.message
    )
}

fn problem_lines<S: Serializer>(problems: &[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(problems.iter().map(problem))
}
