//! Maths on ints and doubles. CEL refuses mixed arithmetic (`1 + 1.5`); these accept
//! either, and say in their result type when the answer is an int.

use cel::Value;

use super::{Family, FunctionSpec, Param, Ret, int, number, spec_in};
use crate::expr::Ty;

const N: Param = Param::Number;

pub fn functions() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Maths);
    vec![
        f(
            "abs",
            &[("x", N)],
            Ret::Number,
            "The value without its sign.",
            "abs(-4)",
            "4",
            abs,
        ),
        f(
            "round",
            &[("x", N)],
            Ret::Is(Ty::Int),
            "The nearest int, halves away from zero.",
            "round(2.5)",
            "3",
            round,
        ),
        f(
            "roundTo",
            &[("x", N), ("decimals", Param::Int)],
            Ret::Is(Ty::Double),
            "The value rounded to `decimals` places (0–15), halves away from zero.",
            "roundTo(19.987, 2)",
            "19.99",
            round_to,
        ),
        f(
            "floor",
            &[("x", N)],
            Ret::Is(Ty::Int),
            "The largest int not above the value.",
            "floor(-1.5)",
            "-2",
            floor,
        ),
        f(
            "ceil",
            &[("x", N)],
            Ret::Is(Ty::Int),
            "The smallest int not below the value.",
            "ceil(1.2)",
            "2",
            ceil,
        ),
        f(
            "pow",
            &[("x", N), ("y", N)],
            Ret::Is(Ty::Double),
            "`x` to the power `y`, as a double.",
            "pow(2, 10)",
            "1024.0",
            pow,
        ),
        f(
            "sqrt",
            &[("x", N)],
            Ret::Is(Ty::Double),
            "The square root (an error below zero).",
            "sqrt(16)",
            "4.0",
            sqrt,
        ),
        f(
            "clamp",
            &[("x", N), ("low", N), ("high", N)],
            Ret::Number,
            "The value kept between `low` and `high`.",
            "clamp(120, 0, 100)",
            "100",
            clamp,
        ),
        f(
            "percentOf",
            &[("part", N), ("whole", N)],
            Ret::Is(Ty::Double),
            "`part` as a percentage of `whole` (an error when `whole` is 0).",
            "percentOf(30, 120)",
            "25.0",
            percent_of,
        ),
    ]
}

type R = Result<Value, String>;

/// A double that is a whole number in the int range, as an int.
fn to_int(x: f64) -> R {
    if x.is_finite() && x >= i64::MIN as f64 && x < i64::MAX as f64 {
        Ok(Value::Int(x as i64))
    } else {
        Err(format!("{x} is out of the int range"))
    }
}

fn finite(x: f64) -> R {
    if x.is_finite() {
        Ok(Value::Float(x))
    } else {
        Err("the result is not a finite number".into())
    }
}

fn abs(a: &[Value]) -> R {
    match &a[0] {
        Value::Int(n) => n
            .checked_abs()
            .map(Value::Int)
            .ok_or_else(|| format!("{n} has no int absolute value")),
        Value::UInt(n) => Ok(Value::UInt(*n)),
        _ => Ok(Value::Float(number(a, 0)?.abs())),
    }
}

fn round(a: &[Value]) -> R {
    to_int(number(a, 0)?.round())
}

fn round_to(a: &[Value]) -> R {
    let decimals = int(a, 1)?;
    if !(0..=15).contains(&decimals) {
        return Err(format!("decimals must be between 0 and 15, got {decimals}"));
    }
    let scale = 10f64.powi(decimals as i32);
    finite((number(a, 0)? * scale).round() / scale)
}

fn floor(a: &[Value]) -> R {
    to_int(number(a, 0)?.floor())
}

fn ceil(a: &[Value]) -> R {
    to_int(number(a, 0)?.ceil())
}

fn pow(a: &[Value]) -> R {
    finite(number(a, 0)?.powf(number(a, 1)?))
}

fn sqrt(a: &[Value]) -> R {
    let x = number(a, 0)?;
    if x < 0.0 {
        return Err(format!("{x} has no square root"));
    }
    finite(x.sqrt())
}

fn clamp(a: &[Value]) -> R {
    if let (Value::Int(x), Value::Int(low), Value::Int(high)) = (&a[0], &a[1], &a[2]) {
        if low > high {
            return Err(format!("low ({low}) is above high ({high})"));
        }
        return Ok(Value::Int(*x.clamp(low, high)));
    }
    let (x, low, high) = (number(a, 0)?, number(a, 1)?, number(a, 2)?);
    if low > high || low.is_nan() || high.is_nan() {
        return Err(format!("low ({low}) is above high ({high})"));
    }
    finite(x.clamp(low, high))
}

fn percent_of(a: &[Value]) -> R {
    let whole = number(a, 1)?;
    if whole == 0.0 {
        return Err("the whole is 0".into());
    }
    finite(number(a, 0)? * 100.0 / whole)
}
