//! Sharper error paths. Serde reads a tagged object (`{"type": "wait", …}`) as a whole
//! before choosing its variant, so an error inside one is reported at the object, not at
//! the field. When the message names the culprit (a value or a key), find it inside
//! the object and point at it.

use serde_json::Value;

/// A deeper path for `message` inside the value at `path`, if the culprit is found.
pub fn refine(root: &Value, path: &str, message: &str) -> Option<String> {
    let at = lookup(root, path)?;
    let target = culprit(message)?;
    let sub = find(at, &target, String::new())?;
    (!sub.is_empty()).then(|| {
        if path == "$" {
            sub.trim_start_matches('.').to_string()
        } else {
            format!("{path}{sub}")
        }
    })
}

enum Culprit {
    Key(String),
    Leaf(Value),
}

fn between<'a>(text: &'a str, open: &str, close: char) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// Reads serde's wording: ``unknown field `x` ``, ``invalid type: string "x"``,
/// ``invalid type: integer `5` ``, ``unknown variant `x` ``.
fn culprit(message: &str) -> Option<Culprit> {
    if let Some(key) = message
        .strip_prefix("unknown field ")
        .and_then(|m| between(m, "`", '`'))
    {
        return Some(Culprit::Key(key.to_string()));
    }
    if let Some(variant) = message
        .strip_prefix("unknown variant ")
        .and_then(|m| between(m, "`", '`'))
    {
        return Some(Culprit::Leaf(Value::String(variant.to_string())));
    }
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    if let Some(s) = rest.strip_prefix("string \"") {
        return Some(Culprit::Leaf(Value::String(
            s.split("\", expected").next()?.to_string(),
        )));
    }
    let literal = between(rest, "`", '`')?;
    serde_json::from_str(literal).ok().map(Culprit::Leaf)
}

fn find(value: &Value, target: &Culprit, here: String) -> Option<String> {
    match (value, target) {
        (Value::Object(map), _) => {
            if let Culprit::Key(k) = target
                && map.contains_key(k)
            {
                return Some(format!("{here}.{k}"));
            }
            map.iter().find_map(|(k, v)| find(v, target, format!("{here}.{k}")))
        }
        (Value::Array(items), _) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| find(v, target, format!("{here}[{i}]"))),
        (leaf, Culprit::Leaf(wanted)) if leaf == wanted => Some(here),
        _ => None,
    }
}

/// The value at a serde_path_to_error path (`a.b[2].c`).
fn lookup<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    if path == "$" {
        return Some(root);
    }
    let mut current = root;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            current = current.get(index.parse::<usize>().ok()?)?;
        }
    }
    Some(current)
}
