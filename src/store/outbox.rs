//! The delivery outbox: one job per item to announce, with a cursor over its subscribers.

use serde::{Deserialize, Serialize};

use super::codec::*;
use super::{Store, StoreError};

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
    fn is_item(&self) -> bool {
        *self == Event::Item
    }
}

impl Store {
    /// Up to `limit` pending deliveries, oldest first.
    pub fn jobs(&self, limit: usize) -> Result<Vec<OutboxJob>, StoreError> {
        self.outbox
            .iter()
            .take(limit)
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }

    /// Record that every subscriber up to `after` has been handed the item.
    pub fn advance_job(&self, job: &OutboxJob, after: &str) -> Result<(), StoreError> {
        let mut j = job.clone();
        j.after = Some(after.to_owned());
        self.outbox.insert(job.key.to_be_bytes(), encode(&j))?;
        Ok(())
    }

    /// Remove a job that is done. A deletion's subscriptions go with it: everybody was told.
    pub fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError> {
        if matches!(job.event, Event::Delete { .. }) && self.feed(&job.node)?.is_none() {
            self.drop_subscriptions(&job.node)?;
        }
        self.outbox.remove(job.key.to_be_bytes())?;
        Ok(())
    }

    /// Queue an announcement that needs no item (retraction, purge, deletion).
    pub(super) fn queue_event(&self, node: &str, event: Event) -> Result<(), StoreError> {
        let key = self.db.generate_id()? << 16;
        let job = OutboxJob {
            key,
            node: node.to_owned(),
            item_seq: 0,
            update: false,
            after: None,
            event,
        };
        self.outbox.insert(key.to_be_bytes(), encode(&job))?;
        Ok(())
    }

    /// Jobs waiting (a count of the outbox's keys).
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }
}
