//! Per-sender request limits (governor, GCRA): every bare JID and every domain gets a budget of
//! requests per minute, with bursts up to the same number; so does every HTTP token
//! ([`TokenLimits`]). The only governor user.
//!
//! State is kept only for senders seen recently: [`RateLimits::check`] purges keys whose budget
//! is full again every [`PURGE_EVERY`] checks, so a flood of fresh JIDs cannot grow it without
//! bound (a domain's budget caps how many of its JIDs get in per minute).
//!
//! The protocol core's budgets run on [`GivenClock`]: its time is the time of the request being
//! handled, set by the core before each check, so a replay with the same times makes the same
//! decisions. The HTTP side's [`TokenLimits`] read the monotonic clock.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};

/// Checks between two purges of idle keys.
pub const PURGE_EVERY: u64 = 4096;

type Keyed<C> =
    RateLimiter<String, HashMapStateStore<String>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// The limits of the service: one budget per bare JID, one per domain.
pub struct RateLimits<C: Clock = DefaultClock> {
    per_jid: Keyed<C>,
    per_domain: Keyed<C>,
    checks: AtomicU64,
}

/// Which budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// The sender's own budget.
    Jid,
    /// The budget of the sender's domain.
    Domain,
}

fn per_minute(n: u32) -> Quota {
    let n = NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(Duration::from_secs(60) / n.get())
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
        .allow_burst(n)
}

/// A governor clock that reads the time it was last given (Unix milliseconds, as nanoseconds),
/// not a clock of its own: the protocol core sets it to each request's time before checking a
/// budget. It never goes back (a wall clock stepped back holds it where it was).
#[derive(Debug, Clone, Default)]
pub struct GivenClock(Arc<AtomicU64>);

impl GivenClock {
    /// From now on the time is `now_ms` (or stays later, if it already is).
    pub fn set_ms(&self, now_ms: i64) {
        let nanos = u64::try_from(now_ms).unwrap_or(0).saturating_mul(1_000_000);
        self.0.fetch_max(nanos, Ordering::Relaxed);
    }
}

impl Clock for GivenClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(self.0.load(Ordering::Relaxed))
    }
}

/// One budget per HTTP token (by name; tokens are few and configured, so no purge).
pub struct TokenLimits {
    per_token: Keyed<DefaultClock>,
}

impl TokenLimits {
    /// Budgets of so many requests per minute per token.
    pub fn new(per_minute_each: u32) -> Self {
        TokenLimits {
            per_token: RateLimiter::hashmap(per_minute(per_minute_each)),
        }
    }

    /// Count one request of token `name`; Err with the wait before the next one is allowed.
    pub fn check(&self, name: &str) -> Result<(), Duration> {
        self.per_token
            .check_key(&name.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

impl RateLimits<DefaultClock> {
    /// Budgets of so many requests per minute, per bare JID and per domain.
    pub fn new(per_jid_per_minute: u32, per_domain_per_minute: u32) -> Self {
        Self::with_clock(
            per_jid_per_minute,
            per_domain_per_minute,
            DefaultClock::default(),
        )
    }
}

impl<C: Clock + Clone> RateLimits<C> {
    /// The same, with a clock the caller controls (tests).
    pub fn with_clock(per_jid_per_minute: u32, per_domain_per_minute: u32, clock: C) -> Self {
        RateLimits {
            per_jid: RateLimiter::hashmap_with_clock(per_minute(per_jid_per_minute), clock.clone()),
            per_domain: RateLimiter::hashmap_with_clock(per_minute(per_domain_per_minute), clock),
            checks: AtomicU64::new(0),
        }
    }

    /// Count one request of `bare_jid` (whose domain is `domain`); Err when over a budget.
    /// A request refused by its JID's budget does not use up the domain's.
    pub fn check(&self, bare_jid: &str, domain: &str) -> Result<(), Exceeded> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PURGE_EVERY == PURGE_EVERY - 1 {
            self.purge();
        }
        self.per_jid
            .check_key(&bare_jid.to_owned())
            .map_err(|_| Exceeded::Jid)?;
        self.per_domain
            .check_key(&domain.to_owned())
            .map_err(|_| Exceeded::Domain)
    }

    /// Forget senders whose budget is full again.
    pub fn purge(&self) {
        self.per_jid.retain_recent();
        self.per_jid.shrink_to_fit();
        self.per_domain.retain_recent();
        self.per_domain.shrink_to_fit();
    }

    /// Senders currently remembered (JIDs plus domains).
    pub fn tracked(&self) -> usize {
        self.per_jid.len() + self.per_domain.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    #[test]
    fn budgets_per_jid_and_per_domain_refill_over_a_minute() {
        let clock = FakeRelativeClock::default();
        let l = RateLimits::with_clock(3, 5, clock.clone());
        for _ in 0..3 {
            assert_eq!(l.check("a@x", "x"), Ok(()));
        }
        assert_eq!(l.check("a@x", "x"), Err(Exceeded::Jid));
        assert_eq!(l.check("b@x", "x"), Ok(()));
        assert_eq!(l.check("c@x", "x"), Ok(()));
        assert_eq!(l.check("d@x", "x"), Err(Exceeded::Domain));
        assert_eq!(
            l.check("e@y", "y"),
            Ok(()),
            "other domains are not affected"
        );
        clock.advance(Duration::from_secs(20));
        assert_eq!(l.check("a@x", "x"), Ok(()), "one request back after 20 s");
        assert_eq!(l.check("a@x", "x"), Err(Exceeded::Jid));
    }

    #[test]
    fn a_given_clock_decides_by_the_times_it_is_given() {
        let decide = || {
            let clock = GivenClock::default();
            let l = RateLimits::with_clock(2, 100, clock.clone());
            [0, 10, 20, 30_000, 30_010, 29_000]
                .iter()
                .map(|t| {
                    clock.set_ms(1_700_000_000_000 + t);
                    l.check("a@x", "x").is_ok()
                })
                .collect::<Vec<bool>>()
        };
        let first = decide();
        assert_eq!(first, [true, true, false, true, false, false]);
        assert_eq!(first, decide(), "the same times give the same decisions");
    }

    #[test]
    fn idle_senders_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let l = RateLimits::with_clock(10, 1_000_000, clock.clone());
        for i in 0..1000 {
            let _ = l.check(&format!("u{i}@x"), "x");
        }
        assert!(l.tracked() >= 1000);
        clock.advance(Duration::from_secs(61));
        l.purge();
        assert!(l.tracked() <= 1, "{}", l.tracked());
    }
}
