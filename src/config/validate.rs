//! Raw values → the typed [`Config`]: every default, bound and cross-key rule, each refusal
//! placed at its key.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use toml::Spanned;
use url::Url;
use xmpp_parsers::jid::BareJid;

use super::error::at;
use super::raw::*;
use super::*;

impl Ctx<'_> {
    fn notification_type(
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
}

/// Carries the file name and text so each conversion can report its place.
struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn err<T>(&self, span: Range<usize>, message: String) -> Result<T, ConfigError> {
        Err(at(self.path, self.text, span, message))
    }

    fn duration(&self, key: &str, v: &Spanned<String>) -> Result<Duration, ConfigError> {
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

    fn opt_duration(
        &self,
        key: &str,
        v: Option<&Spanned<String>>,
        default: Duration,
    ) -> Result<Duration, ConfigError> {
        v.map(|v| self.duration(key, v))
            .transpose()
            .map(|d| d.unwrap_or(default))
    }

    /// A number in `min..=max` (named in the message when out of range).
    fn in_range(
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
}

/// Parse an operator duration: `"90s"`, `"15m"`, `"1h"`, `"1h 30m"`, `"2d"`. Zero is refused.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| e.to_string())?;
    if d.is_zero() {
        return Err("must be greater than zero".into());
    }
    Ok(d)
}

/// Whether `node` is acceptable as a node id (it doubles as a JID localpart).
pub fn valid_node_id(node: &str) -> bool {
    !node.is_empty()
        && node.len() <= MAX_NODE_LEN
        && node
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !node.starts_with('.')
}

pub(super) fn validate(path: &Path, text: &str, raw: RawConfig) -> Result<Config, ConfigError> {
    let cx = Ctx { path, text };
    let base_dir = path.parent().unwrap_or(Path::new("."));

    // [component]
    let comp_span = raw.component.span();
    let comp = raw.component.into_inner();
    let jid = match BareJid::from_str(comp.jid.get_ref()) {
        Ok(j) if j.node().is_none() => j,
        Ok(_) => {
            return cx.err(
                comp.jid.span(),
                format!(
                    "key `component.jid`: {:?} must be a bare domain such as feeds.example.org",
                    comp.jid.get_ref()
                ),
            )
        }
        Err(e) => {
            return cx.err(
                comp.jid.span(),
                format!("key `component.jid`: bad JID {:?}: {e}", comp.jid.get_ref()),
            )
        }
    };
    let server = comp.server.get_ref().trim().to_owned();
    if !valid_host_port(&server) {
        return cx.err(
            comp.server.span(),
            format!("key `component.server`: {server:?} is not host:port"),
        );
    }
    let secret = match (comp.secret, comp.secret_file) {
        (Some(_), Some(f)) => {
            return cx.err(
                f.span(),
                "key `component.secret_file`: give either `secret` or `secret_file`, not both"
                    .into(),
            )
        }
        (None, None) => {
            return cx.err(
                comp_span,
                "key `component.secret`: missing secret: set `secret` or `secret_file`".into(),
            )
        }
        (Some(s), None) => {
            if s.get_ref().is_empty() {
                return cx.err(s.span(), "key `component.secret`: must not be empty".into());
            }
            s.into_inner()
        }
        (None, Some(f)) => {
            let file = base_dir.join(f.get_ref());
            match std::fs::read_to_string(&file) {
                Ok(s) if !s.trim().is_empty() => s.trim().to_owned(),
                Ok(_) => {
                    return cx.err(
                        f.span(),
                        format!("key `component.secret_file`: {} is empty", file.display()),
                    )
                }
                Err(e) => {
                    return cx.err(
                        f.span(),
                        format!(
                            "key `component.secret_file`: cannot read {}: {e}",
                            file.display()
                        ),
                    )
                }
            }
        }
    };

    let keepalive = cx.opt_duration(
        "component.keepalive",
        comp.keepalive.as_ref(),
        DEFAULT_KEEPALIVE,
    )?;
    let max_stanza_bytes = cx.in_range(
        "component.max_stanza_bytes",
        comp.max_stanza_bytes.as_ref(),
        DEFAULT_MAX_STANZA_BYTES,
        STANZA_BYTES_RANGE,
    )?;

    // [storage]
    let storage = match raw.storage {
        Some(s) => {
            if s.path.get_ref().is_empty() {
                return cx.err(
                    s.path.span(),
                    "key `storage.path`: must not be empty".into(),
                );
            }
            StorageConfig {
                path: base_dir.join(s.path.get_ref()),
            }
        }
        None => StorageConfig {
            path: PathBuf::from("/var/lib/feedpush"),
        },
    };

    // [http]
    let http = match raw.http {
        Some(h) => match h.listen.get_ref().parse::<SocketAddr>() {
            Ok(listen) => HttpConfig { listen },
            Err(_) => {
                return cx.err(
                    h.listen.span(),
                    format!(
                        "key `http.listen`: {:?} is not an ip:port address",
                        h.listen.get_ref()
                    ),
                )
            }
        },
        None => HttpConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8090)),
        },
    };

    // [fetch]
    let rf = raw.fetch.unwrap_or(RawFetch {
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
    let fetch = FetchConfig {
        user_agent: rf.user_agent.unwrap_or_else(|| {
            format!(
                "feedpush/{} (+https://github.com/feedpush/feedpush)",
                env!("CARGO_PKG_VERSION")
            )
        }),
        timeout: cx.opt_duration("fetch.timeout", rf.timeout.as_ref(), DEFAULT_FETCH_TIMEOUT)?,
        connect_timeout: cx.opt_duration(
            "fetch.connect_timeout",
            rf.connect_timeout.as_ref(),
            DEFAULT_CONNECT_TIMEOUT,
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

    // [poll]
    let rp = raw.poll.unwrap_or(RawPoll {
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

    // [access]
    let access = match raw.access {
        Some(a) => {
            let rate = |key: &str, v: Option<&Spanned<usize>>, default: u32| {
                cx.in_range(key, v, default as usize, (1, 1_000_000))
                    .map(|n| n as u32)
            };
            AccessConfig {
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
            }
        }
        None => AccessConfig::default(),
    };

    // [pubsub]
    let pubsub = match raw.pubsub {
        Some(p) => PubsubConfig {
            notification_type: match &p.notification_type {
                None => NotificationType::Headline,
                Some(t) => cx.notification_type("pubsub.notification_type", t)?,
            },
            notify_updates: p.notify_updates.unwrap_or(false),
        },
        None => PubsubConfig {
            notification_type: NotificationType::Headline,
            notify_updates: false,
        },
    };

    // [chat]
    let chat = match raw.chat {
        Some(c) => ChatConfig {
            max_body_chars: cx.in_range(
                "chat.max_body_chars",
                c.max_body_chars.as_ref(),
                DEFAULT_MAX_BODY_CHARS,
                (100, 100_000),
            )?,
            backlog_max: cx.in_range(
                "chat.backlog_max",
                c.backlog_max.as_ref(),
                DEFAULT_BACKLOG_MAX,
                (0, 10_000),
            )?,
        },
        None => ChatConfig::default(),
    };

    // [[feeds]]
    let mut seen = HashSet::new();
    let mut feeds = Vec::with_capacity(raw.feeds.len());
    for f in raw.feeds {
        let f = f.into_inner();
        let node = f.node.get_ref().clone();
        if !valid_node_id(&node) {
            return cx.err(
                f.node.span(),
                format!(
                    "key `feeds.node`: {node:?} is not a valid node id (1-{MAX_NODE_LEN} of A-Z a-z 0-9 . _ -)"
                ),
            );
        }
        if !seen.insert(node.clone()) {
            return cx.err(
                f.node.span(),
                format!("key `feeds.node`: duplicate node {node:?}"),
            );
        }
        let url = match Url::parse(f.url.get_ref()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
            Ok(u) => {
                return cx.err(
                    f.url.span(),
                    format!(
                        "key `feeds.url`: bad URL {:?}: scheme {:?} is not http or https",
                        f.url.get_ref(),
                        u.scheme()
                    ),
                )
            }
            Err(e) => {
                return cx.err(
                    f.url.span(),
                    format!("key `feeds.url`: bad URL {:?}: {e}", f.url.get_ref()),
                )
            }
        };
        let schedule = match (f.interval, f.schedule) {
            (Some(_), Some(s)) => {
                return cx.err(
                    s.span(),
                    "key `feeds.schedule`: give either `interval` or `schedule`, not both".into(),
                )
            }
            (Some(i), None) => Schedule::Interval(cx.duration("feeds.interval", &i)?),
            (None, Some(s)) => match cron::Schedule::from_str(s.get_ref()) {
                Ok(c) => Schedule::Cron(Box::new(c)),
                Err(e) => {
                    return cx.err(
                        s.span(),
                        format!(
                            "key `feeds.schedule`: bad cron expression {:?} (six fields, seconds first, e.g. \"0 */10 * * * *\"): {e}",
                            s.get_ref()
                        ),
                    )
                }
            },
            (None, None) => Schedule::Default,
        };
        let notification_type = f
            .notification_type
            .as_ref()
            .map(|t| cx.notification_type("feeds.notification_type", t))
            .transpose()?;
        feeds.push(FeedConfig {
            node,
            url,
            title: f.title.filter(|t| !t.trim().is_empty()),
            schedule,
            notification_type,
        });
    }

    Ok(Config {
        path: path.to_owned(),
        component: ComponentConfig {
            jid,
            server,
            secret,
            keepalive,
            max_stanza_bytes,
        },
        storage,
        http,
        fetch,
        poll,
        access,
        pubsub,
        chat,
        feeds,
    })
}

fn valid_host_port(s: &str) -> bool {
    if s.parse::<SocketAddr>().is_ok() {
        return true;
    }
    match s.rsplit_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && port.parse::<u16>().is_ok_and(|p| p != 0)
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        }
        None => false,
    }
}
