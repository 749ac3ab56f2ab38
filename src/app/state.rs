//! The store as the pubsub core sees it: [`State`] answered from the store, and the core's
//! [`Change`]s applied to it.

use crate::store::{FeedState, Store, StoreError, StoredItem, Subscription};
use crate::xmpp::pubsub::{Change, State};

impl State for Store {
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
        Store::feed(self, node)
    }
    fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        Store::feeds(self)
    }
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError> {
        Store::subscription(self, node, jid)
    }
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
        Store::subscriptions_of(self, jid)
    }
    fn subscriber_count(&self, node: &str) -> usize {
        Store::subscriber_count(self, node)
    }
    fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
        Store::is_subscriber(self, jid)
    }
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
        Store::user_feed_slots(self, jid)
    }
    fn user_feed_count(&self) -> Result<usize, StoreError> {
        Store::user_feed_count(self)
    }
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StoreError> {
        Store::items(self, node, limit, before)
    }
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
        Store::item(self, node, id)
    }
    fn item_count(&self, node: &str) -> usize {
        Store::item_count(self, node)
    }
}

/// Apply one change of the core to the store (not yet flushed).
pub(crate) fn apply(store: &Store, change: &Change) -> Result<(), StoreError> {
    match change {
        Change::PutSubscription(sub) => store.put_subscription(sub),
        Change::Unsubscribe { node, jid } => store.unsubscribe(node, jid).map(|_| ()),
        Change::MarkFollowed { node, at_ms } => store.mark_followed(node, *at_ms),
        Change::AddFeed(state) => store.ensure_feed((**state).clone()).map(|_| ()),
        Change::RemoveFeed(node) => store.remove_feed(node),
    }
}
