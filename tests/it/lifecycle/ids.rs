//! Every verb that takes an ID accepts it in any letter case and answers an unknown one with
//! the nearest IDs (exit 2).

use super::*;

#[test]
fn every_verb_taking_an_id_ignores_letter_case() {
    let repo = backlog();
    repo.git_ok(&["add", "-A"]);
    repo.git_ok(&["commit", "-q", "-m", "start"]);
    repo.backlog(&["show", "ms-3"])
        .code(0)
        .stdout_has("MS-3  View teams");
    repo.backlog(&["history", "ms-3"]).code(0);
    repo.backlog(&["rank", "ms-3", "--above", "ms-1"])
        .code(0)
        .stdout_has("MS-3: #2 → #1");
    repo.backlog(&["unrank", "ms-2"])
        .code(0)
        .stdout_has("MS-2: #3 → untriaged");
    repo.backlog(&["set", "ms-4", "tags+=x"])
        .code(0)
        .stdout_has("MS-4: ");
    repo.backlog(&["renumber", "ms-4", "MS-9"]).code(0);
}

#[test]
fn every_verb_taking_an_id_suggests_the_nearest_ones() {
    let repo = backlog();
    repo.git_ok(&["add", "-A"]);
    repo.git_ok(&["commit", "-q", "-m", "start"]);
    let did_you_mean = "no item MS-33 in backlog/items; did you mean MS-3, MS-1 or MS-2?";
    for args in [
        &["show", "ms-33"][..],
        &["history", "ms-33"],
        &["rank", "ms-33", "--top"],
        &["rank", "MS-1", "--below", "ms-33"],
        &["unrank", "ms-33"],
        &["renumber", "ms-33", "MS-40"],
        &["set", "ms-33", "a=1"],
        &["start", "ms-33"],
        &["done", "ms-33"],
        &["drop", "ms-33", "--reason", "x"],
        &["edit", "ms-33"],
    ] {
        refused_with(&repo, 2, args, did_you_mean);
    }
    // Far from every ID: no suggestion, still exit 2.
    refused_with(
        &repo,
        2,
        &["show", "XY-12345"],
        "no item XY-12345 in backlog/items",
    );
}
