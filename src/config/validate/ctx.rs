//! The conversions every section shares (durations, bounded numbers, JIDs, callbacks,
//! notification types), each refusal placed at its key through [`Ctx`].

use std::ops::Range;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use toml::Spanned;
use url::Url;
use xmpp_parsers::jid::BareJid;

use super::parse_duration;
use crate::config::error::at;
use crate::config::{Callback, ConfigError, NotificationType, MAX_DURATION};

/// Carries the file name and text so each conversion can report its place.
pub(super) struct Ctx<'a> {
    /// The file, for messages.
    pub(super) path: &'a Path,
    /// Its text, to turn a span into `LINE:COL`.
    pub(super) text: &'a str,
}

impl Ctx<'_> {
    /// The refusal of the value at `span`.
    pub(super) fn err<T>(&self, span: Range<usize>, message: String) -> Result<T, ConfigError> {
        Err(at(self.path, self.text, span, message))
    }

    /// A duration (`"90s"`, `"1h 30m"`), positive and at most [`MAX_DURATION`].
    pub(super) fn duration(&self, key: &str, v: &Spanned<String>) -> Result<Duration, ConfigError> {
        match parse_duration(v.get_ref()) {
            Ok(d) if d > MAX_DURATION => self.err(
                v.span(),
                format!(
                    "key `{key}`: {:?} is longer than the longest accepted duration (366 days)",
                    v.get_ref()
                ),
            ),
            Ok(d) => Ok(d),
            Err(why) => self.err(
                v.span(),
                format!("key `{key}`: bad duration {:?}: {why}", v.get_ref()),
            ),
        }
    }

    /// A duration, `default` when the key is absent.
    pub(super) fn opt_duration(
        &self,
        key: &str,
        v: Option<&Spanned<String>>,
        default: Duration,
    ) -> Result<Duration, ConfigError> {
        v.map(|v| self.duration(key, v))
            .transpose()
            .map(|d| d.unwrap_or(default))
    }

    /// A duration no longer than `max` (a timeout of days is a typo, not a wish).
    pub(super) fn bounded(
        &self,
        key: &str,
        v: Option<&Spanned<String>>,
        default: Duration,
        max: Duration,
    ) -> Result<Duration, ConfigError> {
        let d = self.opt_duration(key, v, default)?;
        match v {
            Some(v) if d > max => self.err(
                v.span(),
                format!(
                    "key `{key}`: {:?} is longer than the most accepted ({})",
                    v.get_ref(),
                    humantime::format_duration(max)
                ),
            ),
            _ => Ok(d),
        }
    }

    /// The trimmed contents of the file `f` names (relative to `base_dir`), for `key`: a
    /// secret or a connection string kept out of feeds.toml. Empty or unreadable is refused.
    pub(super) fn trimmed_file(
        &self,
        key: &str,
        f: &Spanned<String>,
        base_dir: &Path,
    ) -> Result<String, ConfigError> {
        let file = base_dir.join(f.get_ref());
        match std::fs::read_to_string(&file) {
            Ok(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            Ok(_) => self.err(
                f.span(),
                format!("key `{key}`: {} is empty", file.display()),
            ),
            Err(e) => self.err(
                f.span(),
                format!("key `{key}`: cannot read {}: {e}", file.display()),
            ),
        }
    }

    /// A number in `min..=max` (named in the message when out of range).
    pub(super) fn in_range(
        &self,
        key: &str,
        v: Option<&Spanned<usize>>,
        default: usize,
        (min, max): (usize, usize),
    ) -> Result<usize, ConfigError> {
        match v {
            None => Ok(default),
            Some(v) if !(min..=max).contains(v.get_ref()) => self.err(
                v.span(),
                format!(
                    "key `{key}`: {} is out of range (from {min} to {max})",
                    v.get_ref()
                ),
            ),
            Some(v) => Ok(*v.get_ref()),
        }
    }

    /// `"headline"` or `"normal"`.
    pub(super) fn notification_type(
        &self,
        key: &str,
        v: &Spanned<String>,
    ) -> Result<NotificationType, ConfigError> {
        match v.get_ref().as_str() {
            "headline" => Ok(NotificationType::Headline),
            "normal" => Ok(NotificationType::Normal),
            other => self.err(
                v.span(),
                format!("key `{key}`: {other:?} is neither \"headline\" nor \"normal\""),
            ),
        }
    }

    /// A list of bare JIDs (`admins`, `publishers`).
    pub(super) fn jids(
        &self,
        key: &str,
        v: &[Spanned<String>],
    ) -> Result<Vec<BareJid>, ConfigError> {
        v.iter()
            .map(|j| match BareJid::from_str(j.get_ref().trim()) {
                Ok(b) if b.node().is_some() => Ok(b),
                Ok(_) => self.err(
                    j.span(),
                    format!(
                        "key `{key}`: {:?} is not a user's bare JID (user@domain)",
                        j.get_ref()
                    ),
                ),
                Err(e) => self.err(
                    j.span(),
                    format!("key `{key}`: bad JID {:?}: {e}", j.get_ref()),
                ),
            })
            .collect()
    }

    /// `callback_url` with its `callback_secret` (both or neither).
    pub(super) fn callback(
        &self,
        table: &str,
        url: Option<&Spanned<String>>,
        secret: Option<&Spanned<String>>,
    ) -> Result<Option<Callback>, ConfigError> {
        match (url, secret) {
            (None, None) => Ok(None),
            (Some(u), None) => self.err(
                u.span(),
                format!("key `{table}.callback_secret`: missing; a callback needs its secret"),
            ),
            (None, Some(s)) => self.err(
                s.span(),
                format!("key `{table}.callback_url`: missing; a secret without a callback"),
            ),
            (Some(u), Some(s)) => {
                let url = match Url::parse(u.get_ref()) {
                    Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                        url
                    }
                    _ => {
                        return self.err(
                            u.span(),
                            format!(
                                "key `{table}.callback_url`: {:?} is not an http(s) URL",
                                u.get_ref()
                            ),
                        )
                    }
                };
                if s.get_ref().len() < 16 {
                    return self.err(
                        s.span(),
                        format!("key `{table}.callback_secret`: at least 16 characters"),
                    );
                }
                Ok(Some(Callback {
                    url,
                    secret: s.get_ref().clone(),
                }))
            }
        }
    }
}
