//! The typed frontmatter fields with their spans, type checks and "did you mean".

use crate::diagnostic::Diagnostic;
use crate::text::{Source, edit_distance};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Most tags an item may carry; more is almost certainly generated garbage.
pub const MAX_TAGS: usize = 64;

/// A value read from the frontmatter with where it stands in the file.
#[derive(Debug, Clone)]
pub struct Field<T> {
    pub value: T,
    /// Byte range of the key, in the file.
    pub key: Range<usize>,
    /// Byte range of the value, in the file.
    pub span: Range<usize>,
}

/// Every top-level frontmatter key, known or not, for rules that work on names.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub key: Range<usize>,
    pub span: Range<usize>,
    /// A string of only white space, or an empty array or table: present but saying nothing.
    pub blank: bool,
}

/// The frontmatter fields the tool understands. Other keys are the team's own and are kept.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub id: Option<Field<String>>,
    pub title: Option<Field<String>>,
    pub kind: Option<Field<String>>,
    pub state: Option<Field<String>>,
    pub owner: Option<Field<String>>,
    pub value: Option<Field<String>>,
    pub estimate: Option<Field<i64>>,
    pub depends_on: Vec<Field<String>>,
    pub tags: Vec<Field<String>>,
    pub timebox: Option<Field<String>>,
    pub cost_per_week: Option<Field<f64>>,
    pub fix_effort: Option<Field<f64>>,
    /// WSJF components of cost of delay, on the team's scale (`[economics] scale`).
    pub business_value: Option<Field<f64>>,
    pub time_criticality: Option<Field<f64>>,
    pub risk_reduction: Option<Field<f64>>,
    /// Cost of delay per week, given directly instead of the three components.
    pub cost_of_delay: Option<Field<f64>>,
    /// The range of the estimate, sampled by `forecast`; both or neither.
    pub estimate_low: Option<Field<f64>>,
    pub estimate_high: Option<Field<f64>>,
    pub keys: Vec<Key>,
    /// Known fields whose value had the wrong type (reported as FM007): present, but not usable.
    pub invalid: Vec<String>,
}

/// The names of the fields above, for "did you mean" and for the schema test.
pub const KNOWN_FIELDS: &[&str] = &[
    "id",
    "title",
    "kind",
    "state",
    "owner",
    "value",
    "estimate",
    "depends_on",
    "tags",
    "timebox",
    "cost_per_week",
    "fix_effort",
    "business_value",
    "time_criticality",
    "risk_reduction",
    "cost_of_delay",
    "estimate_low",
    "estimate_high",
];

impl Fields {
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
}

pub(super) fn read_fields(
    table: &DeTable<'_>,
    offset: usize,
    source: &Source,
    path: &str,
    out: &mut Vec<Diagnostic>,
) -> Fields {
    let mut fields = Fields::default();
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let mut entries: Vec<_> = table.iter().collect();
    // The table is keyed by name; walk it in file order so diagnostics come out in order.
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let name: &str = key.get_ref();
        let key_span = shift(key.span());
        let span = shift(value.span());
        fields.keys.push(Key {
            name: name.to_owned(),
            key: key_span.clone(),
            span: span.clone(),
            blank: is_blank(value.get_ref()),
        });
        // Known fields check their own ranges (and say so more precisely).
        if !KNOWN_FIELDS.contains(&name) && out_of_range(value.get_ref()) {
            out.push(
                Diagnostic::new(
                    "FM007",
                    path,
                    format!("`{name}` holds a number beyond 64 bits"),
                )
                .at(source, span.clone())
                .help("write a smaller number, or quote it as a string"),
            );
        }
        let errors_before = out.len();
        let mut ctx = FieldReader {
            name,
            key: key_span,
            span,
            source,
            path,
            out,
        };
        let value = value.get_ref();
        match name {
            "id" => fields.id = ctx.string(value),
            "title" => fields.title = ctx.string(value),
            "kind" => fields.kind = ctx.string(value),
            "state" => fields.state = ctx.string(value),
            "owner" => fields.owner = ctx.string(value),
            "value" => fields.value = ctx.string(value),
            "timebox" => fields.timebox = ctx.string(value),
            "estimate" => fields.estimate = ctx.count(value),
            "cost_per_week" => fields.cost_per_week = ctx.number(value),
            "fix_effort" => fields.fix_effort = ctx.number(value),
            "business_value" => fields.business_value = ctx.number(value),
            "time_criticality" => fields.time_criticality = ctx.number(value),
            "risk_reduction" => fields.risk_reduction = ctx.number(value),
            "cost_of_delay" => fields.cost_of_delay = ctx.number(value),
            "estimate_low" => fields.estimate_low = ctx.number(value),
            "estimate_high" => fields.estimate_high = ctx.number(value),
            "depends_on" => fields.depends_on = ctx.strings(value, offset),
            "tags" => {
                fields.tags = ctx.strings(value, offset);
                if fields.tags.len() > MAX_TAGS {
                    let at = ctx.key.clone();
                    ctx.out.push(
                        Diagnostic::new(
                            "FM020",
                            path,
                            format!("{} tags; at most {MAX_TAGS} are allowed", fields.tags.len()),
                        )
                        .at(source, at)
                        .help("keep a few tags that people filter by"),
                    );
                }
            }
            _ => {
                if let Some(known) = did_you_mean(name) {
                    ctx.out.push(
                        Diagnostic::new(
                            "FM011",
                            path,
                            format!("unknown field `{name}`; did you mean `{known}`?"),
                        )
                        .at(source, ctx.key.clone())
                        .help(format!(
                            "rename it to `{known}`; other custom fields are kept and allowed"
                        )),
                    );
                }
            }
        }
        if KNOWN_FIELDS.contains(&name) && out[errors_before..].iter().any(|d| d.rule == "FM007") {
            fields.invalid.push(name.to_owned());
        }
    }
    fields
}

/// Numbers beyond 64 bits (`1e400`, `99999999999999999999`): TOML parsers disagree on them
/// (our editor rejects what the reader accepts), so they are an error wherever they appear.
fn out_of_range(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            !text.contains("inf") && text.parse::<f64>().is_ok_and(|n| n.is_infinite())
        }
        DeValue::Integer(i) => {
            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).is_err()
        }
        DeValue::Array(a) => a.iter().any(|v| out_of_range(v.get_ref())),
        DeValue::Table(t) => t.values().any(|v| out_of_range(v.get_ref())),
        _ => false,
    }
}

fn is_blank(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::String(s) => s.trim().is_empty(),
        DeValue::Array(a) => a.is_empty(),
        DeValue::Table(t) => t.is_empty(),
        _ => false,
    }
}

/// A known field name within two edits of `name`, for catching typos like `estimte`.
fn did_you_mean(name: &str) -> Option<&'static str> {
    KNOWN_FIELDS
        .iter()
        .copied()
        // Two edits cannot bridge a larger difference in length: skip those cheaply.
        .filter(|known| *known != name && known.len().abs_diff(name.len()) <= 2)
        .map(|known| (edit_distance(name, known), known))
        .filter(|(d, known)| *d <= 2 && *d < known.len() / 2 + 1)
        .min()
        .map(|(_, known)| known)
}

/// Reads one known field, reporting a wrong type at the value.
struct FieldReader<'a> {
    name: &'a str,
    key: Range<usize>,
    span: Range<usize>,
    source: &'a Source,
    path: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl FieldReader<'_> {
    fn wrong_type(&mut self, expected: &str, value: &DeValue<'_>) {
        let found = type_name(value);
        self.out.push(
            Diagnostic::new(
                "FM007",
                self.path,
                format!("`{}` must be {expected}, found {found}", self.name),
            )
            .at(self.source, self.span.clone())
            .help(format!("write `{}` as {expected}", self.name)),
        );
    }

    fn field<T>(&self, value: T) -> Option<Field<T>> {
        Some(Field {
            value,
            key: self.key.clone(),
            span: self.span.clone(),
        })
    }

    fn string(&mut self, value: &DeValue<'_>) -> Option<Field<String>> {
        match value {
            DeValue::String(s) => self.field(s.to_string()),
            other => {
                self.wrong_type("a string", other);
                None
            }
        }
    }

    /// A whole number of zero or more, such as an estimate in points.
    fn count(&mut self, value: &DeValue<'_>) -> Option<Field<i64>> {
        match value {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) if n >= 0 => self.field(n),
                    _ => {
                        self.wrong_type("a whole number from 0 up", value);
                        None
                    }
                }
            }
            other => {
                self.wrong_type("a whole number from 0 up", other);
                None
            }
        }
    }

    /// A non-negative number, whole or not, such as hours.
    fn number(&mut self, value: &DeValue<'_>) -> Option<Field<f64>> {
        let n = match value {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && n >= 0.0 => self.field(n),
            _ => {
                self.wrong_type("a number from 0 up", value);
                None
            }
        }
    }

    fn strings(&mut self, value: &DeValue<'_>, offset: usize) -> Vec<Field<String>> {
        let DeValue::Array(array) = value else {
            self.wrong_type("an array of strings", value);
            return Vec::new();
        };
        let mut items = Vec::with_capacity(array.len());
        for element in array.iter() {
            let span = element.span().start + offset..element.span().end + offset;
            match element.get_ref() {
                DeValue::String(s) => items.push(Field {
                    value: s.to_string(),
                    key: self.key.clone(),
                    span,
                }),
                other => {
                    let saved = std::mem::replace(&mut self.span, span);
                    self.wrong_type("an array of strings", other);
                    self.span = saved;
                }
            }
        }
        items
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
