//! The runner's time, injected like the simulator's: the wall clock in production, any
//! function in tests. Stored times are milliseconds since the Unix epoch.

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, TimeZone, Utc};

pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The wall clock, to the millisecond: what is stored is what the engine saw.
pub fn wall() -> Clock {
    Arc::new(|| Utc::now().trunc_subsecs(3))
}

/// `at` in milliseconds, rounded up: a timer stored at that time is never due before
/// the engine's own time has passed `at` (rounding down would fire it a fraction of a
/// millisecond early, the engine would ignore it, and the person would wait forever).
pub fn millis_ceil(at: DateTime<Utc>) -> i64 {
    let ms = at.timestamp_millis();
    if at.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        ms
    } else {
        ms + 1
    }
}

pub fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timer_is_never_stored_before_its_time() {
        let at = from_millis(1_000) + chrono::Duration::microseconds(300);
        assert_eq!(millis_ceil(at), 1_001);
        assert_eq!(millis_ceil(from_millis(1_000)), 1_000);
        assert!(from_millis(millis_ceil(at)) >= at);
    }
}
