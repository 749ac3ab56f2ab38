//! What a feed is found by, derived from its state the same way by every backend: its
//! normalised URL and its web host, the redacted URL a pasted link may name, whether a user
//! added it, the health operators count it under.

use crate::model::{FeedState, Health, Origin};

/// The web host of a feed's normalised URL (what its poll lease is named by; the PostgreSQL
/// backend's `feeds.host` column derives the same from `url_norm`).
pub(crate) fn host(f: &FeedState) -> Option<String> {
    let url = crate::net::normalize_url(&f.url)?;
    url.host_str().map(str::to_owned)
}

/// A feed's normalised URL, when it has a usable one (what [`super::Store::feed_by_url`]
/// looks up).
pub(crate) fn normalised(f: &FeedState) -> Option<String> {
    if f.url.is_empty() {
        return None;
    }
    crate::net::normalize_url(&f.url).map(String::from)
}

/// The URL a feed shows to those who may not see it whole, when it is one of the service's own
/// (not a user's) and its redaction withholds something: the only ones a pasted redacted URL
/// can name ([`super::Store::feeds_shown_as`]).
pub(crate) fn shown(f: &FeedState) -> Option<String> {
    if f.url.is_empty() || is_user(f) {
        return None;
    }
    Some(crate::net::redact_str(&f.url)).filter(|s| s.contains(crate::net::REDACTED))
}

/// Whether a user added the feed.
pub(crate) fn is_user(f: &FeedState) -> bool {
    matches!(f.origin, Origin::User { .. })
}

/// The JID that added a user feed.
pub(crate) fn user_owner(f: &FeedState) -> Option<&str> {
    match &f.origin {
        Origin::User { owner } => Some(owner),
        _ => None,
    }
}

/// The health a feed counts under in the operators' counts: push nodes as `push`.
pub(crate) fn health_label(f: &FeedState) -> &'static str {
    match f.origin {
        Origin::Push | Origin::Created { .. } if f.health != Health::Removed => "push",
        _ => f.health.as_str(),
    }
}
