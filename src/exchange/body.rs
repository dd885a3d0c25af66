//! Backlog.md's task bodies in our terms: its section markers dropped, its acceptance
//! criteria under our heading, without their `#N` numbers.

use super::fold;
use crate::config::Config;

/// Backlog.md's body in our terms: its HTML comment markers dropped, its acceptance-criteria
/// heading named as backlog.toml's `criteria_section`, `- [ ] #1 text` as `- [ ] text`.
pub fn convert_body(body: &str, config: &Config) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.replace("\r\n", "\n").lines() {
        let t = line.trim();
        if is_marker(t) {
            continue;
        }
        if let Some(title) = t.strip_prefix("## ")
            && fold(title.trim_end_matches("(Optional)").trim()) == "acceptance criteria"
        {
            out.push_str(&format!("## {}\n", config.criteria_section));
            continue;
        }
        out.push_str(&strip_number(line));
        out.push('\n');
    }
    out
}

fn is_marker(t: &str) -> bool {
    t.starts_with("<!--")
        && t.ends_with("-->")
        && (t.contains(":BEGIN") || t.contains(":END"))
        && t.len() < 60
}

/// `- [x] #3 text` → `- [x] text`.
fn strip_number(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let t = &line[indent..];
    for open in ["- [ ] #", "- [x] #", "- [X] #"] {
        if let Some(rest) = t.strip_prefix(open) {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[digits..].starts_with(' ') {
                return format!("{}{}{}", &line[..indent], &open[..6], &rest[digits + 1..]);
            }
        }
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_lose_their_numbers_and_markers() {
        let config = crate::exchange::tests::config();
        let body = "## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 One\n- [x] #12 Two #3\n<!-- AC:END -->\n";
        assert_eq!(
            convert_body(body, &config),
            format!("## {}\n- [ ] One\n- [x] Two #3\n", config.criteria_section)
        );
    }
}
