//! The lint rules the catalogue's tables leave out, one test per rule code: Definition of
//! Ready and Done, dependencies, ranking, config.

use super::*;

#[test]
fn dor001_to_dor003_story_missing_everything_in_state_ready() {
    let (_, found) = Case::new("DOR001-003")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"ready\"\n+++\n\nNotes.\n",
        )
        .expect(
            1,
            &[
                &f("F:1:1 DOR001"),
                &f("F:1:1 DOR001"),
                &f("F:1:1 DOR001"),
                &f("F:5 DOR002"),
                &f("F:5 DOR002"),
                &f("F:5 DOR003"),
            ],
        );
    for field in ["owner", "value", "estimate"] {
        assert!(
            found
                .iter()
                .any(|d| d.rule == "DOR001" && d.message.contains(&format!("`{field}`"))),
            "no DOR001 for {field}: {found:?}"
        );
    }
    for d in &found {
        assert!(
            d.help.is_some(),
            "every DoR finding says how to fix it: {d:?}"
        );
        assert!(d.message.contains("state is `ready`"), "{}", d.message);
    }
}

#[test]
fn dor003_criteria_outside_the_criteria_section_do_not_count() {
    let text = ready_story("a").replace(
        "## Acceptance criteria\n\n- [ ] Paged table\n",
        "## Acceptance criteria\n\nNone yet.\n\n## Notes\n\n- [ ] not a criterion\n",
    );
    Case::new("DOR003")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:14 DOR003")]);
}

#[test]
fn dor004_estimate_above_the_ceiling() {
    let text = ready_story("a").replace("estimate = 5", "estimate = 13");
    let (_, found) = Case::new("DOR004")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:7:12 DOR004")]);
    assert!(
        found[0].message.contains("13") && found[0].message.contains('8'),
        "{}",
        found[0].message
    );
}

#[test]
fn dor005_spike_without_timebox() {
    Case::new("DOR005")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"spike\"\nstate = \"ready\"\nowner = \"dana\"\n+++\n\n## Question\n\nWhich import?\n",
        )
        .expect(1, &[&f("F:1:1 DOR005")]);
}

#[test]
fn dor005_spike_with_a_timebox_that_is_not_a_duration() {
    Case::new("DOR005 bad")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"spike\"\nstate = \"ready\"\nowner = \"dana\"\ntimebox = \"soon\"\n+++\n\n## Question\n\nWhich import?\n",
        )
        .expect(1, &[&f("F:6:11 DOR005")]);
}

#[test]
fn dor006_debt_without_economics() {
    Case::new("DOR006")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"debt\"\nstate = \"ready\"\nowner = \"dana\"\ncost_per_week = 4\n+++\n\n## Problem\n\nSlow builds.\n",
        )
        .expect(1, &[&f("F:1:1 DOR006")]);
}

#[test]
fn dor_bug_and_epic_definitions() {
    Case::new("DOR bug/epic")
        .item("MS-1-x.md", "+++\ntitle = \"a\"\nkind = \"bug\"\nstate = \"doing\"\nowner = \"dana\"\n+++\n\n## Steps to reproduce\n\n1. Click\n")
        .item("MS-2-x.md", "+++\ntitle = \"b\"\nkind = \"epic\"\nstate = \"ready\"\n+++\n\n## Outcome\n\nAdmins happy.\n")
        .expect(
            1,
            &[&f("F:6 DOR002"), "backlog/items/MS-2-x.md:1:1 DOR001"],
        );
}

#[test]
fn done001_unticked_criterion_of_a_done_item() {
    let text = ready_story("a")
        .replace("state = \"ready\"", "state = \"done\"")
        .replace("- [ ] Paged table\n", "- [x] Paged table\n- [ ] Filter\n");
    Case::new("DONE001")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:17:3 DONE001")]);
}

#[test]
fn done_item_with_every_criterion_ticked_is_fine() {
    let text = ready_story("a")
        .replace("state = \"ready\"", "state = \"done\"")
        .replace("- [ ]", "- [x]");
    Case::new("DONE ok").item("MS-1-x.md", text).expect(0, &[]);
}

#[test]
fn dep001_unknown_dependency() {
    Case::new("DEP001")
        .item("MS-1-x.md", draft_with("a", "depends_on = [\"MS-9\"]\n"))
        .expect(1, &[&f("F:5:15 DEP001")]);
}

#[test]
fn dep002_dependency_cycle_reported_on_each_member_once() {
    // On every member, so `lint FILE` on any of them shows the circle; once per member.
    let (_, found) = Case::new("DEP002")
        .item("MS-1-x.md", draft_with("a", "depends_on = [\"MS-2\"]\n"))
        .item("MS-2-x.md", draft_with("b", "depends_on = [\"MS-3\"]\n"))
        .item("MS-3-x.md", draft_with("c", "depends_on = [\"ms-1\"]\n"))
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:5:1 DEP002",
                "backlog/items/MS-2-x.md:5:1 DEP002",
                "backlog/items/MS-3-x.md:5:1 DEP002",
            ],
        );
    assert!(
        found[0].message.contains("MS-1") && found[0].message.contains("MS-3"),
        "{}",
        found[0].message
    );
}

#[test]
fn dep002_self_dependency() {
    Case::new("DEP002 self")
        .item("MS-1-x.md", draft_with("a", "depends_on = [\"MS-1\"]\n"))
        .expect(1, &[&f("F:5:1 DEP002")]);
}

#[test]
fn dep003_ranked_above_an_unfinished_dependency() {
    let (_, found) = Case::new("DEP003")
        .item(
            "MS-1-x.md",
            ready_story("a").replacen("+++\n\n", "depends_on = [\"MS-2\"]\n+++\n\n", 1),
        )
        .item("MS-2-x.md", ready_story("b"))
        .ranking("MS-1\nMS-2\n")
        .expect(1, &["backlog/ranking.txt:1:1 DEP003"]);
    assert!(found[0].message.contains("MS-2"), "{}", found[0].message);
}

#[test]
fn dep003_not_reported_when_the_dependency_is_done_or_above() {
    Case::new("DEP003 ok")
        .item(
            "MS-1-x.md",
            ready_story("a").replacen("+++\n\n", "depends_on = [\"MS-2\", \"MS-3\"]\n+++\n\n", 1),
        )
        .item("MS-2-x.md", ready_story("b"))
        .item(
            "MS-3-x.md",
            ready_story("c")
                .replace("state = \"ready\"", "state = \"done\"")
                .replace("- [ ]", "- [x]"),
        )
        .ranking("MS-2\nMS-1\nMS-3\n")
        // The done MS-3 left in the ranking is ORD007's (a warning), never DEP003's.
        .expect(0, &["backlog/ranking.txt:3:1 ORD007"]);
}

#[test]
fn ord001_ord002_ord005_ord006_ranking_problems() {
    let (_, found) = Case::new("ORD")
        .item("MS-1-x.md", ready_story("a"))
        .item("MS-2-x.md", ready_story("b"))
        .ranking("# comment\nMS-1   # first\nMS-9 # gone\n\nMS-1 # again\nms-2\nnot an id\n")
        .expect(
            1,
            &[
                "backlog/ranking.txt:3:1 ORD001",
                "backlog/ranking.txt:5:1 ORD002",
                "backlog/ranking.txt:6:1 ORD006",
                "backlog/ranking.txt:7:1 ORD005",
            ],
        );
    let dup = found
        .iter()
        .find(|d| d.rule == "ORD002")
        .unwrap_or_else(|| panic!("no ORD002"));
    assert!(dup.message.contains("line 2"), "{}", dup.message);
}

#[test]
fn ord004_missing_ranking() {
    let case = Case::new("ORD004").item("MS-1-x.md", draft_story("a"));
    std::fs::remove_file(case.repo.path().join("backlog/ranking.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    case.expect(1, &["backlog/ranking.txt:1:1 ORD004"]);
}

#[test]
fn path010_symlinked_ranking() {
    let outside = canary_outside();
    let case = Case::new("PATH010 ranking").item("MS-1-x.md", draft_story("a"));
    let ranking = case.repo.path().join("backlog/ranking.txt");
    std::fs::remove_file(&ranking).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &ranking)
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &["backlog/ranking.txt:1:1 PATH010"]);
    for format in ["human", "json", "github"] {
        repo.backlog(&["lint", "--format", format]).lacks(CANARY);
    }
}

#[test]
fn cfg001_unknown_key_in_config() {
    let (_, found) = Case::new("CFG001")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\nsates = [\"draft\"]\n")
        .expect(1, &["backlog/backlog.toml:2:1 CFG001"]);
    assert!(found[0].message.contains("sates"), "{}", found[0].message);
}

#[test]
fn cfg001_config_syntax_error() {
    Case::new("CFG001 syntax")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\n[ready\ntop = 5\n")
        .expect(1, &["backlog/backlog.toml:2 CFG001"]);
}

#[test]
fn cfg002_unknown_state_and_rule_in_config() {
    Case::new("CFG002")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\n\n[ready]\nstates = [\"redy\"]\n\n[rules]\nNOPE001 = \"off\"\n")
        .expect(
            1,
            &[
                "backlog/backlog.toml:4:1 CFG002",
                "backlog/backlog.toml:7:1 CFG002",
            ],
        );
}

#[test]
fn cfg002_template_outside_the_backlog() {
    Case::new("CFG002 template")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\n[kinds.story]\ntemplate = \"../../etc/passwd\"\n")
        .expect(1, &["backlog/backlog.toml:3 CFG002"]);
}
