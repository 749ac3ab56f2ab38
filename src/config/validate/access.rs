//! `[access]`: who may do what, and how much (users' feeds, request budgets, per-domain
//! subscriptions, the admins).

use toml::Spanned;

use super::ctx::Ctx;
use crate::config::raw::RawAccess;
use crate::config::{
    AccessConfig, ConfigError, DEFAULT_MAX_DOMAIN_REQUESTS_PER_MINUTE, DEFAULT_MAX_FEEDS_PER_USER,
    DEFAULT_MAX_REQUESTS_PER_MINUTE, DEFAULT_MAX_RESOURCES_PER_JID,
    DEFAULT_MAX_SUBSCRIPTIONS_PER_DOMAIN, DEFAULT_MAX_USER_FEEDS, DEFAULT_USER_FEED_IDLE,
};

/// `[access]`.
pub(super) fn access(cx: &Ctx<'_>, raw: Option<RawAccess>) -> Result<AccessConfig, ConfigError> {
    let Some(a) = raw else {
        return Ok(AccessConfig::default());
    };
    let rate = |key: &str, v: Option<&Spanned<usize>>, default: u32| {
        cx.in_range(key, v, default as usize, (1, 1_000_000))
            .map(|n| n as u32)
    };
    Ok(AccessConfig {
        allow_user_feeds: a.allow_user_feeds.unwrap_or(false),
        max_feeds_per_user: cx.in_range(
            "access.max_feeds_per_user",
            a.max_feeds_per_user.as_ref(),
            DEFAULT_MAX_FEEDS_PER_USER,
            (0, 1_000_000),
        )?,
        max_user_feeds: cx.in_range(
            "access.max_user_feeds",
            a.max_user_feeds.as_ref(),
            DEFAULT_MAX_USER_FEEDS,
            (0, 10_000_000),
        )?,
        user_feed_idle: cx.opt_duration(
            "access.user_feed_idle",
            a.user_feed_idle.as_ref(),
            DEFAULT_USER_FEED_IDLE,
        )?,
        list_user_feeds: a.list_user_feeds.unwrap_or(false),
        max_resources_per_jid: cx.in_range(
            "access.max_resources_per_jid",
            a.max_resources_per_jid.as_ref(),
            DEFAULT_MAX_RESOURCES_PER_JID,
            (1, 1024),
        )?,
        max_requests_per_minute: rate(
            "access.max_requests_per_minute",
            a.max_requests_per_minute.as_ref(),
            DEFAULT_MAX_REQUESTS_PER_MINUTE,
        )?,
        max_domain_requests_per_minute: rate(
            "access.max_domain_requests_per_minute",
            a.max_domain_requests_per_minute.as_ref(),
            DEFAULT_MAX_DOMAIN_REQUESTS_PER_MINUTE,
        )?,
        max_subscriptions_per_domain: cx.in_range(
            "access.max_subscriptions_per_domain",
            a.max_subscriptions_per_domain.as_ref(),
            DEFAULT_MAX_SUBSCRIPTIONS_PER_DOMAIN,
            (0, 100_000_000),
        )?,
        admins: cx.jids("access.admins", &a.admins)?,
    })
}
