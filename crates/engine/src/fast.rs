//! A shortcut for the expressions most journeys are made of: comparisons of entry-event
//! fields with literals, joined by `&&`, `||` and `!`, and bare field reads in action
//! mappings. They are read straight from the instance's JSON, without building CEL
//! values for the whole payload, which is what evaluating them through the CEL
//! interpreter costs most.
//!
//! The shortcut never decides anything CEL might decide differently: a missing field,
//! a `null`, a timestamp, two values of different kinds, anything it does not know
//! gives `None`, and the caller runs the CEL program instead. A test compares both on
//! random expressions and payloads.

use std::sync::Arc;

use cel::Value as Cel;
use cel::common::ast::{Expr, LiteralValue, operators};
use parcours_model::expr::Ty;
use serde_json::Value as Json;

/// The part of an expression the shortcut evaluates.
#[derive(Debug, Clone)]
pub enum Fast {
    /// `event.a.b`, with the field's type (it decides how JSON numbers are read).
    Field(Vec<String>, Ty),
    Literal(Scalar),
    Compare(Comparison, Box<Fast>, Box<Fast>),
    And(Box<Fast>, Box<Fast>),
    Or(Box<Fast>, Box<Fast>),
    Not(Box<Fast>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A value the shortcut handles; strings borrow from the payload or the expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<S = String> {
    Bool(bool),
    Int(i64),
    UInt(u64),
    Double(f64),
    Str(S),
}

impl Fast {
    /// The shortcut for `expr`, when every part of it is one the shortcut knows.
    /// `event` is the entry event's type.
    pub fn of(expr: &Expr, event: &Ty) -> Option<Fast> {
        match expr {
            Expr::Literal(l) => Some(Fast::Literal(match l {
                LiteralValue::Boolean(b) => Scalar::Bool(*b.inner()),
                LiteralValue::Int(i) => Scalar::Int(*i.inner()),
                LiteralValue::UInt(u) => Scalar::UInt(*u.inner()),
                LiteralValue::Double(d) => Scalar::Double(*d.inner()),
                LiteralValue::String(s) => Scalar::Str(s.inner().to_string()),
                LiteralValue::Bytes(_) | LiteralValue::Null => return None,
            })),
            Expr::Select(_) => {
                let mut path = Vec::new();
                let mut current = expr;
                loop {
                    match current {
                        Expr::Select(s) if !s.test => {
                            path.push(s.field.clone());
                            current = &s.operand.expr;
                        }
                        Expr::Ident(root) if root == "event" => break,
                        _ => return None,
                    }
                }
                path.reverse();
                let ty = path.iter().try_fold(event, |ty, name| match ty {
                    Ty::Object(fields) => fields.get(name),
                    _ => None,
                })?;
                // Only scalars: anything else is CEL's to build.
                matches!(ty, Ty::Bool | Ty::Int | Ty::Uint | Ty::Double | Ty::String)
                    .then(|| Fast::Field(path, ty.clone()))
            }
            Expr::Call(call) if call.target.is_none() => {
                let arg = |i: usize| Fast::of(&call.args.get(i)?.expr, event).map(Box::new);
                let comparison = match call.func_name.as_str() {
                    operators::LOGICAL_AND if call.args.len() == 2 => return Some(Fast::And(arg(0)?, arg(1)?)),
                    operators::LOGICAL_OR if call.args.len() == 2 => return Some(Fast::Or(arg(0)?, arg(1)?)),
                    operators::LOGICAL_NOT if call.args.len() == 1 => return Some(Fast::Not(arg(0)?)),
                    operators::EQUALS => Comparison::Eq,
                    operators::NOT_EQUALS => Comparison::Ne,
                    operators::LESS => Comparison::Lt,
                    operators::LESS_EQUALS => Comparison::Le,
                    operators::GREATER => Comparison::Gt,
                    operators::GREATER_EQUALS => Comparison::Ge,
                    _ => return None,
                };
                (call.args.len() == 2).then_some(())?;
                Some(Fast::Compare(comparison, arg(0)?, arg(1)?))
            }
            _ => None,
        }
    }

    /// The value, read from the entry event's payload; `None`: ask CEL.
    pub fn eval<'a>(&'a self, event: &'a Json) -> Option<Scalar<&'a str>> {
        match self {
            Fast::Literal(s) => Some(match s {
                Scalar::Bool(b) => Scalar::Bool(*b),
                Scalar::Int(i) => Scalar::Int(*i),
                Scalar::UInt(u) => Scalar::UInt(*u),
                Scalar::Double(d) => Scalar::Double(*d),
                Scalar::Str(s) => Scalar::Str(s.as_str()),
            }),
            Fast::Field(path, ty) => {
                let value = path.iter().try_fold(event, |v, k| field(v.as_object()?, k))?;
                // As `cel_values::to_cel` converts it.
                match (value, ty) {
                    (Json::Bool(b), _) => Some(Scalar::Bool(*b)),
                    (Json::Number(n), Ty::Double) => n.as_f64().map(Scalar::Double),
                    (Json::Number(n), _) => match (n.as_i64(), n.as_u64()) {
                        (Some(i), _) => Some(Scalar::Int(i)),
                        (None, Some(u)) => Some(Scalar::UInt(u)),
                        _ => n.as_f64().map(Scalar::Double),
                    },
                    (Json::String(s), Ty::String) => Some(Scalar::Str(s.as_str())),
                    _ => None,
                }
            }
            Fast::Not(a) => match a.eval(event)? {
                Scalar::Bool(b) => Some(Scalar::Bool(!b)),
                _ => None,
            },
            // `false && x` is false and `true || x` is true whatever `x` is, in CEL too.
            Fast::And(a, b) => match a.eval(event)? {
                Scalar::Bool(false) => Some(Scalar::Bool(false)),
                Scalar::Bool(true) => boolean(b.eval(event)?),
                _ => None,
            },
            Fast::Or(a, b) => match a.eval(event)? {
                Scalar::Bool(true) => Some(Scalar::Bool(true)),
                Scalar::Bool(false) => boolean(b.eval(event)?),
                _ => None,
            },
            Fast::Compare(op, a, b) => {
                let ordering = match (a.eval(event)?, b.eval(event)?) {
                    (Scalar::Int(x), Scalar::Int(y)) => x.cmp(&y),
                    (Scalar::UInt(x), Scalar::UInt(y)) => x.cmp(&y),
                    (Scalar::Double(x), Scalar::Double(y)) => x.partial_cmp(&y)?,
                    (Scalar::Str(x), Scalar::Str(y)) => x.cmp(y),
                    (Scalar::Bool(x), Scalar::Bool(y)) if matches!(op, Comparison::Eq | Comparison::Ne) => x.cmp(&y),
                    _ => return None,
                };
                Some(Scalar::Bool(match op {
                    Comparison::Eq => ordering.is_eq(),
                    Comparison::Ne => ordering.is_ne(),
                    Comparison::Lt => ordering.is_lt(),
                    Comparison::Le => ordering.is_le(),
                    Comparison::Gt => ordering.is_gt(),
                    Comparison::Ge => ordering.is_ge(),
                }))
            }
        }
    }
}

/// Payloads are small objects: comparing a few short keys beats hashing one.
fn field<'a>(object: &'a serde_json::Map<String, Json>, key: &str) -> Option<&'a Json> {
    if object.len() <= 16 {
        object.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    } else {
        object.get(key)
    }
}

fn boolean(s: Scalar<&str>) -> Option<Scalar<&str>> {
    matches!(s, Scalar::Bool(_)).then_some(s)
}

impl Scalar<&str> {
    pub fn to_cel(&self) -> Cel {
        match self {
            Scalar::Bool(b) => Cel::Bool(*b),
            Scalar::Int(i) => Cel::Int(*i),
            Scalar::UInt(u) => Cel::UInt(*u),
            Scalar::Double(d) => Cel::Float(*d),
            Scalar::Str(s) => Cel::String(Arc::new(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cel_values::to_cel;
    use serde_json::json;

    /// splitmix64: reproducible draws without a dependency.
    struct Draw(u64);
    impl Draw {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.next(items.len())]
        }
    }

    const FIELDS: [&str; 7] = ["i", "d", "s", "b", "t", "o.n", "u"];
    const LITERALS: [&str; 14] = [
        "3",
        "-2",
        "0",
        "3.0",
        "2.5",
        "-1.5",
        "5u",
        "\"b\"",
        "\"\"",
        "\"B\"",
        "true",
        "false",
        "null",
        "9223372036854775807",
    ];
    const COMPARISONS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];

    fn operand(d: &mut Draw) -> String {
        if d.next(2) == 0 {
            format!("event.{}", d.pick(&FIELDS))
        } else {
            d.pick(&LITERALS).to_string()
        }
    }

    fn expression(d: &mut Draw, depth: usize) -> String {
        match if depth == 0 { 0 } else { d.next(5) } {
            0 => format!("{} {} {}", operand(d), d.pick(&COMPARISONS), operand(d)),
            1 => {
                // A field and a literal of its type: what real conditions look like.
                let pairs = [
                    ("i", "3"),
                    ("d", "2.5"),
                    ("s", "\"b\""),
                    ("b", "true"),
                    ("o.n", "-2"),
                    ("u", "5u"),
                ];
                let (field, literal) = pairs[d.next(pairs.len())];
                format!("event.{field} {} {literal}", d.pick(&COMPARISONS))
            }
            2 => format!("({}) && ({})", expression(d, depth - 1), expression(d, depth - 1)),
            3 => format!("({}) || ({})", expression(d, depth - 1), expression(d, depth - 1)),
            _ => match d.next(3) {
                0 => format!("!({})", expression(d, depth - 1)),
                1 => format!("event.{}", d.pick(&FIELDS)),
                _ => format!("!event.{}", d.pick(&FIELDS)),
            },
        }
    }

    /// A value for a field: usually of its type, sometimes missing, null or another kind.
    fn value(d: &mut Draw, good: serde_json::Value) -> Option<serde_json::Value> {
        match d.next(12) {
            0 => None,
            1 => Some(json!(null)),
            2 => Some(json!("b")),
            3 => Some(json!(2.5)),
            4 => Some(json!(u64::MAX)),
            5 => Some(json!(true)),
            _ => Some(good),
        }
    }

    fn payload(d: &mut Draw) -> serde_json::Value {
        let mut p = serde_json::Map::new();
        let goods = [
            ("i", json!([-2, 0, 3, 7][d.next(4)])),
            ("d", json!([2.5, 3.0, -1.5, 0.0][d.next(4)])),
            ("s", json!(["a", "b", "B", ""][d.next(4)])),
            ("b", json!(d.next(2) == 0)),
            ("t", json!("2026-01-05T09:00:00Z")),
            ("u", json!([0, 5, 9][d.next(3)])),
        ];
        for (k, good) in goods {
            if let Some(v) = value(d, good) {
                p.insert(k.into(), v);
            }
        }
        if d.next(4) != 0 {
            let mut o = serde_json::Map::new();
            let good = json!([3, -2][d.next(2)]);
            if let Some(v) = value(d, good) {
                o.insert("n".into(), v);
            }
            p.insert("o".into(), json!(o));
        }
        json!(p)
    }

    #[test]
    fn the_shortcut_agrees_with_cel_or_stands_aside() {
        let ty = Ty::object([
            ("i".to_string(), Ty::Int),
            ("d".to_string(), Ty::Double),
            ("s".to_string(), Ty::String),
            ("b".to_string(), Ty::Bool),
            ("t".to_string(), Ty::Timestamp),
            ("u".to_string(), Ty::Uint),
            ("o".to_string(), Ty::object([("n".to_string(), Ty::Int)])),
        ]);
        let mut d = Draw(42);
        let (mut cases, mut shortcut) = (0, 0);
        for _ in 0..4_000 {
            let source = expression(&mut d, 3);
            let program = cel::Program::compile(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
            let fast = Fast::of(&program.expression().expr, &ty);
            for _ in 0..5 {
                let event = payload(&mut d);
                cases += 1;
                let Some(value) = fast.as_ref().and_then(|f| f.eval(&event)) else {
                    continue;
                };
                shortcut += 1;
                let mut context = cel::Context::default();
                context.add_variable_from_value("event", to_cel(&event, &ty));
                assert_eq!(
                    program.execute(&context),
                    Ok(value.to_cel()),
                    "`{source}` on {event}: the shortcut says {value:?}"
                );
            }
        }
        // Most random expressions mix kinds; still, the shortcut must answer often.
        assert!(shortcut * 6 > cases, "the shortcut answered {shortcut} of {cases}");
    }

    #[test]
    fn what_the_shortcut_takes_and_leaves() {
        let ty = Ty::object([("amount".to_string(), Ty::Double), ("at".to_string(), Ty::Timestamp)]);
        let fast = |s: &str| Fast::of(&cel::Program::compile(s).unwrap().expression().expr, &ty).is_some();
        assert!(fast("event.amount > 3.0 && !(event.amount == 7.5)"));
        assert!(fast("event.amount"));
        assert!(!fast("event.at > now"), "now is not the event's");
        assert!(!fast("event.at"), "timestamps are CEL's to build");
        assert!(!fast("event.missing > 1.0"), "unknown fields are CEL's to report");
        assert!(!fast("event.amount + 1.0 > 3.0"), "arithmetic is CEL's");
        assert!(!fast("has(event.amount)"));
    }
}
