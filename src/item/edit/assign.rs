//! `KEY=VALUE`, `KEY+=VALUE` and `KEY-=VALUE` arguments, typed as the item schema says: a
//! known field takes its own type (`estimate=5` is an integer, `tags+=ux` edits an array of
//! strings); a custom key keeps a string a string and reads anything else as a TOML value
//! when it is one (`points=3`, `urgent=true`, `["a"]`), as a string when it is not.

use super::Change;
use toml_edit::{Array, DocumentMut, Value};

/// What an assignment does to its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Set,
    Add,
    Remove,
}

/// One `KEY=VALUE` argument, split but not yet typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    pub op: Op,
    pub value: String,
}

/// Splits `KEY=VALUE` (or `+=`, `-=`); a message saying what is wrong otherwise.
pub fn parse_assignment(arg: &str) -> Result<Assignment, String> {
    let Some((left, value)) = arg.split_once('=') else {
        return Err("expected KEY=VALUE (or KEY+=VALUE, KEY-=VALUE for a list)".into());
    };
    let (key, op) = if let Some(key) = left.strip_suffix('+') {
        (key, Op::Add)
    } else if let Some(key) = left.strip_suffix('-') {
        (key, Op::Remove)
    } else {
        (left, Op::Set)
    };
    check_key(key)?;
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(format!("the value of `{key}` holds a control character"));
    }
    Ok(Assignment {
        key: key.to_owned(),
        op,
        value: value.to_owned(),
    })
}

/// A top-level key as a bare TOML key: letters, digits, `-` and `_`.
pub fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the key is empty; expected KEY=VALUE".into());
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "`{key}` is not a top-level key (letters, digits, - and _); edit nested keys with `backlog edit`"
        ));
    }
    Ok(())
}

/// The type the schema gives a known field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Type {
    String,
    /// A whole number from 0 up.
    Count,
    /// A number from 0 up, whole or not.
    Number,
    Strings,
    /// A key of the team's own.
    Custom,
}

fn type_of(key: &str) -> Type {
    match key {
        "id" | "title" | "kind" | "state" | "owner" | "value" | "timebox" => Type::String,
        "estimate" => Type::Count,
        "cost_per_week" | "fix_effort" => Type::Number,
        "depends_on" | "tags" => Type::Strings,
        _ => Type::Custom,
    }
}

impl Assignment {
    /// The typed change, given the document it applies to (a custom key keeps the type of
    /// the value it has).
    pub fn change(&self, doc: &DocumentMut) -> Result<Change, String> {
        let (key, raw) = (&self.key, self.value.as_str());
        let kind = type_of(key);
        let existing = doc.get(key).and_then(|i| i.as_value());
        let is_array =
            kind == Type::Strings || (kind == Type::Custom && existing.is_none_or(Value::is_array));
        if self.op != Op::Set {
            if !is_array {
                return Err(format!(
                    "`{key}` is not a list, so it takes `{key}=VALUE`, not += or -="
                ));
            }
            let items = list(raw);
            return Ok(match self.op {
                Op::Add => Change::Add(key.clone(), items),
                _ => Change::Remove(key.clone(), items),
            });
        }
        let value = match kind {
            Type::String => Value::from(raw),
            Type::Count => match raw.trim().parse::<i64>() {
                Ok(n) if n >= 0 => Value::from(n),
                _ => return Err(wrong(key, "a whole number from 0 up", raw)),
            },
            Type::Number => number(raw).ok_or_else(|| wrong(key, "a number from 0 up", raw))?,
            Type::Strings => strings(raw).ok_or_else(|| {
                wrong(
                    key,
                    "a comma-separated list or a TOML array of strings",
                    raw,
                )
            })?,
            Type::Custom if existing.is_some_and(Value::is_str) => Value::from(raw),
            Type::Custom => custom(raw),
        };
        Ok(Change::Set(key.clone(), value))
    }
}

fn wrong(key: &str, expected: &str, raw: &str) -> String {
    format!("`{key}` must be {expected}, not `{raw}`")
}

/// `a, b,c` as strings, blanks dropped.
fn list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn number(raw: &str) -> Option<Value> {
    let raw = raw.trim();
    if let Ok(n) = raw.parse::<i64>() {
        return (n >= 0).then(|| Value::from(n));
    }
    let f = raw.parse::<f64>().ok()?;
    (f.is_finite() && f >= 0.0 && raw.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| Value::from(f))
}

/// A TOML array of strings as written (`["a", "b"]`), or a comma-separated list.
fn strings(raw: &str) -> Option<Value> {
    if raw.trim_start().starts_with('[') {
        let value: Value = raw.trim().parse().ok()?;
        let all_strings = value.as_array()?.iter().all(Value::is_str);
        return all_strings.then_some(value);
    }
    let mut array = Array::new();
    for item in list(raw) {
        array.push(item);
    }
    Some(Value::Array(array))
}

/// A custom value: a TOML boolean, number, date, array or inline table as written, a quoted
/// TOML string as its text, else the text as a string.
fn custom(raw: &str) -> Value {
    let looks_like_toml = raw == "true"
        || raw == "false"
        || raw.starts_with(['[', '{', '"', '\''])
        || raw.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    if looks_like_toml && let Ok(value) = raw.trim().parse::<Value>() {
        let mut value = value;
        value.decor_mut().clear();
        return value;
    }
    Value::from(raw)
}
