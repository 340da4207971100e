//! The retry policy, in one place for the real connector and for fixtures: which
//! answers are worth another attempt, the backoff between attempts, and the rule that
//! every attempt and pause fits in the call's budget. [`replay`] plays the same policy
//! in virtual time, so a simulated call that meets a slow or failing fixture takes the
//! attempts, and the time, the real call would.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

/// Time allowed to a data lookup, retries included.
pub const LOOKUP_BUDGET: Duration = Duration::from_secs(30);

/// Retries a lookup may make within its budget.
pub const LOOKUP_RETRIES: usize = 3;

/// The first pause between attempts; it doubles each time, with jitter.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(200);

/// 408, 429 and 5xx are worth another attempt; 401, 403, 404 and other client errors
/// are final.
pub fn retryable_status(code: u16) -> bool {
    code == 408 || code == 429 || code >= 500
}

/// Exponential backoff with jitter from `first`, at most `times` retries.
pub fn backoff(first: Duration, times: usize) -> ExponentialBuilder {
    ExponentialBuilder::default()
        .with_min_delay(first)
        .with_max_times(times)
        .with_jitter()
}

/// The pause before the next attempt: what the server asked for (`Retry-After`), else
/// the backoff's; none when no retry is left or the pause would not end before the
/// budget does (the caller then gets the last answer, not a timeout).
pub fn pause(retry_after: Option<Duration>, backoff: Option<Duration>, left: Duration) -> Option<Duration> {
    let wait = retry_after.or(backoff).filter(|_| backoff.is_some())?;
    (wait < left).then_some(wait)
}

/// One attempt's answer, as a fixture gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Try {
    /// An HTTP status after `latency`, with the server's `Retry-After` if any.
    Status {
        code: u16,
        latency: Duration,
        retry_after: Option<Duration>,
    },
    /// No answer before the budget ran out.
    Hang,
}

/// How a replayed call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    /// The last status, or `None` when the budget ran out (`timedout`).
    pub status: Option<u16>,
    pub attempts: u32,
    /// Virtual time from the first attempt to the answer.
    pub elapsed: Duration,
}

/// Plays the policy in virtual time: `answer(n)` gives attempt `n`'s outcome (from 0);
/// `jitter_seed` makes the backoff's jitter reproducible.
pub fn replay(
    budget: Duration,
    first: Duration,
    retries: usize,
    jitter_seed: u64,
    mut answer: impl FnMut(u32) -> Try,
) -> Replayed {
    let mut delays = backoff(first, retries).with_jitter_seed(jitter_seed).build();
    let mut elapsed = Duration::ZERO;
    let mut attempts = 0;
    loop {
        let this = answer(attempts);
        attempts += 1;
        let timed_out = Replayed {
            status: None,
            attempts,
            elapsed: budget,
        };
        let Try::Status {
            code,
            latency,
            retry_after,
        } = this
        else {
            return timed_out;
        };
        elapsed += latency;
        if elapsed >= budget {
            return timed_out;
        }
        let done = Replayed {
            status: Some(code),
            attempts,
            elapsed,
        };
        if (200..300).contains(&code) || !retryable_status(code) {
            return done;
        }
        match pause(retry_after, delays.next(), budget - elapsed) {
            Some(wait) => elapsed += wait,
            None => return done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn status(code: u16, latency: u64) -> Try {
        Try::Status {
            code,
            latency: MS(latency),
            retry_after: None,
        }
    }

    #[test]
    fn a_slow_answer_is_a_timeout_at_the_budget() {
        let r = replay(MS(1_000), MS(200), 3, 1, |_| status(200, 1_500));
        assert_eq!((r.status, r.attempts, r.elapsed), (None, 1, MS(1_000)));
    }

    #[test]
    fn retryable_statuses_are_retried_with_backoff_then_answered() {
        let r = replay(MS(30_000), MS(200), 3, 7, |n| {
            if n < 2 { status(503, 10) } else { status(200, 10) }
        });
        assert_eq!((r.status, r.attempts), (Some(200), 3));
        // Two pauses of at least 200 ms and 400 ms (jitter only lengthens them).
        assert!(r.elapsed >= MS(30 + 600), "{:?}", r.elapsed);
        // The same seed gives the same time.
        let again = replay(MS(30_000), MS(200), 3, 7, |n| {
            if n < 2 { status(503, 10) } else { status(200, 10) }
        });
        assert_eq!(r, again);
    }

    #[test]
    fn final_statuses_and_spent_retries_stop() {
        let r = replay(MS(30_000), MS(200), 3, 1, |_| status(404, 10));
        assert_eq!((r.status, r.attempts), (Some(404), 1));
        let r = replay(MS(30_000), MS(200), 3, 1, |_| status(500, 10));
        assert_eq!((r.status, r.attempts), (Some(500), 4));
    }

    #[test]
    fn retry_after_is_honoured_unless_it_outlasts_the_budget() {
        let told = |wait: u64| {
            move |n: u32| {
                if n == 0 {
                    Try::Status {
                        code: 429,
                        latency: MS(10),
                        retry_after: Some(MS(wait)),
                    }
                } else {
                    status(200, 10)
                }
            }
        };
        let r = replay(MS(5_000), MS(200), 3, 1, told(2_000));
        assert_eq!((r.status, r.attempts, r.elapsed), (Some(200), 2, MS(2_020)));
        let r = replay(MS(5_000), MS(200), 3, 1, told(9_000));
        assert_eq!((r.status, r.attempts, r.elapsed), (Some(429), 1, MS(10)));
    }
}
