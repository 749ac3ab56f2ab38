//! The core's volatile state, in one place: what it remembers between requests that is not in
//! the store, each part bounded by a named constant, all of it owned by the core
//! ([`super::Service`]) and changed through `&mut` only. Lost at a restart, by design: the
//! presence comes back with the subscribers' next presence (and the link's probes), the
//! budgets and counters start anew.

use std::num::NonZeroUsize;

use lru::LruCache;

use super::*;
use crate::ratelimit::{GivenClock, RateLimits};

/// What the core remembers between requests besides the store.
pub struct Volatile {
    /// Subscribers' last presence per resource (at most `[access] max_resources_per_jid`
    /// each). The core writes it; the drain reads the same map through
    /// [`super::Shared`] to decide whether an item goes out now.
    pub(super) presence: PresenceMap,
    /// Senders that are not subscribers (yet): their last presence (at most
    /// [`RECENT_PRESENCE`]).
    pub(super) recent_presence: LruCache<String, Vec<(String, &'static str)>>,
    /// `remote-server-not-found` bounces in a row per bare JID, and when the last one counted
    /// (at most [`bounces::UNREACHABLE_TRACKED`] JIDs).
    pub(super) unreachable: LruCache<String, (u32, i64)>,
    /// Temporary bounces in a row per bare JID (items sent again only a few times; as many
    /// JIDs as `unreachable`).
    pub(super) resends: LruCache<String, u32>,
    /// Feeds found on a web page, waiting for the user to pick one (`subscribe <n>`; at most
    /// [`commands::CHOICES_KEPT`] users).
    pub(super) choices: LruCache<String, Vec<(String, String)>>,
    /// When each user was last told that a node takes no messages (at most
    /// [`NO_CALLBACK_TRACKED`]).
    pub(super) no_callback: LruCache<String, i64>,
    /// The request budgets per bare JID and per domain.
    pub(super) budgets: Budgets,
    /// Where subscribers' presence changes go for the other instances (one of a cluster).
    pub(super) presence_log: Option<PresenceLog>,
}

fn lru<K: std::hash::Hash + Eq, V>(bound: usize) -> LruCache<K, V> {
    LruCache::new(NonZeroUsize::new(bound).unwrap_or(NonZeroUsize::MIN))
}

impl Volatile {
    /// Empty, with the budgets of `cfg`.
    pub(super) fn new(cfg: &Config) -> Volatile {
        Volatile {
            presence: PresenceMap::default(),
            recent_presence: lru(RECENT_PRESENCE),
            unreachable: lru(bounces::UNREACHABLE_TRACKED),
            resends: lru(bounces::UNREACHABLE_TRACKED),
            choices: lru(commands::CHOICES_KEPT),
            no_callback: lru(NO_CALLBACK_TRACKED),
            budgets: Budgets::new((
                cfg.access.max_requests_per_minute,
                cfg.access.max_domain_requests_per_minute,
            )),
            presence_log: None,
        }
    }
}

/// The request budgets ([`crate::ratelimit`]) on the time of the request being handled: their
/// clock is set to it before each check, so the same requests at the same times get the same
/// decisions.
pub struct Budgets {
    limits: RateLimits<GivenClock>,
    clock: GivenClock,
    /// Requests per minute per bare JID and per domain that `limits` counts.
    rates: (u32, u32),
}

impl Budgets {
    fn new(rates: (u32, u32)) -> Budgets {
        let clock = GivenClock::default();
        Budgets {
            limits: RateLimits::with_clock(rates.0, rates.1, clock.clone()),
            clock,
            rates,
        }
    }

    /// Count one request of `bare_jid` (of `domain`) at `now_ms` under `rates` (per JID, per
    /// domain, a minute); budgets start anew when the rates are not the ones they count.
    pub(super) fn check(
        &mut self,
        rates: (u32, u32),
        bare_jid: &str,
        domain: &str,
        now_ms: i64,
    ) -> Result<(), Exceeded> {
        if rates != self.rates {
            let clock = self.clock.clone();
            self.limits = RateLimits::with_clock(rates.0, rates.1, clock);
            self.rates = rates;
        }
        self.clock.set_ms(now_ms);
        self.limits.check(bare_jid, domain)
    }
}
