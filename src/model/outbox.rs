//! Outbox jobs: one announcement (an item, a retraction, a purge, a deletion) on its way to a
//! node's subscribers, with the cursor over them.

use serde::{Deserialize, Serialize};

/// A pending delivery: item `item_seq` of `node` to every subscriber of the node whose JID sorts
/// after `after` (the last one already handed to the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxJob {
    /// Its key in the outbox (order of creation).
    pub key: u64,
    /// The node of the item.
    pub node: String,
    /// The item's sequence number in its node.
    pub item_seq: u64,
    /// Also pushed for an updated entry (not only new ones).
    pub update: bool,
    /// The last subscriber (bare JID) already handed a notification; None before the first.
    pub after: Option<String>,
    /// What the subscribers hear of: an item (the default), or a retraction, purge or
    /// deletion.
    #[serde(default, skip_serializing_if = "Event::is_item")]
    pub event: Event,
}

/// What an outbox job announces.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Item `item_seq` was published (or updated).
    #[default]
    Item,
    /// The item with this id was retracted (XEP-0060 §7.2.2.1).
    Retract {
        /// Its id.
        id: String,
    },
    /// Every item of the node was purged (§8.5.2).
    Purge,
    /// The node was deleted (§8.4.2); its subscriptions go once everybody was told.
    Delete {
        /// Where its subscribers may go instead.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        redirect: Option<String>,
    },
}

impl Event {
    /// Whether this announces an item.
    pub fn is_item(&self) -> bool {
        *self == Event::Item
    }
}
