//! The seam between the protocol core and the store: the read-only [`State`] the core asks,
//! the [`Change`]s it returns instead of writing, and the [`Output`] of handling one stanza.
//! The shell (`app`) answers [`State`] from the store, applies the changes in order and
//! sends the stanzas; the core's tests answer it from memory.

use xmpp_parsers::stanza::Stanza;

use crate::model::Entry;
use crate::model::{Affiliation, Announce, Avatar, FeedState, StoredItem, Subscription};

/// The state could not be read (the store failed); the request is answered with
/// `internal-server-error`, or `resource-constraint` when the store is out of reach for a
/// while, both of type `wait`: it may be retried.
#[derive(Debug, thiserror::Error)]
#[error("stored state unavailable: {source}")]
pub struct StateError {
    source: Box<dyn std::error::Error + Send + Sync>,
    away: bool,
}

impl StateError {
    /// Wrap whatever the state's owner failed with.
    pub fn new(source: impl std::error::Error + Send + Sync + 'static) -> StateError {
        StateError {
            source: Box::new(source),
            away: false,
        }
    }

    /// The state's owner is out of reach for now (a database restarting): try again shortly.
    pub fn away(source: impl std::error::Error + Send + Sync + 'static) -> StateError {
        StateError {
            source: Box::new(source),
            away: true,
        }
    }

    /// Whether the state's owner is out of reach for now.
    pub fn is_away(&self) -> bool {
        self.away
    }
}

/// What the core may read. Every call reflects the changes applied so far (the shell applies
/// a stanza's changes before it hands the core the next stanza).
pub trait State {
    /// One feed.
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StateError>;
    /// The feed whose URL normalises to `url` (normalised already, as
    /// [`crate::net::normalize_url`] writes it); the first by node when several do.
    fn feed_by_url(&self, url: &str) -> Result<Option<FeedState>, StateError>;
    /// The service's own feeds (not user-added) whose redacted URL ([`crate::net::redact_str`])
    /// is `shown`, by node.
    fn feeds_shown_as(&self, shown: &str) -> Result<Vec<FeedState>, StateError>;
    /// The feed whose node is `node` but for ASCII case; the first by node when several are.
    fn feed_folded(&self, node: &str) -> Result<Option<FeedState>, StateError>;
    /// A page of feeds by node: after `after` (or from the first), the first `skip` of them
    /// left out, at most `limit`; user-added feeds only when `users`.
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Result<Vec<FeedState>, StateError>;
    /// Feeds on the service (kept counted); user-added ones only when `users`.
    fn feed_count(&self, users: bool) -> usize;
    /// One subscription.
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StateError>;
    /// The subscriptions of one bare JID, ordered by node.
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StateError>;
    /// Subscribers of a node.
    fn subscriber_count(&self, node: &str) -> usize;
    /// Subscriptions held by bare JIDs of `domain`, all nodes (kept counted: no scan).
    fn domain_subscriptions(&self, domain: &str) -> usize;
    /// The first `limit` nodes a bare JID follows, in order (a cost that grows with `limit`,
    /// not with the JID's subscriptions).
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StateError>;
    /// Whether a bare JID follows any node.
    fn is_subscriber(&self, jid: &str) -> Result<bool, StateError>;
    /// The slots a JID uses under the per-user cap of user-added feeds (not read from the
    /// JID's subscriptions: its cost does not grow with them).
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StateError>;
    /// User-added feeds on the service.
    fn user_feed_count(&self) -> Result<usize, StateError>;
    /// Up to `limit` items of a node, newest first, older than `before` (a sequence number).
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StateError>;
    /// One item by id.
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StateError>;
    /// The content hash of an item, without reading the item.
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StateError>;
    /// When a node's items last changed (Unix ms), if known.
    fn items_changed(&self, node: &str) -> Result<Option<i64>, StateError>;
    /// Counts for operators.
    fn stats(&self) -> Result<crate::model::Stats, StateError>;
    /// Items of a node.
    fn item_count(&self, node: &str) -> usize;
    /// A node's avatar, if it has one.
    fn avatar(&self, node: &str) -> Result<Option<Avatar>, StateError>;
    /// A JID's stored affiliation with a node (not counting admins and the file's publishers).
    fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StateError>;
    /// Every stored affiliation of a node.
    fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StateError>;
    /// Subscribers of a node after `after`, at most `limit`, by JID.
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StateError>;
}

/// Feeds read at once by [`each_feed`].
pub const LISTING_PAGE: usize = 1_000;

/// Every feed, page by page ([`State::feeds_page`]), user-added ones only when `users`: for
/// operators' listings of everything (the status page, the admin API's list and OPML export),
/// never for a request that needs one feed.
pub fn each_feed<E: From<StateError>>(
    st: &dyn State,
    users: bool,
    mut f: impl FnMut(FeedState) -> Result<(), E>,
) -> Result<(), E> {
    let mut after: Option<String> = None;
    loop {
        let page = st.feeds_page(after.as_deref(), 0, LISTING_PAGE, users)?;
        let done = page.len() < LISTING_PAGE;
        after = page.last().map(|f| f.node.clone());
        for feed in page {
            f(feed)?;
        }
        if done {
            return Ok(());
        }
    }
}

/// A state change the core asks for; the shell applies them in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Store this subscription (new, or with changed options).
    PutSubscription(Subscription),
    /// Remove one subscription.
    Unsubscribe {
        /// The node.
        node: String,
        /// The bare JID.
        jid: String,
    },
    /// Note whether the node is followed now (starts or stops a user feed's idle clock).
    MarkFollowed {
        /// The node.
        node: String,
        /// Unix ms.
        at_ms: i64,
    },
    /// Make an existing feed an operator's (from a user's, or back from removed or gone),
    /// fetched anew: its state is stored as given and it is scheduled.
    AdoptFeed(Box<FeedState>),
    /// Add a user feed (and schedule it once durable).
    AddFeed(Box<FeedState>),
    /// Remove a feed with everything stored for it (and stop polling it).
    RemoveFeed(String),
    /// Publish one entry to a node (see `Store::publish`).
    Publish {
        /// The node.
        node: String,
        /// The entry; its id is the item id.
        entry: Box<Entry>,
        /// Items kept.
        max_items: usize,
        /// Which outcomes are announced.
        announce: Announce,
        /// The node is also polled (its seen ids matter).
        polled: bool,
    },
    /// Retract one item.
    Retract {
        /// The node.
        node: String,
        /// The item id.
        id: String,
        /// Subscribers are told.
        notify: bool,
        /// The node is also polled (it keeps the id as seen).
        polled: bool,
    },
    /// Remove every item of a node.
    Purge {
        /// The node.
        node: String,
        /// Subscribers are told.
        notify: bool,
        /// The node is also polled (it keeps its seen ids).
        polled: bool,
    },
    /// Create a push-only node (its creator's owner affiliation is a change of its own).
    CreateNode(Box<FeedState>),
    /// Store a node's new configuration (title, description, options).
    ConfigureNode(Box<FeedState>),
    /// Delete a node; its subscribers are told, then their subscriptions go.
    DeleteNode {
        /// The node.
        node: String,
        /// Subscribers are told.
        notify: bool,
        /// Where they may go instead.
        redirect: Option<String>,
    },
    /// Set (or remove) a JID's affiliation with a node.
    SetAffiliation {
        /// The node.
        node: String,
        /// The bare JID.
        jid: String,
        /// The new affiliation; None removes it.
        affiliation: Option<Affiliation>,
    },
    /// Keep item `seq` of `node` in `jid`'s backlog, to be sent again later (a notification
    /// that bounced for a reason that may pass).
    Hold {
        /// The subscriber.
        jid: String,
        /// The node.
        node: String,
        /// The item.
        seq: u64,
    },
}

/// A stanza to send.
#[derive(Debug)]
pub enum Outgoing {
    /// Sent as it is.
    Now(Box<Stanza>),
    /// What follows a change (its acknowledgement, presence that announces it): sent once
    /// the stanza's changes are applied and on disk; when they cannot be, `failed` (an error
    /// answer), if any, is sent instead.
    Durable {
        /// Sent when the changes are durable.
        ok: Box<Stanza>,
        /// Sent when they are not.
        failed: Option<Box<Stanza>>,
    },
}

/// What handling one stanza came to.
#[derive(Debug, Default)]
pub struct Output {
    /// State changes, to apply in order before any stanza of this output is sent.
    pub changes: Vec<Change>,
    /// Stanzas to send, in order.
    pub send: Vec<Outgoing>,
    /// Bare JIDs of subscribers that are available now: what their backlog holds can go.
    pub back: Vec<String>,
    /// Web addresses to look at for a feed (the `subscribe` command with a new URL); the
    /// shell fetches each and hands the result to [`super::Service::discovered`].
    pub discover: Vec<Discover>,
    /// Messages to forward to a node's callback; the shell POSTs each and sends the reply
    /// ([`super::Shared::callback_reply`]).
    pub callbacks: Vec<super::CallbackRequest>,
}

/// A web address a user asked to follow, to be fetched before anything is added.
#[derive(Debug, Clone, PartialEq)]
pub struct Discover {
    /// Who asked (full JID: the answer goes there).
    pub from: xmpp_parsers::jid::Jid,
    /// The address as given.
    pub url: String,
}

/// What fetching a [`Discover`] address showed.
#[derive(Debug, Clone, PartialEq)]
pub enum Discovery {
    /// The address is a feed.
    Feed,
    /// A web page linking to these feeds (title, absolute URL); maybe none.
    Page(Vec<(String, String)>),
    /// It could not be fetched, or is neither a feed nor a web page.
    Failed(String),
}
