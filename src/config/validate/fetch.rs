//! `[fetch]` and `[poll]`: how feeds are fetched (timeouts, sizes, concurrency, politeness) and
//! how often (intervals and the items kept).

use std::time::Duration;

use super::ctx::Ctx;
use crate::config::raw::{RawFetch, RawPoll};
use crate::config::{
    ConfigError, FetchConfig, PollConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_FETCH_TIMEOUT,
    DEFAULT_INTERVAL, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_INTERVAL,
    DEFAULT_MAX_ITEMS, DEFAULT_MAX_PER_HOST, DEFAULT_MIN_INTERVAL, DEFAULT_PER_HOST_INTERVAL,
    MAX_CONCURRENCY, MAX_FETCH_TIMEOUT,
};

/// `[fetch]`; a `connect_timeout` left unset fits inside `timeout`, one given must.
pub(super) fn fetch(cx: &Ctx<'_>, raw: Option<RawFetch>) -> Result<FetchConfig, ConfigError> {
    let rf = raw.unwrap_or(RawFetch {
        user_agent: None,
        timeout: None,
        connect_timeout: None,
        max_body_bytes: None,
        allow_private_addresses: None,
        max_concurrent: None,
        max_per_host: None,
        per_host_interval: None,
    });
    let max_body_bytes = match &rf.max_body_bytes {
        Some(v) if *v.get_ref() == 0 => {
            return cx.err(
                v.span(),
                "key `fetch.max_body_bytes`: must be at least 1".into(),
            )
        }
        Some(v) => *v.get_ref(),
        None => DEFAULT_MAX_BODY_BYTES,
    };
    let mut fetch = FetchConfig {
        user_agent: rf.user_agent.unwrap_or_else(|| {
            format!(
                "feedpush/{} (+https://github.com/feedpush/feedpush)",
                env!("CARGO_PKG_VERSION")
            )
        }),
        timeout: cx.bounded(
            "fetch.timeout",
            rf.timeout.as_ref(),
            DEFAULT_FETCH_TIMEOUT,
            MAX_FETCH_TIMEOUT,
        )?,
        connect_timeout: cx.bounded(
            "fetch.connect_timeout",
            rf.connect_timeout.as_ref(),
            DEFAULT_CONNECT_TIMEOUT,
            MAX_FETCH_TIMEOUT,
        )?,
        max_body_bytes,
        allow_private_addresses: rf.allow_private_addresses.unwrap_or(false),
        max_concurrent: cx.in_range(
            "fetch.max_concurrent",
            rf.max_concurrent.as_ref(),
            DEFAULT_MAX_CONCURRENT,
            (1, MAX_CONCURRENCY),
        )?,
        max_per_host: cx.in_range(
            "fetch.max_per_host",
            rf.max_per_host.as_ref(),
            DEFAULT_MAX_PER_HOST,
            (1, MAX_CONCURRENCY),
        )?,
        // "0s" is allowed here: no gap (for a host that is the operator's own).
        per_host_interval: match &rf.per_host_interval {
            Some(v) if humantime::parse_duration(v.get_ref().trim()) == Ok(Duration::ZERO) => {
                Duration::ZERO
            }
            other => cx.opt_duration(
                "fetch.per_host_interval",
                other.as_ref(),
                DEFAULT_PER_HOST_INTERVAL,
            )?,
        },
    };

    // Left unset, the connect timeout fits inside the whole fetch's.
    if rf.connect_timeout.is_none() {
        fetch.connect_timeout = fetch.connect_timeout.min(fetch.timeout);
    }
    if let Some(span) = rf
        .connect_timeout
        .as_ref()
        .filter(|_| fetch.connect_timeout > fetch.timeout)
        .map(|s| s.span())
    {
        return cx.err(
            span,
            format!(
                "key `fetch.connect_timeout`: {} is longer than `fetch.timeout` ({}), which bounds the whole fetch",
                humantime::format_duration(fetch.connect_timeout),
                humantime::format_duration(fetch.timeout)
            ),
        );
    }
    Ok(fetch)
}

/// `[poll]`; the shortest interval may not be longer than the longest.
pub(super) fn poll(cx: &Ctx<'_>, raw: Option<RawPoll>) -> Result<PollConfig, ConfigError> {
    let rp = raw.unwrap_or(RawPoll {
        default_interval: None,
        min_interval: None,
        max_interval: None,
        max_items: None,
    });
    let poll = PollConfig {
        default_interval: cx.opt_duration(
            "poll.default_interval",
            rp.default_interval.as_ref(),
            DEFAULT_INTERVAL,
        )?,
        min_interval: cx.opt_duration(
            "poll.min_interval",
            rp.min_interval.as_ref(),
            DEFAULT_MIN_INTERVAL,
        )?,
        max_interval: cx.opt_duration(
            "poll.max_interval",
            rp.max_interval.as_ref(),
            DEFAULT_MAX_INTERVAL,
        )?,
        max_items: cx.in_range(
            "poll.max_items",
            rp.max_items.as_ref(),
            DEFAULT_MAX_ITEMS,
            (1, 100_000),
        )?,
    };
    if poll.min_interval > poll.max_interval {
        let span = rp
            .min_interval
            .as_ref()
            .or(rp.max_interval.as_ref())
            .map(|s| s.span())
            .unwrap_or(0..0);
        return cx.err(
            span,
            "key `poll.min_interval`: is longer than `poll.max_interval`".into(),
        );
    }
    Ok(poll)
}
