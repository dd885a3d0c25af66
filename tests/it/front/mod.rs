//! The front door of issue 18 as a terminal sees it: `list` fitted to the terminal's width in
//! display columns, colour where it helps and nowhere else, and shell completion of the
//! backlog's own IDs, kinds and states through clap's completion engine.

mod colour;
mod complete;
mod width;

use crate::support::{TestRepo, draft_story, ready_story};

/// A long title, a CJK one, an emoji one (ZWJ family, flag, toned thumb) and a combining one.
pub const LONG: &str = "Administrators can page through every team of the organisation, sorted by name, with the member counts shown";
pub const CJK: &str = "管理者はチームの一覧を名前順にページ送りで見られる、メンバー数も表示される";
pub const EMOJI: &str =
    "Launch 🚀 party 👨\u{200D}👩\u{200D}👧 with 🇫🇷 flags and 👍🏽 thumbs and more 🎉🎉🎉🎉🎉🎉🎉🎉";
pub const ACCENTS: &str =
    "Cafe\u{301} menu: cre\u{300}me bru\u{302}le\u{301}e for everyone who orders the long lunch";

/// Ranked MS-1 (long, ready), MS-2 (CJK, draft), MS-3 (emoji, ready); untriaged MS-4 (accents).
pub fn titled() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-long.md", &ready_story(LONG));
    repo.item("MS-2-cjk.md", &draft_story(CJK));
    repo.item("MS-3-emoji.md", &ready_story(EMOJI));
    repo.item("MS-4-accents.md", &draft_story(ACCENTS));
    repo.ranking("MS-1\nMS-2\nMS-3\n");
    repo
}

/// A title as the table shows it: a zero-width joiner is made visible (`sanitize::line`).
pub fn shown(title: &str) -> String {
    title.replace('\u{200D}', "\\u{200D}")
}
