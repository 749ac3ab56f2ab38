//! The serde side of `feeds.toml`: raw structs that mirror the file, unknown keys refused,
//! every value that must become a typed one kept with its span (for FILE:LINE:COL errors).

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) component: Spanned<RawComponent>,
    #[serde(default)]
    pub(super) storage: Option<RawStorage>,
    #[serde(default)]
    pub(super) cluster: Option<Spanned<RawCluster>>,
    #[serde(default)]
    pub(super) http: Option<RawHttp>,
    #[serde(default)]
    pub(super) fetch: Option<RawFetch>,
    #[serde(default)]
    pub(super) poll: Option<RawPoll>,
    #[serde(default)]
    pub(super) access: Option<RawAccess>,
    #[serde(default)]
    pub(super) pubsub: Option<RawPubsub>,
    pub(super) chat: Option<RawChat>,
    #[serde(default)]
    pub(super) feeds: Vec<Spanned<RawFeed>>,
    #[serde(default)]
    pub(super) nodes: Vec<Spanned<RawNode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComponent {
    pub(super) jid: Spanned<String>,
    pub(super) server: Spanned<String>,
    pub(super) secret: Option<Spanned<String>>,
    pub(super) secret_file: Option<Spanned<String>>,
    pub(super) secret_credential: Option<Spanned<String>>,
    pub(super) keepalive: Option<Spanned<String>>,
    pub(super) max_stanza_bytes: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStorage {
    pub(super) backend: Option<Spanned<String>>,
    pub(super) path: Option<Spanned<String>>,
    pub(super) cache_mb: Option<Spanned<usize>>,
    pub(super) url: Option<Spanned<String>>,
    pub(super) url_file: Option<Spanned<String>>,
    pub(super) pool_size: Option<Spanned<usize>>,
    pub(super) connect_timeout: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCluster {
    pub(super) instance: Option<Spanned<String>>,
    pub(super) lease: Option<Spanned<String>>,
    pub(super) link: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHttp {
    pub(super) listen: Option<Spanned<String>>,
    pub(super) max_request_bytes: Option<Spanned<usize>>,
    pub(super) max_requests_per_minute: Option<Spanned<usize>>,
    pub(super) max_connections: Option<Spanned<usize>>,
    pub(super) max_connections_per_ip: Option<Spanned<usize>>,
    #[serde(default)]
    pub(super) tokens: Vec<Spanned<RawToken>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawToken {
    pub(super) name: Spanned<String>,
    pub(super) token_sha256: Spanned<String>,
    pub(super) nodes: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFetch {
    pub(super) user_agent: Option<String>,
    pub(super) timeout: Option<Spanned<String>>,
    pub(super) connect_timeout: Option<Spanned<String>>,
    pub(super) max_body_bytes: Option<Spanned<u64>>,
    pub(super) allow_private_addresses: Option<bool>,
    pub(super) max_concurrent: Option<Spanned<usize>>,
    pub(super) max_per_host: Option<Spanned<usize>>,
    pub(super) per_host_interval: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPoll {
    pub(super) default_interval: Option<Spanned<String>>,
    pub(super) min_interval: Option<Spanned<String>>,
    pub(super) max_interval: Option<Spanned<String>>,
    pub(super) max_items: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAccess {
    pub(super) allow_user_feeds: Option<bool>,
    pub(super) max_feeds_per_user: Option<Spanned<usize>>,
    pub(super) max_user_feeds: Option<Spanned<usize>>,
    pub(super) user_feed_idle: Option<Spanned<String>>,
    pub(super) list_user_feeds: Option<bool>,
    pub(super) max_resources_per_jid: Option<Spanned<usize>>,
    pub(super) max_requests_per_minute: Option<Spanned<usize>>,
    pub(super) max_domain_requests_per_minute: Option<Spanned<usize>>,
    pub(super) max_subscriptions_per_domain: Option<Spanned<usize>>,
    #[serde(default)]
    pub(super) admins: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPubsub {
    pub(super) notification_type: Option<Spanned<String>>,
    pub(super) notify_updates: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChat {
    pub(super) max_body_chars: Option<Spanned<usize>>,
    pub(super) backlog_max: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeed {
    pub(super) node: Spanned<String>,
    pub(super) url: Spanned<String>,
    pub(super) title: Option<String>,
    pub(super) interval: Option<Spanned<String>>,
    pub(super) schedule: Option<Spanned<String>>,
    pub(super) notification_type: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) publishers: Vec<Spanned<String>>,
    pub(super) callback_url: Option<Spanned<String>>,
    pub(super) callback_secret: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNode {
    pub(super) node: Spanned<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) notification_type: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) publishers: Vec<Spanned<String>>,
    pub(super) callback_url: Option<Spanned<String>>,
    pub(super) callback_secret: Option<Spanned<String>>,
}
