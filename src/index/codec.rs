//! The index file's bytes: a small hand-rolled binary form (varints, length-prefixed
//! strings), read back with every length and tag checked, so a damaged file is an error here
//! and never a panic or a huge allocation.

use crate::diagnostic::{Diagnostic, Severity};
use crate::item::{Field, Fields, Parsed};
use std::ops::Range;

/// A 64-bit checksum of `bytes` (word-wise multiply and shift): it catches truncation and
/// stray bytes, which is all a checksum of our own cache has to do.
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = (bytes.len() as u64).wrapping_mul(K) ^ 0x6261_636b_6c6f_6721;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
        h ^= h >> 29;
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K);
        h ^= h >> 29;
    }
    h
}

/// Writes values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    pub fn i64(&mut self, n: i64) {
        self.u64(((n << 1) ^ (n >> 63)) as u64);
    }

    pub fn usize(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub fn bool(&mut self, b: bool) {
        self.bytes.push(u8::from(b));
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn range(&mut self, r: &Range<usize>) {
        self.usize(r.start);
        self.usize(r.end.saturating_sub(r.start));
    }

    fn field<T>(&mut self, f: &Option<Field<T>>, value: impl Fn(&mut Self, &T)) {
        match f {
            None => self.bool(false),
            Some(f) => {
                self.bool(true);
                value(self, &f.value);
                self.range(&f.key);
                self.range(&f.span);
            }
        }
    }

    fn strings(&mut self, list: &[Field<String>]) {
        self.usize(list.len());
        for f in list {
            self.str(&f.value);
            self.range(&f.key);
            self.range(&f.span);
        }
    }

    /// The typed fields of a parse: what rules across items and `list` read of an item whose
    /// text is set aside (keys, sections and criteria are read only with the text).
    pub fn parsed(&mut self, p: &Parsed) {
        self.bool(p.frontmatter_ok);
        let f = &p.fields;
        let string = |w: &mut Self, v: &String| w.str(v);
        let float = |w: &mut Self, v: &f64| w.u64(v.to_bits());
        for s in [
            &f.id, &f.title, &f.kind, &f.state, &f.owner, &f.value, &f.timebox,
        ] {
            self.field(s, string);
        }
        self.field(&f.estimate, |w, v| w.i64(*v));
        for n in [
            &f.cost_per_week,
            &f.fix_effort,
            &f.business_value,
            &f.time_criticality,
            &f.risk_reduction,
            &f.cost_of_delay,
            &f.estimate_low,
            &f.estimate_high,
        ] {
            self.field(n, float);
        }
        self.strings(&f.depends_on);
        self.strings(&f.tags);
        self.usize(f.invalid.len());
        for name in &f.invalid {
            self.str(name);
        }
    }

    pub fn diagnostic(&mut self, d: &Diagnostic) {
        self.str(&d.path);
        self.usize(d.line);
        self.usize(d.column);
        self.bool(d.severity == Severity::Warning);
        self.str(d.rule);
        self.str(&d.message);
        match &d.help {
            Some(h) => {
                self.bool(true);
                self.str(h);
            }
            None => self.bool(false),
        }
        match &d.span {
            Some(s) => {
                self.bool(true);
                self.range(s);
            }
            None => self.bool(false),
        }
    }
}

/// The index is damaged: what was wrong, for the one-line note.
#[derive(Debug)]
pub struct Bad(pub &'static str);

/// Reads values back, failing on anything out of shape.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Got<T> = Result<T, Bad>;

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn byte(&mut self) -> Got<u8> {
        let b = *self.bytes.get(self.at).ok_or(Bad("is truncated"))?;
        self.at += 1;
        Ok(b)
    }

    pub fn u64(&mut self) -> Got<u64> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(Bad("holds a malformed number"))
    }

    pub fn i64(&mut self) -> Got<i64> {
        let n = self.u64()?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    pub fn usize(&mut self) -> Got<usize> {
        usize::try_from(self.u64()?).map_err(|_| Bad("holds a malformed number"))
    }

    /// A count of things each at least one byte long: never more than the bytes left.
    pub fn count(&mut self) -> Got<usize> {
        let n = self.usize()?;
        if n > self.bytes.len() - self.at {
            return Err(Bad("is truncated"));
        }
        Ok(n)
    }

    pub fn bool(&mut self) -> Got<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Bad("holds a malformed flag")),
        }
    }

    pub fn str(&mut self) -> Got<&'a str> {
        let len = self.count()?;
        let bytes = &self.bytes[self.at..self.at + len];
        self.at += len;
        std::str::from_utf8(bytes).map_err(|_| Bad("holds text that is not UTF-8"))
    }

    pub fn string(&mut self) -> Got<String> {
        self.str().map(str::to_owned)
    }

    fn range(&mut self) -> Got<Range<usize>> {
        let start = self.usize()?;
        let len = self.usize()?;
        let end = start
            .checked_add(len)
            .ok_or(Bad("holds a malformed span"))?;
        Ok(start..end)
    }

    fn field<T>(&mut self, value: impl Fn(&mut Self) -> Got<T>) -> Got<Option<Field<T>>> {
        if !self.bool()? {
            return Ok(None);
        }
        let value = value(self)?;
        Ok(Some(Field {
            value,
            key: self.range()?,
            span: self.range()?,
        }))
    }

    fn strings(&mut self) -> Got<Vec<Field<String>>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(Field {
                value: self.string()?,
                key: self.range()?,
                span: self.range()?,
            });
        }
        Ok(out)
    }

    pub fn parsed(&mut self) -> Got<Parsed> {
        let frontmatter_ok = self.bool()?;
        let string = |r: &mut Self| r.string();
        let float = |r: &mut Self| r.u64().map(f64::from_bits);
        let mut fields = Fields {
            id: self.field(string)?,
            title: self.field(string)?,
            kind: self.field(string)?,
            state: self.field(string)?,
            owner: self.field(string)?,
            value: self.field(string)?,
            timebox: self.field(string)?,
            estimate: self.field(|r| r.i64())?,
            ..Fields::default()
        };
        fields.cost_per_week = self.field(float)?;
        fields.fix_effort = self.field(float)?;
        fields.business_value = self.field(float)?;
        fields.time_criticality = self.field(float)?;
        fields.risk_reduction = self.field(float)?;
        fields.cost_of_delay = self.field(float)?;
        fields.estimate_low = self.field(float)?;
        fields.estimate_high = self.field(float)?;
        fields.depends_on = self.strings()?;
        fields.tags = self.strings()?;
        let n = self.count()?;
        for _ in 0..n {
            fields.invalid.push(self.string()?);
        }
        Ok(Parsed {
            frontmatter_ok,
            fields: Box::new(fields),
            ..Parsed::default()
        })
    }

    pub fn diagnostic(&mut self) -> Got<Diagnostic> {
        let path = self.str()?;
        let line = self.usize()?;
        let column = self.usize()?;
        let warning = self.bool()?;
        let code = self.str()?;
        // Rule codes are `&'static str`: only a registered code reads back.
        let rule = crate::rules::find_rule(code).ok_or(Bad("names an unknown rule"))?;
        let message = self.string()?;
        let help = if self.bool()? {
            Some(self.string()?)
        } else {
            None
        };
        let span = if self.bool()? {
            Some(self.range()?)
        } else {
            None
        };
        let mut d = Diagnostic::new(rule.code, path, message);
        d.line = line;
        d.column = column;
        d.severity = if warning {
            Severity::Warning
        } else {
            Severity::Error
        };
        d.help = help;
        d.span = span;
        Ok(d)
    }

    pub fn diagnostics(&mut self) -> Got<Vec<Diagnostic>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.diagnostic()?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_and_truncation_is_an_error() {
        let mut w = Writer::default();
        for n in [0u64, 1, 127, 128, u64::MAX] {
            w.u64(n);
        }
        for n in [0i64, -1, i64::MIN, i64::MAX] {
            w.i64(n);
        }
        w.str("héllo");
        let mut r = Reader::new(&w.bytes);
        for n in [0u64, 1, 127, 128, u64::MAX] {
            assert_eq!(r.u64().ok(), Some(n));
        }
        for n in [0i64, -1, i64::MIN, i64::MAX] {
            assert_eq!(r.i64().ok(), Some(n));
        }
        assert_eq!(r.str().ok(), Some("héllo"));
        assert!(r.done());
        let cut = &w.bytes[..w.bytes.len() - 2];
        let mut r = Reader::new(cut);
        for _ in 0..9 {
            r.u64().ok();
        }
        assert!(r.str().is_err());
    }

    #[test]
    fn a_changed_byte_changes_the_checksum() {
        let a = b"backlog work-tree index, some bytes".to_vec();
        let mut b = a.clone();
        b[7] ^= 1;
        assert_ne!(checksum(&a), checksum(&b));
        assert_ne!(checksum(&a), checksum(&a[..a.len() - 1]));
    }
}
