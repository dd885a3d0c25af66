//! `backlog board` and `backlog serve` through the real binary: the static page (`page`), the
//! live server over real sockets (`serve`), and a real Chromium (`browser`, ignored unless
//! Chromium and Playwright are installed; `.ci/run` runs it).

mod browser;
mod page;
mod serve;

use crate::support::TestRepo;
use crate::support::{draft_story, ready_story};

/// The hostile title: if the page ever treats it as HTML, its handler sets the marker.
pub const HOSTILE: &str = "<img src=x onerror=window.__pwned=1>";

/// A backlog in git with two commits: four ranked items and one untriaged; a draft ranked #2
/// (so lint finds it not Ready within the top N), an item with a hostile title and body, and
/// a second commit that moves MS-3 to the top with a reason.
pub fn fixture() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-teams.md",
        &ready_story("View all teams").replace(
            "Admins cannot see teams.",
            "Admins cannot see teams. See [the spec](https://example.com/spec).",
        ),
    );
    repo.item("MS-2-import.md", &draft_story("Import spreadsheets"));
    let hostile =
        ready_story("TITLE").replace("title = \"TITLE\"", &format!("title = '{HOSTILE}'"));
    repo.item(
        "MS-3-hostile.md",
        &hostile.replace(
            "Admins cannot see teams.",
            "<script>window.__pwned=2</script> <a href=\"javascript:window.__pwned=4\" \
             onclick=\"window.__pwned=5\">x</a>\n\n[click](javascript:window.__pwned=3)",
        ),
    );
    repo.item(
        "MS-4-standings.md",
        &ready_story("Standings count forfeits").replace("estimate = 5", "estimate = 3"),
    );
    repo.item("MS-5-inbox.md", &draft_story("Someday: dark mode"));
    repo.ranking("MS-1  # launch blocker\nMS-2\nMS-4  # playoffs\nMS-3\n");
    repo.commit("first ranking");
    repo.ranking("MS-3  # the demo needs it\nMS-1  # launch blocker\nMS-2\nMS-4  # playoffs\n");
    repo.commit("MS-3 to the top");
    repo
}

/// The JSON view a page embeds.
pub fn embedded(page: &str) -> serde_json::Value {
    let start_tag = "<script type=\"application/json\" id=\"board-data\">";
    let start = page
        .find(start_tag)
        .unwrap_or_else(|| panic!("no data block in the page"))
        + start_tag.len();
    let end = start
        + page[start..]
            .find("</script>")
            .unwrap_or_else(|| panic!("data block not closed"));
    serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("embedded JSON: {e}"))
}

/// The IDs of the cards in the page's order.
pub fn ids(view: &serde_json::Value) -> Vec<String> {
    view["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items"))
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}
