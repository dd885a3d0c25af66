//! `lint --format junit` (parsed back as XML) and `lint --format gitlab` (Code Quality JSON
//! with fingerprints that survive a second run and an unrelated edit).

use crate::support::{TestRepo, draft_story, ready_story};
use quick_xml::events::Event;
use std::collections::BTreeMap;

/// A test case of a JUnit report: its attributes and the failures' `type`s and texts.
#[derive(Debug, Default)]
struct Case {
    attrs: BTreeMap<String, String>,
    failures: Vec<(String, String)>,
    out: String,
}

/// Parses the report with a real XML reader (well-formed or panic), returning the suites'
/// attributes and the cases.
fn junit(xml: &str) -> (BTreeMap<String, String>, Vec<Case>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let attrs = |e: &quick_xml::events::BytesStart| -> BTreeMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.unwrap_or_else(|e| panic!("bad attribute: {e}\n{xml}"));
                let key = a.key.as_ref().to_owned();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .unwrap_or_else(|e| panic!("bad escape: {e}\n{xml}"))
                    .into_owned();
                (key, value)
            })
            .collect()
    };
    let (mut suite, mut cases) = (BTreeMap::new(), Vec::new());
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Err(e) => panic!(
                "not well-formed XML at {}: {e}\n{xml}",
                reader.error_position()
            ),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                let name = e.name().as_ref().to_owned();
                match name.as_str() {
                    "testsuite" => suite = attrs(&e),
                    "testcase" => cases.push(Case {
                        attrs: attrs(&e),
                        ..Case::default()
                    }),
                    "failure" => {
                        let a = attrs(&e);
                        if let Some(case) = cases.last_mut() {
                            case.failures
                                .push((a["type"].clone(), a["message"].clone()));
                        }
                    }
                    _ => {}
                }
                open.push(name);
                text.clear();
            }
            Ok(Event::Empty(e)) => {
                if e.name().as_ref() == "testcase" {
                    cases.push(Case {
                        attrs: attrs(&e),
                        ..Case::default()
                    });
                }
            }
            Ok(Event::Text(t)) => text.push_str(&t),
            Ok(Event::GeneralRef(r)) => {
                let name = r.into_inner().into_owned();
                text.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    "#10" => "\n",
                    "#9" => "\t",
                    other => panic!("unexpected reference &{other};\n{xml}"),
                });
            }
            Ok(Event::End(_)) => {
                if open.pop().as_deref() == Some("system-out")
                    && let Some(case) = cases.last_mut()
                {
                    case.out = text.clone();
                }
            }
            Ok(_) => {}
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
    (suite, cases)
}

/// MS-1 clean, MS-2 with an error whose message quotes hostile text, MS-3 with a warning, and
/// a ranking finding.
fn findings_repo() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("Fine"));
    repo.item(
        "MS-2-x.md",
        "+++\ntitle = \"x\"\nkind = \"story\"\nstate = \"<b>&\\\"'\\u001b[31m\\u0007\\u0085\\u202e\"\n+++\n",
    );
    repo.item(
        "MS-3-x.md",
        &draft_story("Warned").replace("+++\n\n", "titel = \"typo\"\n+++\n\n"),
    );
    repo.ranking("MS-1\nMS-404\n");
    repo
}

#[test]
fn junit_is_well_formed_with_a_case_per_item_and_failures_for_errors() {
    let repo = findings_repo();
    let (lint, findings) = repo.lint_json(&[]);
    lint.code(1);
    let run = repo.backlog(&["lint", "--format", "junit"]);
    run.code(1);
    assert!(
        run.stdout
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    );
    let (suite, cases) = junit(&run.stdout);
    let names: Vec<&str> = cases.iter().map(|c| c.attrs["name"].as_str()).collect();
    assert_eq!(names, ["MS-1", "MS-2", "MS-3", "backlog/ranking.txt"]);
    assert_eq!(cases[0].attrs["file"], "backlog/items/MS-1-x.md");
    assert!(cases[0].failures.is_empty());
    assert_eq!(suite["tests"], "4");
    let failing = cases.iter().filter(|c| !c.failures.is_empty()).count();
    assert_eq!(suite["failures"], failing.to_string());
    // Every error finding is a failure of its file's case; warnings are not.
    for f in &findings {
        let case = cases
            .iter()
            .find(|c| c.attrs["file"] == f.path)
            .unwrap_or_else(|| panic!("no case for {}", f.path));
        let failed = case.failures.iter().any(|(t, _)| *t == f.rule);
        assert_eq!(failed, f.severity == "error", "{f:?} in {case:?}");
    }
    let ms2 = &cases[1];
    assert!(!ms2.failures.is_empty(), "{ms2:?}");
    let message = &ms2.failures[0].1;
    assert!(
        message.contains("<b>&\"'"),
        "markup comes back as text: {message}"
    );
    assert!(
        !message.chars().any(|c| c.is_control() || c == '\u{202E}'),
        "control characters are stripped: {message:?}"
    );
    let ms3 = &cases[2];
    assert!(
        ms3.failures.is_empty() && ms3.out.contains("titel"),
        "{ms3:?}"
    );
    // With --deny-warnings the warning fails its case too.
    let run = repo.backlog(&["lint", "--format", "junit", "--deny-warnings"]);
    let (_, cases) = junit(&run.stdout);
    assert!(!cases[2].failures.is_empty(), "{:?}", cases[2]);
}

#[test]
fn junit_of_a_clean_backlog_passes_and_paths_narrow_it() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("Fine"));
    repo.item("MS-2-x.md", &ready_story("Also fine"));
    let run = repo.backlog(&["lint", "--format", "junit"]);
    run.code(0);
    let (suite, cases) = junit(&run.stdout);
    assert_eq!(
        (suite["tests"].as_str(), suite["failures"].as_str()),
        ("2", "0")
    );
    assert_eq!(cases.len(), 2);
    let run = repo.backlog(&["lint", "--format", "junit", "backlog/items/MS-2-x.md"]);
    let (_, cases) = junit(&run.stdout);
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].attrs["name"], "MS-2");
}

fn gitlab(repo: &TestRepo) -> Vec<serde_json::Value> {
    let run = repo.backlog(&["lint", "--format", "gitlab"]);
    run.code(1);
    run.json()
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("not an array:\n{}", run.stdout))
}

fn fingerprints(report: &[serde_json::Value]) -> BTreeMap<String, String> {
    report
        .iter()
        .map(|f| {
            (
                f["fingerprint"].as_str().unwrap_or_default().to_owned(),
                format!("{} {}", f["check_name"], f["location"]["path"]),
            )
        })
        .collect()
}

#[test]
fn gitlab_code_quality_shape() {
    let repo = findings_repo();
    let (_, findings) = repo.lint_json(&[]);
    let report = gitlab(&repo);
    assert_eq!(report.len(), findings.len());
    for (f, finding) in report.iter().zip(&findings) {
        assert_eq!(f["check_name"], finding.rule.as_str(), "{f}");
        assert_eq!(f["location"]["path"], finding.path.as_str(), "{f}");
        assert_eq!(f["location"]["lines"]["begin"], finding.line, "{f}");
        let severity = f["severity"].as_str().unwrap_or_default();
        assert_eq!(
            severity,
            if finding.severity == "error" {
                "major"
            } else {
                "minor"
            },
            "{f}"
        );
        let description = f["description"].as_str().unwrap_or_default();
        assert!(description.starts_with(finding.rule.as_str()), "{f}");
        let fp = f["fingerprint"].as_str().unwrap_or_default();
        assert!(
            fp.len() == 32 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
            "{f}"
        );
    }
    assert_eq!(
        fingerprints(&report).len(),
        report.len(),
        "fingerprints are unique"
    );
    // A clean backlog is an empty report.
    let clean = TestRepo::with_backlog();
    let run = clean.backlog(&["lint", "--format", "gitlab"]);
    run.code(0);
    assert_eq!(run.json(), serde_json::json!([]));
}

#[test]
fn gitlab_fingerprints_survive_a_rerun_and_an_unrelated_edit() {
    let repo = findings_repo();
    let first = fingerprints(&gitlab(&repo));
    assert_eq!(
        first,
        fingerprints(&gitlab(&repo)),
        "the same on a second run"
    );
    // Lines move above every finding of MS-3 and MS-2, and another item changes.
    let ms3 = repo.read("backlog/items/MS-3-x.md");
    repo.item(
        "MS-3-x.md",
        &ms3.replacen("+++\n", "+++\n# a comment\n# and another\n", 1),
    );
    let ms2 = repo.read("backlog/items/MS-2-x.md");
    repo.item("MS-2-x.md", &ms2.replacen("+++\n", "+++\n\n\n", 1));
    repo.item("MS-1-x.md", &ready_story("Fine, renamed"));
    let after = gitlab(&repo);
    let moved = after.iter().any(|f| {
        f["location"]["path"] == "backlog/items/MS-3-x.md" && f["location"]["lines"]["begin"] != 2
    });
    assert!(moved, "the edit moved a finding's line: {after:?}");
    assert_eq!(
        first,
        fingerprints(&after),
        "fingerprints do not follow lines"
    );
    // A new finding gets a new fingerprint, the old ones stay.
    repo.item("MS-4-x.md", "no frontmatter\n");
    let more = fingerprints(&gitlab(&repo));
    assert_eq!(more.len(), first.len() + 1);
    assert!(first.keys().all(|k| more.contains_key(k)));
}

#[test]
fn the_gitlab_recipe_uploads_both_reports_and_lints_since_the_target() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/gitlab-ci.yml");
    let recipe = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = recipe.lines().map(str::trim).collect();
    for needed in [
        "GIT_DEPTH: \"0\"",
        "- backlog lint --format gitlab > gl-code-quality-report.json || true",
        "- backlog lint --format junit > backlog-junit.xml || true",
        "- backlog lint --since \"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\"",
        "codequality: gl-code-quality-report.json",
        "junit: backlog-junit.xml",
    ] {
        assert!(
            lines.contains(&needed),
            "docs/gitlab-ci.yml lacks {needed:?}"
        );
    }
    let ci = std::fs::read_to_string(path.with_file_name("ci.md")).unwrap_or_default();
    assert!(
        ci.contains("](gitlab-ci.yml)"),
        "docs/ci.md points at the recipe"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    assert!(
        readme.contains("](docs/gitlab-ci.yml)"),
        "README points at the recipe"
    );
}
