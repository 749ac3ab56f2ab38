//! Feeds: their state (URL, validators, health, schedule) and the life cycle of user-added
//! feeds (caps, idle marks, removal with everything stored for them).

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::{FeedState, NodeOptions, OutboxJob};

impl SledStore {
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
            if job.node == node && !matches!(job.event, crate::model::Event::Delete { .. }) {
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
