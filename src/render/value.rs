//! `value`: WSJF beside the ranking, the inversions and the half-effort check, as a table for
//! people, JSON for scripts and Markdown safe to post in a pull request.

use crate::economics::measure::number;
use crate::sanitize;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub items: Vec<ValueRow>,
    /// The most costly inversions, most costly first; `inversion_count` counts them all.
    pub inversions: Vec<InversionRow>,
    pub inversion_count: usize,
    pub half_effort: Option<HalfEffortView>,
    /// Open ranked items without a WSJF (no cost of delay or no size above 0).
    pub unweighed: usize,
    /// `backlog rank` commands that would follow WSJF (with `--suggest`, else empty).
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueRow {
    pub rank: usize,
    pub id: String,
    pub title: String,
    pub kind: String,
    pub cost_of_delay: Option<f64>,
    pub size: Option<f64>,
    pub wsjf: Option<f64>,
    pub wsjf_rank: Option<usize>,
    pub break_even_weeks: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InversionRow {
    pub above: String,
    pub above_rank: usize,
    pub above_wsjf: f64,
    pub below: String,
    pub below_rank: usize,
    pub below_wsjf: f64,
    /// Cost of delay saved by doing `below` first: CoD(below) × size(above) − CoD(above) × size(below).
    pub delay_cost: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HalfEffortView {
    pub total_effort: f64,
    pub total_cost_of_delay: f64,
    /// Percent of the cost of delay whose items are done in the first half of the effort.
    pub ranking_percent: f64,
    pub wsjf_percent: f64,
}

pub fn json(view: &ValueView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a ValueView,
    }
    super::json::document(&Doc { version: 1, view })
}

fn opt(n: Option<f64>) -> String {
    n.map_or("-".into(), number)
}

fn cells(view: &ValueView) -> Vec<Vec<String>> {
    view.items
        .iter()
        .map(|r| {
            vec![
                r.rank.to_string(),
                r.wsjf_rank.map_or("-".into(), |n| n.to_string()),
                r.id.clone(),
                opt(r.wsjf),
                opt(r.cost_of_delay),
                opt(r.size),
                r.break_even_weeks
                    .map_or("-".into(), |w| format!("{} w", number(w))),
                r.title.clone(),
            ]
        })
        .collect()
}

const HEADER: [&str; 8] = [
    "RANK",
    "BY WSJF",
    "ID",
    "WSJF",
    "COD",
    "SIZE",
    "BREAK-EVEN",
    "TITLE",
];

fn inversion_line(i: &InversionRow) -> String {
    format!(
        "#{} {} (WSJF {}) is above #{} {} (WSJF {}): {} of delay cost waits",
        i.above_rank,
        i.above,
        number(i.above_wsjf),
        i.below_rank,
        i.below,
        number(i.below_wsjf),
        number(i.delay_cost)
    )
}

fn half_line(h: &HalfEffortView) -> String {
    format!(
        "the first half of the effort ({} of {}) delivers {}% of the cost of delay in ranking order, {}% in WSJF order",
        number(h.total_effort / 2.0),
        number(h.total_effort),
        number(h.ranking_percent.round()),
        number(h.wsjf_percent.round())
    )
}

fn summary_lines(view: &ValueView) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = &view.half_effort {
        out.push(half_line(h));
    }
    if view.unweighed > 0 {
        out.push(format!(
            "{} without a WSJF (no cost of delay, or no estimate above 0)",
            super::plural(view.unweighed, "open ranked item")
        ));
    }
    out
}

pub fn table(view: &ValueView) -> String {
    let mut out = super::table::render(&HEADER, &cells(view));
    out.push('\n');
    match view.inversion_count {
        0 => out.push_str("No inversions: the ranking follows WSJF.\n"),
        n => {
            out.push_str(&format!(
                "{} (a lower WSJF ranked above a higher one), most delay cost first:\n",
                super::plural(n, "inversion")
            ));
            for i in &view.inversions {
                out.push_str(&format!("  {}\n", sanitize::line(&inversion_line(i))));
            }
            if n > view.inversions.len() {
                out.push_str(&format!("  ... and {} more\n", n - view.inversions.len()));
            }
        }
    }
    for line in summary_lines(view) {
        out.push_str(&format!("{}{}\n", line[..1].to_uppercase(), &line[1..]));
    }
    if !view.suggestions.is_empty() {
        out.push_str("\nTo follow WSJF (the ranking is the Product Owner's call):\n");
        for s in &view.suggestions {
            out.push_str(&format!("  {}\n", sanitize::line(s)));
        }
    }
    out
}

/// A Markdown table whose cells are made inert.
pub(super) fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| sanitize::markdown(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

pub fn markdown(view: &ValueView) -> String {
    let mut out = String::from("### Value: WSJF against the ranking\n\n");
    out.push_str(&markdown_table(&HEADER, &cells(view)));
    out.push('\n');
    if view.inversion_count > 0 {
        out.push_str(&format!(
            "{}, most delay cost first:\n\n",
            sanitize::markdown(&super::plural(view.inversion_count, "inversion"))
        ));
        for i in &view.inversions {
            out.push_str(&format!("- {}\n", sanitize::markdown(&inversion_line(i))));
        }
        out.push('\n');
    }
    for line in summary_lines(view) {
        out.push_str(&format!("{}\n\n", sanitize::markdown(&line)));
    }
    if !view.suggestions.is_empty() {
        out.push_str("```\n");
        for s in &view.suggestions {
            out.push_str(&format!("{}\n", sanitize::line(s).replace('`', "'")));
        }
        out.push_str("```\n");
    }
    out
}
