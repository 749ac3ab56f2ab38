//! `feeds.toml` → a typed, validated [`Config`].
//!
//! Parsing happens in two steps: serde reads the file into raw structs (unknown keys are refused,
//! every string that must become a typed value is kept with its span), then `validate` turns each
//! raw value into its type. Every error carries `FILE:LINE:COL`, names the key, and says why.
//! The only I/O here is reading the file itself and, when configured, the `secret_file`.

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use url::Url;
use xmpp_parsers::jid::BareJid;

/// Default interval between two polls of a feed when neither the feed nor `[poll]` says otherwise.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// Default lower clamp of any feed's polling interval.
pub const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(60);
/// Default upper clamp of any feed's polling interval.
pub const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(24 * 3600);
/// Default silence on the component link after which the server is pinged.
pub const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(30);
/// Default total timeout of one HTTP fetch.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(20);
/// Default timeout for establishing the TCP/TLS connection of a fetch.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a feed body (after decompression): 10 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// Default number of fetches in flight at once, over all hosts.
pub const DEFAULT_MAX_CONCURRENT: usize = 16;
/// Default number of fetches in flight at once against one host.
pub const DEFAULT_MAX_PER_HOST: usize = 1;
/// Default number of items kept per node (newest kept).
pub const DEFAULT_MAX_ITEMS: usize = 100;
/// Default number of user-added feeds one user may own.
pub const DEFAULT_MAX_FEEDS_PER_USER: usize = 50;
/// Longest accepted node id; node ids double as JID localparts later.
pub const MAX_NODE_LEN: usize = 64;
/// Default size of the largest stanza the link must read: Prosody's and ejabberd's own limits
/// are 256–512 KiB, so 1 MiB reads anything they forward.
pub const DEFAULT_MAX_STANZA_BYTES: usize = 1024 * 1024;
/// Bounds of `[component] max_stanza_bytes`.
pub const STANZA_BYTES_RANGE: (usize, usize) = (64 * 1024, 64 * 1024 * 1024);
/// Default number of user-added feeds on the whole service.
pub const DEFAULT_MAX_USER_FEEDS: usize = 1000;
/// Default time after which a user feed that nobody follows is removed.
pub const DEFAULT_USER_FEED_IDLE: Duration = Duration::from_secs(7 * 24 * 3600);
/// Default number of resources whose presence is kept per subscriber.
pub const DEFAULT_MAX_RESOURCES_PER_JID: usize = 16;
/// Default requests one bare JID may make per minute.
pub const DEFAULT_MAX_REQUESTS_PER_MINUTE: u32 = 120;
/// Default requests all JIDs of one domain may make per minute together.
pub const DEFAULT_MAX_DOMAIN_REQUESTS_PER_MINUTE: u32 = 1200;
/// Default minimum gap between the starts of two requests to one host.
pub const DEFAULT_PER_HOST_INTERVAL: Duration = Duration::from_secs(1);
/// Largest value any concurrency limit accepts (far below tokio's semaphore limit).
pub const MAX_CONCURRENCY: usize = 4096;
/// Longest duration any key accepts: beyond that timers and date arithmetic overflow.
pub const MAX_DURATION: Duration = Duration::from_secs(366 * 24 * 3600);

/// A fully validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from (for messages).
    pub path: PathBuf,
    pub component: ComponentConfig,
    pub storage: StorageConfig,
    pub http: HttpConfig,
    pub fetch: FetchConfig,
    pub poll: PollConfig,
    pub access: AccessConfig,
    pub pubsub: PubsubConfig,
    pub feeds: Vec<FeedConfig>,
}

/// `[component]`: how feedpush attaches to the XMPP server (XEP-0114).
#[derive(Clone)]
pub struct ComponentConfig {
    /// The component domain, e.g. `feeds.example.org`.
    pub jid: BareJid,
    /// `host:port` of the server's component listener.
    pub server: String,
    /// The shared secret (from `secret` or read from `secret_file`).
    pub secret: String,
    /// Silence on the link after which the server is pinged (XEP-0199).
    pub keepalive: Duration,
    /// The largest stanza the link reads (the XML parser's token limit); at least the server's
    /// own stanza limit for components.
    pub max_stanza_bytes: usize,
}

impl fmt::Debug for ComponentConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ComponentConfig")
            .field("jid", &self.jid)
            .field("server", &self.server)
            .field("secret", &"<redacted>")
            .field("keepalive", &self.keepalive)
            .field("max_stanza_bytes", &self.max_stanza_bytes)
            .finish()
    }
}

/// `[storage]`.
#[derive(Debug, Clone)]
pub struct StorageConfig {
    /// The store's directory.
    pub path: PathBuf,
}

/// `[http]`.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Where the HTTP side listens.
    pub listen: SocketAddr,
}

/// `[fetch]`: how feeds are fetched.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body_bytes: u64,
    /// When false (the default), loopback/private/link-local/... addresses are refused.
    pub allow_private_addresses: bool,
    pub max_concurrent: usize,
    pub max_per_host: usize,
    /// Minimum gap between the starts of two requests to one host.
    pub per_host_interval: Duration,
}

/// `[poll]`: when feeds are fetched.
#[derive(Debug, Clone)]
pub struct PollConfig {
    pub default_interval: Duration,
    pub min_interval: Duration,
    pub max_interval: Duration,
    /// Items kept per node, newest first.
    pub max_items: usize,
}

/// `[access]`: what users may do.
#[derive(Debug, Clone)]
pub struct AccessConfig {
    /// Users may subscribe to a feed URL that no operator configured.
    pub allow_user_feeds: bool,
    /// User feeds one user may follow at once.
    pub max_feeds_per_user: usize,
    /// User feeds on the whole service.
    pub max_user_feeds: usize,
    /// A user feed that nobody has followed for this long is removed with its items.
    pub user_feed_idle: Duration,
    /// List user-added feeds in disco#items (they are private otherwise).
    pub list_user_feeds: bool,
    /// Resources whose presence is kept per subscriber.
    pub max_resources_per_jid: usize,
    /// Requests per minute one bare JID may make.
    pub max_requests_per_minute: u32,
    /// Requests per minute all JIDs of one domain may make together.
    pub max_domain_requests_per_minute: u32,
}

impl Default for AccessConfig {
    fn default() -> Self {
        AccessConfig {
            allow_user_feeds: false,
            max_feeds_per_user: DEFAULT_MAX_FEEDS_PER_USER,
            max_user_feeds: DEFAULT_MAX_USER_FEEDS,
            user_feed_idle: DEFAULT_USER_FEED_IDLE,
            list_user_feeds: false,
            max_resources_per_jid: DEFAULT_MAX_RESOURCES_PER_JID,
            max_requests_per_minute: DEFAULT_MAX_REQUESTS_PER_MINUTE,
            max_domain_requests_per_minute: DEFAULT_MAX_DOMAIN_REQUESTS_PER_MINUTE,
        }
    }
}

/// How a notification message is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotificationType {
    /// Not stored offline by the server: the usual pubsub choice.
    #[default]
    Headline,
    /// Stored offline by the server for subscribers who want that.
    Normal,
}

/// `[pubsub]`: defaults of the node options.
#[derive(Debug, Clone)]
pub struct PubsubConfig {
    pub notification_type: NotificationType,
    /// Push entries whose content changed under the same id.
    pub notify_updates: bool,
}

/// When a feed is polled.
#[derive(Debug, Clone)]
pub enum Schedule {
    /// Use `[poll] default_interval`, adapted to how often the feed changes.
    Default,
    /// A fixed interval given by the operator (still clamped).
    Interval(Duration),
    /// A cron expression (with seconds field).
    Cron(Box<cron::Schedule>),
}

/// One `[[feeds]]` entry.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    pub node: String,
    pub url: Url,
    pub title: Option<String>,
    pub schedule: Schedule,
    /// Overrides `[pubsub] notification_type` for this node.
    pub notification_type: Option<NotificationType>,
}

/// A configuration error, rendered as `FILE:LINE:COL: message` (or `FILE: message` without a place).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{col}: {message}")]
    At {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Whole { path: PathBuf, message: String },
}

impl ConfigError {
    /// Line and column (1-based) when the error has a place.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ConfigError::At { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }
}

impl Config {
    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Validate configuration text; `path` is used for messages and to resolve relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end_matches('\n').to_owned();
            match e.span() {
                Some(span) => {
                    let key = key_on_line(text, span.start);
                    let message = match key {
                        Some(k) if !message.contains(&format!("`{k}`")) => {
                            format!("key `{k}`: {message}")
                        }
                        _ => message,
                    };
                    at(path, text, span, message)
                }
                None => ConfigError::Whole {
                    path: path.to_owned(),
                    message,
                },
            }
        })?;
        validate(path, text, raw)
    }

    /// A one-line summary for `check-config`.
    pub fn summary(&self) -> String {
        format!(
            "{}: ok: component {} via {}, {} feed(s), store {}, http {}",
            self.path.display(),
            self.component.jid,
            self.component.server,
            self.feeds.len(),
            self.storage.path.display(),
            self.http.listen,
        )
    }
}

fn at(path: &Path, text: &str, span: Range<usize>, message: String) -> ConfigError {
    let (line, col) = line_col(text, span.start);
    ConfigError::At {
        path: path.to_owned(),
        line,
        col,
        message,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The `key` of a `key = value` line containing `offset`, for messages that serde leaves unnamed.
fn key_on_line(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = text[offset..]
        .find('\n')
        .map(|i| offset + i)
        .unwrap_or(text.len());
    let line = &text[start..end];
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('#') && !key.starts_with('[')).then(|| key.to_owned())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    component: Spanned<RawComponent>,
    #[serde(default)]
    storage: Option<RawStorage>,
    #[serde(default)]
    http: Option<RawHttp>,
    #[serde(default)]
    fetch: Option<RawFetch>,
    #[serde(default)]
    poll: Option<RawPoll>,
    #[serde(default)]
    access: Option<RawAccess>,
    #[serde(default)]
    pubsub: Option<RawPubsub>,
    #[serde(default)]
    feeds: Vec<Spanned<RawFeed>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    jid: Spanned<String>,
    server: Spanned<String>,
    secret: Option<Spanned<String>>,
    secret_file: Option<Spanned<String>>,
    keepalive: Option<Spanned<String>>,
    max_stanza_bytes: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    path: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    listen: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFetch {
    user_agent: Option<String>,
    timeout: Option<Spanned<String>>,
    connect_timeout: Option<Spanned<String>>,
    max_body_bytes: Option<Spanned<u64>>,
    allow_private_addresses: Option<bool>,
    max_concurrent: Option<Spanned<usize>>,
    max_per_host: Option<Spanned<usize>>,
    per_host_interval: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoll {
    default_interval: Option<Spanned<String>>,
    min_interval: Option<Spanned<String>>,
    max_interval: Option<Spanned<String>>,
    max_items: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccess {
    allow_user_feeds: Option<bool>,
    max_feeds_per_user: Option<Spanned<usize>>,
    max_user_feeds: Option<Spanned<usize>>,
    user_feed_idle: Option<Spanned<String>>,
    list_user_feeds: Option<bool>,
    max_resources_per_jid: Option<Spanned<usize>>,
    max_requests_per_minute: Option<Spanned<usize>>,
    max_domain_requests_per_minute: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPubsub {
    notification_type: Option<Spanned<String>>,
    notify_updates: Option<bool>,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    node: Spanned<String>,
    url: Spanned<String>,
    title: Option<String>,
    interval: Option<Spanned<String>>,
    schedule: Option<Spanned<String>>,
    notification_type: Option<Spanned<String>>,
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

fn validate(path: &Path, text: &str, raw: RawConfig) -> Result<Config, ConfigError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[component]
jid = "feeds.localhost"
server = "127.0.0.1:5347"
secret = "s3cret"

[storage]
path = "/tmp/feedpush-test"

[[feeds]]
node = "a"
url = "https://example.org/a.xml"
"#;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("feeds.toml"), text)
    }

    /// Asserts the error is placed at `line:col` and its message contains every `needle`.
    fn assert_err(text: &str, line: usize, col: usize, needles: &[&str]) {
        let err = parse(text).expect_err("config should be refused");
        let shown = err.to_string();
        assert_eq!(err.position(), Some((line, col)), "{shown}");
        assert!(
            shown.starts_with(&format!("feeds.toml:{line}:{col}: ")),
            "{shown}"
        );
        for n in needles {
            assert!(shown.contains(n), "{shown:?} lacks {n:?}");
        }
    }

    #[test]
    fn good_config_parses_with_defaults() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.component.jid.to_string(), "feeds.localhost");
        assert_eq!(c.poll.default_interval, DEFAULT_INTERVAL);
        assert_eq!(c.fetch.max_per_host, 1);
        assert!(!c.fetch.allow_private_addresses);
        assert_eq!(c.feeds.len(), 1);
        assert!(matches!(c.feeds[0].schedule, Schedule::Default));
        assert!(c.summary().contains("1 feed(s)"));
    }

    #[test]
    fn shipped_example_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("feeds.toml");
        let c = Config::load(&path).unwrap();
        assert!(!c.feeds.is_empty());
    }

    #[test]
    fn durations_and_cron() {
        let text = format!(
            "{GOOD}interval = \"90s\"\n[[feeds]]\nnode = \"b\"\nurl = \"http://example.org/b\"\nschedule = \"0 */10 * * * *\"\n[poll]\nmin_interval = \"1s\"\nmax_interval = \"1h\"\n"
        );
        let c = parse(&text).unwrap();
        assert!(
            matches!(c.feeds[0].schedule, Schedule::Interval(d) if d == Duration::from_secs(90))
        );
        assert!(matches!(c.feeds[1].schedule, Schedule::Cron(_)));
        assert_eq!(c.poll.min_interval, Duration::from_secs(1));
        assert_eq!(c.poll.max_interval, Duration::from_secs(3600));
    }

    #[test]
    fn unknown_key_is_refused() {
        let text = GOOD.replace("secret = \"s3cret\"", "secret = \"s3cret\"\nsecrit = 1");
        assert_err(&text, 6, 1, &["unknown field", "secrit"]);
    }

    #[test]
    fn bad_url_is_refused() {
        let text = GOOD.replace("https://example.org/a.xml", "not a url");
        assert_err(&text, 12, 7, &["feeds.url", "bad URL"]);
        let text = GOOD.replace("https://example.org/a.xml", "ftp://example.org/a.xml");
        assert_err(&text, 12, 7, &["feeds.url", "scheme"]);
    }

    #[test]
    fn bad_duration_is_refused() {
        let text = format!("{GOOD}interval = \"soon\"\n");
        assert_err(&text, 13, 12, &["feeds.interval", "bad duration"]);
        let text = format!("{GOOD}[fetch]\ntimeout = \"0s\"\n");
        assert_err(&text, 14, 11, &["fetch.timeout", "greater than zero"]);
    }

    #[test]
    fn bad_cron_is_refused() {
        let text = format!("{GOOD}schedule = \"every tuesday\"\n");
        assert_err(&text, 13, 12, &["feeds.schedule", "cron"]);
    }

    #[test]
    fn duplicate_node_is_refused() {
        let text = format!("{GOOD}[[feeds]]\nnode = \"a\"\nurl = \"https://example.org/b.xml\"\n");
        assert_err(&text, 14, 8, &["feeds.node", "duplicate node \"a\""]);
    }

    #[test]
    fn missing_secret_is_refused() {
        let text = GOOD.replace("secret = \"s3cret\"\n", "");
        assert_err(&text, 2, 1, &["component.secret", "missing secret"]);
    }

    #[test]
    fn unreadable_secret_file_is_refused() {
        let text = GOOD.replace(
            "secret = \"s3cret\"",
            "secret_file = \"/nonexistent/feedpush-secret\"",
        );
        assert_err(
            &text,
            5,
            15,
            &[
                "component.secret_file",
                "cannot read /nonexistent/feedpush-secret",
            ],
        );
    }

    #[test]
    fn secret_file_is_read_relative_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret"), "from-file\n").unwrap();
        let text = GOOD.replace("secret = \"s3cret\"", "secret_file = \"secret\"");
        let c = Config::parse(&dir.path().join("feeds.toml"), &text).unwrap();
        assert_eq!(c.component.secret, "from-file");
    }

    #[test]
    fn per_feed_notification_type() {
        let c = parse(&format!("{GOOD}notification_type = \"normal\"\n")).unwrap();
        assert_eq!(c.feeds[0].notification_type, Some(NotificationType::Normal));
        assert_err(
            &format!("{GOOD}notification_type = \"loud\"\n"),
            13,
            21,
            &["feeds.notification_type", "neither"],
        );
    }

    #[test]
    fn wrong_type_names_the_key() {
        let text = format!("{GOOD}[fetch]\nmax_body_bytes = \"big\"\n");
        assert_err(&text, 14, 18, &["max_body_bytes"]);
    }

    #[test]
    fn bad_node_and_jid_are_refused() {
        let text = GOOD.replace("node = \"a\"", "node = \"a b\"");
        assert_err(&text, 11, 8, &["feeds.node", "not a valid node id"]);
        let text = GOOD.replace(
            "jid = \"feeds.localhost\"",
            "jid = \"user@feeds.localhost\"",
        );
        assert_err(&text, 3, 7, &["component.jid", "bare domain"]);
    }

    #[test]
    fn values_that_would_break_a_constructor_are_refused() {
        let text = format!("{GOOD}[fetch]\nmax_concurrent = 9999999999999\n");
        assert_err(&text, 14, 18, &["fetch.max_concurrent", "out of range"]);
        let text = format!("{GOOD}[fetch]\nmax_per_host = 0\n");
        assert_err(&text, 14, 16, &["fetch.max_per_host", "out of range"]);
        let text = format!("{GOOD}[fetch]\nper_host_interval = \"9999999y\"\n");
        assert_err(&text, 14, 21, &["fetch.per_host_interval", "longest"]);
        let text = GOOD.replace(
            "secret = \"s3cret\"",
            "secret = \"s3cret\"\nmax_stanza_bytes = 1000",
        );
        assert_err(
            &text,
            6,
            20,
            &["component.max_stanza_bytes", "out of range"],
        );
        let text = format!("{GOOD}[access]\nmax_requests_per_minute = 0\n");
        assert_err(&text, 14, 27, &["access.max_requests_per_minute"]);
        let text = format!("{GOOD}[access]\nuser_feed_idle = \"never\"\n");
        assert_err(&text, 14, 18, &["access.user_feed_idle", "bad duration"]);
    }

    #[test]
    fn access_keys_parse() {
        let text = format!("{GOOD}[access]\nallow_user_feeds = true\nmax_user_feeds = 7\nuser_feed_idle = \"2d\"\nlist_user_feeds = true\nmax_resources_per_jid = 3\nmax_requests_per_minute = 10\nmax_domain_requests_per_minute = 20\n");
        let a = parse(&text).unwrap().access;
        assert!(a.allow_user_feeds && a.list_user_feeds);
        assert_eq!(a.max_user_feeds, 7);
        assert_eq!(a.user_feed_idle, Duration::from_secs(2 * 24 * 3600));
        assert_eq!(
            (
                a.max_resources_per_jid,
                a.max_requests_per_minute,
                a.max_domain_requests_per_minute
            ),
            (3, 10, 20)
        );
        let c = parse(&format!("{GOOD}[fetch]\nper_host_interval = \"0s\"\n")).unwrap();
        assert_eq!(c.fetch.per_host_interval, Duration::ZERO);
        let c = parse(GOOD).unwrap();
        assert_eq!(c.component.max_stanza_bytes, DEFAULT_MAX_STANZA_BYTES);
        assert_eq!(c.fetch.per_host_interval, DEFAULT_PER_HOST_INTERVAL);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
