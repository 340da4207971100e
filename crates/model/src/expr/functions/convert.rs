//! Conversions between types, forgiving where people's data is ("42", "yes", 3.0), and
//! null handling. A field absent from a payload is not null: test it with `has(event.x)`.

use cel::Value;

use super::text::plain;
use super::{Family, FunctionSpec, Param, Ret, int, number, spec_in, text};
use crate::expr::Ty;

pub fn functions() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Conversions);
    let any = &[("value", Param::Any)];
    vec![
        f(
            "toInt",
            any,
            Ret::Is(Ty::Int),
            "An int from an int, a whole double, a bool (1 / 0) or a string of digits.",
            r#"toInt(" 42 ")"#,
            "42",
            to_int,
        ),
        f(
            "toDouble",
            any,
            Ret::Is(Ty::Double),
            "A double from a number or a string (`.` as the decimal point).",
            r#"toDouble("19.90")"#,
            "19.9",
            to_double,
        ),
        f(
            "toBool",
            any,
            Ret::Is(Ty::Bool),
            "A bool from a bool, an int (0 is false) or a string (`true`/`false`, `yes`/`no`, `1`/`0`, any case).",
            r#"toBool("Yes")"#,
            "true",
            to_bool,
        ),
        f(
            "toText",
            any,
            Ret::Is(Ty::String),
            "The value as text: numbers as written, timestamps in RFC 3339, null as empty.",
            "toText(3.5)",
            r#""3.5""#,
            to_text,
        ),
        f(
            "formatNumber",
            &[("x", Param::Number), ("decimals", Param::Int)],
            Ret::Is(Ty::String),
            "The number with exactly `decimals` places (0–15).",
            "formatNumber(19.9, 2)",
            r#""19.90""#,
            format_number,
        ),
    ]
}

pub fn nulls() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Nulls);
    vec![
        f(
            "coalesce",
            &[("value", Param::Any), ("fallback", Param::Any)],
            Ret::FirstNotNull,
            "The value, or the fallback when the value is null.",
            r#"coalesce(null, "guest")"#,
            r#""guest""#,
            coalesce,
        ),
        f(
            "isNull",
            &[("value", Param::Any)],
            Ret::Is(Ty::Bool),
            "Whether the value is null.",
            "isNull(null)",
            "true",
            is_null,
        ),
        f(
            "isNullOrEmpty",
            &[("value", Param::Any)],
            Ret::Is(Ty::Bool),
            "Whether the value is null, an empty or blank string, or an empty list or map.",
            r#"isNullOrEmpty(" ")"#,
            "true",
            is_null_or_empty,
        ),
    ]
}

type R = Result<Value, String>;

fn to_int(a: &[Value]) -> R {
    match &a[0] {
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| format!("`{s}` is not a whole number")),
        Value::UInt(_) => int(a, 0).map(Value::Int),
        Value::Float(x) if x.fract() == 0.0 && x.is_finite() && x.abs() < 9.2e18 => Ok(Value::Int(*x as i64)),
        Value::Float(x) => Err(format!("{x} is not a whole number (use round, floor or ceil)")),
        other => Err(format!("cannot make an int from a {}", other.type_of())),
    }
}

fn to_double(a: &[Value]) -> R {
    match &a[0] {
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Value::Float(x)),
            _ => Err(format!("`{s}` is not a number")),
        },
        _ => number(a, 0).map(Value::Float),
    }
}

fn to_bool(a: &[Value]) -> R {
    match &a[0] {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::Int(n) => Ok(Value::Bool(*n != 0)),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "0" => Ok(Value::Bool(false)),
            _ => Err(format!("`{s}` is neither true nor false")),
        },
        other => Err(format!("cannot make a bool from a {}", other.type_of())),
    }
}

fn to_text(a: &[Value]) -> R {
    plain(&a[0]).map(text)
}

fn format_number(a: &[Value]) -> R {
    let decimals = int(a, 1)?;
    if !(0..=15).contains(&decimals) {
        return Err(format!("decimals must be between 0 and 15, got {decimals}"));
    }
    Ok(text(format!("{:.*}", decimals as usize, number(a, 0)?)))
}

fn coalesce(a: &[Value]) -> R {
    Ok(match &a[0] {
        Value::Null => a[1].clone(),
        v => v.clone(),
    })
}

fn is_null(a: &[Value]) -> R {
    Ok(Value::Bool(matches!(a[0], Value::Null)))
}

fn is_null_or_empty(a: &[Value]) -> R {
    Ok(Value::Bool(match &a[0] {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::List(items) => items.is_empty(),
        Value::Map(m) => m.map.is_empty(),
        _ => false,
    }))
}
