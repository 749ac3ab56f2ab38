//! The store as the pubsub core sees it: [`State`] answered from the store, and the core's
//! [`Change`]s applied to it.

use std::sync::Arc;

use crate::model::{Affiliation, Avatar, FeedState, StoredItem, Subscription};

use crate::store::{Store, StoreError};
use crate::xmpp::pubsub::{Change, State, StateError};

/// A store error as the core sees it: a store out of reach is one to try again shortly.
fn state_err(e: StoreError) -> StateError {
    if e.is_unavailable() {
        StateError::away(e)
    } else {
        StateError::new(e)
    }
}

impl State for Arc<dyn Store> {
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StateError> {
        Store::feed(&**self, node).map_err(state_err)
    }
    fn feed_by_url(&self, url: &str) -> Result<Option<FeedState>, StateError> {
        Ok(Store::feed_by_url(&**self, url))
    }
    fn feeds_shown_as(&self, shown: &str) -> Result<Vec<FeedState>, StateError> {
        Ok(Store::feeds_shown_as(&**self, shown))
    }
    fn feed_folded(&self, node: &str) -> Result<Option<FeedState>, StateError> {
        Ok(Store::feed_folded(&**self, node))
    }
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Result<Vec<FeedState>, StateError> {
        Ok(Store::feeds_page(&**self, after, skip, limit, users))
    }
    fn feed_count(&self, users: bool) -> usize {
        Store::feed_count(&**self, users)
    }
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StateError> {
        Store::subscription(&**self, node, jid).map_err(state_err)
    }
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StateError> {
        Store::subscriptions_of(&**self, jid).map_err(state_err)
    }
    fn subscriber_count(&self, node: &str) -> usize {
        Store::subscriber_count(&**self, node)
    }
    fn domain_subscriptions(&self, domain: &str) -> usize {
        Store::domain_subscriptions(&**self, domain)
    }
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StateError> {
        Store::subscribed_nodes(&**self, jid, limit).map_err(state_err)
    }
    fn is_subscriber(&self, jid: &str) -> Result<bool, StateError> {
        Store::is_subscriber(&**self, jid).map_err(state_err)
    }
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StateError> {
        Store::user_feed_slots(&**self, jid).map_err(state_err)
    }
    fn user_feed_count(&self) -> Result<usize, StateError> {
        Store::user_feed_count(&**self).map_err(state_err)
    }
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StateError> {
        Store::items(&**self, node, limit, before).map_err(state_err)
    }
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StateError> {
        Store::item(&**self, node, id).map_err(state_err)
    }
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StateError> {
        Store::item_hash(&**self, node, id).map_err(state_err)
    }
    fn stats(&self) -> Result<crate::model::Stats, StateError> {
        Store::stats(&**self).map_err(state_err)
    }
    fn items_changed(&self, node: &str) -> Result<Option<i64>, StateError> {
        Store::items_changed(&**self, node).map_err(state_err)
    }
    fn item_count(&self, node: &str) -> usize {
        Store::item_count(&**self, node)
    }
    fn avatar(&self, node: &str) -> Result<Option<Avatar>, StateError> {
        Store::avatar(&**self, node).map_err(state_err)
    }
    fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StateError> {
        Store::affiliation(&**self, node, jid).map_err(state_err)
    }
    fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StateError> {
        Store::affiliations(&**self, node).map_err(state_err)
    }
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StateError> {
        Store::subscribers(&**self, node, after, limit).map_err(state_err)
    }
}

/// Apply one change of the core to the store (not yet flushed).
pub(crate) fn apply(
    store: &Arc<dyn Store>,
    change: &Change,
    backlog_max: usize,
) -> Result<(), StoreError> {
    match change {
        Change::PutSubscription(sub) => store.put_subscription(sub),
        Change::Unsubscribe { node, jid } => store.unsubscribe(node, jid).map(|_| ()),
        Change::MarkFollowed { node, at_ms } => store.mark_followed(node, *at_ms),
        Change::AddFeed(state) => store.ensure_feed((**state).clone()).map(|_| ()),
        Change::AdoptFeed(state) => store.put_feed(state),
        Change::RemoveFeed(node) => {
            crate::telemetry::forget(node);
            store.remove_feed(node)
        }
        Change::Publish {
            node,
            entry,
            max_items,
            announce,
            polled,
        } => store
            .publish(
                node,
                entry,
                crate::clock::now_ms(),
                *max_items,
                *announce,
                *polled,
            )
            .map(|p| {
                if matches!(p, crate::model::Published::New(_)) {
                    crate::telemetry::items_new(1);
                    crate::telemetry::published(node, crate::clock::now_ms());
                }
            }),
        Change::Retract {
            node,
            id,
            notify,
            polled,
        } => store
            .retract(node, id, *notify, *polled, crate::clock::now_ms())
            .map(|_| ()),
        Change::Purge {
            node,
            notify,
            polled,
        } => store
            .purge(node, *notify, *polled, crate::clock::now_ms())
            .map(|_| ()),
        Change::CreateNode(state) => store.ensure_feed((**state).clone()).map(|_| ()),
        Change::ConfigureNode(state) => {
            store.set_node_options(&state.node, &state.options)?;
            store.put_feed(state)
        }
        Change::DeleteNode {
            node,
            notify,
            redirect,
        } => {
            crate::telemetry::forget(node);
            store.delete_node(node, *notify, redirect.clone())
        }
        Change::SetAffiliation {
            node,
            jid,
            affiliation,
        } => store.set_affiliation(node, jid, *affiliation),
        Change::Hold { jid, node, seq } => match store.item_by_seq(node, *seq)? {
            Some(item) => store.hold(jid, node, &item, crate::clock::now_ms(), backlog_max),
            None => Ok(()),
        },
    }
}
