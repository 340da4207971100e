//! Lists: pick, order, trim, combine and total them.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

use cel::Value;

use super::{Family, FunctionSpec, Param, Ret, int, list, spec_in};
use crate::expr::Ty;

const L: Param = Param::List;

pub fn functions() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Lists);
    vec![
        f(
            "first",
            &[("items", L)],
            Ret::ElementOfFirst,
            "The first item, or null when the list is empty.",
            "first([3, 1, 2])",
            "3",
            first,
        ),
        f(
            "last",
            &[("items", L)],
            Ret::ElementOfFirst,
            "The last item, or null when the list is empty.",
            "last([3, 1, 2])",
            "2",
            last,
        ),
        f(
            "distinct",
            &[("items", L)],
            Ret::SameAsFirst,
            "The items without repeats, in their first order.",
            r#"distinct(["a", "b", "a"])"#,
            r#"["a", "b"]"#,
            distinct,
        ),
        f(
            "sortAsc",
            &[("items", L)],
            Ret::SameAsFirst,
            "The items smallest first (numbers, strings, timestamps…).",
            "sortAsc([3, 1, 2])",
            "[1, 2, 3]",
            sort_asc,
        ),
        f(
            "sortDesc",
            &[("items", L)],
            Ret::SameAsFirst,
            "The items largest first.",
            "sortDesc([3, 1, 2])",
            "[3, 2, 1]",
            sort_desc,
        ),
        f(
            "limit",
            &[("items", L), ("count", Param::Int)],
            Ret::SameAsFirst,
            "The first `count` items.",
            "limit([5, 6, 7], 2)",
            "[5, 6]",
            limit,
        ),
        f(
            "isEmpty",
            &[("value", Param::Any)],
            Ret::Is(Ty::Bool),
            "Whether a list, map or string has nothing in it; null counts as empty.",
            "isEmpty([])",
            "true",
            is_empty,
        ),
        f(
            "sum",
            &[("numbers", L)],
            Ret::ElementOfFirst,
            "The total: an int for ints, a double if any item is a double; 0 for an empty list.",
            "sum([19.5, 20.5])",
            "40.0",
            sum,
        ),
        f(
            "avg",
            &[("numbers", L)],
            Ret::Is(Ty::Double),
            "The mean, as a double (an error for an empty list).",
            "avg([1, 2, 4, 5])",
            "3.0",
            avg,
        ),
        f(
            "intersect",
            &[("a", L), ("b", L)],
            Ret::SameAsFirst,
            "The items of `a` also in `b`, without repeats.",
            r#"intersect(["x", "y", "z"], ["z", "x"])"#,
            r#"["x", "z"]"#,
            intersect,
        ),
        f(
            "union",
            &[("a", L), ("b", L)],
            Ret::SameAsFirst,
            "The items of `a` then those of `b`, without repeats.",
            "union([1, 2], [2, 3])",
            "[1, 2, 3]",
            union,
        ),
    ]
}

type R = Result<Value, String>;

fn first(a: &[Value]) -> R {
    Ok(list(a, 0)?.first().cloned().unwrap_or(Value::Null))
}

fn last(a: &[Value]) -> R {
    Ok(list(a, 0)?.last().cloned().unwrap_or(Value::Null))
}

/// A hashable stand-in for scalar values; lists and maps have none and are compared
/// one by one (they are rare in the lists journeys handle).
fn scalar_key(v: &Value) -> Option<(u8, String)> {
    Some(match v {
        Value::Null => (0, String::new()),
        Value::Bool(b) => (1, b.to_string()),
        // Ints and doubles that are equal in CEL share a key.
        Value::Int(n) => (2, (*n as f64).to_string()),
        Value::UInt(n) => (2, (*n as f64).to_string()),
        Value::Float(x) => (2, x.to_string()),
        Value::String(s) => (3, s.to_string()),
        Value::Timestamp(t) => (
            4,
            t.timestamp_nanos_opt()
                .map_or_else(|| t.to_rfc3339(), |n| n.to_string()),
        ),
        Value::Duration(d) => (5, d.to_string()),
        _ => return None,
    })
}

/// Keeps the first of equal items: linear for scalars.
struct Seen {
    keys: HashSet<(u8, String)>,
    others: Vec<Value>,
}

impl Seen {
    fn new() -> Seen {
        Seen {
            keys: HashSet::new(),
            others: Vec::new(),
        }
    }

    fn contains(&self, v: &Value) -> bool {
        match scalar_key(v) {
            Some(k) => self.keys.contains(&k),
            None => self.others.iter().any(|o| o == v),
        }
    }

    /// True when `v` was not seen before.
    fn insert(&mut self, v: &Value) -> bool {
        if self.contains(v) {
            return false;
        }
        match scalar_key(v) {
            Some(k) => {
                self.keys.insert(k);
            }
            None => self.others.push(v.clone()),
        }
        true
    }
}

fn distinct(a: &[Value]) -> R {
    let mut seen = Seen::new();
    let kept = list(a, 0)?.iter().filter(|v| seen.insert(v)).cloned().collect();
    Ok(Value::List(Arc::new(kept)))
}

fn sorted(a: &[Value]) -> Result<Vec<Value>, String> {
    let mut items = list(a, 0)?.to_vec();
    let mut problem = None;
    items.sort_by(|x, y| {
        x.partial_cmp(y).unwrap_or_else(|| {
            problem = Some(format!("cannot order a {} against a {}", x.type_of(), y.type_of()));
            Ordering::Equal
        })
    });
    match problem {
        Some(p) => Err(p),
        None => Ok(items),
    }
}

fn sort_asc(a: &[Value]) -> R {
    Ok(Value::List(Arc::new(sorted(a)?)))
}

fn sort_desc(a: &[Value]) -> R {
    let mut items = sorted(a)?;
    items.reverse();
    Ok(Value::List(Arc::new(items)))
}

fn limit(a: &[Value]) -> R {
    let count = int(a, 1)?;
    if count < 0 {
        return Err(format!("the count must not be negative, got {count}"));
    }
    Ok(Value::List(Arc::new(
        list(a, 0)?.iter().take(count as usize).cloned().collect(),
    )))
}

fn is_empty(a: &[Value]) -> R {
    Ok(Value::Bool(match &a[0] {
        Value::Null => true,
        Value::List(items) => items.is_empty(),
        Value::Map(m) => m.map.is_empty(),
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        other => return Err(format!("a {} is neither empty nor full", other.type_of())),
    }))
}

fn sum(a: &[Value]) -> R {
    let items = list(a, 0)?;
    let mut ints: Option<i64> = Some(0);
    let mut total = 0.0;
    for (i, v) in items.iter().enumerate() {
        match v {
            Value::Int(n) => {
                ints = ints.and_then(|t| t.checked_add(*n));
                total += *n as f64;
            }
            Value::UInt(n) => {
                ints = ints.and_then(|t| i64::try_from(*n).ok().and_then(|n| t.checked_add(n)));
                total += *n as f64;
            }
            Value::Float(x) => {
                ints = None;
                total += x;
            }
            other => return Err(format!("item {i} is a {}, not a number", other.type_of())),
        }
    }
    let all_ints = items.iter().all(|v| matches!(v, Value::Int(_) | Value::UInt(_)));
    match (all_ints, ints) {
        (true, Some(n)) => Ok(Value::Int(n)),
        (true, None) => Err("the total is out of the int range".into()),
        _ => Ok(Value::Float(total)),
    }
}

fn avg(a: &[Value]) -> R {
    let count = list(a, 0)?.len();
    if count == 0 {
        return Err("the list is empty".into());
    }
    let total = match sum(a)? {
        Value::Int(n) => n as f64,
        Value::Float(x) => x,
        other => return Err(format!("the total is a {}", other.type_of())),
    };
    Ok(Value::Float(total / count as f64))
}

fn intersect(a: &[Value]) -> R {
    let mut other = Seen::new();
    for v in list(a, 1)?.iter() {
        other.insert(v);
    }
    let mut seen = Seen::new();
    let kept = list(a, 0)?
        .iter()
        .filter(|v| other.contains(v) && seen.insert(v))
        .cloned()
        .collect();
    Ok(Value::List(Arc::new(kept)))
}

fn union(a: &[Value]) -> R {
    let mut seen = Seen::new();
    let kept = list(a, 0)?
        .iter()
        .chain(list(a, 1)?.iter())
        .filter(|v| seen.insert(v))
        .cloned()
        .collect();
    Ok(Value::List(Arc::new(kept)))
}
