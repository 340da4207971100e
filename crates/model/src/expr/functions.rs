//! Functions journeys need that standard CEL lacks: date arithmetic in a time zone.
//! CEL's own timestamp accessors (`t.getHours("Europe/Paris")`) remain available.
//! The table below is the single source for the checker, the evaluator and the docs
//! (`docs/expressions.md` lists the same signatures).

use std::sync::Arc;

use cel::{Context, ExecutionError, Value};
use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;

use super::Ty;

/// A journey function: name, argument types, result type, and what it does.
pub struct FunctionSpec {
    pub name: &'static str,
    pub args: &'static [Ty],
    pub result: Ty,
    pub doc: &'static str,
}

pub const FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "hoursBetween",
        args: &[Ty::Timestamp, Ty::Timestamp],
        result: Ty::Int,
        doc: "Whole hours from the first timestamp to the second, e.g. `hoursBetween(event.abandonedAt, now) >= 1`.",
    },
    FunctionSpec {
        name: "minutesBetween",
        args: &[Ty::Timestamp, Ty::Timestamp],
        result: Ty::Int,
        doc: "Whole minutes from the first timestamp to the second.",
    },
    FunctionSpec {
        name: "daysBetween",
        args: &[Ty::Timestamp, Ty::Timestamp, Ty::String],
        result: Ty::Int,
        doc: "Calendar days between the two timestamps' local dates in the zone (a night across a DST change still counts one day).",
    },
    FunctionSpec {
        name: "addDays",
        args: &[Ty::Timestamp, Ty::Int, Ty::String],
        result: Ty::Timestamp,
        doc: "The same local time N days later in the zone, e.g. `addDays(now, 1, \"Europe/Paris\")` keeps 09:00 across DST.",
    },
    FunctionSpec {
        name: "atLocalTime",
        args: &[Ty::Timestamp, Ty::String, Ty::String],
        result: Ty::Timestamp,
        doc: "The timestamp's local date at the given `HH:MM` in the zone, e.g. wait until `atLocalTime(addDays(now, 1, tz), \"09:00\", tz)`.",
    },
    FunctionSpec {
        name: "hourIn",
        args: &[Ty::Timestamp, Ty::String],
        result: Ty::Int,
        doc: "Hour of day (0–23) of the timestamp in the zone.",
    },
    FunctionSpec {
        name: "weekdayIn",
        args: &[Ty::Timestamp, Ty::String],
        result: Ty::Int,
        doc: "Day of week of the timestamp in the zone, 0 = Sunday … 6 = Saturday (as CEL's getDayOfWeek).",
    },
    FunctionSpec {
        name: "localDate",
        args: &[Ty::Timestamp, Ty::String],
        result: Ty::String,
        doc: "The local date `YYYY-MM-DD` of the timestamp in the zone, comparable with date fields.",
    },
];

pub fn spec(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

fn zone(name: &str) -> Result<Tz, ExecutionError> {
    name.parse::<Tz>()
        .map_err(|_| ExecutionError::function_error("zone", format!("unknown time zone `{name}`")))
}

fn local_date(t: &DateTime<FixedOffset>, tz: Tz) -> chrono::NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The first valid instant at a local date and time (skipping a DST gap).
fn resolve_local(tz: Tz, naive: chrono::NaiveDateTime) -> Result<DateTime<FixedOffset>, ExecutionError> {
    for shift in 0..4 {
        let candidate = naive + chrono::Duration::minutes(30 * shift);
        if let Some(t) = tz.from_local_datetime(&candidate).earliest() {
            return Ok(t.fixed_offset());
        }
    }
    Err(ExecutionError::function_error("time", "no such local time"))
}

/// Adds the journey functions to an evaluation context.
pub fn register(context: &mut Context) {
    let add = |context: &mut Context, result: Result<(), cel::DeclarationError>| {
        result.expect("journey functions do not clash with the standard library");
        let _ = context;
    };
    let r = context.add_function("hoursBetween", |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>| {
        (b - a).num_hours()
    });
    add(context, r);
    let r = context.add_function(
        "minutesBetween",
        |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>| (b - a).num_minutes(),
    );
    add(context, r);
    let r = context.add_function(
        "daysBetween",
        |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>, z: Arc<String>| -> Result<i64, ExecutionError> {
            let tz = zone(&z)?;
            Ok((local_date(&b, tz) - local_date(&a, tz)).num_days())
        },
    );
    add(context, r);
    let r = context.add_function(
        "addDays",
        |t: DateTime<FixedOffset>, n: i64, z: Arc<String>| -> Result<DateTime<FixedOffset>, ExecutionError> {
            let tz = zone(&z)?;
            let local = t.with_timezone(&tz).naive_local();
            let shifted = chrono::Duration::try_days(n)
                .and_then(|d| local.checked_add_signed(d))
                .ok_or_else(|| ExecutionError::function_error("addDays", format!("{n} days is out of range")))?;
            resolve_local(tz, shifted)
        },
    );
    add(context, r);
    let r = context.add_function(
        "atLocalTime",
        |t: DateTime<FixedOffset>,
         hhmm: Arc<String>,
         z: Arc<String>|
         -> Result<DateTime<FixedOffset>, ExecutionError> {
            let tz = zone(&z)?;
            let time = NaiveTime::parse_from_str(&hhmm, "%H:%M")
                .map_err(|_| ExecutionError::function_error("atLocalTime", format!("`{hhmm}` is not HH:MM")))?;
            resolve_local(tz, local_date(&t, tz).and_time(time))
        },
    );
    add(context, r);
    let r = context.add_function(
        "hourIn",
        |t: DateTime<FixedOffset>, z: Arc<String>| -> Result<i64, ExecutionError> {
            Ok(t.with_timezone(&zone(&z)?).hour() as i64)
        },
    );
    add(context, r);
    let r = context.add_function(
        "weekdayIn",
        |t: DateTime<FixedOffset>, z: Arc<String>| -> Result<i64, ExecutionError> {
            Ok(t.with_timezone(&zone(&z)?).weekday().num_days_from_sunday() as i64)
        },
    );
    add(context, r);
    let r = context.add_function(
        "localDate",
        |t: DateTime<FixedOffset>, z: Arc<String>| -> Result<Arc<String>, ExecutionError> {
            Ok(Arc::new(local_date(&t, zone(&z)?).format("%Y-%m-%d").to_string()))
        },
    );
    add(context, r);
}

/// Evaluates `source` with the journey functions and the given variables; a helper
/// for tests and tools (the engine keeps compiled programs and contexts instead).
pub fn evaluate(source: &str, variables: &[(&str, Value)]) -> Result<Value, String> {
    let program = super::compile(source)?;
    let mut context = Context::default();
    register(&mut context);
    for (name, value) in variables {
        context.add_variable_from_value(*name, value.clone());
    }
    program.execute(&context).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Value {
        Value::Timestamp(DateTime::parse_from_rfc3339(s).unwrap())
    }

    fn eval(src: &str) -> Value {
        let vars = [("now", ts("2026-03-29T12:00:00Z")), ("at", ts("2026-03-28T09:30:00Z"))];
        evaluate(src, &vars).unwrap()
    }

    #[test]
    fn hours_and_minutes_between() {
        assert_eq!(eval("hoursBetween(at, now)"), Value::Int(26));
        assert_eq!(eval("minutesBetween(at, now)"), Value::Int(26 * 60 + 30));
    }

    #[test]
    fn day_arithmetic_follows_the_zone_across_dst() {
        // Paris switches to summer time on 2026-03-29: 10:30 CET becomes 10:30 CEST.
        assert_eq!(eval(r#"addDays(at, 1, "Europe/Paris")"#), ts("2026-03-29T08:30:00Z"));
        assert_eq!(eval(r#"daysBetween(at, now, "Europe/Paris")"#), Value::Int(1));
        assert_eq!(
            eval(r#"atLocalTime(now, "09:00", "America/New_York")"#),
            ts("2026-03-29T13:00:00Z")
        );
    }

    #[test]
    fn local_parts() {
        assert_eq!(eval(r#"hourIn(now, "Asia/Tokyo")"#), Value::Int(21));
        assert_eq!(eval(r#"weekdayIn(now, "UTC")"#), Value::Int(0));
        assert_eq!(
            eval(r#"localDate(now, "Pacific/Kiritimati")"#),
            Value::String(Arc::new("2026-03-30".into()))
        );
    }

    #[test]
    fn huge_day_counts_are_errors_not_crashes() {
        let err = evaluate(
            r#"addDays(timestamp("2026-01-01T00:00:00Z"), 9223372036854775807, "UTC")"#,
            &[],
        )
        .unwrap_err();
        assert!(err.contains("out of range"), "{err}");
    }

    #[test]
    fn cel_refuses_mixed_arithmetic_as_the_checker_says() {
        assert!(evaluate("1 + 1.5", &[]).is_err());
        assert_eq!(evaluate("1.0 + 1.5", &[]).unwrap(), Value::Float(2.5));
    }

    #[test]
    fn an_unknown_zone_is_an_error_not_a_crash() {
        let err = evaluate(r#"hourIn(timestamp("2026-01-01T00:00:00Z"), "Mars/Olympus")"#, &[]).unwrap_err();
        assert!(err.contains("Mars/Olympus"), "{err}");
    }
}
