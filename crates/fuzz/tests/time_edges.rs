//! Time functions at the edges of chrono's range: any instant chrono holds (years
//! −262143 to +262142, which its RFC 3339 reader accepts), any day, month or hour count,
//! any zone, and local texts of any year. Each call gives a value or an error, never a
//! panic. Found by the panic audit before this target existed: a local time next to
//! chrono's last instant, in a zone behind UTC, overflowed while skipping a DST gap.
//! Found by this target on its first run: an instant near chrono's first one, read in a
//! zone behind UTC, has no local time, and chrono panicked (`hourIn`, `addDays`, …); the
//! functions now refuse instants outside years 1–9999, CEL's range, and produce none.

use chrono::{DateTime, TimeZone, Utc};
use parcours_fuzz::config;
use parcours_model::expr::functions::{FUNCTIONS, evaluate};
use proptest::prelude::*;

/// Calls of every function that takes an instant; `t`, `u` are instants, `n` an int, `z`
/// a zone, `s` a local text.
const CALLS: &[&str] = &[
    "addDays(t, n, z)",
    "addMonths(t, n, z)",
    "addYears(t, n, z)",
    "addHours(t, n)",
    "addMinutes(t, n)",
    "atLocalTime(t, \"23:45\", z)",
    "startOfDay(t, z)",
    "hourIn(t, z)",
    "weekdayIn(t, z)",
    "dayOfMonthIn(t, z)",
    "monthIn(t, z)",
    "yearIn(t, z)",
    "isWeekend(t, z)",
    "localDate(t, z)",
    "formatTime(t, \"%Y-%m-%d %H:%M %Z\", z)",
    "parseTime(s, \"%Y-%m-%d %H:%M\", z)",
    "parseTime(s, \"%Y-%m-%d\", z)",
    "daysBetween(t, u, z)",
    "monthsBetween(t, u, z)",
    "hoursBetween(t, u)",
    "minutesBetween(t, u)",
    "secondsBetween(t, u)",
];

/// CEL's own arithmetic on instants. Instants reach CEL from payloads (read with a
/// four-digit year), from the clock, or from the functions above (which keep to years
/// 1–9999); CEL checks its results against that range, but adds before it checks, so
/// only instants from year 0 to 9999 are given to it.
const BUILTINS: &[&str] = &[
    "t + duration(\"2562047h\")",
    "t - duration(\"2562047h\")",
    "t - u",
    "t < u",
    "string(t)",
];

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let (first, last) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    prop_oneof![
        first..=last,
        (last - 200_000)..=last,
        first..=(first + 200_000),
        // Around year 9999's end, where CEL's range stops.
        253_402_200_000i64..=253_402_400_000,
    ]
    .prop_map(|s| Utc.timestamp_opt(s, 0).single().unwrap_or(DateTime::<Utc>::MAX_UTC))
}

fn count() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        -1_000_000i64..1_000_000,
        Just(i64::MAX),
        Just(i64::MIN),
        Just(92_093_341)
    ]
}

fn zone() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "UTC",
        "Pacific/Honolulu",
        "America/New_York",
        "Pacific/Kiritimati",
        "Etc/GMT+12",
        "Etc/GMT-14",
        "Europe/Paris",
        "Mars/Olympus",
    ])
}

fn cel_instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, and both ends.
    prop_oneof![
        -62_167_219_200i64..=253_402_300_799,
        Just(-62_167_219_200i64),
        Just(253_402_300_799i64),
    ]
    .prop_map(|s| Utc.timestamp_opt(s, 0).single().unwrap_or(DateTime::<Utc>::UNIX_EPOCH))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn cel_arithmetic_takes_any_instant_a_payload_can_hold(
        call in prop::sample::select(BUILTINS.to_vec()),
        t in cel_instant(),
        u in cel_instant(),
    ) {
        let vars = [
            ("t", cel::Value::Timestamp(t.fixed_offset())),
            ("u", cel::Value::Timestamp(u.fixed_offset())),
        ];
        let _ = evaluate(call, &vars);
    }

    #[test]
    fn time_functions_take_any_instant_count_and_zone(
        call in prop::sample::select(CALLS.to_vec()),
        t in instant(),
        u in instant(),
        n in count(),
        z in zone(),
        local in instant(),
    ) {
        let s = local.format("%Y-%m-%d %H:%M").to_string();
        let vars = [
            ("t", cel::Value::Timestamp(t.fixed_offset())),
            ("u", cel::Value::Timestamp(u.fixed_offset())),
            ("n", cel::Value::Int(n)),
            ("z", cel::Value::String(z.to_string().into())),
            ("s", cel::Value::String(s.into())),
        ];
        let _ = evaluate(call, &vars);
    }
}

#[test]
fn every_call_names_a_journey_function() {
    for call in CALLS.iter().filter(|c| c.contains('(') && !c.starts_with('t')) {
        let name = &call[..call.find('(').unwrap()];
        assert!(FUNCTIONS.iter().any(|f| f.name == name), "no function `{name}`");
    }
}
