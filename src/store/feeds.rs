//! Feeds: their state (URL, validators, health, schedule) and the life cycle of user-added
//! feeds (caps, idle marks, removal with everything stored for them).

use serde::{Deserialize, Serialize};

use super::codec::*;
use super::outbox::OutboxJob;
use super::{Store, StoreError};

/// Who brought a feed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Listed in feeds.toml.
    Config,
    /// Added by a user who subscribed to its URL.
    User {
        /// The bare JID that added it.
        owner: String,
    },
    /// A push-only node listed in feeds.toml (`[[nodes]]`): no URL, never polled.
    Push,
    /// A push-only node created at run time (XEP-0060 create) by `owner`.
    Created {
        /// The bare JID that created it (its first owner).
        owner: String,
    },
    /// A feed an operator added at run time (the admin API: `feedpush feeds add`, `feedpush
    /// opml import`); kept until an operator removes it.
    Operator {
        /// The name of the admin token that added it.
        by: String,
    },
}

impl Origin {
    /// Whether nodes of this origin are polled (feeds) or only published to (push nodes).
    pub fn is_polled(&self) -> bool {
        matches!(
            self,
            Origin::Config | Origin::User { .. } | Origin::Operator { .. }
        )
    }

    /// A short name for listings: `config`, `push`, `user`, `created`, `operator`.
    pub fn label(&self) -> &'static str {
        match self {
            Origin::Config => "config",
            Origin::Push => "push",
            Origin::User { .. } => "user",
            Origin::Created { .. } => "created",
            Origin::Operator { .. } => "operator",
        }
    }
}

/// How a feed is doing, as shown to operators and subscribers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Never fetched yet.
    New,
    /// Last fetch succeeded.
    Ok,
    /// Failing with errors that may go away (timeouts, 5xx, network).
    Transient,
    /// Failing with errors that will not go away by themselves (404, not a feed, refused address).
    Permanent,
    /// The server said 410 Gone: no more polling.
    Gone,
    /// Taken out of the configuration: no more polling; its items stay retrievable.
    Removed,
}

impl Health {
    /// Whether the feed is polled at all.
    pub fn is_polled(self) -> bool {
        !matches!(self, Health::Gone | Health::Removed)
    }

    /// The name shown in node meta-data and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::New => "new",
            Health::Ok => "ok",
            Health::Transient => "transient-error",
            Health::Permanent => "permanent-error",
            Health::Gone => "gone",
            Health::Removed => "removed",
        }
    }
}

/// A permanent redirect seen on consecutive fetches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMove {
    /// Where the feed keeps redirecting to.
    pub to: String,
    /// Consecutive fetches that saw that redirect.
    pub times: u32,
}

/// Everything known about one feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedState {
    /// The pubsub node name.
    pub node: String,
    /// The URL polled.
    pub url: String,
    /// The feed's title (plain text).
    pub title: Option<String>,
    #[serde(default)]
    /// The feed's description (plain text).
    pub description: Option<String>,
    /// Configured, or added by a user.
    pub origin: Origin,
    /// The URL the configuration gave when the feed was last synced (None for user feeds).
    #[serde(default)]
    pub config_url: Option<String>,
    /// The last `ETag` seen.
    pub etag: Option<String>,
    /// The last `Last-Modified` seen.
    pub last_modified: Option<String>,
    /// Unix ms of the last fetch attempt.
    pub last_fetch: Option<i64>,
    /// Short outcome of the last fetch: "200", "304", "timeout", "410", ...
    pub last_status: Option<String>,
    /// The last error, readable (redacted).
    pub last_error: Option<String>,
    /// Consecutive failed polls.
    pub error_count: u32,
    /// Unix ms when the feed is next due.
    pub next_due: Option<i64>,
    /// How the feed is doing.
    pub health: Health,
    /// The first successful fetch happened (its entries were stored without announcing).
    pub primed: bool,
    #[serde(default)]
    /// A permanent redirect seen but not yet followed.
    pub pending_move: Option<PendingMove>,
    /// Unix ms of the last fetches that found new entries (newest last).
    #[serde(default)]
    pub changes: Vec<i64>,
    /// Seconds the feed itself suggests between polls (ttl, sy:updatePeriod, Cache-Control...).
    #[serde(default)]
    pub hint_secs: Option<u64>,
    /// The feed's own image (logo or icon), absolute, as the document names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The web site the feed belongs to (its alternate link), absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The node's configuration as its owners set it (XEP-0060 §8.2). Kept in a table of its
    /// own (a poll that writes the feed's state back never undoes a configuration made
    /// meanwhile); filled in whenever a feed is read.
    #[serde(skip)]
    pub options: NodeOptions,
}

impl FeedState {
    /// Whether the scheduler polls this node: a feed that is neither gone nor removed.
    pub fn is_polled(&self) -> bool {
        self.origin.is_polled() && self.health.is_polled()
    }
}

/// Who may subscribe to a node and read its items (`pubsub#access_model`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessModel {
    /// Anybody not outcast.
    #[default]
    Open,
    /// Only owners, publishers and members.
    Whitelist,
}

/// Who may publish (`pubsub#publish_model`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishModel {
    /// Owners and publishers.
    #[default]
    Publishers,
    /// Anybody not outcast.
    Open,
}

/// When the newest item is sent to a subscriber (`pubsub#send_last_published_item`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendLast {
    /// Never.
    #[default]
    Never,
    /// When they subscribe.
    OnSub,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// A node's configuration (XEP-0060 §16.4.4, `pubsub#node_config`). What feeds.toml sets
/// for a node wins over what is stored here. Its `Debug` never shows the callback secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeOptions {
    /// Items kept (None: `[poll] max_items`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// Who may subscribe and read.
    #[serde(default)]
    pub access_model: AccessModel,
    /// Who may publish.
    #[serde(default)]
    pub publish_model: PublishModel,
    /// `headline` or `normal` (None: `[pubsub] notification_type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_type: Option<String>,
    /// Events carry the item's payload.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub deliver_payloads: bool,
    /// Subscribers hear of retracted items.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub notify_retract: bool,
    /// Subscribers hear of the node's deletion.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub notify_delete: bool,
    /// Subscribers hear of items published again with changed content (None: `[pubsub]
    /// notify_updates`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_updates: Option<bool>,
    /// When the newest item goes to a new subscriber.
    #[serde(default)]
    pub send_last: SendLast,
    /// Where messages to the node's contact are POSTed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// The callback's HMAC key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_secret: Option<String>,
}

impl Default for NodeOptions {
    fn default() -> Self {
        NodeOptions {
            max_items: None,
            access_model: AccessModel::Open,
            publish_model: PublishModel::Publishers,
            notification_type: None,
            deliver_payloads: true,
            notify_retract: true,
            notify_delete: true,
            notify_updates: None,
            send_last: SendLast::Never,
            callback_url: None,
            callback_secret: None,
        }
    }
}

impl std::fmt::Debug for NodeOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeOptions")
            .field("max_items", &self.max_items)
            .field("access_model", &self.access_model)
            .field("publish_model", &self.publish_model)
            .field("notification_type", &self.notification_type)
            .field("deliver_payloads", &self.deliver_payloads)
            .field("notify_retract", &self.notify_retract)
            .field("notify_delete", &self.notify_delete)
            .field("notify_updates", &self.notify_updates)
            .field("send_last", &self.send_last)
            .field(
                "callback_url",
                &self.callback_url.as_deref().map(crate::net::redact_str),
            )
            .field(
                "callback_secret",
                &self.callback_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl NodeOptions {
    /// Whether nothing differs from the defaults (then nothing is written for them).
    pub fn is_default(&self) -> bool {
        *self == NodeOptions::default()
    }
}

impl FeedState {
    /// A feed never polled yet.
    pub fn new(node: &str, url: &str, title: Option<String>, origin: Origin) -> FeedState {
        FeedState {
            node: node.to_owned(),
            url: url.to_owned(),
            title,
            description: None,
            origin,
            config_url: None,
            etag: None,
            last_modified: None,
            last_fetch: None,
            last_status: None,
            last_error: None,
            error_count: 0,
            next_due: None,
            health: Health::New,
            primed: false,
            pending_move: None,
            image: None,
            site: None,
            changes: Vec::new(),
            hint_secs: None,
            options: NodeOptions::default(),
        }
    }

    /// A push-only node (no URL).
    pub fn push(node: &str, title: Option<String>, origin: Origin) -> FeedState {
        FeedState {
            health: Health::Ok,
            primed: true,
            ..FeedState::new(node, "", title, origin)
        }
    }
}

impl Store {
    /// A feed's state as stored, with its node options.
    pub(super) fn read_feed(&self, key: &[u8], v: &[u8]) -> Result<FeedState, StoreError> {
        let mut f: FeedState = decode(key, v)?;
        if let Some(o) = self.node_options.get(key)? {
            f.options = decode(key, &o)?;
        }
        Ok(f)
    }

    /// One feed (from memory: never waits for the disk).
    pub fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
        Ok(self.cache.read().get(node).cloned())
    }

    /// `node`'s options (from memory) without copying the rest of its state: what delivery
    /// reads for every job.
    pub fn feed_options(&self, node: &str) -> Option<NodeOptions> {
        self.cache.read().get(node).map(|f| f.options.clone())
    }

    /// All feeds, ordered by node id (from memory).
    pub fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        Ok(self.cache.read().values().cloned().collect())
    }

    /// The options stored for `node` (the defaults when none are).
    pub(super) fn stored_options(&self, node: &str) -> Result<NodeOptions, StoreError> {
        match self.node_options.get(node.as_bytes())? {
            Some(o) => decode(node.as_bytes(), &o),
            None => Ok(NodeOptions::default()),
        }
    }

    /// Store a node's options (the defaults remove the record).
    pub fn set_node_options(&self, node: &str, options: &NodeOptions) -> Result<(), StoreError> {
        let _turn = self.cache.writer();
        if options.is_default() {
            self.node_options.remove(node.as_bytes())?;
        } else {
            self.node_options.insert(node.as_bytes(), encode(options))?;
        }
        if let Some(f) = self.cache.write().get_mut(node) {
            f.options = options.clone();
        }
        Ok(())
    }

    /// Write a feed's state.
    pub fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError> {
        self.write_feed(feed, true).map(|_| ())
    }

    /// Write the state of a feed that exists; false (nothing written) when it was removed
    /// meanwhile (a poll's result for a feed deleted while it was fetched).
    pub fn update_feed(&self, feed: &FeedState) -> Result<bool, StoreError> {
        self.write_feed(feed, false)
    }

    /// Create the feed unless it exists; returns the stored state either way.
    pub fn ensure_feed(&self, feed: FeedState) -> Result<FeedState, StoreError> {
        {
            let _turn = self.cache.writer();
            if let Some(cur) = self.cache.read().get(&feed.node) {
                return Ok(cur.clone());
            }
            self.feeds.insert(feed.node.as_bytes(), encode(&feed))?;
            self.cache.write().insert(feed.clone());
        }
        self.set_node_options(&feed.node, &feed.options)?;
        Ok(feed)
    }

    /// Number of user-added feeds a JID follows: one key read per user-added feed (their number
    /// is capped service-wide), however many subscriptions the JID has.
    pub fn user_feeds_followed_by(&self, jid: &str) -> Result<usize, StoreError> {
        let mut n = 0;
        for (node, _) in self.user_feeds() {
            n += usize::from(self.subs.contains_key(key2(&node, jid.as_bytes()))?);
        }
        Ok(n)
    }

    /// The slots a JID uses under the per-user cap: the user feeds it follows, and the ones it
    /// added that nobody follows any more (until they are removed as idle). Read from the
    /// user-added feeds (capped service-wide), not from the JID's subscriptions.
    pub fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
        let mut n = 0;
        for (node, owner) in self.user_feeds() {
            if self.subs.contains_key(key2(&node, jid.as_bytes()))?
                || (owner == jid && !self.has_subscribers(&node)?)
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Note whether a feed is followed now: the idle clock of a user feed starts when its last
    /// subscriber leaves and stops when somebody subscribes.
    pub fn mark_followed(&self, node: &str, now_ms: i64) -> Result<(), StoreError> {
        if self.has_subscribers(node)? {
            self.unfollowed.remove(node.as_bytes())?;
        } else if self.unfollowed.get(node.as_bytes())?.is_none() {
            self.unfollowed
                .insert(node.as_bytes(), &now_ms.to_be_bytes())?;
        }
        Ok(())
    }

    /// Remove the user feeds that nobody has followed for `idle_ms`, with their items, seen
    /// ids and pending deliveries; returns their nodes. A user feed found without subscribers
    /// and without a mark (left by an older version, or a crash) starts its idle time now.
    pub fn remove_idle_user_feeds(
        &self,
        now_ms: i64,
        idle_ms: i64,
    ) -> Result<Vec<String>, StoreError> {
        let mut removed = Vec::new();
        for (node, _) in self.user_feeds() {
            if self.has_subscribers(&node)? {
                self.unfollowed.remove(node.as_bytes())?;
                continue;
            }
            let since = match self.unfollowed.get(node.as_bytes())? {
                Some(v) => seen_at(&v),
                None => {
                    self.unfollowed
                        .insert(node.as_bytes(), &now_ms.to_be_bytes())?;
                    now_ms
                }
            };
            if now_ms.saturating_sub(since) >= idle_ms {
                self.remove_feed(&node)?;
                removed.push(node);
            }
        }
        Ok(removed)
    }

    /// Delete a feed and everything stored for it. The feed state goes first: whatever a
    /// crash leaves behind is data of a feed that no longer exists, which nothing reads.
    pub fn remove_feed(&self, node: &str) -> Result<(), StoreError> {
        self.remove_feed_keep_subscriptions(node)?;
        self.drop_subscriptions(node)
    }

    /// [`remove_feed`](Self::remove_feed) but for the subscriptions (and a pending deletion
    /// announcement, which needs them).
    pub(super) fn remove_feed_keep_subscriptions(&self, node: &str) -> Result<(), StoreError> {
        {
            let _turn = self.cache.writer();
            self.feeds.remove(node.as_bytes())?;
            self.cache.untouch(node);
            self.cache.write().remove(node);
        }
        self.drop_node_items(node)?;
        for k in self.affiliations.scan_prefix(prefix(node)).keys() {
            self.affiliations.remove(k?)?;
        }
        for r in self.outbox.iter() {
            let (k, v) = r?;
            let job: OutboxJob = decode(&k, &v)?;
            if job.node == node && !matches!(job.event, super::outbox::Event::Delete { .. }) {
                self.outbox.remove(k)?;
            }
        }
        self.unfollowed.remove(node.as_bytes())?;
        self.node_options.remove(node.as_bytes())?;
        self.node_changed.remove(node.as_bytes())?;
        self.drop_node_backlog(node)?;
        self.drop_avatar(node)?;
        Ok(())
    }
}
