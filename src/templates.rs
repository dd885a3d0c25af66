//! The item templates `init` writes and `new` falls back to, and filling one in for a new item.
//!
//! Filling edits the template's frontmatter with toml_edit, so a team's comments and key order
//! in its templates survive into every new item.

use anyhow::Result;

/// The built-in template for a kind; unknown kinds get a minimal one.
pub fn builtin(kind: &str) -> String {
    let (fields, body) = match kind {
        "story" => (
            "owner = \"\"\nvalue = \"\"     # who gains what when this is done\n# estimate = 3   # agreed in refinement; above the ceiling means split it\ndepends_on = []\ntags = []\n",
            "## Problem\n\nWhat hurts, for whom, and why it matters now. The problem, not a solution.\n\n## Acceptance criteria\n\n- [ ] A testable outcome\n\n## Notes\n",
        ),
        "bug" => (
            "owner = \"\"\ndepends_on = []\ntags = []\n",
            "## Steps to reproduce\n\n1. \n\n## Expected behaviour\n\n## Actual behaviour\n\n## Acceptance criteria\n\n- [ ] The steps above no longer reproduce the problem\n",
        ),
        "spike" => (
            "owner = \"\"\ntimebox = \"2d\"  # a spike ends when its time is up, answered or not\ndepends_on = []\ntags = []\n",
            "## Question\n\nThe one question this spike answers, and the decision it unblocks.\n\n## Acceptance criteria\n\n- [ ] The answer is written down and shared with the team\n",
        ),
        "debt" => (
            "owner = \"\"\n# cost_per_week = 4   # hours lost each week while the debt is unpaid\n# fix_effort = 14     # hours it takes to pay it off\ndepends_on = []\ntags = []\n",
            "## Problem\n\nWhat the debt slows down or breaks, with evidence.\n\n## Acceptance criteria\n\n- [ ] \n",
        ),
        "epic" => (
            "owner = \"\"\ntags = []\n",
            "## Outcome\n\nThe result for users or the business that this epic serves.\n\n## Items\n",
        ),
        _ => ("owner = \"\"\n", "## Notes\n"),
    };
    format!("+++\ntitle = \"\"\nkind = \"{kind}\"\nstate = \"draft\"\n{fields}+++\n\n{body}")
}

/// Fills a template: sets title, kind and state in its frontmatter, keeping every other byte.
pub fn fill(template: &str, title: &str, kind: &str, state: &str) -> Result<String> {
    crate::item::edit_frontmatter(template, |doc| {
        for (key, value) in [("title", title), ("kind", kind), ("state", state)] {
            crate::item::set_string(doc, key, value);
        }
    })
}

/// Sets `owner` to `owner` when the template has the key and leaves it blank; any other
/// template is returned as it was.
pub fn fill_owner(content: &str, owner: &str) -> Result<String> {
    crate::item::edit_frontmatter(content, |doc| {
        let blank = doc
            .get("owner")
            .and_then(|item| item.as_str())
            .is_some_and(|v| v.trim().is_empty());
        if blank {
            crate::item::set_string(doc, "owner", owner);
        }
    })
}

/// Why a filled-in template would not read back as an item (its first finding; empty when the
/// parser found no frontmatter and said nothing), or `None` when it reads back clean.
pub fn unreadable(content: &str) -> Option<String> {
    let mut problems = Vec::new();
    let source = crate::text::Source::new(content.to_owned());
    let parsed = crate::item::parse(&source, "new item", &mut problems);
    (parsed.layout.is_none() || !problems.is_empty()).then(|| {
        problems
            .first()
            .map_or(String::new(), |d| d.message.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_keeps_comments_and_order() {
        let template = "+++\ntitle = \"\"   # short\n# a comment\nkind = \"story\"\nstate = \"draft\"\ncustom = 1\n+++\nbody $1 \\\n";
        let got = fill(template, "Say \"hi\" $1", "story", "draft").unwrap_or_default();
        assert_eq!(
            got,
            "+++\ntitle = 'Say \"hi\" $1'   # short\n# a comment\nkind = \"story\"\nstate = \"draft\"\ncustom = 1\n+++\nbody $1 \\\n"
        );
    }

    #[test]
    fn a_template_that_does_not_read_back_says_why() {
        assert_eq!(unreadable("+++\ntitle = \"x\"\n+++\n"), None);
        assert_eq!(
            unreadable("no frontmatter").as_deref(),
            Some("expected '+++' on line 1 to open the frontmatter")
        );
        let why = unreadable("+++\ntitle = \n+++\n").unwrap_or_default();
        assert!(!why.is_empty(), "a syntax error names itself");
    }

    #[test]
    fn builtin_templates_parse() {
        for kind in ["story", "bug", "spike", "debt", "epic", "other"] {
            let source = crate::text::Source::new(builtin(kind));
            let mut out = Vec::new();
            let parsed = crate::item::parse(&source, "t.md", &mut out);
            assert!(out.is_empty(), "{kind}: {out:?}");
            assert_eq!(parsed.fields.kind.map(|k| k.value), Some(kind.to_owned()));
        }
    }
}
