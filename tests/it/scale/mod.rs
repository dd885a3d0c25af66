//! Large inputs under the caps (issue 19): a ranking of many lines that name no item gives
//! a bounded number of findings, each rule's rest counted in one finding, and `rank` still
//! moves a line in it.

use crate::support::{TestRepo, draft_story};

/// Lines past this many of one rule are counted, not listed (`lint::ranking::MAX_PER_RULE`).
const LISTED: usize = 10_000;

#[test]
fn a_long_ranking_of_dangling_lines_gives_bounded_findings() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &draft_story("Real"));
    let mut ranking = String::from("MS-1\n");
    for i in 0..LISTED + 5 {
        ranking.push_str(&format!("MS-{}\n", 100 + i));
    }
    // Malformed lines are bounded too.
    for _ in 0..LISTED + 2 {
        ranking.push_str("not-an-id\n");
    }
    repo.ranking(&ranking);
    let run = repo.backlog(&["lint", "--format", "json"]);
    run.code(1);
    let doc = run.json();
    let findings = doc["diagnostics"].as_array().expect("diagnostics").clone();
    let count = |rule: &str| findings.iter().filter(|d| d["rule"] == rule).count();
    assert_eq!(count("ORD001"), LISTED + 1, "listed plus one count");
    assert_eq!(count("ORD005"), LISTED + 1, "listed plus one count");
    let rest = |rule: &str| {
        findings
            .iter()
            .find(|d| {
                d["rule"] == rule
                    && d["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("more lines"))
            })
            .and_then(|d| d["message"].as_str().map(str::to_owned))
    };
    assert_eq!(
        rest("ORD001").as_deref(),
        Some("5 more lines like the 10000 above are not listed")
    );
    assert_eq!(
        rest("ORD005").as_deref(),
        Some("2 more lines like the 10000 above are not listed")
    );
    // rank still moves one line, one out and one in.
    repo.backlog(&["rank", "MS-1", "--to", "3"]).code(0);
    let after = std::fs::read_to_string(repo.path().join("backlog/ranking.txt"))
        .expect("ranking.txt reads");
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines[..4], ["MS-100", "MS-101", "MS-1", "MS-102"]);
    assert_eq!(lines.len(), ranking.lines().count());
}
