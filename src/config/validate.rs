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

    /// A duration no longer than `max` (a timeout of days is a typo, not a wish).
    fn bounded(
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

impl Ctx<'_> {
    /// A list of bare JIDs (`admins`, `publishers`).
    fn jids(&self, key: &str, v: &[Spanned<String>]) -> Result<Vec<BareJid>, ConfigError> {
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
    fn callback(
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

pub(super) fn validate(
    path: &Path,
    text: &str,
    raw: RawConfig,
    secrets: Secrets,
) -> Result<Config, ConfigError> {
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
    // A systemd credential (LoadCredential=) is a file in $CREDENTIALS_DIRECTORY.
    let mut credential_skipped = false;
    let secret_key = if comp.secret_credential.is_some() {
        "component.secret_credential"
    } else {
        "component.secret_file"
    };
    let secret_file = match (comp.secret_file, comp.secret_credential) {
        (Some(_), Some(c)) => {
            return cx.err(
                c.span(),
                "key `component.secret_credential`: give one of `secret`, `secret_file`, `secret_credential`"
                    .into(),
            )
        }
        (f, None) => f,
        (None, Some(c)) => {
            let name = c.get_ref();
            if name.is_empty() || name.contains('/') {
                return cx.err(
                    c.span(),
                    format!("key `component.secret_credential`: {name:?} is not a credential name"),
                );
            }
            match std::env::var_os("CREDENTIALS_DIRECTORY") {
                Some(dir) => Some(Spanned::new(
                    c.span(),
                    Path::new(&dir).join(name).display().to_string(),
                )),
                // Checked by hand, outside the service: the rest can still be checked.
                None if secrets == Secrets::Skip => {
                    credential_skipped = true;
                    None
                }
                None => {
                    return cx.err(
                        c.span(),
                        "key `component.secret_credential`: $CREDENTIALS_DIRECTORY is not set (systemd sets it for LoadCredential=; outside systemd use `secret_file`)".into(),
                    )
                }
            }
        }
    };
    let secret = match (comp.secret, secret_file) {
        (Some(_), Some(f)) => {
            return cx.err(
                f.span(),
                "key `component.secret_file`: give either `secret` or `secret_file`, not both"
                    .into(),
            )
        }
        (None, None) if credential_skipped => String::new(),
        (None, None) => {
            return cx.err(
                comp_span,
                "key `component.secret`: missing secret: set `secret`, `secret_file` or `secret_credential`".into(),
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
                        format!("key `{secret_key}`: {} is empty", file.display()),
                    )
                }
                Err(e) => {
                    return cx.err(
                        f.span(),
                        format!(
                            "key `{secret_key}`: cannot read {}: {e}",
                            file.display()
                        ),
                    )
                }
            }
        }
    };

    let keepalive = cx.bounded(
        "component.keepalive",
        comp.keepalive.as_ref(),
        DEFAULT_KEEPALIVE,
        MAX_KEEPALIVE,
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
                cache_mb: cx.in_range(
                    "storage.cache_mb",
                    s.cache_mb.as_ref(),
                    DEFAULT_CACHE_MB,
                    CACHE_MB_RANGE,
                )?,
            }
        }
        None => StorageConfig {
            path: PathBuf::from("/var/lib/feedpush"),
            cache_mb: DEFAULT_CACHE_MB,
        },
    };

    // [http]
    let http = match raw.http {
        Some(h) => {
            let listen = match &h.listen {
                None => SocketAddr::from(DEFAULT_HTTP_LISTEN),
                Some(l) => match l.get_ref().parse::<SocketAddr>() {
                    Ok(a) => a,
                    Err(_) => {
                        return cx.err(
                            l.span(),
                            format!(
                                "key `http.listen`: {:?} is not an ip:port address",
                                l.get_ref()
                            ),
                        )
                    }
                },
            };
            let mut names = HashSet::new();
            let mut tokens = Vec::with_capacity(h.tokens.len());
            for t in h.tokens {
                let t = t.into_inner();
                let name = t.name.get_ref().trim().to_owned();
                if name.is_empty() || !names.insert(name.clone()) {
                    return cx.err(
                        t.name.span(),
                        format!("key `http.tokens.name`: {name:?} is empty or given twice"),
                    );
                }
                let sha256: [u8; 32] = match hex::decode(t.token_sha256.get_ref().trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                {
                    Some(h) => h,
                    None => {
                        return cx.err(
                            t.token_sha256.span(),
                            "key `http.tokens.token_sha256`: not 64 hex digits (the SHA-256 of the token; `feedpush token new` prints it)".into(),
                        )
                    }
                };
                let list = t.nodes.get_ref();
                let nodes = if list.iter().any(|n| n.get_ref() == "*") {
                    Scope::All
                } else {
                    for n in list {
                        if !valid_node_id(n.get_ref()) {
                            return cx.err(
                                n.span(),
                                format!(
                                    "key `http.tokens.nodes`: {:?} is not a node id",
                                    n.get_ref()
                                ),
                            );
                        }
                    }
                    if list.is_empty() {
                        return cx.err(
                            t.nodes.span(),
                            "key `http.tokens.nodes`: empty; list nodes, or \"*\" for every node"
                                .into(),
                        );
                    }
                    Scope::Nodes(list.iter().map(|n| n.get_ref().clone()).collect())
                };
                tokens.push(TokenConfig {
                    name,
                    sha256,
                    nodes,
                });
            }
            HttpConfig {
                listen: Some(listen),
                max_request_bytes: cx.in_range(
                    "http.max_request_bytes",
                    h.max_request_bytes.as_ref(),
                    DEFAULT_MAX_REQUEST_BYTES,
                    (1024, 64 * 1024 * 1024),
                )?,
                max_requests_per_minute: cx.in_range(
                    "http.max_requests_per_minute",
                    h.max_requests_per_minute.as_ref(),
                    DEFAULT_TOKEN_REQUESTS_PER_MINUTE as usize,
                    (1, 10_000_000),
                )? as u32,
                max_connections: match h.max_connections.as_ref() {
                    None => None,
                    Some(v) => Some(cx.in_range(
                        "http.max_connections",
                        Some(v),
                        0,
                        HTTP_CONNECTIONS_RANGE,
                    )?),
                },
                max_connections_per_ip: cx.in_range(
                    "http.max_connections_per_ip",
                    h.max_connections_per_ip.as_ref(),
                    DEFAULT_MAX_CONNECTIONS_PER_IP,
                    HTTP_CONNECTIONS_RANGE,
                )?,
                tokens,
            }
        }
        None => HttpConfig::default(),
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
    let mut fetch = fetch;
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
                max_subscriptions_per_domain: cx.in_range(
                    "access.max_subscriptions_per_domain",
                    a.max_subscriptions_per_domain.as_ref(),
                    DEFAULT_MAX_SUBSCRIPTIONS_PER_DOMAIN,
                    (0, 100_000_000),
                )?,
                admins: cx.jids("access.admins", &a.admins)?,
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
                    // The cron crate's message ends with a caret diagram; its first line says it.
                    let why = e.to_string();
                    let why = why.lines().next().unwrap_or("").trim_end();
                    return cx.err(
                        s.span(),
                        format!(
                            "key `feeds.schedule`: bad cron expression {:?} (six fields, seconds first, e.g. \"0 */10 * * * *\"): {why}",
                            s.get_ref()
                        ),
                    );
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
            publishers: cx.jids("feeds.publishers", &f.publishers)?,
            callback: cx.callback("feeds", f.callback_url.as_ref(), f.callback_secret.as_ref())?,
        });
    }

    // [[nodes]]
    let mut nodes = Vec::with_capacity(raw.nodes.len());
    for n in raw.nodes {
        let n = n.into_inner();
        let node = n.node.get_ref().clone();
        if !valid_node_id(&node) {
            return cx.err(
                n.node.span(),
                format!(
                    "key `nodes.node`: {node:?} is not a valid node id (1-{MAX_NODE_LEN} of A-Z a-z 0-9 . _ -)"
                ),
            );
        }
        if !seen.insert(node.clone()) {
            return cx.err(
                n.node.span(),
                format!("key `nodes.node`: duplicate node {node:?} (node ids are shared by [[feeds]] and [[nodes]])"),
            );
        }
        nodes.push(NodeConfig {
            node,
            title: n.title.filter(|t| !t.trim().is_empty()),
            description: n.description.filter(|t| !t.trim().is_empty()),
            notification_type: n
                .notification_type
                .as_ref()
                .map(|t| cx.notification_type("nodes.notification_type", t))
                .transpose()?,
            publishers: cx.jids("nodes.publishers", &n.publishers)?,
            callback: cx.callback("nodes", n.callback_url.as_ref(), n.callback_secret.as_ref())?,
        });
    }

    let mut warnings = Vec::new();
    if credential_skipped {
        warnings.push(format!(
            "{}: `component.secret_credential` was not read ($CREDENTIALS_DIRECTORY is set only for the service)",
            path.display()
        ));
    }
    if PLACEHOLDER_SECRETS.contains(&secret.as_str()) {
        warnings.push(format!(
            "{}: `component.secret` is the example's placeholder {secret:?}: set the secret of the server's Component block",
            path.display()
        ));
    }

    Ok(Config {
        warnings,
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
        index: NodeIndex::of(&feeds, &nodes),
        feeds,
        nodes,
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
