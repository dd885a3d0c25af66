//! Positions: lint's line:column (1-based, columns in characters) and byte offsets, to and
//! from LSP positions (0-based, columns in UTF-16 code units).

use crate::text::Source;
use lsp_types::{Position, Range};

/// The LSP position of byte `offset` of `source`. A BOM is not part of the editor's text.
pub fn at_offset(source: &Source, offset: usize) -> Position {
    let text = &source.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = source.lines.line(offset);
    let mut start = source.lines.line_start(line);
    if line == 1 {
        start = start.max(source.bom.min(offset));
    }
    let character = text[start..offset].encode_utf16().count();
    Position::new((line - 1) as u32, character as u32)
}

/// The LSP position of lint's `line`:`column` in `source` (the same character).
pub fn at_line_column(source: &Source, line: usize, column: usize) -> Position {
    let line = line.clamp(1, source.lines.line_count());
    let start = source.lines.line_start(line);
    let text = &source.text;
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut offset = start;
    for (n, (i, _)) in text[start..end].char_indices().enumerate() {
        offset = start + i;
        if n + 1 == column {
            return at_offset(source, offset);
        }
        offset = start + i + text[start + i..].chars().next().map_or(0, char::len_utf8);
    }
    at_offset(source, offset.min(end))
}

/// The byte offset of an LSP position in `source` (clamped to the line's end).
pub fn to_offset(source: &Source, position: Position) -> usize {
    let line = (position.line as usize + 1).min(source.lines.line_count());
    let text = &source.text;
    let mut start = source.lines.line_start(line);
    if line == 1 {
        start = start.max(source.bom);
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= position.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

/// The LSP range of a byte range.
pub fn range(source: &Source, span: std::ops::Range<usize>) -> Range {
    Range::new(at_offset(source, span.start), at_offset(source, span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let source = Source::new("a\n🎉é x\n".to_owned());
        // `x` is lint's column 4 on line 2 (characters), LSP character 4 (🎉 is two units).
        let x = source.text.find('x').unwrap_or_default();
        assert_eq!(at_offset(&source, x), Position::new(1, 4));
        assert_eq!(at_line_column(&source, 2, 4), Position::new(1, 4));
        assert_eq!(to_offset(&source, Position::new(1, 4)), x);
        assert_eq!(
            to_offset(&source, Position::new(1, 99)),
            source.text.len() - 1
        );
    }

    #[test]
    fn a_bom_is_not_a_column() {
        let source = Source::new("\u{feff}+++\n".to_owned());
        assert_eq!(at_offset(&source, 3), Position::new(0, 0));
        assert_eq!(at_line_column(&source, 1, 2), Position::new(0, 0));
        assert_eq!(to_offset(&source, Position::new(0, 1)), 4);
    }
}
