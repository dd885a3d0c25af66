//! Tables for a terminal of a given width: cells measured in display columns (a CJK character
//! or an emoji is two, a combining mark none), the columns that may give up space shrunk in
//! their order with `…`, never cut inside a character cluster, and cells styled without the
//! styles counting towards the width. The width comes from `render::stdout_width`.

use crate::sanitize;
use anstyle::Style;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The mark a shortened cell ends with; one column wide.
pub const ELLIPSIS: char = '…';

/// One cell: its text (untrusted; sanitised here) and its style (plain for none).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: Style::new(),
        }
    }

    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

/// A column that may give up space down to `min` display columns, when the table is too wide.
#[derive(Debug, Clone, Copy)]
pub struct Shrink {
    pub column: usize,
    pub min: usize,
}

impl Shrink {
    pub fn new(column: usize, min: usize) -> Shrink {
        Shrink { column, min }
    }
}

/// Renders `rows` under a bold `header`, columns two spaces apart and padded to their widest
/// cell in display columns, the last one unpadded and no line ending in spaces.
///
/// With a `width`, a table wider than it takes the excess from the `shrink` columns in their
/// order, each down to its `min` (headers are cut like any cell). When even that does not
/// fit (the other columns alone are too wide), the shrinkable columns stay at their minimum
/// and lines pass the width: the other columns are never cut.
pub fn fitted(
    header: &[&str],
    rows: &[Vec<Cell>],
    width: Option<usize>,
    shrink: &[Shrink],
) -> String {
    let bold = Style::new().bold();
    let head: Vec<Cell> = header.iter().map(|h| Cell::styled(*h, bold)).collect();
    let cells: Vec<Vec<Cell>> = std::iter::once(head)
        .chain(rows.iter().map(|row| {
            row.iter()
                .map(|c| Cell::styled(sanitize::line(&c.text).into_owned(), c.style))
                .collect()
        }))
        .collect();
    let mut widths = vec![0; header.len()];
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.text.width());
        }
    }
    if let Some(room) = width {
        let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        let mut excess = total.saturating_sub(room);
        for s in shrink {
            let Some(w) = widths.get_mut(s.column) else {
                continue;
            };
            let take = w.saturating_sub(s.min.max(1)).min(excess);
            *w -= take;
            excess -= take;
        }
    }
    let mut out = String::new();
    for row in &cells {
        let last = row.iter().rposition(|c| !c.text.is_empty()).unwrap_or(0);
        for (i, cell) in row.iter().enumerate().take(last + 1) {
            let text = truncate(&cell.text, widths[i]);
            if cell.style == Style::new() {
                out.push_str(&text);
            } else {
                out.push_str(&format!(
                    "{}{text}{}",
                    cell.style.render(),
                    cell.style.render_reset()
                ));
            }
            if i < last {
                out.push_str(&" ".repeat(widths[i] - text.width() + 2));
            }
        }
        out.push('\n');
    }
    out
}

/// `text` in at most `width` display columns: whole when it fits, else the longest run of
/// whole clusters that leaves room for `…`, then `…`.
pub fn truncate(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.width() <= width {
        return text.into();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in clusters(text) {
        let w = cluster.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    if width > 0 {
        out.push(ELLIPSIS);
    }
    out.into()
}

/// `text` cut into what a terminal draws as one glyph: a character with the zero-width ones
/// after it (combining marks, variation selectors, joiners), the character after a zero-width
/// joiner, a skin-tone modifier with its emoji, and two regional indicators (a flag).
fn clusters(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = first.len_utf8();
        let mut prev = first;
        let mut indicators = usize::from(is_regional_indicator(first));
        for (i, c) in chars {
            let joins = c.width().is_none_or(|w| w == 0)
                || prev == '\u{200D}'
                || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
                || (indicators == 1 && is_regional_indicator(c));
            if !joins {
                break;
            }
            indicators += usize::from(is_regional_indicator(c));
            end = i + c.len_utf8();
            prev = c;
        }
        let (cluster, tail) = rest.split_at(end);
        rest = tail;
        Some(cluster)
    })
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_display_columns_and_keeps_clusters_whole() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        // Two columns a character: 漢字 is 4, so 5 columns hold two and the mark.
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
        assert_eq!(truncate("漢字漢字", 4), "漢…");
        // A combining accent stays with its letter.
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        // A ZWJ family, a flag and a toned thumb are one glyph each.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(
            truncate(&format!("{family}{family}"), 3),
            format!("{family}…")
        );
        assert_eq!(truncate("🇫🇷🇫🇷", 3), "🇫🇷…");
        assert_eq!(truncate("👍🏽👍🏽", 3), "👍🏽…");
        for w in 1..12 {
            assert!(truncate("a漢👍🏽e\u{301}🇫🇷bc", w).width() <= w, "width {w}");
        }
    }

    #[test]
    fn the_shrinkable_column_gives_way_and_styles_do_not_count() {
        let rows = vec![vec![
            Cell::styled("MS-1", Style::new().bold()),
            Cell::plain("a rather long title"),
        ]];
        let shrink = [Shrink::new(1, 5)];
        let out = fitted(&["ID", "TITLE"], &rows, Some(14), &shrink);
        let plain: Vec<String> = out
            .lines()
            .map(|l| anstream::adapter::strip_str(l).to_string())
            .collect();
        assert_eq!(plain, ["ID    TITLE", "MS-1  a rathe…"]);
        // Too narrow for even the fixed column and the minimum: the minimum stays.
        let out = fitted(&["ID", "TITLE"], &rows, Some(3), &shrink);
        assert!(
            anstream::adapter::strip_str(&out)
                .to_string()
                .contains("MS-1  a ra…")
        );
    }
}
