//! CSV for spreadsheets (RFC 4180: CRLF line ends, a field with a comma, quote or line break
//! quoted, quotes doubled). Cells are sanitised single-line text, and a cell that starts with
//! `=`, `+`, `-` or `@` gets a leading `'`, so a spreadsheet shows it instead of running it as
//! a formula (OWASP's advice against CSV injection).

use crate::sanitize;

pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|c| cell(&c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| (*h).to_owned()));
    for row in rows {
        line(&mut row.iter().cloned());
    }
    out
}

/// One field: inert for a terminal, defused for a spreadsheet, quoted when it must be.
pub fn cell(text: &str) -> String {
    let mut text = sanitize::line(text).into_owned();
    if text.starts_with(['=', '+', '-', '@']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\r', '\n']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn quoting_and_formula_prefix() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1+2"), "'=1+2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-2,3"), "\"'-2,3\"");
        assert_eq!(cell("a\nb"), "a^Jb");
    }
}
