//! Typed edits of one top-level frontmatter key that keep what surrounds the value: the
//! comment and spacing around it, a literal string's quotes, an array's layout and the
//! comments above a key that is removed.

use toml_edit::{Array, DocumentMut, Item, Value};

/// One edit of a top-level frontmatter key.
#[derive(Debug, Clone)]
pub enum Change {
    /// Replace the value, or add the key at the end of the top-level keys.
    Set(String, Value),
    /// Append these strings to the array (created when the key is missing); a string already
    /// there is not added twice.
    Add(String, Vec<String>),
    /// Take every element equal to one of these strings out of the array.
    Remove(String, Vec<String>),
    /// Remove the key; the comments above it stay, above the key that follows.
    Unset(String),
}

impl Change {
    pub fn key(&self) -> &str {
        match self {
            Change::Set(k, _) | Change::Add(k, _) | Change::Remove(k, _) | Change::Unset(k) => k,
        }
    }
}

/// Applies `change` to `doc`; a value of a shape the change cannot edit (`+=` on a number, a
/// `[table]`) is refused with a message naming the key.
pub fn apply(doc: &mut DocumentMut, change: &Change) -> Result<(), String> {
    let key = change.key();
    if doc.get(key).is_some_and(|item| !item.is_value()) {
        return Err(format!(
            "`{key}` is a table; edit it in the file (`backlog edit`)"
        ));
    }
    match change {
        Change::Set(_, value) => set(doc, key, value.clone()),
        Change::Add(_, values) => {
            let array = array_mut(doc, key, true)?;
            for value in values {
                if !array.iter().any(|v| v.as_str() == Some(value)) {
                    push_like_the_others(array, value);
                }
            }
        }
        Change::Remove(_, values) => {
            if doc.get(key).is_some() {
                let array = array_mut(doc, key, false)?;
                remove_all(array, values);
            }
        }
        Change::Unset(_) => unset(doc, key),
    }
    Ok(())
}

/// Replaces the value keeping its decor; a string keeps single quotes when it can.
fn set(doc: &mut DocumentMut, key: &str, mut value: Value) {
    let Some(existing) = doc.get_mut(key).and_then(Item::as_value_mut) else {
        value.decor_mut().clear();
        doc.insert(key, Item::Value(value));
        return;
    };
    if let (Value::String(old), Value::String(new)) = (&*existing, &value)
        && old.display_repr().starts_with('\'')
        && let Some(literal) = literal(new.value())
    {
        value = literal;
    }
    if let (Value::Array(old), Value::Array(new)) = (&*existing, &mut value) {
        new.set_trailing(old.trailing().clone());
        new.set_trailing_comma(old.trailing_comma() && !new.is_empty());
    }
    *value.decor_mut() = existing.decor().clone();
    *existing = value;
}

/// `text` as a TOML literal string ('...'), when it can be written as one.
fn literal(text: &str) -> Option<Value> {
    if text.contains('\'') || text.chars().any(|c| c.is_control() && c != '\t') {
        return None;
    }
    format!("'{text}'").parse().ok()
}

fn array_mut<'a>(
    doc: &'a mut DocumentMut,
    key: &str,
    create: bool,
) -> Result<&'a mut Array, String> {
    if create && doc.get(key).is_none() {
        doc.insert(key, Item::Value(Value::Array(Array::new())));
    }
    doc.get_mut(key)
        .and_then(Item::as_array_mut)
        .ok_or_else(|| format!("`{key}` is not an array, so it takes `{key}=VALUE`, not += or -="))
}

/// Appends `value` with the spacing of the last element (without its comments), so a
/// one-per-line array stays one per line.
fn push_like_the_others(array: &mut Array, value: &str) {
    let prefix = match array.iter().last().and_then(|v| v.decor().prefix()) {
        Some(raw) => {
            let raw = raw.as_str().unwrap_or(" ");
            match raw.rfind('\n') {
                Some(at) => format!("\n{}", &raw[at + 1..]),
                None => " ".to_owned(),
            }
        }
        None if array.is_empty() => String::new(),
        None => " ".to_owned(),
    };
    let mut new = Value::from(value);
    new.decor_mut().set_prefix(prefix);
    new.decor_mut().set_suffix("");
    array.push_formatted(new);
}

/// Takes out every element equal to one of `values`. One element per line: its line goes,
/// with its comment, and the comment of the line above stays. One line: the new first
/// element takes the old first one's spacing, so `["a", "b"]` becomes `["b"]`.
fn remove_all(array: &mut Array, values: &[String]) {
    let doomed: Vec<usize> = (0..array.len())
        .filter(|&i| {
            array
                .get(i)
                .and_then(Value::as_str)
                .is_some_and(|s| values.iter().any(|x| x == s))
        })
        .collect();
    for &at in doomed.iter().rev() {
        remove_one(array, at);
    }
    if array.is_empty() && !doomed.is_empty() {
        array.set_trailing_comma(false);
        if !array.trailing().as_str().is_some_and(|t| t.contains('#')) {
            array.set_trailing("");
        }
    }
}

fn prefix_of(value: Option<&Value>) -> String {
    value
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned()
}

fn remove_one(array: &mut Array, at: usize) {
    let own = prefix_of(array.get(at));
    let last = at + 1 == array.len();
    let following = if last {
        array.trailing().as_str().unwrap_or("").to_owned()
    } else {
        prefix_of(array.get(at + 1))
    };
    array.remove(at);
    let (Some((above, _)), Some((_, next))) = (own.split_once('\n'), following.split_once('\n'))
    else {
        // On one line: the new first element takes the old first one's spacing.
        if at == 0
            && let Some(first) = array.get_mut(0)
            && following.trim().is_empty()
        {
            first.decor_mut().set_prefix(own);
        }
        return;
    };
    // `above` is the comment of the line above; the removed line's own comment (before the
    // first newline of `following`) goes with it.
    let joined = format!("{above}\n{next}");
    if last {
        array.set_trailing(joined);
    } else if let Some(next) = array.get_mut(at) {
        next.decor_mut().set_prefix(joined);
    }
}

/// Removes `key`'s own line; what stood above it (comments, blank lines) stays, above the
/// key or table that follows, so no byte the user wrote outside the value disappears.
fn unset(doc: &mut DocumentMut, key: &str) {
    let table = doc.as_table_mut();
    let position = table.iter().position(|(k, _)| k == key);
    let Some((removed, _)) = table.remove_entry(key) else {
        return;
    };
    let above = removed
        .leaf_decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    if above.is_empty() {
        return;
    }
    let join = |own: Option<&toml_edit::RawString>| {
        format!("{above}{}", own.and_then(|p| p.as_str()).unwrap_or(""))
    };
    let next = position.and_then(|at| table.iter().nth(at).map(|(k, _)| k.to_owned()));
    if let Some(next) = next {
        let is_value = table.get(&next).is_some_and(Item::is_value);
        if let Some(mut k) = table.key_mut(&next).filter(|_| is_value) {
            let prefix = join(k.leaf_decor().prefix());
            k.leaf_decor_mut().set_prefix(prefix);
            return;
        }
        // The next entry is a [table]: the text goes above its header.
        if let Some(sub) = table.get_mut(&next).and_then(Item::as_table_mut) {
            let prefix = join(sub.decor().prefix());
            sub.decor_mut().set_prefix(prefix);
            return;
        }
    }
    let trailing = join(Some(doc.trailing()));
    doc.set_trailing(trailing);
}
