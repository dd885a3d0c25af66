//! The pull-request workflow: SARIF for code scanning, GitHub annotations and the job summary
//! in a scripted PR, and the artefacts generated from the code (completions, man page, schemas).

use crate::support::{TestRepo, draft_story, ready_story};

/// A repository whose `main` has three Ready stories, and a `pr` branch that moves MS-3 up
/// without a reason and breaks MS-2's frontmatter.
fn pull_request() -> TestRepo {
    let repo = TestRepo::with_backlog();
    for (n, title) in [
        (1, "Teams table"),
        (2, "Sponsor filter"),
        (3, "City admins"),
    ] {
        repo.item(&format!("MS-{n}-x.md"), &ready_story(title));
    }
    repo.ranking("MS-1  # launch blocker\nMS-2\nMS-3\n");
    repo.commit("Backlog");
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    repo.backlog(&["rank", "MS-3", "--top"]).code(0);
    repo.item(
        "MS-2-x.md",
        &ready_story("Sponsor filter").replace("estimate = 5", "estimate = \"five\""),
    );
    repo.commit("Move city admins up");
    repo
}

#[test]
fn sarif_points_at_the_broken_line_and_carries_the_rules() {
    let repo = pull_request();
    let run = repo.backlog(&["lint", "--format", "sarif"]);
    run.code(1);
    let doc = run.json();
    assert_eq!(doc["version"], "2.1.0");
    assert!(
        doc["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let runs = doc["runs"]
        .as_array()
        .unwrap_or_else(|| panic!("runs: {doc}"));
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "backlog");
    let rules = driver["rules"]
        .as_array()
        .unwrap_or_else(|| panic!("rules: {driver}"));
    assert_eq!(rules.len(), backlog::lint::RULES.len());
    for (rule, registered) in rules.iter().zip(backlog::lint::RULES) {
        assert_eq!(rule["id"], registered.code);
        assert_eq!(rule["name"], registered.name);
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(
            ["error", "warning", "none"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or(""))
        );
    }
    let results = runs[0]["results"]
        .as_array()
        .unwrap_or_else(|| panic!("results"));
    let fm007 = results
        .iter()
        .find(|r| r["ruleId"] == "FM007")
        .unwrap_or_else(|| panic!("no FM007 result: {results:?}"));
    let index = fm007["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
    assert_eq!(rules[index]["id"], "FM007", "ruleIndex points at its rule");
    assert_eq!(fm007["level"], "error");
    let location = &fm007["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "backlog/items/MS-2-x.md"
    );
    assert_eq!(location["region"]["startLine"], 7);
    assert_eq!(location["region"]["startColumn"], 12);
    // The region ends where the bad value does: `"five"` is 6 characters from column 12.
    assert_eq!(location["region"]["endLine"], 7);
    assert_eq!(location["region"]["endColumn"], 18);
}

/// The fingerprint of each result, by rule and file.
fn fingerprints(repo: &TestRepo) -> Vec<(String, String, String)> {
    let doc = repo.backlog(&["lint", "--format", "sarif"]).json();
    let mut out: Vec<(String, String, String)> = doc["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or("").to_owned(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                r["partialFingerprints"]["backlogFinding/v1"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn sarif_fingerprints_survive_lines_moving_and_rules_link_to_their_docs() {
    let repo = pull_request();
    let before = fingerprints(&repo);
    assert!(before.iter().all(|(_, _, f)| f.len() > 17), "{before:?}");
    let distinct: std::collections::BTreeSet<&String> = before.iter().map(|(_, _, f)| f).collect();
    assert_eq!(distinct.len(), before.len(), "one fingerprint per finding");
    // A line added above the broken field moves it down; its fingerprint stays.
    let path = "backlog/items/MS-2-x.md";
    let text = repo.read(path);
    repo.write(
        path,
        text.replacen("title = ", "tags = [\"x\"]\ntitle = ", 1),
    );
    assert_eq!(fingerprints(&repo), before);

    let doc = repo.backlog(&["lint", "--format", "sarif"]).json();
    let driver = &doc["runs"][0]["tool"]["driver"];
    let home = driver["informationUri"].as_str().unwrap_or("").to_owned();
    assert_eq!(home, env!("CARGO_PKG_REPOSITORY"));
    let rules_md = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"),
    )
    .unwrap_or_default();
    for rule in driver["rules"].as_array().into_iter().flatten() {
        let uri = rule["helpUri"].as_str().unwrap_or("");
        let anchor = uri
            .strip_prefix(&format!("{home}/blob/main/docs/rules.md#"))
            .unwrap_or_else(|| panic!("helpUri {uri}"));
        // GitHub's anchor of `## CODE name`.
        let heading = format!(
            "## {} {}",
            rule["id"].as_str().unwrap_or(""),
            rule["name"].as_str().unwrap_or("")
        );
        assert!(rules_md.contains(&format!("{heading}\n")), "{heading}");
        assert_eq!(anchor, heading[3..].to_ascii_lowercase().replace(' ', "-"));
    }
    // The help keeps the registry's code spans as code.
    let fm007 = driver["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["id"] == "DOR001")
        .map(|r| r["help"]["markdown"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default();
    assert!(fm007.starts_with("**How to fix:** "), "{fm007}");
    assert!(
        !fm007.contains("\\`"),
        "code spans are not escaped: {fm007}"
    );
}

#[test]
fn a_pull_request_gets_annotations_a_summary_and_exit_1() {
    let repo = pull_request();
    let summary = repo.path().join("summary.md");
    let run = repo.backlog(&[
        "lint",
        "--format",
        "github",
        "--since",
        "main",
        "--summary",
        summary.to_str().unwrap_or_default(),
    ]);
    run.code(1);
    // The broken field is annotated at its line, and the unexplained move at its ranking line.
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=backlog/items/MS-2-x.md,line=7,col=12,")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().any(
            |l| l.starts_with("::error file=backlog/ranking.txt,line=1,") && l.contains("POL001")
        ),
        "{}",
        run.stdout
    );
    // Every line is a workflow command of ours: none starts with item text.
    assert!(
        run.stdout
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&summary).unwrap_or_default();
    assert!(text.contains("## backlog lint"), "{text}");
    assert!(
        text.contains("| POL001 move-up-without-reason | 1 |"),
        "{text}"
    );
    assert!(text.contains("| FM007 field-type | 1 |"), "{text}");
    assert!(text.contains("### Priority changes"), "{text}");
    assert!(
        text.contains("| `MS-3` | `#3` → `#1` (up 2) | City admins |"),
        "IDs and ranks are code spans (GitHub links no #3 inside one), greppable: {text}"
    );
    assert!(
        !text.contains('\u{200B}'),
        "no invisible characters: {text}"
    );
}

#[test]
fn the_summary_appends_and_github_step_summary_is_honoured() {
    let repo = pull_request();
    let summary = repo.write("summary.md", "earlier step\n");
    let mut cmd = repo.command();
    cmd.env("GITHUB_STEP_SUMMARY", &summary)
        .args(["diff", "main..pr"]);
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&summary).unwrap_or_default();
    assert!(
        text.starts_with("earlier step\n### Priority changes"),
        "{text}"
    );
}

#[test]
fn summaries_escape_item_text() {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-x.md",
        &draft_story("[click](http://evil.example) <img src=x> @here #12 | pipe"),
    );
    repo.ranking("");
    repo.commit("base");
    repo.ranking("MS-1  # see <script>alert(1)</script>\n");
    let run = repo.backlog(&["diff", "HEAD", "--format", "markdown"]);
    run.code(0);
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new_ext(&run.stdout, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("live HTML {h:?} in\n{}", run.stdout),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("live link in\n{}", run.stdout)
            }
            _ => {}
        }
    }
    assert!(run.stdout.contains("`@`here"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{200B}'), "{}", run.stdout);
}

#[test]
fn completions_man_page_and_schemas_come_from_the_code() {
    let repo = TestRepo::plain();
    let commands = [
        "init", "new", "list", "show", "lint", "rank", "unrank", "renumber", "history", "blame",
        "diff",
    ];
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = repo.backlog(&["completions", shell]);
        run.code(0);
        for command in commands {
            assert!(
                run.stdout.contains(command),
                "{shell} completions lack {command}"
            );
        }
    }
    let man = repo.backlog(&["man"]);
    man.code(0);
    assert!(man.stdout.contains(".TH backlog 1"), "{}", man.stdout);
    for command in commands {
        assert!(
            man.stdout.contains(&format!("\\fBbacklog {command}\\fR")),
            "man page lacks {command}"
        );
        // One page: no references to per-command pages that are not installed.
        assert!(
            !man.stdout.contains(&format!("backlog\\-{command}(1)")),
            "man page points at backlog-{command}(1)"
        );
    }
    assert!(man.stdout.contains("\\fICOMMAND\\fR \\fB\\-\\-help\\fR"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (which, file) in [
        ("config", "schema/backlog.schema.json"),
        ("item", "schema/item.schema.json"),
    ] {
        let run = repo.backlog(&["schema", which]);
        run.code(0);
        assert_eq!(
            run.stdout,
            std::fs::read_to_string(root.join(file)).unwrap_or_default()
        );
        assert!(run.json()["$schema"].is_string());
    }
}

#[test]
fn human_and_github_output_cap_findings_per_file() {
    let repo = TestRepo::with_backlog();
    let deps: Vec<String> = (100..400).map(|n| format!("\"MS-{n}\"")).collect();
    repo.item(
        "MS-1-x.md",
        &format!(
            "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\ndepends_on = [{}]\n+++\n",
            deps.join(", ")
        ),
    );
    let human = repo.backlog(&["lint"]);
    human.code(1);
    assert_eq!(
        human.stdout.matches("error[DEP001]").count(),
        50,
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("note: 250 more findings in backlog/items/MS-1-x.md"),
        "{}",
        human.stdout
    );
    assert!(
        human.stderr.contains("300 errors"),
        "the count covers every finding: {}",
        human.stderr
    );
    let github = repo.backlog(&["lint", "--format", "github"]);
    github.code(1);
    assert_eq!(
        github
            .stdout
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        50
    );
    assert!(
        github
            .stdout
            .contains("::warning file=backlog/items/MS-1-x.md::250 more findings"),
        "{}",
        github.stdout
    );
    let json = repo.backlog(&["lint", "--format", "json"]);
    assert_eq!(
        json.json()["diagnostics"].as_array().map(Vec::len),
        Some(300),
        "JSON carries everything"
    );
}

#[test]
fn doctor_finds_and_fixes_leftover_temp_files_and_a_missing_driver() {
    let repo = TestRepo::with_backlog();
    repo.write("backlog/.backlog-tmp-AbC123", "half a ranking");
    repo.write("backlog/items/.backlog-tmp-XyZ", "half an item");
    let run = repo.backlog(&["doctor"]);
    run.code(1)
        .stdout_has("leftover backlog/.backlog-tmp-AbC123")
        .stdout_has("leftover backlog/items/.backlog-tmp-XyZ");
    // lint ignores them: they are not items.
    repo.backlog(&["lint"]).code(0);
    repo.backlog(&["doctor", "--fix"])
        .code(0)
        .stdout_has("removed backlog/.backlog-tmp-AbC123");
    assert!(!repo.path().join("backlog/.backlog-tmp-AbC123").exists());
    repo.backlog(&["doctor"]).code(0).stdout_has("all good");
    // A clone has the .gitattributes line but not the driver in its config.
    repo.git_ok(&[
        "config",
        "--local",
        "--unset",
        "merge.backlog-ranking.driver",
    ]);
    repo.backlog(&["doctor"])
        .code(1)
        .stdout_has("backlog init --merge-driver");
    repo.backlog(&["init", "--merge-driver"]).code(0);
    repo.backlog(&["doctor"]).code(0);
}
