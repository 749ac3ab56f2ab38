//! The delivery outbox: one job per item to announce, with a cursor over its subscribers.

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::{Event, OutboxJob};

impl SledStore {
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
        let key = self.next_number()?;
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
