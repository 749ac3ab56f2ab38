//! The delivery outbox (`outbox`): one row per announcement, oldest key first, with the cursor
//! over its subscribers.

use std::collections::BTreeMap;

use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use super::feeds::drop_subscriptions;
use super::{db_num, num, PgStore, Prepared, StoreError};
use crate::model::{Event, OutboxJob};

/// A job as [`read_job`] reads it.
pub(super) const JOB: &str =
    "SELECT key, node, item_seq, is_update, after_jid, kind, retracted, redirect FROM outbox";

pub(super) fn read_job(r: &Row) -> Result<OutboxJob, StoreError> {
    let key: i64 = r.get(0);
    let kind: String = r.get(5);
    let event = match kind.as_str() {
        "item" => Event::Item,
        "retract" => Event::Retract {
            id: r.get::<_, Option<String>>(6).unwrap_or_default(),
        },
        "purge" => Event::Purge,
        "delete" => Event::Delete { redirect: r.get(7) },
        other => {
            return Err(StoreError::Task(format!(
                "outbox: job {key} has an unknown kind {other:?}"
            )))
        }
    };
    Ok(OutboxJob {
        key: num(key),
        node: r.get(1),
        item_seq: num(r.get(2)),
        update: r.get(3),
        after: r.get(4),
        event,
    })
}

/// A new number from the sequence `numbers` (never reused), with 16 low bits free: items'
/// numbers and the keys of jobs without an item.
pub(super) async fn next_number(c: &impl GenericClient) -> Result<u64, StoreError> {
    let n: i64 = c.row("SELECT nextval('numbers')", &[]).await?.get(0);
    Ok(num(n) << 16)
}

/// Write the jobs of items (keyed by their numbers: a pending job for an item is replaced by
/// an update's, never doubled, and starts again from the first subscriber).
pub(super) async fn upsert_item_jobs(
    c: &impl GenericClient,
    node: &str,
    jobs: &BTreeMap<u64, bool>,
) -> Result<(), StoreError> {
    if jobs.is_empty() {
        return Ok(());
    }
    let keys: Vec<i64> = jobs.keys().map(|k| db_num(*k)).collect();
    let updates: Vec<bool> = jobs.values().copied().collect();
    c.run(
        "INSERT INTO outbox (key, node, item_seq, is_update, after_jid, kind) \
         SELECT k, $1, k, u, NULL, 'item' FROM unnest($2::bigint[], $3::bool[]) AS t(k, u) \
         ON CONFLICT (key) DO UPDATE SET node = EXCLUDED.node, item_seq = EXCLUDED.item_seq, \
         is_update = EXCLUDED.is_update, after_jid = NULL, kind = 'item', retracted = NULL, \
         redirect = NULL",
        &[&node, &keys, &updates],
    )
    .await?;
    Ok(())
}

/// Queue an announcement that needs no item (retraction, purge, deletion), keyed by a new
/// number.
pub(super) async fn queue_event(
    c: &impl GenericClient,
    node: &str,
    event: &Event,
) -> Result<(), StoreError> {
    let key = db_num(next_number(c).await?);
    let (kind, retracted, redirect) = match event {
        Event::Item => ("item", None, None),
        Event::Retract { id } => ("retract", Some(id.as_str()), None),
        Event::Purge => ("purge", None, None),
        Event::Delete { redirect } => ("delete", None, redirect.as_deref()),
    };
    c.run(
        "INSERT INTO outbox (key, node, item_seq, is_update, after_jid, kind, retracted, \
         redirect) VALUES ($1, $2, 0, false, NULL, $3, $4, $5)",
        &[&key, &node, &kind, &retracted, &redirect],
    )
    .await?;
    Ok(())
}

impl PgStore {
    /// The oldest `limit` jobs; one of a cluster reads only the parts of the outbox it holds
    /// (none: nothing).
    pub(super) fn jobs(&self, limit: usize) -> Result<Vec<OutboxJob>, StoreError> {
        let limit = db_num(limit as u64);
        let parts = self.outbox_parts();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let rows = match parts {
                None => {
                    c.rows(&format!("{JOB} ORDER BY key LIMIT $1") as &str, &[&limit])
                        .await?
                }
                Some(parts) if parts.is_empty() => Vec::new(),
                Some(parts) => {
                    c.rows(
                        &format!("{JOB} WHERE part = ANY($2) ORDER BY key LIMIT $1") as &str,
                        &[&limit, &parts],
                    )
                    .await?
                }
            };
            rows.iter().map(read_job).collect()
        })
    }

    pub(super) fn advance_job(&self, job: &OutboxJob, after: &str) -> Result<(), StoreError> {
        let (key, after) = (db_num(job.key), after.to_owned());
        self.call(move |pool| async move {
            let c = pool.get().await?;
            c.run(
                "UPDATE outbox SET after_jid = $2 WHERE key = $1",
                &[&key, &after],
            )
            .await?;
            Ok(())
        })
    }

    pub(super) fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError> {
        let (key, node) = (db_num(job.key), job.node.clone());
        let deletion = matches!(job.event, Event::Delete { .. });
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            if !deletion {
                c.run("DELETE FROM outbox WHERE key = $1", &[&key]).await?;
                return Ok(());
            }
            // A deletion's last step: the subscriptions go with the job, unless the node was
            // made again meanwhile.
            let tx = c.transaction().await?;
            let gone: bool = tx
                .row(
                    "SELECT NOT EXISTS (SELECT 1 FROM feeds WHERE node = $1)",
                    &[&node],
                )
                .await?
                .get(0);
            if gone {
                drop_subscriptions(&tx, &node).await?;
            }
            tx.run("DELETE FROM outbox WHERE key = $1", &[&key]).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Jobs finished together: those of items in one statement, deletions each on its own.
    pub(super) fn finish_jobs(&self, jobs: &[OutboxJob]) -> Result<(), StoreError> {
        let (deletions, plain): (Vec<&OutboxJob>, Vec<&OutboxJob>) = jobs
            .iter()
            .partition(|j| matches!(j.event, Event::Delete { .. }));
        if !plain.is_empty() {
            let keys: Vec<i64> = plain.iter().map(|j| db_num(j.key)).collect();
            self.call(move |pool| async move {
                let c = pool.get().await?;
                c.run("DELETE FROM outbox WHERE key = ANY($1)", &[&keys])
                    .await?;
                Ok(())
            })?;
        }
        deletions.into_iter().try_for_each(|j| self.finish_job(j))
    }

    pub(super) fn outbox_len(&self) -> usize {
        self.count("outbox_len", "SELECT count(*) FROM outbox", Vec::new())
    }
}
