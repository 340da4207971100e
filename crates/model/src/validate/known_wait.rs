//! How long a wait-until lasts when its expression depends only on the clock (and the
//! journey's fixed time zone): `now + duration("720h")`, `addDays(now, 100, "UTC")`.
//! A fixed date is not judged (how far it is depends on when the journey is published).
//! Such a wait is as knowable as a fixed one, so it gets the same checks (90 days at most,
//! within the global timeout). Anything reading a person's data is left to run time.

use std::collections::HashMap;

use cel::Value;
use chrono::{DateTime, TimeZone, Utc};

use crate::expr::{compile_memo, functions};
use crate::{JourneyVersion, TimeZoneSetting};

/// Instants spread over a year, so calendar arithmetic in a zone (a month, a DST change)
/// is judged by its shortest outcome.
fn samples() -> impl Iterator<Item = DateTime<Utc>> {
    [(1, 15), (3, 15), (7, 15), (10, 15)]
        .into_iter()
        .filter_map(|(month, day)| Utc.with_ymd_and_hms(2026, month, day, 12, 0, 0).single())
}

/// The shortest the wait lasts, in whole seconds, when it is known before running;
/// `None` when it depends on the person (or cannot be evaluated, or is already over).
pub fn known_wait_seconds(expression: &str, version: &JourneyVersion) -> Option<u64> {
    // Validation runs on every edit: the program comes from the memo, and the functions
    // are registered once for all the samples.
    let compiled = compile_memo(expression);
    let program = compiled.as_ref().as_ref().ok()?;
    let mut base = cel::Context::default();
    functions::register(&mut base);
    if let TimeZoneSetting::Fixed { zone } = &version.properties.time_zone {
        let journey: HashMap<String, Value> =
            HashMap::from([("timeZone".to_string(), Value::String(zone.clone().into()))]);
        base.add_variable_from_value("journey", journey);
    }
    let mut shortest: Option<i64> = None;
    let mut ends = Vec::new();
    for now in samples() {
        let mut context = base.new_inner_scope();
        context.add_variable_from_value("now", Value::Timestamp(now.fixed_offset()));
        let Ok(Value::Timestamp(until)) = program.execute(&context) else {
            return None;
        };
        ends.push(until);
        let seconds = (until.with_timezone(&Utc) - now).num_seconds();
        shortest = Some(shortest.map_or(seconds, |s| s.min(seconds)));
    }
    // A fixed date (`timestamp("2027-11-27T00:00:00Z")`) is as far as the publication
    // date makes it: only waits that move with the clock are known here.
    if ends.windows(2).all(|w| w[0] == w[1]) {
        return None;
    }
    shortest.and_then(|s| u64::try_from(s).ok()).filter(|&s| s > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(zone: &str) -> JourneyVersion {
        serde_json::from_value(serde_json::json!({
            "version": 1, "status": "draft",
            "properties": {"timeZone": {"kind": "fixed", "zone": zone}},
            "nodes": [], "edges": []
        }))
        .unwrap()
    }

    #[test]
    fn clock_only_waits_are_known() {
        let v = version("Europe/Paris");
        assert_eq!(known_wait_seconds(r#"now + duration("720h")"#, &v), Some(720 * 3600));
        assert_eq!(known_wait_seconds("now + days(100)", &v), Some(100 * 86_400));
        // Calendar days in the journey's zone: the shortest, across a DST change, is 1 h less.
        assert_eq!(
            known_wait_seconds("addDays(now, 30, journey.timeZone)", &v),
            Some(30 * 86_400 - 3600)
        );
    }

    #[test]
    fn waits_that_read_the_person_or_are_over_are_not_known() {
        let v = version("UTC");
        assert_eq!(known_wait_seconds(r#"event.at + duration("1h")"#, &v), None);
        assert_eq!(known_wait_seconds(r#"now - duration("1h")"#, &v), None);
        assert_eq!(known_wait_seconds(r#"timestamp("2020-01-01T00:00:00Z")"#, &v), None);
        assert_eq!(known_wait_seconds(r#"timestamp("2099-01-01T00:00:00Z")"#, &v), None);
    }
}
