//! Each capability: completion, hover, definition, references, document symbols, code
//! actions (the same edits as `lint --fix`, byte for byte).

use super::client::{Client, uri};
use super::{BROKEN, apply_edits, canonical, fixture, item_path};
use serde_json::{Value, json};

fn labels(answer: &Value) -> Vec<String> {
    answer["result"]
        .as_array()
        .unwrap_or_else(|| panic!("no completion list: {answer}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn completion_offers_ids_kinds_states_keys_and_tags_where_they_belong() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let file = item_path(&repo, "MS-3-draft.md");
    let text =
        "+++\ntitle = \"Draft idea\"\nkind = \"\"\nstate = \nde\ndepends_on = [\"\ntags = [\n+++\n";
    client.open(&file, text);
    // kind = "|"  → the kinds of backlog.toml, bare inside the quotes.
    let kinds = client.at("completion", &file, 2, 8);
    assert_eq!(labels(&kinds), ["bug", "debt", "epic", "spike", "story"]);
    assert_eq!(kinds["result"][0]["insertText"], "bug");
    // state = |  → the states, quoted.
    let states = client.at("completion", &file, 3, 8);
    assert_eq!(
        labels(&states),
        ["draft", "refining", "ready", "doing", "done", "dropped"]
    );
    assert_eq!(states["result"][0]["insertText"], "\"draft\"");
    // A key being typed: the known keys the item lacks.
    let keys = labels(&client.at("completion", &file, 4, 2));
    assert!(
        keys.contains(&"owner".to_owned()) && keys.contains(&"estimate".to_owned()),
        "{keys:?}"
    );
    assert!(
        !keys.contains(&"title".to_owned()),
        "title is there already: {keys:?}"
    );
    // depends_on: other items' IDs with their titles, in priority order.
    let ids = client.at("completion", &file, 5, 15);
    assert_eq!(labels(&ids), ["MS-1", "MS-2"]);
    assert_eq!(ids["result"][0]["detail"], "Teams 🎉 page");
    // tags: the tags the backlog already uses.
    let tags = labels(&client.at("completion", &file, 6, 8));
    // (MS-3's own tags are in the half-typed buffer, which does not parse.)
    assert_eq!(tags, ["schedule"]);
    // ranking.txt: IDs at a line start, nothing in a reason.
    let ranking = canonical(&repo).join("backlog/ranking.txt");
    let ids = labels(&client.at("completion", &ranking, 2, 0));
    assert!(
        ids.starts_with(&["MS-1".to_owned(), "MS-2".to_owned()]),
        "{ids:?}"
    );
    assert_eq!(
        labels(&client.at("completion", &ranking, 1, 12)),
        Vec::<String>::new()
    );
    client.shutdown();
}

#[test]
fn hover_on_an_id_shows_title_rank_reason_state_and_what_it_lacks() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let ranking = canonical(&repo).join("backlog/ranking.txt");
    let hover = client.at("hover", &ranking, 1, 2);
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("**MS-1** Teams 🎉 page"), "{text}");
    assert!(text.contains("state `ready`"), "{text}");
    assert!(text.contains("rank #1: launch blocker"), "{text}");
    assert!(
        text.contains("Ready: no (required: its state is `ready`); lacks `owner`, `## Problem`"),
        "{text}"
    );
    assert_eq!(
        hover["result"]["range"]["start"],
        json!({"line": 1, "character": 0})
    );
    // From a depends_on value in another item.
    let other = item_path(&repo, "MS-2-schedule.md");
    let hover = client.at("hover", &other, 7, 16);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("**MS-1**"),
        "{hover}"
    );
    // Not on an ID: nothing.
    assert_eq!(client.at("hover", &ranking, 0, 3)["result"], Value::Null);
    client.shutdown();
}

#[test]
fn definition_and_references_follow_ids_across_files() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let other = item_path(&repo, "MS-2-schedule.md");
    let target = item_path(&repo, "MS-1-teams.md");
    let found = client.at("definition", &other, 7, 16);
    assert_eq!(found["result"]["uri"], uri(&target), "{found}");
    let refs = client.at("references", &target, 0, 0);
    let mut got: Vec<(String, u64, u64)> = refs["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{refs}"))
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap_or_default();
            let file = uri.rsplit('/').next().unwrap_or_default().to_owned();
            let start = &l["range"]["start"];
            (
                file,
                start["line"].as_u64().unwrap_or(0),
                start["character"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("MS-2-schedule.md".to_owned(), 7, 14),
            ("ranking.txt".to_owned(), 1, 0),
            ("ranking.txt".to_owned(), 4, 0),
        ]
    );
    client.shutdown();
}

#[test]
fn document_symbols_list_ranked_items_and_item_sections() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let ranking = canonical(&repo).join("backlog/ranking.txt");
    let symbols = |client: &mut Client, path: &std::path::Path| -> Vec<(String, String)> {
        let answer = client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri(path) } }),
        );
        answer["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer}"))
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap_or_default().to_owned(),
                    s["detail"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        symbols(&mut client, &ranking),
        [
            ("MS-1".to_owned(), "#1 Teams 🎉 page".to_owned()),
            ("MS-2".to_owned(), "#2 Schedule page".to_owned()),
            ("MS-99".to_owned(), "#3 (no such item)".to_owned()),
        ]
    );
    let item = item_path(&repo, "MS-2-schedule.md");
    assert_eq!(
        symbols(&mut client, &item),
        [
            ("Problem".to_owned(), "##".to_owned()),
            ("Acceptance criteria".to_owned(), "##".to_owned()),
        ]
    );
    client.shutdown();
}

/// Every quick fix of a file, applied together, gives what `lint --fix` writes.
fn fixed_by_code_actions(
    client: &mut Client,
    path: &std::path::Path,
    text: &str,
) -> (String, Vec<String>) {
    let answer = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(path) },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 999, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    let actions = answer["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{answer}"));
    let mut edits = Vec::new();
    let mut titles = Vec::new();
    for action in &actions {
        assert_eq!(action["kind"], "quickfix", "{action}");
        assert!(action["diagnostics"][0]["code"].is_string(), "{action}");
        titles.push(action["title"].as_str().unwrap_or_default().to_owned());
        let changes = &action["edit"]["changes"][uri(path)];
        edits.extend(changes.as_array().cloned().unwrap_or_default());
    }
    (apply_edits(text, &edits), titles)
}

#[test]
fn code_actions_are_the_edits_lint_fix_makes() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let item = item_path(&repo, "MS-1-teams.md");
    let ranking = canonical(&repo).join("backlog/ranking.txt");
    client.open(&item, BROKEN);
    let ranking_text = repo.read("backlog/ranking.txt");
    let (item_fixed, titles) = fixed_by_code_actions(&mut client, &item, BROKEN);
    assert_eq!(
        titles,
        [
            "add `owner = \"\"`",
            "rename `tagz` to `tags`",
            "add the heading `## Problem`"
        ]
    );
    let (ranking_fixed, titles) = fixed_by_code_actions(&mut client, &ranking, &ranking_text);
    assert_eq!(
        titles,
        [
            "remove MS-99 from the ranking (line 4)",
            "remove the second line of MS-1 (line 5)"
        ]
    );
    client.shutdown();
    repo.backlog(&["lint", "--fix"]);
    assert_eq!(repo.read("backlog/items/MS-1-teams.md"), item_fixed);
    assert_eq!(repo.read("backlog/ranking.txt"), ranking_fixed);
    assert_eq!(
        ranking_fixed,
        "# Most important first\nMS-1    # launch blocker\nMS-2\n"
    );
}
