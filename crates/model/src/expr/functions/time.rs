//! Dates, times and durations. Calendar arithmetic happens in a time zone, so "one day
//! later at 09:00" stays 09:00 across a DST change; instants and durations do not need one.

use cel::Value;
use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;

use super::{Family, FunctionSpec, Param, Ret, duration, int, spec_in, string, text, time, zone};
use crate::expr::Ty;

const T: Param = Param::Timestamp;
const Z: Param = Param::Zone;

pub fn functions() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Dates);
    let ts = Ret::Is(Ty::Timestamp);
    let int_ = Ret::Is(Ty::Int);
    vec![
        f(
            "hoursBetween",
            &[("from", T), ("to", T)],
            int_.clone(),
            "Whole hours from the first timestamp to the second: \"hours since\" is `hoursBetween(event.at, now)`.",
            r#"hoursBetween(timestamp("2026-03-28T09:30:00Z"), timestamp("2026-03-29T12:00:00Z"))"#,
            "26",
            hours_between,
        ),
        f(
            "minutesBetween",
            &[("from", T), ("to", T)],
            int_.clone(),
            "Whole minutes from the first timestamp to the second.",
            r#"minutesBetween(timestamp("2026-03-28T09:30:00Z"), timestamp("2026-03-28T10:00:00Z"))"#,
            "30",
            minutes_between,
        ),
        f(
            "secondsBetween",
            &[("from", T), ("to", T)],
            int_.clone(),
            "Whole seconds from the first timestamp to the second.",
            r#"secondsBetween(timestamp("2026-03-28T09:30:00Z"), timestamp("2026-03-28T09:31:30Z"))"#,
            "90",
            seconds_between,
        ),
        f(
            "daysBetween",
            &[("from", T), ("to", T), ("zone", Z)],
            int_.clone(),
            "Calendar days between the two timestamps' local dates in the zone (a night across a DST change still counts one day).",
            r#"daysBetween(timestamp("2026-03-28T09:30:00Z"), timestamp("2026-03-29T12:00:00Z"), "Europe/Paris")"#,
            "1",
            days_between,
        ),
        f(
            "monthsBetween",
            &[("from", T), ("to", T), ("zone", Z)],
            int_.clone(),
            "Whole calendar months between the two local dates in the zone (Jan 31 → Feb 28 is 0).",
            r#"monthsBetween(timestamp("2026-01-15T10:00:00Z"), timestamp("2026-04-15T10:00:00Z"), "UTC")"#,
            "3",
            months_between,
        ),
        f(
            "addMinutes",
            &[("t", T), ("n", Param::Int)],
            ts.clone(),
            "The instant `n` minutes later (earlier when negative).",
            r#"addMinutes(timestamp("2026-03-28T09:30:00Z"), 45)"#,
            r#"timestamp("2026-03-28T10:15:00Z")"#,
            add_minutes,
        ),
        f(
            "addHours",
            &[("t", T), ("n", Param::Int)],
            ts.clone(),
            "The instant `n` hours later (earlier when negative).",
            r#"addHours(timestamp("2026-03-28T09:30:00Z"), -2)"#,
            r#"timestamp("2026-03-28T07:30:00Z")"#,
            add_hours,
        ),
        f(
            "addDays",
            &[("t", T), ("n", Param::Int), ("zone", Z)],
            ts.clone(),
            "The same local time `n` days later in the zone: 09:00 stays 09:00 across DST.",
            r#"addDays(timestamp("2026-03-28T09:30:00Z"), 1, "Europe/Paris")"#,
            r#"timestamp("2026-03-29T08:30:00Z")"#,
            add_days,
        ),
        f(
            "addMonths",
            &[("t", T), ("n", Param::Int), ("zone", Z)],
            ts.clone(),
            "The same local time `n` months later in the zone; the 31st becomes the month's last day.",
            r#"addMonths(timestamp("2026-01-31T10:00:00Z"), 1, "UTC")"#,
            r#"timestamp("2026-02-28T10:00:00Z")"#,
            add_months,
        ),
        f(
            "addYears",
            &[("t", T), ("n", Param::Int), ("zone", Z)],
            ts.clone(),
            "The same local time `n` years later in the zone (Feb 29 becomes Feb 28).",
            r#"addYears(timestamp("2028-02-29T10:00:00Z"), 1, "UTC")"#,
            r#"timestamp("2029-02-28T10:00:00Z")"#,
            add_years,
        ),
        f(
            "atLocalTime",
            &[("t", T), ("time", Param::String), ("zone", Z)],
            ts.clone(),
            "The timestamp's local date at the given `HH:MM` in the zone: wait until `atLocalTime(addDays(now, 1, tz), \"09:00\", tz)`.",
            r#"atLocalTime(timestamp("2026-03-29T12:00:00Z"), "09:00", "America/New_York")"#,
            r#"timestamp("2026-03-29T13:00:00Z")"#,
            at_local_time,
        ),
        f(
            "startOfDay",
            &[("t", T), ("zone", Z)],
            ts.clone(),
            "Midnight at the start of the timestamp's local date in the zone.",
            r#"startOfDay(timestamp("2026-06-10T15:00:00Z"), "Europe/Paris")"#,
            r#"timestamp("2026-06-09T22:00:00Z")"#,
            start_of_day,
        ),
        f(
            "hourIn",
            &[("t", T), ("zone", Z)],
            int_.clone(),
            "Hour of day (0–23) of the timestamp in the zone.",
            r#"hourIn(timestamp("2026-03-29T12:00:00Z"), "Asia/Tokyo")"#,
            "21",
            hour_in,
        ),
        f(
            "weekdayIn",
            &[("t", T), ("zone", Z)],
            int_.clone(),
            "Day of week of the timestamp in the zone, 0 = Sunday … 6 = Saturday (as CEL's getDayOfWeek).",
            r#"weekdayIn(timestamp("2026-03-29T12:00:00Z"), "UTC")"#,
            "0",
            weekday_in,
        ),
        f(
            "dayOfMonthIn",
            &[("t", T), ("zone", Z)],
            int_.clone(),
            "Day of the month (1–31) of the timestamp in the zone.",
            r#"dayOfMonthIn(timestamp("2026-03-31T23:30:00Z"), "Europe/Paris")"#,
            "1",
            day_of_month_in,
        ),
        f(
            "monthIn",
            &[("t", T), ("zone", Z)],
            int_.clone(),
            "Month (1–12) of the timestamp in the zone.",
            r#"monthIn(timestamp("2026-03-31T23:30:00Z"), "Europe/Paris")"#,
            "4",
            month_in,
        ),
        f(
            "yearIn",
            &[("t", T), ("zone", Z)],
            int_.clone(),
            "Year of the timestamp in the zone.",
            r#"yearIn(timestamp("2026-12-31T23:30:00Z"), "Asia/Tokyo")"#,
            "2027",
            year_in,
        ),
        f(
            "isWeekend",
            &[("t", T), ("zone", Z)],
            Ret::Is(Ty::Bool),
            "Whether the timestamp falls on a Saturday or Sunday in the zone.",
            r#"isWeekend(timestamp("2026-03-29T12:00:00Z"), "UTC")"#,
            "true",
            is_weekend,
        ),
        f(
            "localDate",
            &[("t", T), ("zone", Z)],
            Ret::Is(Ty::String),
            "The local date `YYYY-MM-DD` of the timestamp in the zone, comparable with date fields.",
            r#"localDate(timestamp("2026-03-29T12:00:00Z"), "Pacific/Kiritimati")"#,
            r#""2026-03-30""#,
            local_date_of,
        ),
        f(
            "formatTime",
            &[("t", T), ("pattern", Param::String), ("zone", Z)],
            Ret::Is(Ty::String),
            "The timestamp written in the zone with a strftime pattern (`%d/%m/%Y %H:%M`, `%A`…).",
            r#"formatTime(timestamp("2026-03-29T12:00:00Z"), "%d/%m/%Y %H:%M", "Europe/Paris")"#,
            r#""29/03/2026 14:00""#,
            format_time,
        ),
        f(
            "parseTime",
            &[("s", Param::String), ("pattern", Param::String), ("zone", Z)],
            ts.clone(),
            "The local date-time (or date, at midnight) written with a strftime pattern, read in the zone.",
            r#"parseTime("29/03/2026 14:00", "%d/%m/%Y %H:%M", "Europe/Paris")"#,
            r#"timestamp("2026-03-29T12:00:00Z")"#,
            parse_time,
        ),
    ]
}

pub fn durations() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Durations);
    let d = Ret::Is(Ty::Duration);
    let n = &[("n", Param::Int)];
    let of = &[("d", Param::Duration)];
    vec![
        f(
            "seconds",
            n,
            d.clone(),
            "A duration of `n` seconds.",
            "seconds(90)",
            r#"duration("1m30s")"#,
            seconds,
        ),
        f(
            "minutes",
            n,
            d.clone(),
            "A duration of `n` minutes.",
            "minutes(90)",
            r#"duration("1h30m")"#,
            minutes,
        ),
        f(
            "hours",
            n,
            d.clone(),
            "A duration of `n` hours: `now + hours(2)`.",
            "hours(36)",
            r#"duration("36h")"#,
            hours,
        ),
        f(
            "days",
            n,
            d.clone(),
            "A duration of `n` times 24 hours (for calendar days in a zone, use addDays).",
            "days(2)",
            r#"duration("48h")"#,
            days,
        ),
        f(
            "inSeconds",
            of,
            Ret::Is(Ty::Int),
            "Whole seconds in the duration.",
            r#"inSeconds(duration("1h"))"#,
            "3600",
            in_seconds,
        ),
        f(
            "inMinutes",
            of,
            Ret::Is(Ty::Int),
            "Whole minutes in the duration.",
            r#"inMinutes(duration("90s"))"#,
            "1",
            in_minutes,
        ),
        f(
            "inHours",
            of,
            Ret::Is(Ty::Int),
            "Whole hours in the duration.",
            r#"inHours(duration("150m"))"#,
            "2",
            in_hours,
        ),
        f(
            "inDays",
            of,
            Ret::Is(Ty::Int),
            "Whole 24-hour days in the duration.",
            r#"inDays(duration("49h"))"#,
            "2",
            in_days,
        ),
        f(
            "formatDuration",
            of,
            Ret::Is(Ty::String),
            "The duration as days, hours, minutes and seconds, largest first.",
            r#"formatDuration(duration("93784s"))"#,
            r#""1d 2h 3m 4s""#,
            format_duration,
        ),
    ]
}

type R = Result<Value, String>;

fn local_date(t: &DateTime<FixedOffset>, tz: Tz) -> chrono::NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The first valid instant at a local date and time (skipping a DST gap). Years past
/// 9999 are refused as CEL refuses them: chrono reads `+262142-12-31`, and a local time
/// that close to its last instant has no instant in a zone behind UTC.
fn resolve_local(tz: Tz, naive: chrono::NaiveDateTime) -> Result<DateTime<FixedOffset>, String> {
    crate::time::check_year(naive.year(), naive)?;
    for shift in 0..4 {
        let Some(candidate) = naive.checked_add_signed(chrono::Duration::minutes(30 * shift)) else {
            break;
        };
        if let Some(t) = tz.from_local_datetime(&candidate).earliest() {
            // A local time in year 9999 (or 1) can be an instant of the next (or the
            // previous) year: kept to the same range as every other instant.
            return super::within_years(t.fixed_offset());
        }
    }
    Err("no such local time".into())
}

fn hours_between(a: &[Value]) -> R {
    Ok(Value::Int((time(a, 1)? - time(a, 0)?).num_hours()))
}

fn minutes_between(a: &[Value]) -> R {
    Ok(Value::Int((time(a, 1)? - time(a, 0)?).num_minutes()))
}

fn seconds_between(a: &[Value]) -> R {
    Ok(Value::Int((time(a, 1)? - time(a, 0)?).num_seconds()))
}

fn days_between(a: &[Value]) -> R {
    let tz = zone(a, 2)?;
    Ok(Value::Int(
        (local_date(&time(a, 1)?, tz) - local_date(&time(a, 0)?, tz)).num_days(),
    ))
}

fn months_between(a: &[Value]) -> R {
    let tz = zone(a, 2)?;
    let from = time(a, 0)?.with_timezone(&tz).naive_local();
    let to = time(a, 1)?.with_timezone(&tz).naive_local();
    let (early, late, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
    let mut months = (late.year() as i64 - early.year() as i64) * 12 + late.month() as i64 - early.month() as i64;
    // A month is whole only once the same day and time come round again.
    if (late.day(), late.time()) < (early.day(), early.time()) {
        months -= 1;
    }
    Ok(Value::Int(sign * months))
}

fn shifted(a: &[Value], by: Option<chrono::Duration>) -> R {
    let t = time(a, 0)?;
    by.and_then(|d| t.checked_add_signed(d))
        .ok_or_else(|| format!("{} is out of range", int(a, 1).unwrap_or_default()))
        .and_then(super::within_years)
        .map(Value::Timestamp)
}

fn add_minutes(a: &[Value]) -> R {
    shifted(a, chrono::Duration::try_minutes(int(a, 1)?))
}

fn add_hours(a: &[Value]) -> R {
    shifted(a, chrono::Duration::try_hours(int(a, 1)?))
}

fn add_days(a: &[Value]) -> R {
    let n = int(a, 1)?;
    let tz = zone(a, 2)?;
    let local = time(a, 0)?.with_timezone(&tz).naive_local();
    let moved = chrono::Duration::try_days(n)
        .and_then(|d| local.checked_add_signed(d))
        .ok_or_else(|| format!("{n} days is out of range"))?;
    resolve_local(tz, moved).map(Value::Timestamp)
}

fn add_calendar_months(a: &[Value], months: Option<i64>) -> R {
    let tz = zone(a, 2)?;
    let local = time(a, 0)?.with_timezone(&tz).naive_local();
    let out_of_range = || format!("{} is out of range", int(a, 1).unwrap_or_default());
    let months = months.ok_or_else(out_of_range)?;
    let count = u32::try_from(months.unsigned_abs()).map_err(|_| out_of_range())?;
    let moved = if months >= 0 {
        local.checked_add_months(Months::new(count))
    } else {
        local.checked_sub_months(Months::new(count))
    }
    .ok_or_else(out_of_range)?;
    resolve_local(tz, moved).map(Value::Timestamp)
}

fn add_months(a: &[Value]) -> R {
    add_calendar_months(a, Some(int(a, 1)?))
}

fn add_years(a: &[Value]) -> R {
    add_calendar_months(a, int(a, 1)?.checked_mul(12))
}

fn at_local_time(a: &[Value]) -> R {
    let tz = zone(a, 2)?;
    let hhmm = string(a, 1)?;
    let at = NaiveTime::parse_from_str(hhmm, "%H:%M").map_err(|_| format!("`{hhmm}` is not HH:MM"))?;
    resolve_local(tz, local_date(&time(a, 0)?, tz).and_time(at)).map(Value::Timestamp)
}

fn start_of_day(a: &[Value]) -> R {
    let tz = zone(a, 1)?;
    resolve_local(tz, local_date(&time(a, 0)?, tz).and_time(NaiveTime::MIN)).map(Value::Timestamp)
}

fn local(a: &[Value]) -> Result<DateTime<Tz>, String> {
    Ok(time(a, 0)?.with_timezone(&zone(a, 1)?))
}

fn hour_in(a: &[Value]) -> R {
    Ok(Value::Int(local(a)?.hour() as i64))
}

fn weekday_in(a: &[Value]) -> R {
    Ok(Value::Int(local(a)?.weekday().num_days_from_sunday() as i64))
}

fn day_of_month_in(a: &[Value]) -> R {
    Ok(Value::Int(local(a)?.day() as i64))
}

fn month_in(a: &[Value]) -> R {
    Ok(Value::Int(local(a)?.month() as i64))
}

fn year_in(a: &[Value]) -> R {
    Ok(Value::Int(local(a)?.year() as i64))
}

fn is_weekend(a: &[Value]) -> R {
    Ok(Value::Bool(local(a)?.weekday().num_days_from_monday() >= 5))
}

fn local_date_of(a: &[Value]) -> R {
    Ok(text(local(a)?.format("%Y-%m-%d").to_string()))
}

/// A strftime pattern, refused up front when it has an unknown specifier (chrono would
/// otherwise fail while writing).
fn pattern(a: &[Value], i: usize) -> Result<Vec<Item<'_>>, String> {
    let source = string(a, i)?;
    let items: Vec<Item> = StrftimeItems::new(source).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return Err(format!("`{source}` is not a valid strftime pattern"));
    }
    Ok(items)
}

fn format_time(a: &[Value]) -> R {
    let items = pattern(a, 1)?;
    let t = time(a, 0)?.with_timezone(&zone(a, 2)?);
    let mut out = String::new();
    use std::fmt::Write;
    write!(out, "{}", t.format_with_items(items.iter()))
        .map_err(|_| "the pattern cannot write this time".to_string())?;
    Ok(text(out))
}

fn parse_time(a: &[Value]) -> R {
    let s = string(a, 0)?;
    let source = string(a, 1)?;
    pattern(a, 1)?;
    let tz = zone(a, 2)?;
    let naive = chrono::NaiveDateTime::parse_from_str(s, source)
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, source).map(|d| d.and_time(NaiveTime::MIN)))
        .map_err(|e| format!("`{s}` does not match `{source}`: {e}"))?;
    resolve_local(tz, naive).map(Value::Timestamp)
}

fn span(n: i64, make: fn(i64) -> Option<chrono::Duration>) -> R {
    make(n)
        .map(Value::Duration)
        .ok_or_else(|| format!("{n} is out of range"))
}

fn seconds(a: &[Value]) -> R {
    span(int(a, 0)?, chrono::Duration::try_seconds)
}

fn minutes(a: &[Value]) -> R {
    span(int(a, 0)?, chrono::Duration::try_minutes)
}

fn hours(a: &[Value]) -> R {
    span(int(a, 0)?, chrono::Duration::try_hours)
}

fn days(a: &[Value]) -> R {
    span(int(a, 0)?, chrono::Duration::try_days)
}

fn in_seconds(a: &[Value]) -> R {
    Ok(Value::Int(duration(a, 0)?.num_seconds()))
}

fn in_minutes(a: &[Value]) -> R {
    Ok(Value::Int(duration(a, 0)?.num_minutes()))
}

fn in_hours(a: &[Value]) -> R {
    Ok(Value::Int(duration(a, 0)?.num_hours()))
}

fn in_days(a: &[Value]) -> R {
    Ok(Value::Int(duration(a, 0)?.num_days()))
}

fn format_duration(a: &[Value]) -> R {
    let d = duration(a, 0)?;
    let total = d.num_seconds();
    let sign = if total < 0 { "-" } else { "" };
    let mut rest = total.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        let count = rest / size;
        rest %= size;
        if count > 0 {
            parts.push(format!("{count}{unit}"));
        }
    }
    if parts.is_empty() {
        parts.push("0s".into());
    }
    Ok(text(format!("{sign}{}", parts.join(" "))))
}

#[cfg(test)]
mod tests {
    use super::super::evaluate;
    use super::*;
    use std::sync::Arc;

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

    /// Found by the panic audit: a local time next to chrono's last instant, in a zone
    /// behind UTC, has no instant; looking 30 minutes on for a DST gap overflowed.
    #[test]
    fn local_times_past_year_9999_are_errors_not_crashes() {
        for src in [
            r#"parseTime("+262142-12-31 23:45", "%Y-%m-%d %H:%M", "America/New_York")"#,
            r#"addDays(timestamp("9999-12-31T09:45:00Z"), 92093341, "Pacific/Honolulu")"#,
            r#"addYears(timestamp("9999-06-01T00:00:00Z"), 1, "UTC")"#,
            r#"parseTime("+10000-01-01", "%Y-%m-%d", "UTC")"#,
            r#"atLocalTime(timestamp("9999-12-31T12:00:00Z"), "20:00", "Pacific/Honolulu")"#,
            r#"startOfDay(timestamp("0001-01-01T05:00:00Z"), "Asia/Tokyo")"#,
        ] {
            let err = evaluate(src, &[]).unwrap_err();
            assert!(err.contains("year"), "{src}: {err}");
        }
        assert_eq!(
            evaluate(r#"parseTime("9999-12-31 12:00", "%Y-%m-%d %H:%M", "UTC")"#, &[]).unwrap(),
            ts("9999-12-31T12:00:00Z")
        );
    }

    /// Found by the fuzz target `time_edges`: minutes added to land next to chrono's
    /// first instant gave an instant with no local time behind UTC, and reading it there
    /// panicked. Functions now give and take instants of years 1–9999 only.
    #[test]
    fn instants_outside_years_1_to_9999_are_neither_made_nor_read() {
        let far = r#"addMinutes(timestamp("2026-01-01T00:00:00Z"), -138939474230)"#;
        let err = evaluate(far, &[]).unwrap_err();
        assert!(err.contains("outside years 1 to 9999"), "{err}");
        let err = evaluate(&format!(r#"hourIn({far}, "Pacific/Honolulu")"#), &[]).unwrap_err();
        assert!(err.contains("outside years 1 to 9999"), "{err}");
        let first = Value::Timestamp((DateTime::<chrono::Utc>::MIN_UTC + chrono::Duration::minutes(10)).fixed_offset());
        let err = evaluate(r#"hourIn(t, "Pacific/Honolulu")"#, &[("t", first)]).unwrap_err();
        assert!(err.contains("argument 1: "), "{err}");
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
