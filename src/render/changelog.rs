//! `changelog`: the items finished in a period and who worked on them, grouped by release tag
//! or week; Markdown (inert, ready for a sprint review or a pull request), text and JSON.

use crate::sanitize;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ChangelogView {
    /// The `--since` given, or null for the whole history.
    pub since: Option<String>,
    pub groups: Vec<GroupView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// A tag name, "unreleased", or "week of YYYY-MM-DD".
    pub label: String,
    /// "tag", "unreleased" or "week".
    pub kind: &'static str,
    pub items: Vec<EntryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    pub id: String,
    /// Null when the item file is gone from the work tree.
    pub title: Option<String>,
    pub value: Option<String>,
    /// The date it entered a done state, and the commit.
    pub finished: String,
    pub commit: String,
    pub authors: Vec<Author>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub name: String,
    pub email: String,
}

pub fn json(view: &ChangelogView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a ChangelogView,
    }
    super::json::document(&Doc { version: 1, view })
}

fn names(e: &EntryView) -> String {
    let names: Vec<&str> = e.authors.iter().map(|a| a.name.as_str()).collect();
    names.join(", ")
}

fn total(view: &ChangelogView) -> usize {
    view.groups.iter().map(|g| g.items.len()).sum()
}

pub fn text(view: &ChangelogView) -> String {
    if view.groups.is_empty() {
        return "Nothing was finished in this period.\n".into();
    }
    let l = |t: &str| sanitize::line(t).into_owned();
    let mut out = String::new();
    for g in &view.groups {
        out.push_str(&format!("{}\n", l(&g.label)));
        for e in &g.items {
            out.push_str(&format!(
                "  {}  {}  ({}, by {})\n",
                l(&e.id),
                l(e.title.as_deref().unwrap_or("(file gone)")),
                e.finished,
                l(&names(e))
            ));
            if let Some(value) = &e.value {
                out.push_str(&format!("        {}\n", l(value)));
            }
        }
    }
    out.push_str(&format!(
        "{} finished.\n",
        super::plural(total(view), "item")
    ));
    out
}

pub fn markdown(view: &ChangelogView) -> String {
    let m = |t: &str| sanitize::markdown(t);
    let mut out = String::from("## What we finished\n\n");
    if view.groups.is_empty() {
        out.push_str("Nothing was finished in this period.\n");
        return out;
    }
    for g in &view.groups {
        out.push_str(&format!("### {}\n\n", m(&g.label)));
        for e in &g.items {
            out.push_str(&format!(
                "- **{}** {} ({}, by {})",
                m(&e.id),
                m(e.title.as_deref().unwrap_or("(file gone)")),
                m(&e.finished),
                m(&names(e))
            ));
            if let Some(value) = &e.value {
                out.push_str(&format!(": {}", m(value)));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} finished together.\n",
        super::plural(total(view), "item")
    ));
    out
}
