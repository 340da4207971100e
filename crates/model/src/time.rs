//! Adding lengths to instants without a crash. chrono panics when a sum leaves its range
//! (`Duration::seconds` past about 292 million years, `DateTime + TimeDelta` past year
//! 262142), and lengths come from bundles, stored rows and simulated clocks:
//! `cacheSeconds: 9223372036854775807` once crashed the simulator and the runner. Every
//! sum of a length from outside saturates at the latest instant chrono holds.

use std::fmt::Display;

use chrono::{DateTime, Duration, TimeZone, Utc};

/// The years an instant may have: CEL's range. chrono reads ±262142
/// (`+262142-12-31T23:00:00Z`), and near those ends a local time does not exist and a
/// length added overflows, so dates, expression results and simulated times keep to these.
pub fn check_year(year: i32, shown: impl Display) -> Result<(), String> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(format!("{shown} is outside years 1 to 9999"))
    }
}

/// The last instant of year 9999.
pub fn last_instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whole seconds as a span, saturating at the longest span chrono holds.
pub fn span_of_seconds(seconds: u64) -> Duration {
    i64::try_from(seconds)
        .ok()
        .and_then(Duration::try_seconds)
        .unwrap_or(Duration::MAX)
}

/// `at` plus `seconds` (a data source's cache, a re-entrance wait, a global timeout).
pub fn seconds_after(at: DateTime<Utc>, seconds: u64) -> DateTime<Utc> {
    span_after(at, span_of_seconds(seconds))
}

/// `at` plus `span` (a wait or a timeout added to a simulated clock).
pub fn span_after(at: DateTime<Utc>, span: Duration) -> DateTime<Utc> {
    at.checked_add_signed(span).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_past_chronos_range_saturate() {
        let now = DateTime::<Utc>::MAX_UTC - Duration::hours(1);
        assert_eq!(seconds_after(now, u64::MAX), DateTime::<Utc>::MAX_UTC);
        assert_eq!(seconds_after(now, 7_200), DateTime::<Utc>::MAX_UTC);
        assert_eq!(span_of_seconds(u64::MAX), Duration::MAX);
        let start = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(seconds_after(start, 60), start + Duration::minutes(1));
    }
}
