//! YAML frontmatter as other tools write it, read into TOML values.
//!
//! Backlog.md writes `assignee: @name`, which YAML forbids (`@` is reserved), and its own
//! reader accepts: such a file is read again with those scalars quoted, and the caller says so.

use yaml_rust2::{Yaml, YamlLoader};

/// The frontmatter's keys in order with their YAML values.
pub struct Frontmatter {
    pub fields: Vec<(String, Yaml)>,
    /// True when the text only read after quoting scalars that start with `@` or a backtick.
    pub repaired: bool,
}

/// Reads a YAML mapping; an error says where (1-based line and column within `text`).
pub fn read(text: &str) -> Result<Frontmatter, String> {
    match load(text) {
        Ok(fields) => Ok(Frontmatter {
            fields,
            repaired: false,
        }),
        Err(first) => {
            let quoted = quote_reserved(text);
            match (quoted != text).then(|| load(&quoted)) {
                Some(Ok(fields)) => Ok(Frontmatter {
                    fields,
                    repaired: true,
                }),
                _ => Err(first),
            }
        }
    }
}

fn load(text: &str) -> Result<Vec<(String, Yaml)>, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let m = e.marker();
        format!("{}:{}: {}", m.line(), m.col() + 1, e.info())
    })?;
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Vec::new()),
        Some(Yaml::Hash(map)) => Ok(map
            .into_iter()
            .filter_map(|(k, v)| scalar_text(&k).map(|k| (k, v)))
            .collect()),
        Some(_) => Err("1:1: the frontmatter is not a mapping of keys to values".into()),
    }
}

/// `key: @x` → `key: "@x"`, and the same for list entries (`- @x`).
fn quote_reserved(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let (content, ending) = match line.strip_suffix('\n') {
            Some(c) => (c.strip_suffix('\r').unwrap_or(c), &line[c.len()..]),
            None => (line, ""),
        };
        let split = content.find(": ").map(|i| i + 2).or_else(|| {
            content
                .trim_start()
                .starts_with("- ")
                .then(|| content.find("- ").unwrap_or(0) + 2)
        });
        match split {
            Some(at) if content[at..].starts_with(['@', '`']) => {
                let value = content[at..].trim_end();
                out.push_str(&content[..at]);
                out.push_str(&serde_json::to_string(value).unwrap_or_default());
            }
            _ => out.push_str(content),
        }
        out.push_str(ending);
    }
    out
}

/// A scalar as text (`42`, `true`, `high`); `None` for lists, maps and nulls.
pub fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A scalar or a list of scalars as texts (`labels: [a, b]`, `assignee: x`); blanks dropped.
pub fn texts(value: &Yaml) -> Vec<String> {
    let all: Vec<String> = match value {
        Yaml::Array(list) => list.iter().filter_map(scalar_text).collect(),
        other => scalar_text(other).into_iter().collect(),
    };
    all.into_iter()
        .map(|s: String| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The TOML value for a YAML value, when TOML has one (no nulls; non-finite floats as text).
pub fn to_toml(value: &Yaml) -> Option<toml_edit::Value> {
    Some(match value {
        Yaml::String(s) => s.as_str().into(),
        Yaml::Integer(i) => (*i).into(),
        Yaml::Real(s) => match s.parse::<f64>() {
            Ok(f) if f.is_finite() => f.into(),
            _ => s.as_str().into(),
        },
        Yaml::Boolean(b) => (*b).into(),
        Yaml::Array(list) => {
            let array: toml_edit::Array = list.iter().filter_map(to_toml).collect();
            toml_edit::Value::Array(array)
        }
        Yaml::Hash(map) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in map {
                if let (Some(k), Some(v)) = (scalar_text(k), to_toml(v)) {
                    table.insert(&k, v);
                }
            }
            toml_edit::Value::InlineTable(table)
        }
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_scalars_are_quoted_on_a_second_reading() {
        let fm = read("id: BACK-1\nassignee: @MrLesk\nlabels:\n  - @x\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(fm.repaired);
        assert_eq!(texts(&fm.fields[1].1), ["@MrLesk"]);
        assert_eq!(texts(&fm.fields[2].1), ["@x"]);
    }

    #[test]
    fn a_real_error_names_line_and_column() {
        let Err(err) = read("title: a\n  bad: [\n") else {
            panic!("invalid YAML was read");
        };
        assert!(err.starts_with("2:") || err.starts_with("3:"), "{err}");
    }

    #[test]
    fn values_become_toml() {
        let fm = read("n: 3\nf: 1.5\nb: true\nl: [a, 1]\nm: {k: v}\nz: ~\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let shown: Vec<String> = fm
            .fields
            .iter()
            .map(|(k, v)| format!("{k}={}", to_toml(v).map_or("-".into(), |v| v.to_string())))
            .collect();
        assert_eq!(
            shown,
            [
                "n=3",
                "f=1.5",
                "b=true",
                "l=[\"a\", 1]",
                "m={ k = \"v\" }",
                "z=-"
            ]
        );
    }
}
