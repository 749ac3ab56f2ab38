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

    /// Remove a job that is done.
    pub fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError> {
        self.outbox.remove(job.key.to_be_bytes())?;
        Ok(())
    }

    /// Whether no job waits.
    pub fn outbox_is_empty(&self) -> bool {
        self.outbox.is_empty()
    }
}
