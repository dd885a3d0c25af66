//! A JSON Schema validator for the keywords the shipped schemas use, and a small regex
//! matcher for their `pattern`s: enough to check the schemas against the Rust parsers without
//! a schema crate.

use serde_json::{Value, json};

/// Keywords that only annotate; they never make a value invalid.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
];

pub(super) struct Validator<'a> {
    root: &'a Value,
}

impl<'a> Validator<'a> {
    pub(super) fn new(root: &'a Value) -> Self {
        Validator { root }
    }

    /// Every way `value` breaks the root schema, as "path: problem" lines.
    pub(super) fn errors(&self, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(self.root, value, "", &mut errors);
        errors
    }

    pub(super) fn resolve(&self, reference: &str) -> &'a Value {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local references are supported, not {reference}"));
        self.root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"))
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return errors.push(format!("{at}: nothing is allowed here")),
            Value::Object(schema) => schema,
            other => panic!("{at}: a schema must be an object or a boolean, not {other}"),
        };
        // Problems found at this level; those found deeper go straight to `errors`.
        let mut problems: Vec<String> = Vec::new();
        for (keyword, arg) in schema {
            match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                // 2020-12 applies the keywords beside a $ref too: the loop goes on.
                "$ref" => {
                    let target = self.resolve(arg.as_str().expect("$ref is a string"));
                    self.check(target, value, at, errors);
                }
                "type" => {
                    let types: Vec<&str> = match arg {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        other => panic!("{at}: bad type {other}"),
                    };
                    if !types.iter().any(|t| has_type(value, t)) {
                        problems.push(format!("expected {}, found {value}", types.join(" or ")));
                    }
                }
                "enum" => {
                    let choices = arg.as_array().expect("enum is an array");
                    if !choices.contains(value) {
                        problems.push(format!("{value} is not one of {arg}"));
                    }
                }
                "pattern" => {
                    if let Some(s) = value.as_str() {
                        let pattern = arg.as_str().expect("pattern is a string");
                        if !re::is_match(pattern, s) {
                            problems.push(format!("{s:?} does not match {pattern}"));
                        }
                    }
                }
                "not" => {
                    let mut inner = Vec::new();
                    self.check(arg, value, at, &mut inner);
                    if inner.is_empty() {
                        problems.push(format!("{value} must not match {arg}"));
                    }
                }
                "minimum" => {
                    let min = arg.as_f64().expect("minimum is a number");
                    if value.as_f64().is_some_and(|n| n < min) {
                        problems.push(format!("{value} is below {min}"));
                    }
                }
                "exclusiveMinimum" => {
                    let min = arg.as_f64().expect("exclusiveMinimum is a number");
                    if value.as_f64().is_some_and(|n| n <= min) {
                        problems.push(format!("{value} is not above {min}"));
                    }
                }
                "minItems" | "maxItems" => {
                    let bound = arg.as_u64().expect("an item count");
                    if let Some(items) = value.as_array() {
                        let n = items.len() as u64;
                        if (keyword == "minItems" && n < bound)
                            || (keyword == "maxItems" && n > bound)
                        {
                            problems.push(format!("{n} items, but {keyword} is {bound}"));
                        }
                    }
                }
                "uniqueItems" => {
                    if let (Some(items), Value::Bool(true)) = (value.as_array(), arg) {
                        for (i, item) in items.iter().enumerate() {
                            if items[..i].contains(item) {
                                problems.push(format!("{item} is listed twice"));
                            }
                        }
                    }
                }
                "items" => {
                    for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                        self.check(arg, item, &format!("{at}/{i}"), errors);
                    }
                }
                "required" => {
                    if let Some(map) = value.as_object() {
                        for key in arg.as_array().expect("required is an array") {
                            let key = key.as_str().expect("required names are strings");
                            if !map.contains_key(key) {
                                problems.push(format!("`{key}` is required"));
                            }
                        }
                    }
                }
                "minProperties" => {
                    let bound = arg.as_u64().expect("an entry count");
                    if value.as_object().is_some_and(|m| (m.len() as u64) < bound) {
                        problems.push(format!("fewer than {bound} entries"));
                    }
                }
                "propertyNames" => {
                    for key in value.as_object().into_iter().flat_map(|m| m.keys()) {
                        let mut inner = Vec::new();
                        self.check(arg, &json!(key), at, &mut inner);
                        if !inner.is_empty() {
                            problems
                                .push(format!("key `{key}` is not allowed: {}", inner.join("; ")));
                        }
                    }
                }
                // `additionalProperties` applies to the keys `properties` does not name.
                "properties" | "additionalProperties" => {
                    if keyword == "additionalProperties" && schema.contains_key("properties") {
                        continue; // done with `properties`
                    }
                    let properties = schema.get("properties").and_then(Value::as_object);
                    let extra = schema.get("additionalProperties");
                    for (key, item) in value.as_object().into_iter().flatten() {
                        if let Some(sub) = properties.and_then(|p| p.get(key)).or(extra) {
                            self.check(sub, item, &format!("{at}/{key}"), errors);
                        }
                    }
                }
                other => panic!(
                    "{at}: the schema uses `{other}`, which this test's validator does not know; \
                     teach it the keyword"
                ),
            }
        }
        errors.extend(problems.into_iter().map(|p| format!("{at}: {p}")));
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        // As the Rust side reads TOML: an integer is never written as a float.
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        other => panic!("unknown type {other}"),
    }
}

/// A small regular-expression matcher for the subset of ECMA-262 the schemas' patterns use:
/// literals, `.`, escapes, classes with ranges and negation, groups with `|`, the quantifiers
/// `? * + {m} {m,} {m,n}`, and the anchors `^ $`. Like JSON Schema, it searches (unanchored).
pub(super) mod re {
    use std::collections::BTreeSet;

    #[derive(Debug, Clone)]
    enum Node {
        Char(char),
        Any,
        Class(bool, Vec<(char, char)>),
        Start,
        End,
        Group(Vec<Vec<Node>>),
        Repeat(Box<Node>, usize, Option<usize>),
    }

    struct Parser<'a> {
        chars: std::iter::Peekable<std::str::Chars<'a>>,
        pattern: &'a str,
    }

    impl Parser<'_> {
        fn bad(&self, why: &str) -> ! {
            panic!("pattern {:?}: {why}", self.pattern)
        }

        fn alternatives(&mut self) -> Vec<Vec<Node>> {
            let mut alts = vec![Vec::new()];
            while let Some(&c) = self.chars.peek() {
                match c {
                    ')' => break,
                    '|' => {
                        self.chars.next();
                        alts.push(Vec::new());
                    }
                    _ => {
                        let atom = self.atom();
                        let atom = self.quantified(atom);
                        alts.last_mut().expect("one alternative").push(atom);
                    }
                }
            }
            alts
        }

        fn atom(&mut self) -> Node {
            match self.chars.next() {
                Some('(') => {
                    if self.chars.peek() == Some(&'?') {
                        self.chars.next();
                        if self.chars.next() != Some(':') {
                            self.bad("only (?: groups are supported");
                        }
                    }
                    let alts = self.alternatives();
                    if self.chars.next() != Some(')') {
                        self.bad("unclosed group");
                    }
                    Node::Group(alts)
                }
                Some('[') => self.class(),
                Some('.') => Node::Any,
                Some('^') => Node::Start,
                Some('$') => Node::End,
                Some('\\') => self.escape(),
                Some(c @ ('*' | '+' | '?' | '{' | '}' | ']')) => {
                    self.bad(&format!("unexpected {c}"))
                }
                Some(c) => Node::Char(c),
                None => self.bad("unexpected end"),
            }
        }

        fn escape(&mut self) -> Node {
            match self.chars.next() {
                Some('d') => Node::Class(false, vec![('0', '9')]),
                Some('u') => {
                    let hex: String = (0..4).filter_map(|_| self.chars.next()).collect();
                    let code =
                        u32::from_str_radix(&hex, 16).unwrap_or_else(|_| self.bad("bad \\u"));
                    Node::Char(char::from_u32(code).unwrap_or_else(|| self.bad("bad \\u")))
                }
                Some(c) if c.is_ascii_punctuation() => Node::Char(c),
                Some(c) => self.bad(&format!("unsupported escape \\{c}")),
                None => self.bad("trailing backslash"),
            }
        }

        fn class_char(&mut self) -> char {
            match self.chars.next() {
                Some('\\') => match self.escape() {
                    Node::Char(c) => c,
                    _ => self.bad("only single characters may be escaped in a class"),
                },
                Some(c) => c,
                None => self.bad("unclosed class"),
            }
        }

        fn class(&mut self) -> Node {
            let negated = self.chars.peek() == Some(&'^');
            if negated {
                self.chars.next();
            }
            let mut ranges = Vec::new();
            loop {
                if self.chars.peek() == Some(&']') {
                    self.chars.next();
                    break;
                }
                let low = self.class_char();
                let mut ahead = self.chars.clone();
                if ahead.next() == Some('-') && ahead.peek().is_some_and(|&c| c != ']') {
                    self.chars.next();
                    let high = self.class_char();
                    ranges.push((low, high));
                } else {
                    ranges.push((low, low));
                }
            }
            Node::Class(negated, ranges)
        }

        fn number(&mut self) -> Option<usize> {
            let mut digits = String::new();
            while let Some(&c) = self.chars.peek().filter(|c| c.is_ascii_digit()) {
                digits.push(c);
                self.chars.next();
            }
            digits.parse().ok()
        }

        fn quantified(&mut self, atom: Node) -> Node {
            let (min, max) = match self.chars.peek() {
                Some('?') => (0, Some(1)),
                Some('*') => (0, None),
                Some('+') => (1, None),
                Some('{') => {
                    self.chars.next();
                    let min = self.number().unwrap_or_else(|| self.bad("bad {m,n}"));
                    let max = if self.chars.peek() == Some(&',') {
                        self.chars.next();
                        self.number()
                    } else {
                        Some(min)
                    };
                    if self.chars.peek() != Some(&'}') {
                        self.bad("bad {m,n}");
                    }
                    (min, max)
                }
                _ => return atom,
            };
            self.chars.next();
            if matches!(self.chars.peek(), Some('?' | '*' | '+' | '{')) {
                self.bad("lazy or stacked quantifiers are not supported");
            }
            Node::Repeat(Box::new(atom), min, max)
        }
    }

    fn parse(pattern: &str) -> Vec<Vec<Node>> {
        let mut parser = Parser {
            chars: pattern.chars().peekable(),
            pattern,
        };
        let alts = parser.alternatives();
        if parser.chars.next().is_some() {
            parser.bad("unbalanced )");
        }
        alts
    }

    /// Every position where `nodes`, started at `pos`, can end.
    fn sequence(nodes: &[Node], s: &[char], pos: usize) -> BTreeSet<usize> {
        let mut here = BTreeSet::from([pos]);
        for node in nodes {
            here = here.iter().flat_map(|&p| one(node, s, p)).collect();
            if here.is_empty() {
                break;
            }
        }
        here
    }

    fn one(node: &Node, s: &[char], pos: usize) -> BTreeSet<usize> {
        let next = |ok: bool| {
            if ok {
                BTreeSet::from([pos + 1])
            } else {
                BTreeSet::new()
            }
        };
        match node {
            Node::Char(c) => next(s.get(pos) == Some(c)),
            Node::Any => next(s.get(pos).is_some_and(|&c| c != '\n' && c != '\r')),
            Node::Class(negated, ranges) => {
                next(s.get(pos).is_some_and(|c| {
                    ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)) != *negated
                }))
            }
            Node::Start => (pos == 0).then_some(pos).into_iter().collect(),
            Node::End => (pos == s.len()).then_some(pos).into_iter().collect(),
            Node::Group(alts) => alts.iter().flat_map(|alt| sequence(alt, s, pos)).collect(),
            Node::Repeat(inner, min, max) => {
                let mut ends = BTreeSet::new();
                let mut seen = BTreeSet::new();
                let mut frontier = BTreeSet::from([pos]);
                let limit = max.unwrap_or(min + s.len() + 1);
                for count in 0..=limit {
                    if count >= *min {
                        ends.extend(frontier.iter().copied());
                    }
                    if count == limit || frontier.is_empty() {
                        break;
                    }
                    frontier = frontier.iter().flat_map(|&p| one(inner, s, p)).collect();
                    // Past the minimum, positions already reached add nothing new.
                    if count >= *min {
                        frontier.retain(|p| seen.insert(*p));
                    }
                }
                ends
            }
        }
    }

    pub fn is_match(pattern: &str, text: &str) -> bool {
        let alts = parse(pattern);
        let s: Vec<char> = text.chars().collect();
        (0..=s.len()).any(|start| alts.iter().any(|alt| !sequence(alt, &s, start).is_empty()))
    }
}

/// Every string of up to `max_len` characters from `alphabet`, plus the given extras.
pub(super) fn corpus(alphabet: &[char], max_len: usize, extras: &[&str]) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut layer = vec![String::new()];
    for _ in 0..max_len {
        layer = layer
            .iter()
            .flat_map(|s| {
                alphabet.iter().map(move |c| {
                    let mut t = s.clone();
                    t.push(*c);
                    t
                })
            })
            .collect();
        all.extend(layer.iter().cloned());
    }
    all.extend(extras.iter().map(|s| (*s).to_owned()));
    all
}

pub(super) fn pattern_at<'a>(schema: &'a Value, pointer: &str) -> &'a str {
    schema
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no pattern at {pointer}"))
}
