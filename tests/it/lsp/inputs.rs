//! Bad input and the lifecycle: malformed JSON-RPC, unknown methods, requests before
//! `initialize` and after `shutdown`, files outside the backlog, a 50 MB buffer, and the
//! three ways to end (shutdown + exit, exit alone, stdin closing).

use super::client::{Client, uri};
use super::{BROKEN, fixture, item_path};
use crate::support::TestRepo;
use serde_json::{Value, json};

#[test]
fn malformed_messages_get_a_parse_error_and_the_server_keeps_serving() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    for bad in [
        &b"Content-Length: 5\r\n\r\n{oops"[..],
        b"Content-Length: 2\r\n\r\n[]",
        b"Content-Length: x\r\n\r\n",
    ] {
        client.send_raw(bad);
        let answer = client.response_to(&Value::Null);
        assert_eq!(answer["error"]["code"], -32700, "{answer}");
    }
    let unknown = client.request("backlog/frobnicate", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("backlog/frobnicate")
    );
    let bad_params = client.request("textDocument/hover", json!({ "textDocument": 7 }));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // An unknown notification is ignored; the server still answers.
    client.notify("$/somethingNew", json!({}));
    let hover = client.at("hover", &item_path(&repo, "MS-2-schedule.md"), 7, 16);
    assert!(hover["result"]["contents"].is_object(), "{hover}");
    client.shutdown();
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let repo = fixture();
    let mut client = Client::spawn_in(&repo, repo.path());
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    let init = client.request(
        "initialize",
        json!({ "capabilities": {}, "rootUri": uri(repo.path()) }),
    );
    assert!(
        init["result"]["capabilities"]["hoverProvider"]
            .as_bool()
            .unwrap_or(false),
        "{init}"
    );
    let again = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    assert_eq!(
        client.request("shutdown", Value::Null)["result"],
        Value::Null
    );
    let late = client.request("textDocument/hover", json!({}));
    assert_eq!(late["error"]["code"], -32600, "{late}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_1_and_closed_stdin_ends_the_server() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 1, "LSP: exit without shutdown exits 1");
    let mut client = Client::start(&repo, &[repo.path()]);
    assert_eq!(
        client.close_stdin(),
        0,
        "the client went away: a clean exit"
    );
}

#[test]
fn a_file_outside_every_backlog_gets_no_diagnostics_and_empty_answers() {
    let repo = fixture();
    let elsewhere = TestRepo::plain();
    let outside = elsewhere.write("notes/MS-5-x.md", BROKEN);
    let outside = outside.canonicalize().unwrap_or(outside);
    let mut client = Client::start(&repo, &[repo.path()]);
    client.settle();
    client.notes.clear();
    client.open(&outside, BROKEN);
    assert_eq!(client.at("hover", &outside, 1, 3)["result"], Value::Null);
    assert_eq!(client.at("completion", &outside, 2, 8)["result"], json!([]));
    client.settle();
    let about_it: Vec<&Value> = client
        .notes
        .iter()
        .filter(|n| n["params"]["uri"] == uri(&outside).as_str())
        .collect();
    assert!(about_it.is_empty(), "{about_it:?}");
    // A template or README inside the backlog directory is not an item either.
    let readme = repo.write("backlog/notes.md", BROKEN);
    client.open(&readme.canonicalize().unwrap_or(readme.clone()), BROKEN);
    assert_eq!(client.at("hover", &readme, 1, 3)["result"], Value::Null);
    client.shutdown();
}

#[test]
fn a_50_mb_buffer_is_not_checked_and_does_not_stop_the_server() {
    let repo = fixture();
    let mut client = Client::start(&repo, &[repo.path()]);
    let file = item_path(&repo, "MS-1-teams.md");
    client.open(&file, BROKEN);
    client.diagnostics_for(&file, |d| !d.is_empty());
    let mut huge = BROKEN.to_owned();
    huge.push_str(&"x".repeat(50 * 1024 * 1024));
    client.change(&file, 2, &huge);
    let warned = client.wait_note("window/showMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("too large"))
    });
    assert_eq!(warned["type"], 2, "a warning: {warned}");
    client.diagnostics_for(&file, |d| d.is_empty());
    // Back to a normal size: checked again.
    client.change(&file, 3, BROKEN);
    client.diagnostics_for(&file, |d| d.iter().any(|x| x["code"] == "DOR001"));
    client.shutdown();
}
