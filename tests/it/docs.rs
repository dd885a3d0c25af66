//! Tests that keep docs/ in step with the code.
//!
//! `docs/rules.md` has one section per registered rule, in registry order, stating its default
//! level; its examples written as files are replayed against the real binary, so a changed
//! message fails here. `docs/items.md` names every frontmatter field the tool reads,
//! `docs/config.md` every key of the default agreement, and their examples parse cleanly.
//! `action.yml`, `.pre-commit-hooks.yaml` and the example workflow keep their essential lines
//! (there is no YAML parser among the dependencies, so those are string checks).

use crate::support::TestRepo;
use backlog::config::{Config, Level, Requirements};
use backlog::diagnostic::Diagnostic;
use backlog::item::KNOWN_FIELDS;
use backlog::lint::{RULES, Rule};
use backlog::text::Source;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn read(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn level_name(level: Level) -> String {
    match serde_json::to_value(level) {
        Ok(Value::String(s)) => s,
        other => panic!("a level serialises as a string, not {other:?}"),
    }
}

/// A fenced block: its info string, its text, and the line before it that is not blank.
struct Block {
    info: String,
    text: String,
    intro: String,
}

/// The `## ` sections of a Markdown text: heading and body lines.
fn sections(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && let Some(heading) = line.strip_prefix("## ") {
            out.push((heading.to_owned(), Vec::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push(line);
        }
    }
    out
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut intro = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(info) = line.strip_prefix("```") {
            let mut text = String::new();
            i += 1;
            while i < lines.len() && lines[i] != "```" {
                text.push_str(lines[i]);
                text.push('\n');
                i += 1;
            }
            assert!(i < lines.len(), "unclosed code block after {intro:?}");
            out.push(Block {
                info: info.trim().to_owned(),
                text,
                intro: std::mem::take(&mut intro),
            });
        } else if !line.trim().is_empty() {
            intro = line.to_owned();
        }
        i += 1;
    }
    out
}

fn rules_md() -> Vec<(String, Vec<String>)> {
    sections(&read("docs/rules.md"))
        .into_iter()
        .map(|(h, body)| (h, body.into_iter().map(str::to_owned).collect()))
        .collect()
}

fn section_of<'a>(docs: &'a [(String, Vec<String>)], rule: &Rule) -> &'a [String] {
    let heading = format!("{} {}", rule.code, rule.name);
    docs.iter()
        .find(|(h, _)| *h == heading)
        .map(|(_, body)| body.as_slice())
        .unwrap_or_else(|| panic!("docs/rules.md has no section `## {heading}`"))
}

#[test]
fn rules_md_has_one_section_per_rule_in_registry_order() {
    let headings: Vec<String> = rules_md().into_iter().map(|(h, _)| h).collect();
    let expected: Vec<String> = RULES
        .iter()
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    assert_eq!(
        headings, expected,
        "the `## CODE name` headings of docs/rules.md must list the rule registry, in order"
    );
}

#[test]
fn rules_md_states_each_default_level() {
    let docs = rules_md();
    for rule in RULES {
        let body = section_of(&docs, rule);
        let stated: Vec<&String> = body
            .iter()
            .filter(|l| l.starts_with("Default level:"))
            .collect();
        let expected = format!("Default level: `{}`.", level_name(rule.level));
        assert_eq!(
            stated,
            [&expected],
            "{} must state its default level once, as {expected:?}",
            rule.code
        );
    }
}

#[test]
fn rules_md_shows_a_message_and_a_fix_for_each_rule() {
    let docs = rules_md();
    for rule in RULES {
        let body = section_of(&docs, rule);
        let lines: Vec<&str> = body.iter().map(String::as_str).collect();
        let shown = blocks(&lines).into_iter().any(|b| {
            b.info == "text"
                && (b.text.starts_with(&format!("error[{}]: ", rule.code))
                    || b.text.starts_with(&format!("warning[{}]: ", rule.code)))
        });
        assert!(shown, "{}: no example message in a text block", rule.code);
        for part in ["Why: ", "Fix: ", "Example"] {
            assert!(
                lines.iter().any(|l| l.starts_with(part)),
                "{}: no line starting with {part:?}",
                rule.code
            );
        }
    }
}

/// Lines without trailing white space, which Markdown editors tend to strip.
fn normalise(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The file a block stands for: its intro is exactly "`PATH`:".
fn fixture_path(block: &Block) -> Option<&str> {
    let path = block.intro.strip_prefix('`')?.strip_suffix("`:")?;
    (!path.contains('`')).then_some(path)
}

/// The expected output of `backlog lint`: the text block introduced by "`backlog lint` says...:".
fn expected_output(blocks: &[Block]) -> Option<&str> {
    blocks
        .iter()
        .find(|b| b.info == "text" && b.intro.starts_with("`backlog lint` says"))
        .map(|b| b.text.as_str())
}

#[test]
fn rules_md_examples_give_the_messages_shown() {
    let docs = rules_md();
    let mut replayed = Vec::new();
    for rule in RULES {
        let body = section_of(&docs, rule);
        let lines: Vec<&str> = body.iter().map(String::as_str).collect();
        let blocks = blocks(&lines);
        let files: Vec<(&str, &str)> = blocks
            .iter()
            .filter_map(|b| fixture_path(b).map(|p| (p, b.text.as_str())))
            .collect();
        let Some(expected) = expected_output(&blocks) else {
            continue;
        };
        if files.is_empty() {
            continue;
        }
        let repo = TestRepo::plain();
        repo.config("prefix = \"MS\"\n");
        if !body
            .iter()
            .any(|l| l.contains("there is no `backlog/ranking.txt`"))
        {
            repo.ranking("");
        }
        std::fs::create_dir_all(repo.path().join("backlog/items"))
            .unwrap_or_else(|e| panic!("mkdir: {e}"));
        for (path, text) in &files {
            repo.write(path, text);
        }
        let run = repo.backlog(&["lint"]);
        assert!(
            normalise(&run.stdout).contains(&normalise(expected)),
            "{}: docs/rules.md shows\n{expected}\nbut `backlog lint` printed\n{}{}",
            rule.code,
            run.stdout,
            run.stderr
        );
        replayed.push(rule.code);
    }
    // Rules whose examples need bytes Markdown cannot hold, a special file, or git history
    // (POL, replayed below) are given as shell commands; every other rule is replayed.
    let by_shell = [
        "ECO003", "ENC001", "ENC002", "FM010", "FM020", "FS001", "FS002", "FS003", "GIT002",
        "PATH004", "PATH010", "POL001", "POL002", "POL003", "POL004", "TXT001",
    ];
    let expected: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !by_shell.contains(c))
        .collect();
    assert_eq!(replayed, expected, "rules whose examples were replayed");
}

/// The commit hash in a policy message differs from run to run of the docs' author.
fn mask_commits(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let hash = rest
            .get(..8)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && rest[8..].starts_with(' '));
        if hash.is_some() {
            out.push_str("<commit>");
            rest = &rest[8..];
        }
    }
    out.push_str(rest);
    out
}

fn epic(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nkind = \"epic\"\nstate = \"refining\"\nowner = \"dana@midwest.example\"\n+++\n\n## Outcome\nThe leagues run on the new platform.\n"
    )
}

/// `main` with three Ready items and the ranking of the POL examples, checked out on a branch.
fn policy_repo(config: &str) -> TestRepo {
    let repo = TestRepo::git();
    repo.config(config);
    repo.item("MS-1-chicago.md", &epic("Run the Chicago leagues"));
    repo.item(
        "MS-2-sign-in.md",
        &epic("Admins sign in with an email link"),
    );
    repo.item("MS-3-import.md", &epic("Import the league spreadsheets"));
    repo.ranking("MS-1   # the Chicago launch is the season's goal\nMS-2\nMS-3\n");
    repo.commit("Start the backlog");
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    repo
}

fn commit_as_sam(repo: &TestRepo, message: &str) {
    repo.git_ok(&["add", "-A"]);
    repo.git_ok(&[
        "commit",
        "-q",
        "--author",
        "Sam <sam@midwest.example>",
        "-m",
        message,
    ]);
}

#[track_caller]
fn assert_policy_example(code: &str, repo: &TestRepo, shown: &[&str]) {
    let docs = rules_md();
    let rule = RULES
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no rule {code}"));
    let body = section_of(&docs, rule);
    let lines: Vec<&str> = body.iter().map(String::as_str).collect();
    let blocks = blocks(&lines);
    for text in shown {
        assert!(
            blocks.iter().any(|b| b.text == *text),
            "{code}: docs/rules.md should show\n{text}"
        );
    }
    let expected = blocks
        .iter()
        .find(|b| b.info == "text" && b.intro.starts_with("`backlog lint --since main` says"))
        .unwrap_or_else(|| panic!("{code}: no output of `backlog lint --since main`"));
    let run = repo.backlog(&["lint", "--since", "main"]);
    assert!(
        mask_commits(&normalise(&run.stdout)).contains(&mask_commits(&normalise(&expected.text))),
        "{code}: docs/rules.md shows\n{}\nbut `backlog lint --since main` printed\n{}{}",
        expected.text,
        run.stdout,
        run.stderr
    );
}

#[test]
fn rules_md_policy_examples_give_the_messages_shown() {
    let ranking = "MS-3\nMS-1   # the Chicago launch is the season's goal\nMS-2\n";
    let repo = policy_repo("prefix = \"MS\"\n");
    repo.ranking(ranking);
    commit_as_sam(&repo, "Put the import first");
    assert_policy_example("POL001", &repo, &[ranking]);

    let config = "prefix = \"MS\"\n\n[policy]\nrankers = [\"dana@midwest.example\"]\n";
    let ranking = "MS-1   # the Chicago launch is the season's goal\nMS-3   # sponsors need it before the season starts\nMS-2\n";
    let repo = policy_repo(config);
    repo.ranking(ranking);
    commit_as_sam(&repo, "Sponsors first");
    assert_policy_example("POL002", &repo, &[config, ranking]);

    let config = "prefix = \"MS\"\n\n[policy]\nintake_fields = [\"owner\"]\n";
    let item = "+++\ntitle = \"Export a team roster\"\nkind = \"story\"\nstate = \"draft\"\n+++\n";
    let repo = policy_repo(config);
    repo.item("MS-4-export-rosters.md", item);
    commit_as_sam(&repo, "Add MS-4");
    assert_policy_example("POL003", &repo, &[config, item]);

    let ranking = "MS-1   # the Chicago launch is the season's goal\nMS-3\nMS-2\n";
    let repo = policy_repo("prefix = \"MS\"\n");
    repo.ranking(ranking);
    commit_as_sam(&repo, "Swap the import and the sign-in");
    assert_policy_example("POL004", &repo, &[ranking]);
}

/// True when `name` is a heading (`### \`name\``) or the first cell of a table row.
fn documents_field(text: &str, name: &str) -> bool {
    let code = format!("`{name}`");
    text.lines().any(|line| {
        let line = line.trim();
        (line.starts_with('#') && line.trim_start_matches('#').trim() == code)
            || line
                .strip_prefix('|')
                .and_then(|row| row.split('|').next())
                .is_some_and(|cell| cell.trim() == code)
    })
}

#[test]
fn items_md_documents_every_known_field() {
    let text = read("docs/items.md");
    let missing: Vec<&&str> = KNOWN_FIELDS
        .iter()
        .filter(|f| !documents_field(&text, f))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/items.md needs a `### \\`field\\`` heading or a table row for {missing:?}"
    );
}

fn parse_item(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    backlog::item::parse(&Source::new(text.to_owned()), "docs", &mut out);
    out
}

#[test]
fn items_md_examples_parse_cleanly() {
    let text = read("docs/items.md");
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for block in blocks(&lines) {
        let problems = match block.info.as_str() {
            "markdown" if block.text.starts_with("+++\n") => parse_item(&block.text),
            // A frontmatter snippet: the lines between the +++ of an item.
            "toml" => parse_item(&format!("+++\n{}+++\n", block.text)),
            _ => continue,
        };
        assert!(
            problems.is_empty(),
            "docs/items.md example does not parse cleanly:\n{}\n{problems:?}",
            block.text
        );
        checked += 1;
    }
    assert!(
        checked > KNOWN_FIELDS.len(),
        "only {checked} examples found"
    );
}

/// Every key path of a serialised config: `ready.top`, `kinds.<kind>.ready.fields`, ...
fn key_paths(prefix: &str, value: &Value, out: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        out.push(path.clone());
        key_paths(&path, child, out);
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| panic!("cannot serialise: {e}"))
}

#[test]
fn config_md_documents_every_key() {
    let mut config = to_json(&Config::default());
    let Value::Object(map) = &mut config else {
        panic!("the config serialises as an object")
    };
    // Kinds and states are the team's names: document the keys of one entry, by placeholder.
    let kinds = map.remove("kinds").unwrap_or(Value::Null);
    let story = kinds
        .get("story")
        .cloned()
        .unwrap_or_else(|| panic!("the default kinds include story: {kinds}"));
    map.remove("requirements");
    let mut paths = vec!["kinds".to_owned(), "requirements".to_owned()];
    key_paths("", &config, &mut paths);
    paths.push("kinds.<kind>".to_owned());
    key_paths("kinds.<kind>", &story, &mut paths);
    paths.push("requirements.<state>".to_owned());
    key_paths(
        "requirements.<state>",
        &to_json(&Requirements::default()),
        &mut paths,
    );
    let text = read("docs/config.md");
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !text.contains(&format!("`{p}`")) && !text.contains(&format!("`[{p}]`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/config.md never names these keys (as `path` or `[path]`): {missing:?}"
    );
}

#[test]
fn config_md_examples_are_valid() {
    let text = read("docs/config.md");
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for block in blocks(&lines).into_iter().filter(|b| b.info == "toml") {
        let mut out = Vec::new();
        Config::parse(&Source::new(block.text.clone()), "backlog.toml", &mut out);
        assert!(
            out.is_empty(),
            "docs/config.md example is not a valid backlog.toml:\n{}\n{out:?}",
            block.text
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples found");
}

/// The text of every `run: |` block of a YAML file.
fn run_scripts(yaml: &str) -> Vec<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut scripts = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("run: |") {
            let mut script = String::new();
            i += 1;
            while i < lines.len()
                && (lines[i].trim().is_empty()
                    || lines[i].len() - lines[i].trim_start().len() > indent)
            {
                script.push_str(lines[i].trim_start());
                script.push('\n');
                i += 1;
            }
            scripts.push(script);
            continue;
        }
        if let Some(one) = line.trim_start().strip_prefix("run: ") {
            scripts.push(one.to_owned());
        }
        i += 1;
    }
    scripts
}

#[test]
fn action_is_a_composite_with_the_documented_inputs() {
    let action = read("action.yml");
    let lines: Vec<&str> = action.lines().collect();
    for needed in ["runs:", "  using: composite", "inputs:"] {
        assert!(
            lines.contains(&needed),
            "action.yml lacks the line {needed:?}"
        );
    }
    for input in ["version", "path", "since", "root", "args"] {
        assert!(
            lines.contains(&format!("  {input}:").as_str()),
            "action.yml lacks the input {input}"
        );
        assert!(
            read("docs/ci.md").contains(&format!("| `{input}` |")),
            "docs/ci.md does not describe the input {input}"
        );
    }
    let scripts = run_scripts(&action);
    assert_eq!(scripts.len(), 2, "install and lint steps");
    for script in &scripts {
        assert!(
            script.starts_with("set -euo pipefail\n"),
            "every step starts with set -euo pipefail:\n{script}"
        );
        assert!(
            !script.contains("${{"),
            "expressions reach the scripts through env, never the script text:\n{script}"
        );
    }
    let shells = lines.iter().filter(|l| l.trim() == "shell: bash").count();
    assert_eq!(shells, scripts.len(), "every step uses bash");
    assert!(scripts[0].contains("cargo install --locked --force --path \"$src\""));
    assert!(action.contains("ACTION_PATH: ${{ github.action_path }}"));
    assert!(scripts[1].contains("lint --format github"));
    assert!(scripts[1].contains("lint+=(--since \"$since\")"));
    assert!(scripts[1].contains("diff \"$base..HEAD\""));
    assert!(scripts[1].trim_end().ends_with("exit \"$code\""));
}

#[test]
fn pre_commit_hooks_offer_rust_and_system() {
    let hooks = read(".pre-commit-hooks.yaml");
    let entries: Vec<&str> = hooks.split("\n- ").skip(1).collect();
    assert_eq!(entries.len(), 2, "two hooks:\n{hooks}");
    for (entry, id, language) in [
        (entries[0], "backlog-lint", "rust"),
        (entries[1], "backlog-lint-system", "system"),
    ] {
        let lines: Vec<&str> = entry.lines().map(str::trim).collect();
        for needed in [
            format!("id: {id}"),
            format!("language: {language}"),
            "entry: backlog lint".to_owned(),
            "pass_filenames: false".to_owned(),
            r"files: '(^|/)(backlog|items|templates)/|(^|/)(\.?backlog\.toml|ranking\.txt)$'"
                .to_owned(),
        ] {
            assert!(
                lines.contains(&needed.as_str()),
                "hook {id} lacks {needed:?}:\n{entry}"
            );
        }
        assert!(read("docs/ci.md").contains(&format!("- id: {id}")));
    }
}

#[test]
fn example_workflow_fetches_history_and_lints_since_the_base() {
    let workflow = read("docs/github-workflow.yml");
    let lines: Vec<&str> = workflow.lines().map(str::trim).collect();
    for needed in [
        "on:",
        "pull_request:",
        "- uses: actions/checkout@v4",
        "fetch-depth: 0",
        "BASE_REF: ${{ github.base_ref }}",
        "run: backlog lint --format github --since \"origin/$BASE_REF\"",
    ] {
        assert!(
            lines.contains(&needed),
            "docs/github-workflow.yml lacks the line {needed:?}"
        );
    }
    for script in run_scripts(&workflow) {
        assert!(
            !script.contains("${{"),
            "expressions reach the scripts through env: {script}"
        );
    }
    let ci = read("docs/ci.md");
    for needed in [
        "/backlog/ranking.txt  @org/product-owners",
        "Require review from Code Owners",
        "`GIT001`",
        "`ORD002`",
        "language: system",
    ] {
        assert!(ci.contains(needed), "docs/ci.md lacks {needed:?}");
    }
}

/// A real YAML parser and GitHub's own schemas (vendored in check-jsonschema, GitLab CI's too)
/// must accept what users point `uses:`, pre-commit and `.gitlab-ci.yml` at; a line-based
/// check cannot see YAML's quoting rules.
#[test]
#[ignore = "needs python3 with PyYAML and check-jsonschema (.ci/run installs them)"]
fn yaml_files_parse_and_match_github_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("action.yml"), root.join(".pre-commit-hooks.yaml")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap_or_else(|e| panic!("docs/: {e}")) {
        let path = entry.unwrap_or_else(|e| panic!("docs/: {e}")).path();
        if path.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            files.push(path);
        }
    }
    for file in &files {
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import sys, yaml; yaml.safe_load(open(sys.argv[1], encoding='utf-8'))",
            ])
            .arg(file)
            .output()
            .unwrap_or_else(|e| panic!("python3: {e}"));
        assert!(
            out.status.success(),
            "{} is not valid YAML:\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for (schema, file) in [
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "docs/github-workflow.yml"),
        ("vendor.gitlab-ci", "docs/gitlab-ci.yml"),
    ] {
        let out = std::process::Command::new("check-jsonschema")
            .args(["--builtin-schema", schema])
            .arg(root.join(file))
            .output()
            .unwrap_or_else(|e| panic!("check-jsonschema: {e}"));
        assert!(
            out.status.success(),
            "{file} fails GitHub's schema:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
