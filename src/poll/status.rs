//! What one poll came to, as a type the scheduler and tests branch on; [`PollStatus::as_str`]
//! is the short label operators see in logs, `feedpush poll` output and disco#info.

use std::borrow::Cow;
use std::fmt;

use crate::model::Health;

/// The outcome of one poll of one feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollStatus {
    /// The server answered with this HTTP status (200, 304, 410, 429, 503, 404, ...).
    Http(u16),
    /// No complete answer within `[fetch] timeout`.
    Timeout,
    /// The connection could not be made.
    ConnectError,
    /// The body was over `[fetch] max_body_bytes`.
    TooLarge,
    /// More redirects than allowed.
    TooManyRedirects,
    /// A redirect led back to a URL already visited.
    RedirectLoop,
    /// A redirect without a usable Location.
    BadRedirect,
    /// The host resolved to an address the SSRF guard refuses.
    RefusedAddress,
    /// The URL cannot be fetched (scheme, host).
    BadUrl,
    /// Any other fetch failure.
    FetchError,
    /// The body is not a feed (an HTML page, say).
    NotAFeed,
    /// The body looks like a feed but is broken.
    Malformed,
    /// Converting the feed's entries took longer than
    /// [`crate::normalize::MAX_CONVERT_TIME`]; given up for this poll.
    TooCostly,
    /// The feed was removed while it was being fetched; nothing was stored.
    Removed,
    /// The feed's configuration changed while it was being fetched (a reload gave it another
    /// URL, took it out of the file, or an operator took it over); nothing was stored and it is
    /// fetched again under the new configuration.
    Superseded,
    /// No feed with that node.
    UnknownNode,
    /// The store failed; the poll is retried later.
    StoreError,
    /// The feed is not polled at all in this state (gone, removed from the configuration).
    NotPolled(Health),
}

impl PollStatus {
    /// Whether the feed was fetched at all (not skipped as removed, gone or push-only).
    pub fn is_polled(&self) -> bool {
        !matches!(
            self,
            PollStatus::NotPolled(_)
                | PollStatus::Removed
                | PollStatus::Superseded
                | PollStatus::UnknownNode
        )
    }

    /// Whether the poll failed (anything but a 200 or a 304).
    pub fn is_failure(&self) -> bool {
        self.is_polled() && !matches!(self, PollStatus::Http(200 | 304))
    }

    /// The label: the HTTP status as digits, else a short kebab-case word.
    pub fn as_str(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            // The two of nearly every poll without an allocation.
            PollStatus::Http(200) => "200",
            PollStatus::Http(304) => "304",
            PollStatus::Http(s) => return Cow::Owned(s.to_string()),
            PollStatus::Timeout => "timeout",
            PollStatus::ConnectError => "connect-error",
            PollStatus::TooLarge => "too-large",
            PollStatus::TooManyRedirects => "too-many-redirects",
            PollStatus::RedirectLoop => "redirect-loop",
            PollStatus::BadRedirect => "bad-redirect",
            PollStatus::RefusedAddress => "refused-address",
            PollStatus::BadUrl => "bad-url",
            PollStatus::FetchError => "error",
            PollStatus::NotAFeed => "not-a-feed",
            PollStatus::Malformed => "malformed",
            PollStatus::TooCostly => "too-costly",
            PollStatus::Removed => "removed",
            PollStatus::Superseded => "superseded",
            PollStatus::UnknownNode => "unknown-node",
            PollStatus::StoreError => "store-error",
            PollStatus::NotPolled(h) => h.as_str(),
        })
    }
}

impl fmt::Display for PollStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// Compare with a label (`status == "304"`), as operators and tests write it.
impl PartialEq<&str> for PollStatus {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_ones_operators_know() {
        assert_eq!(PollStatus::Http(304).to_string(), "304");
        assert_eq!(PollStatus::RefusedAddress, "refused-address");
        assert_eq!(PollStatus::NotPolled(Health::Gone), "gone");
        assert!(PollStatus::Timeout != "200");
        assert_eq!(PollStatus::TooCostly, "too-costly");
        assert!(PollStatus::TooCostly.is_failure());
    }
}
