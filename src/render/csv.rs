//! CSV for spreadsheets (RFC 4180: CRLF line ends, a field with a comma, quote or line break
//! quoted, quotes doubled). Cells are sanitised single-line text, and a cell that starts with
//! `=`, `+`, `-` or `@` gets a leading `'`, so a spreadsheet shows it instead of running it as
//! a formula (OWASP's advice against CSV injection).

use crate::sanitize;

pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    table(header, rows, "\r\n")
}

/// [`render`] with another line end: files that `export` and `import` write for other tools
/// end lines with `\n`, as those tools write them.
pub fn table(header: &[&str], rows: &[Vec<String>], eol: &str) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|c| cell(&c)).collect();
        out.push_str(&cells.join(","));
        out.push_str(eol);
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

/// `export csv`: one row per item, lists joined with `;`.
pub fn export(items: &[crate::exchange::export::Exported]) -> String {
    let header = [
        "id",
        "rank",
        "title",
        "kind",
        "state",
        "owner",
        "estimate",
        "tags",
        "depends_on",
        "path",
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let field = |key: &str| item.fields.get(key).map(joined).unwrap_or_default();
            vec![
                item.id.clone(),
                item.rank.map(|r| r.to_string()).unwrap_or_default(),
                item.title.clone(),
                item.kind.clone(),
                item.state.clone(),
                field("owner"),
                field("estimate"),
                field("tags"),
                field("depends_on"),
                item.path.clone(),
            ]
        })
        .collect();
    table(&header, &rows, "\n")
}

fn joined(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(list) => list.iter().map(joined).collect::<Vec<_>>().join(";"),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
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
