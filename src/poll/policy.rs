//! Pure scheduling arithmetic. Due times are Unix milliseconds (they are stored); the
//! spacing of requests to one host uses monotonic instants (it lives only in memory).
//! Randomness and the current time are passed in.

use std::time::Duration;

use tokio::time::Instant;

use crate::config::{PollConfig, Schedule};
use crate::model::FeedState;

/// Fraction of an interval added or removed at random so feeds drift apart.
pub const JITTER: f64 = 0.1;
/// Start-up fetches of never-fetched feeds are spread over at most this long.
pub const STARTUP_SPREAD: Duration = Duration::from_secs(60);
/// A feed is polled about this many times per observed change period.
pub const POLLS_PER_CHANGE: u32 = 2;

/// What the last fetch came to, as far as scheduling cares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Result {
    /// Fetched (changed or not).
    Ok,
    /// A failure that may go away (timeout, 5xx, connection).
    TransientError,
    /// A failure that will not go away by itself (404, not a feed).
    PermanentError,
    /// The server asked to come back later (429/503), maybe saying when.
    RetryAfter(Option<Duration>),
    /// The feed is gone for good (410).
    Gone,
}

fn clamp(d: Duration, poll: &PollConfig) -> Duration {
    d.clamp(poll.min_interval, poll.max_interval)
}

/// The regular interval of a feed (before backoff and jitter).
pub fn interval(
    schedule: &Schedule,
    poll: &PollConfig,
    state: &FeedState,
    now_ms: i64,
) -> Duration {
    match schedule {
        Schedule::Interval(d) => clamp(*d, poll),
        Schedule::Cron(c) => {
            let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
            let next = c
                .after(&now)
                .next()
                .map(|t| (t - now).to_std().unwrap_or(poll.min_interval))
                .unwrap_or(poll.max_interval);
            clamp(next, poll)
        }
        Schedule::Default => adaptive(poll, state, now_ms),
    }
}

/// Default interval adapted to the feed: its own hints are a floor (a feed asking for a
/// 60-minute ttl is not polled every 10 minutes); observed changes pull the interval toward
/// half the typical gap between changes; a long-quiet feed is polled less often.
pub fn adaptive(poll: &PollConfig, state: &FeedState, now_ms: i64) -> Duration {
    let mut d = poll.default_interval;
    let ch = &state.changes;
    if ch.len() >= 3 {
        let span = (ch[ch.len() - 1] - ch[0]).max(0) as u64;
        let gap = Duration::from_millis(span / (ch.len() as u64 - 1));
        d = gap / POLLS_PER_CHANGE;
    }
    if let Some(last) = ch.last() {
        let quiet = Duration::from_millis((now_ms - last).max(0) as u64);
        // Quiet for much longer than the interval: back off gently, up to a quarter of it.
        if quiet / 4 > d {
            d = quiet / 4;
        }
    }
    if let Some(h) = state.hint_secs {
        d = d.max(Duration::from_secs(h));
    }
    clamp(d, poll)
}

/// Spread `d` by ±JITTER using `r` in [0, 1).
pub fn jitter(d: Duration, r: f64) -> Duration {
    d.mul_f64(1.0 - JITTER + 2.0 * JITTER * r.clamp(0.0, 1.0))
}

/// Exponential backoff after `errors` consecutive failures (errors ≥ 1), full jitter in the
/// upper half, capped at `max_interval`. Permanent errors grow four times as fast.
pub fn backoff(
    base: Duration,
    errors: u32,
    permanent: bool,
    poll: &PollConfig,
    r: f64,
) -> Duration {
    let exp = if permanent {
        errors.saturating_mul(2)
    } else {
        errors
    };
    let d = crate::backoff::doubling(base, exp, poll.max_interval);
    clamp(crate::backoff::upper_half_jitter(d, r), poll)
}

/// When the feed is next due after a fetch, or None when it must not be polled again.
pub fn next_due(
    result: Result,
    schedule: &Schedule,
    poll: &PollConfig,
    state: &FeedState,
    now_ms: i64,
    r: f64,
) -> Option<i64> {
    let base = interval(schedule, poll, state, now_ms);
    let wait = match result {
        Result::Gone => return None,
        Result::Ok => match schedule {
            Schedule::Cron(_) => base,
            _ => jitter(base, r),
        },
        Result::TransientError => backoff(base, state.error_count.max(1), false, poll, r),
        Result::PermanentError => backoff(base, state.error_count.max(1), true, poll, r),
        Result::RetryAfter(after) => {
            let b = backoff(base, state.error_count.max(1), false, poll, r);
            // Honoured, but within the operator's bounds like every other interval.
            after.map_or(b, |a| clamp(a, poll))
        }
    };
    Some(later(now_ms, wait))
}

/// `now_ms` plus `d`, saturating (hostile hints can be absurdly long).
pub fn later(now_ms: i64, d: Duration) -> i64 {
    now_ms.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// How long a request to a host must still wait at `now`: until `gap` has passed since the
/// host's last request started (`last_start`), and until a Retry-After hold is over
/// (`hold_until`). Zero when it may start now.
pub fn host_wait(
    now: Instant,
    last_start: Option<Instant>,
    gap: Duration,
    hold_until: Option<Instant>,
) -> Duration {
    // Durations rather than `last + gap`: no Instant arithmetic that could overflow.
    let spacing = last_start.map_or(Duration::ZERO, |t| {
        gap.saturating_sub(now.saturating_duration_since(t))
    });
    let hold = hold_until.map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
    spacing.max(hold)
}

/// First due time of a feed at start-up: its stored due time, or a random point within the
/// start-up spread for feeds never fetched and for feeds already overdue (after a long stop,
/// or a crash that lost the times kept in memory): no thundering herd.
pub fn first_due(state: &FeedState, poll: &PollConfig, now_ms: i64, r: f64) -> i64 {
    match state.next_due {
        // Never further away than the longest interval, whatever was stored.
        Some(t) if t > now_ms => t.min(later(now_ms, poll.max_interval)),
        _ => later(now_ms, first_spread(poll).mul_f64(r.clamp(0.0, 1.0))),
    }
}

/// Over how long the first fetches of never-fetched feeds are spread (so a new store does not
/// hit every server at once).
pub fn first_spread(poll: &PollConfig) -> Duration {
    STARTUP_SPREAD
        .min(poll.default_interval)
        .min(poll.min_interval * 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{PollConfig, Schedule};
    use crate::model::{FeedState, Origin};
    use std::time::Duration;

    fn poll() -> PollConfig {
        PollConfig {
            default_interval: Duration::from_secs(900),
            min_interval: Duration::from_secs(60),
            max_interval: Duration::from_secs(86400),
            max_items: 100,
        }
    }

    fn state() -> FeedState {
        FeedState::new("n", "http://e/f", None, Origin::Config)
    }

    #[test]
    fn interval_is_clamped() {
        let s = state();
        let p = poll();
        assert_eq!(
            interval(&Schedule::Interval(Duration::from_secs(1)), &p, &s, 0),
            Duration::from_secs(60)
        );
        assert_eq!(
            interval(&Schedule::Interval(Duration::from_secs(999_999)), &p, &s, 0),
            Duration::from_secs(86400)
        );
        assert_eq!(
            interval(&Schedule::Default, &p, &s, 0),
            Duration::from_secs(900)
        );
    }

    #[test]
    fn cron_gives_the_next_slot() {
        let c: cron::Schedule = "0 */10 * * * *".parse().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:03:00Z")
            .unwrap()
            .timestamp_millis();
        let d = interval(&Schedule::Cron(Box::new(c)), &poll(), &state(), now);
        assert_eq!(d, Duration::from_secs(7 * 60));
    }

    #[test]
    fn adapts_to_changes_and_hints() {
        let p = poll();
        let mut s = state();
        let min = 60_000;
        // A change every 10 minutes: poll every 5.
        s.changes = vec![0, 10 * min, 20 * min, 30 * min];
        assert_eq!(adaptive(&p, &s, 30 * min), Duration::from_secs(300));
        // A ttl of 60 minutes is a floor.
        s.hint_secs = Some(3600);
        assert_eq!(adaptive(&p, &s, 30 * min), Duration::from_secs(3600));
        // Quiet for 8 hours: at most every 2 hours.
        s.hint_secs = None;
        assert_eq!(
            adaptive(&p, &s, 30 * min + 8 * 60 * min),
            Duration::from_secs(7200)
        );
    }

    #[test]
    fn backoff_grows_and_caps() {
        let p = poll();
        let b = Duration::from_secs(900);
        let one = backoff(b, 1, false, &p, 1.0);
        let three = backoff(b, 3, false, &p, 1.0);
        assert_eq!(one, b);
        assert_eq!(three, b * 4);
        assert_eq!(backoff(b, 30, false, &p, 1.0), p.max_interval);
        assert!(backoff(b, 2, true, &p, 1.0) > backoff(b, 2, false, &p, 1.0));
        // Jitter stays within the upper half.
        assert!(backoff(b, 3, false, &p, 0.0) >= b * 2);
    }

    #[test]
    fn next_due_per_result() {
        let p = poll();
        let mut s = state();
        assert_eq!(
            next_due(Result::Gone, &Schedule::Default, &p, &s, 0, 0.5),
            None
        );
        assert_eq!(
            next_due(Result::Ok, &Schedule::Default, &p, &s, 0, 0.5),
            Some(900_000)
        );
        s.error_count = 1;
        assert_eq!(
            next_due(
                Result::RetryAfter(Some(Duration::from_secs(7200))),
                &Schedule::Default,
                &p,
                &s,
                0,
                0.5
            ),
            Some(7_200_000)
        );
    }

    #[test]
    fn absurd_retry_after_is_clamped() {
        let p = poll();
        let mut s = state();
        s.error_count = 1;
        let huge = Duration::from_secs(9_223_372_036_854_775);
        let t = next_due(
            Result::RetryAfter(Some(huge)),
            &Schedule::Default,
            &p,
            &s,
            1_000,
            0.5,
        );
        assert_eq!(t, Some(1_000 + 86_400_000));
        assert_eq!(later(i64::MAX - 1, huge), i64::MAX);
        s.next_due = Some(i64::MAX);
        assert_eq!(first_due(&s, &p, 0, 0.5), 86_400_000);
    }

    #[test]
    fn startup_is_spread() {
        let p = poll();
        let s = state();
        let a = first_due(&s, &p, 0, 0.0);
        let b = first_due(&s, &p, 0, 0.99);
        assert!(a < b && b <= 60_000, "{a} {b}");
        let mut known = state();
        known.next_due = Some(42);
        assert_eq!(first_due(&known, &p, 0, 0.5), 42);
        // Overdue feeds are spread like new ones, not all started at once.
        known.next_due = Some(-5_000);
        let (a, b) = (
            first_due(&known, &p, 0, 0.0),
            first_due(&known, &p, 0, 0.99),
        );
        assert!(0 <= a && a < b && b <= 60_000, "{a} {b}");
    }

    #[test]
    fn jitter_bounds() {
        let d = Duration::from_secs(100);
        assert_eq!(jitter(d, 0.0), Duration::from_secs(90));
        assert_eq!(jitter(d, 1.0), Duration::from_secs(110));
    }

    #[test]
    fn host_wait_spaces_starts_and_honours_holds() {
        use tokio::time::Instant;
        let t0 = Instant::now();
        let gap = Duration::from_secs(1);
        let ms = Duration::from_millis;
        // A host never asked, nothing held: at once.
        assert_eq!(host_wait(t0, None, gap, None), Duration::ZERO);
        // 300 ms after the last start: the rest of the gap; from the gap on: at once.
        assert_eq!(host_wait(t0 + ms(300), Some(t0), gap, None), ms(700));
        assert_eq!(host_wait(t0 + gap, Some(t0), gap, None), Duration::ZERO);
        assert_eq!(
            host_wait(t0 + ms(5000), Some(t0), gap, None),
            Duration::ZERO
        );
        // A hold ending after the gap wins; one ending before it, or already over, changes
        // nothing; a hold alone is waited out too.
        let hold = Some(t0 + ms(3000));
        assert_eq!(host_wait(t0 + ms(300), Some(t0), gap, hold), ms(2700));
        assert_eq!(
            host_wait(t0 + ms(300), Some(t0), gap, Some(t0 + ms(500))),
            ms(700)
        );
        assert_eq!(host_wait(t0 + ms(300), Some(t0), gap, Some(t0)), ms(700));
        assert_eq!(host_wait(t0 + ms(300), None, gap, hold), ms(2700));
        assert_eq!(
            host_wait(t0 + ms(3000), Some(t0), gap, hold),
            Duration::ZERO
        );
    }
}
