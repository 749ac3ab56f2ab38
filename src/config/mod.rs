//! `feeds.toml` → a typed, validated [`Config`].
//!
//! Parsing happens in two steps: serde reads the file into raw structs (unknown keys are refused,
//! every string that must become a typed value is kept with its span), then `validate` turns each
//! raw value into its type. Every error carries `FILE:LINE:COL`, names the key, and says why.
//! The only I/O here is reading the file itself and, when configured, the `secret_file`.
//! `raw.rs` is the serde input, `validate/` the conversion (one module per section),
//! `error.rs` the messages, `reload.rs` what a reload changes, `shared.rs` what instances of a
//! cluster must agree on.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;
use xmpp_parsers::jid::BareJid;

mod error;
mod raw;
pub mod reload;
mod shared;
mod validate;

pub use error::ConfigError;
use error::{at, key_on_line, table_of};
use raw::RawConfig;
pub use reload::Swap;
use validate::validate;
pub use validate::{parse_duration, valid_node_id};

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
/// Default of `[access] max_subscriptions_per_domain`: what one remote domain may store.
pub const DEFAULT_MAX_SUBSCRIPTIONS_PER_DOMAIN: usize = 1000;
/// Default minimum gap between the starts of two requests to one host.
pub const DEFAULT_PER_HOST_INTERVAL: Duration = Duration::from_secs(1);
/// Largest value any concurrency limit accepts (far below tokio's semaphore limit).
pub const MAX_CONCURRENCY: usize = 4096;
/// Longest `[fetch] timeout` and `connect_timeout`.
pub const MAX_FETCH_TIMEOUT: Duration = Duration::from_secs(600);
/// Longest `[component] keepalive`.
pub const MAX_KEEPALIVE: Duration = Duration::from_secs(3600);
/// Secrets that only an example uses.
pub const PLACEHOLDER_SECRETS: [&str; 3] = ["change-me", "changeme", "secret"];
/// Longest duration any key accepts: beyond that timers and date arithmetic overflow.
pub const MAX_DURATION: Duration = Duration::from_secs(366 * 24 * 3600);

/// Whether secrets that only the service can read must be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Secrets {
    /// Read them (running).
    Read,
    /// Leave a systemd credential unread when its directory is not set (checking by hand).
    Skip,
}

/// A fully validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Things that are allowed but probably wrong (`check-config` prints them, `run` logs them).
    pub warnings: Vec<String>,
    /// Where it was read from (for messages).
    pub path: PathBuf,
    /// `[component]`: the XEP-0114 link.
    pub component: ComponentConfig,
    /// `[storage]`: where the store lives.
    pub storage: StorageConfig,
    /// `[cluster]`: this instance's part among several on one database (none: one instance).
    pub cluster: Option<ClusterConfig>,
    /// `[http]`: the local HTTP side.
    pub http: HttpConfig,
    /// `[fetch]`: how feeds are fetched.
    pub fetch: FetchConfig,
    /// `[poll]`: how often feeds are polled.
    pub poll: PollConfig,
    /// `[access]`: who may do what, and how much.
    pub access: AccessConfig,
    /// `[pubsub]`: node defaults.
    pub pubsub: PubsubConfig,
    /// `[chat]`: readable messages to contact subscribers.
    pub chat: ChatConfig,
    /// `[[feeds]]`: the configured feeds.
    pub feeds: Vec<FeedConfig>,
    /// `[[nodes]]`: push-only nodes (no URL, never polled).
    pub nodes: Vec<NodeConfig>,
    /// The hash of what the instances of a cluster must agree on (everything but the keys
    /// that are per instance by nature): compared across instances.
    pub shared_hash: String,
    /// Where each node id of `feeds` and `nodes` is (a lookup per request must not grow with
    /// the number of feeds).
    index: NodeIndex,
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
    /// Which backend keeps the store.
    pub backend: StorageBackend,
    /// The embedded store's directory (also where the daemon keeps its local files).
    pub path: PathBuf,
    /// The embedded store's page cache, in MiB: what of the disk's records stays in memory
    /// (the feeds' states are in memory anyway).
    pub cache_mb: usize,
}

/// `[cluster]`: several instances of feedpush on one PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    /// `instance`: this instance's name, unique among the live ones (default: the machine's
    /// name).
    pub instance: String,
    /// `lease`: how long a lease lasts unless renewed (renewed every third of it): what an
    /// instance that dies leaves undone for at most this long.
    pub lease: Duration,
    /// `link`: which instances attach to the XMPP server.
    pub link: ClusterLink,
}

/// `[cluster] link`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterLink {
    /// Every instance has its own link: a server that spreads a component's stanzas over
    /// several connections (ejabberd).
    Every,
    /// One instance at a time, by a lease: a server that takes one connection per component
    /// (Prosody); the others poll and serve HTTP.
    Leader,
}

/// Default of `[cluster] lease`.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);
/// The shortest and longest `[cluster] lease` accepted.
pub const LEASE_RANGE: (Duration, Duration) = (Duration::from_secs(5), Duration::from_secs(600));

/// `[storage] backend`.
#[derive(Clone, PartialEq)]
pub enum StorageBackend {
    /// The embedded store in `path` (the default).
    Embedded,
    /// A PostgreSQL database.
    Postgres {
        /// The connection string (from `url` or `url_file`).
        url: String,
        /// `pool_size`: connections kept open at most.
        pool_size: usize,
        /// `connect_timeout`: how long one connection attempt may take.
        connect_timeout: Duration,
    },
}

impl std::fmt::Debug for StorageBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageBackend::Embedded => f.write_str("Embedded"),
            StorageBackend::Postgres {
                url,
                pool_size,
                connect_timeout,
            } => f
                .debug_struct("Postgres")
                .field("url", &crate::store::postgres::shown_url(url))
                .field("pool_size", pool_size)
                .field("connect_timeout", connect_timeout)
                .finish(),
        }
    }
}

/// Bounds of `[storage] pool_size`.
pub const POOL_SIZE_RANGE: (usize, usize) = (1, 256);
/// Default of `[storage] connect_timeout`.
pub const DEFAULT_DB_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub use crate::store::{DEFAULT_CACHE_MB, DEFAULT_POOL_SIZE};
/// Bounds of `[storage] cache_mb`.
pub const CACHE_MB_RANGE: (usize, usize) = (4, 65536);

/// `[http]`: the local HTTP side (publish API, Atom out). It runs only when the file has an
/// `[http]` section.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Where the HTTP side listens; None without an `[http]` section (nothing listens).
    pub listen: Option<SocketAddr>,
    /// Largest request body accepted (413 beyond).
    pub max_request_bytes: usize,
    /// Requests per minute one token may make (429 beyond).
    pub max_requests_per_minute: u32,
    /// Open connections at most, over all clients; None: derived from the process's file
    /// limit at start (`http::conns::connection_cap`). Never above what that limit leaves.
    pub max_connections: Option<usize>,
    /// Open connections at most from one IP address.
    pub max_connections_per_ip: usize,
    /// Bearer tokens, by their SHA-256.
    pub tokens: Vec<TokenConfig>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: None,
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            max_requests_per_minute: DEFAULT_TOKEN_REQUESTS_PER_MINUTE,
            max_connections: None,
            max_connections_per_ip: DEFAULT_MAX_CONNECTIONS_PER_IP,
            tokens: Vec::new(),
        }
    }
}

/// Default of `[http] listen` when the section gives none.
pub const DEFAULT_HTTP_LISTEN: ([u8; 4], u16) = ([127, 0, 0, 1], 8090);
/// Default of `[http] max_request_bytes`: 1 MiB.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// Default of `[http] max_requests_per_minute` (per token).
pub const DEFAULT_TOKEN_REQUESTS_PER_MINUTE: u32 = 6000;
/// Default of `[http] max_connections_per_ip`: room for a reverse proxy's pool (all its
/// connections come from one address) while one client cannot take the whole cap.
pub const DEFAULT_MAX_CONNECTIONS_PER_IP: usize = 256;
/// Bounds of `[http] max_connections` and `max_connections_per_ip`.
pub const HTTP_CONNECTIONS_RANGE: (usize, usize) = (1, 1_000_000);

/// One `[[http.tokens]]` entry. The token itself is never stored, only its SHA-256.
#[derive(Clone)]
pub struct TokenConfig {
    /// Its name, shown in logs and metrics.
    pub name: String,
    /// SHA-256 of the bearer token.
    pub sha256: [u8; 32],
    /// The nodes it may publish to.
    pub nodes: Scope,
}

impl fmt::Debug for TokenConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenConfig")
            .field("name", &self.name)
            .field("nodes", &self.nodes)
            .finish_non_exhaustive()
    }
}

/// The nodes a token may act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// `"*"`: every node.
    All,
    /// These nodes.
    Nodes(Vec<String>),
}

impl Scope {
    /// Whether the scope covers `node`.
    pub fn covers(&self, node: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Nodes(n) => n.iter().any(|n| n == node),
        }
    }
}

/// Where a node's contact forwards the messages users send it (`callback_url`).
#[derive(Clone, PartialEq, Eq)]
pub struct Callback {
    /// The URL POSTed to.
    pub url: Url,
    /// The HMAC-SHA256 key of the `X-Feedpush-Signature` header.
    pub secret: String,
}

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("url", &crate::net::redact(&self.url))
            .finish_non_exhaustive()
    }
}

/// `[fetch]`: how feeds are fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// The `User-Agent` header sent with every request.
    pub user_agent: String,
    /// Longest time one fetch may take, body included.
    pub timeout: Duration,
    /// Longest time to establish a connection.
    pub connect_timeout: Duration,
    /// Largest body read; a larger one fails the fetch.
    pub max_body_bytes: u64,
    /// When false (the default), loopback/private/link-local/... addresses are refused.
    pub allow_private_addresses: bool,
    /// Fetches in flight at once, all hosts together.
    pub max_concurrent: usize,
    /// Fetches in flight at once to one host.
    pub max_per_host: usize,
    /// Minimum gap between the starts of two requests to one host.
    pub per_host_interval: Duration,
}

/// `[poll]`: when feeds are fetched.
#[derive(Debug, Clone)]
pub struct PollConfig {
    /// Interval of a feed that says nothing about its own.
    pub default_interval: Duration,
    /// Shortest interval, whatever a feed asks for.
    pub min_interval: Duration,
    /// Longest interval (also the cap of error backoff).
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
    /// Durable subscriptions (pubsub and contacts) all JIDs of one remote domain may hold
    /// together; 0: no limit. The server's own domain and its subdomains are never limited.
    pub max_subscriptions_per_domain: usize,
    /// Owners of every node: they may create, configure, delete and purge nodes.
    pub admins: Vec<BareJid>,
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
            max_subscriptions_per_domain: DEFAULT_MAX_SUBSCRIPTIONS_PER_DOMAIN,
            admins: Vec::new(),
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
    /// How notifications are sent unless a feed says otherwise.
    pub notification_type: NotificationType,
    /// Push entries whose content changed under the same id.
    pub notify_updates: bool,
}

/// `[chat]`: readable messages to contact subscribers.
#[derive(Debug, Clone)]
pub struct ChatConfig {
    /// Longest message body, in characters (cut on a word, "…" added).
    pub max_body_chars: usize,
    /// Items kept per subscriber and feed while the subscriber is away; beyond it the oldest
    /// are dropped, and one line says how many.
    pub backlog_max: usize,
}

/// Default of `[chat] max_body_chars`.
pub const DEFAULT_MAX_BODY_CHARS: usize = 1000;
/// Default of `[chat] backlog_max`.
pub const DEFAULT_BACKLOG_MAX: usize = 50;

impl Default for ChatConfig {
    fn default() -> Self {
        ChatConfig {
            max_body_chars: DEFAULT_MAX_BODY_CHARS,
            backlog_max: DEFAULT_BACKLOG_MAX,
        }
    }
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
    /// The pubsub node name.
    pub node: String,
    /// The feed's URL.
    pub url: Url,
    /// A title to show instead of the feed's own.
    pub title: Option<String>,
    /// When it is polled.
    pub schedule: Schedule,
    /// Overrides `[pubsub] notification_type` for this node.
    pub notification_type: Option<NotificationType>,
    /// JIDs with the publisher affiliation (XEP-0060 §4.1).
    pub publishers: Vec<BareJid>,
    /// Where messages to the node's contact go.
    pub callback: Option<Callback>,
}

/// One `[[nodes]]` entry: a push-only node, never polled.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// The node id.
    pub node: String,
    /// Its title.
    pub title: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Overrides `[pubsub] notification_type` for this node.
    pub notification_type: Option<NotificationType>,
    /// JIDs with the publisher affiliation.
    pub publishers: Vec<BareJid>,
    /// Where messages to the node's contact go.
    pub callback: Option<Callback>,
}

/// What the configuration file sets for one node, feed or push-only.
#[derive(Debug, Clone, Copy)]
pub enum Configured<'a> {
    /// A `[[feeds]]` entry.
    Feed(&'a FeedConfig),
    /// A `[[nodes]]` entry.
    Node(&'a NodeConfig),
}

impl<'a> Configured<'a> {
    /// Its publishers.
    pub fn publishers(self) -> &'a [BareJid] {
        match self {
            Configured::Feed(f) => &f.publishers,
            Configured::Node(n) => &n.publishers,
        }
    }
    /// Its callback.
    pub fn callback(self) -> Option<&'a Callback> {
        match self {
            Configured::Feed(f) => f.callback.as_ref(),
            Configured::Node(n) => n.callback.as_ref(),
        }
    }
    /// Its notification type, when set.
    pub fn notification_type(self) -> Option<NotificationType> {
        match self {
            Configured::Feed(f) => f.notification_type,
            Configured::Node(n) => n.notification_type,
        }
    }
    /// Its title, when set.
    pub fn title(self) -> Option<&'a str> {
        match self {
            Configured::Feed(f) => f.title.as_deref(),
            Configured::Node(n) => n.title.as_deref(),
        }
    }
}

/// Node id → its entry in `feeds` (true) or `nodes` (false), by position.
#[derive(Debug, Clone, Default)]
struct NodeIndex(std::collections::HashMap<String, (bool, usize)>);

impl NodeIndex {
    fn of(feeds: &[FeedConfig], nodes: &[NodeConfig]) -> NodeIndex {
        let mut m = std::collections::HashMap::with_capacity(feeds.len() + nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            m.insert(n.node.clone(), (false, i));
        }
        // A feed and a push node never share an id (validation refuses it); feeds win anyway.
        for (i, f) in feeds.iter().enumerate() {
            m.insert(f.node.clone(), (true, i));
        }
        NodeIndex(m)
    }
}

impl Config {
    /// What the file sets for `node`, if it names it.
    pub fn configured(&self, node: &str) -> Option<Configured<'_>> {
        match self.index.0.get(node)? {
            (true, i) => self.feeds.get(*i).map(Configured::Feed),
            (false, i) => self.nodes.get(*i).map(Configured::Node),
        }
    }

    /// Whether `jid` (bare) is a service admin.
    pub fn is_admin(&self, jid: &BareJid) -> bool {
        self.access.admins.iter().any(|a| a == jid)
    }

    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Read and validate a file by hand (`check-config`): a secret that only the service can
    /// read (a systemd credential) is left unread, with a warning, instead of refused.
    pub fn check(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse_with(path, &text, Secrets::Skip)
    }

    /// Validate configuration text; `path` is used for messages and to resolve relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        Config::parse_with(path, text, Secrets::Read)
    }

    fn parse_with(path: &Path, text: &str, secrets: Secrets) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end_matches('\n').to_owned();
            match e.span() {
                Some(span) => {
                    let key =
                        key_on_line(text, span.start).map(|k| match table_of(text, span.start) {
                            Some(t) if !k.contains('.') => format!("{t}.{k}"),
                            _ => k,
                        });
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
        let mut cfg = validate(path, text, raw, secrets)?;
        cfg.shared_hash = shared::hash(text);
        Ok(cfg)
    }

    /// A one-line summary for `check-config`.
    pub fn summary(&self) -> String {
        format!(
            "{}: ok: component {} via {}, {} feed(s), {} push node(s), store {}, http {}",
            self.path.display(),
            self.component.jid,
            self.component.server,
            self.feeds.len(),
            self.nodes.len(),
            match &self.storage.backend {
                StorageBackend::Embedded => self.storage.path.display().to_string(),
                StorageBackend::Postgres { url, .. } => crate::store::postgres::shown_url(url),
            },
            match self.http.listen {
                Some(a) => format!("{a} ({} token(s))", self.http.tokens.len()),
                None => "off".to_owned(),
            },
        )
    }
}

#[cfg(test)]
mod tests;
