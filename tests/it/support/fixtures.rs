//! Item texts the tests start from.

/// A story that is Ready by the default agreement.
pub fn ready_story(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"ready\"\nowner = \"dana@midwest.example\"\nvalue = \"Admins save time\"\nestimate = 5\n+++\n\n## Problem\n\nAdmins cannot see teams.\n\n## Acceptance criteria\n\n- [ ] Paged table\n"
    )
}

/// A story in `state` that is Ready by the default agreement.
pub fn ready_story_in(title: &str, state: &str) -> String {
    ready_story(title).replacen("state = \"ready\"", &format!("state = \"{state}\""), 1)
}

/// A draft story: free to be incomplete.
pub fn draft_story(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nSome notes.\n")
}

/// A draft story with extra frontmatter lines appended.
pub fn draft_with(title: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n{extra}+++\n\nSome notes.\n"
    )
}

/// An item file with arbitrary frontmatter lines (each ending in `\n`) and body.
pub fn item_text(front: &str, body: &str) -> String {
    format!("+++\n{front}+++\n{body}")
}
