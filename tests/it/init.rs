//! Tests for `backlog init`.

use crate::support::TestRepo;

#[test]
fn init_then_new_lints_clean() {
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&["new", "story", "View all teams in a league"]);
    run.code(0).stdout_has("backlog/items/MS-1-view-all-teams-in-a-league.md");
    repo.backlog(&["lint"]).code(0).stderr_has("checked 1 item: no problems");
}
